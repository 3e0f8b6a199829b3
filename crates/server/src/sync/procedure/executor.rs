//! Carrying an effective proposal out, in the transaction at hand: the
//! domain plans the operations (`plan_application`) and the reviews that
//! record the new figures (`reviews_after`); this writes them as records,
//! each with its own change sequence so that every device in the area pulls
//! it, and marks the proposal carried out. A proposal is carried out once:
//! a replay, a second server or a second call change nothing.

use super::world::World;
use crate::db::{DbError, RecordRow, Scope, SyncTransaction};
use domain::proposal::{
    CarriedOut, Proposal, RecordedBy, Status, Transition, UnitOperation, apply_operations, plan_application,
    reviews_after,
};
use domain::review::ReviewRecord;
use domain::sync::RecordType;
use domain::{OfficerId, Timestamp, Unit};
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// What carrying a proposal out did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CarryOut {
    /// The units changed: these records were written.
    Done { units: usize, reviews: usize },
    /// It was carried out before; nothing was written.
    AlreadyDone,
    /// It is not (or no longer) an effective proposal on record.
    NotEffective,
    /// The domain cannot plan it against the stored units (logged; it stays
    /// to be carried out once the units are there).
    CannotPlan(String),
}

/// Carries out the effective proposal `id`, at `now`.
pub async fn carry_out(transaction: &mut SyncTransaction, id: Uuid, now: Timestamp) -> Result<CarryOut, DbError> {
    let Some(row) = transaction.record(RecordType::Proposal, id).await? else {
        return Ok(CarryOut::NotEffective);
    };
    let Ok(mut proposal) = serde_json::from_str::<Proposal>(&row.body) else {
        return Ok(CarryOut::NotEffective);
    };
    let Status::Effective { effective_date, .. } = proposal.status else {
        return Ok(CarryOut::NotEffective);
    };
    if proposal.carried_out.is_some() {
        transaction.mark_carried_out(id, now.0).await?;
        return Ok(CarryOut::AlreadyDone);
    }
    let by = proposal
        .history
        .iter()
        .rev()
        .find(|decision| matches!(decision.transition, Transition::MakeEffective { .. }))
        .map_or(OfficerId(Uuid::nil()), |decision| decision.by);
    let world = World::around(transaction, &proposal).await?;
    let planned = world.with_context(|context| plan_application(&proposal, context, now, by));
    let operations = match planned {
        Some(Ok(operations)) => operations,
        Some(Err(error)) => return Ok(CarryOut::CannotPlan(error.to_string())),
        None => return Ok(CarryOut::CannotPlan("the stored units do not form a tree".to_owned())),
    };

    let after = write_operations(transaction, &world, &operations, now, by).await?;
    let by_id: HashMap<Uuid, &Unit> = after.units.iter().map(|unit| (unit.id, unit)).collect();

    let recorded = RecordedBy {
        effective: effective_date,
        at: now,
        by,
    };
    let level_of = |unit: Uuid| by_id.get(&unit).map(|unit| unit.level());
    let reviews = reviews_after(&proposal, &operations, &world.latest, level_of, recorded);
    for review in &reviews {
        // Tagged with its level, as devices write reviews.
        let record_type = match review {
            ReviewRecord::Village(_) => RecordType::VillageReview,
            ReviewRecord::Commune(_) => RecordType::CommuneReview,
        };
        let body = serde_json::to_value(review);
        if transaction.record(record_type, review.id()).await?.is_some() {
            continue;
        }
        let scope = scope_of(&by_id, review.unit_id());
        store(
            transaction,
            record_type,
            review.id(),
            body.unwrap_or(Value::Null),
            scope,
            None,
            now,
            by,
        )
        .await?;
    }

    proposal.carried_out = Some(CarriedOut {
        effective: effective_date,
        at: now,
    });
    let body = serde_json::to_value(&proposal).unwrap_or(Value::Null);
    store(
        transaction,
        RecordType::Proposal,
        id,
        body,
        row.scope,
        Some(&row),
        now,
        by,
    )
    .await?;
    transaction.mark_carried_out(id, now.0).await?;
    Ok(CarryOut::Done {
        units: after.written,
        reviews: reviews.len(),
    })
}

/// The units after a plan's operations, and how many were written.
pub(crate) struct UnitsAfter {
    pub units: Vec<Unit>,
    pub written: usize,
}

/// Carries planned unit operations out on the stored units of `world`:
/// each unit changed or formed is written as a record (in the order the plan
/// changes them: a plan ends old units before it forms new ones with their
/// codes, and forms a unit before it moves anything under it), and the
/// records of a moved unit (its reviews, its proposals) move with it.
pub(crate) async fn write_operations(
    transaction: &mut SyncTransaction,
    world: &World,
    operations: &[UnitOperation],
    now: Timestamp,
    by: OfficerId,
) -> Result<UnitsAfter, DbError> {
    let mut units = world.units.clone();
    let mut figures = world.latest.figures();
    let changed = apply_operations(&mut units, &mut figures, operations, now, by);
    let by_id: HashMap<Uuid, &Unit> = units.iter().map(|unit| (unit.id, unit)).collect();
    let mut written = Vec::new();
    for unit_id in changed {
        if written.contains(&unit_id) || !by_id.contains_key(&unit_id) {
            continue;
        }
        written.push(unit_id);
    }
    for unit_id in &written {
        let mut unit = by_id[unit_id].clone();
        if let Some(code) = &unit.code
            && unit.lifecycle.is_active()
            && let Some((holder, name)) = transaction.unit_holding_code(code.as_str(), unit.id).await?
        {
            tracing::warn!(%holder, %name, code = %code, unit = %unit.id, "the code is held by a unit in force: the unit is written without it");
            unit.code = None;
        }
        let scope = scope_of(&by_id, unit.id);
        let previous = world.unit_rows.get(unit_id);
        let body = serde_json::to_value(&unit).unwrap_or(Value::Null);
        store(transaction, RecordType::Unit, unit.id, body, scope, previous, now, by).await?;
        transaction.put_unit(&unit).await?;
    }
    for operation in operations {
        if let UnitOperation::Reparent { unit_id, .. } = operation {
            move_anchored(transaction, *unit_id, scope_of(&by_id, *unit_id)).await?;
        }
    }
    let written = written.len();
    Ok(UnitsAfter { units, written })
}

/// Moves the records anchored at a unit (its reviews and proposals) to the
/// unit's new scope, each with a new change sequence, and records their
/// departure from the old one (its devices are told to drop them).
pub(crate) async fn move_anchored(
    transaction: &mut SyncTransaction,
    unit_id: Uuid,
    scope: Scope,
) -> Result<(), DbError> {
    let kinds = [
        RecordType::VillageReview,
        RecordType::CommuneReview,
        RecordType::Proposal,
    ];
    for mut record in transaction.anchored_at(&kinds, &[unit_id]).await? {
        if record.scope == scope {
            continue;
        }
        let from = record.scope;
        record.scope = scope;
        record.change_seq = transaction.next_change_seq().await?;
        transaction
            .record_departure(record.record_type, record.id, &from, record.change_seq)
            .await?;
        transaction.put_record(&record).await?;
    }
    Ok(())
}

/// Writes a record the server made: the next revision, a new change
/// sequence, the server's bookkeeping in its body.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn store(
    transaction: &mut SyncTransaction,
    record_type: RecordType,
    id: Uuid,
    mut body: Value,
    scope: Scope,
    previous: Option<&RecordRow>,
    at: Timestamp,
    by: OfficerId,
) -> Result<(), DbError> {
    let revision = previous.map_or(1, |row| row.revision + 1);
    let epoch = transaction.epoch().await?;
    if let Some(fields) = body.as_object_mut() {
        fields.insert(
            "meta".to_owned(),
            json!({ "revision": revision, "updated_at": at, "updated_by": by, "epoch": epoch }),
        );
    }
    let change_seq = transaction.next_change_seq().await?;
    if let Some(previous) = previous.filter(|row| row.scope != scope) {
        transaction
            .record_departure(record_type, id, &previous.scope, change_seq)
            .await?;
    }
    transaction
        .put_record(&RecordRow {
            record_type,
            id,
            revision,
            change_seq,
            scope,
            body: body.to_string(),
            deleted: false,
            open_conflicts: previous.map_or(0, |row| row.open_conflicts),
            updated_at: at.0,
            updated_by: by.0.to_string(),
        })
        .await
}

/// Where a unit lies, from the units in memory (its ancestors are there).
fn scope_of(units: &HashMap<Uuid, &Unit>, id: Uuid) -> Scope {
    let mut chain = Vec::new();
    let mut next = Some(id);
    while let Some(current) = next {
        let Some(unit) = units.get(&current) else { break };
        chain.push(*unit);
        next = unit.parent_id;
        if chain.len() > 16 {
            break;
        }
    }
    chain
        .iter()
        .rev()
        .fold(Scope::default(), |scope, unit| scope.with_unit(unit.id, unit.level()))
}
