//! The embedded backend: one SQLite file in WAL mode.

use super::{Database, DbError, NewOfficer, ReferenceLoad, kind_name, now_millis, parse_code, parse_kind};
use crate::reference_data::ReferenceUnit;
use async_trait::async_trait;
use domain::UnitRef;
use domain::wire::UnitSummary;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

/// SQLite through a small pool; writes are serialised by SQLite itself.
pub struct SqliteDatabase {
    pool: SqlitePool,
}

const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.parent_id, \
     (SELECT COUNT(*) FROM units c WHERE c.parent_id = u.id) AS child_count";

impl SqliteDatabase {
    /// Opens (creating if missing) the SQLite file at `path`.
    pub async fn open_file(path: &Path) -> Result<Self, DbError> {
        Self::open(SqliteConnectOptions::new().filename(path)).await
    }

    /// Opens a `sqlite:` URL.
    pub async fn connect_url(url: &str) -> Result<Self, DbError> {
        Self::open(SqliteConnectOptions::from_str(url)?).await
    }

    async fn open(options: SqliteConnectOptions) -> Result<Self, DbError> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an acknowledged write survives a power cut, not only a crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Database for SqliteDatabase {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("./migrations/sqlite").run(&self.pool).await?;
        Ok(())
    }

    async fn load_reference_units(&self, version: &str, units: &[ReferenceUnit]) -> Result<ReferenceLoad, DbError> {
        let name = version.split('@').next().unwrap_or(version);
        let mut transaction = self.pool.begin().await?;
        let loaded: Option<String> = sqlx::query_scalar("SELECT version FROM reference_data WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *transaction)
            .await?;
        if loaded.as_deref() == Some(version) {
            return Ok(ReferenceLoad::AlreadyLoaded);
        }
        let now = now_millis();
        let mut inserted = 0;
        for unit in units {
            inserted += sqlx::query(
                "INSERT INTO units (id, code, name, kind, parent_id, latitude, longitude, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'reference-data') ON CONFLICT DO NOTHING",
            )
            .bind(unit.id.to_string())
            .bind(unit.code.as_str())
            .bind(&unit.name)
            .bind(kind_name(unit.kind))
            .bind(unit.parent_id.map(|id| id.to_string()))
            .bind(unit.latitude)
            .bind(unit.longitude)
            .bind(now)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        }
        sqlx::query(
            "INSERT INTO reference_data (name, version, loaded_at) VALUES ($1, $2, $3) \
             ON CONFLICT (name) DO UPDATE SET version = excluded.version, loaded_at = excluded.loaded_at",
        )
        .bind(name)
        .bind(version)
        .bind(now)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(ReferenceLoad::Loaded { inserted })
    }

    async fn unit(&self, unit: &UnitRef) -> Result<Option<UnitSummary>, DbError> {
        let (column, value) = match unit {
            UnitRef::Code(code) => ("code", code.to_string()),
            UnitRef::Id(id) => ("id", id.to_string()),
        };
        let sql = format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.{column} = $1");
        let row = sqlx::query(&sql).bind(value).fetch_optional(&self.pool).await?;
        row.as_ref().map(unit_summary).transpose()
    }

    async fn unit_children(&self, parent_id: Uuid) -> Result<Vec<UnitSummary>, DbError> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM units u WHERE u.parent_id = $1 ORDER BY u.code IS NULL, u.code, u.name"
        );
        let rows = sqlx::query(&sql)
            .bind(parent_id.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(unit_summary).collect()
    }

    async fn administrator_exists(&self) -> Result<bool, DbError> {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM officers WHERE role = 'administrator' AND disabled_at IS NULL LIMIT 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    async fn create_officer(&self, officer: &NewOfficer) -> Result<(), DbError> {
        let result = sqlx::query(
            "INSERT INTO officers (id, username, display_name, role, jurisdiction_unit_id, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(officer.id.to_string())
        .bind(&officer.username)
        .bind(&officer.display_name)
        .bind(officer.role.as_str())
        .bind(officer.jurisdiction_unit_id.to_string())
        .bind(&officer.password_hash)
        .bind(now_millis())
        .execute(&self.pool)
        .await;
        match result {
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                Err(DbError::AlreadyExists(format!("the username {:?}", officer.username)))
            }
            other => other.map(|_| ()).map_err(DbError::from),
        }
    }

    async fn password_hash(&self, username: &str) -> Result<Option<String>, DbError> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM officers WHERE username = $1")
                .bind(username)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

fn unit_summary(row: &SqliteRow) -> Result<UnitSummary, DbError> {
    let id: String = row.try_get("id")?;
    let parent_id: Option<String> = row.try_get("parent_id")?;
    let kind: String = row.try_get("kind")?;
    let child_count: i64 = row.try_get("child_count")?;
    Ok(UnitSummary {
        id: parse_uuid(&id)?,
        code: parse_code(row.try_get("code")?)?,
        name: row.try_get("name")?,
        kind: parse_kind(&kind)?,
        parent_id: parent_id.as_deref().map(parse_uuid).transpose()?,
        child_count: u32::try_from(child_count).unwrap_or(u32::MAX),
    })
}

fn parse_uuid(stored: &str) -> Result<Uuid, DbError> {
    Uuid::parse_str(stored).map_err(|_| DbError::Corrupt(format!("stored id {stored:?} is not a UUID")))
}
