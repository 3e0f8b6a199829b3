//! "Lấy vị trí": the village's location from the tablet's GPS, with its accuracy.

use domain::Location;
use domain::format::hundredths;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

fn coordinate(value: f64) -> String {
    format!("{value:.6}").replace('.', ",")
}

/// How the location reads on the form.
pub fn location_text(location: &Location, lang: crate::i18n::Lang) -> String {
    let accuracy = location
        .accuracy_m
        .map(|metres| {
            let metres = hundredths((metres * 100.0).round() as u64, domain::Language::Vi);
            lang.t_with("location.accuracy", &[("metres", &metres)])
        })
        .unwrap_or_default();
    format!(
        "{}, {}{accuracy}",
        coordinate(location.latitude),
        coordinate(location.longitude)
    )
}

#[component]
pub fn LocationField(location: RwSignal<Option<Location>>) -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let take = move |_| {
        let Some(geolocation) = web_sys::window().and_then(|window| window.navigator().geolocation().ok()) else {
            problem.set(Some(lang.t("location.unavailable")));
            return;
        };
        busy.set(true);
        problem.set(None);
        let found = Closure::once_into_js(move |position: web_sys::Position| {
            let coords = position.coords();
            location.set(Some(Location {
                latitude: coords.latitude(),
                longitude: coords.longitude(),
                accuracy_m: Some(coords.accuracy()),
            }));
            busy.set(false);
        });
        let failed = Closure::once_into_js(move |error: web_sys::PositionError| {
            busy.set(false);
            problem.set(Some(match error.code() {
                1 => untrack(|| lang.t("location.denied")),
                3 => untrack(|| lang.t("location.timeout")),
                _ => untrack(|| lang.t("location.failed")),
            }));
        });
        let options = web_sys::PositionOptions::new();
        options.set_enable_high_accuracy(true);
        options.set_timeout(30_000);
        let _ = geolocation.get_current_position_with_error_callback_and_options(
            found.unchecked_ref(),
            Some(failed.unchecked_ref()),
            &options,
        );
    };
    view! {
        <div class="form-field">
            <span class="label">{move || lang.t("location.label")}</span>
            <p data-testid="location">
                {move || location.get().map_or_else(|| lang.t("location.none"), |found| location_text(&found, lang))}
            </p>
            <button type="button" class="button-secondary" data-testid="take-location" on:click=take disabled=move || busy.get()>
                {move || lang.t(if busy.get() { "location.taking" } else { "location.take" })}
            </button>
            {move || problem.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
        </div>
    }
}
