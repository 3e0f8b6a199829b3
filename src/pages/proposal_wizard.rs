//! The wizard for merging villages of a commune, new or opened on a saved
//! draft or a proposal returned for changes:
//! 1. Pick the villages (the domain's suggestions first, with why).
//! 2. The village they make: new (named) or one of them; its totals and
//!    whether it meets the standard.
//! 3. The voter consultation of each village, then save the draft or submit.
//!
//! Works offline; what is typed stays when a step finds problems.

use crate::clock::{now, today};
use crate::components::returned_comment::ReturnedComment;
use crate::components::standing_badge::StandingBadge;
use crate::i18n::Lang;
use crate::proposal_data::ProposalData;
use crate::recording::save_proposal;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use domain::format::integer_vi;
use domain::forms::{ConsultationColumn, DraftIds, FinishError, NewVillageForm, VillageMergerForm};
use domain::proposal::{Proposal, Transition, VillageMergerPlanner, VillageOnRecord};
use domain::{Field, Language, Officer, OfficerId, SyncMeta, Unit, ValidationError};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

/// Messages of a list of problems, in the chosen language.
fn messages(errors: &[ValidationError], language: Language) -> Vec<String> {
    errors.iter().map(|error| error.message(language)).collect()
}

/// The wizard: a `VillageMergerForm` (the domain's state of what is chosen
/// and typed, and the steps it allows) drawn and driven by the officer;
/// `editing`: the saved proposal it opens on, saved again as the same record.
#[component]
pub fn ProposalWizard(commune: Unit, data: ProposalData, #[prop(optional)] editing: Option<Proposal>) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let language = move || lang.get_untracked();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let navigate = use_navigate();
    let commune_name = commune.name.as_str().to_owned();
    let editing_id = editing.as_ref().map(|proposal| proposal.id);
    let opened = editing.as_ref().and_then(VillageMergerForm::of);
    let ids = match &opened {
        Some((_, ids)) if !ids.new_village.is_nil() => *ids,
        Some((_, ids)) => DraftIds {
            new_village: Uuid::now_v7(),
            ..*ids
        },
        None => DraftIds {
            proposal: Uuid::now_v7(),
            new_village: Uuid::now_v7(),
        },
    };
    let others_open = move |proposal: &&Proposal| proposal.is_open() && Some(proposal.id) != editing_id;
    let busy_units: Vec<Uuid> = data
        .proposals
        .iter()
        .filter(others_open)
        .flat_map(Proposal::involved_units)
        .collect();
    // The commune's villages an open proposal holds: shown greyed with the
    // proposal that holds them, never hidden.
    let held: Vec<(String, Uuid, String)> = data
        .units
        .iter()
        .filter(|unit| unit.parent_id == Some(commune.id) && unit.lifecycle.is_active())
        .filter_map(|unit| {
            let holder = data
                .proposals
                .iter()
                .filter(others_open)
                .find(|proposal| proposal.involved_units().contains(&unit.id))?;
            let names = holder
                .sources
                .iter()
                .map(|source| source.name.clone())
                .collect::<Vec<_>>()
                .join(", ");
            let title = format!("{}: {names}", holder.action.label().get(language()));
            Some((unit.name.as_str().to_owned(), holder.id, title))
        })
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
    let planner = VillageMergerPlanner::new(&data.rule_book, commune.clone(), villages, today());
    // A saved proposal keeps the procedure it was drafted under.
    let planner = match &editing {
        Some(proposal) => planner.keeping_procedure_of(proposal),
        None => planner,
    };
    let suggestions = planner.suggestions();
    let why_none = planner.why_no_suggestion(&suggestions);
    let decree = planner.procedure().needs_worker_plan;
    let submit_label = {
        let first = planner.procedure().first_step();
        move || match first {
            domain::proposal::StepKind::RecordConsultation => Transition::RecordConsultation {
                consultation_date: today(),
            }
            .label()
            .get(lang.get())
            .to_owned(),
            _ => lang.t("wizard.submit"),
        }
    };
    let planner = StoredValue::new(planner);
    let data = StoredValue::new(data);

    let is_edit = opened.is_some();
    let form = RwSignal::new(opened.map(|(form, _)| form).unwrap_or_default());
    let step = Memo::new(move |_| form.with(|form| form.step.number()));
    let chosen = Memo::new(move |_| form.with(|form| form.chosen.clone()));
    let problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);

    let officer = move || {
        session.get().map(|signed| Officer {
            id: OfficerId(signed.officer_id),
            role: signed.role,
            jurisdiction: signed.jurisdiction,
        })
    };
    let meta = move || {
        SyncMeta::created(
            now(),
            untrack(officer).map_or(OfficerId(Uuid::nil()), |officer| officer.id),
        )
    };
    let evaluation = move || {
        let proposal = form
            .with(|form| planner.with_value(|planner| form.draft(planner, ids, meta())))
            .ok()?;
        planner.with_value(|planner| planner.evaluate(&proposal))?.ok()
    };
    // Redrawn only when the villages asked about change, not at each keystroke.
    let involved =
        Memo::new(move |_| form.with(|form| planner.with_value(|planner| form.involved(planner, ids, meta()))));

    let toggle = move |id: Uuid, on: bool| form.update(|form| form.toggle(id, on));
    let next = move |_| {
        let moved = data.with_value(|data| {
            data.with_context(|context| {
                let mut moved = Ok(());
                form.update(|form| moved = planner.with_value(|planner| form.next(planner, context, ids, meta())));
                moved
            })
        });
        match moved {
            Some(Ok(())) => problems.set(Vec::new()),
            Some(Err(errors)) => problems.set(messages(&errors, language())),
            None => problems.set(vec![untrack(|| lang.t("wizard.data_missing"))]),
        }
    };
    let back = move |_| {
        problems.set(Vec::new());
        form.update(VillageMergerForm::back);
    };
    let finish = move |submit: bool| {
        let Some(officer) = untrack(officer) else {
            problems.set(vec![untrack(|| lang.t("wizard.sign_in_first"))]);
            return;
        };
        let finished = data.with_value(|data| {
            data.with_context(|context| {
                form.with_untracked(|form| {
                    planner.with_value(|planner| form.finish(planner, context, ids, &officer, submit, now()))
                })
            })
        });
        let mut proposal = match finished {
            Some(Ok(proposal)) => proposal,
            Some(Err(FinishError::Problems(errors))) => {
                problems.set(messages(&errors, language()));
                return;
            }
            Some(Err(FinishError::Transition(error))) => {
                problems.set(vec![error.message(language())]);
                return;
            }
            Some(Err(FinishError::NotEditable(why))) => {
                problems.set(vec![why.get(language()).to_owned()]);
                return;
            }
            None => {
                problems.set(vec![untrack(|| lang.t("wizard.data_missing"))]);
                return;
            }
        };
        if let Some(signed) = session.current() {
            // The steps of the proposal as it was opened are recorded already.
            let recorded = form.with_untracked(|form| form.editing.as_ref().map_or(0, |base| base.history.len()));
            proposal.sign_new_steps(recorded, officer.id, &signed.display_name);
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
                    let text = untrack(|| {
                        // "Đã trình phương án." or, under NĐ 185, the status reached.
                        let what = match (submit, decree) {
                            (false, _) if is_edit => lang.t("wizard.changes_saved"),
                            (false, _) => lang.t("wizard.drafted"),
                            (true, false) => lang.t("wizard.submitted"),
                            (true, true) => format!("{}.", lang.pick(&proposal.status.label())),
                        };
                        format!("{what} {}", lang.t("app.saved_offline"))
                    });
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
                                prop:checked=move || form.with(|form| form.chosen.contains(&id))
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
                        on:click=move |_| form.update(|form| form.choose(&units))>{move || lang.t("wizard.use_suggestion")}</button>
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
            <h1>{move || lang.t_with(if is_edit { "wizard.edit_title" } else { "wizard.title" }, &[("commune", &commune_name)])}</h1>
            {editing.clone().map(|proposal| view! { <ReturnedComment proposal/> })}
            <ol class="steps" aria-label=move || lang.t("wizard.steps")>
                <li class:current=move || step.get() == 1>{move || lang.t("wizard.step1")}</li>
                <li class:current=move || step.get() == 2>{move || lang.t("wizard.step2")}</li>
                <li class:current=move || step.get() == 3>{move || lang.t("wizard.step3")}</li>
            </ol>
            <div hidden=move || step.get() != 1>
                <h2>{move || lang.t("wizard.suggestions")}</h2>
                {if let Some(why) = why_none.clone() {
                    view! { <p class="muted" data-testid="no-suggestion">{move || lang.pick(&why)}</p> }.into_any()
                } else {
                    view! { <ul class="plain-list">{suggestion_rows}</ul> }.into_any()
                }}
                <ul class="plain-list muted">{unresolved}</ul>
                <h2>{move || lang.t("wizard.villages")}</h2>
                <ul class="unit-list">{village_rows}</ul>
                {(!held.is_empty()).then(|| view! {
                    <h3>{move || lang.t("wizard.held_title")}</h3>
                    <ul class="unit-list" data-testid="held-villages">
                        {held.iter().map(|(name, proposal, title)| {
                            let (name, title) = (name.clone(), title.clone());
                            view! {
                                <li class="unit-row held" data-testid="held-village">
                                    <span class="unit-name">{name}</span>
                                    <a href=format!("/de-an/{proposal}")>
                                        {move || lang.t_with("wizard.held_by", &[("proposal", &title)])}
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </div>
            <div hidden=move || step.get() != 2>
                <fieldset class="form-group">
                    <legend>{move || lang.t("wizard.result")}</legend>
                    <label class="checkbox">
                        <input type="radio" name="target" data-testid="target-new"
                            prop:checked=move || form.with(|form| form.into_existing.is_none())
                            on:change=move |_| form.update(|form| form.into_existing = None)/>
                        {move || lang.t("wizard.new_village")}
                    </label>
                    {move || chosen.get().into_iter().map(|id| view! {
                        <label class="checkbox">
                            <input type="radio" name="target" data-testid="target-existing"
                                prop:checked=move || form.with(|form| form.into_existing == Some(id))
                                on:change=move |_| form.update(|form| form.into_existing = Some(id))/>
                            {move || lang.t_with("wizard.into", &[("village", &name_of(id))])}
                        </label>
                    }).collect_view()}
                    <Show when=move || form.with(|form| form.into_existing.is_none())>
                        <div class="form-field">
                            <label for="new-village-kind">{move || lang.t("form.kind")}</label>
                            <select id="new-village-kind" prop:value=move || form.with(|form| format!("{:?}", form.new_kind))
                                on:change=move |event| {
                                let value = event_target_value(&event);
                                if let Some(kind) = NewVillageForm::KINDS.into_iter().find(|kind| format!("{kind:?}") == value) {
                                    form.update(|form| form.new_kind = kind);
                                }
                            }>
                                {NewVillageForm::KINDS.into_iter().map(|kind| view! {
                                    <option value=format!("{kind:?}")>{kind.vietnamese()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="form-field">
                            <label for="new-village-name">{move || lang.t("wizard.new_name")}</label>
                            <input id="new-village-name" data-testid="new-village-name" type="text"
                                prop:value=move || form.with(|form| form.new_name.clone())
                                on:input=move |event| form.update(|form| form.new_name = event_target_value(&event))/>
                        </div>
                    </Show>
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || form.with(|form| form.no_other_neighbour)
                            on:change=move |event| form.update(|form| form.no_other_neighbour = event_target_checked(&event))/>
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
                {move || involved.get().into_iter().map(|unit| {
                    let summary = move || match form.with(|form| form.consultation(unit).read(unit)) {
                        Some(Ok(consultation)) if consultation.is_consistent() => lang.pick(&consultation.summary()),
                        Some(Ok(_)) => lang.t("wizard.inconsistent"),
                        Some(Err(error)) => error.message(lang.get()),
                        None => lang.t("wizard.not_entered"),
                    };
                    view! {
                        <fieldset class="form-group consultation" data-testid="consultation">
                            <legend>{name_of(unit)}</legend>
                            <div class="figures">
                                {ConsultationColumn::ALL.into_iter().map(|column| {
                                    let key = column.key();
                                    let input_id = format!("{key}-{unit}");
                                    view! {
                                        <div class="form-field">
                                            <label for=input_id.clone()>{move || lang.t(&format!("wizard.{key}"))}</label>
                                            <input id=input_id type="text" inputmode="numeric" data-testid=key
                                                prop:value=move || form.with(|form| form.consultation(unit).get(column).to_owned())
                                                on:input=move |event| form.update(|form| form.set_consultation(unit, column, event_target_value(&event)))/>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                            <p data-testid="consultation-summary">{summary}</p>
                        </fieldset>
                    }
                }).collect_view()}
                <Show when=move || decree>
                    <fieldset class="form-group" data-testid="worker-plan-form">
                        <legend>{move || lang.t("wizard.worker_plan")}</legend>
                        <p class="muted">{move || lang.t("wizard.worker_plan_rule")}</p>
                        <div class="figures">
                            <div class="form-field">
                                <label for="workers-before">{move || lang.pick(&Field::WorkersBefore.label())}</label>
                                <input id="workers-before" type="text" inputmode="numeric" data-testid="workers-before"
                                    prop:value=move || form.with(|form| form.worker_plan.workers_before.clone())
                                    on:input=move |event| form.update(|form| form.worker_plan.workers_before = event_target_value(&event))/>
                            </div>
                            <div class="form-field">
                                <label for="workers-after">{move || lang.pick(&Field::WorkersAfter.label())}</label>
                                <input id="workers-after" type="text" inputmode="numeric" data-testid="workers-after"
                                    prop:value=move || form.with(|form| form.worker_plan.workers_after.clone())
                                    on:input=move |event| form.update(|form| form.worker_plan.workers_after = event_target_value(&event))/>
                            </div>
                        </div>
                        <div class="form-field">
                            <label for="worker-arrangement">{move || lang.pick(&Field::WorkerArrangement.label())}</label>
                            <textarea id="worker-arrangement" rows="3" data-testid="worker-arrangement"
                                prop:value=move || form.with(|form| form.worker_plan.arrangement.clone())
                                on:input=move |event| form.update(|form| form.worker_plan.arrangement = event_target_value(&event))></textarea>
                        </div>
                    </fieldset>
                    <div class="form-field">
                        <label for="wizard-consultation-date">{move || lang.pick(&Field::ConsultationDate.label())}</label>
                        <input id="wizard-consultation-date" type="text" inputmode="numeric" data-testid="wizard-consultation-date"
                            placeholder=move || lang.t("form.date_placeholder")
                            prop:value=move || form.with(|form| form.consultation_date.clone())
                            on:input=move |event| form.update(|form| form.consultation_date = event_target_value(&event))/>
                    </div>
                </Show>
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
                        }>{submit_label}</button>
                </Show>
            </div>
        </section>
    }
}
