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
    pub online: bool,
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
    /// Whether changes have waited more than an hour without a successful sync.
    pub fn stalled(&self, now: Timestamp) -> bool {
        let waited = self.oldest_pending.is_some_and(|at| now.0 - at.0 > STALLED_AFTER_MS);
        let no_recent_success = self.last_success.is_none_or(|at| now.0 - at.0 > STALLED_AFTER_MS);
        self.pending > 0 && waited && no_recent_success
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
