//! The outbox: every local change waiting to be sent, and the sent ones kept
//! for 30 days (a server restored from a backup asks for them again).

use super::Store;
use super::error::StoreError;
use super::schema::OUTBOX;
use domain::Timestamp;
use domain::sync::Mutation;
use indexed_db_futures::KeyRange;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long acknowledged entries are kept.
pub const KEEP_ACKNOWLEDGED_MS: i64 = 30 * 24 * 60 * 60 * 1000;

pub use sync_engine::{OutboxEntry, OutboxState, QueuedMutation};

/// An outbox entry as stored: keyed by [device, sequence], indexed by state,
/// record and mutation id.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct OutboxRow {
    device_id: String,
    seq: u64,
    mutation_id: String,
    record_id: String,
    state: String,
    detail: OutboxState,
    /// The mutation, as JSON text.
    json: String,
}

impl OutboxRow {
    pub(super) fn pending(mutation: &Mutation) -> Result<Self, StoreError> {
        Ok(Self {
            device_id: mutation.device_id.to_string(),
            seq: mutation.seq,
            mutation_id: mutation.mutation_id.to_string(),
            record_id: mutation.record_id.to_string(),
            state: "pending".to_owned(),
            detail: OutboxState::Pending,
            json: serde_json::to_string(mutation).map_err(|error| StoreError::Data(error.to_string()))?,
        })
    }

    pub(super) fn into_entry(self) -> Result<OutboxEntry, StoreError> {
        Ok(OutboxEntry {
            mutation: self.mutation()?,
            state: self.detail,
        })
    }

    pub(super) fn mutation(&self) -> Result<Mutation, StoreError> {
        serde_json::from_str(&self.json).map_err(|error| StoreError::Data(error.to_string()))
    }

    /// The id of the record the mutation changes.
    pub(super) fn record_id(&self) -> &str {
        &self.record_id
    }

    pub(super) fn is_pending(&self) -> bool {
        self.detail == OutboxState::Pending
    }
}

impl Store {
    /// How many changes wait to be sent.
    pub async fn pending_count(&self) -> Result<u32, StoreError> {
        let transaction = self.database.transaction(OUTBOX).build()?;
        let count = transaction
            .object_store(OUTBOX)?
            .index("by_state")?
            .count()
            .with_query("pending")
            .await?;
        Ok(count)
    }

    /// The entries in one state, in sequence order.
    pub async fn outbox(&self, state: &str) -> Result<Vec<OutboxEntry>, StoreError> {
        let transaction = self.database.transaction(OUTBOX).build()?;
        let rows = transaction
            .object_store(OUTBOX)?
            .index("by_state")?
            .get_all::<OutboxRow>()
            .with_query(state)
            .serde()?
            .await?;
        let mut entries: Vec<OutboxEntry> = rows
            .map(|row| row.map_err(StoreError::from).and_then(OutboxRow::into_entry))
            .collect::<Result<_, _>>()?;
        entries.sort_by_key(|entry| (entry.mutation.device_id, entry.mutation.seq));
        Ok(entries)
    }

    /// Every entry, pending, sent or refused, in sequence order.
    pub(super) async fn outbox_rows(&self) -> Result<Vec<OutboxRow>, StoreError> {
        let transaction = self.database.transaction(OUTBOX).build()?;
        let rows = transaction
            .object_store(OUTBOX)?
            .get_all::<OutboxRow>()
            .serde()?
            .await?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// This device's entries from sequence `from` on, at most `limit`, in
    /// sequence order, whatever their state: what push sends (the server
    /// expects `from` next; after a restore it asks again for ones it had).
    pub async fn outbox_from(&self, from: u64, limit: u32) -> Result<Vec<Mutation>, StoreError> {
        self.outbox_batch(from, limit)
            .await?
            .iter()
            .map(|queued| serde_json::from_str(&queued.json).map_err(|error| StoreError::Data(error.to_string())))
            .collect()
    }

    /// The same as [`Store::outbox_from`], each mutation as the JSON text it
    /// is stored as, ready to send without being decoded and encoded again.
    pub async fn outbox_batch(&self, from: u64, limit: u32) -> Result<Vec<QueuedMutation>, StoreError> {
        let device = self.device_id.to_string();
        let range = KeyRange::Bound((device.clone(), from as f64), false, (device, f64::MAX), false);
        let transaction = self.database.transaction(OUTBOX).build()?;
        let rows = transaction
            .object_store(OUTBOX)?
            .get_all::<OutboxRow>()
            .with_query::<(String, f64), _>(range)
            .with_limit(limit)
            .serde()?
            .await?;
        rows.map(|row| {
            let row = row?;
            Ok(QueuedMutation {
                seq: row.seq,
                json: row.json,
            })
        })
        .collect()
    }

    /// The officer's "sent" history: acknowledged entries, newest first.
    pub async fn sent_history(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut sent = self.outbox("acknowledged").await?;
        sent.reverse();
        Ok(sent)
    }

    /// Marks entries as acknowledged by the server, or refused with a reason.
    /// Relaxed durability is enough: an answer lost in a crash leaves the
    /// entries pending, they are sent again, and the server answers the
    /// replay as it answered the first time.
    pub async fn settle(&self, settled: &[(Uuid, OutboxState)]) -> Result<(), StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction(OUTBOX)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Relaxed))
            .build()?;
        let store = transaction.object_store(OUTBOX)?;
        let by_mutation = store.index("by_mutation")?;
        // Every read goes out at once (IndexedDB answers them in order); each
        // row comes back as the JavaScript object it is, gets its new state
        // set, and goes back without its mutation being decoded. The writes
        // go on the raw store without a listener each: a failed one aborts the
        // transaction and the commit says so.
        let mut requests = Vec::with_capacity(settled.len());
        for (mutation_id, state) in settled {
            requests.push((by_mutation.get(mutation_id.to_string()).primitive()?, state));
        }
        let raw: &web_sys::IdbObjectStore = store.as_sys();
        for (request, state) in requests {
            let row: Option<wasm_bindgen::JsValue> = request.await?;
            if let Some(row) = row.filter(|row| row.is_object()) {
                let detail = serde_wasm_bindgen::to_value(state)?;
                js_sys::Reflect::set(&row, &"state".into(), &state.name().into()).map_err(StoreError::from_js)?;
                js_sys::Reflect::set(&row, &"detail".into(), &detail).map_err(StoreError::from_js)?;
                raw.put(&row).map_err(StoreError::from_js)?;
            }
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Marks this device's entries, answered for by sequence, in one read of
    /// their range and a write each; an entry whose mutation id is not the
    /// one answered for is left as it is. Relaxed, as [`Store::settle`].
    pub async fn settle_sequence(&self, settled: &[(u64, Uuid, OutboxState)]) -> Result<(), StoreError> {
        self.check_open()?;
        let (Some(first), Some(last)) = (
            settled.iter().map(|(seq, ..)| *seq).min(),
            settled.iter().map(|(seq, ..)| *seq).max(),
        ) else {
            return Ok(());
        };
        let answers: std::collections::HashMap<u64, (&Uuid, &OutboxState)> =
            settled.iter().map(|(seq, id, state)| (*seq, (id, state))).collect();
        let transaction = self
            .database
            .transaction(OUTBOX)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Relaxed))
            .build()?;
        let store = transaction.object_store(OUTBOX)?;
        let raw: &web_sys::IdbObjectStore = store.as_sys();
        let device: wasm_bindgen::JsValue = self.device_id.to_string().into();
        let range = web_sys::IdbKeyRange::bound(
            &js_sys::Array::of2(&device, &(first as f64).into()),
            &js_sys::Array::of2(&device, &(last as f64).into()),
        )
        .map_err(StoreError::from_js)?;
        let request = raw.get_all_with_key(&range).map_err(StoreError::from_js)?;
        let rows: js_sys::Array = requested(&request).await?.into();
        for row in rows.iter() {
            let field = |name: &str| js_sys::Reflect::get(&row, &name.into()).ok();
            let seq = field("seq").and_then(|seq| seq.as_f64()).map(|seq| seq as u64);
            let mutation_id = field("mutation_id").and_then(|id| id.as_string());
            let Some((id, state)) = seq.and_then(|seq| answers.get(&seq)) else {
                continue;
            };
            if mutation_id.as_deref() != Some(id.to_string().as_str()) {
                continue;
            }
            let detail = serde_wasm_bindgen::to_value(*state)?;
            js_sys::Reflect::set(&row, &"state".into(), &state.name().into()).map_err(StoreError::from_js)?;
            js_sys::Reflect::set(&row, &"detail".into(), &detail).map_err(StoreError::from_js)?;
            raw.put(&row).map_err(StoreError::from_js)?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Deletes acknowledged entries older than 30 days; returns how many.
    pub async fn prune_acknowledged(&self, now: Timestamp) -> Result<usize, StoreError> {
        self.check_open()?;
        let old: Vec<OutboxEntry> = self
            .outbox("acknowledged")
            .await?
            .into_iter()
            .filter(
                |entry| matches!(entry.state, OutboxState::Acknowledged { at } if now.0 - at.0 > KEEP_ACKNOWLEDGED_MS),
            )
            .collect();
        let transaction = self
            .database
            .transaction(OUTBOX)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = transaction.object_store(OUTBOX)?;
        for entry in &old {
            let key = js_sys::Array::of2(
                &entry.mutation.device_id.to_string().into(),
                &(entry.mutation.seq as f64).into(),
            );
            store.delete(wasm_bindgen::JsValue::from(key)).primitive()?;
        }
        transaction.commit().await?;
        Ok(old.len())
    }
}

/// The result of a raw request, once it succeeds.
async fn requested(request: &web_sys::IdbRequest) -> Result<wasm_bindgen::JsValue, StoreError> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|_| {
        request.error().ok().flatten().map_or_else(
            || StoreError::Database("a read failed".to_owned()),
            |error| StoreError::from_dom_name(&error.name(), &error.message()),
        )
    })?;
    request.result().map_err(StoreError::from_js)
}
