//! Reusable pieces of the screens, one component per file.

pub mod app_header;
pub mod bar_chart;
pub mod border_commune;
pub mod common_review_fields;
pub mod commune_review_fields;
pub mod connection_status;
pub mod export_import;
pub mod flash_message;
pub mod form_field;
pub mod form_state;
pub mod language_switch;
pub mod location_field;
pub mod officer_menu;
pub mod outbox_summary;
pub mod progress_report_print;
pub mod proposal_status;
pub mod review_inputs;
pub mod standing_badge;
pub mod storage_status;
pub mod store_banner;
pub mod sync_indicator;
pub mod unit_children;
pub mod unit_list;
pub mod unit_view;
pub mod update_banner;
pub mod village_review_fields;
