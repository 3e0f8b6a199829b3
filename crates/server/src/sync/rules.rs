//! Whether a mutation may be applied: who may write which record, and
//! whether the record that results is valid by the domain's rules. A
//! mutation that fails is refused with a code and a reason, never dropped.

use crate::accounts::Caller;
use crate::db::Scope;
use domain::proposal::Proposal;
use domain::proposal::workflow::{Decision, owner};
use domain::review::{CommuneReview, VillageReview, check_commune_review, check_village_review};
use domain::sync::{RecordType, may_write};
use domain::{Language, NaiveDate, Role, Unit, UnitLevel};
use serde_json::Value;

/// Why a mutation is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub reason: String,
}

impl Refusal {
    pub fn new(code: &'static str, reason: impl Into<String>) -> Self {
        Self {
            code,
            reason: reason.into(),
        }
    }
}

/// Checks the caller's role and jurisdiction against where the record lies,
/// before and after the change.
pub fn authorize(
    caller: &Caller,
    record_type: RecordType,
    level: Option<UnitLevel>,
    scopes: &[Scope],
) -> Result<(), Refusal> {
    if !may_write(caller.role, record_type, level) {
        return Err(Refusal::new(
            "wrong_role",
            format!(
                "a {} may not write a {} record here",
                caller.role.as_str(),
                record_type.as_str()
            ),
        ));
    }
    if scopes.iter().any(|scope| !scope.visible_to(caller.jurisdiction)) {
        return Err(Refusal::new(
            "outside_jurisdiction",
            "the record lies outside the officer's jurisdiction",
        ));
    }
    Ok(())
}

/// Reads the merged body as the domain record and checks it; returns the
/// unit to keep the `units` table in step, for a unit record.
pub fn validate(
    record_type: RecordType,
    body: &Value,
    before: Option<&Value>,
    caller: &Caller,
    has_district: bool,
    today: NaiveDate,
) -> Result<Option<Unit>, Refusal> {
    let invalid = |error: serde_json::Error| {
        Refusal::new(
            "invalid_record",
            format!("the record is not a valid {}: {error}", record_type.as_str()),
        )
    };
    let problems = |messages: Vec<String>| -> Result<(), Refusal> {
        if messages.is_empty() {
            Ok(())
        } else {
            Err(Refusal::new("invalid_record", messages.join(" ")))
        }
    };
    match record_type {
        RecordType::Unit => {
            let unit: Unit = serde_json::from_value(body.clone()).map_err(invalid)?;
            Ok(Some(unit))
        }
        RecordType::VillageReview => {
            let review: VillageReview = serde_json::from_value(body.clone()).map_err(invalid)?;
            problems(
                check_village_review(&review, today)
                    .iter()
                    .map(|error| error.message(Language::Vi))
                    .collect(),
            )?;
            Ok(None)
        }
        RecordType::CommuneReview => {
            let review: CommuneReview = serde_json::from_value(body.clone()).map_err(invalid)?;
            problems(
                check_commune_review(&review, today)
                    .iter()
                    .map(|error| error.message(Language::Vi))
                    .collect(),
            )?;
            Ok(None)
        }
        RecordType::Proposal => {
            let proposal: Proposal = serde_json::from_value(body.clone()).map_err(invalid)?;
            let previous: Option<Proposal> = before.and_then(|before| serde_json::from_value(before.clone()).ok());
            check_decisions(&proposal, previous.as_ref(), caller, has_district)?;
            Ok(None)
        }
        RecordType::RuleSet => {
            let rule_set: domain::rules::RuleSet = serde_json::from_value(body.clone()).map_err(invalid)?;
            rule_set
                .validate()
                .map_err(|error| Refusal::new("invalid_record", error.message(Language::Vi)))?;
            Ok(None)
        }
    }
}

/// A proposal's status moves only by decisions appended to its history, each
/// taken by the caller in a role that owns that step from the status before it.
fn check_decisions(
    proposal: &Proposal,
    previous: Option<&Proposal>,
    caller: &Caller,
    has_district: bool,
) -> Result<(), Refusal> {
    let before: &[Decision] = previous.map_or(&[], |previous| &previous.history);
    if proposal.history.len() < before.len() || proposal.history[..before.len()] != *before {
        return Err(Refusal::new(
            "history_rewritten",
            "a proposal's decisions are appended, never edited or removed",
        ));
    }
    let mut status = previous.map_or(domain::proposal::Status::Draft, |previous| previous.status.clone());
    for decision in &proposal.history[before.len()..] {
        if decision.from != status {
            return Err(Refusal::new(
                "workflow",
                format!(
                    "a decision starts from {:?}, the proposal was {:?}",
                    decision.from, status
                ),
            ));
        }
        let owns = match owner(&decision.transition, &status, has_district) {
            Some(Role::CommuneOfficer) => caller.role != Role::Administrator,
            Some(role) => caller.role == role,
            None => false,
        };
        if !owns || decision.by.0 != caller.officer_id || decision.role != caller.role {
            return Err(Refusal::new(
                "workflow",
                format!(
                    "a {} cannot take the step {:?} from {:?}",
                    caller.role.as_str(),
                    decision.transition,
                    status
                ),
            ));
        }
        status = decision.to.clone();
    }
    if proposal.status != status {
        return Err(Refusal::new("workflow", "a proposal's status follows its decisions"));
    }
    Ok(())
}
