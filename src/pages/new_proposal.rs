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
use crate::pages::unit_page::route_unit_id;
use crate::proposal_data::ProposalData;
use crate::recording::{SAVED_OFFLINE, save_proposal};
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use domain::format::integer_vi;
use domain::forms::village_name;
use domain::proposal::{
    DraftTarget, Proposal, Transition, VillageMergerPlanner, VillageOnRecord, check_proposal, plan_transition,
};
use domain::rules::RuleBook;
use domain::{Language, Officer, OfficerId, SyncMeta, Unit, UnitKind, ValidationError};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashMap;
use uuid::Uuid;

#[component]
pub fn NewProposalPage() -> impl IntoView {
    let store = DeviceStore::expect();
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
        <Suspense fallback=|| view! { <p class="loading">"Đang đọc dữ liệu trên máy…"</p> }>
            {move || loaded.get().map(|found| match found {
                Some((commune, data)) => view! { <ProposalWizard commune data/> }.into_any(),
                None => view! { <p class="error" role="alert">"Không tìm thấy xã này trên máy."</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// Messages of a list of problems, in Vietnamese.
fn messages(errors: &[ValidationError]) -> Vec<String> {
    errors.iter().map(|error| error.message(Language::Vi)).collect()
}

#[component]
fn ProposalWizard(commune: Unit, data: ProposalData) -> impl IntoView {
    let store = DeviceStore::expect();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let navigate = use_navigate();
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
            1 if chosen.with_untracked(Vec::len) < 2 => vec!["Hãy chọn ít nhất 2 thôn để sáp nhập.".to_owned()],
            2 => match untrack(build) {
                Ok(proposal) => data.with_value(|data| {
                    data.with_context(|context| messages(&check_proposal(&proposal, context)))
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|message| !message.starts_with("Lấy ý kiến"))
                        .collect()
                }),
                Err(errors) => messages(&errors),
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
            problems.set(vec!["Hãy đăng nhập trước khi lập phương án.".to_owned()]);
            return;
        };
        let mut proposal = match untrack(build) {
            Ok(proposal) => proposal,
            Err(errors) => {
                problems.set(messages(&errors));
                return;
            }
        };
        let checked = data.with_value(|data| {
            data.with_context(|context| {
                if submit {
                    plan_transition(&proposal, &officer, Transition::Submit, None, now(), context)
                        .map(Some)
                        .map_err(|error| vec![error.message(Language::Vi)])
                } else {
                    let errors = check_proposal(&proposal, context);
                    if errors.is_empty() {
                        Ok(None)
                    } else {
                        Err(messages(&errors))
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
                problems.set(vec![
                    "Dữ liệu đơn vị trên máy chưa đủ để kiểm tra phương án; hãy đồng bộ.".to_owned(),
                ]);
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
                    let what = if submit {
                        "Đã trình phương án"
                    } else {
                        "Đã lưu dự thảo phương án"
                    };
                    flash.set_for(&path, format!("{what}. {SAVED_OFFLINE}"));
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
                    .map_or_else(|| "chưa rà soát".to_owned(), |review| format!("{} hộ", integer_vi(review.households.into())));
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
            view! {
                <li class="panel">
                    <p>{group.explanation.vi.clone()}</p>
                    <button type="button" class="button-secondary" data-testid="use-suggestion"
                        on:click=move |_| chosen.set(units.clone())>"Chọn gợi ý này"</button>
                </li>
            }
        })
        .collect_view();
    let unresolved = suggestions
        .unresolved
        .iter()
        .map(|left| view! { <li>{left.explanation.vi.clone()}</li> })
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
            <h1>{format!("Phương án sáp nhập thôn — {}", commune.name.as_str())}</h1>
            <ol class="steps" aria-label="Các bước">
                <li class:current=move || step.get() == 1>"1. Chọn thôn"</li>
                <li class:current=move || step.get() == 2>"2. Thôn sau sáp nhập"</li>
                <li class:current=move || step.get() == 3>"3. Lấy ý kiến cử tri, trình"</li>
            </ol>
            <div hidden=move || step.get() != 1>
                <h2>"Gợi ý"</h2>
                {if suggestions.groups.is_empty() {
                    view! { <p class="muted">"Chưa có gợi ý: cần số liệu rà soát của các thôn dưới mức phải sáp nhập."</p> }.into_any()
                } else {
                    view! { <ul class="plain-list">{suggestion_rows}</ul> }.into_any()
                }}
                <ul class="plain-list muted">{unresolved}</ul>
                <h2>"Các thôn của xã"</h2>
                <ul class="unit-list">{village_rows}</ul>
            </div>
            <div hidden=move || step.get() != 2>
                <fieldset class="form-group">
                    <legend>"Thôn sau sáp nhập"</legend>
                    <label class="checkbox">
                        <input type="radio" name="target" data-testid="target-new"
                            prop:checked=move || into_existing.get().is_none()
                            on:change=move |_| into_existing.set(None)/>
                        "Lập thôn mới"
                    </label>
                    {move || chosen.get().into_iter().map(|id| view! {
                        <label class="checkbox">
                            <input type="radio" name="target" data-testid="target-existing"
                                prop:checked=move || into_existing.get() == Some(id)
                                on:change=move |_| into_existing.set(Some(id))/>
                            {format!("Sáp nhập vào {}", name_of(id))}
                        </label>
                    }).collect_view()}
                    <Show when=move || into_existing.get().is_none()>
                        <div class="form-field">
                            <label for="new-village-kind">"Loại"</label>
                            <select id="new-village-kind" on:change=move |event| {
                                let value = event_target_value(&event);
                                if let Some(kind) = [UnitKind::Village, UnitKind::Hamlet, UnitKind::UrbanQuarter, UnitKind::ResidentialGroup]
                                    .into_iter().find(|kind| format!("{kind:?}") == value) { new_kind.set(kind); }
                            }>
                                <option value="Village">"Thôn"</option>
                                <option value="Hamlet">"Bản"</option>
                                <option value="UrbanQuarter">"Khối phố"</option>
                                <option value="ResidentialGroup">"Tổ dân phố"</option>
                            </select>
                        </div>
                        <div class="form-field">
                            <label for="new-village-name">"Tên thôn mới"</label>
                            <input id="new-village-name" data-testid="new-village-name" type="text"
                                prop:value=move || new_name.get()
                                on:input=move |event| new_name.set(event_target_value(&event))/>
                        </div>
                    </Show>
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || no_other_neighbour.get()
                            on:change=move |event| no_other_neighbour.set(event_target_checked(&event))/>
                        "Không còn thôn liền kề nào khác có thể sáp nhập thêm"
                    </label>
                </fieldset>
                <div class="panel" data-testid="merger-result">
                    {move || match evaluation() {
                        Some(found) => view! {
                            <p>
                                {format!(
                                    "Sau sáp nhập: {} hộ, {} nhân khẩu, {} ha. ",
                                    integer_vi(found.totals.households.into()),
                                    integer_vi(found.totals.population.into()),
                                    found.totals.area.hectares_text(Language::Vi)
                                )}
                                <StandingBadge standing=Some(found.classification.standing)/>
                            </p>
                            <p>{found.classification.explanation.vi.clone()}</p>
                            {found.waiver.map(|waiver| view! { <p>{waiver.explanation().vi}</p> })}
                        }.into_any(),
                        None => view! { <p class="muted">"Chọn thôn và đặt tên để xem kết quả."</p> }.into_any(),
                    }}
                </div>
            </div>
            <div hidden=move || step.get() != 3>
                <h2>"Lấy ý kiến cử tri"</h2>
                <p class="muted">"Phải có trên 50% tổng số cử tri (hộ) của từng thôn đồng ý."</p>
                {move || {
                    let involved = build().map(|proposal| proposal.involved_units()).unwrap_or_else(|_| chosen.get());
                    involved.into_iter().map(|unit| {
                        let inputs = consultations.with_value(|inputs| inputs.get(&unit).copied()).unwrap_or_default();
                        let summary = move || match inputs.read(unit) {
                            Some(Ok(consultation)) if consultation.is_consistent() => consultation.summary().vi,
                            Some(Ok(_)) => "Số liệu không khớp: số tham gia không quá tổng số; số ý kiến không quá số tham gia.".to_owned(),
                            Some(Err(error)) => error.message(Language::Vi),
                            None => "Chưa nhập.".to_owned(),
                        };
                        view! {
                            <fieldset class="form-group consultation" data-testid="consultation">
                                <legend>{name_of(unit)}</legend>
                                <div class="figures">
                                    {inputs.columns().into_iter().map(|(value, label, key)| {
                                        let input_id = format!("{key}-{unit}");
                                        view! {
                                            <div class="form-field">
                                                <label for=input_id.clone()>{label}</label>
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
                    <button type="button" class="button-secondary" on:click=back>"Quay lại"</button>
                </Show>
                <Show when=move || { step.get() < 3 }>
                    <button type="button" data-testid="next-step" on:click=next>"Tiếp"</button>
                </Show>
                <Show when=move || { step.get() == 3 }>
                    <button type="button" class="button-secondary" data-testid="save-draft" disabled=move || busy.get()
                        on:click={
                            let finish = finish_draft.clone();
                            move |_| finish(false)
                        }>"Lưu dự thảo"</button>
                    <button type="button" data-testid="submit-proposal" disabled=move || busy.get()
                        on:click={
                            let finish = finish.clone();
                            move |_| finish(true)
                        }>"Trình huyện"</button>
                </Show>
            </div>
        </section>
    }
}
