//! The one test suite every device store passes: the app's IndexedDB store
//! in Chromium and [`crate::MemoryStore`] natively run these same functions
//! through [`crate::store_suite!`] (as matrix-rust-sdk runs its stores through
//! one `integration_tests!` macro), so that what the engine is shown on the
//! in-memory store holds on the officer's tablet.
//!
//! Each function takes a fresh, empty store and panics on a failure.

use crate::store::{DeviceStore, OutboxState, Saved};
use domain::sync::RecordType;
use domain::sync::protocol::{PullResponse, PulledRecord};
use domain::{Lifecycle, OfficerId, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitName};
use serde_json::Value;
use std::collections::HashSet;
use uuid::Uuid;

#[cfg(not(target_arch = "wasm32"))]
pub use futures_executor::block_on;

/// The officer who makes the suite's local changes.
pub const OFFICER: OfficerId = OfficerId(Uuid::from_u128(0xA11CE));
const SERVER_OFFICER: OfficerId = OfficerId(Uuid::from_u128(0xB0B));
const AT: Timestamp = Timestamp(1_795_834_800_000);
/// The commune the suite's villages lie in.
pub const JURISDICTION: Uuid = Uuid::from_u128(6_100);
const EPOCH: &str = "epoch-1";

/// Every function of the suite, by name: the macro makes a test of each.
#[macro_export]
macro_rules! store_suite {
    ($runner:ident, fresh = $fresh:expr, store = |$holder:ident| $store:expr) => {
        $crate::store_suite!(@each $runner, $fresh, $holder, $store,
            a_save_queues_its_change_once,
            a_pulled_page_and_its_cursor_are_written_together,
            unsent_changes_stay_on_top_of_the_servers_version,
            a_record_deleted_on_the_server_stays_while_changed_here,
            answers_settle_only_the_entries_they_name,
            a_restore_drops_what_the_server_no_longer_has_unless_unsent,
            a_new_jurisdiction_waits_for_unsent_changes,
            the_sync_state_changes_one_field_at_a_time,
        );
    };
    (@each native, $fresh:expr, $holder:ident, $store:expr, $($name:ident,)*) => {
        $(
            #[test]
            fn $name() {
                $crate::suite::block_on(async {
                    let $holder = $fresh.await;
                    $crate::suite::$name($store).await;
                });
            }
        )*
    };
    (@each wasm, $fresh:expr, $holder:ident, $store:expr, $($name:ident,)*) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                let $holder = $fresh.await;
                $crate::suite::$name($store).await;
            }
        )*
    };
}

fn village(number: u128, name: &str, revision: u64) -> Unit {
    Unit {
        id: Uuid::from_u128(number),
        code: None,
        name: UnitName::parse(name).expect("a village's name"),
        kind: UnitKind::Village,
        parent_id: Some(JURISDICTION),
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes::default(),
        meta: SyncMeta {
            revision,
            updated_at: Timestamp(0),
            updated_by: SERVER_OFFICER,
            epoch: (revision > 0).then(|| EPOCH.to_owned()),
        },
    }
}

fn json(unit: &Unit) -> Value {
    serde_json::to_value(unit).expect("a unit as JSON")
}

fn pulled(unit: &Unit, change_seq: u64) -> PulledRecord {
    PulledRecord {
        record_type: RecordType::Unit,
        id: unit.id,
        revision: unit.meta.revision,
        change_seq,
        deleted: false,
        body: Some(serde_json::value::to_raw_value(unit).expect("a unit as JSON")),
        conflicts: Vec::new(),
    }
}

fn tombstone(id: Uuid, change_seq: u64) -> PulledRecord {
    PulledRecord {
        record_type: RecordType::Unit,
        id,
        revision: 0,
        change_seq,
        deleted: true,
        body: None,
        conflicts: Vec::new(),
    }
}

fn page(records: Vec<PulledRecord>, next_cursor: u64) -> PullResponse {
    PullResponse {
        epoch: EPOCH.to_owned(),
        jurisdiction: JURISDICTION,
        records,
        next_cursor,
        more: false,
    }
}

async fn name_of<S: DeviceStore>(store: &S, number: u128) -> Option<String> {
    let body = store
        .record_body(RecordType::Unit, Uuid::from_u128(number))
        .await
        .expect("a read");
    body.and_then(|body| body.get("name").and_then(Value::as_str).map(str::to_owned))
}

async fn save<S: DeviceStore>(store: &S, unit: &Unit) -> Saved {
    store
        .save_body(RecordType::Unit, &json(unit), OFFICER, AT)
        .await
        .expect("a save")
}

/// A save writes the record and one outbox entry with the changed fields'
/// old values; the same record saved again writes nothing.
pub async fn a_save_queues_its_change_once<S: DeviceStore>(store: &S) {
    let first = village(1, "Thôn Nà Lẹng", 0);
    let Saved::Queued { seq, .. } = save(store, &first).await else {
        panic!("a new village is queued");
    };
    assert_eq!(seq, 1, "a device's sequence starts at 1");
    assert_eq!(
        save(store, &first).await,
        Saved::Unchanged,
        "nothing changed, nothing queued"
    );
    let renamed = Unit {
        name: UnitName::parse("Thôn Nà Lẹng Trên").expect("a name"),
        ..first.clone()
    };
    let Saved::Queued {
        seq, fields_changed, ..
    } = save(store, &renamed).await
    else {
        panic!("a rename is queued");
    };
    assert_eq!((seq, fields_changed), (2, 1));
    assert_eq!(store.pending_count().await.expect("a count"), 2);
    assert_eq!(name_of(store, 1).await.as_deref(), Some("Thôn Nà Lẹng Trên"));
    let batch = store.outbox_batch(2, 10).await.expect("the outbox");
    assert_eq!(batch.len(), 1, "read from sequence 2");
    let mutation: domain::sync::Mutation = serde_json::from_str(&batch[0].json).expect("a mutation");
    assert_eq!(mutation.device_id, store.device_id());
    assert_eq!(mutation.changes.len(), 1);
    assert_eq!(mutation.changes[0].field, "name");
    assert_eq!(mutation.changes[0].old, Some(Value::from("Thôn Nà Lẹng")));
    let entries = store.outbox_entries().await.expect("the outbox");
    assert_eq!(
        entries.iter().map(|entry| entry.mutation.seq).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

/// A page and its cursor are one write; a page for a cursor the device no
/// longer holds is refused and writes nothing.
pub async fn a_pulled_page_and_its_cursor_are_written_together<S: DeviceStore>(store: &S) {
    let villages = [village(1, "Thôn Bản Chắt", 3), village(2, "Thôn Khòn Phổ", 4)];
    let applied = store
        .apply_pulled_page(0, &page(villages.iter().map(|unit| pulled(unit, 7)).collect(), 7), true)
        .await
        .expect("a page");
    assert_eq!(applied.records, 2);
    let state = store.sync_state().await.expect("the state");
    assert_eq!(
        (state.cursor, state.epoch.as_deref(), state.jurisdiction),
        (7, Some(EPOCH), Some(JURISDICTION))
    );
    assert!(!store.holds_no_units().await.expect("a read"));
    let again = village(3, "Thôn Pò Mã", 1);
    assert!(
        store
            .apply_pulled_page(0, &page(vec![pulled(&again, 9)], 9), false)
            .await
            .is_err(),
        "the cursor is 7: a page asked for from 0 is stale"
    );
    assert_eq!(name_of(store, 3).await, None, "nothing of a stale page is written");
    assert_eq!(store.sync_state().await.expect("the state").cursor, 7);
}

/// The server's newer version is taken, and the device's unsent change is
/// laid over it, field by field.
pub async fn unsent_changes_stay_on_top_of_the_servers_version<S: DeviceStore>(store: &S) {
    let held = village(1, "Thôn Nà Lẹng", 1);
    store
        .apply_pulled_page(0, &page(vec![pulled(&held, 1)], 1), true)
        .await
        .expect("a page");
    let local = Unit {
        name: UnitName::parse("Thôn Nà Lẹng Dưới").expect("a name"),
        ..held.clone()
    };
    save(store, &local).await;
    let server = Unit {
        attributes: UnitAttributes {
            mountainous: true,
            ..UnitAttributes::default()
        },
        meta: SyncMeta {
            revision: 2,
            ..held.meta.clone()
        },
        ..held
    };
    let applied = store
        .apply_pulled_page(1, &page(vec![pulled(&server, 2)], 2), false)
        .await
        .expect("a page");
    assert_eq!(applied.rebased, 1);
    let body = store
        .record_body(RecordType::Unit, server.id)
        .await
        .expect("a read")
        .expect("the village");
    assert_eq!(body["name"], "Thôn Nà Lẹng Dưới", "the device's unsent rename stays");
    assert_eq!(body["attributes"]["mountainous"], true, "the server's change is taken");
    assert_eq!(body["meta"]["revision"], 2, "the base is now the server's revision");
}

/// A tombstone removes a record, except one the device has unsent changes to.
pub async fn a_record_deleted_on_the_server_stays_while_changed_here<S: DeviceStore>(store: &S) {
    let kept = village(1, "Thôn Nà Lẹng", 1);
    let gone = village(2, "Thôn Bản Chắt", 1);
    store
        .apply_pulled_page(0, &page(vec![pulled(&kept, 1), pulled(&gone, 2)], 2), true)
        .await
        .expect("a page");
    save(
        store,
        &Unit {
            name: UnitName::parse("Thôn Nà Lẹng Mới").expect("a name"),
            ..kept.clone()
        },
    )
    .await;
    store
        .apply_pulled_page(2, &page(vec![tombstone(kept.id, 3), tombstone(gone.id, 4)], 4), false)
        .await
        .expect("a page");
    assert_eq!(name_of(store, 1).await.as_deref(), Some("Thôn Nà Lẹng Mới"));
    assert_eq!(
        name_of(store, 2).await,
        None,
        "the tombstone removed the unchanged village"
    );
}

/// An answer settles the entry of its sequence only when the mutation id is
/// that entry's.
pub async fn answers_settle_only_the_entries_they_name<S: DeviceStore>(store: &S) {
    save(store, &village(1, "Thôn Nà Lẹng", 0)).await;
    save(store, &village(2, "Thôn Bản Chắt", 0)).await;
    save(store, &village(3, "Thôn Pò Mã", 0)).await;
    let entries = store.outbox_entries().await.expect("the outbox");
    let at = Timestamp(AT.0 + 1);
    store
        .settle_sequence(&[
            (1, entries[0].mutation.mutation_id, OutboxState::Acknowledged { at }),
            (2, Uuid::from_u128(0xBAD), OutboxState::Acknowledged { at }),
            (
                3,
                entries[2].mutation.mutation_id,
                OutboxState::Refused {
                    reason: "ngoài địa bàn".to_owned(),
                },
            ),
        ])
        .await
        .expect("settled");
    let states: Vec<&'static str> = store
        .outbox_entries()
        .await
        .expect("the outbox")
        .iter()
        .map(|entry| entry.state.name())
        .collect();
    assert_eq!(states, vec!["acknowledged", "pending", "refused"]);
    assert_eq!(store.pending_count().await.expect("a count"), 1);
    assert_eq!(
        store.outbox_batch(1, 10).await.expect("the outbox").len(),
        3,
        "sent entries stay for a restored server to ask again"
    );
}

/// After a whole pull from a restored server, what it did not send goes,
/// unless the device has unsent changes to it.
pub async fn a_restore_drops_what_the_server_no_longer_has_unless_unsent<S: DeviceStore>(store: &S) {
    let villages = [
        village(1, "Thôn Nà Lẹng", 1),
        village(2, "Thôn Bản Chắt", 1),
        village(3, "Thôn Pò Mã", 1),
    ];
    store
        .apply_pulled_page(0, &page(villages.iter().map(|unit| pulled(unit, 3)).collect(), 3), true)
        .await
        .expect("a page");
    save(
        store,
        &Unit {
            name: UnitName::parse("Thôn Pò Mã Trong").expect("a name"),
            ..villages[2].clone()
        },
    )
    .await;
    save(store, &village(4, "Thôn Khòn Phổ", 0)).await;
    let seen: HashSet<String> = [villages[0].id.to_string()].into_iter().collect();
    assert_eq!(store.drop_records_not_in(&seen).await.expect("dropped"), 1);
    assert!(name_of(store, 1).await.is_some(), "sent by the server: kept");
    assert_eq!(name_of(store, 2).await, None, "not sent and unchanged: dropped");
    assert_eq!(
        name_of(store, 3).await.as_deref(),
        Some("Thôn Pò Mã Trong"),
        "unsent change: kept"
    );
    assert!(name_of(store, 4).await.is_some(), "created here, unsent: kept");
}

/// Records of another jurisdiction are dropped only once nothing waits to be
/// sent; then the cursor starts again.
pub async fn a_new_jurisdiction_waits_for_unsent_changes<S: DeviceStore>(store: &S) {
    let held = village(1, "Thôn Nà Lẹng", 1);
    store
        .apply_pulled_page(0, &page(vec![pulled(&held, 5)], 5), true)
        .await
        .expect("a page");
    save(store, &village(2, "Thôn Bản Chắt", 0)).await;
    assert!(store.clear_pulled_records().await.is_err(), "a change waits");
    assert!(
        name_of(store, 1).await.is_some(),
        "nothing dropped while a change waits"
    );
    let entry = store.outbox_entries().await.expect("the outbox").remove(0);
    store
        .settle_sequence(&[(1, entry.mutation.mutation_id, OutboxState::Acknowledged { at: AT })])
        .await
        .expect("settled");
    store.clear_pulled_records().await.expect("cleared");
    assert!(store.holds_no_units().await.expect("a read"));
    let state = store.sync_state().await.expect("the state");
    assert_eq!((state.cursor, state.jurisdiction), (0, None));
    assert_eq!(
        store.outbox_entries().await.expect("the outbox").len(),
        1,
        "the outbox stays"
    );
}

/// A change of one field of the sync state keeps the others.
pub async fn the_sync_state_changes_one_field_at_a_time<S: DeviceStore>(store: &S) {
    store
        .update_sync_state(|state| state.expected_seq = 5)
        .await
        .expect("written");
    store
        .update_sync_state(|state| state.epoch = Some(EPOCH.to_owned()))
        .await
        .expect("written");
    let state = store.sync_state().await.expect("the state");
    assert_eq!((state.expected_seq, state.epoch.as_deref()), (5, Some(EPOCH)));
}
