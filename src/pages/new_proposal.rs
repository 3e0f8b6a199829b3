//! `/don-vi/:id/de-an-moi`: the wizard for merging villages of a commune.
//! 1. Pick the villages (the domain's suggestions first, with why).
//! 2. The village they make: new (named) or one of them; its totals and
//!    whether it meets the standard.
//! 3. The voter consultation of each village, then save the draft or submit.
//!
//! Works offline; what is typed stays when a step finds problems.

use crate::clock::{now, today};
use crate::components::consultation_inputs::ConsultationInputs;
use crate::components::standing_badge::StandingBadge;
use crate::i18n::Lang;
use crate::pages::unit_page::route_unit_id;
use crate::proposal_data::ProposalData;
use crate::recording::save_proposal;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use domain::format::integer_vi;
use domain::forms::village_name;
use domain::proposal::{
    DraftTarget, Proposal, Transition, VillageMergerPlanner, VillageOnRecord, check_proposal, plan_transition,
};
use domain::rules::RuleBook;
use domain::{Field, Language, Officer, OfficerId, SyncMeta, Unit, UnitKind, ValidationError};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashMap;
use uuid::Uuid;

#[component]
pub fn NewProposalPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let commune_id = route_unit_id();
    let loaded = LocalResource::new(move || {
        let open = store.get();
        let id = commune_id.get();
        async move {
            let (Some(open), Some(id)) = (open, id) else {
                return None;
            };
            let data = ProposalData::load(&open).await.ok()?;
            let commune = data.unit(id)?.clone();
            Some((commune, data))
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
            {move || loaded.get().map(|found| match found {
                Some((commune, data)) => view! { <ProposalWizard commune data/> }.into_any(),
                None => view! { <p class="error" role="alert">{move || lang.t("form.commune_missing")}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// Messages of a list of problems, in the chosen language.
fn messages(errors: &[ValidationError], language: Language) -> Vec<String> {
    errors.iter().map(|error| error.message(language)).collect()
}

#[component]
fn ProposalWizard(commune: Unit, data: ProposalData) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let language = move || lang.get_untracked();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let navigate = use_navigate();
    let commune_name = commune.name.as_str().to_owned();
    let proposal_id = Uuid::now_v7();
    let new_unit_id = Uuid::now_v7();
    let busy_units: Vec<Uuid> = data
        .proposals
        .iter()
        .filter(|proposal| proposal.is_open())
        .flat_map(Proposal::involved_units)
        .collect();
    let villages: Vec<VillageOnRecord> = data
        .units
        .iter()
        .filter(|unit| unit.parent_id == Some(commune.id) && !busy_units.contains(&unit.id))
        .map(|unit| VillageOnRecord {
            unit: unit.clone(),
            review: data.village_reviews.get(&unit.id).cloned(),
        })
        .collect();
    let planner = VillageMergerPlanner::new(&RuleBook::built_in(), commune.clone(), villages, today());
    let suggestions = planner.suggestions();
    let planner = StoredValue::new(planner);
    let data = StoredValue::new(data);
    let consultations: HashMap<Uuid, ConsultationInputs> = planner.with_value(|planner| {
        planner
            .villages()
            .iter()
            .map(|village| (village.unit.id, ConsultationInputs::new()))
            .collect()
    });
    let consultations = StoredValue::new(consultations);

    let step = RwSignal::new(1u8);
    let chosen = RwSignal::new(Vec::<Uuid>::new());
    let into_existing = RwSignal::new(None::<Uuid>);
    let new_name = RwSignal::new(String::new());
    let new_kind = RwSignal::new(UnitKind::Village);
    let no_other_neighbour = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);

    let officer = move || {
        session.get().map(|signed| Officer {
            id: OfficerId(signed.officer_id),
            role: signed.role,
            jurisdiction: signed.jurisdiction,
        })
    };
    // The proposal as the wizard stands (tracked), or the problems of its name.
    let build = move || -> Result<Proposal, Vec<ValidationError>> {
        let by = officer().map_or(OfficerId(Uuid::nil()), |officer| officer.id);
        let target = match into_existing.get() {
            Some(receiving) => DraftTarget::Existing(receiving),
            None => {
                let kind = new_kind.get();
                let name = village_name(kind, &new_name.get()).map_err(|error| vec![error])?;
                DraftTarget::NewVillage {
                    id: new_unit_id,
                    name,
                    kind,
                }
            }
        };
        let mut proposal = planner
            .with_value(|planner| planner.draft(proposal_id, &chosen.get(), &target, SyncMeta::created(now(), by)));
        proposal.no_other_neighbour = no_other_neighbour.get();
        let mut errors = Vec::new();
        for unit in proposal.involved_units() {
            match consultations
                .with_value(|inputs| inputs.get(&unit).copied())
                .and_then(|inputs| inputs.read(unit))
            {
                Some(Ok(consultation)) => proposal.consultations.push(consultation),
                Some(Err(error)) => errors.push(error),
                None => {}
            }
        }
        if errors.is_empty() { Ok(proposal) } else { Err(errors) }
    };
    let evaluation = move || {
        let proposal = build().ok()?;
        planner.with_value(|planner| planner.evaluate(&proposal))?.ok()
    };

    let toggle = move |id: Uuid, on: bool| {
        chosen.update(|chosen| {
            chosen.retain(|found| *found != id);
            if on {
                chosen.push(id);
            }
        });
        if !on && into_existing.get_untracked() == Some(id) {
            into_existing.set(None);
        }
    };
    let next = move |_| {
        let found = match step.get_untracked() {
            1 if chosen.with_untracked(Vec::len) < 2 => vec![untrack(|| lang.t("wizard.choose_two"))],
            2 => match untrack(build) {
                Ok(proposal) => data.with_value(|data| {
                    // The consultation is the next step's; the rest must hold now.
                    data.with_context(|context| {
                        let errors: Vec<ValidationError> = check_proposal(&proposal, context)
                            .into_iter()
                            .filter(|error| error.field != Field::Consultation)
                            .collect();
                        messages(&errors, language())
                    })
                    .unwrap_or_default()
                }),
                Err(errors) => messages(&errors, language()),
            },
            _ => Vec::new(),
        };
        if found.is_empty() {
            problems.set(Vec::new());
            step.update(|step| *step += 1);
        } else {
            problems.set(found);
        }
    };
    let back = move |_| {
        problems.set(Vec::new());
        step.update(|step| *step = step.saturating_sub(1).max(1));
    };
    let finish = move |submit: bool| {
        let Some(officer) = untrack(officer) else {
            problems.set(vec![untrack(|| lang.t("wizard.sign_in_first"))]);
            return;
        };
        let mut proposal = match untrack(build) {
            Ok(proposal) => proposal,
            Err(errors) => {
                problems.set(messages(&errors, language()));
                return;
            }
        };
        let checked = data.with_value(|data| {
            data.with_context(|context| {
                if submit {
                    plan_transition(&proposal, &officer, Transition::Submit, None, now(), context)
                        .map(Some)
                        .map_err(|error| vec![error.message(language())])
                } else {
                    let errors = check_proposal(&proposal, context);
                    if errors.is_empty() {
                        Ok(None)
                    } else {
                        Err(messages(&errors, language()))
                    }
                }
            })
        });
        match checked {
            Some(Ok(decision)) => {
                if let Some(decision) = decision {
                    proposal.record(decision);
                }
            }
            Some(Err(found)) => {
                problems.set(found);
                return;
            }
            None => {
                problems.set(vec![untrack(|| lang.t("wizard.data_missing"))]);
                return;
            }
        }
        let Some(open) = store.get_untracked() else {
            return;
        };
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = save_proposal(&open, officer.id, &proposal).await;
            busy.set(false);
            match saved {
                Ok(()) => {
                    store.changed();
                    let path = format!("/de-an/{}", proposal.id);
                    let what = if submit { "wizard.submitted" } else { "wizard.drafted" };
                    let text = untrack(|| format!("{} {}", lang.t(what), lang.t("app.saved_offline")));
                    flash.set_for(&path, text);
                    navigate(&path, Default::default());
                }
                Err(text) => problems.set(vec![text]),
            }
        });
    };
    let finish_draft = finish.clone();

    let village_rows = planner.with_value(|planner| {
        planner
            .villages()
            .iter()
            .map(|village| {
                let id = village.unit.id;
                let households = village
                    .review
                    .as_ref()
                    .map(|review| integer_vi(review.households.into()));
                let households = move || match &households {
                    Some(count) => lang.t_with("wizard.households", &[("count", count)]),
                    None => lang.t("wizard.not_reviewed"),
                };
                view! {
                    <li class="unit-row">
                        <label class="checkbox">
                            <input type="checkbox" data-testid="choose-village" data-name=village.unit.name.as_str().to_owned()
                                prop:checked=move || chosen.with(|chosen| chosen.contains(&id))
                                on:change=move |event| toggle(id, event_target_checked(&event))/>
                            <span class="unit-name">{village.unit.name.as_str().to_owned()}</span>
                        </label>
                        <span class="unit-count">{households}</span>
                    </li>
                }
            })
            .collect_view()
    });
    let suggestion_rows = suggestions
        .groups
        .iter()
        .map(|group| {
            let units = group.units.clone();
            let explanation = group.explanation.clone();
            view! {
                <li class="panel">
                    <p>{move || lang.pick(&explanation)}</p>
                    <button type="button" class="button-secondary" data-testid="use-suggestion"
                        on:click=move |_| chosen.set(units.clone())>{move || lang.t("wizard.use_suggestion")}</button>
                </li>
            }
        })
        .collect_view();
    let unresolved = suggestions
        .unresolved
        .iter()
        .map(|left| {
            let explanation = left.explanation.clone();
            view! { <li>{move || lang.pick(&explanation)}</li> }
        })
        .collect_view();
    let name_of = move |id: Uuid| {
        planner.with_value(|planner| {
            planner
                .villages()
                .iter()
                .find(|village| village.unit.id == id)
                .map(|village| village.unit.name.as_str().to_owned())
                .unwrap_or_default()
        })
    };

    view! {
        <section class="panel form-page" data-testid="proposal-wizard">
            <h1>{move || lang.t_with("wizard.title", &[("commune", &commune_name)])}</h1>
            <ol class="steps" aria-label=move || lang.t("wizard.steps")>
                <li class:current=move || step.get() == 1>{move || lang.t("wizard.step1")}</li>
                <li class:current=move || step.get() == 2>{move || lang.t("wizard.step2")}</li>
                <li class:current=move || step.get() == 3>{move || lang.t("wizard.step3")}</li>
            </ol>
            <div hidden=move || step.get() != 1>
                <h2>{move || lang.t("wizard.suggestions")}</h2>
                {if suggestions.groups.is_empty() {
                    view! { <p class="muted">{move || lang.t("wizard.no_suggestions")}</p> }.into_any()
                } else {
                    view! { <ul class="plain-list">{suggestion_rows}</ul> }.into_any()
                }}
                <ul class="plain-list muted">{unresolved}</ul>
                <h2>{move || lang.t("wizard.villages")}</h2>
                <ul class="unit-list">{village_rows}</ul>
            </div>
            <div hidden=move || step.get() != 2>
                <fieldset class="form-group">
                    <legend>{move || lang.t("wizard.result")}</legend>
                    <label class="checkbox">
                        <input type="radio" name="target" data-testid="target-new"
                            prop:checked=move || into_existing.get().is_none()
                            on:change=move |_| into_existing.set(None)/>
                        {move || lang.t("wizard.new_village")}
                    </label>
                    {move || chosen.get().into_iter().map(|id| view! {
                        <label class="checkbox">
                            <input type="radio" name="target" data-testid="target-existing"
                                prop:checked=move || into_existing.get() == Some(id)
                                on:change=move |_| into_existing.set(Some(id))/>
                            {move || lang.t_with("wizard.into", &[("village", &name_of(id))])}
                        </label>
                    }).collect_view()}
                    <Show when=move || into_existing.get().is_none()>
                        <div class="form-field">
                            <label for="new-village-kind">{move || lang.t("form.kind")}</label>
                            <select id="new-village-kind" on:change=move |event| {
                                let value = event_target_value(&event);
                                if let Some(kind) = [UnitKind::Village, UnitKind::Hamlet, UnitKind::UrbanQuarter, UnitKind::ResidentialGroup]
                                    .into_iter().find(|kind| format!("{kind:?}") == value) { new_kind.set(kind); }
                            }>
                                <option value="Village">{UnitKind::Village.vietnamese()}</option>
                                <option value="Hamlet">{UnitKind::Hamlet.vietnamese()}</option>
                                <option value="UrbanQuarter">{UnitKind::UrbanQuarter.vietnamese()}</option>
                                <option value="ResidentialGroup">{UnitKind::ResidentialGroup.vietnamese()}</option>
                            </select>
                        </div>
                        <div class="form-field">
                            <label for="new-village-name">{move || lang.t("wizard.new_name")}</label>
                            <input id="new-village-name" data-testid="new-village-name" type="text"
                                prop:value=move || new_name.get()
                                on:input=move |event| new_name.set(event_target_value(&event))/>
                        </div>
                    </Show>
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || no_other_neighbour.get()
                            on:change=move |event| no_other_neighbour.set(event_target_checked(&event))/>
                        {move || lang.t("wizard.no_other_neighbour")}
                    </label>
                </fieldset>
                <div class="panel" data-testid="merger-result">
                    {move || match evaluation() {
                        Some(found) => view! {
                            <p>
                                {lang.t_with("wizard.totals", &[
                                    ("households", &integer_vi(found.totals.households.into())),
                                    ("population", &integer_vi(found.totals.population.into())),
                                    ("area", &found.totals.area.hectares_text(Language::Vi)),
                                ])}
                                <StandingBadge standing=Some(found.classification.standing)/>
                            </p>
                            <p>{lang.pick(&found.classification.explanation)}</p>
                            {found.waiver.map(|waiver| view! { <p>{lang.pick(&waiver.explanation())}</p> })}
                        }.into_any(),
                        None => view! { <p class="muted">{lang.t("wizard.choose_to_see")}</p> }.into_any(),
                    }}
                </div>
            </div>
            <div hidden=move || step.get() != 3>
                <h2>{move || lang.t("wizard.consultation")}</h2>
                <p class="muted">{move || lang.t("wizard.consultation_rule")}</p>
                {move || {
                    let involved = build().map(|proposal| proposal.involved_units()).unwrap_or_else(|_| chosen.get());
                    involved.into_iter().map(|unit| {
                        let inputs = consultations.with_value(|inputs| inputs.get(&unit).copied()).unwrap_or_default();
                        let summary = move || match inputs.read(unit) {
                            Some(Ok(consultation)) if consultation.is_consistent() => lang.pick(&consultation.summary()),
                            Some(Ok(_)) => lang.t("wizard.inconsistent"),
                            Some(Err(error)) => error.message(lang.get()),
                            None => lang.t("wizard.not_entered"),
                        };
                        view! {
                            <fieldset class="form-group consultation" data-testid="consultation">
                                <legend>{name_of(unit)}</legend>
                                <div class="figures">
                                    {inputs.columns().into_iter().map(|(value, label, key)| {
                                        let input_id = format!("{key}-{unit}");
                                        view! {
                                            <div class="form-field">
                                                <label for=input_id.clone()>{move || lang.t(label)}</label>
                                                <input id=input_id type="text" inputmode="numeric" data-testid=key
                                                    prop:value=move || value.get()
                                                    on:input=move |event| value.set(event_target_value(&event))/>
                                            </div>
                                        }
                                    }).collect_view()}
                                </div>
                                <p data-testid="consultation-summary">{summary}</p>
                            </fieldset>
                        }
                    }).collect_view()
                }}
            </div>
            <Show when=move || !problems.get().is_empty()>
                <ul class="error" role="alert" data-testid="wizard-problems">
                    {move || problems.get().into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
                </ul>
            </Show>
            <div class="button-row">
                <Show when=move || { step.get() > 1 }>
                    <button type="button" class="button-secondary" on:click=back>{move || lang.t("wizard.back")}</button>
                </Show>
                <Show when=move || { step.get() < 3 }>
                    <button type="button" data-testid="next-step" on:click=next>{move || lang.t("wizard.next")}</button>
                </Show>
                <Show when=move || { step.get() == 3 }>
                    <button type="button" class="button-secondary" data-testid="save-draft" disabled=move || busy.get()
                        on:click={
                            let finish = finish_draft.clone();
                            move |_| finish(false)
                        }>{move || lang.t("wizard.save_draft")}</button>
                    <button type="button" data-testid="submit-proposal" disabled=move || busy.get()
                        on:click={
                            let finish = finish.clone();
                            move |_| finish(true)
                        }>{move || lang.t("wizard.submit")}</button>
                </Show>
            </div>
        </section>
    }
}
