//! Answering a pull: the changes after the cursor that the officer's
//! jurisdiction may see, with their open conflicts, in change order.

use crate::accounts::Caller;
use crate::db::{Database, DbError};
use domain::OfficerId;
use domain::Timestamp;
use domain::sync::FieldConflict;
use domain::sync::protocol::{Conflict, PullResponse, PulledRecord};
use serde_json::Value;
use serde_json::value::RawValue;

/// The most records one page may hold.
pub const MAX_PAGE: u32 = 2_000;

pub async fn pull(database: &Database, caller: &Caller, since: u64, limit: u32) -> Result<PullResponse, DbError> {
    let limit = limit.clamp(1, MAX_PAGE);
    let epoch = database.epoch().await?;
    let above = database.ancestors(caller.jurisdiction).await?;
    let mut rows = database.pull(caller.jurisdiction, &above, since, limit + 1).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let conflicted: Vec<_> = rows
        .iter()
        .filter(|row| row.open_conflicts > 0)
        .map(|row| (row.record_type, row.id))
        .collect();
    let conflicts = if conflicted.is_empty() {
        Vec::new()
    } else {
        database.open_conflicts(&conflicted).await?
    };
    let parse = |text: &Option<String>| {
        text.as_deref()
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
    };
    let last_row = rows.last().map(|row| row.change_seq);
    // Records that moved out of the jurisdiction up to this page's end: a
    // tombstone each, so that the old scope's devices drop them.
    let departures = database
        .departures(caller.jurisdiction, since, if more { last_row } else { None })
        .await?;
    let next_cursor = last_row
        .into_iter()
        .chain(departures.iter().map(|(_, _, change_seq)| *change_seq))
        .max()
        .unwrap_or(since);
    let mut records: Vec<PulledRecord> = rows
        .into_iter()
        .map(|row| PulledRecord {
            record_type: row.record_type,
            id: row.id,
            revision: row.revision,
            change_seq: row.change_seq,
            deleted: row.deleted,
            body: if row.deleted {
                None
            } else {
                RawValue::from_string(row.body).ok()
            },
            conflicts: conflicts
                .iter()
                .filter(|conflict| conflict.record_type == row.record_type && conflict.record_id == row.id)
                .map(|conflict| Conflict {
                    id: conflict.id,
                    record_type: conflict.record_type,
                    record_id: conflict.record_id,
                    values: FieldConflict {
                        field: conflict.field.clone(),
                        base: parse(&conflict.base),
                        server: parse(&conflict.server),
                        client: parse(&conflict.client),
                    },
                    officer_id: OfficerId(conflict.officer_id),
                    device_id: Some(conflict.device_id).filter(|device| caller.device_id == Some(*device)),
                    at: Timestamp(conflict.at),
                })
                .collect(),
        })
        .collect();
    records.extend(
        departures
            .into_iter()
            .map(|(record_type, id, change_seq)| PulledRecord {
                record_type,
                id,
                revision: 0,
                change_seq,
                deleted: true,
                body: None,
                conflicts: Vec::new(),
            }),
    );
    records.sort_by_key(|record| record.change_seq);
    Ok(PullResponse {
        epoch,
        jurisdiction: caller.jurisdiction,
        records,
        next_cursor,
        more,
    })
}
