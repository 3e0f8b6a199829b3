//! Pulled changes in the device store, in a real browser (headless
//! Chromium): a page and its cursor written together, the device's unsent
//! changes kept over the server's version, tombstones, conflicts listed, a
//! stale page dropped, the outbox read from a sequence for a resend, a
//! change of jurisdiction.
#![cfg(target_arch = "wasm32")]

use domain::sync::RecordType;
use domain::sync::merge::FieldConflict;
use domain::sync::protocol::{Conflict, PullResponse, PulledRecord};
use domain::{Lifecycle, OfficerId, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitName};
use sapxep::store::{OutboxState, Saved, StoreError};
use serde_json::json;
use uuid::Uuid;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod support;
use support::{TestStore, unit_name};

wasm_bindgen_test_configure!(run_in_browser);

const OFFICER: OfficerId = OfficerId(Uuid::from_u128(0xA11CE));
const SERVER_OFFICER: OfficerId = OfficerId(Uuid::from_u128(0xB0B));
const AT: Timestamp = Timestamp(1_795_834_800_000);
const JURISDICTION: Uuid = Uuid::from_u128(6_100);

fn village(number: u128, name: &str, revision: u64) -> Unit {
    Unit {
        id: Uuid::from_u128(number),
        code: None,
        name: UnitName::parse(name).unwrap(),
        kind: UnitKind::Village,
        parent_id: Some(JURISDICTION),
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes::default(),
        meta: SyncMeta {
            revision,
            updated_at: Timestamp(0),
            updated_by: SERVER_OFFICER,
            epoch: None,
        },
    }
}

fn pulled(unit: &Unit, change_seq: u64) -> PulledRecord {
    PulledRecord {
        record_type: RecordType::Unit,
        id: unit.id,
        revision: unit.meta.revision,
        change_seq,
        deleted: false,
        body: Some(serde_json::value::to_raw_value(unit).unwrap()),
        conflicts: Vec::new(),
    }
}

fn tombstone(id: Uuid, change_seq: u64) -> PulledRecord {
    PulledRecord {
        record_type: RecordType::Unit,
        id,
        revision: 9,
        change_seq,
        deleted: true,
        body: None,
        conflicts: Vec::new(),
    }
}

fn page(records: Vec<PulledRecord>) -> PullResponse {
    let next_cursor = records.iter().map(|record| record.change_seq).max().unwrap_or(0);
    PullResponse {
        epoch: "epoch-1".to_owned(),
        jurisdiction: JURISDICTION,
        records,
        next_cursor,
        more: false,
    }
}

#[wasm_bindgen_test]
async fn a_page_and_its_cursor_are_written_together() {
    let store = TestStore::open().await;
    let first = page(vec![
        pulled(&village(1, "Thôn Nà Pàn", 1), 5),
        pulled(&village(2, "Thôn Còn Nưa", 1), 6),
    ]);
    let applied = store.apply_pulled_page(0, &first, false).await.unwrap();
    assert_eq!(applied.records, 2);
    assert_eq!(applied.rebased, 0);
    let state = store.sync_state().await.unwrap();
    assert_eq!(state.cursor, 6);
    assert_eq!(state.epoch.as_deref(), Some("epoch-1"));
    assert_eq!(state.jurisdiction, Some(JURISDICTION));
    let villages = store.units_of_parent(JURISDICTION).await.unwrap();
    assert_eq!(villages.len(), 2);
    assert_eq!(villages[0].unit.meta.revision, 1, "the server's revision is kept");
    assert_eq!(
        store.search_units("na pan", 10).await.unwrap().len(),
        1,
        "pulled records are searchable"
    );
    assert_eq!(
        store.pending_count().await.unwrap(),
        0,
        "pulled records make no outbox entries"
    );

    // A page asked for from an older cursor (another tab pulled meanwhile) is dropped whole.
    let stale = page(vec![pulled(&village(1, "Thôn Nà Pàn Mới", 2), 7)]);
    assert!(matches!(
        store.apply_pulled_page(0, &stale, false).await,
        Err(StoreError::Stale(_))
    ));
    assert_eq!(unit_name(&store, 1).await, "Thôn Nà Pàn");
    assert_eq!(store.sync_state().await.unwrap().cursor, 6);
}

#[wasm_bindgen_test]
async fn an_unsent_change_stays_on_top_of_the_servers_version() {
    let store = TestStore::open().await;
    store
        .apply_pulled_page(0, &page(vec![pulled(&village(1, "Thôn Nà Pàn", 1), 5)]), false)
        .await
        .unwrap();

    // The officer renames the village; the change is not yet sent.
    let mut renamed = store.unit(Uuid::from_u128(1)).await.unwrap().unwrap().unit;
    renamed.name = UnitName::parse("Thôn Nà Pàn Trên").unwrap();
    assert!(matches!(
        store.save(&renamed, OFFICER, AT, None).await.unwrap(),
        Saved::Queued { .. }
    ));

    // Meanwhile the district marked it a border village on the server.
    let mut on_server = village(1, "Thôn Nà Pàn", 2);
    on_server.attributes.border_commune = true;
    let applied = store
        .apply_pulled_page(5, &page(vec![pulled(&on_server, 8)]), false)
        .await
        .unwrap();
    assert_eq!(applied.rebased, 1);

    let kept = store.unit(Uuid::from_u128(1)).await.unwrap().unwrap().unit;
    assert_eq!(
        kept.name.as_str(),
        "Thôn Nà Pàn Trên",
        "the officer's unsent rename is not overwritten"
    );
    assert!(kept.attributes.border_commune, "the server's change is taken");
    assert_eq!(kept.meta.revision, 2, "later saves are based on the server's revision");
    assert_eq!(
        store.pending_count().await.unwrap(),
        1,
        "the change still waits to be sent"
    );
}

#[wasm_bindgen_test]
async fn a_tombstone_deletes_unless_the_device_changed_the_record() {
    let store = TestStore::open().await;
    store
        .apply_pulled_page(
            0,
            &page(vec![
                pulled(&village(1, "Thôn Nà Pàn", 1), 1),
                pulled(&village(2, "Thôn Còn Nưa", 1), 2),
            ]),
            false,
        )
        .await
        .unwrap();
    let mut changed = village(2, "Thôn Còn Nưa Dưới", 1);
    changed.meta.updated_by = OFFICER;
    store.save(&changed, OFFICER, AT, None).await.unwrap();

    let applied = store
        .apply_pulled_page(
            2,
            &page(vec![tombstone(Uuid::from_u128(1), 3), tombstone(Uuid::from_u128(2), 4)]),
            false,
        )
        .await
        .unwrap();
    assert_eq!(applied.records, 2);
    assert!(
        store.unit(Uuid::from_u128(1)).await.unwrap().is_none(),
        "deleted on the server, so here"
    );
    assert_eq!(
        unit_name(&store, 2).await,
        "Thôn Còn Nưa Dưới",
        "the officer's unsent change keeps the record until the server settles it"
    );
}

#[wasm_bindgen_test]
async fn conflicts_sent_by_the_server_are_listed_and_survive_a_local_save() {
    let store = TestStore::open().await;
    let unit = village(1, "Thôn Nà Pàn", 3);
    let conflict = Conflict {
        id: Uuid::from_u128(77),
        record_type: RecordType::Unit,
        record_id: unit.id,
        values: FieldConflict {
            field: "name".to_owned(),
            base: Some(json!("Thôn Nà Pàn")),
            server: Some(json!("Thôn Nà Pàn")),
            client: Some(json!("Thôn Nà Pàn Trên")),
        },
        officer_id: OFFICER,
        device_id: Some(Uuid::from_u128(5)),
        at: AT,
    };
    let mut record = pulled(&unit, 4);
    record.conflicts = vec![conflict.clone()];
    store.apply_pulled_page(0, &page(vec![record]), false).await.unwrap();
    assert_eq!(store.open_conflicts().await.unwrap(), vec![conflict.clone()]);

    let mut edited = unit.clone();
    edited.attributes.mountainous = true;
    store.save(&edited, OFFICER, AT, None).await.unwrap();
    assert_eq!(
        store.open_conflicts().await.unwrap(),
        vec![conflict],
        "a save does not hide a conflict"
    );

    // Once settled on the server, the record comes back without it.
    let mut settled = unit.clone();
    settled.meta.revision = 4;
    store
        .apply_pulled_page(4, &page(vec![pulled(&settled, 9)]), false)
        .await
        .unwrap();
    assert!(store.open_conflicts().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn the_outbox_is_read_from_a_sequence_whatever_was_acknowledged() {
    let store = TestStore::open().await;
    let mut ids = Vec::new();
    for number in 1..=5 {
        match store
            .save(&village(number, "Thôn Nà Pàn", 0), OFFICER, AT, None)
            .await
            .unwrap()
        {
            Saved::Queued { mutation_id, .. } => ids.push(mutation_id),
            Saved::Unchanged => panic!("a new record is a change"),
        }
    }
    store
        .settle(&[
            (ids[0], OutboxState::Acknowledged { at: AT }),
            (ids[1], OutboxState::Acknowledged { at: AT }),
        ])
        .await
        .unwrap();
    let from_two: Vec<u64> = store
        .outbox_from(2, 100)
        .await
        .unwrap()
        .iter()
        .map(|mutation| mutation.seq)
        .collect();
    assert_eq!(
        from_two,
        vec![2, 3, 4, 5],
        "a restored server gets acknowledged entries again"
    );
    let limited: Vec<u64> = store
        .outbox_from(1, 2)
        .await
        .unwrap()
        .iter()
        .map(|mutation| mutation.seq)
        .collect();
    assert_eq!(limited, vec![1, 2]);
    assert!(store.outbox_from(6, 100).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn another_jurisdiction_clears_pulled_records_only_when_nothing_waits() {
    let store = TestStore::open().await;
    store
        .apply_pulled_page(0, &page(vec![pulled(&village(1, "Thôn Nà Pàn", 1), 3)]), false)
        .await
        .unwrap();
    let saved = store.save(&village(2, "Thôn Mới", 0), OFFICER, AT, None).await.unwrap();
    assert!(
        store.clear_pulled_records().await.is_err(),
        "an unsent change is never dropped"
    );
    assert!(store.unit(Uuid::from_u128(2)).await.unwrap().is_some());

    let Saved::Queued { mutation_id, .. } = saved else {
        panic!()
    };
    store
        .settle(&[(mutation_id, OutboxState::Acknowledged { at: AT })])
        .await
        .unwrap();
    store.clear_pulled_records().await.unwrap();
    assert!(store.units_of_parent(JURISDICTION).await.unwrap().is_empty());
    let state = store.sync_state().await.unwrap();
    assert_eq!((state.cursor, state.jurisdiction), (0, None));
    assert_eq!(store.sent_history().await.unwrap().len(), 1, "the sent history stays");
}

#[wasm_bindgen_test]
async fn a_unit_changed_on_the_server_keeps_the_standing_derived_on_the_device() {
    use domain::rules::classification::Standing;
    let store = TestStore::open().await;
    store
        .apply_pulled_page(0, &page(vec![pulled(&village(1, "Thôn Nà Pàn", 1), 3)]), true)
        .await
        .unwrap();
    store
        .set_standing(Uuid::from_u128(1), Some(Standing::BelowMergeThreshold))
        .await
        .unwrap();
    let renamed = village(1, "Thôn Nà Pàn Trên", 2);
    store
        .apply_pulled_page(3, &page(vec![pulled(&renamed, 4)]), false)
        .await
        .unwrap();
    let entry = store.unit(Uuid::from_u128(1)).await.unwrap().unwrap();
    assert_eq!(entry.unit.name.as_str(), "Thôn Nà Pàn Trên");
    assert_eq!(
        entry.standing,
        Some(Standing::BelowMergeThreshold),
        "the list still files it as to be merged"
    );
    assert!(!store.holds_no_units().await.unwrap());
}
