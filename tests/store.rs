//! The device store in a real browser (headless Chromium): every kind of
//! record written and read back with its outbox entry, the atomicity of a
//! save, an upgrade from the first schema with data in it, a newer schema
//! refused without loss, export then import, two tabs.
#![cfg(target_arch = "wasm32")]

use domain::proposal::{Action, Consultation, Figures, MergeTarget, Part, Proposal, Source, Status};
use domain::review::{CommuneCategory, CommuneReview, VillageReview};
use domain::rules::builtin;
use domain::rules::classification::Standing;
use domain::{Area, Lifecycle, OfficerId, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitLevel, UnitName};
use sapxep::store::{OutboxState, Review, Saved, Store, StoreError};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod support;
use support::{TestDatabase, TestStore, unit_name};

wasm_bindgen_test_configure!(run_in_browser);

const OFFICER: OfficerId = OfficerId(Uuid::from_u128(0xA11CE));
const AT: Timestamp = Timestamp(1_795_834_800_000);

fn commune_id() -> Uuid {
    Uuid::from_u128(6_100)
}

fn village(number: u128, name: &str) -> Unit {
    Unit {
        id: Uuid::from_u128(number),
        code: None,
        name: UnitName::parse(name).unwrap(),
        kind: UnitKind::Village,
        parent_id: Some(commune_id()),
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes::default(),
        meta: SyncMeta::created(Timestamp(0), OFFICER),
    }
}

fn village_review(unit: u128, households: u32) -> VillageReview {
    VillageReview {
        id: Uuid::from_u128(10_000 + unit),
        unit_id: Uuid::from_u128(unit),
        households,
        population: households * 4,
        area: Area::from_hectares(300),
        non_professional_workers: 3,
        ethnic_minority_percent: Some(92),
        special_status: None,
        location: None,
        reviewed_on: "2026-11-20".parse().unwrap(),
        reviewer: OFFICER,
        notes: "Họp thôn ngày 20/11".to_owned(),
        meta: SyncMeta::created(Timestamp(0), OFFICER),
    }
}

fn commune_review() -> CommuneReview {
    CommuneReview {
        id: Uuid::from_u128(20_000),
        unit_id: commune_id(),
        population: 7_429,
        area: Area::from_km2_hundredths(3_088),
        ethnic_minority_percent: Some(83),
        category: CommuneCategory::II,
        class_points: None,
        cadres: 10,
        civil_servants: 11,
        non_professional_workers: 12,
        secretary_is_chairman: true,
        special_status: None,
        reviewed_on: "2026-11-21".parse().unwrap(),
        reviewer: OFFICER,
        notes: String::new(),
        meta: SyncMeta::created(Timestamp(0), OFFICER),
    }
}

fn proposal() -> Proposal {
    let source = |number: u128, name: &str, households| Source {
        unit_id: Uuid::from_u128(number),
        name: name.to_owned(),
        part: Part::Whole,
        figures: Figures {
            households,
            population: households * 4,
            area: Area::from_hectares(300),
        },
    };
    Proposal {
        id: Uuid::from_u128(30_000),
        level: UnitLevel::Village,
        action: Action::Merge {
            into: MergeTarget::NewUnit {
                id: Uuid::from_u128(40_000),
                name: UnitName::parse("Thôn Nà Pàn Mới").unwrap(),
                kind: UnitKind::Village,
                parent_id: commune_id(),
            },
        },
        sources: vec![source(1, "Thôn Nà Pàn", 62), source(2, "Thôn Còn Nưa", 95)],
        consultations: vec![Consultation {
            unit_id: Uuid::from_u128(1),
            round: 1,
            eligible: 62,
            participating: 60,
            agreeing: 50,
            disagreeing: 10,
            invalid: 0,
        }],
        no_other_neighbour: false,
        procedure: None,
        worker_plan: None,
        rule_set_id: builtin::tt14_2018().id,
        status: Status::Draft,
        history: Vec::new(),
        carried_out: None,
        meta: SyncMeta::created(Timestamp(0), OFFICER),
    }
}

/// Opens `name` at `version` with the raw API, as another tab running another
/// version of the app would, and returns the connection.
async fn open_raw(name: &str, version: u32) -> Result<web_sys::IdbDatabase, String> {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, version).unwrap();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    match JsFuture::from(promise).await {
        Ok(_) => Ok(request.result().unwrap().unchecked_into()),
        Err(_) => Err(request
            .error()
            .ok()
            .flatten()
            .map(|error| error.name())
            .unwrap_or_default()),
    }
}

#[wasm_bindgen_test]
async fn every_kind_of_record_is_written_and_read_back_with_its_outbox_entry() {
    let store = TestStore::open().await;

    let unit = village(1, "Thôn Nà Pàn");
    let saved = store
        .save(&unit, OFFICER, AT, Some(Standing::BelowMergeThreshold))
        .await
        .unwrap();
    assert!(matches!(saved, Saved::Queued { seq: 1, .. }), "{saved:?}");
    let read = store.unit(unit.id).await.unwrap().unwrap();
    assert_eq!(read.unit.name, unit.name);
    assert_eq!(read.unit.meta.updated_at, AT, "the save stamps when and who");
    assert_eq!(read.standing, Some(Standing::BelowMergeThreshold));
    let must_merge = store.units_by_standing(Standing::BelowMergeThreshold).await.unwrap();
    assert_eq!(must_merge.len(), 1);
    assert!(store.units_by_standing(Standing::Meets).await.unwrap().is_empty());
    assert_eq!(store.units_by_state("active").await.unwrap().len(), 1);
    assert!(store.units_by_state("merged_into").await.unwrap().is_empty());

    let village_review = Review::Village(village_review(1, 62));
    store.save(&village_review, OFFICER, AT, None).await.unwrap();
    let commune_review = Review::Commune(commune_review());
    store.save(&commune_review, OFFICER, AT, None).await.unwrap();
    assert_eq!(store.reviews_of_unit(Uuid::from_u128(1)).await.unwrap().len(), 1);
    let commune = store.reviews_of_unit(commune_id()).await.unwrap();
    assert!(
        matches!(&commune[0], Review::Commune(review) if review.population == 7_429 && review.secretary_is_chairman)
    );

    let draft = proposal();
    store.save(&draft, OFFICER, AT, None).await.unwrap();
    let read = store.proposal(draft.id).await.unwrap().unwrap();
    assert_eq!(read.sources, draft.sources);
    assert_eq!(store.proposals_by_status(&Status::Draft).await.unwrap().len(), 1);
    assert!(store.proposals_by_status(&Status::Submitted).await.unwrap().is_empty());

    store.put_rule_sets(&builtin::all()).await.unwrap();
    let rule_sets = store.rule_sets().await.unwrap();
    assert_eq!(rule_sets.len(), builtin::all().len());
    assert!(rule_sets.contains(&builtin::tt14_2018()));

    let pending = store.outbox("pending").await.unwrap();
    assert_eq!(store.pending_count().await.unwrap(), 4);
    let sequences: Vec<u64> = pending.iter().map(|entry| entry.mutation.seq).collect();
    assert_eq!(sequences, vec![1, 2, 3, 4], "one per-device sequence, no gaps");
    assert!(
        pending
            .iter()
            .all(|entry| entry.mutation.device_id == store.device_id())
    );
    assert!(
        pending
            .iter()
            .all(|entry| entry.mutation.officer_id == OFFICER && entry.mutation.base_revision == 0)
    );

    // A second edit of the same record is a separate entry, keeping the old value.
    let mut edited = unit.clone();
    edited.name = UnitName::parse("Thôn Nà Pàn Trên").unwrap();
    store.save(&edited, OFFICER, Timestamp(AT.0 + 1), None).await.unwrap();
    let last = store.outbox("pending").await.unwrap().pop().unwrap();
    assert_eq!(last.mutation.seq, 5);
    assert_eq!(last.mutation.changes.len(), 1);
    assert_eq!(last.mutation.changes[0].field, "name");
    assert_eq!(last.mutation.changes[0].old, Some(serde_json::json!("Thôn Nà Pàn")));
    assert_eq!(
        store.unit(unit.id).await.unwrap().unwrap().standing,
        Some(Standing::BelowMergeThreshold),
        "the standing stays"
    );
    assert_eq!(
        store.save(&edited, OFFICER, AT, None).await.unwrap(),
        Saved::Unchanged,
        "nothing to send"
    );
}

#[wasm_bindgen_test]
async fn a_save_that_fails_halfway_leaves_neither_the_record_nor_its_outbox_entry() {
    let store = TestStore::open().await;
    store.save(&village(1, "Thôn Nà Pàn"), OFFICER, AT, None).await.unwrap();
    // Wind the device's sequence back: the next outbox entry clashes with the
    // first one's key, so the save fails after its record was put.
    let raw = open_raw(store.name(), store.schema_version()).await.unwrap();
    let transaction = raw
        .transaction_with_str_and_mode("sync_state", web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    let state = transaction.object_store("sync_state").unwrap();
    let row = js_sys::Object::new();
    js_sys::Reflect::set(&row, &"key".into(), &"device".into()).unwrap();
    js_sys::Reflect::set(&row, &"device_id".into(), &store.device_id().to_string().into()).unwrap();
    js_sys::Reflect::set(&row, &"next_seq".into(), &1.into()).unwrap();
    let put = state.put(&row).unwrap();
    let done = js_sys::Promise::new(&mut |resolve, _| put.set_onsuccess(Some(&resolve)));
    JsFuture::from(done).await.unwrap();
    raw.close();

    let second = village(2, "Thôn Còn Nưa");
    let failed = store.save(&second, OFFICER, AT, None).await;
    assert!(matches!(failed, Err(StoreError::Duplicate(_))), "{failed:?}");
    assert_eq!(
        store.unit(second.id).await.unwrap(),
        None,
        "the record rolled back with its outbox entry"
    );
    assert_eq!(store.pending_count().await.unwrap(), 1, "only the first save's entry");
}

#[wasm_bindgen_test]
async fn an_upgrade_from_the_first_schema_keeps_every_record() {
    let database = TestDatabase::new().await;
    let old = Store::open_at(database.name(), 1).await.unwrap();
    assert_eq!(old.schema_version(), 1);
    for (number, village_name) in [(1, "Thôn Nà Pàn"), (2, "Thôn Còn Nưa"), (3, "Bản Pò Cại")] {
        old.save(&village(number, village_name), OFFICER, AT, None)
            .await
            .unwrap();
    }
    old.save(&Review::Village(village_review(1, 62)), OFFICER, AT, None)
        .await
        .unwrap();
    let device = old.device_id();
    old.close();

    let upgraded = database.open().await;
    assert_eq!(upgraded.schema_version(), sapxep::store::schema::VERSION);
    assert_eq!(upgraded.device_id(), device, "the device keeps its identity");
    assert_eq!(upgraded.units_of_parent(commune_id()).await.unwrap().len(), 3);
    assert_eq!(upgraded.reviews_of_unit(Uuid::from_u128(1)).await.unwrap().len(), 1);
    assert_eq!(
        upgraded.pending_count().await.unwrap(),
        4,
        "the outbox survives the upgrade"
    );
    let found = upgraded.search_units("na pan", 10).await.unwrap();
    assert_eq!(
        found.len(),
        1,
        "rows written under version 1 are found by the new search"
    );
    assert_eq!(found[0].unit.name.as_str(), "Thôn Nà Pàn");
    upgraded.close();
}

#[wasm_bindgen_test]
async fn a_newer_schema_is_refused_and_nothing_is_wiped() {
    let database = TestDatabase::new().await;
    let store = database.open().await;
    store.save(&village(1, "Thôn Nà Pàn"), OFFICER, AT, None).await.unwrap();
    store.close();
    let name = database.name();
    // A newer app (another tab, or a rolled-back release) took the database to version 9.
    open_raw(name, 9).await.unwrap().close();

    let refused = Store::open_named(name).await;
    assert_eq!(refused.as_ref().map(|_| ()), Err(&StoreError::NewerSchema));
    assert!(refused.unwrap_err().vietnamese().contains("phiên bản ứng dụng mới hơn"));
    let raw = open_raw(name, 9).await.unwrap();
    let transaction = raw.transaction_with_str("units").unwrap();
    let count = transaction.object_store("units").unwrap().count().unwrap();
    let counted = js_sys::Promise::new(&mut |resolve, _| count.set_onsuccess(Some(&resolve)));
    JsFuture::from(counted).await.unwrap();
    assert_eq!(count.result().unwrap().as_f64(), Some(1.0), "the record is still there");
    raw.close();
}

#[wasm_bindgen_test]
async fn search_finds_names_without_diacritics() {
    let store = TestStore::open().await;
    let villages = [
        (1, "Thôn Nà Pàn"),
        (2, "Thôn Nà Lay"),
        (3, "Bản Pàn Pá"),
        (4, "Thôn Đồng Bục"),
    ];
    store
        .put_records(
            villages
                .iter()
                .map(|(number, name)| (village(*number, name), None))
                .collect(),
        )
        .await
        .unwrap();
    let names = |found: Vec<sapxep::store::UnitEntry>| {
        found
            .into_iter()
            .map(|entry| entry.unit.name.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(store.search_units("na pan", 10).await.unwrap()),
        vec!["Thôn Nà Pàn"]
    );
    assert_eq!(
        names(store.search_units("pan", 10).await.unwrap()),
        vec!["Bản Pàn Pá", "Thôn Nà Pàn"]
    );
    assert_eq!(
        names(store.search_units("dong", 10).await.unwrap()),
        vec!["Thôn Đồng Bục"]
    );
    assert_eq!(
        names(store.search_units("NÀ", 10).await.unwrap()),
        vec!["Thôn Nà Lay", "Thôn Nà Pàn"]
    );
    assert!(store.search_units("xyz", 10).await.unwrap().is_empty());
    assert_eq!(store.pending_count().await.unwrap(), 0, "bulk loads are not outboxed");
}

#[wasm_bindgen_test]
async fn export_then_import_on_a_clean_device_gives_the_same_records_and_no_duplicates() {
    let first = TestStore::open().await;
    first.save(&village(1, "Thôn Nà Pàn"), OFFICER, AT, None).await.unwrap();
    first
        .save(&Review::Village(village_review(1, 62)), OFFICER, AT, None)
        .await
        .unwrap();
    first.save(&proposal(), OFFICER, AT, None).await.unwrap();
    first
        .put_records(vec![(village(2, "Thôn Đã Đồng Bộ"), None)])
        .await
        .unwrap();
    let file = first.export(true, Some(OFFICER), AT).await.unwrap();
    assert_eq!(file.units.len(), 1, "only the unsynced unit");
    assert_eq!(file.mutations.len(), 3);
    let text = serde_json::to_string(&file).unwrap();

    let second = TestStore::open().await;
    let today = "2026-11-28".parse().unwrap();
    let report = second.import(&text, today).await.unwrap();
    assert_eq!((report.records_added, report.mutations_added), (3, 3));
    let again = second.import(&text, today).await.unwrap();
    assert_eq!(
        (
            again.records_added,
            again.mutations_added,
            again.mutations_already_present
        ),
        (0, 0, 3),
        "no duplicates"
    );

    let exported_again = second.export(true, Some(OFFICER), AT).await.unwrap();
    assert_eq!(exported_again.units, file.units);
    assert_eq!(exported_again.village_reviews, file.village_reviews);
    assert_eq!(exported_again.proposals, file.proposals);
    // Re-issued under this device's id and sequence (the server takes a push
    // only from the session's own device), their ids and changes kept.
    let ids = |mutations: &[domain::sync::Mutation]| {
        mutations
            .iter()
            .map(|mutation| (mutation.mutation_id, mutation.changes.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&exported_again.mutations), ids(&file.mutations));
    assert!(
        exported_again
            .mutations
            .iter()
            .all(|mutation| mutation.device_id == second.device_id()),
        "under this device's id"
    );
    assert_eq!(
        exported_again
            .mutations
            .iter()
            .map(|mutation| mutation.seq)
            .collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    let next = second.save(&village(3, "Thôn Mới"), OFFICER, AT, None).await.unwrap();
    assert!(
        matches!(next, Saved::Queued { seq: 4, .. }),
        "the sequence goes on after them: {next:?}"
    );

    let broken = second.import("{\"format\": \"something else\"}", today).await;
    assert!(broken.unwrap_err().vietnamese().contains("không phải tệp xuất dữ liệu"));
}

#[wasm_bindgen_test]
async fn acknowledged_entries_are_kept_30_days_as_the_sent_history() {
    let store = TestStore::open().await;
    let first = store.save(&village(1, "Thôn Nà Pàn"), OFFICER, AT, None).await.unwrap();
    let second = store
        .save(&village(2, "Thôn Còn Nưa"), OFFICER, AT, None)
        .await
        .unwrap();
    let (
        Saved::Queued { mutation_id: first, .. },
        Saved::Queued {
            mutation_id: second, ..
        },
    ) = (first, second)
    else {
        panic!()
    };
    store
        .settle(&[
            (first, OutboxState::Acknowledged { at: AT }),
            (
                second,
                OutboxState::Refused {
                    reason: "ngoài địa bàn".to_owned(),
                },
            ),
        ])
        .await
        .unwrap();
    assert_eq!(store.pending_count().await.unwrap(), 0);
    assert_eq!(store.sent_history().await.unwrap().len(), 1);
    assert_eq!(
        store.outbox("refused").await.unwrap()[0].state,
        OutboxState::Refused {
            reason: "ngoài địa bàn".to_owned()
        }
    );
    let day = 24 * 60 * 60 * 1000;
    assert_eq!(
        store.prune_acknowledged(Timestamp(AT.0 + 29 * day)).await.unwrap(),
        0,
        "kept for 30 days"
    );
    assert_eq!(store.prune_acknowledged(Timestamp(AT.0 + 31 * day)).await.unwrap(), 1);
    assert_eq!(
        store.outbox("refused").await.unwrap().len(),
        1,
        "a refused entry stays until resolved"
    );
}

#[wasm_bindgen_test]
async fn a_tab_holding_the_old_schema_gives_way_and_asks_to_reload() {
    let old_tab = TestStore::open().await;
    old_tab
        .save(&village(1, "Thôn Nà Pàn"), OFFICER, AT, None)
        .await
        .unwrap();
    assert!(!old_tab.reload_needed());
    // Another tab runs a newer release: its upgrade must not be blocked by this one.
    let newer_tab = open_raw(old_tab.name(), sapxep::store::schema::VERSION + 1)
        .await
        .expect("the upgrade is not blocked");
    assert!(old_tab.reload_needed());
    assert_eq!(
        old_tab.save(&village(2, "Thôn Còn Nưa"), OFFICER, AT, None).await,
        Err(StoreError::ReloadNeeded)
    );
    newer_tab.close();
}

#[wasm_bindgen_test]
async fn a_bulk_edit_queues_each_changed_record_once_in_sequence() {
    let store = TestStore::open().await;
    store.save(&village(1, "Thôn Nà Pàn"), OFFICER, AT, None).await.unwrap();
    let edited = vec![
        village(1, "Thôn Nà Pàn"),
        village(2, "Thôn Còn Nưa"),
        village(3, "Thôn Bản Chang"),
    ];
    assert_eq!(
        store.save_all(&edited, OFFICER, AT).await.unwrap(),
        2,
        "the unchanged village is skipped"
    );
    let pending = store.outbox("pending").await.unwrap();
    let seqs: Vec<u64> = pending.iter().map(|entry| entry.mutation.seq).collect();
    assert_eq!(seqs, vec![1, 2, 3]);
    assert_eq!(pending[2].mutation.record_id, Uuid::from_u128(3));
    assert_eq!(unit_name(&store, 3).await, "Thôn Bản Chang");
    // The next single save continues the sequence.
    let next = store
        .save(&village(4, "Thôn Pác Khuông"), OFFICER, AT, None)
        .await
        .unwrap();
    assert!(matches!(next, Saved::Queued { seq: 4, .. }));
}
