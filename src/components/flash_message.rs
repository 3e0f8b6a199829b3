//! The one-time message of the last save, under the header, until the
//! officer moves on or closes it.

use crate::state::flash::Flash;
use leptos::prelude::*;

#[component]
pub fn FlashMessage() -> impl IntoView {
    let flash = Flash::expect();
    let lang = crate::i18n::Lang::expect();
    let location = leptos_router::hooks::use_location();
    // Leaving the page the message was for ends it.
    Effect::new(move |_| {
        let path = location.pathname.get();
        if flash.is_set() && untrack(|| flash.for_path(&path)).is_none() {
            flash.clear();
        }
    });
    move || {
        flash.for_path(&location.pathname.get()).map(|text| {
            view! {
                <p class="banner banner-info" role="status" data-testid="flash">
                    {text}
                    " "
                    <button type="button" class="button-link" on:click=move |_| flash.clear() aria-label=move || lang.t("app.close_message")>{move || lang.t("app.close")}</button>
                </p>
            }
        })
    }
}
