//! The village procedure of NĐ 185/2026 through the API, on a server of
//! today (the 65 units): the commune officer drafts the Đề án with its worker
//! plan, records the consultation, the province comments, the commune records
//! the HĐND xã's resolution and the server carries it out; no district step.

use crate::helpers::{Backend, TestApp, spawn_app};
use crate::procedure_support::*;
use domain::proposal::workflow::{Status, Transition};
use domain::proposal::{MergeTarget, Part, ProcedureId, Proposal, WorkerPlan};
use domain::sync::RecordType;
use domain::sync::protocol::Outcome;
use domain::{Area, Lifecycle, Role, SyncMeta, UnitKind, UnitLevel, UnitName};
use uuid::Uuid;

crate::on_both_backends!(procedure_nd185:
    the_commune_council_decides_and_the_server_carries_it_out,
);

/// Xã Đoàn Kết (06001), one of the 65 units since 1/7/2025.
const COMMUNE: &str = "06001";

async fn commune_id(app: &TestApp) -> Uuid {
    let body = app.get_json(&format!("/api/v1/units/{COMMUNE}"), 200).await;
    assert_eq!(body["name"], "Xã Đoàn Kết");
    body["id"].as_str().unwrap().parse().unwrap()
}

fn refusal(outcome: &Outcome) -> (String, String) {
    match outcome {
        Outcome::Refused { code, reason } => (code.clone(), reason.clone()),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

pub async fn the_commune_council_decides_and_the_server_carries_it_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let today = app.clock.now().vietnam_date();
    let commune = commune_id(&app).await;
    let mut officer = Tablet::new(&app, "can.bo.doan.ket", Role::CommuneOfficer, COMMUNE).await;
    let mut province = Tablet::new(&app, "can.bo.tinh", Role::ProvinceOfficer, "20").await;
    let by = officer.officer();

    let first = new_unit("Thôn Nà Pàn", UnitKind::Village, commune, by);
    let second = new_unit("Thôn Khuổi Tát", UnitKind::Village, commune, by);
    for (village, households) in [(&first, 80), (&second, 90)] {
        officer.save_ok(&app, RecordType::Unit, village.id, village).await;
        let review = village_review(village.id, households, households * 4, 300, today, by);
        officer
            .save_ok(&app, RecordType::VillageReview, review.id, &review)
            .await;
    }
    let new_id = Uuid::now_v7();
    let mut proposal = merger(
        UnitLevel::Village,
        vec![
            source(
                first.id,
                "Thôn Nà Pàn",
                Part::Whole,
                figures(80, 320, Area::from_hectares(300)),
            ),
            source(
                second.id,
                "Thôn Khuổi Tát",
                Part::Whole,
                figures(90, 360, Area::from_hectares(300)),
            ),
        ],
        MergeTarget::NewUnit {
            id: new_id,
            name: UnitName::parse("Thôn Nà Pàn Khuổi Tát").unwrap(),
            kind: UnitKind::Village,
            parent_id: commune,
        },
        by,
    );
    proposal.rule_set_id = domain::rules::RuleSetId::new("ND185_2026");
    proposal.consultations = vec![passing(first.id, 80), passing(second.id, 90)];
    proposal.meta = SyncMeta::created(app.clock.now(), by);

    // Drafted today without a procedure, it would follow 2018's, which no longer applies.
    let unrecorded = Proposal {
        id: Uuid::now_v7(),
        ..proposal.clone()
    };
    let outcome = officer
        .save(&app, RecordType::Proposal, unrecorded.id, &unrecorded)
        .await;
    assert_eq!(refusal(&outcome).0, "procedure_not_in_force");

    proposal.procedure = Some(ProcedureId::VillagesNd185);
    officer
        .save_ok(&app, RecordType::Proposal, proposal.id, &proposal)
        .await;

    // No submission to a district; and the consultation needs the worker plan.
    let mut attempt = proposal.clone();
    let outcome = officer
        .step(&app, &mut attempt, Transition::Submit, Status::Submitted, None)
        .await;
    assert_eq!(refusal(&outcome).0, "workflow");
    let consulted = Status::Consulted {
        consultation_date: today,
    };
    let record_consultation = Transition::RecordConsultation {
        consultation_date: today,
    };
    let mut attempt = proposal.clone();
    let outcome = officer
        .step(&app, &mut attempt, record_consultation.clone(), consulted.clone(), None)
        .await;
    let (code, reason) = refusal(&outcome);
    assert_eq!(code, "workflow");
    assert!(
        reason.contains("Phương án bố trí người hoạt động không chuyên trách"),
        "{reason}"
    );

    proposal.worker_plan = Some(WorkerPlan {
        workers_before: 6,
        workers_after: 3,
        arrangement: "3 người thôi đảm nhiệm từ ngày nghị quyết có hiệu lực".to_owned(),
    });
    officer
        .save_ok(&app, RecordType::Proposal, proposal.id, &proposal)
        .await;
    officer
        .step_ok(&app, &mut proposal, record_consultation, consulted.clone())
        .await;

    // The province sees the step and comments; the status stays.
    let seen = province.proposal(&app, proposal.id).await;
    assert_eq!(seen.status, consulted);
    let mut commented = seen.clone();
    let outcome = province
        .step(
            &app,
            &mut commented,
            Transition::Comment,
            consulted.clone(),
            Some("Đề nghị gửi kèm biên bản họp thôn"),
        )
        .await;
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");

    // The commune records the HĐND xã's resolution, in effect today.
    let mut proposal = officer.proposal(&app, proposal.id).await;
    assert_eq!(proposal.history.len(), 2, "the consultation and the province's comment");
    let effective = Status::Effective {
        decision_number: "15/NQ-HĐND".to_owned(),
        decision_date: today,
        effective_date: today,
    };
    officer
        .step_ok(
            &app,
            &mut proposal,
            Transition::AdoptResolution {
                resolution_number: "15/NQ-HĐND".to_owned(),
                resolution_date: today,
                effective_date: today,
                new_unit_code: None,
            },
            effective.clone(),
        )
        .await;

    // Carried out by the server: the villages merged, the province sees it all.
    let done = province.proposal(&app, proposal.id).await;
    assert_eq!(done.status, effective);
    assert!(done.carried_out.is_some(), "carried out in the push's transaction");
    assert!(
        done.history
            .iter()
            .all(|decision| decision.role != Role::DistrictOfficer),
        "no district step"
    );
    let merged = province.unit(&app, first.id).await;
    assert!(
        matches!(merged.lifecycle, Some(Lifecycle::MergedInto { unit_id, .. }) if unit_id == new_id),
        "{:?}",
        merged.lifecycle
    );
    let new_village = province.unit(&app, new_id).await;
    assert_eq!(new_village.parent_id, Some(commune));
    assert_eq!(
        new_village.figures.as_ref().and_then(|figures| figures.households),
        Some(170)
    );
}
