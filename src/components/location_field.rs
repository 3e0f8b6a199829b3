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
pub fn location_text(location: &Location) -> String {
    let accuracy = location
        .accuracy_m
        .map(|metres| {
            format!(
                " (sai số ±{} m)",
                hundredths((metres * 100.0).round() as u64, domain::Language::Vi)
            )
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
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let take = move |_| {
        let Some(geolocation) = web_sys::window().and_then(|window| window.navigator().geolocation().ok()) else {
            problem.set(Some("Máy này không lấy được vị trí.".to_owned()));
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
                1 => {
                    "Chưa được phép lấy vị trí. Hãy cho phép ứng dụng dùng vị trí trong cài đặt trình duyệt.".to_owned()
                }
                3 => "Chưa bắt được tín hiệu vị trí. Hãy ra chỗ thoáng rồi thử lại.".to_owned(),
                _ => "Không lấy được vị trí. Hãy thử lại.".to_owned(),
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
            <span class="label">"Vị trí"</span>
            <p data-testid="location">
                {move || location.get().map_or_else(|| "Chưa lấy vị trí.".to_owned(), |found| location_text(&found))}
            </p>
            <button type="button" class="button-secondary" data-testid="take-location" on:click=take disabled=move || busy.get()>
                {move || if busy.get() { "Đang lấy vị trí…" } else { "Lấy vị trí" }}
            </button>
            {move || problem.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
        </div>
    }
}
