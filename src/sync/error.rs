//! Why a sync round stopped, and what the officer reads then. Nothing on the
//! device is lost by any of these: the outbox stays until the server answers.

use crate::store::StoreError;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// No network, or the server is down.
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    /// The session expired or was revoked.
    #[error("the session is no longer valid")]
    SignInNeeded,
    /// The server answered with an error.
    #[error("the server answered {status} {code}: {message}")]
    Server { status: u16, code: String, message: String },
    /// The server's answer could not be read.
    #[error("the server's answer could not be read: {0}")]
    BadAnswer(String),
    /// The server, restored from a backup, asks for changes older than the
    /// ones this device still keeps.
    #[error("the server asks for change {expected}, and this device keeps only those from {oldest}")]
    CannotResend { expected: u64, oldest: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sync_engine::Stuck> for SyncError {
    fn from(stuck: sync_engine::Stuck) -> Self {
        match stuck {
            sync_engine::Stuck::CannotResend { expected, oldest } => SyncError::CannotResend { expected, oldest },
            sync_engine::Stuck::BadAnswer(what) => SyncError::BadAnswer(what),
        }
    }
}

impl SyncError {
    /// What the officer reads, in Vietnamese.
    pub fn vietnamese(&self) -> String {
        self.message(domain::Language::Vi)
    }

    /// What the officer reads, in `language`.
    pub fn message(&self, language: domain::Language) -> String {
        use crate::i18n::{text, text_with};
        match self {
            SyncError::Unreachable(_) => text(language, "sync_error.unreachable"),
            SyncError::SignInNeeded => text(language, "sync_error.sign_in"),
            SyncError::Server { status, code, .. } if *status >= 500 => {
                text_with(language, "sync_error.server_failed", &[("code", code)])
            }
            SyncError::Server { code, .. } => text_with(language, "sync_error.refused", &[("code", code)]),
            SyncError::BadAnswer(_) => text(language, "sync_error.bad_answer"),
            SyncError::CannotResend { expected, oldest } => text_with(
                language,
                "sync_error.cannot_resend",
                &[("expected", &expected.to_string()), ("oldest", &oldest.to_string())],
            ),
            SyncError::Store(error) => error.message(language),
        }
    }

    /// Whether trying again later may succeed without anyone doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable(_) => true,
            SyncError::Server { status, .. } => *status >= 500 || *status == 429,
            SyncError::Store(StoreError::Stale(_)) => true,
            _ => false,
        }
    }
}
