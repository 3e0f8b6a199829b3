//! The domain of Sắp xếp: administrative units and their hierarchy, the legal
//! standards they are measured against, merger proposals, and the types that
//! travel between the app and the server.
//!
//! This crate is pure: it does no I/O, knows no database, browser or clock, and
//! builds for both `wasm32-unknown-unknown` (the app, offline) and native (the
//! server). Everything here can be tested without a browser or a database.

pub mod official_code;
pub mod unit_kind;
pub mod unit_ref;
pub mod wire;

pub use official_code::{OfficialCode, OfficialCodeError};
pub use unit_kind::{UnitKind, UnitKindError, UnitLevel};
pub use unit_ref::{UnitRef, UnitRefError, reference_unit_id};
