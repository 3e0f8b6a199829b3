//! The device page: storage, what waits to sync, export and import.

use crate::components::export_import::ExportImport;
use crate::components::outbox_summary::OutboxSummary;
use crate::components::storage_status::StorageStatus;
use leptos::prelude::*;

/// Everything about the data kept on this tablet.
#[component]
pub fn DevicePage() -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    view! {
        <section class="device">
            <h1>{move || lang.t("nav.device")}</h1>
            <StorageStatus/>
            <OutboxSummary/>
            <ExportImport/>
        </section>
    }
}
