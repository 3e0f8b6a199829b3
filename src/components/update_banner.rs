//! "A new version is ready": shown when the service worker has cached a new
//! release whole, with a button that reloads into it.

use crate::offline_shell::NewVersion;
use leptos::prelude::*;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let new_version = NewVersion::expect();
    let lang = crate::i18n::Lang::expect();
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <Show when=move || new_version.0.get()>
            <p class="banner banner-info" role="status">
                {move || lang.t("app.new_version")}
                <button type="button" class="button" on:click=reload>{move || lang.t("app.reload")}</button>
            </p>
        </Show>
    }
}
