//! Said at once when the page is not a secure context (opened by a LAN
//! address over plain HTTP): the browser then gives no service worker and no
//! persistent storage, so the app would not start offline nor keep its data
//! safe. The officer is told to open the HTTPS address instead.

use leptos::prelude::*;

#[component]
pub fn InsecureContextBanner() -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    let insecure = web_sys::window().is_some_and(|window| !window.is_secure_context());
    insecure.then(|| {
        view! {
            <p class="banner banner-warning" role="alert" data-testid="insecure-context">
                {move || lang.t("app.insecure_context")}
            </p>
        }
    })
}
