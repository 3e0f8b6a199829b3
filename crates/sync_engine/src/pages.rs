//! What every store does with a pulled record, decided once: the body it
//! keeps (the server's, or the device's unsent changes laid over it).

use domain::sync::Mutation;
use domain::sync::protocol::PulledRecord;
use serde_json::Value;

/// The body the device keeps, as JSON text: the server's as it came when the
/// device has no unsent change to the record; otherwise the domain's rebase
/// of the device's unsent changes (`local`, in sequence order) over it (they
/// reach the server later and are merged there), with the server's
/// bookkeeping. `None` when the record is deleted.
pub fn rebased_body(record: &PulledRecord, local: &[Mutation]) -> Option<String> {
    let body = record.body.as_ref().filter(|_| !record.deleted)?;
    if local.is_empty() {
        return Some(body.get().to_owned());
    }
    let server: Value = serde_json::from_str(body.get()).ok().filter(Value::is_object)?;
    let mut rebased = domain::sync::rebase(&server, local)?;
    if let Some(fields) = rebased.as_object_mut() {
        fields.insert("id".to_owned(), Value::String(record.id.to_string()));
        if let Some(meta) = server.get("meta") {
            fields.insert("meta".to_owned(), meta.clone());
        }
    }
    Some(rebased.to_string())
}

/// Whether a record deleted on the server stays on the device: it does while
/// the device has changes to it not yet sent (they reach the server and are
/// merged there).
pub fn kept_despite_deletion(record: &PulledRecord, local: &[Mutation]) -> bool {
    record.deleted && !local.is_empty()
}
