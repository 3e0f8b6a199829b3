//! The schema steps, one file per version. A step only adds: stores,
//! indexes, derived fields; it never drops a record.

pub mod v1;
pub mod v2;
pub mod v3;
pub mod v4;

use wasm_bindgen::JsValue;
use web_sys::{IdbIndexParameters, IdbObjectStore};

/// Creates an index on `store`, optionally unique or multi-entry.
pub(super) fn index(
    store: &IdbObjectStore,
    name: &str,
    key_path: &str,
    unique: bool,
    multi_entry: bool,
) -> Result<(), JsValue> {
    let parameters = IdbIndexParameters::new();
    parameters.set_unique(unique);
    parameters.set_multi_entry(multi_entry);
    store.create_index_with_str_and_optional_parameters(name, key_path, &parameters)?;
    Ok(())
}
