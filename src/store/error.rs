//! What can go wrong with the device store, and what the officer reads then.

use indexed_db_futures::error::{DomException, Error as IdbError};
use wasm_bindgen::{JsCast, JsValue};

/// A failure of the device store. Nothing is half-written when one happens:
/// every write is one transaction.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("this browser offers no IndexedDB (a private window?)")]
    Unavailable,
    #[error("the data on this device was written by a newer version of the app")]
    NewerSchema,
    #[error("another tab upgraded the app; this one must reload")]
    ReloadNeeded,
    #[error("the device is out of storage space")]
    QuotaExceeded,
    #[error("a record with this key already exists: {0}")]
    Duplicate(String),
    /// Another tab or sync changed what this write was based on: nothing was
    /// written, and the write can be tried again.
    #[error("the data changed meanwhile: {0}")]
    Stale(String),
    #[error("stored data cannot be read: {0}")]
    Data(String),
    #[error("the database failed: {0}")]
    Database(String),
}

impl StoreError {
    /// What the officer reads, in Vietnamese.
    pub fn vietnamese(&self) -> String {
        self.message(domain::Language::Vi)
    }

    /// What the officer reads, in `language`.
    pub fn message(&self, language: domain::Language) -> String {
        let key = match self {
            StoreError::Unavailable => "store.unavailable",
            StoreError::NewerSchema => "store.newer_schema",
            StoreError::ReloadNeeded => "store.reload_needed",
            StoreError::QuotaExceeded => "store.quota_exceeded",
            StoreError::Stale(_) => "store.stale",
            StoreError::Duplicate(_) => "store.duplicate",
            StoreError::Data(_) | StoreError::Database(_) => "store.failed",
        };
        crate::i18n::text(language, key)
    }

    /// From a raw JavaScript error (a `DOMException`, usually).
    pub fn from_js(error: JsValue) -> Self {
        match error.dyn_ref::<web_sys::DomException>() {
            Some(exception) => Self::from_dom_name(&exception.name(), &exception.message()),
            None => StoreError::Database(format!("{error:?}")),
        }
    }

    /// From the error that made opening the database fail.
    pub(super) fn from_open_error(error: &JsValue) -> Self {
        Self::from_js(error.clone())
    }

    pub(super) fn from_dom_name(name: &str, message: &str) -> Self {
        match name {
            "VersionError" => StoreError::NewerSchema,
            "QuotaExceededError" => StoreError::QuotaExceeded,
            "ConstraintError" => StoreError::Duplicate(message.to_owned()),
            "InvalidStateError" if message.contains("closing") || message.contains("closed") => {
                StoreError::ReloadNeeded
            }
            _ => StoreError::Database(format!("{name}: {message}")),
        }
    }
}

impl From<IdbError> for StoreError {
    fn from(error: IdbError) -> Self {
        match &error {
            IdbError::DomException(exception) => {
                let raw: &web_sys::DomException = match exception {
                    DomException::InvalidStateError(raw)
                    | DomException::TransactionInactiveError(raw)
                    | DomException::NotFoundError(raw)
                    | DomException::ConstraintError(raw)
                    | DomException::InvalidAccessError(raw)
                    | DomException::DataError(raw)
                    | DomException::AbortError(raw)
                    | DomException::ReadOnlyError(raw)
                    | DomException::DataCloneError(raw)
                    | DomException::SyntaxError(raw)
                    | DomException::Other(raw) => raw,
                    #[allow(unreachable_patterns)]
                    _ => return StoreError::Database(error.to_string()),
                };
                Self::from_dom_name(&raw.name(), &raw.message())
            }
            IdbError::Serialisation(_) | IdbError::MissingData(_) => StoreError::Data(error.to_string()),
            _ => StoreError::Database(error.to_string()),
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(error: indexed_db_futures::error::OpenDbError) -> Self {
        match error {
            indexed_db_futures::error::OpenDbError::Base(base) => base.into(),
            other => StoreError::Database(other.to_string()),
        }
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        StoreError::Data(error.to_string())
    }
}
