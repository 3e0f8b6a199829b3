//! A reform decided above the province, carried out by the same executor as
//! any effective decision, once: in a sync transaction (the lock that orders
//! every push, so several servers on one database carry it out once), marked
//! done in `reference_data` in that same transaction. Nothing recorded
//! before is rewritten: old units end with their records kept, villages of a
//! unit merged whole move with their reviews and proposals, those of a
//! divided unit stay where they were until the province places them.

use super::executor::write_operations;
use super::world::World;
use crate::db::{Database, DbError};
use domain::proposal::UnitOperation;
use domain::reform::{PlacementError, Reform, check_placement, plan_reform};
use domain::{Hierarchy, OfficerId, Timestamp};
use std::collections::BTreeSet;
use uuid::Uuid;

/// What carrying a reform out did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReformOutcome {
    /// The units changed: this many unit records were written.
    Done { units: usize },
    /// It was carried out before on this database.
    AlreadyDone,
    /// Its day has not begun in Vietnam.
    NotYet,
    /// The stored units do not hold what it names (logged; tried again at the next start).
    CannotPlan(String),
}

/// The `reference_data` name that marks `reform` as carried out.
fn marker(reform: &Reform) -> String {
    format!("reform:{}", reform.name)
}

/// Carries `reform` out on the database, if its day has come by `now`.
pub async fn carry_out_reform(database: &Database, reform: &Reform, now: Timestamp) -> Result<ReformOutcome, DbError> {
    if reform.effective > now.vietnam_date() {
        return Ok(ReformOutcome::NotYet);
    }
    let mut transaction = database.begin_sync().await?;
    // The first change sequence takes the lock that orders every push.
    transaction.next_change_seq().await?;
    if transaction.reference_version(&marker(reform)).await?.is_some() {
        return Ok(ReformOutcome::AlreadyDone);
    }
    let mut ids: BTreeSet<Uuid> = BTreeSet::new();
    ids.insert(reform.parent_id);
    ids.extend(reform.dissolved.iter().copied());
    for clause in &reform.clauses {
        ids.insert(clause.unit_id);
        for (source, _) in &clause.sources {
            ids.insert(*source);
        }
    }
    for unit in ids.clone() {
        ids.extend(transaction.child_ids(unit).await?);
    }
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let world = World::of_units(&mut transaction, &ids).await?;
    let by = OfficerId(Uuid::nil());
    let planned = match Hierarchy::new(&world.units) {
        Ok(hierarchy) => plan_reform(reform, &hierarchy, now, by).map_err(|error| error.to_string()),
        Err(error) => Err(error.to_string()),
    };
    let operations = match planned {
        Ok(operations) => operations,
        Err(reason) => return Ok(ReformOutcome::CannotPlan(reason)),
    };
    let after = write_operations(&mut transaction, &world, &operations, now, by).await?;
    transaction
        .set_reference_version(&marker(reform), &reform.effective.to_string(), now.0)
        .await?;
    transaction.commit().await?;
    Ok(ReformOutcome::Done { units: after.written })
}

/// The province places a village of a divided unit under one of the units
/// that received a part of it: the village moves with its records (reviews,
/// proposals), each written with its change sequence. Checked by the domain
/// (`check_placement`) on the stored units, in the transaction that moves it.
pub async fn place_waiting_unit(
    database: &Database,
    village: Uuid,
    receiver: Uuid,
    officer: OfficerId,
    now: Timestamp,
) -> Result<Result<(), PlacementError>, DbError> {
    let mut transaction = database.begin_sync().await?;
    transaction.next_change_seq().await?;
    let mut ids: BTreeSet<Uuid> = BTreeSet::from([village, receiver]);
    for unit in [village, receiver] {
        ids.extend(transaction.ancestors(unit).await?);
    }
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let world = World::of_units(&mut transaction, &ids).await?;
    let checked = match Hierarchy::new(&world.units) {
        Ok(hierarchy) => check_placement(&hierarchy, village, receiver),
        Err(_) => Err(PlacementError::NotWaiting),
    };
    if let Err(refusal) = checked {
        return Ok(Err(refusal));
    }
    let operations = [UnitOperation::Reparent {
        unit_id: village,
        parent_id: receiver,
    }];
    write_operations(&mut transaction, &world, &operations, now, officer).await?;
    transaction.commit().await?;
    Ok(Ok(()))
}
