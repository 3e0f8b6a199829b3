//! When sync rounds run: at start, when the network comes back, when the app
//! comes to the front, shortly after a local change, every five minutes, and
//! at once on "Đồng bộ ngay". A failed round is retried with exponential
//! backoff and jitter, up to ten minutes apart. One tab at a time syncs (a
//! Web Lock shared by the app's tabs); the others hear of each round on a
//! BroadcastChannel and read the store again.

use super::browser::{self, Waker};
use super::client::SyncClient;
use super::engine::{Round, sync_round};
use super::error::SyncError;
use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use crate::state::sync_status::SyncStatus;
use crate::store::Store;
use leptos::ev;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The Web Lock every tab's sync takes.
pub const LOCK_NAME: &str = "sapxep-sync";
/// The BroadcastChannel on which a tab says it synced.
pub const CHANNEL_NAME: &str = "sapxep-sync";
/// Between rounds when all is well.
pub const PERIOD_MS: u32 = 5 * 60 * 1000;
/// The first retry after a failure; doubled each time.
pub const FIRST_RETRY_MS: u32 = 5_000;
/// The longest wait between retries.
pub const MAX_RETRY_MS: u32 = 10 * 60 * 1000;
/// How long after a local change the round starts (edits made together go together).
pub const AFTER_CHANGE_MS: u64 = 2_000;

/// The wait before retry number `failures` (1, 2, …): doubling from five
/// seconds, capped at ten minutes, spread by ±50 % so that devices that
/// failed together do not retry together.
pub fn retry_delay(failures: u32, random: f64) -> u32 {
    let base = FIRST_RETRY_MS as f64 * 2f64.powi(failures.saturating_sub(1).min(16) as i32);
    let capped = base.min(MAX_RETRY_MS as f64);
    (capped * (0.5 + random.clamp(0.0, 1.0))).min(MAX_RETRY_MS as f64) as u32
}

/// Starts the scheduler for the app's lifetime.
pub fn start(store: DeviceStore, session: SessionState, status: SyncStatus) {
    let waker = status.waker();
    let channel = web_sys::BroadcastChannel::new(CHANNEL_NAME).ok();
    // Set while this tab itself refreshes the screens after a round, so that
    // the refresh is not taken for a local change.
    let own_refresh = Rc::new(Cell::new(false));

    let wake_online = waker.clone();
    // (The status itself follows the network: `SyncStatus::provide`.)
    window_event_listener(ev::online, move |_| wake_online.wake());
    let wake_visible = waker.clone();
    window_event_listener(ev::visibilitychange, move |_| {
        let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
        if visible {
            wake_visible.wake();
        }
    });
    if let Some(channel) = &channel {
        // Another tab synced or saved: read the store again (not a change of this tab's own).
        let heard = own_refresh.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_event: web_sys::MessageEvent| {
            heard.set(true);
            store.changed();
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
    }

    // A local change (a save, an import): counts now, the other tabs told, a
    // round shortly after.
    let refresh_flag = own_refresh.clone();
    let wake_after_change = waker.clone();
    let tell_tabs = channel.clone();
    Effect::new(move |previous: Option<u64>| {
        let changes = store.changes();
        if let Some(open) = store.get() {
            leptos::task::spawn_local(refresh_counts(open, status));
        }
        if previous.is_some_and(|previous| previous != changes) && !refresh_flag.get() {
            let wake = wake_after_change.clone();
            set_timeout(move || wake.wake(), Duration::from_millis(AFTER_CHANGE_MS));
            if let Some(channel) = &tell_tabs {
                let _ = channel.post_message(&"changed".into());
            }
        }
        refresh_flag.set(false);
        changes
    });

    leptos::task::spawn_local(run(store, session, status, waker, channel, own_refresh));
}

async fn run(
    store: DeviceStore,
    session: SessionState,
    status: SyncStatus,
    waker: Waker,
    channel: Option<web_sys::BroadcastChannel>,
    own_refresh: Rc<Cell<bool>>,
) {
    let mut failures = 0u32;
    loop {
        let Some(open) = store.get_untracked() else {
            browser::sleep(200).await;
            continue;
        };
        let signed = session.current().filter(|_| !session.expired_untracked());
        let delay = match signed {
            Some(signed) if browser::online() => {
                status.update(|view| view.running = true);
                let outcome = round_in_one_tab(&open, signed.token, signed.officer_id).await;
                status.update(|view| view.running = false);
                match outcome {
                    // Another tab is syncing; it tells this one when done.
                    None => PERIOD_MS,
                    Some(Ok(round)) => {
                        failures = 0;
                        status.update(|view| {
                            view.problem = None;
                            view.server_unreachable = false;
                            view.jurisdiction_change_waiting = round.jurisdiction_change_waiting;
                        });
                        for unit in &round.reviewed_units {
                            // A review from the server: the badge follows the rules again.
                            let _ = open.derive_standing(*unit).await;
                        }
                        for commune in &round.changed_communes {
                            // A commune's facts changed (its border flag): so may its villages' standings.
                            let _ = open.derive_standings_under(*commune).await;
                        }
                        if round.rule_sets_changed {
                            // The province's figures changed: the villages they measure follow.
                            let _ = open.derive_border_standings().await;
                        }
                        if round_changed_anything(&round) {
                            own_refresh.set(true);
                            store.changed();
                            if let Some(channel) = &channel {
                                let _ = channel.post_message(&"synced".into());
                            }
                        }
                        PERIOD_MS
                    }
                    Some(Err(error)) => {
                        if error == SyncError::SignInNeeded {
                            session.mark_expired();
                        }
                        let unreachable = matches!(error, SyncError::Unreachable(_));
                        status.update(|view| {
                            view.server_unreachable = unreachable;
                            // Unreachable is offline, shown as such, not as an error.
                            view.problem = (!unreachable).then(|| error.message(crate::i18n::current()));
                        });
                        if error.is_transient() {
                            failures += 1;
                            retry_delay(failures, js_sys::Math::random())
                        } else {
                            MAX_RETRY_MS
                        }
                    }
                }
            }
            _ => PERIOD_MS,
        };
        refresh_counts(open, status).await;
        waker.sleep(delay).await;
    }
}

/// One round under the tabs' shared lock; `None` when another tab holds it.
async fn round_in_one_tab(store: &Store, token: String, officer: uuid::Uuid) -> Option<Result<Round, SyncError>> {
    let client = SyncClient::for_this_origin(token).map(|client| client.for_officer(officer));
    let outcome: Rc<RefCell<Option<Result<Round, SyncError>>>> = Rc::default();
    let slot = outcome.clone();
    let store = store.clone();
    let ran = browser::run_exclusively(LOCK_NAME, async move {
        let result = match client {
            Ok(client) => sync_round(&store, &client).await,
            Err(error) => Err(error),
        };
        *slot.borrow_mut() = Some(result);
    })
    .await;
    if !ran {
        return None;
    }
    outcome.borrow_mut().take()
}

fn round_changed_anything(round: &Round) -> bool {
    round.pulled > 0 || round.pushed > 0 || round.server_restored || round.dropped > 0
}

/// Reads what waits, what was refused, the conflicts and the last success.
async fn refresh_counts(store: Store, status: SyncStatus) {
    let Ok(state) = store.sync_state().await else {
        return;
    };
    let pending = store.pending_count().await.unwrap_or_default();
    let oldest = store
        .outbox_from(state.expected_seq.max(1), 1)
        .await
        .ok()
        .and_then(|first| first.first().map(|mutation| mutation.at));
    let refused = store
        .outbox("refused")
        .await
        .map(|entries| entries.len() as u32)
        .unwrap_or_default();
    let conflicts = store
        .open_conflicts()
        .await
        .map(|found| found.len() as u32)
        .unwrap_or_default();
    status.update(|view| {
        view.pending = pending;
        view.oldest_pending = if pending > 0 { oldest } else { None };
        view.refused = refused;
        view.conflicts = conflicts;
        view.last_success = state.last_success;
        view.online = browser::online();
    });
}
