//! The app's sync engine in a real browser (headless Chromium) against the
//! real server on loopback (SQLite), started by `cargo xtask test`: offline
//! edits, the server down then back, everything arriving once; a lost answer
//! retried; an expired session; a refused change that does not block the
//! queue; the same field edited on two devices; an officer moved to another
//! commune; one engine across tabs.
#![cfg(target_arch = "wasm32")]

use domain::sync::RecordType;
use domain::wire::{OfficerProfile, SignInResponse};
use domain::{Lifecycle, OfficerId, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitName};
use sapxep::store::{OutboxState, Saved, Store};
use sapxep::sync::{SyncClient, SyncError, browser, sync_round};
use serde_json::json;
use std::cell::Cell;
use std::rc::Rc;
use uuid::Uuid;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod support;
use support::delete_database;

wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "mật khẩu cán bộ thử";
/// Two communes of Lạng Sơn from the reference data.
const COMMUNE: &str = "05971";
const OTHER_COMMUNE: &str = "05974";

fn server() -> &'static str {
    match option_env!("SAPXEP_TEST_SERVER") {
        Some(url) => url,
        None => panic!("the sync engine's tests need the test server: run `cargo xtask test`"),
    }
}

fn admin_password() -> &'static str {
    match option_env!("SAPXEP_TEST_ADMIN_PASSWORD") {
        Some(password) => password,
        None => panic!("the sync engine's tests need the test server: run `cargo xtask test`"),
    }
}

/// A tablet: its own device store, signed in as one officer.
struct Tablet {
    name: String,
    store: Store,
    client: SyncClient,
    officer: OfficerProfile,
}

impl Tablet {
    async fn sign_in(username: &str) -> Tablet {
        let name = format!("sapxep-sync-test-{}", Uuid::new_v4());
        let store = Store::open_named(&name).await.unwrap();
        let signed: SignInResponse = SyncClient::sign_in(server(), username, PASSWORD, Some(store.device_id()))
            .await
            .unwrap();
        let client = SyncClient::new(server(), signed.token).for_officer(signed.officer.id);
        Tablet {
            name,
            store,
            client,
            officer: signed.officer,
        }
    }

    async fn sync(&self) -> sapxep::sync::Round {
        sync_round(&self.store, &self.client).await.unwrap()
    }

    fn commune(&self) -> Uuid {
        self.officer.jurisdiction.id
    }

    async fn save(&self, unit: &Unit) -> Uuid {
        match self
            .store
            .save(unit, OfficerId(self.officer.id), browser::now(), None)
            .await
            .unwrap()
        {
            Saved::Queued { mutation_id, .. } => mutation_id,
            Saved::Unchanged => panic!("nothing changed"),
        }
    }

    async fn unit(&self, id: Uuid) -> Option<Unit> {
        self.store.unit(id).await.unwrap().map(|entry| entry.unit)
    }

    async fn close(self) {
        self.store.close();
        delete_database(&self.name).await;
    }
}

fn new_village(parent: Uuid, name: &str, by: Uuid) -> Unit {
    Unit {
        id: Uuid::now_v7(),
        code: None,
        name: UnitName::parse(name).unwrap(),
        kind: UnitKind::Village,
        parent_id: Some(parent),
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes::default(),
        meta: SyncMeta::created(Timestamp(0), OfficerId(by)),
    }
}

fn unique(prefix: &str) -> String {
    format!("{prefix}.{}", &Uuid::new_v4().simple().to_string()[..8])
}

async fn admin_token() -> String {
    SyncClient::sign_in(server(), "admin", admin_password(), None)
        .await
        .unwrap()
        .token
}

/// Creates a commune officer; returns the username.
async fn commune_officer(commune: &str) -> String {
    let username = unique("can.bo");
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/officers", server()))
        .bearer_auth(admin_token().await)
        .json(&json!({
            "username": username,
            "display_name": "Cán bộ thử nghiệm",
            "role": "commune_officer",
            "jurisdiction": commune,
            "password": PASSWORD,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status().as_u16(),
        201,
        "{}",
        response.text().await.unwrap_or_default()
    );
    username
}

async fn move_officer(officer: Uuid, commune: &str) {
    let response = reqwest::Client::new()
        .put(format!("{}/api/v1/officers/{officer}/assignment", server()))
        .bearer_auth(admin_token().await)
        .json(&json!({ "role": "commune_officer", "jurisdiction": commune }))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap_or_default()
    );
}

async fn unit_id(code: &str) -> Uuid {
    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/units/{code}", server()))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = response.json().await.unwrap();
    body["id"]
        .as_str()
        .or(body["unit"]["id"].as_str())
        .unwrap()
        .parse()
        .unwrap()
}

#[wasm_bindgen_test]
async fn offline_edits_reach_the_server_once_after_it_was_down() {
    let username = commune_officer(COMMUNE).await;
    let tablet = Tablet::sign_in(&username).await;
    let first = tablet.sync().await;
    assert!(first.pulled >= 1, "the commune comes down at the first sync");
    assert_eq!(
        tablet.store.sync_state().await.unwrap().jurisdiction,
        Some(tablet.commune())
    );

    // Three villages recorded with no signal.
    let mut villages = Vec::new();
    for name in ["Thôn Nà Pàn", "Thôn Còn Nưa", "Thôn Bản Chang"] {
        let village = new_village(tablet.commune(), name, tablet.officer.id);
        tablet.save(&village).await;
        villages.push(village.id);
    }
    assert_eq!(tablet.store.pending_count().await.unwrap(), 3);

    // The server is down: nothing listens there.
    let down = SyncClient::new("http://127.0.0.1:9", "any").for_officer(tablet.officer.id);
    let failed = sync_round(&tablet.store, &down).await;
    assert!(matches!(failed, Err(SyncError::Unreachable(_))), "{failed:?}");
    assert_eq!(
        tablet.store.pending_count().await.unwrap(),
        3,
        "nothing is lost while the server is down"
    );

    // The server is back.
    let round = tablet.sync().await;
    assert_eq!((round.pushed, round.acknowledged, round.refused), (3, 3, 0));
    assert_eq!(tablet.store.pending_count().await.unwrap(), 0);
    assert_eq!(tablet.sync().await.pushed, 0, "nothing is sent twice");

    // The answer to that push was lost (as if the tab closed after the server
    // committed): the device sends the same changes again.
    let sent: Vec<(Uuid, OutboxState)> = tablet
        .store
        .sent_history()
        .await
        .unwrap()
        .into_iter()
        .map(|entry| (entry.mutation.mutation_id, OutboxState::Pending))
        .collect();
    tablet.store.settle(&sent).await.unwrap();
    tablet
        .store
        .update_sync_state(|state| state.expected_seq = 1)
        .await
        .unwrap();
    let retried = tablet.sync().await;
    assert_eq!(
        (retried.pushed, retried.acknowledged),
        (3, 3),
        "answered as the first time"
    );

    // Another device of the same officer sees each village once, at its first revision.
    let other = Tablet::sign_in(&username).await;
    other.sync().await;
    for id in &villages {
        let village = other.unit(*id).await.expect("the village reached the server");
        assert_eq!(village.meta.revision, 1, "applied once, not twice");
    }
    let listed = other.store.units_of_parent(other.commune()).await.unwrap();
    assert_eq!(
        listed.iter().filter(|entry| villages.contains(&entry.unit.id)).count(),
        3
    );
    tablet.close().await;
    other.close().await;
}

#[wasm_bindgen_test]
async fn an_expired_session_asks_for_sign_in_and_keeps_the_outbox() {
    let username = commune_officer(COMMUNE).await;
    let tablet = Tablet::sign_in(&username).await;
    tablet.sync().await;
    tablet
        .save(&new_village(tablet.commune(), "Thôn Khuổi Luông", tablet.officer.id))
        .await;
    let expired = SyncClient::new(server(), "an-expired-token").for_officer(tablet.officer.id);
    assert_eq!(sync_round(&tablet.store, &expired).await, Err(SyncError::SignInNeeded));
    assert_eq!(tablet.store.pending_count().await.unwrap(), 1, "the outbox is intact");
    assert_eq!(tablet.sync().await.acknowledged, 1, "sent after signing in again");
    tablet.close().await;
}

#[wasm_bindgen_test]
async fn a_refused_change_is_shown_and_the_queue_moves_on() {
    let username = commune_officer(COMMUNE).await;
    let tablet = Tablet::sign_in(&username).await;
    tablet.sync().await;
    let outside = unit_id(OTHER_COMMUNE).await;
    tablet
        .save(&new_village(outside, "Thôn Ngoài Địa Bàn", tablet.officer.id))
        .await;
    let inside = new_village(tablet.commune(), "Thôn Trong Địa Bàn", tablet.officer.id);
    tablet.save(&inside).await;

    let round = tablet.sync().await;
    assert_eq!((round.pushed, round.acknowledged, round.refused), (2, 1, 1));
    let refused = tablet.store.outbox("refused").await.unwrap();
    assert_eq!(refused.len(), 1);
    assert!(matches!(&refused[0].state, OutboxState::Refused { reason } if !reason.is_empty()));
    assert_eq!(
        tablet.store.pending_count().await.unwrap(),
        0,
        "the refused change does not block the queue"
    );
    let other = Tablet::sign_in(&username).await;
    other.sync().await;
    assert!(
        other.unit(inside.id).await.is_some(),
        "the change after the refused one arrived"
    );
    tablet.close().await;
    other.close().await;
}

#[wasm_bindgen_test]
async fn the_same_field_changed_on_two_tablets_becomes_a_conflict_both_see() {
    let first = Tablet::sign_in(&commune_officer(COMMUNE).await).await;
    let second = Tablet::sign_in(&commune_officer(COMMUNE).await).await;
    let village = new_village(first.commune(), "Thôn Pác Khuông", first.officer.id);
    first.save(&village).await;
    first.sync().await;
    second.sync().await;
    let mut theirs = second.unit(village.id).await.expect("pulled by the second tablet");
    assert_eq!(theirs.meta.revision, 1);

    // Both rename it, offline, differently.
    let mut mine = first.unit(village.id).await.unwrap();
    mine.name = UnitName::parse("Thôn Pác Khuông Trên").unwrap();
    first.save(&mine).await;
    theirs.name = UnitName::parse("Thôn Pác Khuông Dưới").unwrap();
    theirs.attributes.border_commune = true;
    second.save(&theirs).await;

    assert_eq!(first.sync().await.conflicts, 0);
    let round = second.sync().await;
    assert_eq!(
        (round.acknowledged, round.conflicts),
        (1, 1),
        "the same field: a conflict, not an overwrite"
    );
    let kept = second.unit(village.id).await.unwrap();
    assert_eq!(
        kept.name.as_str(),
        "Thôn Pác Khuông Trên",
        "the server's value stays until resolved"
    );
    assert!(kept.attributes.border_commune, "the other field merged by itself");
    // (Filtered to this village: other tests share the server and the commune.)
    let on_this_village = |conflicts: Vec<domain::sync::protocol::Conflict>| {
        conflicts
            .into_iter()
            .filter(|conflict| conflict.record_id == village.id)
            .collect::<Vec<_>>()
    };
    let conflicts = on_this_village(second.store.open_conflicts().await.unwrap());
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].record_type, RecordType::Unit);
    assert_eq!(
        conflicts[0].values.client,
        Some(json!("Thôn Pác Khuông Dưới")),
        "both values are kept"
    );
    first.sync().await;
    assert_eq!(
        on_this_village(first.store.open_conflicts().await.unwrap()).len(),
        1,
        "shown to the other officer too"
    );
    first.close().await;
    second.close().await;
}

#[wasm_bindgen_test]
async fn an_officer_moved_to_another_commune_keeps_pending_work_until_sent_then_swaps_records() {
    let username = commune_officer(COMMUNE).await;
    let tablet = Tablet::sign_in(&username).await;
    tablet.sync().await;
    let old_commune = tablet.commune();
    let village = new_village(old_commune, "Thôn Cuối Cùng", tablet.officer.id);
    tablet.save(&village).await;

    move_officer(tablet.officer.id, OTHER_COMMUNE).await;
    let round = tablet.sync().await;
    // Sent first: the server now judges it by the new assignment and keeps it
    // in quarantine with its reason, which the officer sees; nothing is lost.
    assert_eq!(round.pushed, 1, "the pending work for the old commune was sent first");
    assert_eq!(tablet.store.pending_count().await.unwrap(), 0);
    assert_eq!(tablet.store.outbox("refused").await.unwrap().len(), 1);
    assert!(!round.jurisdiction_change_waiting);
    let new_commune = unit_id(OTHER_COMMUNE).await;
    assert_eq!(tablet.store.sync_state().await.unwrap().jurisdiction, Some(new_commune));
    assert!(
        tablet.unit(village.id).await.is_none(),
        "the old commune's records left the device"
    );
    assert!(tablet.unit(old_commune).await.is_none());
    assert!(tablet.unit(new_commune).await.is_some(), "the new commune came down");
    tablet.close().await;
}

#[wasm_bindgen_test]
async fn only_one_tab_syncs_at_a_time() {
    let held = Rc::new(Cell::new(false));
    let flag = held.clone();
    wasm_bindgen_futures::spawn_local(async move {
        browser::run_exclusively(sapxep::sync::scheduler::LOCK_NAME, async move {
            flag.set(true);
            browser::sleep(400).await;
            flag.set(false);
        })
        .await;
    });
    browser::sleep(50).await;
    assert!(held.get(), "the first engine holds the lock");
    let ran = browser::run_exclusively(sapxep::sync::scheduler::LOCK_NAME, async {}).await;
    assert!(!ran, "a second engine does not run while the first does");
    browser::sleep(500).await;
    let ran = browser::run_exclusively(sapxep::sync::scheduler::LOCK_NAME, async {}).await;
    assert!(ran, "it runs once the first is done");
}

#[wasm_bindgen_test]
fn retries_back_off_from_five_seconds_to_ten_minutes_with_jitter() {
    use sapxep::sync::scheduler::{MAX_RETRY_MS, retry_delay};
    assert_eq!(retry_delay(1, 0.5), 5_000);
    assert_eq!(retry_delay(2, 0.5), 10_000);
    assert_eq!(retry_delay(5, 0.5), 80_000);
    assert_eq!(
        retry_delay(40, 0.5),
        MAX_RETRY_MS,
        "capped near ten minutes, never giving up"
    );
    assert_eq!(retry_delay(1, 0.0), 2_500, "spread below");
    assert_eq!(retry_delay(1, 1.0), 7_500, "and above");
    assert!(retry_delay(40, 1.0) <= MAX_RETRY_MS);
}
