//! The domain of Sắp xếp: administrative units and their hierarchy, the legal
//! standards they are measured against, merger proposals, and the types that
//! travel between the app and the server.
//!
//! This crate is pure: it does no I/O, reads no clock and makes no random
//! numbers (callers pass times and new ids in), knows no database, browser or
//! network, and builds for both `wasm32-unknown-unknown` (the app, offline)
//! and native (the server). Everything here can be tested without a browser or
//! a database.

pub mod account;
pub mod export;
pub mod format;
pub mod forms;
pub mod hierarchy;
pub mod import;
pub mod language;
pub mod measure;
pub mod officer;
pub mod official_code;
pub mod progress;
pub mod proposal;
pub mod reform;
pub mod review;
pub mod rules;
pub mod search;
pub mod spreadsheet;
pub mod suggestions;
pub mod sync;
pub mod sync_meta;
pub mod synthetic;
pub mod unit;
pub mod unit_kind;
pub mod unit_name;
pub mod unit_ref;
pub mod validation;
pub mod wire;

pub use chrono::{Datelike, NaiveDate, TimeDelta};
pub use hierarchy::Hierarchy;
pub use language::{Bilingual, Language};
pub use measure::Area;
pub use officer::{Officer, Role};
pub use official_code::{OfficialCode, OfficialCodeError};
pub use sync_meta::{OfficerId, SyncMeta, Timestamp};
pub use unit::{Lifecycle, Location, Unit, UnitAttributes};
pub use unit_kind::{UnitKind, UnitKindError, UnitLevel};
pub use unit_name::UnitName;
pub use unit_ref::{UnitRef, UnitRefError, reference_unit_id};
pub use validation::{Field, Problem, ValidationError};
