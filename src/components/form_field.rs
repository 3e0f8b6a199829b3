//! One labelled input of a form, with its message underneath as the officer
//! types: the label is tied to the input, the message to the input's
//! description, numbers open the numeric keypad.

use crate::i18n::Lang;
use domain::Field;
use leptos::prelude::*;

use crate::components::form_state::FormState;

/// How an input reads its value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    /// Whole numbers: the numeric keypad.
    Count,
    /// Numbers with decimals (areas): the decimal keypad.
    Decimal,
    Date,
}

#[component]
pub fn FormField(
    /// The input's id, also its test id.
    id: &'static str,
    /// The label's key in `locales/app.yml`.
    label: &'static str,
    /// The domain field whose messages show here.
    field: Field,
    value: RwSignal<String>,
    form: FormState,
    #[prop(default = InputKind::Text)] kind: InputKind,
    /// The hint's key in `locales/app.yml`.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let lang = Lang::expect();
    let message = move || form.message(field, label, lang);
    let (input_type, inputmode) = match kind {
        InputKind::Text => ("text", "text"),
        InputKind::Count => ("text", "numeric"),
        InputKind::Decimal => ("text", "decimal"),
        // A text input, so that the date reads 28/11/2026 whatever the browser's language.
        InputKind::Date => ("text", "numeric"),
    };
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="form-field" class:has-error=move || message().is_some()>
            <label for=id>{move || lang.t(label)}</label>
            {hint.map(|hint| view! { <span class="hint">{move || lang.t(hint)}</span> })}
            <input
                id=id
                name=id
                data-testid=id
                type=input_type
                inputmode=inputmode
                autocomplete="off"
                placeholder=move || (kind == InputKind::Date).then(|| lang.t("form.date_placeholder"))
                aria-invalid=move || if message().is_some() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |event| {
                    value.set(event_target_value(&event));
                    form.touch(field);
                }
            />
            <p class="field-error" id=error_id role="alert" data-testid=format!("{id}-message")>
                {message}
            </p>
        </div>
    }
}
