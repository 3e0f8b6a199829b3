//! Version 2: search by name without diacritics. Every unit row gets the
//! folded words of its name (`tokens`, without the leading kind), indexed multi-entry; the units
//! stored under version 1 are rewritten with theirs in the same upgrade.

use super::super::schema::UNITS;
use super::index;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{IdbCursorWithValue, IdbDatabase, IdbRequest, IdbTransaction};

pub fn upgrade(_database: &IdbDatabase, transaction: &IdbTransaction) -> Result<(), JsValue> {
    let units = transaction.object_store(UNITS)?;
    index(&units, "by_token", "tokens", false, true)?;
    // Rewrite every existing row; the upgrade transaction stays open while
    // the cursor has requests in flight.
    let cursor_request = units.open_cursor()?;
    let on_row = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Err(error) = rewrite_row(&event) {
            // A failed write fails the upgrade transaction: nothing changes.
            web_sys::console::error_2(&"unit search backfill failed:".into(), &error);
        }
    });
    cursor_request.set_onsuccess(Some(on_row.as_ref().unchecked_ref()));
    // The handler must outlive this function; it is called once per row, a
    // single time per upgrade, so it is left to live with the page.
    on_row.forget();
    Ok(())
}

/// Adds the folded words of the unit's name to the row under the cursor, then
/// moves to the next row.
fn rewrite_row(event: &web_sys::Event) -> Result<(), JsValue> {
    let Some(request) = event.target().and_then(|target| target.dyn_into::<IdbRequest>().ok()) else {
        return Ok(());
    };
    let Ok(cursor) = request.result()?.dyn_into::<IdbCursorWithValue>() else {
        return Ok(());
    };
    let row = cursor.value()?;
    let json = js_sys::Reflect::get(&row, &"json".into())?
        .as_string()
        .unwrap_or_default();
    let name = serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|record| record.get("name").and_then(|name| name.as_str().map(str::to_owned)))
        .unwrap_or_default();
    let tokens: js_sys::Array = domain::search::search_words(&name)
        .into_iter()
        .map(JsValue::from)
        .collect();
    js_sys::Reflect::set(&row, &"tokens".into(), &tokens)?;
    cursor.update(&row)?;
    cursor.continue_()
}
