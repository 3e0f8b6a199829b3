//! The database's schema and its upgrades. Opening runs every migration the
//! database has not had yet, in one `versionchange` transaction: schema and
//! data change together or not at all. A database of a newer schema than this
//! app knows is refused, never wiped.
//!
//! This is the only place that drives IndexedDB's raw upgrade API (web-sys):
//! creating an index on an existing store and rewriting records during an
//! upgrade need the upgrade's own transaction, which the async wrapper does
//! not expose.

use super::error::StoreError;
use super::migrations;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbTransaction, IdbVersionChangeEvent};

/// The schema version this build of the app writes.
pub const VERSION: u32 = 4;

/// Object store names.
pub const UNITS: &str = "units";
pub const REVIEWS: &str = "reviews";
pub const PROPOSALS: &str = "proposals";
pub const RULE_SETS: &str = "rule_sets";
pub const TARGET_REPORTS: &str = "target_reports";
pub const OUTBOX: &str = "outbox";
pub const SYNC_STATE: &str = "sync_state";

/// One step of the schema: from `version - 1` to `version`.
pub(super) type Migration = fn(&IdbDatabase, &IdbTransaction) -> Result<(), JsValue>;

/// Every step, in order; step `i` upgrades to version `i + 1`.
const MIGRATIONS: [Migration; VERSION as usize] = [
    migrations::v1::upgrade,
    migrations::v2::upgrade,
    migrations::v3::upgrade,
    migrations::v4::upgrade,
];

/// Opens `name` at `target` (at most `VERSION`), running the missing steps,
/// and returns the raw database (closed by the caller).
pub(super) async fn upgrade(name: &str, target: u32) -> Result<IdbDatabase, StoreError> {
    let factory = web_sys::window()
        .and_then(|window| window.indexed_db().ok().flatten())
        .ok_or(StoreError::Unavailable)?;
    let request: IdbOpenDbRequest = factory.open_with_u32(name, target).map_err(StoreError::from_js)?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let on_upgrade = Closure::once_into_js(move |event: IdbVersionChangeEvent| {
            let Some(request) = event
                .target()
                .and_then(|target| target.dyn_into::<IdbOpenDbRequest>().ok())
            else {
                return;
            };
            let (Ok(result), Some(transaction)) = (request.result(), request.transaction()) else {
                return;
            };
            let database: IdbDatabase = result.unchecked_into();
            let from = event.old_version() as u32;
            let to = event.new_version().map_or(target, |version| version as u32);
            for step in from..to {
                if let Err(error) = MIGRATIONS[step as usize](&database, &transaction) {
                    web_sys::console::error_2(&"schema upgrade failed; nothing was changed:".into(), &error);
                    let _ = transaction.abort();
                    return;
                }
            }
        });
        request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        let success = request.clone();
        let on_success = Closure::once_into_js(move |_event: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &success.result().unwrap_or(JsValue::NULL));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        let failure = request.clone();
        let on_error = Closure::once_into_js(move |_event: web_sys::Event| {
            let error: JsValue = failure.error().ok().flatten().map_or(JsValue::NULL, Into::into);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    match JsFuture::from(promise).await {
        Ok(database) => Ok(database.unchecked_into()),
        Err(error) => Err(StoreError::from_open_error(&error)),
    }
}
