//! Benchmarks of the device store in headless Chromium, each beside its floor
//! measured in the same run: raw IndexedDB puts of the same records. Ignored
//! by `cargo xtask test`; run in release by `cargo xtask bench`.
#![cfg(target_arch = "wasm32")]

use domain::rules::classification::Standing;
use domain::{OfficerId, Timestamp, Unit};
use sapxep::store::Store;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::IdbDatabase;

mod support;
use support::{completed, delete_database, now_ms, raw_database, raw_transaction, summary, wait};

wasm_bindgen_test_configure!(run_in_browser);

const VILLAGES: usize = 5_000;
const SAVES: usize = 150;
const OFFICER: OfficerId = OfficerId(Uuid::from_u128(0xA11CE));

#[wasm_bindgen_test]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
async fn device_store_in_the_browser() {
    let parent = Uuid::from_u128(6_100);
    let records = support::villages(VILLAGES, parent, OFFICER);
    let run = Uuid::new_v4();
    let (store_name, raw_name) = (format!("bench-store-{run}"), format!("bench-raw-{run}"));
    console_log!("BENCH device store, wasm32 in headless Chromium (IndexedDB on this machine's disk)");

    // One village saved by the officer (record + outbox entry, strict
    // durability), interleaved with its floor, a raw strict put of the same
    // record alone in its transaction, so that both see the same disk.
    let store = Store::open_named(&store_name).await.unwrap();
    let raw = raw_database(&raw_name).await;
    let (mut saves, mut raw_puts) = (Vec::with_capacity(SAVES), Vec::with_capacity(SAVES));
    for (index, village) in records.iter().take(SAVES).enumerate() {
        let started = now_ms();
        store
            .save(village, OFFICER, Timestamp(index as i64), Some(Standing::Meets))
            .await
            .unwrap();
        saves.push(now_ms() - started);
        let started = now_ms();
        let transaction = raw_transaction(&raw, "strict");
        let value = serde_wasm_bindgen::to_value(village).unwrap();
        transaction.object_store("raw").unwrap().put(&value).unwrap();
        completed(&transaction).await;
        raw_puts.push(now_ms() - started);
    }
    let (save_median, save_p95) = summary(&mut saves);
    let (raw_median, raw_p95) = summary(&mut raw_puts);
    console_log!(
        "BENCH  one village saved (record + outbox, strict)      median {save_median:>7.2} ms  p95 {save_p95:>7.2} ms"
    );
    console_log!(
        "BENCH  floor: raw strict put of the same record          median {raw_median:>7.2} ms  p95 {raw_p95:>7.2} ms"
    );
    let ratio = save_median / raw_median.max(0.01);
    console_log!(
        "BENCH  save / raw strict put: {ratio:.2}× (target within 2×: {})",
        if ratio <= 2.0 { "within" } else { "OVER" }
    );
    store.close();
    delete_database(&store_name).await;

    // Bulk import of 5,000 villages in one transaction (relaxed, as a pull),
    // into an empty database, seven times, alternating with its floors, each
    // into an empty database too: (a) raw puts of the same records into a
    // store without indexes; (b) raw puts of the same rows into a store with
    // the same indexes as ours (what IndexedDB itself costs for them).
    raw.close();
    let (mut imports, mut floors, mut indexed_floors) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..7 {
        let (ours_name, floor_name, indexed_name) = (
            format!("{store_name}-{run}"),
            format!("{raw_name}-{run}"),
            format!("{raw_name}-{run}-indexed"),
        );
        if run % 2 == 0 {
            imports.push(store_import(&records, &ours_name).await);
            floors.push(raw_import(&records, &floor_name, false).await);
            indexed_floors.push(raw_import(&records, &indexed_name, true).await);
        } else {
            indexed_floors.push(raw_import(&records, &indexed_name, true).await);
            floors.push(raw_import(&records, &floor_name, false).await);
            imports.push(store_import(&records, &ours_name).await);
        }
    }
    let (import, _) = summary(&mut imports);
    let (raw_import, _) = summary(&mut floors);
    let (indexed_import, _) = summary(&mut indexed_floors);
    console_log!("BENCH  bulk import of 5.000 villages (one transaction)       median {import:>7.1} ms (7 runs)");
    console_log!("BENCH  floor (a): raw puts of the same records, no index   median {raw_import:>7.1} ms (7 runs)");
    console_log!(
        "BENCH  floor (b): raw puts of the same rows, same indexes   median {indexed_import:>7.1} ms (7 runs)"
    );
    let ratio = import / raw_import.max(0.01);
    console_log!(
        "BENCH  import / floor (a): {ratio:.2}× (target within 1.5×: {});  import / floor (b): {:.2}×",
        if ratio <= 1.5 { "within" } else { "OVER" },
        import / indexed_import.max(0.01)
    );

    let store = Store::open_named(&store_name).await.unwrap();
    store
        .put_records(
            records
                .iter()
                .cloned()
                .map(|village| (village, Some(Standing::BelowStandard)))
                .collect(),
        )
        .await
        .unwrap();
    // Listing and searching over the 5,000 villages.
    let mut listings = Vec::new();
    for _ in 0..11 {
        let started = now_ms();
        let listed = store.units_of_parent(parent).await.unwrap();
        listings.push(now_ms() - started);
        assert_eq!(listed.len(), VILLAGES);
    }
    let (list_median, list_p95) = summary(&mut listings);
    console_log!(
        "BENCH  list the 5.000 villages of a commune             median {list_median:>7.2} ms  p95 {list_p95:>7.2} ms"
    );
    let mut searches = Vec::new();
    let mut found = 0;
    for _ in 0..21 {
        let started = now_ms();
        found = store.search_units("na pan", 50).await.unwrap().len();
        searches.push(now_ms() - started);
    }
    let (search_median, search_p95) = summary(&mut searches);
    console_log!(
        "BENCH  search \"na pan\" over 5.000 villages ({found} found)     median {search_median:>7.2} ms  p95 {search_p95:>7.2} ms (target under 20 ms: {})",
        if search_p95 < 20.0 { "within" } else { "OVER" }
    );
    store.close();
    delete_database(&store_name).await;
    delete_database(&raw_name).await;
}

/// Our bulk import of the records into an empty store; milliseconds.
async fn store_import(records: &[Unit], name: &str) -> f64 {
    delete_database(name).await;
    let store = Store::open_named(name).await.unwrap();
    let batch: Vec<(Unit, Option<Standing>)> = records
        .iter()
        .cloned()
        .map(|village| (village, Some(Standing::BelowStandard)))
        .collect();
    let started = now_ms();
    store.put_records(batch).await.unwrap();
    let elapsed = now_ms() - started;
    store.close();
    delete_database(name).await;
    elapsed
}

/// Raw puts of the records (or of our rows, into a store with our indexes)
/// in one relaxed transaction into an empty database; milliseconds.
async fn raw_import(records: &[Unit], name: &str, with_our_indexes: bool) -> f64 {
    use sapxep::store::SyncedRecord;
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, 1).unwrap();
    let on_upgrade = wasm_bindgen::closure::Closure::once_into_js(move |event: web_sys::IdbVersionChangeEvent| {
        let request: web_sys::IdbOpenDbRequest = event.target().unwrap().unchecked_into();
        let database: IdbDatabase = request.result().unwrap().unchecked_into();
        let parameters = web_sys::IdbObjectStoreParameters::new();
        parameters.set_key_path(&"id".into());
        let store = database
            .create_object_store_with_optional_parameters("raw", &parameters)
            .unwrap();
        if with_our_indexes {
            let parent_and_standing = js_sys::Array::of2(&"parent_id".into(), &"standing".into());
            store
                .create_index_with_str_sequence("by_parent_standing", &parent_and_standing)
                .unwrap();
            let multi = web_sys::IdbIndexParameters::new();
            multi.set_multi_entry(true);
            store
                .create_index_with_str_and_optional_parameters("by_token", "tokens", &multi)
                .unwrap();
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    wait(&request).await;
    let database: IdbDatabase = request.result().unwrap().unchecked_into();
    let started = now_ms();
    let transaction = raw_transaction(&database, "relaxed");
    let object_store = transaction.object_store("raw").unwrap();
    for village in records {
        let value = if with_our_indexes {
            village.clone().into_row(Some(Standing::BelowStandard)).to_js().unwrap()
        } else {
            serde_wasm_bindgen::to_value(village).unwrap()
        };
        object_store.put(&value).unwrap();
    }
    completed(&transaction).await;
    let elapsed = now_ms() - started;
    database.close();
    delete_database(name).await;
    elapsed
}
