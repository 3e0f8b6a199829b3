//! The `units` table (the units API and jurisdictions read it), the load of
//! an official list, and the ancestors of a unit.

use super::sql::{Connection, Row, sql};
use super::sync_store::{RecordRow, put_record, take_change_seqs};
use super::{Database, DbError, ReferenceLoad, now_millis};
use domain::UnitRef;
use domain::wire::UnitSummary;
use uuid::Uuid;

/// An official unit as the `units` table stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRow {
    pub id: Uuid,
    pub code: domain::OfficialCode,
    pub name: String,
    pub kind: domain::UnitKind,
    pub parent_id: Option<Uuid>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

const UNIT_COLUMNS: &str = "u.id, u.code, u.name, u.kind, u.parent_id, \
     (SELECT COUNT(*) FROM units c WHERE c.parent_id = u.id) AS child_count";

/// The recursive query of a unit's ancestors, nearest first (depth is capped
/// against a corrupt tree).
const ANCESTORS_SQL: &str = "WITH RECURSIVE up (id, parent_id, depth) AS ( \
       SELECT id, parent_id, 0 FROM units WHERE id = $1 \
       UNION ALL \
       SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 16 \
     ) SELECT id FROM up WHERE depth > 0 ORDER BY depth";

impl Database {
    /// Stores the official units of a reference list, in one transaction,
    /// unless this version was already loaded. Units that exist are left as
    /// they are: their lifecycle belongs to the product once loaded. `records`
    /// are the same units as sync records, each new one with a change
    /// sequence of its own so that devices pull them.
    pub async fn load_reference_units(
        &self,
        version: &str,
        units: &[UnitRow],
        records: &[RecordRow],
    ) -> Result<ReferenceLoad, DbError> {
        let name = version.split('@').next().unwrap_or(version);
        let mut transaction = self.pool.begin().await?;
        // Several servers may start at once on one database: one loads, the others wait.
        transaction.lock_table("reference_data").await?;
        let mut connection = transaction.connection();
        let loaded = connection
            .fetch_optional(&sql("SELECT version FROM reference_data WHERE name = $1").bind(name))
            .await?
            .map(|row| row.text("version"))
            .transpose()?;
        if loaded.as_deref() == Some(version) {
            return Ok(ReferenceLoad::AlreadyLoaded);
        }
        let now = now_millis();
        let mut inserted = 0;
        for unit in units {
            inserted += connection
                .execute(
                    &sql(
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
                    .bind(now),
                )
                .await?;
        }
        for record in records {
            let exists = connection
                .fetch_optional(
                    &sql("SELECT id FROM records WHERE record_type = $1 AND id = $2")
                        .bind(record.record_type.as_str())
                        .bind(record.id),
                )
                .await?;
            if exists.is_none() {
                let change_seq = take_change_seqs(&mut connection, 1).await?;
                put_record(
                    &mut connection,
                    &RecordRow {
                        change_seq,
                        ..record.clone()
                    },
                )
                .await?;
            }
        }
        connection
            .execute(
                &sql(
                    "INSERT INTO reference_data (name, version, loaded_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (name) DO UPDATE SET version = excluded.version, loaded_at = excluded.loaded_at",
                )
                .bind(name)
                .bind(version)
                .bind(now),
            )
            .await?;
        transaction.commit().await?;
        Ok(ReferenceLoad::Loaded { inserted })
    }

    /// One unit, by official code or id, with the count of its children.
    pub async fn unit(&self, unit: &UnitRef) -> Result<Option<UnitSummary>, DbError> {
        let statement = match unit {
            UnitRef::Code(code) => {
                sql(format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.code = $1")).bind(code.as_str())
            }
            UnitRef::Id(id) => sql(format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.id = $1")).bind(*id),
        };
        self.fetch_optional(&statement)
            .await?
            .as_ref()
            .map(unit_summary)
            .transpose()
    }

    /// The units directly under a parent, by code then name.
    pub async fn unit_children(&self, parent_id: Uuid) -> Result<Vec<UnitSummary>, DbError> {
        let statement = sql(format!(
            "SELECT {UNIT_COLUMNS} FROM units u WHERE u.parent_id = $1 ORDER BY u.code IS NULL, u.code, u.name"
        ))
        .bind(parent_id);
        self.fetch_all(&statement).await?.iter().map(unit_summary).collect()
    }

    /// The ancestors of a unit, nearest first.
    pub async fn ancestors(&self, unit: Uuid) -> Result<Vec<Uuid>, DbError> {
        ancestors(&mut self.pool.acquire().await?.connection(), unit).await
    }

    /// Stores a unit (a village, or a unit a proposal formed).
    pub async fn put_unit(&self, unit: &domain::Unit) -> Result<(), DbError> {
        put_unit(&mut self.pool.acquire().await?.connection(), unit).await
    }
}

/// The ancestors of a unit, nearest first.
pub(super) async fn ancestors(connection: &mut Connection<'_>, unit: Uuid) -> Result<Vec<Uuid>, DbError> {
    connection
        .fetch_all(&sql(ANCESTORS_SQL).bind(unit))
        .await?
        .iter()
        .map(|row| row.uuid("id"))
        .collect()
}

/// The kind and parent of a unit, if it exists.
pub(super) async fn unit_parent(
    connection: &mut Connection<'_>,
    unit: Uuid,
) -> Result<Option<(domain::UnitKind, Option<Uuid>)>, DbError> {
    connection
        .fetch_optional(&sql("SELECT kind, parent_id FROM units WHERE id = $1").bind(unit))
        .await?
        .map(|row| Ok((parse_kind(&row.text("kind")?)?, row.optional_uuid("parent_id")?)))
        .transpose()
}

/// Inserts or updates a unit in the `units` table.
pub(super) async fn put_unit(connection: &mut Connection<'_>, unit: &domain::Unit) -> Result<(), DbError> {
    connection
        .execute(
            &sql(
                "INSERT INTO units (id, code, name, kind, parent_id, revision, updated_at, updated_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id, \
                 revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            )
            .bind(unit.id)
            .bind(unit.code.as_ref().map(|code| code.to_string()))
            .bind(unit.name.as_str())
            .bind(kind_name(unit.kind))
            .bind(unit.parent_id)
            .bind(unit.meta.revision)
            .bind(unit.meta.updated_at.0)
            .bind(unit.meta.updated_by.0.to_string()),
        )
        .await?;
    Ok(())
}

fn unit_summary(row: &Row) -> Result<UnitSummary, DbError> {
    Ok(UnitSummary {
        id: row.uuid("id")?,
        code: parse_code(row.optional_text("code")?)?,
        name: row.text("name")?,
        kind: parse_kind(&row.text("kind")?)?,
        parent_id: row.optional_uuid("parent_id")?,
        child_count: u32::try_from(row.count("child_count")?).unwrap_or(u32::MAX),
    })
}

/// Reads a stored kind name back into the domain's kind.
fn parse_kind(stored: &str) -> Result<domain::UnitKind, DbError> {
    serde_json::from_value(serde_json::Value::String(stored.to_owned()))
        .map_err(|_| DbError::Corrupt(format!("unknown unit kind {stored:?}")))
}

/// The stored name of a kind.
fn kind_name(kind: domain::UnitKind) -> String {
    match serde_json::to_value(kind) {
        Ok(serde_json::Value::String(name)) => name,
        _ => unreachable!("a unit kind always serialises to a string"),
    }
}

/// Reads a stored official code back.
fn parse_code(stored: Option<String>) -> Result<Option<domain::OfficialCode>, DbError> {
    stored
        .map(|code| domain::OfficialCode::parse(&code).map_err(|error| DbError::Corrupt(error.to_string())))
        .transpose()
}
