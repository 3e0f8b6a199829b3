//! Where sync stands on this device: the pull cursor (stored with each page,
//! after its data), the server's epoch last seen, the jurisdiction pulled for,
//! the last success.

use super::Store;
use super::error::StoreError;
use super::schema::SYNC_STATE;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use serde::{Deserialize, Serialize};

/// The key of the sync row in `sync_state`.
pub(super) const SYNC_KEY: &str = "sync";

/// What the device remembers of its syncs (the sync engine's type).
pub use sync_engine::SyncState;

#[derive(Serialize, Deserialize)]
pub(super) struct SyncStateRow {
    pub key: String,
    pub state: SyncState,
}

impl Store {
    pub async fn sync_state(&self) -> Result<SyncState, StoreError> {
        let transaction = self.database.transaction(SYNC_STATE).build()?;
        let row: Option<SyncStateRow> = transaction.object_store(SYNC_STATE)?.get(SYNC_KEY).serde()?.await?;
        Ok(row.map(|row| row.state).unwrap_or_default())
    }

    /// Changes the sync state in one transaction (read, change, write), so
    /// that a change of one field never overwrites another written meanwhile.
    pub async fn update_sync_state(&self, change: impl FnOnce(&mut SyncState)) -> Result<SyncState, StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction(SYNC_STATE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()?;
        let store = transaction.object_store(SYNC_STATE)?;
        let row: Option<SyncStateRow> = store.get(SYNC_KEY).serde()?.await?;
        let mut state = row.map(|row| row.state).unwrap_or_default();
        change(&mut state);
        store
            .put(&SyncStateRow {
                key: SYNC_KEY.to_owned(),
                state: state.clone(),
            })
            .serde()?;
        transaction.commit().await?;
        Ok(state)
    }
}
