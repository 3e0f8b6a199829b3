//! A rebase of pending local changes over a pulled record never loses a
//! pending field nor a decision the server holds.
#![cfg(not(target_arch = "wasm32"))]

use domain::sync::{FieldChange, Mutation, RecordType, rebase};
use domain::{OfficerId, Timestamp};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

const FIELDS: [&str; 3] = ["name", "households", "notes"];

fn mutation(seq: u64, changes: Vec<FieldChange>) -> Mutation {
    Mutation {
        mutation_id: Uuid::from_u128(u128::from(seq)),
        device_id: Uuid::nil(),
        seq,
        record_type: RecordType::Proposal,
        record_id: Uuid::from_u128(7),
        base_revision: 1,
        base_epoch: None,
        changes,
        officer_id: OfficerId(Uuid::nil()),
        at: Timestamp(0),
        resolves: Vec::new(),
    }
}

/// One pending edit: fields set (by index; `None` removes), and decisions
/// appended to what the device had seen.
type Edit = (Vec<(usize, Option<u32>)>, Vec<u32>);

/// A few pending edits.
fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        (
            prop::collection::vec((0..FIELDS.len(), prop::option::of(0u32..500)), 0..3),
            prop::collection::vec(100u32..200, 0..3),
        ),
        1..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_rebase_keeps_every_pending_field_and_every_server_decision(
        server_fields in prop::collection::vec(prop::option::of(0u32..500), FIELDS.len()),
        server_decisions in prop::collection::btree_set(0u32..100, 0..5),
        seen_decisions in 0usize..5,
        edits in edits(),
    ) {
        let server_history: Vec<Value> = server_decisions.iter().map(|step| json!({ "step": step })).collect();
        let mut body = serde_json::Map::new();
        for (field, value) in FIELDS.iter().zip(&server_fields) {
            if let Some(value) = value {
                body.insert((*field).to_owned(), json!(value));
            }
        }
        body.insert("history".to_owned(), Value::Array(server_history.clone()));
        let server = Value::Object(body);

        // The device saw an older history (a prefix of the server's) and appends to it.
        let mut device_history: Vec<Value> = server_history.iter().take(seen_decisions).cloned().collect();
        let mut expected: Vec<Option<Value>> = server_fields.iter().map(|value| value.map(|v| json!(v))).collect();
        let mut pending = Vec::new();
        for (seq, (sets, added)) in edits.iter().enumerate() {
            let mut changes: Vec<FieldChange> = sets
                .iter()
                .map(|(field, value)| {
                    expected[*field] = value.map(|v| json!(v));
                    FieldChange { field: FIELDS[*field].to_owned(), old: None, new: value.map(|v| json!(v)) }
                })
                .collect();
            if !added.is_empty() {
                let old = device_history.clone();
                device_history.extend(added.iter().map(|step| json!({ "step": step })));
                changes.push(FieldChange {
                    field: "history".to_owned(),
                    old: Some(Value::Array(old)),
                    new: Some(Value::Array(device_history.clone())),
                });
            }
            pending.push(mutation(seq as u64 + 1, changes));
        }

        let rebased = rebase(&server, &pending).expect("nothing deletes the record");
        for (field, value) in FIELDS.iter().zip(&expected) {
            prop_assert_eq!(rebased.get(*field), value.as_ref(), "field {}", field);
        }
        let history = rebased["history"].as_array().cloned().unwrap_or_default();
        for decision in server_history.iter().chain(&device_history) {
            prop_assert!(history.contains(decision), "{} is lost", decision);
        }
        prop_assert_eq!(&history[..server_history.len()], &server_history[..], "the server's decisions come first, in order");
    }
}
