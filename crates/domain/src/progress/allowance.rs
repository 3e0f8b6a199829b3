//! The monthly allowance fund of the villages' non-professional workers
//! (NĐ 185/2026: a multiple of the base salary, higher for a large village or
//! one of a border or defence-key area), before the arrangement and now, at
//! the base salary in force — what a merger saves each month.

use super::UnitStatus;
use crate::hierarchy::Hierarchy;
use crate::rules::base_salary::{self, BaseSalary};
use crate::rules::rule_set::{VillageGroup, WorkerAllowance, WorkerLimits};
use crate::rules::{RuleBook, RuleSelection};
use crate::unit_kind::UnitLevel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// The rules a report reads on its day: the workers' limits, the fund and the
/// base salary in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRules {
    pub limits: WorkerLimits,
    pub allowance: Option<WorkerAllowance>,
    pub base_salary: Option<BaseSalary>,
    /// What the agencies reported on the targets the data does not measure.
    pub entered: Vec<super::TargetReport>,
}

impl ReportRules {
    /// The village rule set in force on `on` (or the latest) and the base salary of that day.
    pub fn in_force(book: &RuleBook, on: NaiveDate) -> ReportRules {
        let set = book
            .select_or_latest(UnitLevel::Village, on, &RuleSelection::default())
            .map(|(set, _)| set);
        ReportRules {
            limits: set.map_or(
                WorkerLimits {
                    per_village: 0,
                    per_commune_category_i: 0,
                    per_commune_category_ii: 0,
                    per_commune_category_iii: 0,
                },
                |set| set.worker_limits().clone(),
            ),
            allowance: set.and_then(|set| match &set.rules {
                crate::rules::rule_set::Rules::Village(rules) => rules.allowance.clone(),
                crate::rules::rule_set::Rules::Commune(_) => None,
            }),
            base_salary: base_salary::on(on),
            entered: Vec::new(),
        }
    }

    /// The same rules, with what the agencies reported.
    pub fn with_entered(self, entered: Vec<super::TargetReport>) -> ReportRules {
        ReportRules { entered, ..self }
    }
}

/// The fund before and now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowanceFund {
    /// The base salary counted in, in đồng a month, and its decree.
    pub base_salary: u64,
    pub base_salary_source: String,
    /// Villages counted (those with households on record), and their fund in đồng a month.
    pub villages_before: u32,
    pub monthly_before: u64,
    pub villages_after: u32,
    pub monthly_after: u64,
    /// Active villages left out for want of a review.
    pub unreviewed_after: u32,
}

impl AllowanceFund {
    /// What the arrangement saves a month (negative when it costs).
    pub fn monthly_saving(&self) -> i64 {
        self.monthly_before as i64 - self.monthly_after as i64
    }
}

/// The fund of the villages under `scope`: before (the villages that existed
/// before any proposal took effect), and now (the active ones). `None` when
/// the rules in force set no fund or no base salary is known.
pub fn allowance_fund<S: std::hash::BuildHasher>(
    scope: Uuid,
    hierarchy: &Hierarchy<'_>,
    statuses: &HashMap<Uuid, UnitStatus, S>,
    created_by_proposals: &dyn Fn(Uuid) -> bool,
    rules: &ReportRules,
) -> Option<AllowanceFund> {
    let (allowance, salary) = (rules.allowance.as_ref()?, rules.base_salary?);
    let mut fund = AllowanceFund {
        base_salary: salary.amount,
        base_salary_source: salary.source.to_owned(),
        villages_before: 0,
        monthly_before: 0,
        villages_after: 0,
        monthly_after: 0,
        unreviewed_after: 0,
    };
    for unit in hierarchy
        .units()
        .filter(|unit| unit.level() == UnitLevel::Village && hierarchy.contains(scope, unit.id))
    {
        let Some(group) = VillageGroup::of(unit.kind) else {
            continue;
        };
        let status = statuses.get(&unit.id);
        let Some(households) = status.and_then(|status| status.households) else {
            fund.unreviewed_after += u32::from(unit.is_active());
            continue;
        };
        let border_commune = unit
            .parent_id
            .and_then(|parent| hierarchy.get(parent))
            .is_some_and(|parent| parent.attributes.border_commune);
        let special = border_commune || status.is_some_and(|status| status.higher_fund);
        let monthly = allowance.monthly_fund(group, households, special, salary.amount);
        if !created_by_proposals(unit.id) {
            fund.villages_before += 1;
            fund.monthly_before += monthly;
        }
        if unit.is_active() {
            fund.villages_after += 1;
            fund.monthly_after += monthly;
        }
    }
    Some(fund)
}
