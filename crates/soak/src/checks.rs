//! What must hold once every device is at rest: nothing waits to be sent;
//! every edit ever made was answered by the server as it is now (applied, a
//! conflict kept with both values, or refused with its reason), its record
//! on the server once; no value was overwritten without a conflict; each
//! device's view of its jurisdiction is the server's (a fresh device of the
//! same officer pulls it).

use crate::history::{ACCOUNTS, History, PROVINCE};
use domain::sync::Mutation;
use domain::sync::protocol::Outcome;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use sync_engine::{DeviceStore, MemoryStore, OutboxState};
use uuid::Uuid;

/// One edit the simulation made.
#[derive(Clone, Debug)]
pub struct Made {
    /// The device that made it (an index into the history's devices).
    pub device: usize,
    pub mutation: Mutation,
    /// Made outside the officer's jurisdiction: the server must refuse it.
    pub outside: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Lost,
    Doubled,
    Wrong,
}

/// A check that failed.
#[derive(Clone, Debug)]
pub struct Failure {
    pub kind: Kind,
    pub detail: String,
}

impl Failure {
    pub fn lost(detail: String) -> Self {
        Self {
            kind: Kind::Lost,
            detail,
        }
    }
    pub fn doubled(detail: String) -> Self {
        Self {
            kind: Kind::Doubled,
            detail,
        }
    }
    pub fn wrong(detail: String) -> Self {
        Self {
            kind: Kind::Wrong,
            detail,
        }
    }
}

/// The answered changes to one field of one record: (revision, whether the
/// field was taken, the mutation).
type Chain<'a> = Vec<(u64, bool, &'a Mutation)>;

/// The fields the simulation edits, whose history is followed.
const FOLLOWED: [&str; 3] = ["name", "attributes", "notes"];

/// The server's view of an officer's jurisdiction: a new device of theirs,
/// synced from nothing.
async fn fresh_view(history: &mut History, officer: usize) -> anyhow::Result<MemoryStore> {
    let device = history.new_device("kiểm tra", officer).await?;
    for _ in 0..5 {
        match sync_engine::sync_round::<_, _, crate::net::RoundError>(&device.store, &device.net).await {
            Ok(round) if round.pulled == 0 => return Ok(device.store),
            Ok(_) => {}
            Err(error) => anyhow::bail!("a fresh device of {} could not sync: {error:?}", ACCOUNTS[officer].0),
        }
    }
    Ok(device.store)
}

async fn refused_records(store: &MemoryStore) -> HashSet<Uuid> {
    store
        .outbox_entries()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|entry| matches!(entry.state, OutboxState::Refused { .. }))
        .map(|entry| entry.mutation.record_id)
        .collect()
}

/// How many records the devices keep with a change the server refused.
pub async fn kept_refused(history: &History) -> u64 {
    let mut count = 0;
    for device in &history.devices {
        let held = device.store.records();
        count += refused_records(&device.store)
            .await
            .iter()
            .filter(|id| held.contains_key(id))
            .count() as u64;
    }
    count
}

pub async fn run(history: &mut History) -> anyhow::Result<Vec<Failure>> {
    let mut failures = Vec::new();
    for device in &history.devices {
        let pending = device.store.pending_count().await.unwrap_or(u32::MAX);
        if pending > 0 {
            failures.push(Failure::lost(format!(
                "{} still holds {pending} unsent changes",
                device.name
            )));
        }
    }

    // Every edit answered, by the server as it is now.
    let mut answered: Vec<(Made, Outcome)> = Vec::new();
    {
        let tally = history.tally();
        for made in history.made() {
            let id = made.mutation.mutation_id;
            match tally.answers.get(&id) {
                None => failures.push(Failure::lost(format!(
                    "mutation {id} of {} was never answered",
                    history.devices[made.device].name
                ))),
                Some(answer) if !tally.holds(answer) => failures.push(Failure::lost(format!(
                    "mutation {id} of {} was answered in epoch {} by a server since restored, and never again",
                    history.devices[made.device].name, answer.epoch
                ))),
                Some(answer) => {
                    if made.outside && !matches!(answer.outcome, Outcome::Refused { .. }) {
                        failures.push(Failure::wrong(format!(
                            "mutation {id}, outside its officer's jurisdiction, was taken: {:?}",
                            answer.outcome
                        )));
                    }
                    answered.push((made.clone(), answer.outcome.clone()));
                }
            }
        }
    }

    let province = fresh_view(history, PROVINCE).await?;
    let server = province.records();

    // Each created record on the server once; the simulation's names once.
    for (made, outcome) in &answered {
        let creates =
            made.mutation.base_revision == 0 && made.mutation.changes.iter().all(|change| change.old.is_none());
        if creates && !matches!(outcome, Outcome::Refused { .. }) && !server.contains_key(&made.mutation.record_id) {
            failures.push(Failure::lost(format!(
                "record {} was taken ({outcome:?}) and is not on the server",
                made.mutation.record_id
            )));
        }
    }
    let mut names: HashMap<String, Vec<Uuid>> = HashMap::new();
    for (id, (_, body)) in &server {
        if let Some(name) = body.get("name").and_then(Value::as_str)
            && name.starts_with("Thôn Thử Nghiệm")
        {
            names.entry(name.to_owned()).or_default().push(*id);
        }
    }
    for (name, ids) in names.into_iter().filter(|(_, ids)| ids.len() > 1) {
        failures.push(Failure::doubled(format!(
            "{name} is on the server {} times: {ids:?}",
            ids.len()
        )));
    }

    // Each followed field: the server's value is the last one taken, each
    // taking was from the value the server held (or a conflict was kept).
    let mut chains: BTreeMap<(Uuid, &str), Chain<'_>> = BTreeMap::new();
    for (made, outcome) in &answered {
        let (revision, conflicted) = match outcome {
            Outcome::Applied { revision } => (*revision, Vec::new()),
            Outcome::Conflict { revision, fields } => (*revision, fields.clone()),
            Outcome::Refused { .. } => continue,
        };
        for change in &made.mutation.changes {
            if let Some(field) = FOLLOWED.iter().find(|field| **field == change.field) {
                let taken = !conflicted.contains(&change.field);
                chains
                    .entry((made.mutation.record_id, field))
                    .or_default()
                    .push((revision, taken, &made.mutation));
            }
        }
    }
    for ((record, field), mut chain) in chains {
        chain.sort_by_key(|(revision, ..)| *revision);
        let value_of = |mutation: &Mutation| {
            mutation
                .changes
                .iter()
                .find(|change| change.field == field)
                .map(|change| (change.old.clone(), change.new.clone()))
        };
        let mut current: Option<Option<Value>> = None;
        for (revision, taken, mutation) in &chain {
            let Some((old, new)) = value_of(mutation) else { continue };
            if *taken {
                if let Some(current) = &current
                    && *current != old
                    && *current != new
                {
                    failures.push(Failure::wrong(format!(
                        "{field} of {record}: mutation {} (revision {revision}) overwrote {current:?} without a conflict (it saw {old:?})",
                        mutation.mutation_id
                    )));
                }
                current = Some(new);
            }
        }
        let Some(body) = server.get(&record).map(|(_, body)| body) else {
            continue;
        };
        let held = body.get(field).cloned();
        match chain.last() {
            Some((_, true, _)) => {
                if let Some(current) = &current
                    && *current != held
                {
                    failures.push(Failure::lost(format!(
                        "{field} of {record}: the server holds {held:?}, the last change taken set {current:?}"
                    )));
                }
            }
            Some((_, false, mutation)) => {
                let (_, new) = value_of(mutation).unwrap_or_default();
                let kept = province
                    .conflicts_of(record)
                    .iter()
                    .any(|conflict| conflict.values.field == field && conflict.values.client == new);
                if !kept {
                    failures.push(Failure::lost(format!(
                        "{field} of {record}: mutation {} conflicted and its value {new:?} is not kept",
                        mutation.mutation_id
                    )));
                }
            }
            None => {}
        }
    }

    // Each device's view is its officer's jurisdiction on the server.
    let officers: Vec<usize> = {
        let mut officers: Vec<usize> = history.devices.iter().map(|device| device.officer).collect();
        officers.sort();
        officers.dedup();
        officers
    };
    for officer in officers {
        let view = fresh_view(history, officer).await?.records();
        for device in history.devices.iter().filter(|device| device.officer == officer) {
            let refused = refused_records(&device.store).await;
            let held = device.store.records();
            let mut differences = 0;
            let mut example = String::new();
            for id in held.keys().chain(view.keys()).collect::<HashSet<_>>() {
                if refused.contains(id) {
                    continue;
                }
                if held.get(id) != view.get(id) {
                    differences += 1;
                    if example.is_empty() {
                        let describe = |record: Option<&(domain::sync::RecordType, Value)>| match record {
                            None => "absent".to_owned(),
                            Some((kind, body)) => format!(
                                "{} {} revision {}",
                                kind.as_str(),
                                body.get("name").and_then(Value::as_str).unwrap_or(""),
                                body["meta"]["revision"]
                            ),
                        };
                        example = format!(
                            "{id}: on the device {}, on the server {}",
                            describe(held.get(id)),
                            describe(view.get(id))
                        );
                    }
                }
            }
            if differences > 0 {
                failures.push(Failure::wrong(format!(
                    "{} differs from the server in {differences} records (e.g. {example})",
                    device.name
                )));
            }
        }
    }
    Ok(failures)
}
