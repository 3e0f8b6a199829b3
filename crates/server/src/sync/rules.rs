//! Whether a mutation may be applied: who may write which record, and
//! whether the record that results is valid by the domain's rules. A
//! mutation that fails is refused with a code and a reason, never dropped.

use crate::accounts::Caller;
use crate::db::Scope;
use domain::proposal::Proposal;
use domain::review::{CommuneReview, VillageReview, check_commune_review, check_village_review};
use domain::sync::{RecordType, may_write};
use domain::{Language, NaiveDate, Unit, UnitLevel};
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

/// What a valid record is, for what the push does next.
#[derive(Clone, Debug)]
pub enum Validated {
    /// A unit: the `units` table is kept in step with it.
    Unit(Unit),
    /// A proposal, and what it was: its steps are checked by the procedure.
    Proposal {
        before: Option<Box<Proposal>>,
        after: Box<Proposal>,
    },
    /// Anything else.
    Record,
}

/// Reads the merged body as the domain record and checks what the record
/// alone shows (a review's figures, a rule set).
pub fn validate(
    record_type: RecordType,
    body: &Value,
    before: Option<&Value>,
    today: NaiveDate,
) -> Result<Validated, Refusal> {
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
            Ok(Validated::Unit(unit))
        }
        RecordType::VillageReview => {
            let review: VillageReview = serde_json::from_value(body.clone()).map_err(invalid)?;
            problems(
                check_village_review(&review, today)
                    .iter()
                    .map(|error| error.message(Language::Vi))
                    .collect(),
            )?;
            Ok(Validated::Record)
        }
        RecordType::CommuneReview => {
            let review: CommuneReview = serde_json::from_value(body.clone()).map_err(invalid)?;
            problems(
                check_commune_review(&review, today)
                    .iter()
                    .map(|error| error.message(Language::Vi))
                    .collect(),
            )?;
            Ok(Validated::Record)
        }
        RecordType::Proposal => {
            let proposal: Proposal = serde_json::from_value(body.clone()).map_err(invalid)?;
            let previous: Option<Proposal> = before.and_then(|before| serde_json::from_value(before.clone()).ok());
            Ok(Validated::Proposal {
                before: previous.map(Box::new),
                after: Box::new(proposal),
            })
        }
        RecordType::RuleSet => {
            let rule_set: domain::rules::RuleSet = serde_json::from_value(body.clone()).map_err(invalid)?;
            domain::rules::RuleBook::check_province_set(&rule_set)
                .map_err(|error| Refusal::new("invalid_record", error.message(Language::Vi)))?;
            Ok(Validated::Record)
        }
        RecordType::TargetReport => {
            let report: domain::progress::TargetReport = serde_json::from_value(body.clone()).map_err(invalid)?;
            problems(
                domain::progress::check_target_report(&report, &domain::progress::plan_targets(), today)
                    .iter()
                    .map(|error| error.message(Language::Vi))
                    .collect(),
            )?;
            Ok(Validated::Record)
        }
    }
}
