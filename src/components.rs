//! Reusable pieces of the screens, one component per file.

pub mod app_header;
pub mod connection_status;
pub mod export_import;
pub mod officer_menu;
pub mod outbox_summary;
pub mod storage_status;
pub mod store_banner;
pub mod sync_indicator;
pub mod unit_list;
pub mod update_banner;
