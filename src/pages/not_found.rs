//! The page for an address the app does not know.

use leptos::prelude::*;

/// Says the page does not exist and offers the way home.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    view! {
        <section class="not-found">
            <h1>{move || lang.t("not_found.title")}</h1>
            <p><a href="/">{move || lang.t("not_found.home")}</a></p>
        </section>
    }
}
