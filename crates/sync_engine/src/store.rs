//! What a device store keeps for sync and what it must do: the sync state,
//! the outbox entries and their states, what applying a pulled page did,
//! and the [`DeviceStore`] trait the engine runs on. The app's IndexedDB
//! store and [`crate::MemoryStore`] implement it, and both pass
//! [`crate::suite`].

use domain::sync::protocol::PullResponse;
use domain::sync::{Mutation, RecordType};
use domain::{OfficerId, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;

/// What the device remembers of its syncs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    /// The change sequence up to which the device holds the server's changes.
    pub cursor: u64,
    /// The server's epoch at the last sync.
    pub epoch: Option<String>,
    /// The jurisdiction the records on the device were pulled for.
    pub jurisdiction: Option<Uuid>,
    pub last_success: Option<Timestamp>,
    /// The next outbox sequence the server expects from this device (0 until
    /// the first push answers).
    #[serde(default)]
    pub expected_seq: u64,
    /// The server was restored (a new epoch): the next whole pull from the
    /// start drops what the server no longer has.
    #[serde(default)]
    pub reconcile: bool,
}

/// Where an outbox entry stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OutboxState {
    Pending,
    Acknowledged {
        at: Timestamp,
    },
    /// The server refused it (kept in quarantine there); the reason is shown on the record.
    Refused {
        reason: String,
    },
}

impl OutboxState {
    /// The name the `by_state` index files it under.
    pub fn name(&self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Acknowledged { .. } => "acknowledged",
            OutboxState::Refused { .. } => "refused",
        }
    }
}

/// A mutation waiting in the outbox, as its JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMutation {
    pub seq: u64,
    pub json: String,
}

/// One outbox entry.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxEntry {
    pub mutation: Mutation,
    pub state: OutboxState,
}

/// What a save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// The record and its outbox entry are on disk.
    Queued {
        mutation_id: Uuid,
        seq: u64,
        fields_changed: usize,
    },
    /// Nothing differed from what was stored: nothing was written.
    Unchanged,
}

/// What applying a page did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppliedPage {
    /// Records written (tombstones included).
    pub records: usize,
    /// Records the device holds changes to that are not yet sent: the server's
    /// version was taken and the device's changes laid over it again.
    pub rebased: usize,
    /// Units whose reviews changed: their standing must be derived again.
    pub reviewed_units: BTreeSet<Uuid>,
    /// Commune-level units that changed (a border flag, say): their
    /// villages' standings must be derived again.
    pub changed_communes: BTreeSet<Uuid>,
    /// Whether a rule set came (the province's figures): the standings it
    /// measures must be derived again.
    pub rule_sets_changed: bool,
    /// Records this version of the app cannot read (left as they were, and
    /// reported; a newer app reads them).
    pub unreadable: Vec<Uuid>,
}

/// A device's store, as sync needs it. Every method is one transaction: it
/// happens whole or not at all.
#[allow(async_fn_in_trait)]
pub trait DeviceStore {
    type Error: std::fmt::Debug;

    /// This device's id (its outbox sequence is its own).
    fn device_id(&self) -> Uuid;
    /// The time the device writes down (a sync's success, an answer's).
    fn now(&self) -> Timestamp;

    /// Saves a record the officer changed (its JSON, as the domain writes
    /// it), with an outbox entry holding every changed field's old and new
    /// value, in one transaction. Nothing changed: nothing written.
    async fn save_body(
        &self,
        record_type: RecordType,
        body: &Value,
        by: OfficerId,
        at: Timestamp,
    ) -> Result<Saved, Self::Error>;
    /// The record as the device holds it (its own unsent changes on top).
    async fn record_body(&self, record_type: RecordType, id: Uuid) -> Result<Option<Value>, Self::Error>;
    /// Every outbox entry, in sequence order.
    async fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, Self::Error>;

    async fn sync_state(&self) -> Result<SyncState, Self::Error>;
    /// Changes the sync state in one transaction (read, change, write).
    async fn update_sync_state(&self, change: impl FnOnce(&mut SyncState)) -> Result<SyncState, Self::Error>;
    /// This device's entries from sequence `from`, at most `limit`, sent or not.
    async fn outbox_batch(&self, from: u64, limit: u32) -> Result<Vec<QueuedMutation>, Self::Error>;
    /// Marks entries answered for by sequence; an entry whose mutation id is
    /// not the one answered for stays as it is.
    async fn settle_sequence(&self, settled: &[(u64, Uuid, OutboxState)]) -> Result<(), Self::Error>;
    /// How many changes wait to be sent.
    async fn pending_count(&self) -> Result<u32, Self::Error>;
    /// Whether the device holds no unit at all.
    async fn holds_no_units(&self) -> Result<bool, Self::Error>;
    /// Applies one page asked for `since` with its cursor, in one
    /// transaction; refused (nothing written) when the cursor moved since.
    async fn apply_pulled_page(
        &self,
        since: u64,
        page: &PullResponse,
        filling: bool,
    ) -> Result<AppliedPage, Self::Error>;
    /// Drops every pulled record whose id is not in `seen`, unless changes to
    /// it wait to be sent; returns how many.
    async fn drop_records_not_in(&self, seen: &HashSet<String>) -> Result<usize, Self::Error>;
    /// Drops the records pulled for another jurisdiction and starts the
    /// cursor again; refused while changes wait to be sent.
    async fn clear_pulled_records(&self) -> Result<(), Self::Error>;
}
