//! The pages of the app, one per route.

pub mod accounts;
pub mod awaiting_assignment;
pub mod conflicts;
pub mod dashboard;
pub mod device;
pub mod edit_proposal;
pub mod edit_village;
pub mod home;
pub mod import_villages;
pub mod new_proposal;
pub mod new_village;
pub mod not_found;
pub mod proposal_page;
pub mod proposal_wizard;
pub mod proposals;
pub mod province_figures;
pub mod review_page;
pub mod sign_in;
pub mod target_report;
pub mod unit_page;
