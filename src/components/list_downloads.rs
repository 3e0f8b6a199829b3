//! Two buttons under a list: the list as CSV (made on the device, offline)
//! and as Excel (written by the server, online); a failure said beneath.

use crate::i18n::Lang;
use crate::state::session::SessionState;
use domain::spreadsheet::Sheet;
use leptos::prelude::*;

/// The list `sheet` offered as `stem-<day>.csv` or `.xlsx`.
#[component]
pub fn ListDownloads(
    sheet: Sheet,
    stem: &'static str,
    /// The buttons' words.
    csv_key: &'static str,
    xlsx_key: &'static str,
    /// The buttons' test ids: `<testid>-csv`, `<testid>-xlsx`.
    testid: &'static str,
) -> impl IntoView {
    let lang = Lang::expect();
    let session = SessionState::expect();
    let sheet = StoredValue::new(sheet);
    let problem = RwSignal::new(None::<String>);
    let download = move |xlsx: bool| {
        let token = session.current().map(|signed| signed.token);
        let sheet = sheet.get_value();
        problem.set(None);
        leptos::task::spawn_local(async move {
            if let Err(text) = crate::download::offer_sheet(&sheet, xlsx, stem, token, lang).await {
                problem.set(Some(text));
            }
        });
    };
    view! {
        <div class="button-row no-print">
            <button type="button" class="button button-secondary" data-testid=format!("{testid}-csv") on:click=move |_| download(false)>
                {move || lang.t(csv_key)}
            </button>
            <button type="button" class="button button-secondary" data-testid=format!("{testid}-xlsx") on:click=move |_| download(true)>
                {move || lang.t(xlsx_key)}
            </button>
        </div>
        {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid=format!("{testid}-problem")>{text}</p> })}
    }
}
