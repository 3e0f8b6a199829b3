//! The `units` table (the units API and jurisdictions read it), the load of
//! an official list, and the ancestors of a unit.

use super::sql::{Connection, Row, sql};
use super::sync_store::{RECORD_COLUMNS, RecordRow, put_record, record_row, take_change_seqs};
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

const UNIT_COLUMNS: &str = "u.id, u.official_code AS code, u.name, u.kind, u.parent_id, \
     (SELECT COUNT(*) FROM units c WHERE c.parent_id = u.id AND c.ended IS NULL) AS child_count";

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
        let loaded = reference_version(&mut connection, name).await?;
        if loaded.as_deref() == Some(version) {
            return Ok(ReferenceLoad::AlreadyLoaded);
        }
        let now = now_millis();
        let mut inserted = 0;
        for unit in units {
            inserted += connection
                .execute(
                    &sql(
                        "INSERT INTO units (id, code, official_code, name, kind, parent_id, latitude, longitude, updated_at, \
                         updated_by) VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, 'reference-data') ON CONFLICT DO NOTHING",
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
        set_reference_version(&mut connection, name, version, now).await?;
        transaction.commit().await?;
        Ok(ReferenceLoad::Loaded { inserted })
    }

    /// One unit, by id or by official code, with the count of its children.
    /// A code names the unit in force on `on` (a code can name different
    /// units before and after a reform), else today's unit holding it, else
    /// the unit that held it last.
    pub async fn unit(&self, unit: &UnitRef, on: Option<domain::NaiveDate>) -> Result<Option<UnitSummary>, DbError> {
        let statement = match (unit, on) {
            (UnitRef::Id(id), _) => sql(format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.id = $1")).bind(*id),
            (UnitRef::Code(code), Some(date)) => sql(format!(
                "SELECT {UNIT_COLUMNS} FROM units u WHERE u.official_code = $1 \
                 AND (u.since IS NULL OR u.since <= $2) AND (u.ended IS NULL OR u.ended > $2) \
                 ORDER BY u.ended IS NULL DESC, u.ended DESC LIMIT 1"
            ))
            .bind(code.as_str())
            .bind(date.to_string()),
            (UnitRef::Code(code), None) => sql(format!(
                "SELECT {UNIT_COLUMNS} FROM units u WHERE u.official_code = $1 \
                 ORDER BY u.code IS NULL, u.ended DESC LIMIT 1"
            ))
            .bind(code.as_str()),
        };
        self.fetch_optional(&statement)
            .await?
            .as_ref()
            .map(unit_summary)
            .transpose()
    }

    /// The unit in force that holds an official code, other than `except`.
    pub async fn unit_holding_code(&self, code: &str, except: Uuid) -> Result<Option<(Uuid, String)>, DbError> {
        unit_holding_code(&mut self.pool.acquire().await?.connection(), code, except).await
    }

    /// The stored unit records of these ids (units as the domain knows them).
    pub async fn unit_records(&self, ids: &[Uuid]) -> Result<Vec<RecordRow>, DbError> {
        records_by_id(&mut self.pool.acquire().await?.connection(), "unit", ids).await
    }

    /// The village and commune reviews of these units.
    pub async fn reviews_of(&self, units: &[Uuid]) -> Result<Vec<RecordRow>, DbError> {
        reviews_of(&mut self.pool.acquire().await?.connection(), units).await
    }

    /// Every rule set a province officer stored (its own figures, synced to
    /// every device), not deleted.
    pub async fn stored_rule_sets(&self) -> Result<Vec<RecordRow>, DbError> {
        self.records_of_type(domain::sync::RecordType::RuleSet).await
    }

    /// Every record of a type anchored at the province (rule sets, the
    /// agencies' reports on the plan's targets), not deleted.
    pub async fn records_of_type(&self, record_type: domain::sync::RecordType) -> Result<Vec<RecordRow>, DbError> {
        let statement = sql(format!(
            "SELECT {RECORD_COLUMNS} FROM records WHERE record_type = $1 AND deleted = $2 ORDER BY id"
        ))
        .bind(record_type.as_str())
        .bind(false);
        self.fetch_all(&statement).await?.iter().map(record_row).collect()
    }

    /// The records of these types anchored at these units (not deleted).
    pub async fn anchored_at(
        &self,
        record_types: &[domain::sync::RecordType],
        units: &[Uuid],
    ) -> Result<Vec<RecordRow>, DbError> {
        let names: Vec<&str> = record_types.iter().map(|kind| kind.as_str()).collect();
        anchored_at(&mut self.pool.acquire().await?.connection(), &names, units).await
    }

    /// The units directly under a parent, by code then name: those in force
    /// (active or proposed), or every one with `include_ended`.
    pub async fn unit_children(&self, parent_id: Uuid, include_ended: bool) -> Result<Vec<UnitSummary>, DbError> {
        let filter = if include_ended { "" } else { "AND u.ended IS NULL" };
        let statement = sql(format!(
            "SELECT {UNIT_COLUMNS} FROM units u WHERE u.parent_id = $1 {filter} \
             ORDER BY u.official_code IS NULL, u.official_code, u.name"
        ))
        .bind(parent_id);
        self.fetch_all(&statement).await?.iter().map(unit_summary).collect()
    }

    /// The units divided among others that still have units in force under
    /// them (villages waiting to be placed), by code.
    pub async fn divided_with_waiting_units(&self) -> Result<Vec<UnitSummary>, DbError> {
        let statement = sql(format!(
            "SELECT {UNIT_COLUMNS} FROM units u WHERE u.state = 'divided_among' \
             AND EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id AND c.ended IS NULL) \
             ORDER BY u.official_code, u.name"
        ));
        self.fetch_all(&statement).await?.iter().map(unit_summary).collect()
    }

    /// The ancestors of a unit, nearest first.
    pub async fn ancestors(&self, unit: Uuid) -> Result<Vec<Uuid>, DbError> {
        ancestors(&mut self.pool.acquire().await?.connection(), unit).await
    }
}

/// The version of a piece of reference data done on this database (a list
/// loaded, a reform carried out), if any.
pub(super) async fn reference_version(connection: &mut Connection<'_>, name: &str) -> Result<Option<String>, DbError> {
    connection
        .fetch_optional(&sql("SELECT version FROM reference_data WHERE name = $1").bind(name))
        .await?
        .map(|row| row.text("version"))
        .transpose()
}

/// Records that a piece of reference data is done, at `at` (milliseconds).
pub(super) async fn set_reference_version(
    connection: &mut Connection<'_>,
    name: &str,
    version: &str,
    at: i64,
) -> Result<(), DbError> {
    connection
        .execute(
            &sql(
                "INSERT INTO reference_data (name, version, loaded_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (name) DO UPDATE SET version = excluded.version, loaded_at = excluded.loaded_at",
            )
            .bind(name)
            .bind(version)
            .bind(at),
        )
        .await?;
    Ok(())
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

/// Inserts or updates a unit in the `units` table: its place, its state
/// and dates, its official code (held in `code` only while in force). A code
/// another unit in force holds is `CodeTaken`.
pub(super) async fn put_unit(connection: &mut Connection<'_>, unit: &domain::Unit) -> Result<(), DbError> {
    use domain::Lifecycle;
    let (state, since, ended) = match &unit.lifecycle {
        Lifecycle::Active { since } => ("active", *since, None),
        Lifecycle::Proposed { .. } => ("proposed", None, None),
        Lifecycle::MergedInto { effective, .. } => ("merged_into", None, Some(*effective)),
        Lifecycle::DividedAmong { effective, .. } => ("divided_among", None, Some(*effective)),
        Lifecycle::Dissolved { effective, .. } => ("dissolved", None, Some(*effective)),
    };
    let code = unit.code.as_ref().map(|code| code.as_str().to_owned());
    let in_force_code = code.clone().filter(|_| ended.is_none());
    let written = connection
        .execute(
            &sql(
                "INSERT INTO units (id, code, official_code, name, kind, parent_id, revision, updated_at, updated_by, \
                 state, since, ended) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (id) DO UPDATE SET code = excluded.code, official_code = excluded.official_code, \
                 name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id, \
                 revision = excluded.revision, updated_at = excluded.updated_at, updated_by = excluded.updated_by, \
                 state = excluded.state, since = COALESCE(excluded.since, units.since), ended = excluded.ended",
            )
            .bind(unit.id)
            .bind(in_force_code)
            .bind(code.clone())
            .bind(unit.name.as_str())
            .bind(kind_name(unit.kind))
            .bind(unit.parent_id)
            .bind(unit.meta.revision)
            .bind(unit.meta.updated_at.0)
            .bind(unit.meta.updated_by.0.to_string())
            .bind(state)
            .bind(since.map(|date| date.to_string()))
            .bind(ended.map(|date| date.to_string())),
        )
        .await;
    match written {
        Err(DbError::Sqlx(sqlx::Error::Database(error))) if error.is_unique_violation() => {
            Err(DbError::CodeTaken(code.unwrap_or_default()))
        }
        other => other.map(|_| ()),
    }
}

/// The unit in force holding `code`, other than `except`: its id and name.
pub(super) async fn unit_holding_code(
    connection: &mut Connection<'_>,
    code: &str,
    except: Uuid,
) -> Result<Option<(Uuid, String)>, DbError> {
    connection
        .fetch_optional(
            &sql("SELECT id, name FROM units WHERE code = $1 AND id <> $2")
                .bind(code)
                .bind(except),
        )
        .await?
        .map(|row| Ok((row.uuid("id")?, row.text("name")?)))
        .transpose()
}

/// The names of the units in force directly under `parent`, but `except`,
/// and the parent's own name.
pub(super) async fn names_in_force_under(
    connection: &mut Connection<'_>,
    parent: Uuid,
    except: Uuid,
) -> Result<(Vec<String>, Option<String>), DbError> {
    let names = connection
        .fetch_all(
            &sql("SELECT name FROM units WHERE parent_id = $1 AND id <> $2 AND state = 'active'")
                .bind(parent)
                .bind(except),
        )
        .await?
        .iter()
        .map(|row| row.text("name"))
        .collect::<Result<Vec<_>, _>>()?;
    let parent_name = connection
        .fetch_optional(&sql("SELECT name FROM units WHERE id = $1").bind(parent))
        .await?
        .map(|row| row.text("name"))
        .transpose()?;
    Ok((names, parent_name))
}

/// The ids of the units directly under a parent, ended ones too.
pub(super) async fn child_ids(connection: &mut Connection<'_>, parent: Uuid) -> Result<Vec<Uuid>, DbError> {
    connection
        .fetch_all(&sql("SELECT id FROM units WHERE parent_id = $1 ORDER BY id").bind(parent))
        .await?
        .iter()
        .map(|row| row.uuid("id"))
        .collect()
}

/// The records of one type with these ids.
pub(super) async fn records_by_id(
    connection: &mut Connection<'_>,
    record_type: &str,
    ids: &[Uuid],
) -> Result<Vec<RecordRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let statement = ids.iter().fold(
        sql(format!(
            "SELECT {RECORD_COLUMNS} FROM records WHERE record_type = $1 AND id IN ({})",
            placeholders(2, ids.len())
        ))
        .bind(record_type),
        |statement, id| statement.bind(*id),
    );
    connection.fetch_all(&statement).await?.iter().map(record_row).collect()
}

/// The village and commune reviews of these units.
pub(super) async fn reviews_of(connection: &mut Connection<'_>, units: &[Uuid]) -> Result<Vec<RecordRow>, DbError> {
    anchored_at(connection, &["village_review", "commune_review"], units).await
}

/// The records of these types anchored at these units.
pub(super) async fn anchored_at(
    connection: &mut Connection<'_>,
    record_types: &[&str],
    units: &[Uuid],
) -> Result<Vec<RecordRow>, DbError> {
    if units.is_empty() {
        return Ok(Vec::new());
    }
    let types: Vec<String> = record_types.iter().map(|kind| format!("'{kind}'")).collect();
    let statement = units.iter().fold(
        sql(format!(
            "SELECT {RECORD_COLUMNS} FROM records WHERE record_type IN ({}) AND deleted = $1 AND anchor_unit IN ({}) \
             ORDER BY change_seq",
            types.join(", "),
            placeholders(2, units.len())
        ))
        .bind(false),
        |statement, id| statement.bind(*id),
    );
    connection.fetch_all(&statement).await?.iter().map(record_row).collect()
}

/// `$first, $first+1, …` for `count` values.
pub(super) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|index| format!("${index}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unit_summary(row: &Row) -> Result<UnitSummary, DbError> {
    Ok(UnitSummary {
        id: row.uuid("id")?,
        code: parse_code(row.optional_text("code")?)?,
        name: row.text("name")?,
        kind: parse_kind(&row.text("kind")?)?,
        parent_id: row.optional_uuid("parent_id")?,
        child_count: u32::try_from(row.count("child_count")?).unwrap_or(u32::MAX),
        lifecycle: None,
        figures: None,
        standing: None,
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
