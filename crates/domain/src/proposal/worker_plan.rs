//! NĐ 185/2026 Điều 12: the Đề án says what becomes of the village's
//! non-professional workers (người hoạt động không chuyên trách ở thôn, tổ dân
//! phố): how many there are, how many the villages after the arrangement keep
//! (at most 3 each), and how those who lose their post are arranged.

use super::{Action, Proposal};
use crate::validation::{Field, Problem, ValidationError};
use serde::{Deserialize, Serialize};

/// NĐ 185/2026: at most three non-professional workers in a village.
pub const MAX_WORKERS_PER_VILLAGE: u32 = 3;
/// The longest arrangement accepted, in characters.
pub const MAX_ARRANGEMENT_CHARS: usize = 2_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerPlan {
    /// The workers of every village the proposal arranges, today.
    pub workers_before: u32,
    /// The workers of the villages after it.
    pub workers_after: u32,
    /// What becomes of those who no longer have a post.
    #[serde(default)]
    pub arrangement: String,
}

impl WorkerPlan {
    /// Every problem of the plan for `villages_after` villages (empty when none).
    pub fn check(&self, villages_after: u32) -> Vec<ValidationError> {
        let mut errors = Vec::new();
        let limit = MAX_WORKERS_PER_VILLAGE * villages_after;
        if self.workers_after > limit {
            errors.push(ValidationError::new(
                Field::WorkersAfter,
                Problem::AboveWorkerLimit {
                    max: u64::from(limit),
                    per_village: MAX_WORKERS_PER_VILLAGE,
                },
            ));
        }
        let arrangement = self.arrangement.trim();
        if self.workers_after < self.workers_before && arrangement.is_empty() {
            errors.push(ValidationError::new(Field::WorkerArrangement, Problem::Required));
        }
        let found = arrangement.chars().count();
        if found > MAX_ARRANGEMENT_CHARS {
            errors.push(ValidationError::new(
                Field::WorkerArrangement,
                Problem::TooLong {
                    max: MAX_ARRANGEMENT_CHARS,
                    found,
                },
            ));
        }
        errors
    }
}

impl Proposal {
    /// How many villages the units concerned make after the proposal.
    pub fn villages_after(&self) -> u32 {
        match &self.action {
            Action::Merge { .. } => 1,
            Action::Dissolve => 0,
            Action::AttachCluster { .. } => 2,
            Action::Rename { .. } | Action::ConvertToResidentialGroup => 1,
        }
    }

    /// The worker plan's problems under a procedure that asks for one.
    pub fn worker_plan_problems(&self) -> Vec<ValidationError> {
        if !self.procedure().needs_worker_plan {
            return Vec::new();
        }
        match &self.worker_plan {
            None => vec![ValidationError::new(Field::WorkerPlan, Problem::Required)],
            Some(plan) => plan.check(self.villages_after()),
        }
    }
}
