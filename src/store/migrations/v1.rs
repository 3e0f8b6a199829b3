//! Version 1: the stores of units, reviews, proposals (with their history),
//! rule sets, the outbox and the sync state.

use super::super::schema::{OUTBOX, PROPOSALS, REVIEWS, RULE_SETS, SYNC_STATE, UNITS};
use super::index;
use wasm_bindgen::JsValue;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbTransaction};

pub fn upgrade(database: &IdbDatabase, _transaction: &IdbTransaction) -> Result<(), JsValue> {
    let keyed_by = |key_path: &JsValue| {
        let parameters = IdbObjectStoreParameters::new();
        parameters.set_key_path(key_path);
        parameters
    };
    let by_id = keyed_by(&"id".into());

    let units = database.create_object_store_with_optional_parameters(UNITS, &by_id)?;
    // One index serves "the units of a parent" and "those of them that must merge".
    let parent_and_standing = js_sys::Array::of2(&"parent_id".into(), &"standing".into());
    units.create_index_with_str_sequence_and_optional_parameters(
        "by_parent_standing",
        &parent_and_standing,
        &web_sys::IdbIndexParameters::new(),
    )?;

    let reviews = database.create_object_store_with_optional_parameters(REVIEWS, &by_id)?;
    index(&reviews, "by_unit", "unit_id", false, false)?;

    let proposals = database.create_object_store_with_optional_parameters(PROPOSALS, &by_id)?;
    index(&proposals, "by_status", "status", false, false)?;

    database.create_object_store_with_optional_parameters(RULE_SETS, &by_id)?;

    // Keyed by [device, sequence]: entries of another device (an import) keep their own.
    let device_and_seq = js_sys::Array::of2(&"device_id".into(), &"seq".into());
    let outbox = database.create_object_store_with_optional_parameters(OUTBOX, &keyed_by(&device_and_seq))?;
    index(&outbox, "by_state", "state", false, false)?;
    index(&outbox, "by_record", "record_id", false, false)?;
    index(&outbox, "by_mutation", "mutation_id", true, false)?;

    database.create_object_store_with_optional_parameters(SYNC_STATE, &keyed_by(&"key".into()))?;
    Ok(())
}
