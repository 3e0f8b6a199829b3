//! The device's side of sync, free of the browser: what a device store keeps
//! and does (`store`: the [`DeviceStore`] trait and the values it holds), what
//! carries the requests ([`Transport`]), one round of push then pull
//! (`engine`), an in-memory store that does what the app's IndexedDB store
//! does (`memory`), the page logic both share (`pages`), and the one test
//! suite every store passes (`suite`, run by [`store_suite!`]).
//!
//! The app runs the engine on IndexedDB and reqwest in the browser; the soak
//! simulation runs it natively, on the in-memory store, against the real
//! server. Nothing here reads a clock or a random source of its own.

pub mod engine;
pub mod memory;
pub mod pages;
pub mod store;
pub mod suite;
pub mod transport;

pub use engine::{PULL_PAGE, PUSH_BATCH, Round, Stuck, pull, push, sync_round};
pub use memory::{MemoryStore, MemoryStoreError};
pub use store::{AppliedPage, DeviceStore, OutboxEntry, OutboxState, QueuedMutation, Saved, SyncState};
pub use transport::Transport;
