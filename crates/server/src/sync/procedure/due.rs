//! Effective decisions dated ahead: carried out when their day begins in
//! Vietnam (Asia/Ho_Chi_Minh, UTC+7), checked at start and every minute.
//! Several servers on one PostgreSQL carry each out once: the work runs in a
//! sync transaction, which takes the lock that orders every push, and a
//! proposal carried out is marked in that same transaction.

use super::executor::{CarryOut, carry_out};
use crate::clock::Clock;
use crate::db::{Database, DbError};
use domain::Timestamp;
use std::sync::Arc;
use std::time::Duration;

/// How often the server looks for decisions that have come due.
pub const SCHEDULE_INTERVAL: Duration = Duration::from_secs(60);

/// Carries out every effective decision due by `now`'s day; returns how
/// many were carried out now.
pub async fn carry_out_due(database: &Database, now: Timestamp) -> Result<usize, DbError> {
    let today = now.vietnam_date().to_string();
    // Read first without the lock: most minutes nothing is due.
    if !database.has_due_applications(&today).await? {
        return Ok(0);
    }
    let mut transaction = database.begin_sync().await?;
    transaction.next_change_seq().await?;
    let mut done = 0;
    for proposal in transaction.due_applications(&today).await? {
        match carry_out(&mut transaction, proposal, now).await? {
            CarryOut::Done { units, reviews } => {
                tracing::info!(%proposal, units, reviews, "an effective decision was carried out");
                done += 1;
            }
            CarryOut::AlreadyDone | CarryOut::NotEffective => {}
            CarryOut::CannotPlan(reason) => {
                tracing::warn!(%proposal, %reason, "an effective decision cannot be carried out yet");
            }
        }
    }
    transaction.commit().await?;
    Ok(done)
}

/// Runs `carry_out_due` now and then every `SCHEDULE_INTERVAL`, for as long
/// as the server runs.
pub async fn run_schedule(database: Arc<Database>, clock: Clock) {
    let mut ticks = tokio::time::interval(SCHEDULE_INTERVAL);
    loop {
        ticks.tick().await;
        if let Err(error) = carry_out_due(&database, clock.now()).await {
            tracing::error!(%error, "looking for decisions come due failed");
        }
    }
}
