//! The device store as the screens reach it: opened once at start, shared
//! through context.

use crate::store::{Store, StoreError};
use leptos::prelude::*;

/// Where opening the device store stands.
#[derive(Clone, Debug)]
pub enum StoreState {
    Opening,
    Ready(Store),
    Failed(StoreError),
}

/// The device store in context: `DeviceStore::expect()` in any component.
#[derive(Clone, Copy)]
pub struct DeviceStore(pub RwSignal<StoreState, LocalStorage>, RwSignal<u64>);

impl DeviceStore {
    /// Opens the store in the background and provides it to the components below.
    pub fn provide() -> DeviceStore {
        let state = RwSignal::new_local(StoreState::Opening);
        leptos::task::spawn_local(async move {
            let opened = Store::open().await;
            state.set(match opened {
                Ok(store) => StoreState::Ready(store),
                Err(error) => StoreState::Failed(error),
            });
        });
        let store = DeviceStore(state, RwSignal::new(0));
        provide_context(store);
        store
    }

    /// The store provided by `App`.
    pub fn expect() -> DeviceStore {
        expect_context::<DeviceStore>()
    }

    /// Tells the screens that the store changed (a save, an import), so that
    /// what they show is read again.
    pub fn changed(&self) {
        self.1.update(|count| *count += 1);
    }

    /// Tracks changes: read it in a resource to refetch after each change.
    pub fn changes(&self) -> u64 {
        self.1.get()
    }

    /// The open store, once ready, untracked: for tasks outside the reactive graph.
    pub fn get_untracked(&self) -> Option<Store> {
        match self.0.get_untracked() {
            StoreState::Ready(store) => Some(store),
            _ => None,
        }
    }

    /// The open store, once ready (tracked).
    pub fn get(&self) -> Option<Store> {
        match self.0.get() {
            StoreState::Ready(store) => Some(store),
            _ => None,
        }
    }
}
