//! The provincial server of Sắp xếp: the API the tablets sync to, the built
//! app, and the officers' accounts, on an embedded SQLite file or PostgreSQL.
//!
//! `startup` prepares a database (migrations, reference data, first
//! administrator); `http` is the only module that knows HTTP; `db` is the only
//! one that knows SQL.

pub mod accounts;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod first_administrator;
pub mod http;
pub mod password;
pub mod reference_data;
pub mod reports;
pub mod startup;
pub mod sync;
pub mod unit_views;
