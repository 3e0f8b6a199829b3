//! Whether the device is online, as the header shows it.

use leptos::ev;
use leptos::prelude::*;

/// Shows "Trực tuyến" or "Ngoại tuyến" from the browser's view of the network,
/// updated as the connection comes and goes. Sync status joins it once sync exists.
#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let online = RwSignal::new(browser_is_online());
    let on_online = window_event_listener(ev::online, move |_| online.set(true));
    let on_offline = window_event_listener(ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        on_online.remove();
        on_offline.remove();
    });
    view! {
        <span
            class="connection-status"
            class:offline=move || !online.get()
            role="status"
            data-testid="connection-status"
        >
            {move || if online.get() { "Trực tuyến" } else { "Ngoại tuyến" }}
        </span>
    }
}

fn browser_is_online() -> bool {
    web_sys::window()
        .map(|window| window.navigator().on_line())
        .unwrap_or(true)
}
