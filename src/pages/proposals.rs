//! `/de-an`: the proposals on the device — first those waiting for the
//! signed-in officer's step, then all, newest change first.

use crate::components::list_downloads::ListDownloads;
use crate::components::proposal_status::ProposalStatusBadge;
use crate::pages::proposal_page::steps_for;
use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use domain::OfficerId;
use domain::format::moment_vi;
use domain::proposal::Proposal;
use leptos::prelude::*;

fn row(proposal: Proposal) -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    let names = proposal
        .sources
        .iter()
        .map(|source| source.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let action = proposal.action.label();
    view! {
        <li class="unit-row" data-testid="proposal-row">
            <a class="unit-link" href=format!("/de-an/{}", proposal.id)>
                <span class="unit-name">{move || format!("{}: {names}", lang.pick(&action))}</span>
                <span class="unit-count">{moment_vi(proposal.meta.updated_at)}</span>
            </a>
            <ProposalStatusBadge proposal=proposal.clone()/>
        </li>
    }
}

#[component]
pub fn ProposalsPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let session = SessionState::expect();
    let lang = crate::i18n::Lang::expect();
    let proposals = LocalResource::new(move || {
        store.changes();
        let open = store.get();
        async move {
            match open {
                Some(open) => open
                    .proposals()
                    .await
                    .map_err(|error| error.message(crate::i18n::current())),
                None => Ok(Vec::new()),
            }
        }
    });
    view! {
        <section data-testid="proposals">
            <h1>{move || lang.t("proposals.title")}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
                {move || proposals.get().map(|found| match found {
                    Ok(all) => {
                        let signed = session.get();
                        let waiting: Vec<Proposal> = all
                            .iter()
                            .filter(|proposal| signed.as_ref().is_some_and(|signed| waits_for(proposal, OfficerId(signed.officer_id), signed.role)))
                            .cloned()
                            .collect();
                        view! {
                            <h2>{move || lang.t("proposals.waiting")}</h2>
                            {if waiting.is_empty() {
                                view! { <p class="muted" data-testid="nothing-waiting">{move || lang.t("proposals.nothing_waiting")}</p> }.into_any()
                            } else {
                                view! { <ul class="unit-list" data-testid="waiting">{waiting.into_iter().map(row).collect_view()}</ul> }.into_any()
                            }}
                            <h2>{move || lang.t("proposals.all")}</h2>
                            <ListDownloads sheet=domain::spreadsheet::proposals_sheet(&all, crate::clock::today()) stem="phuong-an"
                                csv_key="proposals.export_csv" xlsx_key="proposals.export_xlsx" testid="export-proposals"/>
                            <ul class="unit-list" data-testid="all-proposals">{all.into_iter().map(row).collect_view()}</ul>
                        }.into_any()
                    }
                    Err(problem) => view! { <p class="error" role="alert">{problem}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// Whether the proposal waits for the officer: a step of it is theirs now
/// (a remark the province may make on any step does not count), or it is
/// their draft, or it came back to them for changes.
fn waits_for(proposal: &Proposal, officer: OfficerId, role: domain::Role) -> bool {
    proposal.waits_for_its_drafter(officer, role)
        || steps_for(proposal, role, true)
            .iter()
            .any(|step| !matches!(step, domain::proposal::Transition::Comment))
}
