//! The device page: storage, what waits to sync, export and import.

use crate::components::export_import::ExportImport;
use crate::components::outbox_summary::OutboxSummary;
use crate::components::storage_status::StorageStatus;
use leptos::prelude::*;

/// Everything about the data kept on this tablet.
#[component]
pub fn DevicePage() -> impl IntoView {
    view! {
        <section class="device">
            <h1>"Dữ liệu trên máy"</h1>
            <StorageStatus/>
            <OutboxSummary/>
            <ExportImport/>
        </section>
    }
}
