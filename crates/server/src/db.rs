//! Storage: SQLite embedded by default, PostgreSQL when `DATABASE_URL` says
//! so. The backend is chosen once, at start; nothing above this module knows
//! which one runs, and nothing outside it knows SQL. Every statement is
//! written once; `sql.rs` and `backend.rs` hold all that differs. Storage
//! takes and returns plain rows and domain values: it depends on no other
//! module of the server.

mod backend;
mod officers;
mod pull;
mod sql;
pub mod sync_store;
mod units;

use backend::Pool;
use sql::{Row, Statement};
use std::path::Path;
use std::sync::Arc;
use uuid::Uuid;

pub use domain::sync::Scope;
pub use sync_store::{ConflictRow, QuarantineRow, RecordRow, SyncTransaction};
pub use units::UnitRow;

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
    #[error("the official code {0} is held by another unit in force")]
    CodeTaken(String),
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
    /// Why the account waits for an administrator (its unit ended in a reform).
    pub reassignment_reason: Option<String>,
}

/// A session as stored: the SHA-256 of its token, never the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub token_hash: String,
    pub officer_id: Uuid,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    /// The device the session was signed in on, or first pushed from.
    pub device_id: Option<Uuid>,
}

/// How a load of reference data went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReferenceLoad {
    /// This version was loaded before; nothing was written.
    AlreadyLoaded,
    /// Units were written; `inserted` of them were new.
    Loaded { inserted: u64 },
}

/// What the server stores, on whichever backend was opened. Its statements
/// are written once (`sql.rs` binds them for SQLite or PostgreSQL), grouped
/// by what they keep: `officers.rs`, `units.rs`, `sync_store.rs`, `pull.rs`.
#[derive(Clone, Debug)]
pub struct Database {
    pool: Pool,
    /// SQLite takes one writer at a time: sync writers queue here, in order,
    /// instead of polling the file lock with sleeps (which is what its busy
    /// handler does, and what makes latency grow under load). PostgreSQL
    /// orders them by the change counter's row lock instead.
    sync_writer: Option<Arc<tokio::sync::Mutex<()>>>,
}

impl Database {
    fn new(pool: Pool) -> Self {
        let sync_writer = matches!(pool, Pool::Sqlite(_)).then(Default::default);
        Self { pool, sync_writer }
    }

    /// `"sqlite"` or `"postgresql"`.
    pub fn backend(&self) -> &'static str {
        self.pool.backend()
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), DbError> {
        self.pool.migrate().await
    }

    /// Closes the connections, waiting for running queries.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn execute(&self, statement: &Statement<'_>) -> Result<u64, DbError> {
        self.pool.acquire().await?.connection().execute(statement).await
    }

    async fn fetch_all(&self, statement: &Statement<'_>) -> Result<Vec<Row>, DbError> {
        self.pool.acquire().await?.connection().fetch_all(statement).await
    }

    async fn fetch_optional(&self, statement: &Statement<'_>) -> Result<Option<Row>, DbError> {
        self.pool.acquire().await?.connection().fetch_optional(statement).await
    }

    async fn fetch_one(&self, statement: &Statement<'_>) -> Result<Row, DbError> {
        self.pool.acquire().await?.connection().fetch_one(statement).await
    }
}

/// Opens the database the configuration names: PostgreSQL for a
/// `postgres://` or `postgresql://` URL, SQLite for a `sqlite:` URL, and the
/// SQLite file in `data_dir` when no URL is given.
pub async fn connect(database_url: Option<&str>, data_dir: &Path) -> Result<Arc<Database>, DbError> {
    let pool = match database_url {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Pool::connect_postgres(url).await?
        }
        Some(url) if url.starts_with("sqlite:") => Pool::open_sqlite_url(url).await?,
        Some(url) => {
            let scheme = url.split(':').next().unwrap_or_default();
            return Err(DbError::UnsupportedUrl(scheme.chars().take(20).collect()));
        }
        None => {
            std::fs::create_dir_all(data_dir).map_err(|source| DbError::DataDir {
                path: data_dir.display().to_string(),
                source,
            })?;
            Pool::open_sqlite_file(&data_dir.join(SQLITE_FILE_NAME)).await?
        }
    };
    Ok(Arc::new(Database::new(pool)))
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
