//! The device store: everything the officer records, kept in the browser's
//! IndexedDB until it syncs, with an outbox entry for every change written in
//! the same transaction as the change. Only this module knows IndexedDB.

pub mod conflicts;
mod device;
mod engine_store;
pub mod error;
pub mod export;
mod migrations;
pub mod outbox;
pub mod persistence;
pub mod pulled;
mod queries;
pub mod rows;
pub mod schema;
pub mod settings;
pub mod standings;
pub mod sync_state;
mod unit_counts;
mod writes;

pub use error::StoreError;
pub use outbox::{OutboxEntry, OutboxState};
pub use pulled::AppliedPage;
pub use queries::UnitEntry;
pub use rows::{Review, SyncedRecord};
pub use sync_state::SyncState;
pub use writes::Saved;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use std::cell::Cell;
use std::rc::Rc;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The name of the app's database.
pub const DATABASE_NAME: &str = "sapxep";

/// An open device store. Cheap to clone: clones share the connection.
#[derive(Clone, Debug)]
pub struct Store {
    database: Database,
    device_id: Uuid,
    reload_needed: Rc<Cell<bool>>,
}

impl Store {
    /// Opens (creating or upgrading) the app's database.
    pub async fn open() -> Result<Store, StoreError> {
        Self::open_named(DATABASE_NAME).await
    }

    /// Opens the database `name`, upgrading it to this app's schema.
    pub async fn open_named(name: &str) -> Result<Store, StoreError> {
        Self::open_at(name, schema::VERSION).await
    }

    /// Opens `name` upgraded only to `version`: for tests of upgrades from an
    /// older schema.
    #[doc(hidden)]
    pub async fn open_at(name: &str, version: u32) -> Result<Store, StoreError> {
        let upgraded = schema::upgrade(name, version.min(schema::VERSION)).await?;
        upgraded.close();
        let database = Database::open(name).await?;
        let reload_needed = Rc::new(Cell::new(false));
        watch_for_newer_tabs(&database, reload_needed.clone());
        let device_id = device::ensure_identity(&database).await?;
        Ok(Store {
            database,
            device_id,
            reload_needed,
        })
    }

    /// This device's id, made at the first start and kept for good.
    pub fn device_id(&self) -> Uuid {
        self.device_id
    }

    /// Whether another tab upgraded the database, so that this one must reload.
    pub fn reload_needed(&self) -> bool {
        self.reload_needed.get()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> u32 {
        self.database.version() as u32
    }

    /// Closes the connection (tests; the app keeps it for its lifetime).
    pub fn close(self) {
        self.database.close();
    }

    fn check_open(&self) -> Result<(), StoreError> {
        if self.reload_needed.get() {
            Err(StoreError::ReloadNeeded)
        } else {
            Ok(())
        }
    }
}

/// When another tab opens a newer schema, this tab closes its connection
/// (letting the upgrade proceed instead of blocking it) and asks to be reloaded.
fn watch_for_newer_tabs(database: &Database, reload_needed: Rc<Cell<bool>>) {
    let raw: web_sys::IdbDatabase = database.as_sys().clone().unchecked_into();
    let connection = raw.clone();
    let on_version_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
        connection.close();
        reload_needed.set(true);
    });
    raw.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
    // Lives as long as the connection, which lives as long as the page.
    on_version_change.forget();
}
