//! `/muc-cua-tinh`: the province's lower figures (NĐ 185/2026/NĐ-CP Điều
//! 10.3). Everyone reads the decree's figures and the province's in force;
//! the province officer records the province's decision (its number, dates
//! and figures for the thôn and tổ dân phố of border communes). It is saved
//! on the device with its outbox entry like any record, the server checks it
//! by the same domain function and every device pulls it.

use crate::clock::{now, today};
use crate::components::form_field::{FormField, InputKind};
use crate::components::form_state::FormState;
use crate::i18n::Lang;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use domain::forms::{ProvinceFiguresForm, border_standard, province_copy_id};
use domain::rules::{RuleBook, RuleSelection, RuleSet, village_standard_in_words};
use domain::sync::{RecordType, may_write};
use domain::{Field, OfficerId, UnitKind, UnitLevel};
use leptos::prelude::*;

/// The decree's rule set in force today that lets the province lower its
/// figures, and the province's copy of it when one is stored.
#[derive(Clone)]
struct Figures {
    base: RuleSet,
    copy: Option<RuleSet>,
}

/// The built-in village rule set of today, when it lets the province lower its figures.
fn decree_in_force() -> Option<RuleSet> {
    let book = RuleBook::built_in();
    let set = book.select(UnitLevel::Village, today(), &RuleSelection::default())?;
    match &set.rules {
        domain::rules::Rules::Village(rules) if rules.province_may_lower => Some(set.clone()),
        _ => None,
    }
}

#[component]
pub fn ProvinceFiguresPage() -> impl IntoView {
    let lang = Lang::expect();
    let store = DeviceStore::expect();
    let figures = LocalResource::new(move || {
        let open = store.get();
        store.changes();
        async move {
            let base = decree_in_force()?;
            let copy = match open {
                Some(open) => open
                    .rule_set_row(&province_copy_id(&base.id).to_string())
                    .await
                    .ok()
                    .flatten()
                    .map(|row| row.record),
                None => None,
            };
            Some(Figures { base, copy })
        }
    });
    view! {
        <section class="panel form-page" data-testid="province-figures">
            <h1>{move || lang.t("figures.title")}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
                {move || figures.get().map(|found| match found {
                    Some(figures) => view! { <FiguresView figures/> }.into_any(),
                    None => view! { <p data-testid="figures-not-lowerable">{move || lang.t("figures.not_lowerable")}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The standards in words, the thôn's and the tổ dân phố's: the ordinary
/// ones, or (`border`) only those the rule set sets for border communes.
fn standards(rule_set: &RuleSet, border: bool) -> Vec<domain::Bilingual> {
    [UnitKind::Village, UnitKind::ResidentialGroup]
        .into_iter()
        .filter(|kind| {
            !border
                || domain::rules::VillageGroup::of(*kind)
                    .is_some_and(|group| border_standard(rule_set, group).is_some())
        })
        .filter_map(|kind| village_standard_in_words(rule_set, kind, border))
        .collect()
}

#[component]
fn FiguresView(figures: Figures) -> impl IntoView {
    let lang = Lang::expect();
    let session = SessionState::expect();
    let may_record = move || {
        session
            .get()
            .is_some_and(|signed| may_write(signed.role, RecordType::RuleSet, None))
    };
    let decree = standards(&figures.base, false);
    let in_force = figures.copy.as_ref().map(|copy| {
        let citation = copy.citation().clone();
        let from = copy.in_force_from.format("%d/%m/%Y").to_string();
        let lowered = standards(copy, true);
        (citation, from, lowered)
    });
    let intro_citation = figures.base.citation().clone();
    view! {
        <p>{move || lang.t_with("figures.intro", &[("decree", &lang.pick(&intro_citation))])}</p>
        <h2>{move || lang.t("figures.decree")}</h2>
        <ul data-testid="figures-decree">
            {decree.into_iter().map(|text| view! { <li>{move || lang.pick(&text)}</li> }).collect_view()}
        </ul>
        <h2>{move || lang.t("figures.in_force")}</h2>
        {match in_force {
            Some((citation, from, lowered)) => view! {
                <div data-testid="figures-in-force">
                    <p>{move || lang.t_with("figures.recorded", &[("document", &lang.pick(&citation)), ("from", &from)])}</p>
                    <ul>
                        {lowered.into_iter().map(|text| view! { <li>{move || lang.pick(&text)}</li> }).collect_view()}
                    </ul>
                </div>
            }.into_any(),
            None => view! { <p class="note" data-testid="figures-none">{move || lang.t("figures.none")}</p> }.into_any(),
        }}
        {move || may_record().then(|| view! { <FiguresForm figures=figures.clone()/> })}
    }
}

#[component]
fn FiguresForm(figures: Figures) -> impl IntoView {
    let lang = Lang::expect();
    let store = DeviceStore::expect();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let typed = ProvinceFiguresForm::of(figures.copy.as_ref());
    let document = RwSignal::new(typed.document);
    let issued_on = RwSignal::new(typed.issued_on);
    let in_force_from = RwSignal::new(typed.in_force_from);
    let border_rural = RwSignal::new(typed.border_rural);
    let border_urban = RwSignal::new(typed.border_urban);
    let base = StoredValue::new(figures.base);
    let read = move || {
        let form = ProvinceFiguresForm {
            document: document.get(),
            issued_on: issued_on.get(),
            in_force_from: in_force_from.get(),
            border_rural: border_rural.get(),
            border_urban: border_urban.get(),
        };
        base.with_value(|base| form.read(base, today()))
    };
    let form = FormState::new(move || read().err().unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    form.clear_when_valid(problem);
    let busy = RwSignal::new(false);
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
        let Ok(rule_set) = untrack(read) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = open.save_rule_set(&rule_set, by, now()).await;
            busy.set(false);
            match saved {
                Ok(_) => {
                    let _ = open.derive_border_standings().await;
                    flash.set_for("/muc-cua-tinh", untrack(|| lang.t("app.saved_offline")));
                    store.changed();
                }
                Err(error) => problem.set(Some(error.message(crate::i18n::current()))),
            }
        });
    };
    view! {
        <h2>{move || lang.t("figures.record")}</h2>
        <form on:submit=submit novalidate data-testid="figures-form">
            <FormField id="figures-document" label="figures.document" field=Field::DocumentNumber value=document form hint="figures.document_hint"/>
            <FormField id="figures-issued-on" label="figures.issued_on" field=Field::DocumentDate value=issued_on form kind=InputKind::Date hint="form.date_placeholder"/>
            <FormField id="figures-in-force-from" label="figures.in_force_from" field=Field::InForceFrom value=in_force_from form kind=InputKind::Date hint="form.date_placeholder"/>
            <FormField id="figures-border-rural" label="figures.border_rural" field=Field::BorderRuralHouseholds value=border_rural form kind=InputKind::Count hint="figures.blank_hint"/>
            <FormField id="figures-border-urban" label="figures.border_urban" field=Field::BorderUrbanHouseholds value=border_urban form kind=InputKind::Count hint="figures.blank_hint"/>
            <button type="submit" data-testid="save" disabled=move || busy.get()>{move || lang.t("app.save")}</button>
            {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="form-problem">{text}</p> })}
        </form>
    }
}
