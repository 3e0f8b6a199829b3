//! A banner when the device store cannot be used: opening failed, or another
//! tab upgraded the app.

use crate::state::device_store::{DeviceStore, StoreState};
use crate::store::StoreError;
use leptos::prelude::*;

/// Says, in Vietnamese, why saving on this device does not work right now,
/// and what to do. Shows nothing when all is well.
#[component]
pub fn StoreBanner() -> impl IntoView {
    let store = DeviceStore::expect();
    let problem = move || match store.0.get() {
        StoreState::Failed(error) => Some(error.message(crate::i18n::current())),
        StoreState::Ready(open) if open.reload_needed() => {
            Some(StoreError::ReloadNeeded.message(crate::i18n::current()))
        }
        _ => None,
    };
    view! {
        {move || problem().map(|text| view! { <p class="banner banner-warning" role="alert">{text}</p> })}
    }
}
