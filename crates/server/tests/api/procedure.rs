//! The server carries out the procedure: decisions recorded through the API
//! change the units on the server, in the transaction that records them (or
//! on their day), every step is checked by the domain where it lands, and
//! the units API says what became of each unit.

use crate::helpers::{BEFORE_REFORM, Backend, TestApp, spawn_app_before_reform, spawn_app_with};
use crate::procedure_support::*;
use domain::proposal::workflow::{Status, Transition};
use domain::proposal::{MergeTarget, Part};
use domain::rules::classification::Standing;
use domain::sync::RecordType;
use domain::sync::protocol::Outcome;
use domain::{Area, Lifecycle, Role, UnitKind, UnitLevel, UnitName};
use server::clock::Clock;
use server::http::Settings;
use uuid::Uuid;

crate::on_both_backends!(procedure:
    a_village_merger_made_effective_changes_the_units_on_the_server_and_every_device_pulls_it,
    quang_lang_merged_into_dong_mo_moves_its_villages_and_records_the_figures_of_nq_818,
    a_commune_divided_between_two_receivers_ends_divided_after_its_second_share,
    a_future_effective_date_changes_nothing_until_that_day_then_applies_once,
    steps_the_rules_forbid_are_refused_and_quarantined,
    an_official_code_is_unique_among_the_units_in_force,
    a_returned_proposal_is_changed_and_sent_again_and_a_submitted_one_keeps_what_it_says,
);

/// Phường Hoàng Văn Thụ (05971), in Thành phố Lạng Sơn (178).
const WARD: &str = "05971";

struct Officers {
    commune: Tablet,
    district: Tablet,
    province: Tablet,
}

async fn officers(app: &TestApp, commune: &str, district: &str) -> Officers {
    Officers {
        commune: Tablet::new(app, "can.bo.xa", Role::CommuneOfficer, commune).await,
        district: Tablet::new(app, "can.bo.huyen", Role::DistrictOfficer, district).await,
        province: Tablet::new(app, "can.bo.tinh", Role::ProvinceOfficer, "20").await,
    }
}

/// Two reviewed villages of the ward, drafted into a new one and submitted.
async fn two_villages_submitted(app: &TestApp, officers: &mut Officers) -> (Uuid, Uuid, domain::proposal::Proposal) {
    let by = officers.commune.officer();
    let first = new_unit("Khối 11", UnitKind::ResidentialGroup, code(WARD), by);
    let second = new_unit("Khối 12", UnitKind::ResidentialGroup, code(WARD), by);
    for (village, households) in [(&first, 60), (&second, 70)] {
        officers
            .commune
            .save_ok(app, RecordType::Unit, village.id, village)
            .await;
        let review = village_review(village.id, households, households * 4, 10, today(), by);
        officers
            .commune
            .save_ok(app, RecordType::VillageReview, review.id, &review)
            .await;
    }
    let mut proposal = merger(
        UnitLevel::Village,
        vec![
            source(
                first.id,
                "Khối 11",
                Part::Whole,
                figures(60, 240, Area::from_hectares(10)),
            ),
            source(
                second.id,
                "Khối 12",
                Part::Whole,
                figures(70, 280, Area::from_hectares(10)),
            ),
        ],
        MergeTarget::NewUnit {
            id: Uuid::now_v7(),
            name: UnitName::parse("Khối 11-12").unwrap(),
            kind: UnitKind::ResidentialGroup,
            parent_id: code(WARD),
        },
        by,
    );
    proposal.consultations = vec![passing(first.id, 60), passing(second.id, 70)];
    officers
        .commune
        .save_ok(app, RecordType::Proposal, proposal.id, &proposal)
        .await;
    officers
        .commune
        .step_ok(app, &mut proposal, Transition::Submit, Status::Submitted)
        .await;
    (first.id, second.id, proposal)
}

fn new_unit_id(proposal: &domain::proposal::Proposal) -> Uuid {
    proposal.resulting_unit().expect("a merger forms a unit")
}

pub async fn a_village_merger_made_effective_changes_the_units_on_the_server_and_every_device_pulls_it(
    backend: Backend,
) {
    let app = spawn_app_before_reform(backend).await;
    let mut officers = officers(&app, WARD, "178").await;
    let (first, second, mut proposal) = two_villages_submitted(&app, &mut officers).await;
    let merged = new_unit_id(&proposal);
    decide(
        &app,
        &mut officers.district,
        &mut officers.province,
        &mut proposal,
        today(),
    )
    .await;

    // The server changed the units: nobody's tablet carried anything out.
    let mut other_tablet = Tablet::new(&app, "can.bo.xa.2", Role::CommuneOfficer, WARD).await;
    let records = other_tablet.pull(&app).await;
    let unit = |id: Uuid| -> domain::Unit {
        let record = records.iter().find(|record| record.id == id).expect("pulled");
        serde_json::from_str(record.body.as_ref().unwrap().get()).unwrap()
    };
    for source in [first, second] {
        assert!(
            matches!(unit(source).lifecycle, Lifecycle::MergedInto { unit_id, .. } if unit_id == merged),
            "{source} merged into the new village"
        );
    }
    let new_village = unit(merged);
    assert_eq!(new_village.name.as_str(), "Khối 11-12");
    assert_eq!(new_village.lifecycle, Lifecycle::Active { since: Some(today()) });
    // Read as a tablet reads a review: tagged with its level.
    let review: domain::review::VillageReview = records
        .iter()
        .filter(|record| record.record_type == RecordType::VillageReview)
        .filter_map(|record| serde_json::from_str::<domain::review::ReviewRecord>(record.body.as_ref()?.get()).ok())
        .find_map(|review| match review {
            domain::review::ReviewRecord::Village(review) if review.unit_id == merged => Some(review),
            _ => None,
        })
        .expect("the new village's figures are recorded as a review a tablet reads");
    assert_eq!((review.households, review.population), (130, 520));
    assert_eq!(review.reviewed_on, today());
    let carried = other_tablet.proposal(&app, proposal.id).await;
    assert!(
        carried.carried_out.is_some(),
        "the proposal says the server carried it out"
    );

    // The units API: the new village in force with its figures and standing,
    // the merged ones only with ?include=ended, with what became of them.
    let listed = other_tablet.children(&app, code(WARD), false).await;
    let names: Vec<&str> = listed.children.iter().map(|child| child.name.as_str()).collect();
    assert!(
        names.contains(&"Khối 11-12") && !names.contains(&"Khối 11"),
        "{names:?}"
    );
    let shown = listed.children.iter().find(|child| child.id == merged).unwrap();
    assert_eq!(
        shown.figures.as_ref().map(|figures| figures.households),
        Some(Some(130))
    );
    let standing = shown.standing.as_ref().expect("a standing");
    assert_eq!(
        standing.standing,
        Standing::BelowStandard,
        "a tổ dân phố of 130 households is below the standard: {standing:?}"
    );
    assert!(!standing.explanation.vi.is_empty());
    let everything = other_tablet.children(&app, code(WARD), true).await;
    let ended = everything.children.iter().find(|child| child.id == first).unwrap();
    assert!(matches!(ended.lifecycle, Some(Lifecycle::MergedInto { unit_id, .. }) if unit_id == merged));
}

pub async fn quang_lang_merged_into_dong_mo_moves_its_villages_and_records_the_figures_of_nq_818(backend: Backend) {
    // NQ 818/NQ-UBTVQH14 (21/11/2019): xã Quang Lang (30,88 km², 7.429 người)
    // merged into thị trấn Đồng Mỏ (4,76 km², 6.846 người) → 35,64 km², 14.275 người.
    let app = spawn_app_before_reform(backend).await;
    let dong_mo = code("06463");
    let chi_lang = code("187");
    let mut officers = officers(&app, "06463", "187").await;
    // Quang Lang is not on the 2024 list (it ended in 2019): the province records it.
    let province = officers.province.officer();
    let quang_lang = new_unit("Xã Quang Lang", UnitKind::Commune, chi_lang, province);
    officers
        .province
        .save_ok(&app, RecordType::Unit, quang_lang.id, &quang_lang)
        .await;
    let district = officers.district.officer();
    for (unit, population, area, cadres) in [(quang_lang.id, 7_429, 3_088, 11), (dong_mo, 6_846, 476, 9)] {
        let review = commune_review(unit, population, area, cadres, district);
        officers
            .district
            .save_ok(&app, RecordType::CommuneReview, review.id, &review)
            .await;
    }
    // A commune without an official code is still public reference data.
    let anonymous = app.get(&format!("/api/v1/units?parent={chi_lang}")).await;
    assert_eq!(anonymous.status(), 200, "anyone lists a district's communes");
    let listed: domain::wire::UnitChildren = anonymous.json().await.unwrap();
    assert!(listed.children.iter().any(|child| child.id == quang_lang.id));
    let mut villages = Vec::new();
    for name in ["Thôn Nà Pàn", "Thôn Còn Nưa"] {
        let village = new_unit(name, UnitKind::Village, quang_lang.id, district);
        officers
            .district
            .save_ok(&app, RecordType::Unit, village.id, &village)
            .await;
        let review = village_review(village.id, 80, 350, 600, today(), district);
        officers
            .district
            .save_ok(&app, RecordType::VillageReview, review.id, &review)
            .await;
        villages.push((village.id, review.id));
    }
    let mut proposal = merger(
        UnitLevel::Commune,
        vec![source(
            quang_lang.id,
            "Xã Quang Lang",
            Part::Whole,
            figures(0, 7_429, Area::from_km2_hundredths(3_088)),
        )],
        MergeTarget::ExistingUnit {
            unit_id: dong_mo,
            name: "Thị trấn Đồng Mỏ".to_owned(),
            figures: figures(0, 6_846, Area::from_km2_hundredths(476)),
        },
        district,
    );
    proposal.consultations = vec![passing(quang_lang.id, 1_900), passing(dong_mo, 1_700)];
    officers
        .district
        .save_ok(&app, RecordType::Proposal, proposal.id, &proposal)
        .await;
    officers
        .district
        .step_ok(&app, &mut proposal, Transition::Submit, Status::Submitted)
        .await;
    decide(
        &app,
        &mut officers.district,
        &mut officers.province,
        &mut proposal,
        today(),
    )
    .await;

    let dong_mo_now = officers.province.unit(&app, dong_mo).await;
    assert!(dong_mo_now.in_force());
    assert_eq!(dong_mo_now.name, "Thị trấn Đồng Mỏ", "Đồng Mỏ keeps its name and id");
    let dong_mo_figures = dong_mo_now.figures.expect("Đồng Mỏ's figures after the merger");
    assert_eq!(dong_mo_figures.population, 14_275);
    assert_eq!(dong_mo_figures.area, Area::from_km2_hundredths(3_564));
    assert_eq!(dong_mo_figures.reviewed_on, today());
    // Replayed on a server of June 2025, the merger's figures are dated that
    // day and measured by the township standard then in force (NQ 76/2025).
    let standing = dong_mo_now.standing.as_ref().expect("measured");
    assert_eq!(standing.rule_set_id.as_str(), "NQ76_2025");
    assert_eq!(
        standing.standing,
        domain::rules::Standing::Meets,
        "{}",
        standing.explanation.vi
    );
    let quang_lang_now = officers.province.unit(&app, quang_lang.id).await;
    assert!(matches!(quang_lang_now.lifecycle, Some(Lifecycle::MergedInto { unit_id, .. }) if unit_id == dong_mo));
    assert!(!quang_lang_now.in_force());

    // Its villages now lie in Đồng Mỏ, with their reviews: Đồng Mỏ's officer pulls them.
    let listed = officers.commune.children(&app, dong_mo, false).await;
    for (village, _) in &villages {
        assert!(
            listed.children.iter().any(|child| child.id == *village),
            "{village} moved"
        );
    }
    // A village named as a parent reveals nothing without a token.
    let hidden = app.get(&format!("/api/v1/units?parent={}", villages[0].0)).await;
    assert_eq!(hidden.status(), 401);
    assert!(!hidden.text().await.unwrap().contains("Nà Pàn"));
    let pulled = officers.commune.pull(&app).await;
    for (village, review) in &villages {
        assert!(
            pulled.iter().any(|record| record.id == *village),
            "the village reaches Đồng Mỏ's tablet"
        );
        assert!(pulled.iter().any(|record| record.id == *review), "with its review");
    }
    let history = app
        .get_as(
            &officers.province.device.token,
            &format!("/api/v1/units/{}/history", quang_lang.id),
        )
        .await;
    assert_eq!(history.status(), 200);
    let history: domain::wire::UnitHistory = history.json().await.unwrap();
    let steps: Vec<&str> = history.events.iter().map(|event| event.summary.vi.as_str()).collect();
    assert!(steps.iter().any(|step| step.contains("Có hiệu lực")), "{steps:?}");
    assert!(steps.iter().any(|step| step.starts_with("Rà soát")), "{steps:?}");
}

pub async fn a_commune_divided_between_two_receivers_ends_divided_after_its_second_share(backend: Backend) {
    let app = spawn_app_before_reform(backend).await;
    let mut officers = officers(&app, "06469", "187").await;
    let district = officers.district.officer();
    // Xã Vân An (06469) divided: a share to Xã Vân Thủy (06472), the rest to Xã Gia Lộc (06475).
    let (divided, first_receiver, second_receiver) = (code("06469"), code("06472"), code("06475"));
    for (unit, population, area) in [
        (divided, 3_000, 2_000),
        (first_receiver, 4_000, 3_000),
        (second_receiver, 5_000, 4_000),
    ] {
        let review = commune_review(unit, population, area, 10, district);
        officers
            .district
            .save_ok(&app, RecordType::CommuneReview, review.id, &review)
            .await;
    }
    let share = |population, hundredths| figures(0, population, Area::from_km2_hundredths(hundredths));
    let mut proposals = Vec::new();
    for (receiver, name, population, area, whole) in [
        (first_receiver, "Xã Vân Thủy", 1_000, 500, share(4_000, 3_000)),
        (second_receiver, "Xã Gia Lộc", 2_000, 1_500, share(5_000, 4_000)),
    ] {
        let mut proposal = merger(
            UnitLevel::Commune,
            vec![source(divided, "Xã Vân An", Part::Share, share(population, area))],
            MergeTarget::ExistingUnit {
                unit_id: receiver,
                name: name.to_owned(),
                figures: whole,
            },
            district,
        );
        proposal.consultations = vec![passing(divided, 700), passing(receiver, 900)];
        officers
            .district
            .save_ok(&app, RecordType::Proposal, proposal.id, &proposal)
            .await;
        proposals.push(proposal);
    }
    // Both shares are drafted before either is submitted: together they are the whole commune.
    for proposal in &mut proposals {
        officers
            .district
            .step_ok(&app, proposal, Transition::Submit, Status::Submitted)
            .await;
    }
    let mut second = proposals.pop().unwrap();
    let mut first = proposals.pop().unwrap();
    decide(
        &app,
        &mut officers.district,
        &mut officers.province,
        &mut first,
        today(),
    )
    .await;
    let after_first = officers.province.unit(&app, divided).await;
    assert!(after_first.in_force(), "a share left, the rest remains");
    let remainder = after_first.figures.expect("what the first share left");
    assert_eq!(
        (remainder.population, remainder.area),
        (2_000, Area::from_km2_hundredths(1_500))
    );
    let received = officers.province.unit(&app, first_receiver).await.figures.unwrap();
    assert_eq!(received.population, 5_000);

    decide(
        &app,
        &mut officers.district,
        &mut officers.province,
        &mut second,
        today(),
    )
    .await;
    let after_second = officers.province.unit(&app, divided).await;
    match after_second.lifecycle {
        Some(Lifecycle::DividedAmong {
            unit_ids, proposal_ids, ..
        }) => {
            assert_eq!(unit_ids, vec![first_receiver, second_receiver]);
            assert_eq!(proposal_ids, vec![first.id, second.id]);
        }
        other => panic!("Vân An is divided after its last share: {other:?}"),
    }
    assert_eq!(
        officers
            .province
            .unit(&app, second_receiver)
            .await
            .figures
            .unwrap()
            .population,
        7_000
    );
}

pub async fn a_future_effective_date_changes_nothing_until_that_day_then_applies_once(backend: Backend) {
    let clock = Clock::starting_at(server::clock::parse_start(BEFORE_REFORM).unwrap());
    let settings = Settings {
        clock: clock.clone(),
        ..Settings::default()
    };
    let app = spawn_app_with(backend, "/nonexistent".into(), settings).await;
    let mut officers = officers(&app, WARD, "178").await;
    let (first, _, mut proposal) = two_villages_submitted(&app, &mut officers).await;
    let merged = new_unit_id(&proposal);
    let effective = days_after(today(), 3);
    decide(
        &app,
        &mut officers.district,
        &mut officers.province,
        &mut proposal,
        effective,
    )
    .await;

    let recorded = officers.commune.proposal(&app, proposal.id).await;
    assert!(matches!(recorded.status, Status::Effective { .. }));
    assert!(recorded.carried_out.is_none());
    assert_eq!(
        recorded.status_label(today()).vi,
        format!("Có hiệu lực từ {}", domain::format::date_vi(effective))
    );
    assert!(
        officers.commune.unit(&app, first).await.in_force(),
        "nothing changes before the day"
    );
    assert_eq!(
        server::sync::procedure::carry_out_due(&app.database, clock.now())
            .await
            .unwrap(),
        0
    );

    // The day begins in Vietnam.
    clock.set(server::clock::parse_start(&effective.to_string()).unwrap());
    assert_eq!(
        server::sync::procedure::carry_out_due(&app.database, clock.now())
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        server::sync::procedure::carry_out_due(&app.database, clock.now())
            .await
            .unwrap(),
        0,
        "once"
    );
    let ended = officers.commune.unit(&app, first).await;
    assert!(matches!(ended.lifecycle, Some(Lifecycle::MergedInto { unit_id, .. }) if unit_id == merged));
    let records = officers.commune.pull(&app).await;
    let reviews_of_new: Vec<_> = records
        .iter()
        .filter(|record| record.record_type == RecordType::VillageReview)
        .filter(|record| {
            record
                .body
                .as_ref()
                .is_some_and(|body| body.get().contains(&merged.to_string()))
        })
        .collect();
    assert_eq!(reviews_of_new.len(), 1, "one review of the new figures");
    let new_village = records.iter().find(|record| record.id == merged).unwrap();
    assert_eq!(new_village.revision, 1, "created once");
}

fn days_after(date: domain::NaiveDate, days: u32) -> domain::NaiveDate {
    (0..days).fold(date, |date, _| date.succ_opt().unwrap())
}

pub async fn steps_the_rules_forbid_are_refused_and_quarantined(backend: Backend) {
    let app = spawn_app_before_reform(backend).await;
    let mut officers = officers(&app, WARD, "178").await;
    let refused = |outcome: &Outcome| match outcome {
        Outcome::Refused { code, reason } => (code.clone(), reason.clone()),
        other => panic!("not refused: {other:?}"),
    };

    // A step without consultation: the domain says it is not ready.
    let by = officers.commune.officer();
    let village = new_unit("Khối 20", UnitKind::ResidentialGroup, code(WARD), by);
    let other = new_unit("Khối 21", UnitKind::ResidentialGroup, code(WARD), by);
    for unit in [&village, &other] {
        officers.commune.save_ok(&app, RecordType::Unit, unit.id, unit).await;
    }
    let mut unconsulted = merger(
        UnitLevel::Village,
        vec![
            source(
                village.id,
                "Khối 20",
                Part::Whole,
                figures(50, 200, Area::from_hectares(5)),
            ),
            source(
                other.id,
                "Khối 21",
                Part::Whole,
                figures(40, 160, Area::from_hectares(5)),
            ),
        ],
        MergeTarget::ExistingUnit {
            unit_id: other.id,
            name: "Khối 21".to_owned(),
            figures: figures(40, 160, Area::from_hectares(5)),
        },
        by,
    );
    unconsulted.sources.pop();
    officers
        .commune
        .save_ok(&app, RecordType::Proposal, unconsulted.id, &unconsulted)
        .await;
    let outcome = officers
        .commune
        .step(&app, &mut unconsulted, Transition::Submit, Status::Submitted, None)
        .await;
    let (code_found, reason) = refused(&outcome);
    assert_eq!(code_found, "workflow");
    assert!(
        reason.contains("lấy ý kiến") || reason.contains("chưa đủ điều kiện"),
        "{reason}"
    );

    // A decision dated before the submission.
    let (_, _, mut submitted) = two_villages_submitted(&app, &mut officers).await;
    // A step signed with a name that is not the account's.
    let mut forged = submitted.clone();
    officers.district.name = Some("Người khác".to_owned());
    let outcome = officers
        .district
        .step(&app, &mut forged, Transition::Review, Status::DistrictReviewed, None)
        .await;
    let (code_found, reason) = refused(&outcome);
    assert_eq!(code_found, "workflow");
    assert!(reason.contains("Cán bộ thử"), "the account's name is said: {reason}");
    officers.district.name = Some("Cán bộ thử".to_owned());
    officers
        .district
        .step_ok(&app, &mut submitted, Transition::Review, Status::DistrictReviewed)
        .await;
    let (step, to) = approve(domain::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
    let outcome = officers.province.step(&app, &mut submitted, step, to, None).await;
    let (code_found, reason) = refused(&outcome);
    assert_eq!(code_found, "workflow");
    assert!(reason.contains("trước ngày trình"), "{reason}");

    // A district officer's merger with a commune of another district.
    let mut mixed = merger(
        UnitLevel::Commune,
        vec![
            source(
                code(WARD),
                "Phường Hoàng Văn Thụ",
                Part::Whole,
                figures(0, 9_000, Area::from_km2_hundredths(300)),
            ),
            source(
                code("06049"),
                "Xã Kháng Chiến",
                Part::Whole,
                figures(0, 3_000, Area::from_km2_hundredths(4_000)),
            ),
        ],
        MergeTarget::NewUnit {
            id: Uuid::now_v7(),
            name: UnitName::parse("Phường Mới").unwrap(),
            kind: UnitKind::Ward,
            parent_id: code("178"),
        },
        officers.district.officer(),
    );
    mixed.consultations = vec![passing(code(WARD), 2_000), passing(code("06049"), 800)];
    let outcome = officers
        .district
        .save(&app, RecordType::Proposal, mixed.id, &mixed)
        .await;
    let (code_found, reason) = refused(&outcome);
    assert_eq!(code_found, "outside_jurisdiction");
    assert!(reason.contains("Xã Kháng Chiến"), "the unit is named: {reason}");

    // Each refusal is kept in quarantine with its reason.
    let admin = app.sign_in("admin", crate::helpers::ADMIN_PASSWORD).await;
    let quarantine: serde_json::Value = app
        .get_as(&admin, "/api/v1/sync/quarantine")
        .await
        .json()
        .await
        .unwrap();
    let text = quarantine.to_string();
    for id in [unconsulted.id, submitted.id, mixed.id] {
        assert!(text.contains(&id.to_string()), "{id} quarantined: {text}");
    }
}

pub async fn an_official_code_is_unique_among_the_units_in_force(backend: Backend) {
    let app = spawn_app_before_reform(backend).await;
    let mut officers = officers(&app, WARD, "178").await;
    let token = officers.province.device.token.clone();
    let (_, _, mut proposal) = two_villages_submitted(&app, &mut officers).await;
    let merged = new_unit_id(&proposal);
    decide(
        &app,
        &mut officers.district,
        &mut officers.province,
        &mut proposal,
        today(),
    )
    .await;

    // 05974 is Phường Tam Thanh's.
    let taken = app
        .client
        .put(app.url(&format!("/api/v1/units/{merged}/code")))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "code": "05974" }))
        .send()
        .await
        .unwrap();
    assert_eq!(taken.status(), 409);
    let body: serde_json::Value = taken.json().await.unwrap();
    assert_eq!(body["error"]["code"], "code_taken");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("Tam Thanh"),
        "{body}"
    );

    let given = app
        .client
        .put(app.url(&format!("/api/v1/units/{merged}/code")))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "code": "05999" }))
        .send()
        .await
        .unwrap();
    assert_eq!(given.status(), 200);
    let by_code = app.get_as(&token, "/api/v1/units/05999").await;
    assert_eq!(by_code.status(), 200);
    let unit: domain::wire::UnitSummary = by_code.json().await.unwrap();
    assert_eq!(unit.id, merged, "the code names the unit in every route");

    // A unit record pushed with a code in use is refused by name, never a 500.
    let mut copy = new_unit(
        "Phường Trùng Mã",
        UnitKind::Ward,
        code("178"),
        officers.province.officer(),
    );
    copy.code = Some(domain::OfficialCode::parse("05971").unwrap());
    let outcome = officers.province.save(&app, RecordType::Unit, copy.id, &copy).await;
    assert!(
        matches!(&outcome, Outcome::Refused { code, .. } if code == "code_taken"),
        "{outcome:?}"
    );
}

/// Renames the village a merger makes.
fn renamed(proposal: &domain::proposal::Proposal, name: &str) -> domain::proposal::Proposal {
    let mut changed = proposal.clone();
    if let domain::proposal::Action::Merge {
        into: MergeTarget::NewUnit { name: slot, .. },
    } = &mut changed.action
    {
        *slot = UnitName::parse(name).unwrap();
    }
    changed
}

pub async fn a_returned_proposal_is_changed_and_sent_again_and_a_submitted_one_keeps_what_it_says(backend: Backend) {
    let app = spawn_app_before_reform(backend).await;
    let mut officers = officers(&app, WARD, "178").await;
    let (_, _, submitted) = two_villages_submitted(&app, &mut officers).await;

    // Submitted, it is the district's: the commune cannot change what it says.
    let mut stored = officers.commune.proposal(&app, submitted.id).await;
    let outcome = officers
        .commune
        .save(&app, RecordType::Proposal, stored.id, &renamed(&stored, "Khối Mới"))
        .await;
    match &outcome {
        Outcome::Refused { code, reason } => {
            assert_eq!(code, "proposal_locked");
            assert!(reason.contains("Đã trình"), "the status is named: {reason}");
        }
        other => panic!("not refused: {other:?}"),
    }

    // The district returns it with what to change.
    let mut at_district = officers.district.proposal(&app, submitted.id).await;
    let outcome = officers
        .district
        .step(
            &app,
            &mut at_district,
            Transition::Return,
            Status::Returned,
            Some("bổ sung biên bản họp"),
        )
        .await;
    assert!(matches!(outcome, Outcome::Applied { .. }), "{outcome:?}");
    stored = officers.commune.proposal(&app, submitted.id).await;
    assert_eq!(
        stored.returned_with().and_then(|decision| decision.comment.as_deref()),
        Some("bổ sung biên bản họp")
    );
    let mut changed = renamed(&stored, "Khối Hòa Bình");
    officers
        .commune
        .save_ok(&app, RecordType::Proposal, changed.id, &changed)
        .await;
    officers
        .commune
        .step_ok(&app, &mut changed, Transition::Submit, Status::Submitted)
        .await;

    let seen = officers.district.proposal(&app, submitted.id).await;
    assert_eq!(seen.status, Status::Submitted);
    assert_eq!(seen.history.len(), 3, "submitted, returned, submitted again");
    assert!(
        matches!(
            &seen.action,
            domain::proposal::Action::Merge { into: MergeTarget::NewUnit { name, .. } } if name.as_str() == "Khối Hòa Bình"
        ),
        "{:?}",
        seen.action
    );
}
