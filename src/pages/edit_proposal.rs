//! `/de-an/:id/sua`: a saved draft, or a proposal returned for changes,
//! opened in the merger wizard with what it says, the comment that returned
//! it first; saved again as the same record, or sent on. Works offline.

use crate::i18n::Lang;
use crate::pages::proposal_wizard::ProposalWizard;
use crate::proposal_data::ProposalData;
use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use domain::proposal::Proposal;
use domain::{Unit, UnitLevel};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

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
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|params| params.get("id").and_then(|id| id.parse::<Uuid>().ok())));
    let loaded = LocalResource::new(move || {
        let open = store.get();
        let id = id.get();
        async move {
            let (Some(open), Some(id)) = (open, id) else {
                return None;
            };
            let proposal = open.proposal(id).await.ok()??;
            let data = ProposalData::load(&open).await.ok()?;
            Some((proposal, data))
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
                let refusal = if proposal.level != UnitLevel::Village || domain::forms::VillageMergerForm::of(&proposal).is_none() {
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
