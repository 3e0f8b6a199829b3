//! Sync with the provincial server: the HTTP client (`client`), one round of
//! push then pull (`engine`), when rounds run (`scheduler`), and the browser
//! pieces they need (`browser`: gzip, Web Locks, timers). The store holds
//! everything durable; this module holds no data of its own between rounds.

pub mod browser;
pub mod client;
pub mod engine;
pub mod error;
pub mod scheduler;

pub use client::SyncClient;
pub use engine::{Round, sync_round};
pub use error::SyncError;
