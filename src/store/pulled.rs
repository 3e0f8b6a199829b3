//! Applying a page of the server's changes: the records, rebased with the
//! device's own changes still waiting to be sent, and the pull cursor, in one
//! transaction. A page is either all applied, cursor included, or not at all
//! (and pulled again).

use super::Store;
use super::error::StoreError;
use super::outbox::OutboxRow;
use super::rows::{Review, Row, StoredRow, SyncedRecord, standing_from_key};
use super::schema::{OUTBOX, PROPOSALS, REVIEWS, RULE_SETS, SYNC_STATE, TARGET_REPORTS, UNITS};
use super::sync_state::{SYNC_KEY, SyncState, SyncStateRow};
use domain::Unit;
use domain::proposal::Proposal;
use domain::rules::RuleSet;
use domain::sync::protocol::{PullResponse, PulledRecord};
use domain::sync::{Mutation, RecordType};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use std::collections::{HashMap, HashSet};
use sync_engine::pages::{kept_despite_deletion, rebased_body};
use uuid::Uuid;

pub use sync_engine::AppliedPage;

impl Store {
    /// Applies one page of pulled changes asked for `since` (the cursor the
    /// device held), and moves the cursor to the page's end, in one
    /// transaction. `filling`: the pull began on a device that held no unit
    /// (see [`Store::holds_no_units`]), so no stored unit is looked up.
    pub async fn apply_pulled_page(
        &self,
        since: u64,
        page: &PullResponse,
        filling: bool,
    ) -> Result<AppliedPage, StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction([UNITS, REVIEWS, PROPOSALS, RULE_SETS, TARGET_REPORTS, OUTBOX, SYNC_STATE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Relaxed))
            .build()?;
        let sync_state = transaction.object_store(SYNC_STATE)?;
        let outbox = transaction.object_store(OUTBOX)?;
        let state_request = sync_state.get(SYNC_KEY).serde()?;
        let pending_request = outbox
            .index("by_state")?
            .get_all::<OutboxRow>()
            .with_query("pending")
            .serde()?;
        let state: SyncState = state_request
            .await?
            .map(|row: SyncStateRow| row.state)
            .unwrap_or_default();
        if state.cursor != since {
            return Err(StoreError::Stale(format!(
                "the pull cursor moved from {since} to {}; the page is dropped",
                state.cursor
            )));
        }
        let mut pending: HashMap<Uuid, Vec<Mutation>> = HashMap::new();
        for row in pending_request.await? {
            let mutation = row?.mutation()?;
            pending.entry(mutation.record_id).or_default().push(mutation);
        }
        for mutations in pending.values_mut() {
            mutations.sort_by_key(|mutation| mutation.seq);
        }

        // The stored units the page touches: their standing stays with them.
        // (Filling an empty device, there are none to read.)
        let units = transaction.object_store(UNITS)?;
        let mut unit_requests = Vec::new();
        for record in page
            .records
            .iter()
            .filter(|record| !filling && record.record_type == RecordType::Unit)
        {
            unit_requests.push((record.id, units.get(record.id.to_string()).serde()?));
        }
        let mut standings: HashMap<Uuid, Option<String>> = HashMap::new();
        for (id, request) in unit_requests {
            let stored: Option<StoredRow> = request.await?;
            standings.insert(id, stored.and_then(|row| row.standing));
        }

        let mut applied = AppliedPage::default();
        for record in &page.records {
            let store = transaction.object_store(store_of(record.record_type))?;
            let raw: &web_sys::IdbObjectStore = store.as_sys();
            let local = pending.get(&record.id).map(Vec::as_slice).unwrap_or_default();
            if !local.is_empty() {
                applied.rebased += 1;
                if kept_despite_deletion(record, local) {
                    // Deleted on the server, changed here: the device keeps its
                    // version until its change reaches the server and is merged.
                    applied.records += 1;
                    continue;
                }
            }
            match rebased_body(record, local) {
                None => {
                    raw.delete(&record.id.to_string().into()).map_err(StoreError::from_js)?;
                }
                Some(body) => {
                    let row = match record.record_type {
                        RecordType::Unit => {
                            let standing = standings
                                .get(&record.id)
                                .cloned()
                                .flatten()
                                .and_then(|key| standing_from_key(&key));
                            stored_unit_row(body, standing, record).map(|(row, level)| {
                                if level == domain::UnitLevel::Commune {
                                    applied.changed_communes.insert(record.id);
                                }
                                serde_wasm_bindgen::to_value(&row)
                            })
                        }
                        RecordType::VillageReview | RecordType::CommuneReview => {
                            let row = stored_row::<Review>(body, None, record);
                            if let Some(row) = &row {
                                applied
                                    .reviewed_units
                                    .extend(row.unit_id.as_deref().and_then(|id| id.parse::<Uuid>().ok()));
                            }
                            row.map(|row| serde_wasm_bindgen::to_value(&row))
                        }
                        RecordType::Proposal => {
                            stored_row::<Proposal>(body, None, record).map(|row| serde_wasm_bindgen::to_value(&row))
                        }
                        RecordType::TargetReport => stored_row::<domain::progress::TargetReport>(body, None, record)
                            .map(|row| serde_wasm_bindgen::to_value(&row)),
                        RecordType::RuleSet => {
                            applied.rule_sets_changed = true;
                            rule_set_row(body, record.revision).map(|row| serde_wasm_bindgen::to_value(&row))
                        }
                    };
                    match row {
                        Some(Ok(row)) => {
                            raw.put(&row).map_err(StoreError::from_js)?;
                        }
                        _ => {
                            applied.unreadable.push(record.id);
                            continue;
                        }
                    }
                }
            }
            applied.records += 1;
        }
        let state = SyncState {
            cursor: page.next_cursor.max(since),
            epoch: Some(page.epoch.clone()),
            jurisdiction: Some(page.jurisdiction),
            ..state
        };
        sync_state
            .put(&SyncStateRow {
                key: SYNC_KEY.to_owned(),
                state,
            })
            .serde()?;
        transaction.commit().await?;
        Ok(applied)
    }

    /// Whether the device holds no unit at all (before its first pull, or
    /// after a change of jurisdiction).
    pub async fn holds_no_units(&self) -> Result<bool, StoreError> {
        let transaction = self.database.transaction(UNITS).build()?;
        let mut keys = transaction
            .object_store(UNITS)?
            .get_all_keys::<String>()
            .with_limit(1)
            .primitive()?
            .await?;
        Ok(keys.next().is_none())
    }

    /// After a whole pull from the start of a new epoch (a restored server):
    /// drops every pulled record the server did not send (`seen` holds the
    /// ids it sent), unless the device still has changes to it waiting to
    /// be sent. The built-in rule sets stay (they never came from a pull).
    /// Returns how many records were dropped.
    pub async fn drop_records_not_in(&self, seen: &HashSet<String>) -> Result<usize, StoreError> {
        self.check_open()?;
        let pending: HashSet<String> = self
            .outbox_rows()
            .await?
            .iter()
            .filter(|row| row.is_pending())
            .map(|row| row.record_id().to_owned())
            .collect();
        let transaction = self
            .database
            .transaction([UNITS, REVIEWS, PROPOSALS, RULE_SETS, TARGET_REPORTS])
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()?;
        let mut dropped = 0;
        for name in [UNITS, REVIEWS, PROPOSALS, RULE_SETS, TARGET_REPORTS] {
            let store = transaction.object_store(name)?;
            let keys: Vec<String> = store
                .get_all_keys::<String>()
                .primitive()?
                .await?
                .collect::<Result<_, _>>()?;
            for key in keys {
                let pulled = name != RULE_SETS || key.parse::<Uuid>().is_ok();
                if pulled && !seen.contains(&key) && !pending.contains(&key) {
                    store.delete(key.as_str()).primitive()?;
                    dropped += 1;
                }
            }
        }
        transaction.commit().await?;
        Ok(dropped)
    }

    /// Drops the records pulled for another jurisdiction and starts the
    /// cursor again, keeping the outbox. Refused while changes wait to be
    /// sent: those are never dropped.
    pub async fn clear_pulled_records(&self) -> Result<(), StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction([UNITS, REVIEWS, PROPOSALS, OUTBOX, SYNC_STATE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()?;
        let pending = transaction
            .object_store(OUTBOX)?
            .index("by_state")?
            .count()
            .with_query("pending")
            .await?;
        if pending > 0 {
            return Err(StoreError::Data(format!("{pending} changes wait to be sent")));
        }
        for store in [UNITS, REVIEWS, PROPOSALS] {
            transaction.object_store(store)?.clear()?;
        }
        let sync_state = transaction.object_store(SYNC_STATE)?;
        let state: SyncState = sync_state
            .get(SYNC_KEY)
            .serde()?
            .await?
            .map(|row: SyncStateRow| row.state)
            .unwrap_or_default();
        sync_state
            .put(&SyncStateRow {
                key: SYNC_KEY.to_owned(),
                state: SyncState {
                    cursor: 0,
                    jurisdiction: None,
                    ..state
                },
            })
            .serde()?;
        transaction.commit().await?;
        Ok(())
    }
}

fn store_of(record_type: RecordType) -> &'static str {
    match record_type {
        RecordType::Unit => UNITS,
        RecordType::VillageReview | RecordType::CommuneReview => REVIEWS,
        RecordType::Proposal => PROPOSALS,
        RecordType::RuleSet => RULE_SETS,
        RecordType::TargetReport => TARGET_REPORTS,
    }
}

/// The row for a record given as JSON text. The record is stored as this
/// app writes it, not as the text came: a field a newer server sends and this
/// app does not know must not sit in the stored copy, or the next save's diff
/// would send its removal.
fn stored_row<R: SyncedRecord>(
    body: String,
    standing: Option<domain::rules::classification::Standing>,
    record: &PulledRecord,
) -> Option<StoredRow> {
    let decoded: R = serde_json::from_str(&body).ok()?;
    let mut row: Row<R> = decoded.into_row(standing);
    row.conflicts = record.conflicts.clone();
    row.stored().ok()
}

/// As `stored_row`, for a unit, with its level.
fn stored_unit_row(
    body: String,
    standing: Option<domain::rules::classification::Standing>,
    record: &PulledRecord,
) -> Option<(StoredRow, domain::UnitLevel)> {
    let decoded: Unit = serde_json::from_str(&body).ok()?;
    let level = decoded.level();
    let mut row: Row<Unit> = decoded.into_row(standing);
    row.conflicts = record.conflicts.clone();
    Some((row.stored().ok()?, level))
}

fn rule_set_row(body: String, revision: u64) -> Option<super::rows::RuleSetRow> {
    let record: RuleSet = serde_json::from_str(&body).ok()?;
    Some(super::rows::RuleSetRow {
        id: record.id.to_string(),
        revision,
        record,
    })
}
