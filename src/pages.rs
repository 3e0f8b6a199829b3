//! The pages of the app, one per route.

pub mod device;
pub mod home;
pub mod not_found;
pub mod sign_in;
