//! What the reviewer asked to change, on a proposal returned for changes:
//! the comment, who returned it and when. Nothing while it is not returned.

use crate::i18n::Lang;
use domain::format::moment_vi;
use domain::proposal::Proposal;
use leptos::prelude::*;

#[component]
pub fn ReturnedComment(proposal: Proposal) -> impl IntoView {
    let lang = Lang::expect();
    proposal.returned_with().map(|decision| {
        let comment = decision.comment.clone().unwrap_or_default();
        let role = decision.role.label();
        let when = moment_vi(decision.at);
        view! {
            <div class="panel notice" role="note" data-testid="returned-comment">
                <p><strong>{move || lang.t("proposal.returned_because")}</strong></p>
                <p data-testid="returned-text">{comment}</p>
                <p class="muted">{move || format!("{} — {when}", lang.pick(&role))}</p>
            </div>
        }
    })
}
