//! The shared store suite (`sync_engine::suite`) on the IndexedDB store, in a
//! real browser (headless Chromium): the same functions the in-memory store
//! passes natively (`crates/sync_engine/tests/memory_store.rs`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::wasm_bindgen_test_configure;

mod support;
use support::TestStore;

wasm_bindgen_test_configure!(run_in_browser);

sync_engine::store_suite!(wasm, fresh = TestStore::open(), store = |store| &*store);
