//! The pages of the app, one per route.

pub mod device;
pub mod home;
pub mod new_village;
pub mod not_found;
pub mod review_page;
pub mod sign_in;
pub mod unit_page;
