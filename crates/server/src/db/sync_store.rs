//! What sync needs of the database: a transaction in which a push is
//! applied (every statement of one push commits together or not at all), and
//! the pull query, read in one statement (one consistent snapshot).

use super::DbError;
use async_trait::async_trait;
use domain::sync::RecordType;
use uuid::Uuid;

/// A record as the server stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRow {
    pub record_type: RecordType,
    pub id: Uuid,
    pub revision: u64,
    pub change_seq: u64,
    pub scope: Scope,
    /// The record's JSON.
    pub body: String,
    pub deleted: bool,
    pub open_conflicts: u64,
    pub updated_at: i64,
    pub updated_by: String,
}

/// Where a record belongs: its unit, and that unit's commune, district and
/// province (each when the hierarchy has one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub anchor: Option<Uuid>,
    pub commune: Option<Uuid>,
    pub district: Option<Uuid>,
    pub province: Option<Uuid>,
}

impl Scope {
    /// Whether an officer over `jurisdiction` sees what lies here.
    pub fn visible_to(&self, jurisdiction: Uuid) -> bool {
        [self.anchor, self.commune, self.district, self.province].contains(&Some(jurisdiction))
    }
}

/// A conflict as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictRow {
    pub id: Uuid,
    pub record_type: RecordType,
    pub record_id: Uuid,
    pub field: String,
    /// Each value as JSON text (`None`: the field was absent).
    pub base: Option<String>,
    pub server: Option<String>,
    pub client: Option<String>,
    pub officer_id: Uuid,
    pub device_id: Uuid,
    pub at: i64,
}

/// A refused mutation, kept with its reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuarantineRow {
    pub mutation_id: Uuid,
    pub device_id: Uuid,
    pub seq: u64,
    pub officer_id: Uuid,
    pub record_type: RecordType,
    pub record_id: Uuid,
    pub code: String,
    pub reason: String,
    /// The mutation as JSON.
    pub mutation: String,
    pub received_at: i64,
}

/// The statements one push runs, inside one transaction.
#[async_trait]
pub trait SyncTransaction: Send {
    /// Takes the next change sequence number. The first call also takes the
    /// lock that orders every push: change sequences follow commit order.
    async fn next_change_seq(&mut self) -> Result<u64, DbError>;
    /// The last sequence applied from a device, if the server knows it.
    async fn device_last_seq(&mut self, device: Uuid) -> Result<Option<u64>, DbError>;
    async fn set_device(&mut self, device: Uuid, officer: Uuid, last_seq: u64, at: i64) -> Result<(), DbError>;
    /// The stored answer of a mutation already applied (a replay).
    async fn stored_result(&mut self, device: Uuid, seq: u64) -> Result<Option<String>, DbError>;
    async fn store_result(&mut self, device: Uuid, seq: u64, mutation: Uuid, result: &str) -> Result<(), DbError>;
    async fn record(&mut self, record_type: RecordType, id: Uuid) -> Result<Option<RecordRow>, DbError>;
    /// Inserts or replaces a record.
    async fn put_record(&mut self, row: &RecordRow) -> Result<(), DbError>;
    /// Keeps the `units` table (the units API, jurisdictions) in step with a unit record.
    async fn put_unit(&mut self, unit: &domain::Unit) -> Result<(), DbError>;
    async fn add_conflict(&mut self, conflict: &ConflictRow) -> Result<(), DbError>;
    /// Marks conflicts of a record resolved; returns how many were open.
    async fn resolve_conflicts(
        &mut self,
        record_type: RecordType,
        record_id: Uuid,
        ids: &[Uuid],
        by: Uuid,
        at: i64,
    ) -> Result<u64, DbError>;
    async fn open_conflict_count(&mut self, record_type: RecordType, record_id: Uuid) -> Result<u64, DbError>;
    async fn quarantine(&mut self, row: &QuarantineRow) -> Result<(), DbError>;
    /// The ancestors of a unit, nearest first.
    async fn ancestors(&mut self, unit: Uuid) -> Result<Vec<Uuid>, DbError>;
    /// The kind and parent of a unit, if it exists.
    async fn unit_parent(&mut self, unit: Uuid) -> Result<Option<(domain::UnitKind, Option<Uuid>)>, DbError>;
    async fn commit(self: Box<Self>) -> Result<(), DbError>;
}

/// The stored name of a record type.
pub fn record_type_name(record_type: RecordType) -> &'static str {
    record_type.as_str()
}

/// Reads a stored record type back.
pub fn parse_record_type(stored: &str) -> Result<RecordType, DbError> {
    RecordType::ALL
        .into_iter()
        .find(|record_type| record_type.as_str() == stored)
        .ok_or_else(|| DbError::Corrupt(format!("unknown record type {stored:?}")))
}
