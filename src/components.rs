//! Reusable pieces of the screens, one component per file.

pub mod app_header;
pub mod connection_status;
pub mod unit_list;
