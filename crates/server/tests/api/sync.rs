//! Sync over real HTTP on SQLite and PostgreSQL: each way the older field
//! tools lost, doubled or overwrote data, shown not to happen here.

use crate::helpers::{ADMIN_PASSWORD, Backend, PASSWORD, TestApp, spawn_app, spawn_app_with};
use domain::sync::protocol::{Outcome, PullResponse, PushResponse};
use domain::sync::{FieldChange, Mutation, RecordType, diff};
use domain::{Lifecycle, OfficerId, OfficialCode, Role, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitName};
use serde_json::{Value, json};
use server::http::Settings;
use std::time::Duration;
use uuid::Uuid;

crate::on_both_backends!(sync:
    the_same_batch_pushed_twice_is_applied_once,
    a_gap_in_the_sequence_asks_for_a_resend,
    a_lost_answer_then_the_retry_applies_once,
    two_devices_editing_different_fields_both_stick,
    the_same_field_edited_twice_is_a_conflict_then_resolved,
    another_communes_village_is_quarantined_and_the_queue_moves_on,
    an_interrupted_pull_resumes_with_nothing_missing_or_doubled,
    an_expired_token_is_refused_and_nothing_is_applied,
    an_officer_moved_to_another_commune_pulls_only_the_new_one,
    a_status_change_needs_a_decision_by_its_owner,
    a_device_cannot_end_a_unit_only_the_server_carrying_out_a_decision_can,
);

fn commune(code: &str) -> Uuid {
    domain::reference_unit_id(&OfficialCode::parse(code).unwrap())
}

/// A tablet: its id, its officer, its sequence, its session.
pub struct Device {
    pub id: Uuid,
    pub officer: Uuid,
    pub next_seq: u64,
    pub token: String,
}

impl Device {
    pub async fn sign_in(app: &TestApp, username: &str, password: &str) -> Device {
        let response = app.sign_in_response(username, password).await;
        let body: Value = response.json().await.unwrap();
        Device {
            id: Uuid::new_v4(),
            officer: body["officer"]["id"].as_str().unwrap().parse().unwrap(),
            next_seq: 1,
            token: body["token"].as_str().unwrap().to_owned(),
        }
    }

    pub fn mutation(
        &mut self,
        record_type: RecordType,
        id: Uuid,
        base_revision: u64,
        changes: Vec<FieldChange>,
    ) -> Mutation {
        let seq = self.next_seq;
        self.next_seq += 1;
        Mutation {
            mutation_id: Uuid::now_v7(),
            device_id: self.id,
            seq,
            record_type,
            record_id: id,
            base_revision,
            base_epoch: None,
            changes,
            officer_id: OfficerId(self.officer),
            at: Timestamp(1_795_834_800_000 + seq as i64),
            resolves: Vec::new(),
        }
    }

    /// A new village under `parent`, as the device store would queue it.
    pub fn new_village(&mut self, parent: Uuid, name: &str) -> (Uuid, Mutation) {
        let id = Uuid::now_v7();
        let village = Unit {
            id,
            code: None,
            name: UnitName::parse(name).unwrap(),
            kind: UnitKind::Village,
            parent_id: Some(parent),
            lifecycle: Lifecycle::Active { since: None },
            attributes: UnitAttributes::default(),
            meta: SyncMeta::created(Timestamp(0), OfficerId(self.officer)),
        };
        let changes = diff(None, &serde_json::to_value(&village).unwrap());
        (id, self.mutation(RecordType::Unit, id, 0, changes))
    }

    pub async fn push(&self, app: &TestApp, mutations: &[Mutation]) -> reqwest::Response {
        app.client
            .post(app.url("/api/v1/sync/push"))
            .bearer_auth(&self.token)
            .json(&json!({ "device_id": self.id, "mutations": mutations }))
            .send()
            .await
            .unwrap()
    }

    pub async fn push_ok(&self, app: &TestApp, mutations: &[Mutation]) -> PushResponse {
        let response = self.push(app, mutations).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn pull(&self, app: &TestApp, since: u64, limit: u32) -> PullResponse {
        let response = app
            .get_as(&self.token, &format!("/api/v1/sync/pull?since={since}&limit={limit}"))
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Pulls every page from `since`; returns the records and the last cursor.
    pub async fn pull_all(&self, app: &TestApp, since: u64) -> (Vec<domain::sync::protocol::PulledRecord>, u64) {
        let (mut records, mut cursor) = (Vec::new(), since);
        loop {
            let page = self.pull(app, cursor, 500).await;
            records.extend(page.records);
            cursor = page.next_cursor;
            if !page.more {
                return (records, cursor);
            }
        }
    }
}

fn change(field: &str, old: Option<Value>, new: Option<Value>) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        old,
        new,
    }
}

async fn commune_officer(app: &TestApp, username: &str, code: &str) -> Device {
    app.create_officer(username, Role::CommuneOfficer, code).await;
    Device::sign_in(app, username, PASSWORD).await
}

fn applied(outcome: &Outcome) -> u64 {
    match outcome {
        Outcome::Applied { revision } => *revision,
        other => panic!("not applied: {other:?}"),
    }
}

async fn server_record(device: &Device, app: &TestApp, id: Uuid) -> domain::sync::protocol::PulledRecord {
    let (records, _) = device.pull_all(app, 0).await;
    records
        .into_iter()
        .rev()
        .find(|record| record.id == id)
        .expect("the record is on the server")
}

pub async fn the_same_batch_pushed_twice_is_applied_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = commune_officer(&app, "can.bo.hvt", "05971").await;
    let (village, create) = tablet.new_village(commune("05971"), "Khối 3");
    let rename = tablet.mutation(
        RecordType::Unit,
        village,
        1,
        vec![change("name", Some(json!("Khối 3")), Some(json!("Khối 3A")))],
    );
    let batch = vec![create, rename];
    let first = tablet.push_ok(&app, &batch).await;
    let second = tablet.push_ok(&app, &batch).await;
    assert_eq!(first.results, second.results, "a replay answers the same");
    assert_eq!(second.expected_seq, 3);
    assert_eq!(
        first
            .results
            .iter()
            .map(|result| applied(&result.outcome))
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    let record = server_record(&tablet, &app, village).await;
    assert_eq!(record.revision, 2, "applied once, not twice");
    assert_eq!(record.body_value().unwrap()["name"], "Khối 3A");
}

pub async fn a_gap_in_the_sequence_asks_for_a_resend(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = commune_officer(&app, "can.bo.hvt", "05971").await;
    let (_, first) = tablet.new_village(commune("05971"), "Khối 4");
    let (_, second) = tablet.new_village(commune("05971"), "Khối 5");
    let (third_id, third) = tablet.new_village(commune("05971"), "Khối 6");
    // The device sends 1, then (the answer lost on its side) 3 alone.
    tablet.push_ok(&app, std::slice::from_ref(&first)).await;
    let gap = tablet.push_ok(&app, std::slice::from_ref(&third)).await;
    assert!(gap.results.is_empty(), "nothing after a gap is taken");
    assert_eq!(gap.expected_seq, 2, "the server names where to resend from");
    let resent = tablet.push_ok(&app, &[second, third]).await;
    assert_eq!(resent.results.len(), 2);
    assert_eq!(resent.expected_seq, 4);
    assert_eq!(server_record(&tablet, &app, third_id).await.revision, 1);
}

pub async fn a_lost_answer_then_the_retry_applies_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = commune_officer(&app, "can.bo.hvt", "05971").await;
    let (village, create) = tablet.new_village(commune("05971"), "Khối 7");
    let edit = tablet.mutation(
        RecordType::Unit,
        village,
        1,
        vec![change("name", Some(json!("Khối 7")), Some(json!("Khối 7B")))],
    );
    // The commit happens, the answer never reaches the tablet (the request is dropped after sending).
    let _ = tablet.push(&app, &[create.clone(), edit.clone()]).await;
    let retry = tablet.push_ok(&app, &[create, edit]).await;
    assert_eq!(
        retry
            .results
            .iter()
            .map(|result| applied(&result.outcome))
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(server_record(&tablet, &app, village).await.revision, 2);
}

pub async fn two_devices_editing_different_fields_both_stick(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut first = commune_officer(&app, "can.bo.a", "05971").await;
    let mut second = commune_officer(&app, "can.bo.b", "05971").await;
    let (village, create) = first.new_village(commune("05971"), "Khối 8");
    first.push_ok(&app, &[create]).await;
    // Both pulled revision 1, then worked offline.
    let name = first.mutation(
        RecordType::Unit,
        village,
        1,
        vec![change("name", Some(json!("Khối 8")), Some(json!("Khối 8 Mới")))],
    );
    let since = json!({"border_commune": false, "mountainous": false});
    let attributes = second.mutation(
        RecordType::Unit,
        village,
        1,
        vec![change(
            "attributes",
            Some(since),
            Some(json!({"border_commune": true, "mountainous": false})),
        )],
    );
    assert_eq!(applied(&first.push_ok(&app, &[name]).await.results[0].outcome), 2);
    assert_eq!(
        applied(&second.push_ok(&app, &[attributes]).await.results[0].outcome),
        3,
        "merged, no conflict"
    );
    let body = server_record(&first, &app, village).await.body_value().unwrap();
    assert_eq!(body["name"], "Khối 8 Mới");
    assert_eq!(body["attributes"]["border_commune"], true);
}

pub async fn the_same_field_edited_twice_is_a_conflict_then_resolved(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut first = commune_officer(&app, "can.bo.a", "05971").await;
    let mut second = commune_officer(&app, "can.bo.b", "05971").await;
    let (village, create) = first.new_village(commune("05971"), "Khối 9");
    first.push_ok(&app, &[create]).await;
    let mine = first.mutation(
        RecordType::Unit,
        village,
        1,
        vec![change("name", Some(json!("Khối 9")), Some(json!("Khối 9 Bắc")))],
    );
    let theirs = second.mutation(
        RecordType::Unit,
        village,
        1,
        vec![change("name", Some(json!("Khối 9")), Some(json!("Khối 9 Nam")))],
    );
    first.push_ok(&app, &[mine]).await;
    let answer = second.push_ok(&app, &[theirs]).await;
    assert_eq!(
        answer.results[0].outcome,
        Outcome::Conflict {
            revision: 3,
            fields: vec!["name".to_owned()]
        }
    );
    let record = server_record(&second, &app, village).await;
    assert_eq!(
        record.body_value().unwrap()["name"],
        "Khối 9 Bắc",
        "nothing overwritten silently"
    );
    assert_eq!(record.conflicts.len(), 1);
    let conflict = &record.conflicts[0];
    assert_eq!(
        (conflict.values.server.clone(), conflict.values.client.clone()),
        (Some(json!("Khối 9 Bắc")), Some(json!("Khối 9 Nam")))
    );
    // An officer of the commune picks the second name; the resolution is a mutation.
    let mut resolution = first.mutation(
        RecordType::Unit,
        village,
        3,
        vec![change("name", Some(json!("Khối 9 Bắc")), Some(json!("Khối 9 Nam")))],
    );
    resolution.resolves = vec![conflict.id];
    assert_eq!(applied(&first.push_ok(&app, &[resolution]).await.results[0].outcome), 4);
    let resolved = server_record(&first, &app, village).await;
    assert_eq!(resolved.body_value().unwrap()["name"], "Khối 9 Nam");
    assert!(resolved.conflicts.is_empty());
}

pub async fn another_communes_village_is_quarantined_and_the_queue_moves_on(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = commune_officer(&app, "can.bo.hvt", "05971").await;
    let (_, outside) = tablet.new_village(commune("05974"), "Khối Ngoài");
    let (inside_id, inside) = tablet.new_village(commune("05971"), "Khối Trong");
    let answer = tablet.push_ok(&app, &[outside.clone(), inside]).await;
    assert!(matches!(&answer.results[0].outcome, Outcome::Refused { code, .. } if code == "outside_jurisdiction"));
    assert_eq!(applied(&answer.results[1].outcome), 1, "the queue is not blocked");
    assert_eq!(answer.expected_seq, 3);
    assert_eq!(server_record(&tablet, &app, inside_id).await.revision, 1);
    let admin = app.sign_in("admin", ADMIN_PASSWORD).await;
    let quarantine: Value = app
        .get_as(&admin, "/api/v1/sync/quarantine")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(quarantine[0]["mutation_id"], outside.mutation_id.to_string());
    assert_eq!(quarantine[0]["code"], "outside_jurisdiction");
    assert_eq!(
        quarantine[0]["mutation"]["record_id"],
        outside.record_id.to_string(),
        "kept whole, not dropped"
    );
}

pub async fn an_interrupted_pull_resumes_with_nothing_missing_or_doubled(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = commune_officer(&app, "can.bo.hvt", "05971").await;
    let mut created = Vec::new();
    let mut batch = Vec::new();
    for number in 0..25 {
        let (id, mutation) = tablet.new_village(commune("05971"), &format!("Tổ {number}"));
        created.push(id);
        batch.push(mutation);
    }
    tablet.push_ok(&app, &batch).await;
    let first_page = tablet.pull(&app, 0, 10).await;
    assert!(first_page.more);
    // The connection drops here; later the device resumes from the cursor it stored with the page.
    let (rest, _) = tablet.pull_all(&app, first_page.next_cursor).await;
    let mut seen: Vec<Uuid> = first_page.records.iter().chain(&rest).map(|record| record.id).collect();
    let total = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "nothing doubled");
    for id in &created {
        assert!(seen.contains(id), "nothing missing");
    }
    // What a commune officer sees: its commune, the district and province above it, its 25 villages.
    assert_eq!(total, 28);
    assert!(seen.contains(&commune("05971")) && seen.contains(&commune("178")) && seen.contains(&commune("20")));
    assert!(!seen.contains(&commune("05974")), "not a neighbouring commune");
}

pub async fn an_expired_token_is_refused_and_nothing_is_applied(backend: Backend) {
    let settings = Settings {
        session_lifetime: Duration::from_millis(600),
        ..Settings::default()
    };
    let app = spawn_app_with(backend, "/nonexistent".into(), settings).await;
    let mut tablet = commune_officer(&app, "can.bo.hvt", "05971").await;
    let (village, create) = tablet.new_village(commune("05971"), "Khối 10");
    tokio::time::sleep(Duration::from_millis(800)).await;
    let refused = tablet.push(&app, std::slice::from_ref(&create)).await;
    assert_eq!(refused.status(), 401);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "session_expired");
    // Signed in again, the same outbox entry goes through.
    let again = Device::sign_in(&app, "can.bo.hvt", PASSWORD).await;
    let tablet = Device {
        token: again.token,
        ..tablet
    };
    tablet.push_ok(&app, &[create]).await;
    assert_eq!(server_record(&tablet, &app, village).await.revision, 1);
}

pub async fn an_officer_moved_to_another_commune_pulls_only_the_new_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = commune_officer(&app, "can.bo.hvt", "05971").await;
    let (old_village, create) = tablet.new_village(commune("05971"), "Khối Cũ");
    tablet.push_ok(&app, &[create]).await;
    let before = tablet.pull(&app, 0, 500).await;
    assert_eq!(before.jurisdiction, commune("05971"));
    let admin = app.sign_in("admin", ADMIN_PASSWORD).await;
    let moved = app
        .client
        .put(app.url(&format!("/api/v1/officers/{}/assignment", tablet.officer)))
        .bearer_auth(&admin)
        .json(&json!({ "role": "commune_officer", "jurisdiction": "05974" }))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    let after = tablet.pull(&app, before.next_cursor, 500).await;
    assert_eq!(
        after.jurisdiction,
        commune("05974"),
        "the device learns it must drop the old commune's records"
    );
    let (fresh, _) = tablet.pull_all(&app, 0).await;
    assert!(
        fresh.iter().all(|record| record.id != old_village),
        "the old commune's village is no longer sent"
    );
    assert!(fresh.iter().any(|record| record.id == commune("05974")));
    // And it may no longer write there.
    let (_, late) = tablet.new_village(commune("05971"), "Khối Muộn");
    let refused = tablet.push_ok(&app, &[late]).await;
    assert!(matches!(&refused.results[0].outcome, Outcome::Refused { code, .. } if code == "outside_jurisdiction"));
}

pub async fn a_status_change_needs_a_decision_by_its_owner(backend: Backend) {
    let app = crate::helpers::spawn_app_before_reform(backend).await;
    let mut tablet = commune_officer(&app, "can.bo.hvt", "05971").await;
    let (first, one) = tablet.new_village(commune("05971"), "Khối 11");
    let (second, two) = tablet.new_village(commune("05971"), "Khối 12");
    tablet.push_ok(&app, &[one, two]).await;
    let proposal = json!({
        "id": Uuid::now_v7(), "level": "village",
        "action": {"action": "merge", "into": {"target": "new_unit", "id": Uuid::now_v7(), "name": "Khối 11-12", "kind": "residential_group", "parent_id": commune("05971")}},
        "sources": [
            {"unit_id": first, "name": "Khối 11", "part": "whole", "figures": {"households": 60, "population": 240, "area": 100000}},
            {"unit_id": second, "name": "Khối 12", "part": "whole", "figures": {"households": 70, "population": 280, "area": 100000}}
        ],
        // Each village consulted, more than half of its households agreeing: a submission needs it.
        "consultations": [
            {"unit_id": first, "round": 1, "eligible": 60, "participating": 55, "agreeing": 50, "disagreeing": 5, "invalid": 0},
            {"unit_id": second, "round": 1, "eligible": 70, "participating": 66, "agreeing": 60, "disagreeing": 6, "invalid": 0}
        ],
        "rule_set_id": "TT14_2018", "status": {"status": "draft"}, "history": [],
        "meta": {"revision": 0, "updated_at": 0, "updated_by": tablet.officer}
    });
    let id: Uuid = proposal["id"].as_str().unwrap().parse().unwrap();
    let create = tablet.mutation(RecordType::Proposal, id, 0, diff(None, &proposal));
    assert_eq!(applied(&tablet.push_ok(&app, &[create]).await.results[0].outcome), 1);
    // A commune officer cannot approve: the status may not jump, nor move without a decision.
    let jump = tablet.mutation(
        RecordType::Proposal,
        id,
        1,
        vec![change(
            "status",
            Some(json!({"status": "draft"})),
            Some(json!({"status": "province_approved", "decision_number": "1", "decision_date": "2026-11-01"})),
        )],
    );
    let refused = tablet.push_ok(&app, &[jump]).await;
    assert!(
        matches!(&refused.results[0].outcome, Outcome::Refused { code, .. } if code == "workflow"),
        "{refused:?}"
    );
    // Submitting, with its decision, is theirs.
    let decision = json!({"transition": {"transition": "submit"}, "from": {"status": "draft"}, "to": {"status": "submitted"},
        "by": tablet.officer, "role": "commune_officer", "at": 1_795_834_800_500_i64, "comment": null});
    let submit = tablet.mutation(
        RecordType::Proposal,
        id,
        1,
        vec![
            change("history", Some(json!([])), Some(json!([decision]))),
            change(
                "status",
                Some(json!({"status": "draft"})),
                Some(json!({"status": "submitted"})),
            ),
        ],
    );
    assert_eq!(applied(&tablet.push_ok(&app, &[submit]).await.results[0].outcome), 2);
}

pub async fn a_device_cannot_end_a_unit_only_the_server_carrying_out_a_decision_can(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = commune_officer(&app, "can.bo.lc", "05971").await;
    let (village, create) = tablet.new_village(commune("05971"), "Khối 9");
    tablet.push_ok(&app, &[create]).await;
    let other = Uuid::now_v7();
    // Marked as merged by the device itself, with no decision carried out.
    let merged = json!({"state": "merged_into", "unit_id": other, "proposal_id": other, "effective": "2026-06-01"});
    let ended = tablet.mutation(
        RecordType::Unit,
        village,
        1,
        vec![change(
            "lifecycle",
            Some(json!({"state": "active", "since": null})),
            Some(merged.clone()),
        )],
    );
    let answer = tablet.push_ok(&app, &[ended]).await;
    assert!(
        matches!(&answer.results[0].outcome, Outcome::Refused { code, reason } if code == "lifecycle_server_only" && reason.contains("Khối 9")),
        "{:?}",
        answer.results[0].outcome
    );
    let body = server_record(&tablet, &app, village).await.body_value().unwrap();
    assert_eq!(body["lifecycle"]["state"], "active", "the unit stays in force");
    // Nor is a unit created already ended.
    let (_, mut create) = tablet.new_village(commune("05971"), "Khối 10");
    for change in &mut create.changes {
        if change.field == "lifecycle" {
            change.new = Some(merged.clone());
        }
    }
    let answer = tablet.push_ok(&app, &[create]).await;
    assert!(matches!(&answer.results[0].outcome, Outcome::Refused { code, .. } if code == "lifecycle_server_only"));
}
