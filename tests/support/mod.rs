//! What the benchmarks in the browser share: timing, the villages they
//! write, and the raw IndexedDB calls that measure the floor.
#![allow(dead_code)]

use domain::{Lifecycle, OfficerId, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitName};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::IdbDatabase;

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

pub fn summary(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let p95 = times[((times.len() as f64) * 0.95).ceil() as usize - 1];
    (median, p95)
}

/// Village names from syllables of Tày and Nùng place names, deterministic.
pub fn villages(count: usize, parent: Uuid, officer: OfficerId) -> Vec<Unit> {
    const SYLLABLES: [&str; 24] = [
        "Nà", "Pàn", "Khuổi", "Bó", "Còn", "Pò", "Lũng", "Phai", "Co", "Đồng", "Khau", "Nưa", "Lay", "Cại", "Củng",
        "Bục", "Pác", "Kéo", "Tà", "Slằng", "Mạ", "Hin", "Vài", "Lạn",
    ];
    let mut seed: u64 = 2026;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    (0..count)
        .map(|index| {
            // As real names go: two syllables after the kind, numbered so that
            // no commune holds one name twice (the server refuses it); one in
            // ten a numbered tổ dân phố.
            let (kind, name) = if index % 10 == 9 {
                (UnitKind::ResidentialGroup, format!("Tổ dân phố {}", index + 1))
            } else {
                (
                    UnitKind::Village,
                    format!(
                        "Thôn {} {} {}",
                        SYLLABLES[next() % 24],
                        SYLLABLES[next() % 24],
                        index + 1
                    ),
                )
            };
            Unit {
                id: Uuid::from_u64_pair(7, index as u64),
                code: None,
                name: UnitName::parse(&name).unwrap(),
                kind,
                parent_id: Some(parent),
                lifecycle: Lifecycle::Active { since: None },
                attributes: UnitAttributes::default(),
                meta: SyncMeta::created(Timestamp(0), officer),
            }
        })
        .collect()
}

pub async fn wait(request: &web_sys::IdbRequest) {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await.unwrap();
}

pub async fn completed(transaction: &web_sys::IdbTransaction) {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    JsFuture::from(promise).await.unwrap();
}

/// A raw database with one object store keyed by "id": the floor.
pub async fn raw_database(name: &str) -> IdbDatabase {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, 1).unwrap();
    let on_upgrade = wasm_bindgen::closure::Closure::once_into_js(move |event: web_sys::IdbVersionChangeEvent| {
        let request: web_sys::IdbOpenDbRequest = event.target().unwrap().unchecked_into();
        let database: IdbDatabase = request.result().unwrap().unchecked_into();
        let parameters = web_sys::IdbObjectStoreParameters::new();
        parameters.set_key_path(&"id".into());
        database
            .create_object_store_with_optional_parameters("raw", &parameters)
            .unwrap();
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    wait(&request).await;
    request.result().unwrap().unchecked_into()
}

pub fn raw_transaction(database: &IdbDatabase, durability: &str) -> web_sys::IdbTransaction {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"durability".into(), &durability.into()).unwrap();
    // `IDBDatabase.transaction(store, mode, { durability })`: web-sys offers it only as an unstable API.
    let transaction: js_sys::Function = js_sys::Reflect::get(database, &"transaction".into())
        .unwrap()
        .unchecked_into();
    transaction
        .call3(database, &"raw".into(), &"readwrite".into(), &options)
        .unwrap()
        .unchecked_into()
}

pub async fn delete_database(name: &str) {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.delete_database(name).unwrap();
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        request.set_onsuccess(Some(&resolve));
        request.set_onblocked(Some(&resolve));
    });
    let _ = JsFuture::from(promise).await;
}

/// The prefix of every database a test makes, so that what a failed test
/// left is found and removed by the next one.
const TEST_DATABASE_PREFIX: &str = "sapxep-test-";

/// A database name of one test's own, deleted when the test ends. A failing
/// assertion aborts the test before anything is dropped (wasm32 does not
/// unwind), so each new one first removes what earlier tests left.
pub struct TestDatabase {
    name: String,
}

impl TestDatabase {
    pub async fn new() -> TestDatabase {
        remove_leftover_databases().await;
        TestDatabase {
            name: format!("{TEST_DATABASE_PREFIX}{}", Uuid::new_v4()),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Opens the device store on this database.
    pub async fn open(&self) -> sapxep::store::Store {
        sapxep::store::Store::open_named(&self.name)
            .await
            .expect("the test store opens")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let name = std::mem::take(&mut self.name);
        wasm_bindgen_futures::spawn_local(async move { delete_database(&name).await });
    }
}

/// A device store on a database of its own: closed and deleted when dropped.
pub struct TestStore {
    /// `None` once closed, when dropped.
    store: Option<sapxep::store::Store>,
    database: TestDatabase,
}

impl TestStore {
    pub async fn open() -> TestStore {
        let database = TestDatabase::new().await;
        TestStore {
            store: Some(database.open().await),
            database,
        }
    }

    pub fn name(&self) -> &str {
        self.database.name()
    }
}

impl std::ops::Deref for TestStore {
    type Target = sapxep::store::Store;
    fn deref(&self) -> &Self::Target {
        self.store.as_ref().expect("the test store is open until dropped")
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        // Closed before its database (a field dropped after this) is deleted.
        if let Some(store) = self.store.take() {
            store.close();
        }
    }
}

/// Deletes the databases earlier tests of this browser left behind.
async fn remove_leftover_databases() {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let Ok(list) = js_sys::Reflect::get(&factory, &"databases".into()) else {
        return;
    };
    let Ok(list) = list.dyn_into::<js_sys::Function>() else {
        return;
    };
    let Ok(promise) = list.call0(&factory) else { return };
    let Ok(found) = JsFuture::from(js_sys::Promise::from(promise)).await else {
        return;
    };
    for info in js_sys::Array::from(&found).iter() {
        let name = js_sys::Reflect::get(&info, &"name".into())
            .ok()
            .and_then(|name| name.as_string());
        if let Some(name) = name.filter(|name| name.starts_with(TEST_DATABASE_PREFIX)) {
            delete_database(&name).await;
        }
    }
}

/// The stored name of the unit `Uuid::from_u128(number)`; panics when it is missing.
pub async fn unit_name(store: &sapxep::store::Store, number: u128) -> String {
    store
        .unit(Uuid::from_u128(number))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("unit {number} is stored"))
        .unit
        .name
        .as_str()
        .to_owned()
}
