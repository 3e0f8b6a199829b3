//! The shared store suite on the in-memory store (the same suite runs on
//! IndexedDB in Chromium: the app's `tests/store_suite.rs`).
#![cfg(not(target_arch = "wasm32"))]

use domain::Timestamp;
use std::cell::Cell;
use sync_engine::MemoryStore;
use uuid::Uuid;

async fn fresh() -> MemoryStore {
    let next = Cell::new(0u128);
    MemoryStore::new(
        Uuid::from_u128(0xD1CE),
        move || {
            next.set(next.get() + 1);
            Uuid::from_u128(0x1000 + next.get())
        },
        || Timestamp(1_795_834_800_000),
    )
}

sync_engine::store_suite!(native, fresh = fresh(), store = |store| &store);
