//! The three-way merge of a mutation into the server's copy of a record,
//! field by field, against the values the device saw (the mutation's `old`
//! values are its base). Pure: the server carries out what this decides.

use super::{FieldChange, Mutation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The field that marks a record deleted (a tombstone).
pub const DELETED_FIELD: &str = "$deleted";

/// Fields whose values are lists that only ever grow: concurrent additions
/// are unioned, never a conflict (a proposal's decisions are appended, never
/// edited in place).
pub const APPEND_ONLY_FIELDS: [&str; 1] = ["history"];

/// A field both sides changed since the base: both values are kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub field: String,
    /// The value the device started from.
    pub base: Option<Value>,
    /// The value on the server, which the record keeps for now.
    pub server: Option<Value>,
    /// The device's value, kept in the conflict until someone resolves it.
    pub client: Option<Value>,
}

/// What merging one mutation gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The record's body after the merge.
    pub body: Value,
    /// The fields taken from the mutation.
    pub applied: Vec<String>,
    pub conflicts: Vec<FieldConflict>,
    pub deleted: bool,
}

impl Merged {
    /// Whether the record changes at all.
    pub fn changes_anything(&self, before: Option<&Value>) -> bool {
        self.deleted || !self.conflicts.is_empty() || before != Some(&self.body)
    }
}

/// Merges `mutation` into the server's current body (`None` for a record the
/// server does not have) at `current_revision`.
///
/// A field is applied when the server still holds the value the device
/// started from (or the server has not moved since the device's base: the
/// same revision of the same epoch); it is already applied when the server holds the device's new
/// value; an append-only list takes the union; anything else is a conflict
/// that leaves the server's value in place and keeps the device's.
pub fn merge(current: Option<&Value>, current_revision: u64, mutation: &Mutation) -> Merged {
    let mut body: Map<String, Value> = match current {
        Some(Value::Object(fields)) => fields.clone(),
        _ => Map::new(),
    };
    body.insert("id".to_owned(), Value::String(mutation.record_id.to_string()));
    // The server has not moved since the device's base only when it holds
    // that very version: the same revision written in the same epoch.
    let current_epoch = current
        .and_then(|body| body.get("meta"))
        .and_then(|meta| meta.get("epoch"))
        .and_then(Value::as_str);
    let unmoved = current.is_none()
        || (current_revision == mutation.base_revision && current_epoch == mutation.base_epoch.as_deref());
    let mut merged = Merged {
        body: Value::Null,
        applied: Vec::new(),
        conflicts: Vec::new(),
        deleted: false,
    };
    for change in &mutation.changes {
        if change.field == DELETED_FIELD {
            merged.deleted = change.new == Some(Value::Bool(true));
            merged.applied.push(change.field.clone());
            continue;
        }
        let server = body.get(&change.field).cloned();
        if unmoved || server == change.old || server == change.new {
            set(&mut body, change);
            merged.applied.push(change.field.clone());
        } else if APPEND_ONLY_FIELDS.contains(&change.field.as_str()) {
            let union = union(server.as_ref(), change.new.as_ref());
            body.insert(change.field.clone(), union);
            merged.applied.push(change.field.clone());
        } else {
            merged.conflicts.push(FieldConflict {
                field: change.field.clone(),
                base: change.old.clone(),
                server,
                client: change.new.clone(),
            });
        }
    }
    merged.body = Value::Object(body);
    merged
}

/// The record a device keeps when it pulls the server's `body` while its own
/// `pending` changes to the record (in order) are not yet sent: the server's
/// version with the device's changes laid over it again, as the server will
/// merge them later. An append-only list keeps the server's items and adds
/// the device's (a pending edit never hides a decision the server holds).
/// `None` when a pending change deletes the record.
pub fn rebase(body: &Value, pending: &[Mutation]) -> Option<Value> {
    let mut fields = body.as_object().cloned().unwrap_or_default();
    let mut deleted = false;
    for change in pending.iter().flat_map(|mutation| &mutation.changes) {
        if change.field == DELETED_FIELD {
            deleted = change.new == Some(Value::Bool(true));
        } else if APPEND_ONLY_FIELDS.contains(&change.field.as_str()) {
            let union = union(fields.get(&change.field), change.new.as_ref());
            fields.insert(change.field.clone(), union);
        } else {
            set(&mut fields, change);
        }
    }
    (!deleted).then_some(Value::Object(fields))
}

fn set(body: &mut Map<String, Value>, change: &FieldChange) {
    match &change.new {
        Some(value) => {
            body.insert(change.field.clone(), value.clone());
        }
        None => {
            body.remove(&change.field);
        }
    }
}

/// The server's list followed by the device's items it does not have yet.
fn union(server: Option<&Value>, client: Option<&Value>) -> Value {
    let mut items: Vec<Value> = server.and_then(Value::as_array).cloned().unwrap_or_default();
    for item in client.and_then(Value::as_array).into_iter().flatten() {
        if !items.contains(item) {
            items.push(item.clone());
        }
    }
    Value::Array(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::RecordType;
    use crate::sync_meta::{OfficerId, Timestamp};
    use serde_json::json;
    use uuid::Uuid;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn mutation(base_revision: u64, changes: Vec<(&str, Option<Value>, Option<Value>)>) -> Mutation {
        Mutation {
            mutation_id: Uuid::nil(),
            device_id: Uuid::nil(),
            seq: 1,
            record_type: RecordType::Unit,
            record_id: Uuid::from_u128(7),
            base_revision,
            base_epoch: None,
            changes: changes
                .into_iter()
                .map(|(field, old, new)| FieldChange {
                    field: field.to_owned(),
                    old,
                    new,
                })
                .collect(),
            officer_id: OfficerId(Uuid::nil()),
            at: Timestamp(0),
            resolves: Vec::new(),
        }
    }

    fn village() -> Value {
        json!({"id": Uuid::from_u128(7).to_string(), "name": "Thôn Nà Pàn", "households": 62, "notes": ""})
    }

    #[test]
    fn a_base_of_the_same_number_from_another_epoch_is_merged_field_by_field() {
        let mut current = village();
        current["name"] = json!("Thôn Nà Pàn Nam");
        current["meta"] = json!({"revision": 2, "epoch": "after-restore"});
        let mut edit = mutation(
            2,
            vec![
                ("name", Some(json!("Thôn Nà Pàn Bắc")), Some(json!("Thôn Nà Pàn Đông"))),
                ("households", Some(json!(62)), Some(json!(70))),
            ],
        );
        edit.base_epoch = Some("before-restore".to_owned());
        let merged = merge(Some(&current), 2, &edit);
        assert_eq!(merged.body["name"], "Thôn Nà Pàn Nam", "not overwritten");
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(
            merged.body["households"], 70,
            "a field still as the device saw it is taken"
        );

        // The same revision of the same epoch is the version the device saw.
        edit.base_epoch = Some("after-restore".to_owned());
        assert!(merge(Some(&current), 2, &edit).conflicts.is_empty());
    }

    #[test]
    fn a_new_record_takes_every_field() {
        let merged = merge(
            None,
            0,
            &mutation(
                0,
                vec![
                    ("name", None, Some(json!("Thôn A"))),
                    ("households", None, Some(json!(80))),
                ],
            ),
        );
        assert_eq!(merged.body["name"], "Thôn A");
        assert_eq!(merged.body["id"], Uuid::from_u128(7).to_string());
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn two_devices_changing_different_fields_both_stick() {
        let server = village();
        // Device A changed the name (already on the server at revision 4); device B,
        // based on revision 3, changes the households.
        let mut at_four = server.clone();
        at_four["name"] = json!("Thôn Nà Pàn Trên");
        let merged = merge(
            Some(&at_four),
            4,
            &mutation(3, vec![("households", Some(json!(62)), Some(json!(70)))]),
        );
        assert_eq!(merged.body["name"], "Thôn Nà Pàn Trên");
        assert_eq!(merged.body["households"], 70);
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_conflict_keeping_both() {
        let mut at_four = village();
        at_four["households"] = json!(75);
        let merged = merge(
            Some(&at_four),
            4,
            &mutation(3, vec![("households", Some(json!(62)), Some(json!(70)))]),
        );
        assert_eq!(merged.body["households"], 75, "the server's value stays for now");
        assert_eq!(
            merged.conflicts,
            vec![FieldConflict {
                field: "households".to_owned(),
                base: Some(json!(62)),
                server: Some(json!(75)),
                client: Some(json!(70))
            }]
        );
    }

    #[test]
    fn the_same_edit_on_both_sides_is_no_conflict() {
        let mut at_four = village();
        at_four["households"] = json!(70);
        let merged = merge(
            Some(&at_four),
            4,
            &mutation(3, vec![("households", Some(json!(62)), Some(json!(70)))]),
        );
        assert!(merged.conflicts.is_empty());
        assert!(!merged.changes_anything(Some(&at_four)));
    }

    #[test]
    fn decisions_appended_on_both_sides_are_unioned() {
        let server = json!({"history": [{"to": "submitted"}, {"to": "returned"}]});
        let change = mutation(
            1,
            vec![(
                "history",
                Some(json!([{"to": "submitted"}])),
                Some(json!([{"to": "submitted"}, {"to": "district_reviewed"}])),
            )],
        );
        let merged = merge(Some(&server), 2, &change);
        assert_eq!(
            merged.body["history"],
            json!([{"to": "submitted"}, {"to": "returned"}, {"to": "district_reviewed"}])
        );
        assert!(merged.conflicts.is_empty());
    }

    #[test]
    fn a_pending_decision_is_laid_over_the_servers_newer_ones() {
        let server = json!({"name": "Thôn A", "history": [{"to": "submitted"}, {"to": "returned"}]});
        let pending = mutation(
            1,
            vec![
                ("name", Some(json!("Thôn A")), Some(json!("Thôn A Mới"))),
                (
                    "history",
                    Some(json!([{"to": "submitted"}])),
                    Some(json!([{"to": "submitted"}, {"to": "district_reviewed"}])),
                ),
            ],
        );
        let rebased = rebase(&server, std::slice::from_ref(&pending)).unwrap();
        assert_eq!(rebased["name"], "Thôn A Mới");
        assert_eq!(
            rebased["history"],
            json!([{"to": "submitted"}, {"to": "returned"}, {"to": "district_reviewed"}]),
            "the server's return stays beside the device's pending step"
        );
        let deleting = mutation(1, vec![(DELETED_FIELD, None, Some(json!(true)))]);
        assert_eq!(rebase(&server, &[pending, deleting]), None);
    }

    #[test]
    fn a_removed_field_and_a_tombstone() {
        let merged = merge(
            Some(&village()),
            1,
            &mutation(1, vec![("notes", Some(json!("")), None)]),
        );
        assert!(merged.body.get("notes").is_none());
        let deleted = merge(
            Some(&village()),
            1,
            &mutation(1, vec![(DELETED_FIELD, None, Some(json!(true)))]),
        );
        assert!(deleted.deleted);
    }
}
