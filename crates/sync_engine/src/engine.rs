//! One sync round: push the outbox in batches, in sequence order, until the
//! server has all of it; then pull pages of the server's changes until none
//! wait. Every step is written to the store before the next: a round cut off
//! anywhere (tab closed, network gone, process killed) leaves nothing
//! half-done, and the next round carries on where it stopped.
//!
//! Generic over the store and the transport: the app runs it on IndexedDB in
//! the browser, the soak simulation natively on [`crate::MemoryStore`].

use crate::store::{DeviceStore, OutboxState};
use crate::transport::Transport;
use domain::sync::protocol::{Outcome, PullResponse, PushResponse};
use futures::future::join;
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;

/// Mutations per push.
pub const PUSH_BATCH: u32 = 1000;
/// Records per pull page.
pub const PULL_PAGE: u32 = 2000;

/// A round that cannot go on by itself: the server's answers make no sense,
/// or it asks for changes the device no longer keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stuck {
    /// The server, restored from a backup, asks for changes older than the
    /// ones this device still keeps.
    CannotResend { expected: u64, oldest: u64 },
    /// The server keeps asking for the same change.
    BadAnswer(String),
}

/// What one round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub pushed: usize,
    pub acknowledged: usize,
    pub conflicts: usize,
    pub refused: usize,
    pub pulled: usize,
    pub pull_pages: usize,
    /// Units whose reviews came from the server: their standing is derived again.
    pub reviewed_units: BTreeSet<Uuid>,
    /// Commune-level units that came from the server: their villages'
    /// standings are derived again.
    pub changed_communes: BTreeSet<Uuid>,
    /// A rule set came from the server (the province's figures): the
    /// standings in border communes are derived again.
    pub rule_sets_changed: bool,
    /// Records dropped after a restore: the server no longer has them.
    pub dropped: usize,
    /// Records the server sent that this version of the app cannot read.
    pub unreadable: usize,
    /// The server was restored from a backup since the last round.
    pub server_restored: bool,
    /// The officer's jurisdiction changed and the device still holds changes
    /// for the old one: nothing was pulled, the changes wait to be sent.
    pub jurisdiction_change_waiting: bool,
}

/// Runs one round: push, then pull.
pub async fn sync_round<S, T, E>(store: &S, client: &T) -> Result<Round, E>
where
    S: DeviceStore,
    T: Transport,
    E: From<S::Error> + From<T::Error> + From<Stuck>,
{
    let mut round = Round::default();
    push_all::<S, T, E>(store, client, &mut round).await?;
    pull_all::<S, T, E>(store, client, &mut round).await?;
    let now = store.now();
    store.update_sync_state(|state| state.last_success = Some(now)).await?;
    Ok(round)
}

/// The push half of a round: the outbox sent until the server has all of it.
pub async fn push<S, T, E>(store: &S, client: &T) -> Result<Round, E>
where
    S: DeviceStore,
    T: Transport,
    E: From<S::Error> + From<T::Error> + From<Stuck>,
{
    let mut round = Round::default();
    push_all::<S, T, E>(store, client, &mut round).await?;
    Ok(round)
}

/// The pull half of a round: pages applied until none wait.
pub async fn pull<S, T, E>(store: &S, client: &T) -> Result<Round, E>
where
    S: DeviceStore,
    T: Transport,
    E: From<S::Error> + From<T::Error> + From<Stuck>,
{
    let mut round = Round::default();
    pull_all::<S, T, E>(store, client, &mut round).await?;
    Ok(round)
}

/// Pushes from the sequence the server expects until nothing is left. While
/// a batch travels, the answer to the one before is written down and the next
/// one is read: the device's work hides behind the network's.
async fn push_all<S, T, E>(store: &S, client: &T, round: &mut Round) -> Result<(), E>
where
    S: DeviceStore,
    T: Transport,
    E: From<S::Error> + From<T::Error> + From<Stuck>,
{
    let state = store.sync_state().await?;
    let known_epoch = state.epoch;
    let mut expected = state.expected_seq.max(1);
    let mut stuck = 0;
    let mut batch = store.outbox_batch(expected, PUSH_BATCH).await?;
    let mut unsettled: Option<PushResponse> = None;
    while let Some(first) = batch.first().map(|mutation| mutation.seq) {
        if first != expected {
            if let Some(previous) = unsettled.take() {
                record(store, &previous, round).await?;
            }
            return Err(E::from(Stuck::CannotResend {
                expected,
                oldest: first,
            }));
        }
        let last = batch.last().map_or(first, |mutation| mutation.seq);
        let previous = unsettled.take();
        let local = async {
            if let Some(previous) = &previous {
                record(store, previous, round).await?;
            }
            // Read ahead as if the server takes the whole batch (it usually does).
            Ok::<_, E>(store.outbox_batch(last + 1, PUSH_BATCH).await?)
        };
        let (response, following) = join(client.push_queued(store.device_id(), &batch), local).await;
        let following = following?;
        let response = response?;
        round.pushed += batch.len();
        let next = response.expected_seq.max(1);
        // The server either moved on, or asked for older ones after a restore;
        // a server that does neither twice in a row is not answering sensibly.
        let restored = known_epoch.as_deref().is_some_and(|known| known != response.epoch);
        if next <= expected && !restored {
            stuck += 1;
            if stuck > 1 {
                record(store, &response, round).await?;
                return Err(E::from(Stuck::BadAnswer(format!(
                    "the server keeps asking for change {next}"
                ))));
            }
        } else {
            stuck = 0;
        }
        batch = if next == last + 1 {
            following
        } else {
            // Not the batch read ahead: written down first, then read again from there.
            record(store, &response, round).await?;
            expected = next;
            batch = store.outbox_batch(expected, PUSH_BATCH).await?;
            continue;
        };
        expected = next;
        unsettled = Some(response);
    }
    if let Some(previous) = unsettled {
        record(store, &previous, round).await?;
    }
    Ok(())
}

/// Writes down what the server answered for a batch: each mutation's state,
/// the epoch, the sequence it expects next.
async fn record<S: DeviceStore>(store: &S, response: &PushResponse, round: &mut Round) -> Result<(), S::Error> {
    settle(store, response, round).await?;
    round.server_restored |= note_epoch(store, &response.epoch).await?;
    store
        .update_sync_state(|state| state.expected_seq = response.expected_seq)
        .await?;
    Ok(())
}

/// Marks what the server answered for each mutation.
async fn settle<S: DeviceStore>(store: &S, response: &PushResponse, round: &mut Round) -> Result<(), S::Error> {
    let at = store.now();
    let settled: Vec<(u64, Uuid, OutboxState)> = response
        .results
        .iter()
        .map(|result| {
            let state = match &result.outcome {
                Outcome::Applied { .. } => {
                    round.acknowledged += 1;
                    OutboxState::Acknowledged { at }
                }
                Outcome::Conflict { .. } => {
                    round.acknowledged += 1;
                    round.conflicts += 1;
                    OutboxState::Acknowledged { at }
                }
                Outcome::Refused { reason, .. } => {
                    round.refused += 1;
                    OutboxState::Refused { reason: reason.clone() }
                }
            };
            (result.seq, result.mutation_id, state)
        })
        .collect();
    store.settle_sequence(&settled).await
}

/// Records the server's epoch. When it changed, the server was restored from
/// a backup: the device pulls everything again (and the push loop resends
/// what the server asks for). Returns whether it changed.
async fn note_epoch<S: DeviceStore>(store: &S, epoch: &str) -> Result<bool, S::Error> {
    let known = store.sync_state().await?.epoch;
    if known.as_deref() == Some(epoch) {
        return Ok(false);
    }
    store
        .update_sync_state(|state| {
            state.epoch = Some(epoch.to_owned());
            state.cursor = 0;
            state.reconcile = known.is_some();
        })
        .await?;
    Ok(known.is_some())
}

/// Pulls pages until the server has no more.
async fn pull_all<S, T, E>(store: &S, client: &T, round: &mut Round) -> Result<(), E>
where
    S: DeviceStore,
    T: Transport,
    E: From<S::Error> + From<T::Error> + From<Stuck>,
{
    let mut restarted = false;
    // The next page, asked for while the one before was being written.
    let mut fetched: Option<(u64, PullResponse)> = None;
    let mut filling = store.holds_no_units().await?;
    // After a restore the whole jurisdiction is pulled again, in one round,
    // from the start; what the server did not send is then dropped.
    let mut seen: Option<HashSet<String>> = None;
    let state = store.sync_state().await?;
    if state.reconcile {
        store.update_sync_state(|state| state.cursor = 0).await?;
        seen = Some(HashSet::new());
    } else if state.jurisdiction.is_none() && !filling {
        // Records made here before any pull finished: the jurisdiction they
        // were made for is not known (the officer may have been moved since).
        // The first whole pull keeps those the server sends, and those with
        // changes still to send.
        seen = Some(HashSet::new());
    }
    loop {
        let state = store.sync_state().await?;
        let page = match fetched.take() {
            Some((since, page)) if since == state.cursor => page,
            _ => client.pull(state.cursor, PULL_PAGE).await?,
        };
        if state.epoch.as_deref() != Some(page.epoch.as_str()) && state.epoch.is_some() && !restarted {
            // Restored since the push: send what it lost, then pull from the start.
            restarted = true;
            round.server_restored = true;
            note_epoch(store, &page.epoch).await?;
            store.update_sync_state(|state| state.expected_seq = 0).await?;
            probe_and_resend::<S, T, E>(store, client, round).await?;
            seen = Some(HashSet::new());
            continue;
        }
        if state.jurisdiction.is_some_and(|held| held != page.jurisdiction) {
            if store.pending_count().await? > 0 {
                round.jurisdiction_change_waiting = true;
                return Ok(());
            }
            store.clear_pulled_records().await?;
            filling = store.holds_no_units().await?;
            continue;
        }
        let (applied, next) = if page.more {
            let (applied, next) = join(
                store.apply_pulled_page(state.cursor, &page, filling),
                client.pull(page.next_cursor, PULL_PAGE),
            )
            .await;
            (applied?, Some(next))
        } else {
            (store.apply_pulled_page(state.cursor, &page, filling).await?, None)
        };
        round.pulled += applied.records;
        round.pull_pages += 1;
        round.unreadable += applied.unreadable.len();
        round.reviewed_units.extend(applied.reviewed_units);
        round.changed_communes.extend(applied.changed_communes);
        round.rule_sets_changed |= applied.rule_sets_changed;
        if let Some(seen) = seen.as_mut() {
            seen.extend(
                page.records
                    .iter()
                    .filter(|record| !record.deleted)
                    .map(|record| record.id.to_string()),
            );
        }
        match next {
            None => {
                if let Some(seen) = seen.take() {
                    round.dropped += store.drop_records_not_in(&seen).await?;
                    store.update_sync_state(|state| state.reconcile = false).await?;
                }
                return Ok(());
            }
            Some(next) => fetched = Some((page.next_cursor, next?)),
        }
    }
}

/// After a restore: an empty push tells which sequence the server expects;
/// the outbox is sent again from there.
async fn probe_and_resend<S, T, E>(store: &S, client: &T, round: &mut Round) -> Result<(), E>
where
    S: DeviceStore,
    T: Transport,
    E: From<S::Error> + From<T::Error> + From<Stuck>,
{
    let response = client.push_queued(store.device_id(), &[]).await?;
    store
        .update_sync_state(|state| state.expected_seq = response.expected_seq)
        .await?;
    push_all::<S, T, E>(store, client, round).await
}
