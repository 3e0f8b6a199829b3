//! A device id belongs to the sessions signed in on that device: another
//! officer cannot push under it (and so cannot take a colleague's place in
//! its sequence), its id is not told to other officers, and a change carried
//! from one device to another (an export file) is applied once under either.

use crate::helpers::{Backend, PASSWORD, TestApp, spawn_app};
use crate::sync::Device;
use domain::sync::RecordType;
use domain::sync::protocol::Outcome;
use domain::{OfficialCode, Role};
use serde_json::{Value, json};
use uuid::Uuid;

crate::on_both_backends!(devices:
    another_officer_cannot_push_under_a_colleagues_device,
    a_session_signed_in_without_a_device_keeps_the_first_it_pushes_from,
    a_shared_tablet_keeps_its_id_and_sequence_from_one_officer_to_the_next,
    pulled_conflicts_name_the_device_only_to_its_own_sessions,
    a_change_carried_to_another_device_is_applied_once,
    a_village_moved_to_another_commune_leaves_the_old_communes_devices,
);

const COMMUNE: &str = "05971";

fn commune() -> Uuid {
    domain::reference_unit_id(&OfficialCode::parse(COMMUNE).unwrap())
}

/// Signs in with `device` named in the request, as the app does.
async fn sign_in_on(app: &TestApp, username: &str, device: Uuid) -> Device {
    let response = app
        .client
        .post(app.url("/api/v1/sessions"))
        .json(&json!({ "username": username, "password": PASSWORD, "device_id": device }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    Device {
        id: device,
        officer: body["officer"]["id"].as_str().unwrap().parse().unwrap(),
        next_seq: 1,
        token: body["token"].as_str().unwrap().to_owned(),
    }
}

async fn officer(app: &TestApp, username: &str) {
    app.create_officer(username, Role::CommuneOfficer, COMMUNE).await;
}

/// The body of a record on the server, as `device` pulls it (`None`: not there).
async fn on_server(app: &TestApp, device: &Device, id: Uuid) -> Option<(u64, Value)> {
    let (records, _) = device.pull_all(app, 0).await;
    records
        .into_iter()
        .rev()
        .find(|record| record.id == id)
        .map(|record| (record.revision, record.body_value().unwrap()))
}

pub async fn another_officer_cannot_push_under_a_colleagues_device(backend: Backend) {
    let app = spawn_app(backend).await;
    officer(&app, "can.bo.a").await;
    officer(&app, "can.bo.b").await;
    let mut colleague = sign_in_on(&app, "can.bo.a", Uuid::new_v4()).await;
    for name in ["Khối 1", "Khối 2", "Khối 3", "Khối 4"] {
        let (_, create) = colleague.new_village(commune(), name);
        colleague.push_ok(&app, &[create]).await;
    }

    // Another officer of the commune, on a tablet of their own, learns the id
    // and pushes their seq 5 under it: refused, nothing taken.
    let mut intruder = sign_in_on(&app, "can.bo.b", Uuid::new_v4()).await;
    intruder.id = colleague.id;
    intruder.next_seq = 5;
    let (stolen_id, stolen) = intruder.new_village(commune(), "Khối Giả");
    let response = intruder.push(&app, &[stolen]).await;
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "wrong_device", "{body}");
    assert!(
        on_server(&app, &colleague, stolen_id).await.is_none(),
        "nothing of it stored"
    );

    // The colleague's own seq 5 is applied and stored, not answered with another's result.
    let (village, create) = colleague.new_village(commune(), "Khối 5");
    let answer = colleague.push_ok(&app, &[create]).await;
    assert!(
        matches!(answer.results[0].outcome, Outcome::Applied { revision: 1 }),
        "{answer:?}"
    );
    let (_, body) = on_server(&app, &colleague, village)
        .await
        .expect("the colleague's village is stored");
    assert_eq!(body["name"], "Khối 5");
}

pub async fn a_session_signed_in_without_a_device_keeps_the_first_it_pushes_from(backend: Backend) {
    let app = spawn_app(backend).await;
    officer(&app, "can.bo.a").await;
    // A client that names no device at sign-in (a script replaying records).
    let mut script = Device::sign_in(&app, "can.bo.a", PASSWORD).await;
    let (_, create) = script.new_village(commune(), "Khối 6");
    script.push_ok(&app, &[create]).await;
    let first = script.id;
    script.id = Uuid::new_v4();
    let (_, other) = script.new_village(commune(), "Khối 7");
    assert_eq!(
        script.push(&app, &[other]).await.status(),
        403,
        "a second device id is refused"
    );
    script.id = first;
    let (_, again) = script.new_village(commune(), "Khối 7");
    // The refused one took no sequence number: the next one is 2.
    let mut again = again;
    again.seq = 2;
    let answer = script.push_ok(&app, &[again]).await;
    assert_eq!(answer.expected_seq, 3);
}

pub async fn a_shared_tablet_keeps_its_id_and_sequence_from_one_officer_to_the_next(backend: Backend) {
    let app = spawn_app(backend).await;
    officer(&app, "can.bo.a").await;
    officer(&app, "can.bo.b").await;
    let tablet = Uuid::new_v4();
    let mut morning = sign_in_on(&app, "can.bo.a", tablet).await;
    let (_, create) = morning.new_village(commune(), "Khối 8");
    morning.push_ok(&app, &[create]).await;
    // The afternoon officer signs in on the same tablet: its sequence goes on.
    let mut afternoon = sign_in_on(&app, "can.bo.b", tablet).await;
    afternoon.next_seq = morning.next_seq;
    let (village, create) = afternoon.new_village(commune(), "Khối 9");
    let answer = afternoon.push_ok(&app, &[create]).await;
    assert_eq!(answer.results[0].seq, 2);
    assert!(on_server(&app, &afternoon, village).await.is_some());
}

pub async fn pulled_conflicts_name_the_device_only_to_its_own_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    officer(&app, "can.bo.a").await;
    officer(&app, "can.bo.b").await;
    let mut first = sign_in_on(&app, "can.bo.a", Uuid::new_v4()).await;
    let mut second = sign_in_on(&app, "can.bo.b", Uuid::new_v4()).await;
    let (village, create) = first.new_village(commune(), "Khối 10");
    first.push_ok(&app, &[create]).await;
    let rename = |device: &mut Device, name: &str| {
        device.mutation(
            RecordType::Unit,
            village,
            1,
            vec![domain::sync::FieldChange {
                field: "name".to_owned(),
                old: Some(json!("Khối 10")),
                new: Some(json!(name)),
            }],
        )
    };
    let mine = rename(&mut first, "Khối 10 Bắc");
    let theirs = rename(&mut second, "Khối 10 Nam");
    first.push_ok(&app, &[mine]).await;
    second.push_ok(&app, &[theirs]).await;

    let (records, _) = first.pull_all(&app, 0).await;
    let conflict = records
        .iter()
        .rev()
        .find(|record| record.id == village)
        .and_then(|record| record.conflicts.first().cloned())
        .expect("a conflict");
    assert_eq!(conflict.device_id, None, "another officer is not told the device's id");
    let (records, _) = second.pull_all(&app, 0).await;
    let own = records
        .iter()
        .rev()
        .find(|record| record.id == village)
        .and_then(|record| record.conflicts.first().cloned())
        .expect("a conflict");
    assert_eq!(
        own.device_id,
        Some(second.id),
        "the device that made the change knows it"
    );
}

pub async fn a_change_carried_to_another_device_is_applied_once(backend: Backend) {
    let app = spawn_app(backend).await;
    officer(&app, "can.bo.a").await;
    let mut old_tablet = sign_in_on(&app, "can.bo.a", Uuid::new_v4()).await;
    let mut new_tablet = sign_in_on(&app, "can.bo.a", Uuid::new_v4()).await;

    // Sent by the old tablet, then carried in its export file to the new one,
    // which re-issues it under its own sequence with the same mutation id.
    let (village, create) = old_tablet.new_village(commune(), "Khối 11");
    let first = old_tablet.push_ok(&app, std::slice::from_ref(&create)).await;
    let mut carried = create.clone();
    carried.device_id = new_tablet.id;
    carried.seq = new_tablet.next_seq;
    new_tablet.next_seq += 1;
    let again = new_tablet.push_ok(&app, &[carried]).await;
    assert_eq!(
        again.results[0].outcome, first.results[0].outcome,
        "answered as the first time"
    );
    assert_eq!(again.expected_seq, 2, "the new tablet's sequence moves on");
    assert_eq!(
        on_server(&app, &new_tablet, village).await.unwrap().0,
        1,
        "applied once"
    );

    // The other way round: re-issued first, then the old tablet's own copy arrives.
    let (second_village, create) = old_tablet.new_village(commune(), "Khối 12");
    let mut carried = create.clone();
    carried.device_id = new_tablet.id;
    carried.seq = new_tablet.next_seq;
    new_tablet.next_seq += 1;
    let taken = new_tablet.push_ok(&app, &[carried]).await;
    assert!(matches!(taken.results[0].outcome, Outcome::Applied { revision: 1 }));
    let late = old_tablet.push_ok(&app, &[create]).await;
    assert_eq!(late.results[0].outcome, taken.results[0].outcome);
    assert_eq!(
        on_server(&app, &old_tablet, second_village).await.unwrap().0,
        1,
        "not doubled"
    );
}

/// A village moved to another commune leaves the old commune's devices: its
/// next pull carries a tombstone for it; the new commune's devices get it.
pub async fn a_village_moved_to_another_commune_leaves_the_old_communes_devices(backend: Backend) {
    let app = spawn_app(backend).await;
    let old_code = "06172";
    let new_code = "06187";
    app.create_officer("xa.cu", Role::CommuneOfficer, old_code).await;
    app.create_officer("xa.moi", Role::CommuneOfficer, new_code).await;
    app.create_officer("tinh", Role::ProvinceOfficer, "20").await;
    let unit_id = |body: Value| -> Uuid { body["id"].as_str().unwrap().parse().unwrap() };
    let old_commune = unit_id(app.get_json(&format!("/api/v1/units/{old_code}"), 200).await);
    let new_commune = unit_id(app.get_json(&format!("/api/v1/units/{new_code}"), 200).await);
    let mut old_tablet = sign_in_on(&app, "xa.cu", Uuid::new_v4()).await;
    let new_tablet = sign_in_on(&app, "xa.moi", Uuid::new_v4()).await;
    let mut province = sign_in_on(&app, "tinh", Uuid::new_v4()).await;
    let (village, create) = old_tablet.new_village(old_commune, "Thôn Khe Mò");
    old_tablet.push_ok(&app, &[create]).await;
    let by = domain::OfficerId(old_tablet.officer);
    let review = crate::procedure_support::village_review(
        village,
        160,
        640,
        30,
        crate::procedure_support::date("2026-10-01"),
        by,
    );
    let review_id = review.id;
    let changes = domain::sync::diff(None, &serde_json::to_value(&review).unwrap());
    let review_mutation = old_tablet.mutation(RecordType::VillageReview, review_id, 0, changes);
    let answer = old_tablet.push_ok(&app, &[review_mutation]).await;
    assert!(
        matches!(answer.results[0].outcome, Outcome::Applied { .. }),
        "{answer:?}"
    );
    let (_, cursor) = old_tablet.pull_all(&app, 0).await;

    // The province places it under the other commune.
    let moved = province.mutation(
        RecordType::Unit,
        village,
        1,
        vec![domain::sync::FieldChange {
            field: "parent_id".to_owned(),
            old: Some(json!(old_commune)),
            new: Some(json!(new_commune)),
        }],
    );
    let answer = province.push_ok(&app, &[moved]).await;
    assert!(
        matches!(answer.results[0].outcome, Outcome::Applied { .. }),
        "{answer:?}"
    );

    let (records, _) = old_tablet.pull_all(&app, cursor).await;
    let gone = records
        .iter()
        .find(|record| record.id == village)
        .expect("the old commune's device hears of it");
    assert!(gone.deleted && gone.body.is_none(), "a tombstone: {gone:?}");
    let review_gone = records
        .iter()
        .find(|record| record.id == review_id)
        .expect("and of its review");
    assert!(review_gone.deleted, "the review leaves with it: {review_gone:?}");
    let (records, _) = new_tablet.pull_all(&app, 0).await;
    let arrived = records
        .iter()
        .rev()
        .find(|record| record.id == village)
        .expect("the new commune's device gets it");
    assert!(!arrived.deleted);
    assert!(
        records.iter().any(|record| record.id == review_id && !record.deleted),
        "the review comes with the village"
    );
    // A device that pulls from the start does not see it either.
    let (records, _) = old_tablet.pull_all(&app, 0).await;
    assert!(
        records
            .iter()
            .filter(|record| record.id == village)
            .all(|record| record.deleted),
        "never shown again in the old commune"
    );
}
