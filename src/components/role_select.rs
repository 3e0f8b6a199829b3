//! The role of an account, by its Vietnamese name.

use crate::components::form_state::FormState;
use crate::i18n::Lang;
use domain::{Field, Role};
use leptos::prelude::*;

#[component]
pub fn RoleSelect(
    /// The select's id, also its test id.
    id: &'static str,
    role: RwSignal<Option<Role>>,
    form: FormState,
) -> impl IntoView {
    let lang = Lang::expect();
    let on_change = move |event| {
        form.touch(Field::Role);
        role.set(Role::parse(&event_target_value(&event)));
    };
    let message = move || form.message(Field::Role, "accounts.role", lang);
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let initial = role.get_untracked();
    view! {
        <div class="form-field" class:has-error=move || message().is_some()>
            <label for=id>{move || lang.t("accounts.role")}</label>
            <select id=id data-testid=id on:change=on_change aria-describedby=described
                prop:value=move || role.get().map(|role| role.as_str()).unwrap_or_default()>
                {Role::ALL.into_iter().map(|each| view! {
                    <option value=each.as_str() selected=initial == Some(each)>{move || lang.pick(&each.label())}</option>
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id role="alert" data-testid=format!("{id}-message")>{message}</p>
        </div>
    }
}
