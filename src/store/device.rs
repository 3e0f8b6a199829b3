//! This device's identity and its mutation sequence, kept in `sync_state`.

use super::error::StoreError;
use super::schema::SYNC_STATE;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The key of the device row in `sync_state`.
pub(super) const DEVICE_KEY: &str = "device";

/// The device's identity and the next sequence number its outbox will use.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct DeviceRow {
    pub key: String,
    pub device_id: Uuid,
    pub next_seq: u64,
}

/// Reads the device's identity, making one (and starting its sequence at 1)
/// on the first start.
pub(super) async fn ensure_identity(database: &Database) -> Result<Uuid, StoreError> {
    let transaction = database
        .transaction(SYNC_STATE)
        .with_mode(TransactionMode::Readwrite)
        .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
        .build()?;
    let state = transaction.object_store(SYNC_STATE)?;
    let existing: Option<DeviceRow> = state.get(DEVICE_KEY).serde()?.await?;
    let device_id = match existing {
        Some(row) => row.device_id,
        None => {
            let row = DeviceRow {
                key: DEVICE_KEY.to_owned(),
                device_id: Uuid::new_v4(),
                next_seq: 1,
            };
            state.put(&row).serde()?.await?;
            row.device_id
        }
    };
    transaction.commit().await?;
    Ok(device_id)
}
