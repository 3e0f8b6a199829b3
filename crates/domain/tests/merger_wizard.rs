//! The village-merger wizard as the officer fills it, step by step, driven
//! natively: the same state and checks the tablet's screen draws.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use domain::forms::{ConsultationColumn, DraftIds, FinishError, VillageMergerForm, WizardStep};
use domain::proposal::{
    Action, MergeTarget, ProposalContext, Status, Transition, VillageMergerPlanner, VillageOnRecord, plan_transition,
};
use domain::review::VillageReview;
use domain::rules::RuleBook;
use domain::{Field, OfficerId, SyncMeta, Timestamp};
use support::*;

const IDS: DraftIds = DraftIds {
    proposal: uuid::Uuid::from_u128(40),
    new_village: uuid::Uuid::from_u128(50),
};

fn meta() -> SyncMeta {
    SyncMeta::created(NOW, commune_officer().id)
}

/// Quang Lang's five villages with their figures, as the planner sees them.
fn planner(province: &Province) -> VillageMergerPlanner {
    let commune = province.unit(QUANG_LANG).clone();
    let villages = VILLAGES
        .iter()
        .map(|number| {
            let unit = province.unit(*number).clone();
            let figures = province.figures[&unit.id];
            VillageOnRecord {
                review: Some(VillageReview {
                    id: id(1_000 + number),
                    unit_id: unit.id,
                    households: figures.households,
                    population: figures.population,
                    area: figures.area,
                    non_professional_workers: 3,
                    ethnic_minority_percent: None,
                    special_status: None,
                    location: None,
                    reviewed_on: date("2025-11-01"),
                    reviewer: OfficerId(id(77)),
                    notes: String::new(),
                    meta: SyncMeta::created(Timestamp(0), OfficerId(id(77))),
                }),
                unit,
            }
        })
        .collect();
    VillageMergerPlanner::new(&RuleBook::built_in(), commune, villages, date("2025-11-28"))
}

fn type_passing_consultation(form: &mut VillageMergerForm, village: uuid::Uuid) {
    for (column, text) in [
        (ConsultationColumn::Eligible, "62"),
        (ConsultationColumn::Participating, "60"),
        (ConsultationColumn::Agreeing, "55"),
        (ConsultationColumn::Disagreeing, "5"),
    ] {
        form.set_consultation(village, column, text.to_owned());
    }
}

#[test]
fn the_wizard_asks_for_two_villages_a_name_and_each_consultation_before_it_submits() {
    let province = province();
    let hierarchy = province.hierarchy();
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &[],
    };
    let planner = planner(&province);
    let mut form = VillageMergerForm::default();

    form.toggle(id(1), true);
    let refused = form.next(&planner, &context, IDS, meta()).unwrap_err();
    assert_eq!(refused[0].field, Field::Sources, "one village is not a merger");
    assert_eq!(form.step, WizardStep::ChooseVillages);

    form.toggle(id(2), true);
    form.next(&planner, &context, IDS, meta()).unwrap();
    assert_eq!(form.step, WizardStep::Outcome);
    let refused = form.next(&planner, &context, IDS, meta()).unwrap_err();
    assert_eq!(refused[0].field, Field::Name, "a new village needs a name");
    form.new_name = "Nà Pàn Mới".to_owned();
    form.next(&planner, &context, IDS, meta()).unwrap();
    assert_eq!(form.step, WizardStep::Consultation);
    let draft = form.draft(&planner, IDS, meta()).unwrap();
    assert_eq!(draft.totals().households, 62 + 55);

    let officer = district_officer();
    let refused = form.finish(&planner, &context, IDS, &officer, true, NOW).unwrap_err();
    assert!(
        matches!(
            &refused,
            FinishError::Transition(domain::proposal::TransitionError::NotReady(_))
        ),
        "no consultation yet: {refused:?}"
    );
    form.set_consultation(id(1), ConsultationColumn::Eligible, "sáu mươi".to_owned());
    let refused = form.finish(&planner, &context, IDS, &officer, true, NOW).unwrap_err();
    assert!(
        matches!(&refused, FinishError::Problems(problems) if problems[0].field == Field::Consultation),
        "{refused:?}"
    );
    type_passing_consultation(&mut form, id(1));
    type_passing_consultation(&mut form, id(2));
    let submitted = form.finish(&planner, &context, IDS, &officer, true, NOW).unwrap();
    assert_eq!(submitted.status, Status::Submitted);
    assert_eq!(submitted.history.len(), 1);
    let draft = form.finish(&planner, &context, IDS, &officer, false, NOW).unwrap();
    assert_eq!(draft.status, Status::Draft, "saved as a draft, nothing recorded");
    assert_eq!(draft.id, submitted.id, "one proposal however often it is saved");
}

#[test]
fn a_village_let_go_no_longer_receives_and_going_back_keeps_what_was_typed() {
    let province = province();
    let planner = planner(&province);
    let mut form = VillageMergerForm::default();
    form.choose(&[id(1), id(2), id(4)]);
    form.into_existing = Some(id(4));
    form.step = WizardStep::Consultation;
    type_passing_consultation(&mut form, id(4));
    assert_eq!(form.involved(&planner, IDS, meta()), vec![id(1), id(2), id(4)]);
    form.toggle(id(4), false);
    assert_eq!(form.into_existing, None);
    form.back();
    assert_eq!(form.step, WizardStep::Outcome);
    assert_eq!(form.consultation(id(4)).eligible, "62", "typed figures stay");
}

#[test]
fn the_wizard_says_why_it_has_no_suggestion() {
    let province = province();
    let commune = province.unit(QUANG_LANG).clone();
    // Every village held by another proposal: nothing to choose.
    let none = VillageMergerPlanner::new(&RuleBook::built_in(), commune.clone(), Vec::new(), date("2025-11-28"));
    let why = none.why_no_suggestion(&none.suggestions()).expect("a reason");
    assert!(why.vi.starts_with("Không còn thôn nào để chọn"), "{}", why.vi);

    // Villages with no review yet: that is the reason, with their number.
    let unreviewed: Vec<VillageOnRecord> = planner(&province)
        .villages()
        .iter()
        .map(|village| VillageOnRecord {
            unit: village.unit.clone(),
            review: None,
        })
        .collect();
    let count = unreviewed.len();
    let waiting = VillageMergerPlanner::new(&RuleBook::built_in(), commune, unreviewed, date("2025-11-28"));
    let why = waiting.why_no_suggestion(&waiting.suggestions()).expect("a reason");
    assert_eq!(
        why.vi,
        format!("Chưa có gợi ý: {count} thôn chưa có số liệu rà soát; hãy rà soát trước.")
    );

    // With figures below the standard, suggestions come and no reason is given.
    let full = planner(&province);
    let suggestions = full.suggestions();
    assert_eq!(
        full.why_no_suggestion(&suggestions).is_none(),
        !suggestions.groups.is_empty()
    );
}

#[test]
fn a_returned_proposal_opens_in_the_wizard_as_saved_and_goes_back_with_its_steps() {
    let province = province();
    let hierarchy = province.hierarchy();
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &[],
    };
    let planner = planner(&province);
    let commune = commune_officer();
    let mut form = VillageMergerForm::default();
    form.choose(&[id(1), id(2)]);
    form.new_name = "Nà Pàn Mới".to_owned();
    type_passing_consultation(&mut form, id(1));
    type_passing_consultation(&mut form, id(2));
    let mut proposal = form.finish(&planner, &context, IDS, &commune, true, NOW).unwrap();
    let returned = plan_transition(
        &proposal,
        &district_officer(),
        Transition::Return,
        Some("bổ sung biên bản họp"),
        NOW,
        &context,
    )
    .unwrap();
    proposal.record(returned);
    assert_eq!(proposal.status, Status::Returned);

    let (mut reopened, ids) = VillageMergerForm::of(&proposal).expect("a village merger");
    assert_eq!(ids, IDS, "the same record, the same new village");
    assert_eq!(reopened.chosen, vec![id(1), id(2)]);
    assert_eq!(reopened.new_name, "Nà Pàn Mới", "the name as typed, without 'Thôn'");
    assert_eq!(reopened.consultation(id(2)).agreeing, "55");
    reopened.new_name = "Nà Pàn".to_owned();
    // The second village consulted again, with other figures: its second round.
    reopened.set_consultation(id(2), ConsultationColumn::Agreeing, "58".to_owned());
    reopened.set_consultation(id(2), ConsultationColumn::Disagreeing, "2".to_owned());
    let again = reopened.finish(&planner, &context, ids, &commune, true, NOW).unwrap();
    let rounds = |unit| {
        again
            .consultations
            .iter()
            .filter(|round| round.unit_id == unit)
            .map(|round| (round.round, round.agreeing))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rounds(id(1)),
        [(1, 55)],
        "figures typed as they were: the same round, once"
    );
    assert_eq!(
        rounds(id(2)),
        [(1, 55), (2, 58)],
        "the first round kept, the new one after it"
    );
    assert_eq!(again.id, proposal.id);
    assert_eq!(again.status, Status::Submitted);
    assert_eq!(again.history.len(), 3, "submitted, returned, submitted again");
    assert_eq!(again.history[1].comment.as_deref(), Some("bổ sung biên bản họp"));
    assert_eq!(
        again.meta.revision, proposal.meta.revision,
        "the stored record's version, for the sync"
    );
    assert!(matches!(
        &again.action,
        Action::Merge { into: MergeTarget::NewUnit { name, .. } } if name.as_str() == "Thôn Nà Pàn"
    ));

    // Sent on, it is no longer the wizard's.
    let (sent, ids) = VillageMergerForm::of(&again).unwrap();
    let refused = sent.finish(&planner, &context, ids, &commune, false, NOW).unwrap_err();
    assert!(
        matches!(&refused, FinishError::NotEditable(why) if why.vi.contains("Đã trình")),
        "{refused:?}"
    );
}
