//! Storage behind one trait: SQLite embedded by default, PostgreSQL when
//! `DATABASE_URL` says so. The backend is chosen once, at start; nothing above
//! this module knows which one runs, and nothing outside it knows SQL.

mod postgres;
mod postgres_sync;
mod sqlite;
mod sqlite_sync;
pub mod sync_store;

use crate::reference_data::ReferenceUnit;
use async_trait::async_trait;
use domain::UnitRef;
use domain::wire::UnitSummary;
use std::path::Path;
use std::sync::Arc;
use uuid::Uuid;

pub use postgres::PostgresDatabase;
pub use sqlite::SqliteDatabase;
pub use sync_store::{ConflictRow, QuarantineRow, RecordRow, Scope, SyncTransaction};

/// The name of the SQLite file inside the data folder.
pub const SQLITE_FILE_NAME: &str = "sapxep.sqlite3";

/// A failure of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0} already exists")]
    AlreadyExists(String),
    #[error("cannot use the data folder {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error("unsupported DATABASE_URL scheme {0:?}: use sqlite://… or postgres://…")]
    UnsupportedUrl(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

pub use domain::officer::Role;

/// An account to create.
#[derive(Clone, Debug)]
pub struct NewOfficer {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction_unit_id: Uuid,
    pub password_hash: String,
}

/// An account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficerRecord {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction_unit_id: Uuid,
    pub password_hash: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

/// A session as stored: the SHA-256 of its token, never the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub officer_id: Uuid,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

/// How a load of reference data went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceLoad {
    /// This version was loaded before; nothing was written.
    AlreadyLoaded,
    /// Units were written; `inserted` of them were new.
    Loaded { inserted: u64 },
}

/// What the server stores, whatever the backend.
#[async_trait]
pub trait Database: Send + Sync {
    /// `"sqlite"` or `"postgresql"`.
    fn backend(&self) -> &'static str;

    /// Brings the schema up to date.
    async fn migrate(&self) -> Result<(), DbError>;

    /// Stores the official units of a reference list, in one transaction,
    /// unless this version was already loaded. Units that exist are left as
    /// they are: their lifecycle belongs to the product once loaded.
    /// …and `records`, the same units as sync records, each new one with a
    /// change sequence of its own so that devices pull them.
    async fn load_reference_units(
        &self,
        version: &str,
        units: &[ReferenceUnit],
        records: &[RecordRow],
    ) -> Result<ReferenceLoad, DbError>;

    /// One unit, by official code or id, with the count of its children.
    async fn unit(&self, unit: &UnitRef) -> Result<Option<UnitSummary>, DbError>;

    /// The units directly under a parent, by kind then name.
    async fn unit_children(&self, parent_id: Uuid) -> Result<Vec<UnitSummary>, DbError>;

    /// Whether any active administrator account exists.
    async fn administrator_exists(&self) -> Result<bool, DbError>;

    /// Creates an account; a taken username is `AlreadyExists`.
    async fn create_officer(&self, officer: &NewOfficer) -> Result<(), DbError>;

    /// The stored password hash of an account, if the account exists.
    async fn password_hash(&self, username: &str) -> Result<Option<String>, DbError>;

    async fn officer_by_username(&self, username: &str) -> Result<Option<OfficerRecord>, DbError>;
    async fn officer_by_id(&self, id: Uuid) -> Result<Option<OfficerRecord>, DbError>;
    /// Every account, by username.
    async fn officers(&self) -> Result<Vec<OfficerRecord>, DbError>;
    /// Sets a new password hash; false when no such account.
    async fn set_password_hash(&self, id: Uuid, password_hash: &str) -> Result<bool, DbError>;
    /// Gives an account a new role and jurisdiction; false when no such account.
    async fn assign_officer(&self, id: Uuid, role: Role, jurisdiction_unit_id: Uuid) -> Result<bool, DbError>;

    async fn create_session(&self, session: &SessionRecord) -> Result<(), DbError>;
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, DbError>;
    /// Revokes one session; false when it was unknown or already revoked.
    async fn revoke_session(&self, token_hash: &str, at: i64) -> Result<bool, DbError>;
    /// Revokes every live session of an account; returns how many.
    async fn revoke_sessions_of(&self, officer_id: Uuid, at: i64) -> Result<u64, DbError>;

    /// Records a failed sign-in under each key (account, address), and
    /// forgets failures older than `forget_before`.
    async fn record_sign_in_failure(&self, keys: &[String], at: i64, forget_before: i64) -> Result<(), DbError>;
    /// How many failures a key has had since `since`.
    async fn sign_in_failures_since(&self, key: &str, since: i64) -> Result<u64, DbError>;
    async fn clear_sign_in_failures(&self, key: &str) -> Result<(), DbError>;

    /// The ancestors of a unit, nearest first.
    async fn ancestors(&self, unit: Uuid) -> Result<Vec<Uuid>, DbError>;
    /// Stores a unit (a village, or a unit a proposal formed).
    async fn put_unit(&self, unit: &domain::Unit) -> Result<(), DbError>;

    /// Opens the transaction a push runs in.
    async fn begin_sync(&self) -> Result<Box<dyn SyncTransaction>, DbError>;
    /// The records changed after `since` that an officer over `jurisdiction`
    /// (whose ancestors are `above`) may see, in change order, at most `limit`;
    /// read in one statement, so in one consistent snapshot.
    async fn pull(&self, jurisdiction: Uuid, above: &[Uuid], since: u64, limit: u32)
    -> Result<Vec<RecordRow>, DbError>;
    /// The open conflicts of records.
    async fn open_conflicts(&self, records: &[(domain::sync::RecordType, Uuid)]) -> Result<Vec<ConflictRow>, DbError>;
    /// The quarantined mutations, newest first.
    async fn quarantined(&self, limit: u32) -> Result<Vec<QuarantineRow>, DbError>;
    /// The database's epoch, made at its creation and changed after a restore.
    async fn epoch(&self) -> Result<String, DbError>;
    async fn set_epoch(&self, epoch: &str) -> Result<(), DbError>;

    /// Closes the connections, waiting for running queries.
    async fn close(&self);
}

/// Opens the database the configuration names: PostgreSQL for a
/// `postgres://` or `postgresql://` URL, SQLite for a `sqlite:` URL, and the
/// SQLite file in `data_dir` when no URL is given.
pub async fn connect(database_url: Option<&str>, data_dir: &Path) -> Result<Arc<dyn Database>, DbError> {
    match database_url {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(Arc::new(PostgresDatabase::connect(url).await?))
        }
        Some(url) if url.starts_with("sqlite:") => Ok(Arc::new(SqliteDatabase::connect_url(url).await?)),
        Some(url) => {
            let scheme = url.split(':').next().unwrap_or_default();
            Err(DbError::UnsupportedUrl(scheme.chars().take(20).collect()))
        }
        None => {
            std::fs::create_dir_all(data_dir).map_err(|source| DbError::DataDir {
                path: data_dir.display().to_string(),
                source,
            })?;
            Ok(Arc::new(
                SqliteDatabase::open_file(&data_dir.join(SQLITE_FILE_NAME)).await?,
            ))
        }
    }
}

/// The time now, as the domain counts it.
pub fn now() -> domain::Timestamp {
    domain::Timestamp(now_millis())
}

/// Milliseconds since the Unix epoch, as stored in `updated_at` columns.
pub(crate) fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Reads a stored kind name back into the domain's kind.
pub(crate) fn parse_kind(stored: &str) -> Result<domain::UnitKind, DbError> {
    serde_json::from_value(serde_json::Value::String(stored.to_owned()))
        .map_err(|_| DbError::Corrupt(format!("unknown unit kind {stored:?}")))
}

/// The stored name of a kind.
pub(crate) fn kind_name(kind: domain::UnitKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => unreachable!("a unit kind always serialises to a string"),
    }
}

/// Reads a stored role name back.
pub(crate) fn parse_role(stored: &str) -> Result<Role, DbError> {
    Role::parse(stored).ok_or_else(|| DbError::Corrupt(format!("unknown role {stored:?}")))
}

/// The recursive query of a unit's ancestors, nearest first (the same text
/// runs on SQLite and PostgreSQL; depth is capped against a corrupt tree).
pub(crate) const ANCESTORS_SQL: &str = "WITH RECURSIVE up (id, parent_id, depth) AS ( \
       SELECT id, parent_id, 0 FROM units WHERE id = $1 \
       UNION ALL \
       SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 16 \
     ) SELECT id FROM up WHERE depth > 0 ORDER BY depth";

/// Reads a stored official code back.
pub(crate) fn parse_code(stored: Option<String>) -> Result<Option<domain::OfficialCode>, DbError> {
    stored
        .map(|code| domain::OfficialCode::parse(&code).map_err(|error| DbError::Corrupt(error.to_string())))
        .transpose()
}
