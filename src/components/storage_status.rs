//! Whether the browser keeps the app's data, and how much space is left.

use crate::store::persistence::{self, SpaceUsed};
use domain::Language;
use domain::format::integer;
use leptos::prelude::*;

/// Asks the browser for persistent storage once, and shows its answer, the
/// space used and free, and a warning before the device runs out.
#[component]
pub fn StorageStatus() -> impl IntoView {
    let status = LocalResource::new(|| async {
        let persisted = match persistence::is_persisted().await {
            Some(true) => Some(true),
            _ => persistence::request_persistence().await,
        };
        (persisted, persistence::estimate().await)
    });
    let megabytes = |bytes: f64| integer((bytes / 1024.0 / 1024.0).round() as u64, Language::Vi);
    let lang = crate::i18n::Lang::expect();
    view! {
        <section class="panel" aria-labelledby="storage-heading">
            <h2 id="storage-heading">{move || lang.t("device.storage_title")}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.loading")}</p> }>
                {move || {
                    status.get().map(|(persisted, space)| {
                        let persisted = match persisted {
                            Some(true) => lang.t("device.persisted"),
                            Some(false) => lang.t("device.not_persisted"),
                            None => lang.t("device.persistence_unknown"),
                        };
                        let space_line = space.map(|space: SpaceUsed| {
                            lang.t_with("device.space", &[("used", &megabytes(space.usage)), ("free", &megabytes(space.free()))])
                        });
                        let warning = space.and_then(|space| space.warning());
                        view! {
                            <p data-testid="persistence">{persisted}</p>
                            <p data-testid="space">{space_line}</p>
                            {warning.map(|text| view! { <p class="banner banner-warning" role="alert">{text}</p> })}
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
