//! The interface's language: Vietnamese by default, English as the officer's
//! choice, remembered on the device. Words live in `locales/app.yml`
//! (rust-i18n); the domain's messages carry both languages (`Bilingual`).

use crate::store::settings;
use domain::Language;
use leptos::prelude::*;

/// The chosen language, in context: `Lang::expect()` in any component.
#[derive(Clone, Copy)]
pub struct Lang(RwSignal<Language>);

impl Lang {
    pub fn provide() -> Lang {
        let lang = Lang(RwSignal::new(settings::language()));
        set_document_language(lang.0.get_untracked());
        provide_context(lang);
        lang
    }

    pub fn expect() -> Lang {
        expect_context::<Lang>()
    }

    /// The language (tracked).
    pub fn get(&self) -> Language {
        self.0.get()
    }

    /// The language, untracked: for event handlers and tasks.
    pub fn get_untracked(&self) -> Language {
        self.0.get_untracked()
    }

    pub fn set(&self, language: Language) {
        settings::set_language(language);
        set_document_language(language);
        self.0.set(language);
    }

    /// The interface's word for `key` in the chosen language (tracked).
    pub fn t(&self, key: &str) -> String {
        text(self.get(), key)
    }

    /// As `t`, with each `%{name}` of the text replaced by its value.
    pub fn t_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        text_with(self.get(), key, values)
    }

    /// The language's half of a domain text.
    pub fn pick(&self, text: &domain::Bilingual) -> String {
        text.get(self.get()).to_owned()
    }
}

/// The language the officer chose (from the device's settings), for code
/// outside the components: error messages, tasks.
pub fn current() -> Language {
    settings::language()
}

/// The interface's word for `key` in `language`.
pub fn text(language: Language, key: &str) -> String {
    rust_i18n::t!(key, locale = code(language)).into_owned()
}

/// As `text`, with each `%{name}` replaced by its value.
pub fn text_with(language: Language, key: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text(language, key), |text, (name, value)| {
        text.replace(&format!("%{{{name}}}"), value)
    })
}

/// The locale code of a language in `locales/app.yml`.
pub fn code(language: Language) -> &'static str {
    match language {
        Language::Vi => "vi",
        Language::En => "en",
    }
}

fn set_document_language(language: Language) {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", code(language));
    }
}
