//! Writes: an officer's save (record and outbox entry in one strict
//! transaction) and bulk loads (records only, relaxed durability).

use super::Store;
use super::device::{DEVICE_KEY, DeviceRow};
use super::error::StoreError;
use super::outbox::OutboxRow;
use super::rows::{Row, RuleSetRow, StoredRow, SyncedRecord};
use super::schema::{OUTBOX, RULE_SETS, SYNC_STATE};
use domain::rules::classification::Standing;
use domain::sync::{Mutation, diff};
use domain::{OfficerId, Timestamp};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use uuid::Uuid;

pub use sync_engine::Saved;

impl Store {
    /// Saves a record the officer changed: the record, and an outbox entry
    /// with every changed field's old and new value, in one transaction
    /// committed with strict durability before this returns. Either both are
    /// stored or neither is. The record's sync bookkeeping is set here: its
    /// revision stays the server's, the change is stamped `at` and `by`.
    pub async fn save<R: SyncedRecord>(
        &self,
        record: &R,
        by: OfficerId,
        at: Timestamp,
        standing: Option<Standing>,
    ) -> Result<Saved, StoreError> {
        self.save_resolving(record, by, at, standing, &[]).await
    }

    /// As `save`, and the change resolves the record's open conflicts
    /// `resolves` (the officer's choice on the conflicts page): the entry is
    /// queued even when the chosen values equal the stored ones, and the
    /// conflicts leave the record on the device at once.
    pub async fn save_resolving<R: SyncedRecord>(
        &self,
        record: &R,
        by: OfficerId,
        at: Timestamp,
        standing: Option<Standing>,
        resolves: &[Uuid],
    ) -> Result<Saved, StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction([R::STORE, OUTBOX, SYNC_STATE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()?;
        let records = transaction.object_store(R::STORE)?;
        let id = record.id().to_string();
        let state = transaction.object_store(SYNC_STATE)?;
        // Both reads go out at once; IndexedDB answers them in order.
        let stored_request = records.get(id.as_str()).serde()?;
        let device_request = state.get(DEVICE_KEY).serde()?;
        let stored: Option<StoredRow> = stored_request.await?;
        let device: Option<DeviceRow> = device_request.await?;
        // Both sides of the diff as JSON values, read from JSON text: the stored
        // record's text as it is, the new record's as it will be stored.
        let old: Option<serde_json::Value> = stored
            .as_ref()
            .map(|row| serde_json::from_str(&row.json))
            .transpose()
            .map_err(data_error)?;
        let new: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(record).map_err(data_error)?).map_err(data_error)?;
        let stored: Option<Row<R>> = stored.map(StoredRow::decode).transpose()?;
        let changes = diff(old.as_ref(), &new);
        if changes.is_empty() && resolves.is_empty() {
            return Ok(Saved::Unchanged);
        }
        let base_revision = stored.as_ref().map_or(0, |row| row.record.meta().revision);
        let mut record = record.clone();
        *record.meta_mut() = record.meta().touched(at, by);
        // A standing given with the save wins; otherwise the stored one stays,
        // and so do the record's open conflicts until the server settles them.
        let (stored_standing, conflicts) = stored.map(|row| (row.standing, row.conflicts)).unwrap_or_default();
        let standing = standing.or_else(|| stored_standing.and_then(|key| super::rows::standing_from_key(&key)));
        let mut row = record.clone().into_row(standing);
        row.conflicts = conflicts;
        row.conflicts.retain(|conflict| !resolves.contains(&conflict.id));
        // The writes go out on the raw stores, without a listener each: a failed
        // one aborts the transaction, and the commit reports it.
        let raw_records: &web_sys::IdbObjectStore = records.as_sys();
        raw_records.put(&row.to_js()?).map_err(StoreError::from_js)?;

        let device = device.ok_or_else(|| StoreError::Data("no device row".to_owned()))?;
        let mut mutation = mutation_for(&record, &device, base_revision, changes, by, at);
        mutation.resolves = resolves.to_vec();
        let saved = Saved::Queued {
            mutation_id: mutation.mutation_id,
            seq: mutation.seq,
            fields_changed: mutation.changes.len(),
        };
        queue(&state, &transaction.object_store(OUTBOX)?, device, &mutation)?;
        transaction.commit().await?;
        Ok(saved)
    }

    /// Saves the province's copy of a rule set (its lower figures, recorded
    /// by a province officer) with its outbox entry, in one strict
    /// transaction, as `save` does for the other records: the rule set's id
    /// is its record's id, its base the server's revision last pulled.
    pub async fn save_rule_set(
        &self,
        rule_set: &domain::rules::RuleSet,
        by: OfficerId,
        at: Timestamp,
    ) -> Result<Saved, StoreError> {
        self.check_open()?;
        let record_id: Uuid = rule_set
            .id
            .as_str()
            .parse()
            .map_err(|_| StoreError::Data(format!("{} is not a record id", rule_set.id)))?;
        let transaction = self
            .database
            .transaction([RULE_SETS, OUTBOX, SYNC_STATE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()?;
        let rule_sets = transaction.object_store(RULE_SETS)?;
        let state = transaction.object_store(SYNC_STATE)?;
        let stored_request = rule_sets.get(rule_set.id.as_str()).serde()?;
        let device_request = state.get(DEVICE_KEY).serde()?;
        let stored: Option<RuleSetRow> = stored_request.await?;
        let device: Option<DeviceRow> = device_request.await?;
        let old = stored
            .as_ref()
            .map(|row| serde_json::to_value(&row.record))
            .transpose()
            .map_err(data_error)?;
        let new = serde_json::to_value(rule_set).map_err(data_error)?;
        let changes = diff(old.as_ref(), &new);
        if changes.is_empty() {
            return Ok(Saved::Unchanged);
        }
        let base_revision = stored.as_ref().map_or(0, |row| row.revision);
        let row = RuleSetRow {
            id: rule_set.id.to_string(),
            revision: base_revision,
            record: rule_set.clone(),
        };
        let raw_rule_sets: &web_sys::IdbObjectStore = rule_sets.as_sys();
        raw_rule_sets
            .put(&serde_wasm_bindgen::to_value(&row)?)
            .map_err(StoreError::from_js)?;
        let device = device.ok_or_else(|| StoreError::Data("no device row".to_owned()))?;
        let mutation = Mutation {
            mutation_id: Uuid::now_v7(),
            device_id: device.device_id,
            seq: device.next_seq,
            record_type: domain::sync::RecordType::RuleSet,
            record_id,
            base_revision,
            base_epoch: None,
            changes,
            officer_id: by,
            at,
            resolves: Vec::new(),
        };
        let saved = Saved::Queued {
            mutation_id: mutation.mutation_id,
            seq: mutation.seq,
            fields_changed: mutation.changes.len(),
        };
        queue(&state, &transaction.object_store(OUTBOX)?, device, &mutation)?;
        transaction.commit().await?;
        Ok(saved)
    }

    /// Saves many records the officer changed together (a bulk edit), each
    /// with its outbox entry, in one strict transaction: all or none.
    /// Unchanged records are skipped. Returns how many were queued.
    pub async fn save_all<R: SyncedRecord>(
        &self,
        records: &[R],
        by: OfficerId,
        at: Timestamp,
    ) -> Result<usize, StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction([R::STORE, OUTBOX, SYNC_STATE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()?;
        let store = transaction.object_store(R::STORE)?;
        let state = transaction.object_store(SYNC_STATE)?;
        let device_request = state.get(DEVICE_KEY).serde()?;
        let mut requests = Vec::with_capacity(records.len());
        for record in records {
            requests.push(store.get(record.id().to_string()).serde()?);
        }
        let device: Option<DeviceRow> = device_request.await?;
        let mut device = device.ok_or_else(|| StoreError::Data("no device row".to_owned()))?;
        let raw_records: &web_sys::IdbObjectStore = store.as_sys();
        let outbox = transaction.object_store(OUTBOX)?;
        let raw_outbox: &web_sys::IdbObjectStore = outbox.as_sys();
        let mut queued = 0;
        for (record, request) in records.iter().zip(requests) {
            let stored: Option<StoredRow> = request.await?;
            let old: Option<serde_json::Value> = stored
                .as_ref()
                .map(|row| serde_json::from_str(&row.json))
                .transpose()
                .map_err(data_error)?;
            let new = serde_json::to_value(record).map_err(data_error)?;
            let changes = diff(old.as_ref(), &new);
            if changes.is_empty() {
                continue;
            }
            let stored: Option<Row<R>> = stored.map(StoredRow::decode).transpose()?;
            let base_revision = stored.as_ref().map_or(0, |row| row.record.meta().revision);
            let (standing, conflicts) = stored.map(|row| (row.standing, row.conflicts)).unwrap_or_default();
            let mut record = record.clone();
            *record.meta_mut() = record.meta().touched(at, by);
            let mut row = record
                .clone()
                .into_row(standing.and_then(|key| super::rows::standing_from_key(&key)));
            row.conflicts = conflicts;
            raw_records.put(&row.to_js()?).map_err(StoreError::from_js)?;
            let mutation = mutation_for(&record, &device, base_revision, changes, by, at);
            raw_outbox
                .add(&serde_wasm_bindgen::to_value(&OutboxRow::pending(&mutation)?)?)
                .map_err(StoreError::from_js)?;
            device.next_seq += 1;
            queued += 1;
        }
        let raw_state: &web_sys::IdbObjectStore = state.as_sys();
        raw_state
            .put(&serde_wasm_bindgen::to_value(&device)?)
            .map_err(StoreError::from_js)?;
        transaction.commit().await?;
        Ok(queued)
    }

    /// Stores records as they are (from the server, or a first load), in one
    /// transaction with relaxed durability, with no outbox entries.
    pub async fn put_records<R: SyncedRecord>(&self, records: Vec<(R, Option<Standing>)>) -> Result<usize, StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction(R::STORE)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Relaxed))
            .build()?;
        let store = transaction.object_store(R::STORE)?;
        // Thousands of puts: issued on the raw store, without a listener per
        // request; a failed put aborts the transaction and the commit says so.
        let raw: &web_sys::IdbObjectStore = store.as_sys();
        let count = records.len();
        for (record, standing) in records {
            let row = record.into_row(standing).to_js()?;
            raw.put(&row).map_err(StoreError::from_js)?;
        }
        transaction.commit().await?;
        Ok(count)
    }

    /// Records a unit's standing (derived from its latest review), no outbox.
    pub async fn set_standing(&self, unit_id: Uuid, standing: Option<Standing>) -> Result<(), StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction(super::schema::UNITS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let units = transaction.object_store(super::schema::UNITS)?;
        let Some(stored): Option<StoredRow> = units.get(unit_id.to_string()).serde()?.await? else {
            return Ok(());
        };
        let row = StoredRow {
            standing: Some(
                standing
                    .map_or(super::rows::UNREVIEWED, super::rows::standing_key)
                    .to_owned(),
            ),
            ..stored
        };
        units.put(&row).serde()?;
        transaction.commit().await?;
        Ok(())
    }
}

/// The outbox entry for a change to `record`, next in the device's sequence.
/// Within a save's transaction: the device's sequence moves on and the
/// mutation's outbox entry is added — `add`, never `put`: an entry is never
/// overwritten, and a clash aborts the whole save.
fn queue(
    state: &indexed_db_futures::object_store::ObjectStore<'_>,
    outbox: &indexed_db_futures::object_store::ObjectStore<'_>,
    device: DeviceRow,
    mutation: &Mutation,
) -> Result<(), StoreError> {
    let raw_state: &web_sys::IdbObjectStore = state.as_sys();
    raw_state
        .put(&serde_wasm_bindgen::to_value(&DeviceRow {
            next_seq: device.next_seq + 1,
            ..device
        })?)
        .map_err(StoreError::from_js)?;
    let raw_outbox: &web_sys::IdbObjectStore = outbox.as_sys();
    raw_outbox
        .add(&serde_wasm_bindgen::to_value(&OutboxRow::pending(mutation)?)?)
        .map_err(StoreError::from_js)?;
    Ok(())
}

fn mutation_for<R: SyncedRecord>(
    record: &R,
    device: &DeviceRow,
    base_revision: u64,
    changes: Vec<domain::sync::FieldChange>,
    by: OfficerId,
    at: Timestamp,
) -> Mutation {
    Mutation {
        mutation_id: Uuid::now_v7(),
        device_id: device.device_id,
        seq: device.next_seq,
        record_type: record.record_type(),
        record_id: record.id(),
        base_revision,
        base_epoch: record.meta().epoch.clone(),
        changes,
        officer_id: by,
        at,
        resolves: Vec::new(),
    }
}

fn data_error(error: serde_json::Error) -> StoreError {
    StoreError::Data(error.to_string())
}
