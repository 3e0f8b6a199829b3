//! Version 4: the agencies' reports on the plan's targets, a store of their
//! own (rows as the other synced records: JSON text, open conflicts indexed).

use super::super::schema::TARGET_REPORTS;
use super::index;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbTransaction};

pub fn upgrade(database: &IdbDatabase, _transaction: &IdbTransaction) -> Result<(), JsValue> {
    let parameters = IdbObjectStoreParameters::new();
    parameters.set_key_path(&"id".into());
    let reports = database.create_object_store_with_optional_parameters(TARGET_REPORTS, &parameters)?;
    index(&reports, "by_conflict", "conflicted", false, false)?;
    Ok(())
}
