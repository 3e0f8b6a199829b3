//! The language switch in the header: Vietnamese ⇄ English, remembered on the device.

use crate::i18n::Lang;
use domain::Language;
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = Lang::expect();
    let switch = move |_| {
        lang.set(match lang.get() {
            Language::Vi => Language::En,
            Language::En => Language::Vi,
        });
    };
    view! {
        <button type="button" class="header-link language-switch" data-testid="language-switch"
            aria-label=move || lang.t("language.switch_label") on:click=switch>
            {move || lang.t("language.switch")}
        </button>
    }
}
