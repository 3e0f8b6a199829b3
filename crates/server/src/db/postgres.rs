//! The production backend: PostgreSQL (or a compatible database), shared by
//! any number of stateless API servers.

use super::{Database, DbError, NewOfficer, ReferenceLoad, kind_name, now_millis, parse_code, parse_kind};
use crate::reference_data::ReferenceUnit;
use async_trait::async_trait;
use domain::UnitRef;
use domain::wire::UnitSummary;
use sqlx::postgres::{PgPoolOptions, PgRow};
use sqlx::{PgPool, Row};
use std::time::Duration;
use uuid::Uuid;

/// PostgreSQL through a connection pool.
pub struct PostgresDatabase {
    pool: PgPool,
}

const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.parent_id, \
     (SELECT COUNT(*) FROM units c WHERE c.parent_id = u.id) AS child_count";

impl PostgresDatabase {
    /// Connects to the database at `url`.
    pub async fn connect(url: &str) -> Result<Self, DbError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Database for PostgresDatabase {
    fn backend(&self) -> &'static str {
        "postgresql"
    }

    async fn migrate(&self) -> Result<(), DbError> {
        sqlx::migrate!("./migrations/postgres").run(&self.pool).await?;
        Ok(())
    }

    async fn load_reference_units(&self, version: &str, units: &[ReferenceUnit]) -> Result<ReferenceLoad, DbError> {
        let name = version.split('@').next().unwrap_or(version);
        let mut transaction = self.pool.begin().await?;
        // Several servers may start at once on one database: one loads, the others wait.
        sqlx::query("LOCK TABLE reference_data IN EXCLUSIVE MODE")
            .execute(&mut *transaction)
            .await?;
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
            .bind(unit.id)
            .bind(unit.code.as_str())
            .bind(&unit.name)
            .bind(kind_name(unit.kind))
            .bind(unit.parent_id)
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
        let row = match unit {
            UnitRef::Code(code) => {
                let sql = format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.code = $1");
                sqlx::query(&sql).bind(code.as_str()).fetch_optional(&self.pool).await?
            }
            UnitRef::Id(id) => {
                let sql = format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.id = $1");
                sqlx::query(&sql).bind(*id).fetch_optional(&self.pool).await?
            }
        };
        row.as_ref().map(unit_summary).transpose()
    }

    async fn unit_children(&self, parent_id: Uuid) -> Result<Vec<UnitSummary>, DbError> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM units u WHERE u.parent_id = $1 ORDER BY u.code IS NULL, u.code, u.name"
        );
        let rows = sqlx::query(&sql).bind(parent_id).fetch_all(&self.pool).await?;
        rows.iter().map(unit_summary).collect()
    }

    async fn administrator_exists(&self) -> Result<bool, DbError> {
        let found: Option<i32> =
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
        .bind(officer.id)
        .bind(&officer.username)
        .bind(&officer.display_name)
        .bind(officer.role.as_str())
        .bind(officer.jurisdiction_unit_id)
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

fn unit_summary(row: &PgRow) -> Result<UnitSummary, DbError> {
    let kind: String = row.try_get("kind")?;
    let child_count: i64 = row.try_get("child_count")?;
    Ok(UnitSummary {
        id: row.try_get("id")?,
        code: parse_code(row.try_get("code")?)?,
        name: row.try_get("name")?,
        kind: parse_kind(&kind)?,
        parent_id: row.try_get("parent_id")?,
        child_count: u32::try_from(child_count).unwrap_or(u32::MAX),
    })
}
