//! Applying a device's push: in its order, each mutation at most once (the
//! last sequence applied per device is kept in the same transaction as the
//! data), merged field by field, refused ones quarantined.

use super::procedure::{self, ProposalWrite};
use super::rules::{self, Refusal, Validated};
use super::scope::ScopeCache;
use crate::accounts::Caller;
use crate::db::{ConflictRow, Database, DbError, QuarantineRow, RecordRow, Scope, SyncTransaction};
use domain::sync::protocol::{MutationResult, Outcome, PushRequest, PushResponse};
use domain::sync::{Anchor, Mutation, RecordType, anchor_of, merge};
use domain::{Timestamp, UnitLevel};
use serde_json::{Value, json};
use uuid::Uuid;

/// Why a push as a whole is refused (nothing of it is taken).
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("mutation {seq} is from device {found}, not {device}")]
    ForeignMutation { seq: u64, found: Uuid, device: Uuid },
    #[error("the mutations must be in rising sequence order (at {seq})")]
    OutOfOrder { seq: u64 },
    #[error("a push carries at most {max} mutations, this one {found}")]
    TooMany { found: usize, max: usize },
    #[error(transparent)]
    Database(#[from] DbError),
}

/// Applies a push in one transaction and answers it.
pub async fn push(
    database: &Database,
    caller: &Caller,
    request: &PushRequest,
    now: Timestamp,
) -> Result<PushResponse, PushError> {
    let device = request.device_id;
    if request.mutations.len() > domain::sync::MAX_PUSH_MUTATIONS {
        return Err(PushError::TooMany {
            found: request.mutations.len(),
            max: domain::sync::MAX_PUSH_MUTATIONS,
        });
    }
    let mut previous = 0;
    for mutation in &request.mutations {
        if mutation.device_id != device {
            return Err(PushError::ForeignMutation {
                seq: mutation.seq,
                found: mutation.device_id,
                device,
            });
        }
        if mutation.seq <= previous {
            return Err(PushError::OutOfOrder { seq: mutation.seq });
        }
        previous = mutation.seq;
    }
    let epoch = database.epoch().await?;
    let root = database
        .ancestors(caller.jurisdiction)
        .await?
        .last()
        .copied()
        .unwrap_or(caller.jurisdiction);
    let mut transaction = database.begin_sync().await?;
    // Taken first: it orders this push against every other (the change
    // sequence must follow commit order) and takes the write lock at once.
    transaction.next_change_seq().await?;
    let last = transaction.device_last_seq(device).await?.unwrap_or(0);
    let mut expected = last + 1;
    let mut results = Vec::new();
    let mut scopes = ScopeCache::default();
    for mutation in &request.mutations {
        if mutation.seq < expected {
            // A replay: answered as the first time, changing nothing.
            let stored = transaction.stored_result(device, mutation.seq).await?;
            let outcome = stored
                .and_then(|text| serde_json::from_str::<Outcome>(&text).ok())
                .unwrap_or(Outcome::Applied { revision: 0 });
            results.push(MutationResult {
                mutation_id: mutation.mutation_id,
                seq: mutation.seq,
                outcome,
            });
            continue;
        }
        if mutation.seq > expected {
            // A gap: nothing after it is taken; the device resends from `expected`.
            break;
        }
        // Taken before under another sequence (a change imported from another
        // device's file and re-issued here, or that device's own copy after
        // the re-issue): answered as then, applied once.
        let taken_before = transaction
            .result_of_mutation(mutation.mutation_id)
            .await?
            .and_then(|text| Some((serde_json::from_str::<Outcome>(&text).ok()?, text)));
        let (outcome, stored) = match taken_before {
            Some(taken) => taken,
            None => {
                let outcome =
                    apply_or_quarantine(&mut transaction, caller, mutation, root, &epoch, &mut scopes, now).await?;
                let stored = serde_json::to_string(&outcome).unwrap_or_default();
                (outcome, stored)
            }
        };
        transaction
            .store_result(device, mutation.seq, mutation.mutation_id, &stored)
            .await?;
        results.push(MutationResult {
            mutation_id: mutation.mutation_id,
            seq: mutation.seq,
            outcome,
        });
        expected += 1;
    }
    transaction
        .set_device(device, caller.officer_id, expected - 1, now.0)
        .await?;
    transaction.commit().await?;
    Ok(PushResponse {
        epoch,
        results,
        expected_seq: expected,
    })
}

/// Applies one mutation, or quarantines it with the reason it was refused.
async fn apply_or_quarantine(
    transaction: &mut SyncTransaction,
    caller: &Caller,
    mutation: &Mutation,
    root: Uuid,
    epoch: &str,
    scopes: &mut ScopeCache,
    now: Timestamp,
) -> Result<Outcome, DbError> {
    let refusal = match apply(transaction, caller, mutation, root, epoch, scopes, now).await? {
        Ok(outcome) => return Ok(outcome),
        Err(refusal) => refusal,
    };
    transaction
        .quarantine(&QuarantineRow {
            mutation_id: mutation.mutation_id,
            device_id: mutation.device_id,
            seq: mutation.seq,
            officer_id: caller.officer_id,
            record_type: mutation.record_type,
            record_id: mutation.record_id,
            code: refusal.code.to_owned(),
            reason: refusal.reason.clone(),
            mutation: serde_json::to_string(mutation).unwrap_or_default(),
            received_at: now.0,
        })
        .await?;
    Ok(Outcome::Refused {
        code: refusal.code.to_owned(),
        reason: refusal.reason,
    })
}

/// Applies one mutation: `Ok(Err(refusal))` when it is refused.
async fn apply(
    transaction: &mut SyncTransaction,
    caller: &Caller,
    mutation: &Mutation,
    root: Uuid,
    epoch: &str,
    scopes: &mut ScopeCache,
    now: Timestamp,
) -> Result<Result<Outcome, Refusal>, DbError> {
    let size = serde_json::to_vec(&mutation.changes).map_or(usize::MAX, |bytes| bytes.len());
    if size > domain::sync::MAX_MUTATION_BYTES {
        return Ok(Err(Refusal::new(
            "too_large",
            format!(
                "the change carries {size} bytes; at most {} are taken in one mutation",
                domain::sync::MAX_MUTATION_BYTES
            ),
        )));
    }
    if mutation.officer_id.0 != caller.officer_id {
        return Ok(Err(Refusal::new(
            "not_your_mutation",
            "the mutation was made by another officer than the one signed in",
        )));
    }
    let current = transaction.record(mutation.record_type, mutation.record_id).await?;
    let current_body: Option<Value> = current.as_ref().and_then(|row| serde_json::from_str(&row.body).ok());
    let current_revision = current.as_ref().map_or(0, |row| row.revision);
    let mut merged = merge(current_body.as_ref(), current_revision, mutation);
    let revision = current_revision + 1;
    if let Some(object) = merged.body.as_object_mut() {
        object.insert(
            "meta".to_owned(),
            json!({ "revision": revision, "updated_at": mutation.at, "updated_by": mutation.officer_id, "epoch": epoch }),
        );
        // A review is stored tagged with its level, as devices read it, even
        // when the client that pushed it left the tag out.
        let level = match mutation.record_type {
            RecordType::VillageReview => Some("village"),
            RecordType::CommuneReview => Some("commune"),
            _ => None,
        };
        if let Some(level) = level {
            object.insert("level".to_owned(), json!(level));
        }
    }

    // Where the record lies, after the change and before it.
    let Some(anchor) = anchor_of(mutation.record_type, &merged.body) else {
        return Ok(Err(Refusal::new(
            "invalid_record",
            "the record names no unit it belongs to",
        )));
    };
    let (scope, level) = match anchor {
        Anchor::UnitUnder { parent, level } => {
            let above = match parent {
                Some(parent) => match scopes.of_unit(transaction, parent).await? {
                    Some(scope) => scope,
                    None => {
                        return Ok(Err(Refusal::new(
                            "unknown_unit",
                            format!("the parent unit {parent} does not exist"),
                        )));
                    }
                },
                None => Scope::default(),
            };
            if let Some(parent) = parent
                && let Some(parent_kind) = scopes.kind_of(transaction, parent).await?
                && parent_kind.level() >= level
            {
                return Ok(Err(Refusal::new(
                    "invalid_record",
                    "a unit's parent must be of a higher level",
                )));
            }
            (above.with_unit(mutation.record_id, level), Some(level))
        }
        Anchor::Unit(unit) => match scopes.of_unit(transaction, unit).await? {
            Some(scope) => {
                let level = scopes.kind_of(transaction, unit).await?.map(|kind| kind.level());
                (scope, level)
            }
            None => return Ok(Err(Refusal::new("unknown_unit", format!("unit {unit} does not exist")))),
        },
        Anchor::Root => (
            Scope {
                anchor: Some(root),
                province: Some(root),
                ..Scope::default()
            },
            Some(UnitLevel::Province),
        ),
    };
    let mut checked = vec![scope];
    if let Some(row) = &current {
        checked.push(row.scope);
    }
    if let Err(refusal) = rules::authorize(caller, mutation.record_type, level, &checked) {
        return Ok(Err(refusal));
    }
    let validated = match rules::validate(
        mutation.record_type,
        &merged.body,
        current_body.as_ref(),
        now.vietnam_date(),
    ) {
        Ok(validated) => validated,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let mut becomes_effective = None;
    match &validated {
        Validated::Unit(unit) => {
            // A unit's life (merged, divided, dissolved) is the server's to
            // change, when it carries out a decision; a device creates units
            // in force and leaves their life as it is.
            let lifecycle_before = current_body.as_ref().and_then(|body| body.get("lifecycle"));
            let lifecycle_changed = match lifecycle_before {
                Some(before) => merged.body.get("lifecycle") != Some(before),
                None => !unit.lifecycle.is_active(),
            };
            if lifecycle_changed {
                return Ok(Err(Refusal::new(
                    "lifecycle_server_only",
                    format!(
                        "tình trạng của {} (sáp nhập, chia tách, giải thể) chỉ thay đổi khi máy chủ thực hiện quyết định",
                        unit.name
                    ),
                )));
            }
            if let Some(code) = &unit.code
                && unit.lifecycle.is_active()
                && let Some((_, holder)) = transaction.unit_holding_code(code.as_str(), unit.id).await?
            {
                return Ok(Err(Refusal::new(
                    "code_taken",
                    format!("mã {code} đang là mã của {holder}"),
                )));
            }
            // A new name, or a new place: not one a sibling in force has.
            let before = current_body.as_ref();
            let moved_or_renamed = before.is_none_or(|body| {
                body.get("name").and_then(Value::as_str) != Some(unit.name.as_str())
                    || body.get("parent_id") != merged.body.get("parent_id")
            });
            if moved_or_renamed
                && unit.lifecycle.is_active()
                && let Some(parent) = unit.parent_id
            {
                let (names, parent_name) = transaction.names_in_force_under(parent, unit.id).await?;
                if let Err(error) = domain::unit_name::check_unique_among(
                    unit.name.as_str(),
                    names.iter().map(String::as_str),
                    parent_name.as_deref().unwrap_or_default(),
                ) {
                    return Ok(Err(Refusal::new("duplicate_name", error.message(domain::Language::Vi))));
                }
            }
        }
        Validated::Proposal { before, after } => {
            match procedure::check_proposal_write(transaction, caller, before.as_deref(), after, now).await? {
                Ok(ProposalWrite::BecameEffective(date)) => becomes_effective = Some(date),
                Ok(ProposalWrite::Recorded) => {}
                Err(refusal) => return Ok(Err(refusal)),
            }
        }
        Validated::Record => {}
    }

    if !merged.changes_anything(current_body.as_ref()) && mutation.resolves.is_empty() {
        return Ok(Ok(Outcome::Applied {
            revision: current_revision,
        }));
    }
    for conflict in &merged.conflicts {
        let text = |value: &Option<Value>| value.as_ref().map(Value::to_string);
        transaction
            .add_conflict(&ConflictRow {
                id: Uuid::now_v7(),
                record_type: mutation.record_type,
                record_id: mutation.record_id,
                field: conflict.field.clone(),
                base: text(&conflict.base),
                server: text(&conflict.server),
                client: text(&conflict.client),
                officer_id: caller.officer_id,
                device_id: mutation.device_id,
                at: mutation.at.0,
            })
            .await?;
    }
    if !mutation.resolves.is_empty() {
        transaction
            .resolve_conflicts(
                mutation.record_type,
                mutation.record_id,
                &mutation.resolves,
                caller.officer_id,
                now.0,
            )
            .await?;
    }
    // Counted again only when this mutation opened or settled some.
    let open_conflicts = if merged.conflicts.is_empty() && mutation.resolves.is_empty() {
        current.as_ref().map_or(0, |row| row.open_conflicts)
    } else {
        transaction
            .open_conflict_count(mutation.record_type, mutation.record_id)
            .await?
    };
    let change_seq = transaction.next_change_seq().await?;
    if let Some(previous) = current.as_ref().filter(|row| row.scope != scope) {
        transaction
            .record_departure(mutation.record_type, mutation.record_id, &previous.scope, change_seq)
            .await?;
    }
    transaction
        .put_record(&RecordRow {
            record_type: mutation.record_type,
            id: mutation.record_id,
            revision,
            change_seq,
            scope,
            body: merged.body.to_string(),
            deleted: merged.deleted,
            open_conflicts,
            updated_at: mutation.at.0,
            updated_by: caller.officer_id.to_string(),
        })
        .await?;
    if let Validated::Unit(unit) = &validated {
        transaction.put_unit(unit).await?;
        scopes.forget(unit.id);
        if current.as_ref().is_some_and(|row| row.scope != scope) {
            // Re-parented: its reviews and proposals go with it.
            procedure::move_anchored(transaction, unit.id, scope).await?;
        }
    }
    // A decision in effect is the server's to carry out: at once when its
    // day has begun, else when it begins (`procedure::carry_out_due`).
    if let Some(effective) = becomes_effective {
        transaction
            .record_application(mutation.record_id, &effective.to_string(), now.0)
            .await?;
        if effective <= now.vietnam_date() {
            procedure::carry_out(transaction, mutation.record_id, now).await?;
        }
    }
    let fields: Vec<String> = merged.conflicts.iter().map(|conflict| conflict.field.clone()).collect();
    Ok(Ok(if fields.is_empty() {
        Outcome::Applied { revision }
    } else {
        Outcome::Conflict { revision, fields }
    }))
}
