//! The embedded backend: one SQLite file in WAL mode.

use super::{
    ANCESTORS_SQL, Database, DbError, NewOfficer, OfficerRecord, ReferenceLoad, Role, SessionRecord, kind_name,
    now_millis, parse_code, parse_kind, parse_role,
};
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
    /// SQLite takes one writer at a time: sync writers queue here, in order,
    /// instead of polling the file lock with sleeps (which is what its busy
    /// handler does, and what makes latency grow under load).
    pub(super) sync_writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.parent_id, \
     (SELECT COUNT(*) FROM units c WHERE c.parent_id = u.id) AS child_count";

impl SqliteDatabase {
    pub(super) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

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
        Ok(Self {
            pool,
            sync_writer: Default::default(),
        })
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

    async fn load_reference_units(
        &self,
        version: &str,
        units: &[ReferenceUnit],
        records: &[super::RecordRow],
    ) -> Result<ReferenceLoad, DbError> {
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
        for record in records {
            let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM records WHERE record_type = $1 AND id = $2")
                .bind(record.record_type.as_str())
                .bind(record.id.to_string())
                .fetch_optional(&mut *transaction)
                .await?;
            if exists.is_none() {
                let change_seq = super::sqlite_sync::take_change_seqs(&mut transaction, 1).await?;
                super::sqlite_sync::put_record(
                    &mut transaction,
                    &super::RecordRow {
                        change_seq,
                        ..record.clone()
                    },
                )
                .await?;
            }
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

    async fn officer_by_username(&self, username: &str) -> Result<Option<OfficerRecord>, DbError> {
        let sql = format!("SELECT {OFFICER_COLUMNS} FROM officers WHERE username = $1");
        let row = sqlx::query(&sql).bind(username).fetch_optional(&self.pool).await?;
        row.as_ref().map(officer_record).transpose()
    }

    async fn officer_by_id(&self, id: Uuid) -> Result<Option<OfficerRecord>, DbError> {
        let sql = format!("SELECT {OFFICER_COLUMNS} FROM officers WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(officer_record).transpose()
    }

    async fn officers(&self) -> Result<Vec<OfficerRecord>, DbError> {
        let sql = format!("SELECT {OFFICER_COLUMNS} FROM officers ORDER BY username");
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(officer_record).collect()
    }

    async fn set_password_hash(&self, id: Uuid, password_hash: &str) -> Result<bool, DbError> {
        let done = sqlx::query("UPDATE officers SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn assign_officer(&self, id: Uuid, role: Role, jurisdiction_unit_id: Uuid) -> Result<bool, DbError> {
        let done = sqlx::query("UPDATE officers SET role = $1, jurisdiction_unit_id = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(jurisdiction_unit_id.to_string())
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn create_session(&self, session: &SessionRecord) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, officer_id, created_at, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&session.token_hash)
        .bind(session.officer_id.to_string())
        .bind(session.created_at)
        .bind(session.expires_at)
        .bind(session.revoked_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, DbError> {
        let row = sqlx::query(
            "SELECT token_hash, officer_id, created_at, expires_at, revoked_at FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let officer: String = row.try_get("officer_id")?;
            Ok(SessionRecord {
                token_hash: row.try_get("token_hash")?,
                officer_id: parse_uuid(&officer)?,
                created_at: row.try_get("created_at")?,
                expires_at: row.try_get("expires_at")?,
                revoked_at: row.try_get("revoked_at")?,
            })
        })
        .transpose()
    }

    async fn revoke_session(&self, token_hash: &str, at: i64) -> Result<bool, DbError> {
        let done = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn revoke_sessions_of(&self, officer_id: Uuid, at: i64) -> Result<u64, DbError> {
        let done = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE officer_id = $2 AND revoked_at IS NULL")
            .bind(at)
            .bind(officer_id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn record_sign_in_failure(&self, keys: &[String], at: i64, forget_before: i64) -> Result<(), DbError> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(forget_before)
            .execute(&mut *transaction)
            .await?;
        for key in keys {
            sqlx::query("INSERT INTO sign_in_failures (limit_key, at) VALUES ($1, $2)")
                .bind(key)
                .bind(at)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    async fn sign_in_failures_since(&self, key: &str, since: i64) -> Result<u64, DbError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE limit_key = $1 AND at >= $2")
            .bind(key)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    async fn clear_sign_in_failures(&self, key: &str) -> Result<(), DbError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE limit_key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn ancestors(&self, unit: Uuid) -> Result<Vec<Uuid>, DbError> {
        let ids: Vec<String> = sqlx::query_scalar(ANCESTORS_SQL)
            .bind(unit.to_string())
            .fetch_all(&self.pool)
            .await?;
        ids.iter().map(|id| parse_uuid(id)).collect()
    }

    async fn put_unit(&self, unit: &domain::Unit) -> Result<(), DbError> {
        let mut connection = self.pool.acquire().await?;
        put_unit(&mut connection, unit).await
    }

    async fn begin_sync(&self) -> Result<Box<dyn super::SyncTransaction>, DbError> {
        self.begin_sync_transaction().await
    }

    async fn pull(
        &self,
        jurisdiction: Uuid,
        above: &[Uuid],
        since: u64,
        limit: u32,
    ) -> Result<Vec<super::RecordRow>, DbError> {
        self.pull_records(jurisdiction, above, since, limit).await
    }

    async fn open_conflicts(
        &self,
        records: &[(domain::sync::RecordType, Uuid)],
    ) -> Result<Vec<super::ConflictRow>, DbError> {
        self.conflicts_of(records).await
    }

    async fn quarantined(&self, limit: u32) -> Result<Vec<super::QuarantineRow>, DbError> {
        self.quarantine_rows(limit).await
    }

    async fn epoch(&self) -> Result<String, DbError> {
        self.read_epoch().await
    }

    async fn set_epoch(&self, epoch: &str) -> Result<(), DbError> {
        self.write_epoch(epoch).await
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// Inserts or updates a unit in the `units` table.
pub(super) async fn put_unit(executor: &mut sqlx::SqliteConnection, unit: &domain::Unit) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO units (id, code, name, kind, parent_id, revision, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id, \
         revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(unit.id.to_string())
    .bind(unit.code.as_ref().map(|code| code.to_string()))
    .bind(unit.name.as_str())
    .bind(kind_name(unit.kind))
    .bind(unit.parent_id.map(|id| id.to_string()))
    .bind(i64::try_from(unit.meta.revision).unwrap_or(i64::MAX))
    .bind(unit.meta.updated_at.0)
    .bind(unit.meta.updated_by.0.to_string())
    .execute(executor)
    .await?;
    Ok(())
}

const OFFICER_COLUMNS: &str =
    "id, username, display_name, role, jurisdiction_unit_id, password_hash, created_at, disabled_at";

fn officer_record(row: &SqliteRow) -> Result<OfficerRecord, DbError> {
    let id: String = row.try_get("id")?;
    let jurisdiction: String = row.try_get("jurisdiction_unit_id")?;
    let role: String = row.try_get("role")?;
    Ok(OfficerRecord {
        id: parse_uuid(&id)?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: parse_role(&role)?,
        jurisdiction_unit_id: parse_uuid(&jurisdiction)?,
        password_hash: row.try_get("password_hash")?,
        created_at: row.try_get("created_at")?,
        disabled_at: row.try_get("disabled_at")?,
    })
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

pub(super) fn parse_uuid(stored: &str) -> Result<Uuid, DbError> {
    Uuid::parse_str(stored).map_err(|_| DbError::Corrupt(format!("stored id {stored:?} is not a UUID")))
}
