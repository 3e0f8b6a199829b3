//! What every record carries for sync, in the same form on the device and the server.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A moment, in milliseconds since the Unix epoch (UTC). The domain never
/// reads a clock: callers pass the time in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64))]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Vietnam's offset from UTC (UTC+7, no daylight saving).
    const VIETNAM_OFFSET_MS: i64 = 7 * 60 * 60 * 1000;

    /// The calendar date in Vietnam at this moment.
    pub fn vietnam_date(self) -> chrono::NaiveDate {
        chrono::DateTime::from_timestamp_millis(self.0.saturating_add(Self::VIETNAM_OFFSET_MS))
            .map(|moment| moment.date_naive())
            .unwrap_or_default()
    }
}

/// The id of an officer's account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OfficerId(pub Uuid);

/// The sync bookkeeping of one record: the server's revision it is based on
/// (0 for a record never synced), when and by whom it was last changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncMeta {
    pub revision: u64,
    pub updated_at: Timestamp,
    pub updated_by: OfficerId,
    /// The server's epoch when it wrote this revision: a revision names one
    /// state only with its epoch (a server restored from a backup numbers
    /// its revisions again from the backup's). `None` on a device's new
    /// record, and on revisions written before epochs were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
}

impl SyncMeta {
    /// The bookkeeping of a record just created on a device.
    pub fn created(at: Timestamp, by: OfficerId) -> Self {
        Self {
            revision: 0,
            updated_at: at,
            updated_by: by,
            epoch: None,
        }
    }

    /// The bookkeeping after a local change: the revision stays the one the
    /// change is based on until the server assigns a new one.
    pub fn touched(&self, at: Timestamp, by: OfficerId) -> Self {
        Self {
            revision: self.revision,
            updated_at: at,
            updated_by: by,
            epoch: self.epoch.clone(),
        }
    }
}
