//! `/tien-do/:id/bao-cao-chi-tieu`: the province officer records what an
//! agency reported on a target of the plan the data does not measure (staff
//! cut, departments and schools merged, the yearly reports sent): the figure,
//! the day it counts to, the agency, who signed and the document. Saved on the
//! device with its outbox entry like any record; the server checks it by the
//! same domain function; every device pulls it and the dashboard reads it.

use crate::clock::{now, today};
use crate::components::form_field::{FormField, InputKind};
use crate::components::form_state::FormState;
use crate::i18n::Lang;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use domain::forms::TargetReportForm;
use domain::progress::plan_targets;
use domain::sync::{RecordType, may_write};
use domain::{Field, OfficerId};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn TargetReportPage() -> impl IntoView {
    let lang = Lang::expect();
    let store = DeviceStore::expect();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let navigate = use_navigate();
    let params = use_params_map();
    let query = use_query_map();
    let targets = StoredValue::new(plan_targets());
    let offered: Vec<(String, domain::Bilingual)> = targets.with_value(|targets| {
        TargetReportForm::targets(targets)
            .into_iter()
            .map(|target| (target.id.clone(), target.description.clone()))
            .collect()
    });
    let chosen = untrack(|| query.read().get("chi-tieu"))
        .filter(|id| offered.iter().any(|(offered, _)| offered == id))
        .or_else(|| offered.first().map(|(id, _)| id.clone()))
        .unwrap_or_default();
    let agency_of = move |id: &str| {
        targets.with_value(|targets| {
            targets
                .iter()
                .find(|target| target.id == id)
                .map(|target| target.agency.vi.clone())
                .unwrap_or_default()
        })
    };
    let target_id = RwSignal::new(chosen.clone());
    let figure = RwSignal::new(String::new());
    let as_of = RwSignal::new(today().format("%d/%m/%Y").to_string());
    let agency = RwSignal::new(agency_of(&chosen));
    let reported_by = RwSignal::new(String::new());
    let evidence = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    // The report as typed, made with the id and officer it is saved under.
    let read = move |id: uuid::Uuid, by: OfficerId| {
        let form = TargetReportForm {
            target_id: target_id.get(),
            figure: figure.get(),
            as_of: as_of.get(),
            agency: agency.get(),
            reported_by: reported_by.get(),
            evidence: evidence.get(),
            notes: notes.get(),
        };
        targets.with_value(|targets| form.read(id, targets, by, now(), today()))
    };
    let form = FormState::new(move || {
        read(uuid::Uuid::nil(), OfficerId(uuid::Uuid::nil()))
            .err()
            .unwrap_or_default()
    });
    let problem = RwSignal::new(None::<String>);
    form.clear_when_valid(problem);
    let busy = RwSignal::new(false);
    let may_record = move || {
        session
            .get()
            .is_some_and(|signed| may_write(signed.role, RecordType::TargetReport, None))
    };
    let back = move || {
        params
            .read()
            .get("id")
            .map_or_else(|| "/".to_owned(), |id| format!("/tien-do/{id}"))
    };
    let officer = move || session.get().map(|signed| OfficerId(signed.officer_id));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        problem.set(None);
        let (by, open) = match form.ready_to_save(officer(), store, lang) {
            Ok(ready) => ready,
            Err(text) => {
                problem.set(Some(text));
                return;
            }
        };
        let Ok(report) = untrack(|| read(uuid::Uuid::now_v7(), by)) else {
            return;
        };
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = open.save(&report, by, now(), None).await;
            busy.set(false);
            match saved {
                Ok(_) => {
                    store.changed();
                    let path = untrack(back);
                    flash.set_for(&path, untrack(|| lang.t("target_report.saved")));
                    navigate(&path, Default::default());
                }
                Err(error) => problem.set(Some(error.message(crate::i18n::current()))),
            }
        });
    };
    let on_target = move |event| {
        let id = event_target_value(&event);
        if agency.get_untracked().trim().is_empty() || agency.get_untracked() == agency_of(&target_id.get_untracked()) {
            agency.set(agency_of(&id));
        }
        target_id.set(id);
    };
    view! {
        <section class="panel form-page" data-testid="target-report">
            <h1>{move || lang.t("target_report.title")}</h1>
            <p>{move || lang.t("target_report.intro")}</p>
            {move || if may_record() {
                view! {
                    <form on:submit=submit.clone() novalidate data-testid="target-report-form">
                        <div class="form-field">
                            <label for="target-report-target">{move || lang.t("target_report.target")}</label>
                            <select id="target-report-target" data-testid="target-report-target" on:change=on_target>
                                {offered.iter().map(|(id, description)| {
                                    let description = description.clone();
                                    let selected = *id == chosen;
                                    view! { <option value=id.clone() selected=selected>{move || lang.pick(&description)}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <FormField id="target-report-figure" label="target_report.figure" field=Field::Figure value=figure form kind=InputKind::Count hint="target_report.figure_hint"/>
                        <FormField id="target-report-as-of" label="target_report.as_of" field=Field::AsOf value=as_of form kind=InputKind::Date hint="form.date_placeholder"/>
                        <FormField id="target-report-agency" label="target_report.agency" field=Field::Agency value=agency form/>
                        <FormField id="target-report-by" label="target_report.reported_by" field=Field::ReportedBy value=reported_by form/>
                        <FormField id="target-report-evidence" label="target_report.evidence" field=Field::Evidence value=evidence form hint="target_report.evidence_hint"/>
                        <FormField id="target-report-notes" label="target_report.notes" field=Field::Notes value=notes form/>
                        <button type="submit" data-testid="save" disabled=move || busy.get()>{move || lang.t("app.save")}</button>
                        {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="form-problem">{text}</p> })}
                    </form>
                }.into_any()
            } else {
                view! { <p class="note" data-testid="target-report-province-only">{move || lang.t("target_report.province_only")}</p> }.into_any()
            }}
            <p class="no-print"><a href=back data-testid="back-to-dashboard">{move || lang.t("target_report.back")}</a></p>
        </section>
    }
}
