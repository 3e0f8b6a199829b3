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
            <nav class="header-nav" aria-label="Chính">
                <a class="header-link" href="/" data-testid="nav-home">"Địa bàn"</a>
                <a class="header-link" href="/de-an" data-testid="nav-proposals">"Phương án"</a>
                <a class="header-link" href="/xung-dot" data-testid="nav-conflicts">"Xung đột"</a>
                <a class="header-link" href="/thiet-bi">"Dữ liệu trên máy"</a>
            </nav>
            <ConnectionStatus/>
            <SyncIndicator/>
        </header>
    }
}
