//! Storage behind one trait: SQLite embedded by default, PostgreSQL when
//! `DATABASE_URL` says so. The backend is chosen once, at start; nothing above
//! this module knows which one runs, and nothing outside it knows SQL.

mod postgres;
mod sqlite;

use crate::reference_data::ReferenceUnit;
use async_trait::async_trait;
use domain::UnitRef;
use domain::wire::UnitSummary;
use std::path::Path;
use std::sync::Arc;
use uuid::Uuid;

pub use postgres::PostgresDatabase;
pub use sqlite::SqliteDatabase;

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
    async fn load_reference_units(&self, version: &str, units: &[ReferenceUnit]) -> Result<ReferenceLoad, DbError>;

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

/// Reads a stored official code back.
pub(crate) fn parse_code(stored: Option<String>) -> Result<Option<domain::OfficialCode>, DbError> {
    stored
        .map(|code| domain::OfficialCode::parse(&code).map_err(|error| DbError::Corrupt(error.to_string())))
        .transpose()
}
