//! `/de-an/:id/sua`: a saved draft, or a proposal returned for changes,
//! opened in the merger wizard with what it says, the comment that returned
//! it first; saved again as the same record, or sent on. Works offline.

use crate::i18n::Lang;
use crate::pages::proposal_wizard::ProposalWizard;
use crate::pages::unit_page::route_unit_id;
use crate::proposal_data::ProposalData;
use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use domain::Unit;
use domain::proposal::Proposal;
use leptos::prelude::*;

/// The commune whose villages a village proposal rearranges.
fn commune_of(proposal: &Proposal, data: &ProposalData) -> Option<Unit> {
    let village = proposal.involved_units().into_iter().next()?;
    let commune = data.unit(village)?.parent_id?;
    data.unit(commune).cloned()
}

#[component]
pub fn EditProposalPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let session = SessionState::expect();
    let lang = Lang::expect();
    let id = route_unit_id();
    let loaded = LocalResource::new(move || {
        let open = store.get();
        let id = id.get();
        async move {
            let (Some(open), Some(id)) = (open, id) else {
                return None;
            };
            ProposalData::with_proposal(&open, id).await
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
            {move || loaded.get().map(|found| {
                let Some((proposal, data)) = found else {
                    return view! { <p class="error" role="alert">{move || lang.t("proposal.missing")}</p> }.into_any();
                };
                let back = format!("/de-an/{}", proposal.id);
                let role = session.current().map(|signed| signed.role);
                let refusal = if domain::forms::VillageMergerForm::of(&proposal).is_none() {
                    Some(lang.t("edit_proposal.not_a_village_merger"))
                } else if !role.is_some_and(|role| proposal.editable_by(role)) {
                    Some(lang.t_with("edit_proposal.not_editable", &[("status", &lang.pick(&proposal.status.label()))]))
                } else {
                    None
                };
                match (refusal, commune_of(&proposal, &data)) {
                    (None, Some(commune)) => view! { <ProposalWizard commune data editing=proposal/> }.into_any(),
                    (refusal, _) => {
                        let text = refusal.unwrap_or_else(|| lang.t("form.commune_missing"));
                        view! {
                            <section class="panel">
                                <p class="error" role="alert" data-testid="not-editable">{text}</p>
                                <a class="button button-secondary" href=back>{move || lang.t("edit_proposal.back")}</a>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
