//! Saving the device's data to a file, and reading such a file back.

use crate::state::device_store::DeviceStore;
use crate::store::export::ImportReport;
use domain::Timestamp;
use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

fn report_text(report: &ImportReport) -> String {
    crate::i18n::text_with(
        crate::i18n::current(),
        "device.imported",
        &[
            ("added", &report.records_added.to_string()),
            ("updated", &report.records_updated.to_string()),
            ("kept", &report.records_kept.to_string()),
            ("new", &report.mutations_added.to_string()),
            ("present", &report.mutations_already_present.to_string()),
        ],
    )
}

/// Two buttons to save the data not yet synced (or everything) to a file,
/// and a file picker to import such a file, each saying what it did.
#[component]
pub fn ExportImport() -> impl IntoView {
    let store = DeviceStore::expect();
    let message = RwSignal::new(None::<String>);
    let file_input = NodeRef::<Input>::new();

    let export = move |only_unsynced: bool| {
        let Some(open) = store.get() else { return };
        leptos::task::spawn_local(async move {
            let at = now();
            let result = match open.export(only_unsynced, None, at).await {
                Ok(file) => match serde_json::to_string_pretty(&file) {
                    Ok(text) => {
                        let kind = if only_unsynced { "chua-dong-bo" } else { "toan-bo" };
                        let name = format!(
                            "sapxep-{kind}-{}.json",
                            domain::format::date_vi(at.vietnam_date()).replace('/', "-")
                        );
                        crate::download::offer(&name, text.as_bytes(), "application/json")
                            .map(|_| {
                                let count = file.mutations.len().to_string();
                                crate::i18n::text_with(
                                    crate::i18n::current(),
                                    "device.exported",
                                    &[("count", &count), ("name", &name)],
                                )
                            })
                            .unwrap_or_else(|_| crate::i18n::text(crate::i18n::current(), "device.no_download"))
                    }
                    Err(_) => crate::i18n::text(crate::i18n::current(), "device.export_failed"),
                },
                Err(error) => error.message(crate::i18n::current()),
            };
            message.set(Some(result));
        });
    };

    let import = move |_| {
        let Some(open) = store.get() else { return };
        let Some(input) = file_input.get() else { return };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Cleared, so that choosing the same file again imports it again.
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = JsFuture::from(file.text()).await.ok().and_then(|text| text.as_string());
            let result = match text {
                None => crate::i18n::text(crate::i18n::current(), "device.unreadable_file"),
                Some(text) => match open.import(&text, now().vietnam_date()).await {
                    Ok(report) => {
                        store.changed();
                        report_text(&report)
                    }
                    Err(error) => error.message(crate::i18n::current()),
                },
            };
            message.set(Some(result));
        });
    };

    let lang = crate::i18n::Lang::expect();
    view! {
        <section class="panel" aria-labelledby="export-heading">
            <h2 id="export-heading">{move || lang.t("device.export_title")}</h2>
            <p>{move || lang.t("device.export_why")}</p>
            <div class="button-row">
                <button type="button" on:click=move |_| export(true)>{move || lang.t("device.export_unsynced")}</button>
                <button type="button" class="secondary" on:click=move |_| export(false)>{move || lang.t("device.export_all")}</button>
            </div>
            // The browser's own file box speaks the browser's language
            // ("Choose File / No file chosen"): the label is the button.
            <input id="import-file" class="visually-hidden" type="file" accept="application/json,.json" node_ref=file_input on:change=import/>
            <label for="import-file" class="button button-secondary file-button">{move || lang.t("device.import")}</label>
            {move || message.get().map(|text| view! { <p role="status" data-testid="export-message">{text}</p> })}
        </section>
    }
}
