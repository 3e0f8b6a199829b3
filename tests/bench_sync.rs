//! Benchmarks of the app's sync engine in headless Chromium against the real
//! server on loopback (SQLite), started by `cargo xtask bench`: 10,000
//! village edits pushed from one device, 100,000 records pulled into an empty
//! device, the bytes a push puts on the wire per record, and beside each the
//! floor: raw IndexedDB puts of the same records in one transaction.
#![cfg(target_arch = "wasm32")]

use domain::sync::protocol::PushRequest;
use domain::{OfficerId, UnitName};
use sapxep::store::Store;
use sapxep::sync::engine::{pull, push};
use sapxep::sync::{SyncClient, browser, sync_round};
use serde_json::json;
use uuid::Uuid;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

mod support;
use support::{completed, delete_database, now_ms, raw_database, raw_transaction};

wasm_bindgen_test_configure!(run_in_browser);

const PUSHED: usize = 10_000;
const PULLED: usize = 100_000;
const PASSWORD: &str = "mật khẩu đo hiệu năng";

fn server() -> &'static str {
    match option_env!("SAPXEP_TEST_SERVER") {
        Some(url) => url,
        None => panic!("the sync benchmark needs the test server: run `cargo xtask bench`"),
    }
}

fn admin_password() -> &'static str {
    match option_env!("SAPXEP_TEST_ADMIN_PASSWORD") {
        Some(password) => password,
        None => panic!("the sync benchmark needs the test server: run `cargo xtask bench`"),
    }
}

async fn officer(commune: &str) -> (SyncClient, Uuid, Uuid) {
    let username = format!("bench.{}", &Uuid::new_v4().simple().to_string()[..8]);
    let admin = SyncClient::sign_in(server(), "admin", admin_password(), None)
        .await
        .unwrap();
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/officers", server()))
        .bearer_auth(admin.token)
        .json(&json!({
            "username": username, "display_name": "Đo hiệu năng", "role": "commune_officer",
            "jurisdiction": commune, "password": PASSWORD,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let signed = SyncClient::sign_in(server(), &username, PASSWORD, None).await.unwrap();
    let id = signed.officer.id;
    (
        SyncClient::new(server(), signed.token).for_officer(id),
        id,
        signed.officer.jurisdiction.id,
    )
}

/// Saves `count` new villages in bulk (not timed) and returns them.
async fn queue_villages(store: &Store, commune: Uuid, officer: Uuid, count: usize) -> Vec<domain::Unit> {
    let mut villages = support::villages(count, commune, OfficerId(officer));
    for village in &mut villages {
        village.id = Uuid::now_v7();
    }
    for chunk in villages.chunks(10_000) {
        store.save_all(chunk, OfficerId(officer), browser::now()).await.unwrap();
    }
    villages
}

/// The floor: raw puts of the same rows, as JavaScript values made beforehand,
/// into a fresh store in one relaxed transaction.
async fn raw_floor(rows: &[wasm_bindgen::JsValue], name: &str) -> f64 {
    let database = raw_database(name).await;
    let started = now_ms();
    let transaction = raw_transaction(&database, "relaxed");
    let store = transaction.object_store("raw").unwrap();
    for row in rows {
        store.put(row).unwrap();
    }
    completed(&transaction).await;
    let elapsed = now_ms() - started;
    database.close();
    delete_database(name).await;
    elapsed
}

fn rows_of(villages: &[domain::Unit]) -> Vec<wasm_bindgen::JsValue> {
    use sapxep::store::SyncedRecord;
    villages
        .iter()
        .map(|village| village.clone().into_row(None).to_js().unwrap())
        .collect()
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
async fn sync_engine_against_the_real_server() {
    let run = Uuid::new_v4();
    let (client, officer_id, commune) = officer("05971").await;
    console_log!("BENCH sync engine, wasm32 in headless Chromium, against the server on loopback (SQLite)");

    // 10,000 new villages pushed from one device.
    let tablet_name = format!("bench-sync-tablet-{run}");
    let tablet = Store::open_named(&tablet_name).await.unwrap();
    sync_round(&tablet, &client).await.unwrap();
    let villages = queue_villages(&tablet, commune, officer_id, PUSHED).await;
    let started = now_ms();
    let round = push(&tablet, &client).await.unwrap();
    let push_new = now_ms() - started;
    assert_eq!(round.acknowledged, PUSHED);
    // Back come the server's revisions, on which the edits are based.
    pull(&tablet, &client).await.unwrap();

    // Then the same 10,000 edited (renamed): merged field by field on the server.
    let mut edited = villages.clone();
    for village in &mut edited {
        let renamed = format!("{} Mới", village.name.as_str());
        village.name = UnitName::parse(&renamed).unwrap();
    }
    tablet
        .save_all(&edited, OfficerId(officer_id), browser::now())
        .await
        .unwrap();
    // Bytes on the wire for a push: the batches as the engine sends them.
    let (mut raw_bytes, mut gzip_bytes) = (0usize, 0usize);
    let outbox = tablet.outbox_from(PUSHED as u64 + 1, PUSHED as u32).await.unwrap();
    for batch in outbox.chunks(sapxep::sync::engine::PUSH_BATCH as usize) {
        let body = serde_json::to_vec(&PushRequest {
            device_id: tablet.device_id(),
            mutations: batch.to_vec(),
        })
        .unwrap();
        raw_bytes += body.len();
        gzip_bytes += browser::gzipped(&body)
            .await
            .map_or(body.len(), |compressed| compressed.len());
    }
    let started = now_ms();
    let round = push(&tablet, &client).await.unwrap();
    let push_edits = now_ms() - started;
    assert_eq!(round.acknowledged, PUSHED);
    let push_floor = raw_floor(&rows_of(&edited), &format!("bench-sync-floor-push-{run}")).await;
    console_log!(
        "BENCH  push 10,000 new villages                        {push_new:>8.0} ms  ({:.0} per s; target < 1,500 ms: {})",
        PUSHED as f64 / push_new * 1000.0,
        if push_new < 1500.0 { "met" } else { "MISSED" }
    );
    console_log!(
        "BENCH  push 10,000 village edits (renames)             {push_edits:>8.0} ms  ({:.0} per s; target < 1,500 ms: {})",
        PUSHED as f64 / push_edits * 1000.0,
        if push_edits < 1500.0 { "met" } else { "MISSED" }
    );
    console_log!("BENCH  floor: raw puts of the same 10,000 in one tx      {push_floor:>8.0} ms");
    console_log!(
        "BENCH  push on the wire: {:.0} B per edit gzip vs {:.0} B raw JSON ({:.2}×; target < 0.5×: {})",
        gzip_bytes as f64 / PUSHED as f64,
        raw_bytes as f64 / PUSHED as f64,
        gzip_bytes as f64 / raw_bytes as f64,
        if (gzip_bytes as f64) < 0.5 * raw_bytes as f64 {
            "met"
        } else {
            "MISSED"
        }
    );

    // 100,000 records on the server (90,000 more pushed, not timed), pulled
    // into an empty device.
    queue_villages(&tablet, commune, officer_id, PULLED - PUSHED).await;
    let round = push(&tablet, &client).await.unwrap();
    assert_eq!(round.acknowledged, PULLED - PUSHED);
    let empty_name = format!("bench-sync-empty-{run}");
    let empty = Store::open_named(&empty_name).await.unwrap();
    let started = now_ms();
    let round = sync_round(&empty, &client).await.unwrap();
    let pull = now_ms() - started;
    assert!(round.pulled >= PULLED, "pulled {}", round.pulled);
    let pulled_units = empty.units_of_parent(commune).await.unwrap();
    assert!(pulled_units.len() >= PULLED);
    let units: Vec<domain::Unit> = pulled_units.into_iter().map(|entry| entry.unit).collect();
    let pull_floor = raw_floor(&rows_of(&units), &format!("bench-sync-floor-pull-{run}")).await;
    console_log!(
        "BENCH  pull {} records into an empty device ({} pages) {pull:>8.0} ms  ({:.0} per s; target < 15,000 ms: {})",
        round.pulled,
        round.pull_pages,
        round.pulled as f64 / pull * 1000.0,
        if pull < 15_000.0 { "met" } else { "MISSED" }
    );
    console_log!(
        "BENCH  floor: raw puts of the same {} in one tx     {pull_floor:>8.0} ms  (pull / floor {:.1}×)",
        units.len(),
        pull / pull_floor
    );
    tablet.close();
    empty.close();
    delete_database(&tablet_name).await;
    delete_database(&empty_name).await;
}
