//! The sync protocol's messages: push and pull, as JSON.

use super::merge::FieldConflict;
use super::{Mutation, RecordType};
use crate::sync_meta::{OfficerId, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;
use uuid::Uuid;

/// `POST /api/v1/sync/push`: a device's outbox mutations, in its order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub device_id: Uuid,
    /// Every mutation must carry this device id, in rising sequence order.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub mutations: Vec<Mutation>,
}

/// What became of one mutation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied; the record is now at `revision`.
    Applied { revision: u64 },
    /// Applied where it could; the listed fields conflict with changes made
    /// on the server since, and are kept for someone to resolve.
    Conflict { revision: u64, fields: Vec<String> },
    /// Refused and kept in quarantine on the server; the queue moves on.
    Refused { code: String, reason: String },
}

/// The server's answer for one mutation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MutationResult {
    pub mutation_id: Uuid,
    pub seq: u64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The answer to a push.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// Changes when the server's database is restored from a backup.
    pub epoch: String,
    /// The results of the mutations taken, in order (replays answer as before).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub results: Vec<MutationResult>,
    /// The next sequence number the server expects from this device. When a
    /// batch skips ahead of it, nothing after the gap is taken and the device
    /// resends from here.
    pub expected_seq: u64,
}

/// An open conflict on a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: Uuid,
    pub record_type: RecordType,
    pub record_id: Uuid,
    #[serde(flatten)]
    pub values: FieldConflict,
    /// Who made the device's change, when; the device only to that device's
    /// own sessions (a device id is not told to other officers).
    pub officer_id: OfficerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<Uuid>,
    pub at: Timestamp,
}

/// One record as pull delivers it: whole, with its revision, or a tombstone.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PulledRecord {
    pub record_type: RecordType,
    pub id: Uuid,
    pub revision: u64,
    /// The server's change sequence of this version: the cursor.
    pub change_seq: u64,
    #[serde(default)]
    pub deleted: bool,
    /// The record's JSON (absent for a tombstone), passed through as text:
    /// the server sends what it stores, the device stores what it receives,
    /// and neither builds a tree of it on the way.
    pub body: Option<Box<RawValue>>,
    /// Its open conflicts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

impl PulledRecord {
    /// The record's JSON as a value, when there is one and it parses.
    pub fn body_value(&self) -> Option<Value> {
        self.body
            .as_ref()
            .and_then(|body| serde_json::from_str(body.get()).ok())
    }
}

impl PartialEq for PulledRecord {
    fn eq(&self, other: &Self) -> bool {
        (self.record_type, self.id, self.revision, self.change_seq, self.deleted)
            == (
                other.record_type,
                other.id,
                other.revision,
                other.change_seq,
                other.deleted,
            )
            && self.body.as_ref().map(|body| body.get()) == other.body.as_ref().map(|body| body.get())
            && self.conflicts == other.conflicts
    }
}

/// The answer to `GET /api/v1/sync/pull?since=…&limit=…`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub epoch: String,
    /// The officer's jurisdiction now. When it differs from the one the device
    /// pulled for, the device drops what it holds (once its own changes are
    /// synced) and pulls from the start.
    pub jurisdiction: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub records: Vec<PulledRecord>,
    /// The cursor to ask from next (the last change sequence delivered).
    pub next_cursor: u64,
    /// Whether more changes wait after this page.
    pub more: bool,
}
