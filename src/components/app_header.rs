//! The header shown on every page.

use crate::components::connection_status::ConnectionStatus;
use crate::components::officer_menu::OfficerMenu;
use crate::components::sync_indicator::SyncIndicator;
use leptos::prelude::*;

/// The top bar: the product's name, the signed-in officer, and the connection
/// and sync status.
#[component]
pub fn AppHeader() -> impl IntoView {
    view! {
        <header class="app-header">
            <a class="app-name" href="/">"Sắp xếp"</a>
            <OfficerMenu/>
            <a class="header-link" href="/thiet-bi">"Dữ liệu trên máy"</a>
            <ConnectionStatus/>
            <SyncIndicator/>
        </header>
    }
}
