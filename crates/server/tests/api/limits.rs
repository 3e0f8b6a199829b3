//! Limits at the boundary: a field holds what an officer would type, a
//! mutation what a record needs, a push what the app sends at most. Each
//! refusal is named and nothing of it is stored.

use crate::helpers::{Backend, spawn_app};
use crate::procedure_support::*;
use domain::sync::RecordType;
use domain::sync::protocol::Outcome;
use domain::{Role, UnitKind};

crate::on_both_backends!(limits:
    long_notes_are_refused_by_the_field_and_a_pasted_file_by_its_size,
    a_push_longer_than_the_limit_takes_nothing,
    a_second_village_of_the_same_name_in_a_commune_is_refused,
);

/// Xã Hoàng Văn Thụ (06172), one of the 65 units.
const COMMUNE: &str = "06172";

fn refused(outcome: &Outcome) -> (&str, &str) {
    match outcome {
        Outcome::Refused { code, reason } => (code.as_str(), reason.as_str()),
        other => panic!("not refused: {other:?}"),
    }
}

pub async fn long_notes_are_refused_by_the_field_and_a_pasted_file_by_its_size(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;
    let by = tablet.officer();
    let commune = app.get_json(&format!("/api/v1/units/{COMMUNE}"), 200).await;
    let commune: uuid::Uuid = commune["id"].as_str().unwrap().parse().unwrap();
    let village = new_unit("Thôn Nà Pàn", UnitKind::Village, commune, by);
    tablet.save_ok(&app, RecordType::Unit, village.id, &village).await;

    let mut review = village_review(village.id, 160, 640, 30, date("2026-10-01"), by);
    review.notes = "biên bản họp thôn ".repeat(200);
    let outcome = tablet.save(&app, RecordType::VillageReview, review.id, &review).await;
    let (code, reason) = refused(&outcome);
    assert_eq!(code, "invalid_record");
    assert!(reason.contains("Ghi chú: dài tối đa 2000 ký tự"), "{reason}");

    // Ten megabytes pasted into the notes: refused by its size, never stored
    // (it would be sent in every pull of the commune).
    let mut pasted = village_review(village.id, 160, 640, 30, date("2026-10-01"), by);
    pasted.notes = "x".repeat(10 * 1024 * 1024);
    let outcome = tablet.save(&app, RecordType::VillageReview, pasted.id, &pasted).await;
    let (code, _) = refused(&outcome);
    assert_eq!(code, "too_large");
    let pulled = tablet.pull(&app).await;
    assert!(
        !pulled
            .iter()
            .any(|record| record.id == review.id || record.id == pasted.id),
        "neither review is stored"
    );

    // Within the limits, the same review is taken.
    review.notes = "Biên bản họp thôn ngày 28/9/2026.".to_owned();
    tablet
        .save_ok(&app, RecordType::VillageReview, review.id, &review)
        .await;
}

pub async fn a_push_longer_than_the_limit_takes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;
    let commune = app.get_json(&format!("/api/v1/units/{COMMUNE}"), 200).await;
    let commune: uuid::Uuid = commune["id"].as_str().unwrap().parse().unwrap();
    let batch: Vec<_> = (0..=domain::sync::MAX_PUSH_MUTATIONS)
        .map(|n| tablet.device.new_village(commune, &format!("Thôn {n}")).1)
        .collect();
    let response = tablet.device.push(&app, &batch).await;
    assert_eq!(response.status(), 413);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "batch_too_large", "{body}");
    let taken = tablet
        .device
        .push_ok(&app, &batch[..domain::sync::MAX_PUSH_MUTATIONS])
        .await;
    assert_eq!(
        taken.results[0].seq, 1,
        "nothing of the long push was taken: the sequence starts at 1"
    );
    assert_eq!(taken.expected_seq, domain::sync::MAX_PUSH_MUTATIONS as u64 + 1);
}

pub async fn a_second_village_of_the_same_name_in_a_commune_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;
    let by = tablet.officer();
    let commune = app.get_json(&format!("/api/v1/units/{COMMUNE}"), 200).await;
    let commune: uuid::Uuid = commune["id"].as_str().unwrap().parse().unwrap();
    let first = new_unit("Thôn Nà Lẹng", UnitKind::Village, commune, by);
    tablet.save_ok(&app, RecordType::Unit, first.id, &first).await;

    let twice = new_unit("thôn  Nà Lẹng", UnitKind::Village, commune, by);
    let outcome = tablet.save(&app, RecordType::Unit, twice.id, &twice).await;
    let (code, reason) = refused(&outcome);
    assert_eq!(code, "duplicate_name");
    assert!(reason.contains("Xã Hoàng Văn Thụ đã có Thôn Nà Lẹng"), "{reason}");

    // Another tone mark is another name; renaming it onto the first is refused too.
    let mut other = new_unit("Thôn Nà Leng", UnitKind::Village, commune, by);
    tablet.save_ok(&app, RecordType::Unit, other.id, &other).await;
    other.name = domain::UnitName::parse("Thôn Nà Lẹng").unwrap();
    let renamed = tablet.save(&app, RecordType::Unit, other.id, &other).await;
    assert_eq!(refused(&renamed).0, "duplicate_name");
}
