//! A device store in memory that does what the app's IndexedDB store does:
//! records with their open conflicts, an outbox keyed by sequence, the sync
//! state, each method one step that happens whole. The engine runs on it
//! natively (the soak simulation's devices); [`crate::suite`] holds it to the
//! same behaviour as the IndexedDB store. Ids and time come from the caller,
//! so that a seeded simulation replays exactly. Clones share the store (two
//! tabs of one device).

use crate::pages::{kept_despite_deletion, rebased_body};
use crate::store::{AppliedPage, DeviceStore, OutboxEntry, OutboxState, QueuedMutation, Saved, SyncState};
use domain::sync::protocol::{Conflict, PullResponse};
use domain::sync::{Mutation, RecordType, diff};
use domain::{OfficerId, SyncMeta, Timestamp, Unit, UnitLevel};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::rc::Rc;
use uuid::Uuid;

/// Why the in-memory store refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemoryStoreError {
    /// The page was asked for another cursor than the one held now.
    Stale(String),
    /// What was asked cannot be done (changes wait, a body is not a record).
    Data(String),
}

impl fmt::Display for MemoryStoreError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemoryStoreError::Stale(what) | MemoryStoreError::Data(what) => formatter.write_str(what),
        }
    }
}

impl std::error::Error for MemoryStoreError {}

/// One record as held.
#[derive(Clone, Debug)]
struct Held {
    record_type: RecordType,
    body: String,
    conflicts: Vec<Conflict>,
}

#[derive(Clone, Debug)]
struct Entry {
    mutation: Mutation,
    json: String,
    state: OutboxState,
}

#[derive(Default)]
struct Inner {
    records: BTreeMap<Uuid, Held>,
    outbox: BTreeMap<u64, Entry>,
    next_seq: u64,
    sync: SyncState,
}

type Ids = Box<dyn FnMut() -> Uuid>;
type Clock = Box<dyn Fn() -> Timestamp>;

/// The in-memory device store.
#[derive(Clone)]
pub struct MemoryStore {
    device_id: Uuid,
    inner: Rc<RefCell<Inner>>,
    ids: Rc<RefCell<Ids>>,
    clock: Rc<Clock>,
}

impl fmt::Debug for MemoryStore {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = self.inner.borrow();
        formatter
            .debug_struct("MemoryStore")
            .field("device_id", &self.device_id)
            .field("records", &inner.records.len())
            .field("outbox", &inner.outbox.len())
            .field("sync", &inner.sync)
            .finish()
    }
}

impl MemoryStore {
    /// An empty store for the device `device_id`, taking its mutation ids
    /// from `ids` and its time from `clock`.
    pub fn new(device_id: Uuid, ids: impl FnMut() -> Uuid + 'static, clock: impl Fn() -> Timestamp + 'static) -> Self {
        Self {
            device_id,
            inner: Rc::new(RefCell::new(Inner {
                next_seq: 1,
                ..Inner::default()
            })),
            ids: Rc::new(RefCell::new(Box::new(ids))),
            clock: Rc::new(Box::new(clock)),
        }
    }

    /// Every record held, by id, with its type and body.
    pub fn records(&self) -> BTreeMap<Uuid, (RecordType, Value)> {
        self.inner
            .borrow()
            .records
            .iter()
            .filter_map(|(id, held)| {
                serde_json::from_str(&held.body)
                    .ok()
                    .map(|body| (*id, (held.record_type, body)))
            })
            .collect()
    }

    /// The open conflicts held on a record.
    pub fn conflicts_of(&self, id: Uuid) -> Vec<Conflict> {
        self.inner
            .borrow()
            .records
            .get(&id)
            .map(|held| held.conflicts.clone())
            .unwrap_or_default()
    }

    /// An entry as another device's store would write it: for a simulation
    /// of a device that pushes under an id that is not its own.
    pub fn queued_as(&self, mutation: &Mutation) -> QueuedMutation {
        QueuedMutation {
            seq: mutation.seq,
            json: serde_json::to_string(mutation).unwrap_or_default(),
        }
    }

    fn pending(inner: &Inner) -> HashMap<Uuid, Vec<Mutation>> {
        let mut pending: HashMap<Uuid, Vec<Mutation>> = HashMap::new();
        for entry in inner
            .outbox
            .values()
            .filter(|entry| entry.state == OutboxState::Pending)
        {
            pending
                .entry(entry.mutation.record_id)
                .or_default()
                .push(entry.mutation.clone());
        }
        pending
    }
}

fn data(error: impl fmt::Display) -> MemoryStoreError {
    MemoryStoreError::Data(error.to_string())
}

impl DeviceStore for MemoryStore {
    type Error = MemoryStoreError;

    fn device_id(&self) -> Uuid {
        self.device_id
    }

    fn now(&self) -> Timestamp {
        (self.clock)()
    }

    async fn save_body(
        &self,
        record_type: RecordType,
        body: &Value,
        by: OfficerId,
        at: Timestamp,
    ) -> Result<Saved, Self::Error> {
        let id: Uuid = body
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| data("a record needs an id"))?;
        if !body.is_object() {
            return Err(data("a record is a JSON object"));
        }
        let mutation_id = (self.ids.borrow_mut())();
        let mut inner = self.inner.borrow_mut();
        let stored: Option<Value> = inner
            .records
            .get(&id)
            .map(|held| serde_json::from_str(&held.body))
            .transpose()
            .map_err(data)?;
        let changes = diff(stored.as_ref(), body);
        if changes.is_empty() {
            return Ok(Saved::Unchanged);
        }
        let stored_meta: Option<SyncMeta> = stored
            .as_ref()
            .and_then(|stored| stored.get("meta"))
            .and_then(|meta| serde_json::from_value(meta.clone()).ok());
        let meta = stored_meta
            .as_ref()
            .map_or_else(|| SyncMeta::created(at, by), |meta| meta.touched(at, by));
        let mut kept = body.clone();
        if let Some(fields) = kept.as_object_mut() {
            fields.insert("meta".to_owned(), serde_json::to_value(&meta).map_err(data)?);
        }
        let seq = inner.next_seq;
        let mutation = Mutation {
            mutation_id,
            device_id: self.device_id,
            seq,
            record_type,
            record_id: id,
            base_revision: meta.revision,
            base_epoch: meta.epoch.clone(),
            changes,
            officer_id: by,
            at,
            resolves: Vec::new(),
        };
        let json = serde_json::to_string(&mutation).map_err(data)?;
        let fields_changed = mutation.changes.len();
        let conflicts = inner
            .records
            .get(&id)
            .map(|held| held.conflicts.clone())
            .unwrap_or_default();
        inner.records.insert(
            id,
            Held {
                record_type,
                body: kept.to_string(),
                conflicts,
            },
        );
        inner.outbox.insert(
            seq,
            Entry {
                mutation,
                json,
                state: OutboxState::Pending,
            },
        );
        inner.next_seq += 1;
        Ok(Saved::Queued {
            mutation_id,
            seq,
            fields_changed,
        })
    }

    async fn record_body(&self, record_type: RecordType, id: Uuid) -> Result<Option<Value>, Self::Error> {
        let inner = self.inner.borrow();
        inner
            .records
            .get(&id)
            .filter(|held| same_store(held.record_type, record_type))
            .map(|held| serde_json::from_str(&held.body).map_err(data))
            .transpose()
    }

    async fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, Self::Error> {
        Ok(self
            .inner
            .borrow()
            .outbox
            .values()
            .map(|entry| OutboxEntry {
                mutation: entry.mutation.clone(),
                state: entry.state.clone(),
            })
            .collect())
    }

    async fn sync_state(&self) -> Result<SyncState, Self::Error> {
        Ok(self.inner.borrow().sync.clone())
    }

    async fn update_sync_state(&self, change: impl FnOnce(&mut SyncState)) -> Result<SyncState, Self::Error> {
        let mut inner = self.inner.borrow_mut();
        change(&mut inner.sync);
        Ok(inner.sync.clone())
    }

    async fn outbox_batch(&self, from: u64, limit: u32) -> Result<Vec<QueuedMutation>, Self::Error> {
        Ok(self
            .inner
            .borrow()
            .outbox
            .range(from..)
            .take(limit as usize)
            .map(|(seq, entry)| QueuedMutation {
                seq: *seq,
                json: entry.json.clone(),
            })
            .collect())
    }

    async fn settle_sequence(&self, settled: &[(u64, Uuid, OutboxState)]) -> Result<(), Self::Error> {
        let mut inner = self.inner.borrow_mut();
        for (seq, mutation_id, state) in settled {
            if let Some(entry) = inner.outbox.get_mut(seq)
                && entry.mutation.mutation_id == *mutation_id
            {
                entry.state = state.clone();
            }
        }
        Ok(())
    }

    async fn pending_count(&self) -> Result<u32, Self::Error> {
        let inner = self.inner.borrow();
        let pending = inner
            .outbox
            .values()
            .filter(|entry| entry.state == OutboxState::Pending)
            .count();
        Ok(pending as u32)
    }

    async fn holds_no_units(&self) -> Result<bool, Self::Error> {
        Ok(!self
            .inner
            .borrow()
            .records
            .values()
            .any(|held| held.record_type == RecordType::Unit))
    }

    async fn apply_pulled_page(
        &self,
        since: u64,
        page: &PullResponse,
        _filling: bool,
    ) -> Result<AppliedPage, Self::Error> {
        let mut inner = self.inner.borrow_mut();
        if inner.sync.cursor != since {
            return Err(MemoryStoreError::Stale(format!(
                "the pull cursor moved from {since} to {}; the page is dropped",
                inner.sync.cursor
            )));
        }
        let mut pending = Self::pending(&inner);
        for mutations in pending.values_mut() {
            mutations.sort_by_key(|mutation| mutation.seq);
        }
        // Written to a copy and swapped in at the end: the page is whole or not at all.
        let mut records = inner.records.clone();
        let mut applied = AppliedPage::default();
        for record in &page.records {
            let local = pending.get(&record.id).map(Vec::as_slice).unwrap_or_default();
            if !local.is_empty() {
                applied.rebased += 1;
            }
            if kept_despite_deletion(record, local) {
                applied.records += 1;
                continue;
            }
            match rebased_body(record, local) {
                None => {
                    records.remove(&record.id);
                }
                Some(body) => {
                    let readable = match record.record_type {
                        RecordType::Unit => match serde_json::from_str::<Unit>(&body) {
                            Ok(unit) => {
                                if unit.level() == UnitLevel::Commune {
                                    applied.changed_communes.insert(record.id);
                                }
                                true
                            }
                            Err(_) => false,
                        },
                        RecordType::VillageReview | RecordType::CommuneReview => {
                            match serde_json::from_str::<domain::review::ReviewRecord>(&body) {
                                Ok(review) => {
                                    applied.reviewed_units.insert(review.unit_id());
                                    true
                                }
                                Err(_) => false,
                            }
                        }
                        RecordType::Proposal => serde_json::from_str::<domain::proposal::Proposal>(&body).is_ok(),
                        RecordType::RuleSet => {
                            applied.rule_sets_changed = true;
                            serde_json::from_str::<domain::rules::RuleSet>(&body).is_ok()
                        }
                        RecordType::TargetReport => {
                            serde_json::from_str::<domain::progress::TargetReport>(&body).is_ok()
                        }
                    };
                    if !readable {
                        applied.unreadable.push(record.id);
                        continue;
                    }
                    records.insert(
                        record.id,
                        Held {
                            record_type: record.record_type,
                            body,
                            conflicts: record.conflicts.clone(),
                        },
                    );
                }
            }
            applied.records += 1;
        }
        inner.records = records;
        inner.sync.cursor = page.next_cursor.max(since);
        inner.sync.epoch = Some(page.epoch.clone());
        inner.sync.jurisdiction = Some(page.jurisdiction);
        Ok(applied)
    }

    async fn drop_records_not_in(&self, seen: &HashSet<String>) -> Result<usize, Self::Error> {
        let mut inner = self.inner.borrow_mut();
        let pending: HashSet<Uuid> = Self::pending(&inner).into_keys().collect();
        let before = inner.records.len();
        inner
            .records
            .retain(|id, _| seen.contains(&id.to_string()) || pending.contains(id));
        Ok(before - inner.records.len())
    }

    async fn clear_pulled_records(&self) -> Result<(), Self::Error> {
        let mut inner = self.inner.borrow_mut();
        let pending = Self::pending(&inner).values().map(Vec::len).sum::<usize>();
        if pending > 0 {
            return Err(data(format!("{pending} changes wait to be sent")));
        }
        // As on IndexedDB: units, reviews and proposals go; rule sets and the
        // agencies' reports stay
        // (they are the province's, the same in every jurisdiction).
        inner
            .records
            .retain(|_, held| matches!(held.record_type, RecordType::RuleSet | RecordType::TargetReport));
        inner.sync.cursor = 0;
        inner.sync.jurisdiction = None;
        Ok(())
    }
}

/// Whether two record types are kept in one store (both reviews are).
fn same_store(held: RecordType, asked: RecordType) -> bool {
    let review = |kind| matches!(kind, RecordType::VillageReview | RecordType::CommuneReview);
    held == asked || (review(held) && review(asked))
}
