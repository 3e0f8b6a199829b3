//! `/de-an/:id`: one proposal — what it merges, the totals and whether the
//! result meets the standard, the consultation of each unit, its history —
//! and the steps the signed-in officer may take now (review, approve with the
//! decision's number and date, return or reject with a comment). Each step is
//! appended to the history by the domain's workflow, never edited.

use crate::clock::{now, today};
use crate::components::proposal_status::ProposalStatusBadge;
use crate::components::returned_comment::ReturnedComment;
use crate::i18n::Lang;
use crate::pages::unit_page::route_unit_id;
use crate::proposal_data::ProposalData;
use crate::recording::save_proposal;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use domain::format::{date_vi, integer_vi, moment_vi};
use domain::forms::parse_date;
use domain::proposal::consultation::latest_round;
use domain::proposal::{
    Action, MergeTarget, Proposal, StepKind, Transition, VillageMergerPlanner, VillageOnRecord, plan_transition,
};
use domain::{Officer, OfficerId, UnitLevel};
use leptos::prelude::*;

#[component]
pub fn ProposalPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let id = route_unit_id();
    let loaded = LocalResource::new(move || {
        store.changes();
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
            // Written once per language: a switch draws the page again.
            {move || loaded.get().map(|found| match (lang.get(), found) {
                (_, Some((proposal, data))) => view! { <ProposalView proposal data/> }.into_any(),
                (_, None) => view! { <p class="error" role="alert">{lang.t("proposal.missing")}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// The steps an officer of `role` could take from the proposal's status
/// under its procedure, with their figures still to fill in.
pub fn steps_for(proposal: &Proposal, role: domain::Role, has_district: bool) -> Vec<Transition> {
    proposal
        .steps_for(role, has_district)
        .into_iter()
        .map(|step| match step {
            StepKind::Submit => Transition::Submit,
            StepKind::Review => Transition::Review,
            StepKind::Approve => Transition::Approve {
                decision_number: String::new(),
                decision_date: today(),
            },
            StepKind::MakeEffective => Transition::MakeEffective {
                effective_date: today(),
                new_unit_code: None,
            },
            StepKind::RecordConsultation => Transition::RecordConsultation {
                consultation_date: today(),
            },
            StepKind::AdoptResolution => Transition::AdoptResolution {
                resolution_number: String::new(),
                resolution_date: today(),
                effective_date: today(),
                new_unit_code: None,
            },
            StepKind::Return => Transition::Return,
            StepKind::Reject => Transition::Reject,
            StepKind::Comment => Transition::Comment,
        })
        .collect()
}

/// The key of a step's button (`data-testid="step-…"`).
fn step_key(step: &Transition) -> &'static str {
    match step {
        Transition::Submit => "submit",
        Transition::Review => "review",
        Transition::Approve { .. } => "approve",
        Transition::MakeEffective { .. } => "effective",
        Transition::RecordConsultation { .. } => "consultation",
        Transition::AdoptResolution { .. } => "resolution",
        Transition::Return => "return",
        Transition::Reject => "reject",
        Transition::Comment => "comment",
    }
}

fn target_text(proposal: &Proposal, lang: Lang) -> String {
    match &proposal.action {
        Action::Merge {
            into: MergeTarget::NewUnit { name, .. },
        } => lang.t_with("proposal.new_unit", &[("name", name.as_str())]),
        Action::Merge {
            into: MergeTarget::ExistingUnit { name, .. },
        } => lang.t_with("proposal.into", &[("name", name)]),
        other => lang.pick(&other.label()),
    }
}

#[component]
fn ProposalView(proposal: Proposal, data: ProposalData) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let language = lang.get_untracked();
    let decided_by_council = proposal
        .history
        .iter()
        .any(|decision| matches!(decision.transition, Transition::AdoptResolution { .. }));
    let consultation_text = |unit_id| {
        latest_round(&proposal.consultations, unit_id).map_or_else(
            || lang.t("proposal.no_consultation"),
            |round| lang.pick(&round.summary()),
        )
    };
    let session = SessionState::expect();
    let flash = Flash::expect();
    let commune = proposal
        .sources
        .first()
        .and_then(|source| data.unit(source.unit_id))
        .and_then(|unit| unit.parent_id)
        .and_then(|parent| data.unit(parent))
        .cloned();
    let has_district = commune
        .as_ref()
        .and_then(|commune| commune.parent_id)
        .and_then(|parent| data.unit(parent))
        .is_some_and(|parent| parent.level() == UnitLevel::District && parent.is_active());
    let evaluation = commune
        .filter(|_| proposal.level == UnitLevel::Village)
        .and_then(|commune| {
            let villages = data
                .units
                .iter()
                .filter(|unit| unit.parent_id == Some(commune.id))
                .map(|unit| VillageOnRecord {
                    unit: unit.clone(),
                    review: data.village_reviews.get(&unit.id).cloned(),
                })
                .collect();
            VillageMergerPlanner::new(&data.rule_book, commune, villages, today())
                .evaluate(&proposal)?
                .ok()
        });
    let sources = proposal
        .sources
        .iter()
        .map(|source| {
            let consultation = consultation_text(source.unit_id);
            view! {
                <tr>
                    <td>{source.name.clone()}</td>
                    <td class="number" data-label=lang.t("proposal.households")>{integer_vi(source.figures.households.into())}</td>
                    <td class="number" data-label=lang.t("proposal.population")>{integer_vi(source.figures.population.into())}</td>
                    <td data-label=lang.t("wizard.consultation")>{consultation}</td>
                </tr>
            }
        })
        .collect_view();
    let receiving = match &proposal.action {
        Action::Merge {
            into: MergeTarget::ExistingUnit { unit_id, name, figures },
        } => {
            let consultation = consultation_text(*unit_id);
            Some(view! {
                <tr>
                    <td>{lang.t_with("proposal.receiving", &[("name", name)])}</td>
                    <td class="number" data-label=lang.t("proposal.households")>{integer_vi(figures.households.into())}</td>
                    <td class="number" data-label=lang.t("proposal.population")>{integer_vi(figures.population.into())}</td>
                    <td data-label=lang.t("wizard.consultation")>{consultation}</td>
                </tr>
            })
        }
        _ => None,
    };
    let history = proposal
        .history
        .iter()
        .map(|decision| {
            view! {
                <li data-testid="history-entry">
                    <strong>{decision.transition.label().get(language).to_owned()}</strong>
                    {match &decision.by_name {
                        Some(name) => format!(" — {name} ({}) — {}", decision.role.label().get(language), moment_vi(decision.at)),
                        None => format!(" — {} — {}", decision.role.label().get(language), moment_vi(decision.at)),
                    }}
                    <br/>
                    // A remark leaves the status as it was: said once.
                    {if decision.from == decision.to {
                        decision.to.label().get(language).to_owned()
                    } else {
                        format!("{} → {}", decision.from.label().get(language), decision.to.label().get(language))
                    }}
                    {decision.comment.clone().map(|comment| view! { <br/><em>{lang.t_with("proposal.comment_entry", &[("comment", &comment)])}</em> })}
                </li>
            }
        })
        .collect_view();
    let decision = match &proposal.status {
        domain::proposal::Status::ProvinceApproved {
            decision_number,
            decision_date,
        }
        | domain::proposal::Status::Effective {
            decision_number,
            decision_date,
            ..
        } => Some(lang.t_with(
            if decided_by_council {
                "proposal.resolution"
            } else {
                "proposal.decision"
            },
            &[("number", decision_number), ("date", &date_vi(*decision_date))],
        )),
        _ => None,
    };
    let procedure_text = lang.t_with(
        "proposal.procedure",
        &[("title", &lang.pick(&proposal.procedure().title()))],
    );
    let worker_plan_text = proposal
        .procedure()
        .needs_worker_plan
        .then(|| match &proposal.worker_plan {
            Some(plan) => lang.t_with(
                "proposal.worker_plan",
                &[
                    ("before", &plan.workers_before.to_string()),
                    ("after", &plan.workers_after.to_string()),
                    ("arrangement", &plan.arrangement),
                ],
            ),
            None => lang.t("proposal.no_worker_plan"),
        });
    let shown = proposal.clone();
    let returned = proposal.clone();
    // A draft or a returned village merger opens in the wizard for its drafter.
    let wizard_opens = domain::forms::VillageMergerForm::of(&proposal).is_some();
    let edit_path = format!("/de-an/{}/sua", proposal.id);
    let proposal = StoredValue::new(proposal);
    let editable = move || {
        wizard_opens
            && session
                .get()
                .is_some_and(|signed| proposal.with_value(|proposal| proposal.editable_by(signed.role)))
    };
    let data = StoredValue::new(data);
    let comment = RwSignal::new(String::new());
    let decision_number = RwSignal::new(String::new());
    let decision_date = RwSignal::new(domain::format::date_vi(today()));
    let new_unit_code = RwSignal::new(String::new());
    let consultation_date = RwSignal::new(domain::format::date_vi(today()));
    let effective_date = RwSignal::new(domain::format::date_vi(today()));
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let steps = move || {
        session
            .get()
            .map(|signed| proposal.with_value(|proposal| steps_for(proposal, signed.role, has_district)))
            .unwrap_or_default()
    };
    let take = move |step: Transition| {
        let Some(signed) = session.current() else {
            problem.set(Some(lang.t("proposal.sign_in")));
            return;
        };
        let officer = Officer {
            id: OfficerId(signed.officer_id),
            role: signed.role,
            jurisdiction: signed.jurisdiction,
        };
        let step = match step {
            Transition::Approve { .. } => match parse_date(&decision_date.get_untracked()) {
                Ok(date) => Transition::Approve {
                    decision_number: decision_number.get_untracked(),
                    decision_date: date,
                },
                Err(error) => {
                    let sentence = error.problem.sentence(language);
                    problem.set(Some(
                        lang.t_with("proposal.decision_date_bad", &[("problem", &sentence)]),
                    ));
                    return;
                }
            },
            Transition::MakeEffective { .. } => match parse_date(&decision_date.get_untracked()) {
                Ok(date) => {
                    let typed = new_unit_code.get_untracked();
                    let code = match typed.trim() {
                        "" => None,
                        text => match domain::OfficialCode::parse(text) {
                            Ok(code) => Some(code),
                            Err(_) => {
                                problem.set(Some(lang.t("proposal.new_unit_code_bad")));
                                return;
                            }
                        },
                    };
                    Transition::MakeEffective {
                        effective_date: date,
                        new_unit_code: code,
                    }
                }
                Err(error) => {
                    let sentence = error.problem.sentence(language);
                    problem.set(Some(
                        lang.t_with("proposal.decision_date_bad", &[("problem", &sentence)]),
                    ));
                    return;
                }
            },
            Transition::RecordConsultation { .. } => match parse_date(&consultation_date.get_untracked()) {
                Ok(date) => Transition::RecordConsultation {
                    consultation_date: date,
                },
                Err(error) => {
                    problem.set(Some(date_problem(lang, "proposal.consultation_date", &error)));
                    return;
                }
            },
            Transition::AdoptResolution { .. } => {
                let dates = (
                    parse_date(&decision_date.get_untracked())
                        .map_err(|error| date_problem(lang, "proposal.resolution_date", &error)),
                    parse_date(&effective_date.get_untracked())
                        .map_err(|error| date_problem(lang, "proposal.effective_date", &error)),
                );
                match dates {
                    (Ok(resolution_date), Ok(effective)) => Transition::AdoptResolution {
                        resolution_number: decision_number.get_untracked(),
                        resolution_date,
                        effective_date: effective,
                        new_unit_code: None,
                    },
                    (Err(text), _) | (_, Err(text)) => {
                        problem.set(Some(text));
                        return;
                    }
                }
            }
            other => other,
        };
        let text = comment.get_untracked();
        let mut updated = proposal.get_value();
        let planned = data.with_value(|data| {
            data.with_context(|context| plan_transition(&updated, &officer, step, Some(&text), now(), context))
        });
        match planned {
            Some(Ok(decision)) => {
                let recorded = updated.history.len();
                updated.record(decision);
                updated.sign_new_steps(recorded, officer.id, &signed.display_name);
            }
            Some(Err(error)) => {
                problem.set(Some(error.message(language)));
                return;
            }
            None => {
                problem.set(Some(lang.t("wizard.data_missing")));
                return;
            }
        }
        let Some(open) = store.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            // Every step is saved alike: a decision in effect is carried out
            // by the server, and its changes reach this device by sync.
            let saved = save_proposal(&open, officer.id, &updated).await;
            busy.set(false);
            match saved {
                Ok(()) => {
                    problem.set(None);
                    comment.set(String::new());
                    flash.set_for(
                        format!("/de-an/{}", updated.id),
                        format!(
                            "{}. {}",
                            updated.status_label(today()).get(language),
                            lang.t("app.saved_offline")
                        ),
                    );
                    store.changed();
                }
                Err(text) => problem.set(Some(text)),
            }
        });
    };
    let makes_effective = move || {
        steps()
            .iter()
            .any(|step| matches!(step, Transition::MakeEffective { .. }))
    };
    let forms_unit = proposal.with_value(|proposal| {
        matches!(
            proposal.action,
            Action::Merge {
                into: MergeTarget::NewUnit { .. }
            }
        )
    });
    let needs_decision = move || {
        steps()
            .iter()
            .any(|step| matches!(step, Transition::Approve { .. } | Transition::MakeEffective { .. }))
    };
    let records_consultation = move || {
        steps()
            .iter()
            .any(|step| matches!(step, Transition::RecordConsultation { .. }))
    };
    let records_resolution = move || {
        steps()
            .iter()
            .any(|step| matches!(step, Transition::AdoptResolution { .. }))
    };
    view! {
        <section class="proposal" data-testid="proposal">
            <h1>{proposal.with_value(|proposal| format!("{} — {}", proposal.action.label().get(language), target_text(proposal, lang)))}</h1>
            <p><ProposalStatusBadge proposal=shown/></p>
            {decision.map(|text| view! { <p data-testid="decision">{text}</p> })}
            <p class="muted" data-testid="procedure">{procedure_text}</p>
            {worker_plan_text.map(|text| view! { <p data-testid="worker-plan">{text}</p> })}
            <ReturnedComment proposal=returned/>
            <Show when=editable>
                <div class="button-row">
                    <a class="button" href=edit_path.clone() data-testid="edit-proposal">{lang.t("proposal.edit")}</a>
                </div>
            </Show>
            <table class="data stack" data-testid="proposal-units">
                <thead><tr>
                    <th>{lang.t("proposal.unit")}</th>
                    <th>{lang.t("proposal.households")}</th>
                    <th>{lang.t("proposal.population")}</th>
                    <th>{lang.t("wizard.consultation")}</th>
                </tr></thead>
                <tbody>{sources}{receiving}</tbody>
            </table>
            {evaluation.map(|found| view! {
                <div class="panel" data-testid="merger-result">
                    <p>{lang.t_with("wizard.totals_short", &[
                        ("households", &integer_vi(found.totals.households.into())),
                        ("population", &integer_vi(found.totals.population.into())),
                    ])}</p>
                    <p>{lang.pick(&found.classification.explanation)}</p>
                    {found.waiver.map(|waiver| view! { <p>{lang.pick(&waiver.explanation())}</p> })}
                </div>
            })}
            <Show when=move || !steps().is_empty()>
                <div class="panel" data-testid="proposal-actions">
                    <h2>{lang.t("proposal.actions")}</h2>
                    <div class="form-field">
                        <label for="decision-comment">{lang.t("proposal.comment")}</label>
                        <textarea id="decision-comment" data-testid="decision-comment" rows="3"
                            prop:value=move || comment.get()
                            on:input=move |event| comment.set(event_target_value(&event))></textarea>
                    </div>
                    <Show when=needs_decision>
                        <div class="form-field">
                            <label for="decision-number">{lang.t("proposal.decision_number")}</label>
                            <input id="decision-number" data-testid="decision-number" type="text"
                                prop:value=move || decision_number.get()
                                on:input=move |event| decision_number.set(event_target_value(&event))/>
                        </div>
                        <div class="form-field">
                            <label for="decision-date">{move || lang.t(if makes_effective() { "proposal.effective_date" } else { "proposal.decision_date" })}</label>
                            <input id="decision-date" data-testid="decision-date" type="text" inputmode="numeric" placeholder=lang.t("form.date_placeholder")
                                prop:value=move || decision_date.get()
                                on:input=move |event| decision_date.set(event_target_value(&event))/>
                        </div>
                        <Show when=move || makes_effective() && forms_unit>
                            <div class="form-field">
                                <label for="new-unit-code">{lang.t("proposal.new_unit_code")}</label>
                                <input id="new-unit-code" data-testid="new-unit-code" type="text" inputmode="numeric"
                                    prop:value=move || new_unit_code.get()
                                    on:input=move |event| new_unit_code.set(event_target_value(&event))/>
                            </div>
                        </Show>
                    </Show>
                    <Show when=records_consultation>
                        <div class="form-field">
                            <label for="consultation-date">{lang.t("proposal.consultation_date")}</label>
                            <input id="consultation-date" data-testid="consultation-date" type="text" inputmode="numeric" placeholder=lang.t("form.date_placeholder")
                                prop:value=move || consultation_date.get()
                                on:input=move |event| consultation_date.set(event_target_value(&event))/>
                        </div>
                    </Show>
                    <Show when=records_resolution>
                        <div class="form-field">
                            <label for="resolution-number">{lang.t("proposal.resolution_number")}</label>
                            <input id="resolution-number" data-testid="resolution-number" type="text"
                                prop:value=move || decision_number.get()
                                on:input=move |event| decision_number.set(event_target_value(&event))/>
                        </div>
                        <div class="form-field">
                            <label for="resolution-date">{lang.t("proposal.resolution_date")}</label>
                            <input id="resolution-date" data-testid="resolution-date" type="text" inputmode="numeric" placeholder=lang.t("form.date_placeholder")
                                prop:value=move || decision_date.get()
                                on:input=move |event| decision_date.set(event_target_value(&event))/>
                        </div>
                        <div class="form-field">
                            <label for="effective-date">{lang.t("proposal.effective_date")}</label>
                            <input id="effective-date" data-testid="effective-date" type="text" inputmode="numeric" placeholder=lang.t("form.date_placeholder")
                                prop:value=move || effective_date.get()
                                on:input=move |event| effective_date.set(event_target_value(&event))/>
                        </div>
                    </Show>
                    <div class="button-row">
                        {move || steps().into_iter().map(|step| {
                            let label = step.label().get(language).to_owned();
                            let key = format!("step-{}", step_key(&step));
                            view! {
                                <button type="button" data-testid=key disabled=move || busy.get()
                                    on:click=move |_| take(step.clone())>{label}</button>
                            }
                        }).collect_view()}
                    </div>
                    {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="step-problem">{text}</p> })}
                </div>
            </Show>
            <h2>{lang.t("proposal.history")}</h2>
            <ol class="history" data-testid="history">{history}</ol>
        </section>
    }
}

/// "Ngày lấy ý kiến: không được sau ngày hôm nay." — a date field's problem
/// named by its label.
fn date_problem(lang: Lang, label_key: &str, error: &domain::ValidationError) -> String {
    lang.t_with(
        "proposal.date_bad",
        &[
            ("field", &lang.t(label_key)),
            ("problem", &error.problem.sentence(lang.get_untracked())),
        ],
    )
}
