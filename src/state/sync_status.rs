//! Where sync stands, for the header and the device page: running or not,
//! the last success, the last problem in Vietnamese, what waits. The
//! scheduler writes it; components read it.

use crate::sync::browser::Waker;
use domain::Timestamp;
use leptos::prelude::*;

/// How long changes may wait before the header says sync is stalled.
pub const STALLED_AFTER_MS: i64 = 60 * 60 * 1000;

/// What the officer is shown about sync.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncView {
    pub running: bool,
    /// The browser's view of the network (`navigator.onLine`).
    pub online: bool,
    /// Whether the last try reached the server: a failed request while the
    /// browser says it is online counts as offline too.
    pub server_unreachable: bool,
    pub last_success: Option<Timestamp>,
    /// The last round's problem, in Vietnamese; cleared by a success.
    pub problem: Option<String>,
    pub pending: u32,
    /// When the oldest change still waiting was made.
    pub oldest_pending: Option<Timestamp>,
    pub refused: u32,
    pub conflicts: u32,
    /// The jurisdiction changed while changes for the old one wait.
    pub jurisdiction_change_waiting: bool,
}

impl SyncView {
    /// Whether the device can sync now, as far as it knows.
    pub fn connected(&self) -> bool {
        self.online && !self.server_unreachable
    }

    /// Whether changes have waited more than an hour without a successful
    /// sync while the browser is online.
    pub fn stalled(&self, now: Timestamp) -> bool {
        let waited = self.oldest_pending.is_some_and(|at| now.0 - at.0 > STALLED_AFTER_MS);
        let no_recent_success = self.last_success.is_none_or(|at| now.0 - at.0 > STALLED_AFTER_MS);
        self.online && self.pending > 0 && waited && no_recent_success
    }
}

/// Sync's status in context, and the way to ask for a round.
#[derive(Clone, Copy)]
pub struct SyncStatus {
    view: RwSignal<SyncView>,
    waker: StoredValue<Waker, LocalStorage>,
}

impl SyncStatus {
    pub fn provide() -> SyncStatus {
        let status = SyncStatus {
            view: RwSignal::new(SyncView {
                online: crate::sync::browser::online(),
                ..SyncView::default()
            }),
            waker: StoredValue::new_local(Waker::default()),
        };
        // The browser's view of the network, as it changes.
        let went_online = window_event_listener(leptos::ev::online, move |_| {
            status.update(|view| {
                view.online = true;
                view.server_unreachable = false;
            });
        });
        let went_offline =
            window_event_listener(leptos::ev::offline, move |_| status.update(|view| view.online = false));
        on_cleanup(move || {
            went_online.remove();
            went_offline.remove();
        });
        provide_context(status);
        status
    }

    pub fn expect() -> SyncStatus {
        expect_context::<SyncStatus>()
    }

    /// The status (tracked).
    pub fn get(&self) -> SyncView {
        self.view.get()
    }

    pub fn update(&self, change: impl FnOnce(&mut SyncView)) {
        self.view.update(change);
    }

    /// Asks for a round now ("Đồng bộ ngay", a sign-in, the network back).
    pub fn sync_now(&self) {
        self.waker.with_value(Waker::wake);
    }

    /// The waker the scheduler sleeps on.
    pub fn waker(&self) -> Waker {
        self.waker.get_value()
    }
}
