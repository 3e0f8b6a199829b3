//! How records lie in IndexedDB: each as JSON text inside a row that carries
//! the fields its store's indexes read (id, parent, unit, standing, status,
//! search words). One string per record is cheap to clone into IndexedDB and
//! to read back, and keeps one serialisation (JSON) for storage, export and
//! the wire.

use domain::proposal::Proposal;
use domain::rules::classification::Standing;
use domain::sync::RecordType;
use domain::{SyncMeta, Unit};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A record with the derived fields stored beside it.
#[derive(Clone, Debug)]
pub struct Row<R> {
    pub record: R,
    pub standing: Option<String>,
    pub status: Option<String>,
    pub tokens: Vec<String>,
    /// The record's open conflicts, from the server.
    pub conflicts: Vec<domain::sync::protocol::Conflict>,
}

/// A row as IndexedDB holds it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredRow {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<String>,
    /// "1" on rows with open conflicts (absent otherwise, so that the
    /// `by_conflict` index holds only those).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflicted: Option<String>,
    /// The open conflicts, as JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflicts: Option<String>,
    /// The record, as JSON text.
    pub json: String,
}

impl<R: SyncedRecord> Row<R> {
    /// The row as stored.
    pub fn stored(&self) -> Result<StoredRow, super::StoreError> {
        let json = serde_json::to_string(&self.record).map_err(|error| super::StoreError::Data(error.to_string()))?;
        self.stored_as(json)
    }

    /// The row as stored, with the record's JSON text given.
    fn stored_as(&self, json: String) -> Result<StoredRow, super::StoreError> {
        Ok(StoredRow {
            id: self.record.id().to_string(),
            parent_id: self.record.parent_key().map(|id| id.to_string()),
            unit_id: self.record.unit_key().map(|id| id.to_string()),
            standing: self.standing.clone(),
            status: self.status.clone(),
            tokens: self.tokens.clone(),
            conflicted: (!self.conflicts.is_empty()).then(|| "1".to_owned()),
            conflicts: if self.conflicts.is_empty() {
                None
            } else {
                Some(
                    serde_json::to_string(&self.conflicts)
                        .map_err(|error| super::StoreError::Data(error.to_string()))?,
                )
            },
            json,
        })
    }

    /// The row as a JavaScript value, ready to put.
    pub fn to_js(&self) -> Result<wasm_bindgen::JsValue, super::StoreError> {
        Ok(serde_wasm_bindgen::to_value(&self.stored()?)?)
    }
}

impl StoredRow {
    /// The record and its derived fields, decoded.
    pub fn decode<R: SyncedRecord>(self) -> Result<Row<R>, super::StoreError> {
        let record = serde_json::from_str(&self.json).map_err(|error| super::StoreError::Data(error.to_string()))?;
        let conflicts = match &self.conflicts {
            Some(text) => serde_json::from_str(text).map_err(|error| super::StoreError::Data(error.to_string()))?,
            None => Vec::new(),
        };
        Ok(Row {
            record,
            standing: self.standing,
            status: self.status,
            tokens: self.tokens,
            conflicts,
        })
    }
}

/// A rule set as the `rule_sets` store holds it: the record itself (a
/// province's copy is written by its officers, so it is kept as the domain's
/// type, not as text) and the server's revision of it, the base of the next
/// change (0: built in, or never synced).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RuleSetRow {
    pub id: String,
    #[serde(default)]
    pub revision: u64,
    pub record: domain::rules::RuleSet,
}

/// A review of either level, as the `reviews` store holds it: the domain's
/// record, tagged with its level, the same the server writes.
pub use domain::review::ReviewRecord as Review;

/// A record that syncs: stored in one object store, outboxed on every change.
pub trait SyncedRecord: Serialize + DeserializeOwned + Clone {
    /// The object store that holds it.
    const STORE: &'static str;
    fn record_type(&self) -> RecordType;
    fn id(&self) -> Uuid;
    fn meta(&self) -> &SyncMeta;
    fn meta_mut(&mut self) -> &mut SyncMeta;
    /// The row, with the index fields of this kind of record.
    fn into_row(self, standing: Option<Standing>) -> Row<Self>;
    /// The parent the `by_parent_standing` index files it under.
    fn parent_key(&self) -> Option<Uuid> {
        None
    }
    /// The unit the `by_unit` index files it under.
    fn unit_key(&self) -> Option<Uuid> {
        None
    }
}

/// The stored name of a unit that has no review yet.
pub const UNREVIEWED: &str = "unreviewed";

/// The stored name of a standing, as the `by_parent_standing` index holds it.
pub fn standing_key(standing: Standing) -> &'static str {
    match standing {
        Standing::BelowMergeThreshold => "below_merge_threshold",
        Standing::BelowStandard => "below_standard",
        Standing::Meets => "meets",
        Standing::Exempt => "exempt",
    }
}

pub(crate) fn standing_from_key(key: &str) -> Option<Standing> {
    [
        Standing::BelowMergeThreshold,
        Standing::BelowStandard,
        Standing::Meets,
        Standing::Exempt,
    ]
    .into_iter()
    .find(|standing| standing_key(*standing) == key)
}

/// The stored name of a lifecycle state.
pub fn lifecycle_key(unit: &Unit) -> &'static str {
    match unit.lifecycle {
        domain::Lifecycle::Active { .. } => "active",
        domain::Lifecycle::Proposed { .. } => "proposed",
        domain::Lifecycle::MergedInto { .. } => "merged_into",
        domain::Lifecycle::DividedAmong { .. } => "divided_among",
        domain::Lifecycle::Dissolved { .. } => "dissolved",
    }
}

/// The stored name of a proposal's status, as the `by_status` index holds it.
pub fn status_key(status: &domain::proposal::Status) -> &'static str {
    use domain::proposal::Status;
    match status {
        Status::Draft => "draft",
        Status::Submitted => "submitted",
        Status::DistrictReviewed => "district_reviewed",
        Status::ProvinceApproved { .. } => "province_approved",
        Status::Consulted { .. } => "consulted",
        Status::Effective { .. } => "effective",
        Status::Returned => "returned",
        Status::Rejected => "rejected",
    }
}

fn row<R>(record: R) -> Row<R> {
    Row {
        record,
        conflicts: Vec::new(),
        standing: None,
        status: None,
        tokens: Vec::new(),
    }
}

impl SyncedRecord for Unit {
    const STORE: &'static str = super::schema::UNITS;
    fn record_type(&self) -> RecordType {
        RecordType::Unit
    }
    fn id(&self) -> Uuid {
        self.id
    }
    fn meta(&self) -> &SyncMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut SyncMeta {
        &mut self.meta
    }
    fn parent_key(&self) -> Option<Uuid> {
        self.parent_id
    }
    fn into_row(self, standing: Option<Standing>) -> Row<Self> {
        let mut row = row(self);
        // Always present (the index skips rows without it): "unreviewed" until classified.
        row.standing = Some(standing.map_or(UNREVIEWED, standing_key).to_owned());
        row.tokens = domain::search::search_words(row.record.name.as_str());
        row
    }
}

impl SyncedRecord for Review {
    const STORE: &'static str = super::schema::REVIEWS;
    fn record_type(&self) -> RecordType {
        match self {
            Review::Village(_) => RecordType::VillageReview,
            Review::Commune(_) => RecordType::CommuneReview,
        }
    }
    fn id(&self) -> Uuid {
        match self {
            Review::Village(review) => review.id,
            Review::Commune(review) => review.id,
        }
    }
    fn meta(&self) -> &SyncMeta {
        Review::meta(self)
    }
    fn meta_mut(&mut self) -> &mut SyncMeta {
        Review::meta_mut(self)
    }
    fn unit_key(&self) -> Option<Uuid> {
        Some(self.unit_id())
    }
    fn into_row(self, _standing: Option<Standing>) -> Row<Self> {
        row(self)
    }
}

impl SyncedRecord for domain::progress::TargetReport {
    const STORE: &'static str = super::schema::TARGET_REPORTS;
    fn record_type(&self) -> RecordType {
        RecordType::TargetReport
    }
    fn id(&self) -> Uuid {
        self.id
    }
    fn meta(&self) -> &SyncMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut SyncMeta {
        &mut self.meta
    }
    fn into_row(self, _standing: Option<Standing>) -> Row<Self> {
        row(self)
    }
}

impl SyncedRecord for Proposal {
    const STORE: &'static str = super::schema::PROPOSALS;
    fn record_type(&self) -> RecordType {
        RecordType::Proposal
    }
    fn id(&self) -> Uuid {
        self.id
    }
    fn meta(&self) -> &SyncMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut SyncMeta {
        &mut self.meta
    }
    fn into_row(self, _standing: Option<Standing>) -> Row<Self> {
        let mut row = row(self);
        row.status = Some(status_key(&row.record.status).to_owned());
        row
    }
}
