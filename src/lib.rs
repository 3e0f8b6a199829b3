//! Sắp xếp, the field app: a Leptos client-side app that runs in the officer's
//! browser, offline first.
//!
//! `pages/` holds one component per route, `components/` the pieces they are
//! made of, `api` the calls to the provincial server.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod conflict_resolution;
pub mod download;
pub mod i18n;
pub mod offline_shell;
pub mod pages;
pub mod proposal_data;
pub mod recording;
pub mod state;
pub mod store;
pub mod sync;

pub use app::App;

// The interface's words, Vietnamese first (`locales/app.yml`).
rust_i18n::i18n!("locales", fallback = "vi");
