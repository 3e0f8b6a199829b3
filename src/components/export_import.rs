//! Saving the device's data to a file, and reading such a file back.

use crate::state::device_store::DeviceStore;
use crate::store::export::ImportReport;
use domain::Timestamp;
use leptos::html::Input;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// Offers the file to the officer's browser as a download.
fn download(file_name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

fn report_text(report: &ImportReport) -> String {
    format!(
        "Đã nhập: {} bản ghi mới, {} bản ghi cập nhật, {} giữ nguyên; {} thay đổi chờ gửi mới, {} đã có (không nhập trùng).",
        report.records_added,
        report.records_updated,
        report.records_kept,
        report.mutations_added,
        report.mutations_already_present
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
                        download(&name, &text)
                            .map(|_| format!("Đã xuất {} thay đổi ra tệp {name}.", file.mutations.len()))
                            .unwrap_or_else(|_| "Trình duyệt không cho tải tệp xuống.".to_owned())
                    }
                    Err(_) => "Không tạo được tệp xuất.".to_owned(),
                },
                Err(error) => error.vietnamese(),
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
                None => "Không đọc được tệp.".to_owned(),
                Some(text) => match open.import(&text, now().vietnam_date()).await {
                    Ok(report) => {
                        store.changed();
                        report_text(&report)
                    }
                    Err(error) => error.vietnamese(),
                },
            };
            message.set(Some(result));
        });
    };

    view! {
        <section class="panel" aria-labelledby="export-heading">
            <h2 id="export-heading">"Xuất, nhập dữ liệu"</h2>
            <p>"Khi không đồng bộ được, hãy xuất dữ liệu ra tệp và gửi cho cán bộ huyện hoặc tỉnh để nhập vào máy chủ."</p>
            <div class="button-row">
                <button type="button" on:click=move |_| export(true)>"Xuất dữ liệu chưa đồng bộ"</button>
                <button type="button" class="secondary" on:click=move |_| export(false)>"Xuất toàn bộ dữ liệu"</button>
            </div>
            <label for="import-file">"Nhập dữ liệu từ tệp"</label>
            <input id="import-file" type="file" accept="application/json,.json" node_ref=file_input on:change=import/>
            {move || message.get().map(|text| view! { <p role="status" data-testid="export-message">{text}</p> })}
        </section>
    }
}
