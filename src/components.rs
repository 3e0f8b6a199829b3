//! Reusable pieces of the screens, one component per file.

pub mod app_header;
pub mod connection_status;
pub mod export_import;
pub mod outbox_summary;
pub mod storage_status;
pub mod store_banner;
pub mod unit_list;
