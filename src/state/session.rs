//! The signed-in officer, as the screens and sync see them: remembered in
//! localStorage between visits, kept (marked expired) when the server stops
//! accepting the token, so that the device still knows whose changes wait.

use crate::store::settings::{self, Session};
use leptos::prelude::*;

/// The session in context: `SessionState::expect()` in any component.
#[derive(Clone, Copy)]
pub struct SessionState {
    session: RwSignal<Option<Session>>,
    expired: RwSignal<bool>,
}

impl SessionState {
    /// Reads the remembered session and provides it to the components below.
    pub fn provide() -> SessionState {
        let state = SessionState {
            session: RwSignal::new(settings::session()),
            expired: RwSignal::new(false),
        };
        provide_context(state);
        state
    }

    pub fn expect() -> SessionState {
        expect_context::<SessionState>()
    }

    /// The session (tracked), expired or not.
    pub fn get(&self) -> Option<Session> {
        self.session.get()
    }

    /// The session, untracked: for tasks outside the reactive graph.
    pub fn current(&self) -> Option<Session> {
        self.session.get_untracked()
    }

    /// Whether the server stopped accepting the token (tracked).
    pub fn expired(&self) -> bool {
        self.expired.get()
    }

    /// Whether the token was refused, untracked.
    pub fn expired_untracked(&self) -> bool {
        self.expired.get_untracked()
    }

    pub fn signed_in(&self, session: Session) {
        settings::set_session(&session);
        self.expired.set(false);
        self.session.set(Some(session));
    }

    /// The server refused the token: sign-in is needed; the officer and their
    /// unsent changes stay.
    pub fn mark_expired(&self) {
        self.expired.set(true);
    }

    pub fn signed_out(&self) {
        settings::clear_session();
        self.expired.set(false);
        self.session.set(None);
    }
}
