//! Whether the device can reach the server, as the header shows it.

use crate::state::sync_status::SyncStatus;
use leptos::prelude::*;

/// Shows "Trực tuyến" or "Ngoại tuyến": offline when the browser has no
/// network, and also when it has one but the server cannot be reached.
#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let status = SyncStatus::expect();
    let lang = crate::i18n::Lang::expect();
    let connected = move || status.get().connected();
    view! {
        <span
            class="connection-status"
            class:offline=move || !connected()
            role="status"
            data-testid="connection-status"
        >
            {move || lang.t(if connected() { "connection.online" } else { "connection.offline" })}
        </span>
    }
}
