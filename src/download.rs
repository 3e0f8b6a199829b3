//! A file made on the device offered to the officer's browser as a download.

use wasm_bindgen::JsCast;

/// Offers `bytes` as the file `file_name` of type `content_type`.
pub fn offer(file_name: &str, bytes: &[u8], content_type: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
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

/// Offers a list as a spreadsheet named `stem` plus the day: as CSV, made on
/// the device (offline too), or as XLSX, written by the server from the same
/// rows (online, signed in). The error is the officer's sentence.
pub async fn offer_sheet(
    sheet: &domain::spreadsheet::Sheet,
    xlsx: bool,
    stem: &str,
    token: Option<String>,
    lang: crate::i18n::Lang,
) -> Result<(), String> {
    let day = crate::clock::today();
    let failed = || lang.t("dashboard.download_failed");
    if !xlsx {
        let name = format!("{stem}-{day}.csv");
        return offer(&name, sheet.to_csv().as_bytes(), "text/csv;charset=utf-8").map_err(|_| failed());
    }
    let token = token.ok_or_else(|| lang.t("list.xlsx_sign_in"))?;
    let bytes = crate::api::write_workbook(&token, sheet)
        .await
        .map_err(|error| error.message(lang.get_untracked()))?;
    offer(
        &format!("{stem}-{day}.xlsx"),
        &bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    .map_err(|_| failed())
}
