//! One sync round on this device: the sync engine (`sync_engine`, the same
//! code the soak simulation runs natively) on the IndexedDB store and the
//! browser's HTTP client.

use super::client::SyncClient;
use super::error::SyncError;
use crate::store::Store;
pub use sync_engine::{PULL_PAGE, PUSH_BATCH, Round};

/// Runs one round: push, then pull.
pub async fn sync_round(store: &Store, client: &SyncClient) -> Result<Round, SyncError> {
    sync_engine::sync_round(store, client).await
}

/// The push half of a round: the outbox sent until the server has all of it.
pub async fn push(store: &Store, client: &SyncClient) -> Result<Round, SyncError> {
    sync_engine::push(store, client).await
}

/// The pull half of a round: pages applied until none wait.
pub async fn pull(store: &Store, client: &SyncClient) -> Result<Round, SyncError> {
    sync_engine::pull(store, client).await
}
