//! Version 3: sync. Units, reviews and proposals with open conflicts are
//! indexed (`conflicted` is set only on those rows, so the index holds only
//! them), for the conflicts page.

use super::super::schema::{PROPOSALS, REVIEWS, UNITS};
use super::index;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbTransaction};

pub fn upgrade(_database: &IdbDatabase, transaction: &IdbTransaction) -> Result<(), JsValue> {
    for store in [UNITS, REVIEWS, PROPOSALS] {
        index(
            &transaction.object_store(store)?,
            "by_conflict",
            "conflicted",
            false,
            false,
        )?;
    }
    Ok(())
}
