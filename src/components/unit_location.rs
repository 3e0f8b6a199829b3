//! Where a village is, from its latest review: the coordinates and a link
//! that opens the device's maps app (`geo:`). Without a recorded place,
//! says so: the suggestions need it (or a list of neighbours).

use crate::components::location_field::location_text;
use crate::i18n::Lang;
use domain::Location;
use leptos::prelude::*;

#[component]
pub fn UnitLocation(location: Option<Location>) -> impl IntoView {
    let lang = Lang::expect();
    match location {
        Some(location) => view! {
            <p data-testid="unit-location">
                {move || lang.t("unit.location")}": "{move || location_text(&location, lang)}" "
                <a href=location.geo_uri() data-testid="unit-location-map">{move || lang.t("unit.open_map")}</a>
            </p>
        }
        .into_any(),
        None => {
            view! { <p class="muted" data-testid="unit-location">{move || lang.t("unit.no_location")}</p> }.into_any()
        }
    }
}
