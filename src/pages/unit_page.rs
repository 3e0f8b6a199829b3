//! `/don-vi/:id`: one unit and the units under it.

use crate::components::unit_view::UnitView;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// The id of the current route (`:id`: a unit, a proposal), when it reads.
pub fn route_unit_id() -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|params| params.get("id").and_then(|id| id.parse().ok())))
}

#[component]
pub fn UnitPage() -> impl IntoView {
    let id = route_unit_id();
    let lang = crate::i18n::Lang::expect();
    move || match id.get() {
        Some(id) => view! { <UnitView id/> }.into_any(),
        None => view! { <p class="error" role="alert">{move || lang.t("unit.bad_address")}</p> }.into_any(),
    }
}
