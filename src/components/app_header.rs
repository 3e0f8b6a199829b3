//! The header shown on every page.

use crate::components::connection_status::ConnectionStatus;
use crate::components::language_switch::LanguageSwitch;
use crate::components::officer_menu::OfficerMenu;
use crate::components::sync_indicator::SyncIndicator;
use crate::i18n::Lang;
use leptos::prelude::*;

/// The top bar: the product's name, the signed-in officer, and the connection
/// and sync status.
#[component]
pub fn AppHeader() -> impl IntoView {
    let lang = Lang::expect();
    let session = crate::state::session::SessionState::expect();
    let administrator = move || {
        session
            .get()
            .is_some_and(|signed| signed.role == domain::Role::Administrator)
    };
    view! {
        <header class="app-header">
            <a class="app-name" href="/">"Sắp xếp"</a>
            <OfficerMenu/>
            <nav class="header-nav" aria-label=move || lang.t("nav.main")>
                <a class="header-link" href="/" data-testid="nav-home">{move || lang.t("nav.home")}</a>
                <a class="header-link" href="/de-an" data-testid="nav-proposals">{move || lang.t("nav.proposals")}</a>
                <a class="header-link" href="/xung-dot" data-testid="nav-conflicts">{move || lang.t("nav.conflicts")}</a>
                {move || administrator().then(|| view! {
                    <a class="header-link" href="/tai-khoan" data-testid="nav-accounts">{move || lang.t("nav.accounts")}</a>
                })}
                <a class="header-link" href="/thiet-bi">{move || lang.t("nav.device")}</a>
            </nav>
            <LanguageSwitch/>
            <ConnectionStatus/>
            <SyncIndicator/>
        </header>
    }
}
