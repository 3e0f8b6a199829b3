//! `/don-vi/:id/nhap`: a commune's villages and their latest figures from a
//! spreadsheet. A CSV is read on the device, offline; an .xlsx is read by the
//! server (`POST /api/v1/sheets/rows`), so it needs the network. The columns
//! are guessed from the headers and remembered as the officer maps them;
//! every row is checked and matched by `domain::import` and shown before
//! anything is saved; the good rows are saved as ordinary local changes (one
//! transaction for the villages, one for the reviews), so they sync.

use crate::clock::{now, today};
use crate::components::import_preview::{ImportPreview, counts};
use crate::i18n::Lang;
use crate::pages::unit_page::route_unit_id;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use crate::store::Review;
use domain::import::{Column, ColumnMap, ImportContext, ImportRow, Outcome, Table, parse_csv, plan_import};
use domain::review::LatestReviews;
use domain::{OfficerId, Unit};
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;
use wasm_bindgen_futures::JsFuture;

/// The commune, the units the device holds under it, and their latest reviews.
type Commune = (Unit, Vec<Unit>, LatestReviews);

/// The mapping for `header`: what the officer chose last for these headers, else the guess.
fn mapping_for(header: &[String]) -> ColumnMap {
    let mut map = ColumnMap::guess(header);
    for (column, remembered) in crate::store::settings::import_columns() {
        if let Some(index) = header.iter().position(|name| name.trim() == remembered) {
            map.0.insert(column, index);
        }
    }
    map
}

fn remember(map: &ColumnMap, header: &[String]) {
    let mut remembered = crate::store::settings::import_columns();
    for column in Column::ALL {
        match map.get(column).and_then(|index| header.get(index)) {
            Some(name) => remembered.insert(column, name.trim().to_owned()),
            None => remembered.remove(&column),
        };
    }
    crate::store::settings::set_import_columns(&remembered);
}

/// Reads the chosen file: CSV on the device, XLSX through the server.
async fn read_file(file: web_sys::File, token: Option<String>, lang: Lang) -> Result<Table, String> {
    let name = file.name().to_lowercase();
    if name.ends_with(".xlsx") {
        let Some(token) = token else {
            return Err(lang.t("import.xlsx_sign_in"));
        };
        if !web_sys::window().is_some_and(|window| window.navigator().on_line()) {
            return Err(lang.t("import.xlsx_offline"));
        }
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| lang.t("import.unreadable"))?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        // A browser may believe it is online when the server cannot be
        // reached: the same advice as offline.
        return crate::api::read_workbook(&token, bytes)
            .await
            .map_err(|error| match error {
                crate::api::ApiClientError::Unreachable(_) => lang.t("import.xlsx_offline"),
                error => error.message(lang.get_untracked()),
            });
    }
    if name.ends_with(".xls") || name.ends_with(".ods") {
        return Err(lang.t("import.wrong_type"));
    }
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| lang.t("import.unreadable"))?;
    Ok(parse_csv(&text))
}

#[component]
pub fn ImportVillagesPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let commune_id = route_unit_id();
    let commune = LocalResource::new(move || {
        store.changes();
        let open = store.get();
        let id = commune_id.get();
        async move {
            let (Some(open), Some(id)) = (open, id) else {
                return None;
            };
            let commune = open.unit(id).await.ok().flatten()?.unit;
            let villages: Vec<Unit> = open
                .units_of_parent(id)
                .await
                .ok()?
                .into_iter()
                .map(|entry| entry.unit)
                .collect();
            let latest = LatestReviews::from_reviews(open.all_reviews().await.ok()?);
            Some((commune, villages, latest))
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
            {move || commune.get().map(|found| match found {
                Some(found) => view! { <ImportForm commune=found/> }.into_any(),
                None => view! { <p class="error" role="alert">{move || lang.t("form.commune_missing")}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ImportForm(commune: Commune) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let navigate = use_navigate();
    let (commune, villages, latest) = commune;
    let commune_name = commune.name.as_str().to_owned();
    let commune_path = format!("/don-vi/{}", commune.id);
    let context_data = StoredValue::new((commune, villages, latest));
    let table = RwSignal::new(None::<Table>);
    let mapping = RwSignal::new(ColumnMap::default());
    let problem = RwSignal::new(None::<String>);
    let reading = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let file_input = NodeRef::<Input>::new();
    let officer = move || session.get().map(|signed| OfficerId(signed.officer_id));

    let plan = Memo::new(move |_| -> Option<Vec<ImportRow>> {
        let table = table.get()?;
        let map = mapping.get();
        if map.problem().is_some() {
            return None;
        }
        let by = officer().unwrap_or(OfficerId(Uuid::nil()));
        Some(context_data.with_value(|(commune, villages, latest)| {
            let context = ImportContext {
                commune,
                villages,
                latest,
                by,
                at: now(),
                today: today(),
            };
            plan_import(&table, &map, &context, &mut Uuid::now_v7)
        }))
    });

    let choose = move |_| {
        let Some(input) = file_input.get() else { return };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        let token = session.current().map(|signed| signed.token);
        reading.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let read = read_file(file, token, lang).await;
            reading.set(false);
            match read {
                Ok(read) if read.header.is_empty() => problem.set(Some(lang.t("import.empty"))),
                Ok(read) => {
                    mapping.set(mapping_for(&read.header));
                    table.set(Some(read));
                }
                Err(message) => problem.set(Some(message)),
            }
        });
    };

    let save = move |_| {
        let (Some(open), Some(rows), Some(by)) = (store.get_untracked(), plan.get_untracked(), officer()) else {
            return;
        };
        if let Some(table) = table.get_untracked() {
            remember(&mapping.get_untracked(), &table.header);
        }
        let commune_id = context_data.with_value(|(commune, _, _)| commune.id);
        let mut units = Vec::new();
        let mut reviews = Vec::new();
        for row in rows {
            match row.outcome {
                Outcome::New { unit, review } => {
                    units.push(unit);
                    reviews.extend(review.map(Review::Village));
                }
                Outcome::Update { review, .. } => reviews.push(Review::Village(review)),
                _ => {}
            }
        }
        saving.set(true);
        let navigate = navigate.clone();
        let path = commune_path.clone();
        leptos::task::spawn_local(async move {
            let at = now();
            let saved = async {
                let added = open.save_all(&units, by, at).await?;
                let reviewed = open.save_all(&reviews, by, at).await?;
                open.derive_standings_under(commune_id).await?;
                Ok::<_, crate::store::StoreError>((added, reviewed))
            }
            .await;
            saving.set(false);
            match saved {
                Ok((added, reviewed)) => {
                    store.changed();
                    flash.set_for(
                        path.clone(),
                        lang.t_with(
                            "import.saved",
                            &[("added", &added.to_string()), ("reviewed", &reviewed.to_string())],
                        ),
                    );
                    navigate(&path, Default::default());
                }
                Err(error) => problem.set(Some(error.message(lang.get_untracked()))),
            }
        });
    };

    let column_select = move |column: Column| {
        let label = column.label();
        view! {
            <label class="field">
                <span class="field-label">{move || lang.pick(&label)}</span>
                <select data-testid=format!("map-{}", serde_json::to_value(column).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default())
                    on:change=move |event| {
                        let chosen = event_target_value(&event).parse::<usize>().ok();
                        mapping.update(|map| match chosen {
                            Some(index) => { map.0.insert(column, index); }
                            None => { map.0.remove(&column); }
                        });
                    }>
                    <option value="" selected=move || mapping.with(|map| map.get(column).is_none())>{move || lang.t("import.no_column")}</option>
                    {move || table.with(|table| table.as_ref().map(|table| table.header.iter().enumerate().map(|(index, name)| {
                        let name = name.clone();
                        view! { <option value=index.to_string() selected=move || mapping.with(|map| map.get(column) == Some(index))>{name}</option> }
                    }).collect_view()))}
                </select>
            </label>
        }
    };

    view! {
        <section class="import-page" data-testid="import-page">
            <h1>{move || lang.t_with("import.title", &[("commune", &commune_name)])}</h1>
            <p class="muted">{move || lang.t("import.explain")}</p>
            <input id="import-sheet" class="visually-hidden" type="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                data-testid="import-file" node_ref=file_input on:change=choose/>
            <label for="import-sheet" class="button file-button">{move || lang.t("import.choose")}</label>
            {move || reading.get().then(|| view! { <p class="loading">{move || lang.t("app.reading")}</p> })}
            {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="import-error">{text}</p> })}
            {move || table.get().is_some().then(|| view! {
                <h2>{move || lang.t("import.columns")}</h2>
                <div class="import-columns">{Column::ALL.map(column_select).to_vec()}</div>
                {move || mapping.with(|map| map.problem()).map(|text| view! { <p class="error" role="alert" data-testid="mapping-problem">{text}</p> })}
            })}
            {move || plan.get().map(|rows| {
                let [new, updated, ..] = counts(&rows);
                let ready = new + updated;
                view! {
                    <h2>{move || lang.t("import.preview")}</h2>
                    <ImportPreview rows/>
                    <div class="button-row">
                        <button class="button" type="button" data-testid="import-save"
                            disabled=move || saving.get() || ready == 0 on:click=save.clone()>
                            {move || lang.t_with("import.save", &[("count", &ready.to_string())])}
                        </button>
                    </div>
                }
            })}
        </section>
    }
}
