//! The village procedure of NĐ 185/2026/NĐ-CP: the commune drafts the Đề án
//! with its worker plan, records the consultation and the report of opinions,
//! then the HĐND xã's resolution; the province may comment; no district step.
//! And a proposal keeps the procedure of the day it was drafted.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use domain::proposal::{
    Procedure, ProcedureId, Proposal, ProposalContext, Status, StepKind, Transition, TransitionError,
    VillageMergerPlanner, WorkerPlan, plan_application, plan_transition,
};
use domain::rules::RuleBook;
use domain::{Field, Officer, Problem, Role, UnitLevel};
use support::*;

fn decree_merger(province: &Province) -> Proposal {
    let mut proposal = village_merger(province, 300, &[1, 2, 3], 60, "Thôn Nà Pàn Mới");
    proposal.procedure = Some(ProcedureId::VillagesNd185);
    proposal.rule_set_id = domain::rules::RuleSetId::new("ND185_2026");
    proposal.worker_plan = Some(WorkerPlan {
        workers_before: 9,
        workers_after: 3,
        arrangement: "6 người thôi đảm nhiệm, hưởng trợ cấp một lần theo nghị quyết của HĐND tỉnh".to_owned(),
    });
    proposal
}

fn step(
    proposal: &mut Proposal,
    province: &Province,
    officer: &Officer,
    transition: Transition,
    comment: Option<&str>,
) -> Result<(), TransitionError> {
    let hierarchy = province.hierarchy();
    let proposals = Vec::new();
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &proposals,
    };
    let decision = plan_transition(proposal, officer, transition, comment, NOW, &context)?;
    proposal.record(decision);
    Ok(())
}

fn consultation() -> Transition {
    Transition::RecordConsultation {
        consultation_date: date("2026-11-20"),
    }
}

fn resolution(number: &str, on: &str) -> Transition {
    Transition::AdoptResolution {
        resolution_number: number.to_owned(),
        resolution_date: date(on),
        effective_date: date("2026-12-01"),
        new_unit_code: None,
    }
}

#[test]
fn the_commune_council_decides_a_village_merger_and_the_province_comments() {
    let province = province();
    let mut proposal = decree_merger(&province);

    // The 2018 steps are not this procedure's: no submission to a district.
    let refused = step(&mut proposal, &province, &commune_officer(), Transition::Submit, None).unwrap_err();
    assert!(
        matches!(refused, TransitionError::NotFromThisStatus { .. }),
        "{refused:?}"
    );

    step(&mut proposal, &province, &commune_officer(), consultation(), None).unwrap();
    assert_eq!(
        proposal.status,
        Status::Consulted {
            consultation_date: date("2026-11-20")
        }
    );

    // The district no longer has a step; the province may comment and the status stays.
    let district = step(
        &mut proposal,
        &province,
        &district_officer(),
        resolution("12/NQ-HĐND", "2026-11-25"),
        None,
    )
    .unwrap_err();
    assert!(
        matches!(
            district,
            TransitionError::WrongRole {
                owner: Role::CommuneOfficer,
                ..
            }
        ),
        "{district:?}"
    );
    let silent = step(&mut proposal, &province, &province_officer(), Transition::Comment, None).unwrap_err();
    assert_eq!(silent, TransitionError::CommentRequired);
    step(
        &mut proposal,
        &province,
        &province_officer(),
        Transition::Comment,
        Some("Đề nghị bổ sung biên bản họp thôn"),
    )
    .unwrap();
    assert!(matches!(proposal.status, Status::Consulted { .. }));
    assert_eq!(proposal.history.len(), 2);
    assert_eq!(proposal.history[1].role, Role::ProvinceOfficer);

    // The resolution cannot come before the consultation.
    let early = step(
        &mut proposal,
        &province,
        &commune_officer(),
        resolution("12/NQ-HĐND", "2026-11-19"),
        None,
    )
    .unwrap_err();
    assert_eq!(
        early,
        TransitionError::ResolutionBeforeConsultation {
            consulted: date("2026-11-20")
        }
    );
    assert!(early.message(domain::Language::Vi).contains("20/11/2026"));

    step(
        &mut proposal,
        &province,
        &commune_officer(),
        resolution("12/NQ-HĐND", "2026-11-25"),
        None,
    )
    .unwrap();
    assert_eq!(
        proposal.status,
        Status::Effective {
            decision_number: "12/NQ-HĐND".to_owned(),
            decision_date: date("2026-11-25"),
            effective_date: date("2026-12-01"),
        }
    );
    assert!(
        proposal
            .history
            .iter()
            .all(|decision| decision.role != Role::DistrictOfficer),
        "no district step"
    );

    // Carried out like any effective decision.
    let hierarchy = province.hierarchy();
    let proposals = Vec::new();
    let context = ProposalContext {
        hierarchy: &hierarchy,
        figures: &province.figures,
        proposals: &proposals,
    };
    let operations = plan_application(&proposal, &context, NOW, province_officer().id).unwrap();
    assert!(!operations.is_empty());
}

#[test]
fn the_decree_asks_for_the_worker_plan_within_three_workers_a_village() {
    let province = province();
    let not_ready = |proposal: &mut Proposal| match step(proposal, &province, &commune_officer(), consultation(), None)
    {
        Err(TransitionError::NotReady(problems)) => problems,
        other => panic!("expected a refusal, got {other:?}"),
    };

    let mut missing = decree_merger(&province);
    missing.worker_plan = None;
    let problems = not_ready(&mut missing);
    assert!(
        problems
            .iter()
            .any(|problem| problem.field == Field::WorkerPlan && problem.problem == Problem::Required),
        "{problems:?}"
    );
    assert!(
        problems[0]
            .message(domain::Language::Vi)
            .starts_with("Phương án bố trí người hoạt động không chuyên trách: cần nhập")
    );

    let mut too_many = decree_merger(&province);
    too_many.worker_plan.as_mut().unwrap().workers_after = 4;
    let problems = not_ready(&mut too_many);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].field, Field::WorkersAfter);
    assert!(problems[0].message(domain::Language::Vi).contains("tối đa 3"));

    let mut unexplained = decree_merger(&province);
    unexplained.worker_plan.as_mut().unwrap().arrangement = "  ".to_owned();
    let problems = not_ready(&mut unexplained);
    assert_eq!(problems[0].field, Field::WorkerArrangement);

    // The 2018 procedure asked for none.
    let mut old = village_merger(&province, 301, &[1, 2, 3], 61, "Thôn Cũ");
    assert_eq!(old.procedure().id, ProcedureId::Villages2018);
    step(&mut old, &province, &commune_officer(), Transition::Submit, None).unwrap();
}

#[test]
fn a_consultation_cannot_be_recorded_ahead_of_today() {
    let province = province();
    let mut proposal = decree_merger(&province);
    let ahead = Transition::RecordConsultation {
        consultation_date: date("2026-11-29"),
    };
    assert_eq!(
        step(&mut proposal, &province, &commune_officer(), ahead, None),
        Err(TransitionError::ConsultationInFuture)
    );
}

#[test]
fn a_proposal_keeps_the_procedure_of_the_day_it_was_drafted() {
    let province = province();
    let commune = province.unit(QUANG_LANG).clone();
    let book = RuleBook::built_in();
    let before = VillageMergerPlanner::new(&book, commune.clone(), Vec::new(), date("2026-05-25"));
    let after = VillageMergerPlanner::new(&book, commune, Vec::new(), date("2026-05-26"));
    assert_eq!(before.procedure().id, ProcedureId::Villages2018);
    assert_eq!(after.procedure().id, ProcedureId::VillagesNd185);
    assert_eq!(after.procedure().first_step(), StepKind::RecordConsultation);
    assert!(after.procedure().title().vi.starts_with("Nghị định 185/2026/NĐ-CP"));

    // A proposal drafted on 25/5/2026 and worked on after keeps the 2018 steps.
    let mut drafted = village_merger(&province, 302, &[1, 2, 3], 62, "Thôn Trước");
    step(&mut drafted, &province, &commune_officer(), Transition::Submit, None).unwrap();
    step(&mut drafted, &province, &district_officer(), Transition::Review, None).unwrap();
    assert_eq!(drafted.status, Status::DistrictReviewed);
    // One recorded before procedures were was drafted under 2018's, the only one
    // there was; a new one without a procedure is refused after 25/5/2026.
    drafted.procedure = None;
    assert_eq!(drafted.procedure().id, ProcedureId::Villages2018);
    assert!(!drafted.procedure_in_force_when_drafted(date("2026-11-28")));
    assert!(drafted.procedure_in_force_when_drafted(date("2025-06-15")));
    assert!(decree_merger(&province).procedure_in_force_when_drafted(date("2026-11-28")));
    assert_eq!(
        Procedure::in_force(UnitLevel::Commune, date("2026-08-01")).id,
        ProcedureId::Communes
    );
}
