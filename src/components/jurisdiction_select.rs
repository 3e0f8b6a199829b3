//! The unit an account works over, picked from the units of the level its
//! role works at (`domain::account::jurisdiction_level`): the communes and
//! wards for a commune officer, the province for a province officer.

use crate::components::form_state::FormState;
use crate::i18n::Lang;
use domain::wire::UnitSummary;
use domain::{Field, Role, UnitLevel};
use leptos::prelude::*;
use uuid::Uuid;

/// The units in force of the level `role` works over, by name.
pub fn units_for(units: &[UnitSummary], role: Option<Role>) -> Vec<UnitSummary> {
    let Some(role) = role else {
        return Vec::new();
    };
    let level = domain::account::jurisdiction_level(role);
    let mut found: Vec<UnitSummary> = units
        .iter()
        .filter(|unit| unit.kind.level() == level)
        .filter(|unit| unit.lifecycle.as_ref().is_none_or(domain::Lifecycle::is_active))
        .cloned()
        .collect();
    found.sort_by_cached_key(|unit| domain::search::fold(&unit.name));
    found
}

#[component]
pub fn JurisdictionSelect(
    /// The select's id, also its test id.
    id: &'static str,
    role: RwSignal<Option<Role>>,
    units: StoredValue<Vec<UnitSummary>>,
    chosen: RwSignal<Option<(Uuid, UnitLevel)>>,
    form: FormState,
) -> impl IntoView {
    let lang = Lang::expect();
    let options = Memo::new(move |_| units.with_value(|units| units_for(units, role.get())));
    // A new role keeps the unit only if it suits; a single choice is made for the officer.
    Effect::new(move |_| {
        let options = options.get();
        let kept = chosen
            .get_untracked()
            .filter(|(id, _)| options.iter().any(|unit| unit.id == *id));
        let next = match (kept, options.as_slice()) {
            (Some(kept), _) => Some(kept),
            (None, [only]) => Some((only.id, only.kind.level())),
            (None, _) => None,
        };
        if next != chosen.get_untracked() {
            chosen.set(next);
        }
    });
    let on_change = move |event| {
        let value = event_target_value(&event);
        let picked = options.with_untracked(|options| {
            options
                .iter()
                .find(|unit| unit.id.to_string() == value)
                .map(|unit| (unit.id, unit.kind.level()))
        });
        form.touch(Field::Jurisdiction);
        chosen.set(picked);
    };
    let message = move || form.message(Field::Jurisdiction, "accounts.jurisdiction", lang);
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="form-field" class:has-error=move || message().is_some()>
            <label for=id>{move || lang.t("accounts.jurisdiction")}</label>
            <select id=id data-testid=id on:change=on_change aria-describedby=described
                prop:value=move || chosen.get().map(|(id, _)| id.to_string()).unwrap_or_default()>
                <option value="">{move || lang.t("accounts.choose_unit")}</option>
                {move || options.get().into_iter().map(|unit| {
                    let value = unit.id.to_string();
                    let selected = chosen.get_untracked().is_some_and(|(id, _)| id == unit.id);
                    view! { <option value=value selected=selected>{unit.name}</option> }
                }).collect_view()}
            </select>
            {move || (role.get().is_some() && options.with(Vec::is_empty))
                .then(|| view! { <span class="hint">{move || lang.t("accounts.no_unit")}</span> })}
            <p class="field-error" id=error_id role="alert" data-testid=format!("{id}-message")>{message}</p>
        </div>
    }
}
