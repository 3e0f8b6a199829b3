//! Sync: applying a device's pushed mutations (at most once each, in the
//! device's order, merged field by field, refused ones kept in quarantine)
//! and answering pulls with what the officer's jurisdiction may see.
//! Knows no HTTP and no SQL: the rules come from the domain, the statements
//! from `db::SyncTransaction`.

pub mod procedure;
pub mod pull;
pub mod push;
pub mod rules;
pub mod scope;
pub mod unit_edits;

pub use pull::pull;
pub use push::push;
