//! What sync moves: mutations, each a set of field changes to one record,
//! with the revision it was based on and its place in its device's sequence.
//! The device store writes them (outbox), the server applies them.

pub mod merge;
pub mod permission;
pub mod protocol;
pub mod scope;

pub use merge::{FieldConflict, Merged, merge, rebase};
pub use permission::may_write;
pub use scope::{Anchor, Scope, anchor_of};

use crate::sync_meta::{OfficerId, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The kinds of record that sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordType {
    Unit,
    VillageReview,
    CommuneReview,
    Proposal,
    RuleSet,
    /// An agency's report on a target of the plan (`progress::TargetReport`).
    TargetReport,
}

impl RecordType {
    pub const ALL: [RecordType; 6] = [
        RecordType::Unit,
        RecordType::VillageReview,
        RecordType::CommuneReview,
        RecordType::Proposal,
        RecordType::RuleSet,
        RecordType::TargetReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Unit => "unit",
            RecordType::VillageReview => "village_review",
            RecordType::CommuneReview => "commune_review",
            RecordType::Proposal => "proposal",
            RecordType::RuleSet => "rule_set",
            RecordType::TargetReport => "target_report",
        }
    }
}

/// One field's value before and after a change; `None` when absent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The most mutations one push may carry (the app sends 1,000 at a time).
pub const MAX_PUSH_MUTATIONS: usize = 1_000;

/// The largest change one mutation may carry, as JSON (its fields' old and
/// new values): a record is a few hundred bytes; a pasted file is refused.
pub const MAX_MUTATION_BYTES: usize = 64 * 1024;

/// One local change to one record, as the outbox holds it and push sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    pub mutation_id: Uuid,
    pub device_id: Uuid,
    /// The device's own sequence number: 1, 2, 3… without gaps.
    pub seq: u64,
    pub record_type: RecordType,
    pub record_id: Uuid,
    /// The server revision the change was based on (0: a record never synced)…
    pub base_revision: u64,
    /// …and the epoch it was written in (`SyncMeta::epoch`): with it, a base
    /// names one state across restores. A base the server does not hold is
    /// merged field by field against the old values the mutation carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_epoch: Option<String>,
    pub changes: Vec<FieldChange>,
    pub officer_id: OfficerId,
    pub at: Timestamp,
    /// The conflicts this mutation settles (a resolution is itself a mutation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolves: Vec<Uuid>,
}

/// Fields that are bookkeeping, not content: never diffed, never merged.
const BOOKKEEPING: [&str; 2] = ["id", "meta"];

/// The field-level changes from `old` (absent for a new record) to `new`,
/// comparing top-level fields of the records' JSON, sorted by field name.
pub fn diff(old: Option<&Value>, new: &Value) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let old_fields = old.and_then(Value::as_object).unwrap_or(&empty);
    let new_fields = new.as_object().unwrap_or(&empty);
    let mut names: Vec<&String> = old_fields.keys().chain(new_fields.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| !BOOKKEEPING.contains(&name.as_str()))
        .filter_map(|name| {
            let (before, after) = (old_fields.get(name), new_fields.get(name));
            (before != after).then(|| FieldChange {
                field: name.clone(),
                old: before.cloned(),
                new: after.cloned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_new_record_changes_every_content_field() {
        let changes = diff(
            None,
            &json!({"id": "x", "name": "Thôn A", "households": 62, "meta": {"revision": 0}}),
        );
        let fields: Vec<&str> = changes.iter().map(|change| change.field.as_str()).collect();
        assert_eq!(fields, vec!["households", "name"]);
        assert!(changes.iter().all(|change| change.old.is_none()));
    }

    #[test]
    fn only_changed_fields_are_kept_with_their_old_values() {
        let old = json!({"id": "x", "name": "Thôn A", "households": 62, "notes": "", "meta": {"revision": 3}});
        let new = json!({"id": "x", "name": "Thôn A", "households": 70, "meta": {"revision": 3, "updated_by": "b"}});
        assert_eq!(
            diff(Some(&old), &new),
            vec![
                FieldChange {
                    field: "households".to_owned(),
                    old: Some(json!(62)),
                    new: Some(json!(70))
                },
                FieldChange {
                    field: "notes".to_owned(),
                    old: Some(json!("")),
                    new: None
                },
            ]
        );
        assert!(diff(Some(&new), &new).is_empty());
    }
}
