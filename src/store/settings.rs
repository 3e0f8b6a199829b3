//! Small settings and the signed-in session, in localStorage (gloo-storage).
//! A missing or unreadable value reads as "not set", never as an error.

use domain::Language;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const LANGUAGE_KEY: &str = "sapxep.language";
const SESSION_KEY: &str = "sapxep.session";
const IMPORT_COLUMNS_KEY: &str = "sapxep.import.columns";

/// The signed-in officer as the device remembers them between visits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub officer_id: uuid::Uuid,
    pub username: String,
    pub display_name: String,
    pub role: domain::Role,
    pub jurisdiction: uuid::Uuid,
    pub expires_at: domain::Timestamp,
}

/// The language chosen, Vietnamese unless the officer chose English.
pub fn language() -> Language {
    LocalStorage::get(LANGUAGE_KEY).unwrap_or_default()
}

pub fn set_language(language: Language) {
    let _ = LocalStorage::set(LANGUAGE_KEY, language);
}

/// The remembered session, if any.
pub fn session() -> Option<Session> {
    LocalStorage::get(SESSION_KEY).ok()
}

pub fn set_session(session: &Session) {
    let _ = LocalStorage::set(SESSION_KEY, session);
}

pub fn clear_session() {
    LocalStorage::delete(SESSION_KEY);
}

/// The header the officer last mapped to each field of an import, so that
/// the same spreadsheet maps itself next time.
pub fn import_columns() -> std::collections::BTreeMap<domain::import::Column, String> {
    LocalStorage::get(IMPORT_COLUMNS_KEY).unwrap_or_default()
}

pub fn set_import_columns(columns: &std::collections::BTreeMap<domain::import::Column, String>) {
    let _ = LocalStorage::set(IMPORT_COLUMNS_KEY, columns);
}
