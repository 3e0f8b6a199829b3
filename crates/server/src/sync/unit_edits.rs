//! Edits of units the server makes itself, each written as a unit record
//! with its change sequence (so every device in the area pulls it) and kept
//! in step in the `units` table: the province recording a unit's official
//! code (one the decision forming it did not give, or a correction; unique
//! among the units in force, an ended unit keeping its code in its record),
//! and a unit placed whole (an import, a test's world).

use super::procedure;
use crate::db::{Database, DbError};
use domain::sync::RecordType;
use domain::{OfficerId, OfficialCode, Timestamp, Unit};
use uuid::Uuid;

/// What recording a code did.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeOutcome {
    /// The unit now holds the code.
    Recorded(Box<Unit>),
    /// Another unit in force holds it.
    Taken {
        holder: Uuid,
        name: String,
    },
    NotFound,
}

/// Gives `unit` the official `code`, by `officer`, at `now`.
pub async fn record_code(
    database: &Database,
    unit: Uuid,
    code: &OfficialCode,
    officer: Uuid,
    now: Timestamp,
) -> Result<CodeOutcome, DbError> {
    let mut transaction = database.begin_sync().await?;
    transaction.next_change_seq().await?;
    let Some(row) = transaction.record(RecordType::Unit, unit).await? else {
        return Ok(CodeOutcome::NotFound);
    };
    let Ok(mut record) = serde_json::from_str::<Unit>(&row.body) else {
        return Ok(CodeOutcome::NotFound);
    };
    if let Some((holder, name)) = transaction.unit_holding_code(code.as_str(), unit).await? {
        return Ok(CodeOutcome::Taken { holder, name });
    }
    if record.code.as_ref() == Some(code) {
        return Ok(CodeOutcome::Recorded(Box::new(record)));
    }
    record.code = Some(code.clone());
    record.meta = record.meta.touched(now, OfficerId(officer));
    record.meta.revision = row.revision + 1;
    let body = serde_json::to_value(&record).unwrap_or(serde_json::Value::Null);
    procedure::store(
        &mut transaction,
        RecordType::Unit,
        unit,
        body,
        row.scope,
        Some(&row),
        now,
        OfficerId(officer),
    )
    .await?;
    transaction.put_unit(&record).await?;
    transaction.commit().await?;
    Ok(CodeOutcome::Recorded(Box::new(record)))
}

/// Places a whole unit under its (stored) parent, as a record the server
/// wrote; a unit already stored takes the next revision.
pub async fn place_unit(database: &Database, unit: &Unit, now: Timestamp) -> Result<(), DbError> {
    let mut transaction = database.begin_sync().await?;
    transaction.next_change_seq().await?;
    let mut scopes = super::scope::ScopeCache::default();
    let above = match unit.parent_id {
        Some(parent) => scopes.of_unit(&mut transaction, parent).await?.unwrap_or_default(),
        None => crate::db::Scope::default(),
    };
    let scope = above.with_unit(unit.id, unit.level());
    let previous = transaction.record(RecordType::Unit, unit.id).await?;
    let body = serde_json::to_value(unit).unwrap_or(serde_json::Value::Null);
    procedure::store(
        &mut transaction,
        RecordType::Unit,
        unit.id,
        body,
        scope,
        previous.as_ref(),
        now,
        unit.meta.updated_by,
    )
    .await?;
    transaction.put_unit(unit).await?;
    transaction.commit().await
}
