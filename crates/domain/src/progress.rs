//! Progress figures, from any set of units and proposals: counts before and
//! after and the reductions, by scope (province, district, commune) and by
//! kind; the units still below the merge threshold; non-professional workers
//! against the legal limits; communes whose Party Secretary is also Chairman
//! against the one-third target; the plan's targets with their deadlines.

pub mod allowance;
pub mod dashboard;
pub mod plan_targets;
pub mod target_report;
pub mod yearly;

use crate::hierarchy::Hierarchy;
use crate::proposal::{Action, MergeTarget, Part, Proposal, Status};
use crate::review::CommuneCategory;
use crate::rules::classification::Standing;
use crate::rules::rule_set::WorkerLimits;
use crate::unit::Unit;
use crate::unit_kind::{UnitKind, UnitLevel};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

pub use allowance::{AllowanceFund, ReportRules, allowance_fund};
pub use dashboard::{Dashboard, ReportHeading, StatusCount, Waiting, dashboard, percent, report_heading, unit_status};
pub use plan_targets::{Deadline, PlanTarget, TargetMeasure, TargetStatus, evaluate_targets, plan_targets};
pub use target_report::{TargetReport, check_target_report, reports_on};
pub use yearly::{YearChanges, YearCount, year_changes};

/// What the report needs to know of one unit beyond the hierarchy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitStatus {
    /// Its classification now, when reviewed.
    pub standing: Option<Standing>,
    /// Non-professional workers recorded at its latest review.
    pub workers: Option<u32>,
    /// For a commune: its category.
    pub category: Option<CommuneCategory>,
    /// For a commune: the Party Secretary is also Chairman.
    pub secretary_is_chairman: Option<bool>,
    /// For a village: its households at its latest review.
    pub households: Option<u32>,
    /// For a village: its review records a border or defence role, which
    /// takes the higher allowance fund.
    pub higher_fund: bool,
}

/// Counts at one level within one scope.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCount {
    /// Units that existed before any proposal took effect.
    pub before: u32,
    /// Active units now.
    pub after: u32,
    /// Active units once the approved (not yet effective) proposals take effect.
    pub planned: u32,
    /// `after` by kind.
    pub after_by_kind: BTreeMap<String, u32>,
}

impl LevelCount {
    pub fn reduction(&self) -> i64 {
        i64::from(self.before) - i64::from(self.after)
    }

    /// The reduction in hundredths of a percent of `before`.
    pub fn reduction_basis_points(&self) -> i64 {
        (self.reduction() * 10_000)
            .checked_div(i64::from(self.before))
            .unwrap_or(0)
    }
}

/// The counts within one unit (the province, a district, a commune).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeProgress {
    pub unit_id: Uuid,
    pub name: String,
    pub level: UnitLevel,
    pub communes: LevelCount,
    pub villages: LevelCount,
}

/// Non-professional workers against the legal limits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerProgress {
    /// Workers recorded at the latest reviews of the units existing before.
    pub recorded_before: u64,
    /// Workers recorded at the latest reviews of the active units.
    pub recorded_after: u64,
    /// The most the law allows for the units existing before, and now.
    pub limit_before: u64,
    pub limit_after: u64,
    /// Active units whose recorded workers exceed their own limit.
    pub units_over_limit: Vec<Uuid>,
}

/// One district's communes with a Secretary who is also Chairman.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretaryChairmanProgress {
    pub district_id: Uuid,
    pub name: String,
    pub communes: u32,
    pub with_secretary_chairman: u32,
    /// One third of the communes, rounded up.
    pub target: u32,
    pub met: bool,
}

/// The whole report for one scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressReport {
    /// The scope itself first, then its districts, then its communes.
    pub scopes: Vec<ScopeProgress>,
    /// Active communes still below the merge threshold.
    pub communes_below_threshold: Vec<Uuid>,
    /// Active villages still below the merge threshold.
    pub villages_below_threshold: Vec<Uuid>,
    /// Active communes and villages with a review on record: a target of
    /// "none below" is not met by units nobody has measured.
    #[serde(default)]
    pub communes_reviewed: u32,
    #[serde(default)]
    pub villages_reviewed: u32,
    pub village_workers: WorkerProgress,
    pub commune_workers: WorkerProgress,
    pub secretary_chairman: Vec<SecretaryChairmanProgress>,
}

/// Computes the report for the units under `scope` (the province, a district or a commune).
pub fn compute<S: std::hash::BuildHasher>(
    scope: Uuid,
    hierarchy: &Hierarchy<'_>,
    statuses: &HashMap<Uuid, UnitStatus, S>,
    proposals: &[Proposal],
    limits: &WorkerLimits,
) -> ProgressReport {
    let created_by_proposals = created_by(hierarchy, proposals);
    let planned = planned_changes(proposals);
    let mut report = ProgressReport {
        scopes: Vec::new(),
        communes_below_threshold: Vec::new(),
        villages_below_threshold: Vec::new(),
        communes_reviewed: 0,
        villages_reviewed: 0,
        village_workers: WorkerProgress::default(),
        commune_workers: WorkerProgress::default(),
        secretary_chairman: Vec::new(),
    };

    // The scopes: the scope itself and every district and commune under it.
    let mut scope_units: Vec<&Unit> = hierarchy
        .units()
        .filter(|unit| {
            matches!(
                unit.level(),
                UnitLevel::Province | UnitLevel::District | UnitLevel::Commune
            )
        })
        .filter(|unit| hierarchy.contains(scope, unit.id))
        .collect();
    scope_units.sort_by(|a, b| (a.level(), &a.code, &a.name, a.id).cmp(&(b.level(), &b.code, &b.name, b.id)));
    let scope_index: FxHashMap<Uuid, usize> = scope_units
        .iter()
        .enumerate()
        .map(|(index, unit)| (unit.id, index))
        .collect();
    let mut tallies: Vec<[Tally; 2]> = vec![[Tally::default(), Tally::default()]; scope_units.len()];
    let mut secretary: FxHashMap<Uuid, (u32, u32)> = FxHashMap::default();
    // Where each parent sits, computed once per parent: the scopes that count
    // its children, whether it lies in the scope, and its district. Villages
    // share a few hundred parents, so the tree is walked a few hundred times,
    // not once per village.
    let mut chains: FxHashMap<Option<Uuid>, Chain> = FxHashMap::default();
    let chain_of = |parent: Option<Uuid>| {
        let mut chain = Chain::default();
        let Some(parent) = parent else { return chain };
        let walk = std::iter::once(parent).chain(hierarchy.ancestors(parent).map(|found| found.id));
        for ancestor in walk {
            if let Some(index) = scope_index.get(&ancestor) {
                chain.scopes.push(*index);
            }
            if chain.district.is_none()
                && hierarchy
                    .get(ancestor)
                    .is_some_and(|unit| unit.level() == UnitLevel::District)
            {
                chain.district = Some(ancestor);
            }
            if ancestor == scope {
                chain.inside = true;
                break;
            }
        }
        chain
    };

    for unit in hierarchy.units() {
        let level = unit.level();
        let slot = match level {
            UnitLevel::Commune => 0,
            UnitLevel::Village => 1,
            _ => continue,
        };
        let chain = chains.entry(unit.parent_id).or_insert_with(|| chain_of(unit.parent_id));
        if !chain.inside {
            continue;
        }
        let district = chain.district;
        let existed_before = !created_by_proposals.contains(&unit.id);
        let active = unit.is_active();
        let planned_active = active && !planned.ending.contains(&unit.id);
        let status = statuses.get(&unit.id);
        for index in &chain.scopes {
            let tally = &mut tallies[*index][slot];
            tally.before += u32::from(existed_before);
            tally.after += u32::from(active);
            tally.planned += u32::from(planned_active);
            if active {
                tally.after_by_kind[kind_index(unit.kind)] += 1;
            }
        }
        let standing = status.and_then(|status| status.standing);
        if active && standing.is_some() {
            match level {
                UnitLevel::Commune => report.communes_reviewed += 1,
                _ => report.villages_reviewed += 1,
            }
        }
        if active && standing == Some(Standing::BelowMergeThreshold) {
            match level {
                UnitLevel::Commune => report.communes_below_threshold.push(unit.id),
                _ => report.villages_below_threshold.push(unit.id),
            }
        }
        let workers = if level == UnitLevel::Village {
            &mut report.village_workers
        } else {
            &mut report.commune_workers
        };
        let limit = match level {
            UnitLevel::Village => u64::from(limits.per_village),
            _ => status
                .and_then(|status| status.category)
                .map_or(0, |category| u64::from(limits.per_commune(category))),
        };
        let recorded = u64::from(status.and_then(|status| status.workers).unwrap_or(0));
        if existed_before {
            workers.recorded_before += recorded;
            workers.limit_before += limit;
        }
        if active {
            workers.recorded_after += recorded;
            workers.limit_after += limit;
            if limit > 0 && recorded > limit {
                workers.units_over_limit.push(unit.id);
            }
        }
        if level == UnitLevel::Commune
            && active
            && let Some(district) = district
        {
            let entry = secretary.entry(district).or_default();
            entry.0 += 1;
            entry.1 += u32::from(status.and_then(|status| status.secretary_is_chairman) == Some(true));
        }
    }

    // Units that approved proposals will create do not exist yet: they count
    // in the plan of every scope above their future parent.
    for (parent, kind) in &planned.new_units {
        let scopes_above = std::iter::once(*parent).chain(hierarchy.ancestors(*parent).map(|found| found.id));
        let slot = match kind.level() {
            UnitLevel::Commune => 0,
            UnitLevel::Village => 1,
            _ => continue,
        };
        for ancestor in scopes_above {
            if let Some(index) = scope_index.get(&ancestor) {
                tallies[*index][slot].planned += 1;
            }
        }
    }

    report.communes_below_threshold.sort();
    report.villages_below_threshold.sort();
    report.village_workers.units_over_limit.sort();
    report.commune_workers.units_over_limit.sort();
    report.scopes = scope_units
        .iter()
        .zip(tallies)
        .map(|(unit, [communes, villages])| ScopeProgress {
            unit_id: unit.id,
            name: unit.name.to_string(),
            level: unit.level(),
            communes: communes.into_count(),
            villages: villages.into_count(),
        })
        .collect();
    report.secretary_chairman = secretary
        .into_iter()
        .filter_map(|(district_id, (communes, with))| {
            let district = hierarchy.get(district_id)?;
            let target = communes.div_ceil(3);
            Some(SecretaryChairmanProgress {
                district_id,
                name: district.name.to_string(),
                communes,
                with_secretary_chairman: with,
                target,
                met: with >= target,
            })
        })
        .collect();
    report
        .secretary_chairman
        .sort_by(|a, b| a.name.cmp(&b.name).then(a.district_id.cmp(&b.district_id)));
    report
}

/// The units an arrangement made, which did not exist "before": those an
/// effective proposal created, and those that began on the day other units
/// ended into them (a merger's or a division's result, the 2025 reform's new
/// communes among them).
pub fn created_by(hierarchy: &Hierarchy<'_>, proposals: &[Proposal]) -> FxHashSet<Uuid> {
    use crate::unit::Lifecycle;
    let mut ended_into: FxHashMap<Uuid, Vec<chrono::NaiveDate>> = FxHashMap::default();
    for unit in hierarchy.units() {
        match &unit.lifecycle {
            Lifecycle::MergedInto { unit_id, effective, .. } => {
                ended_into.entry(*unit_id).or_default().push(*effective)
            }
            Lifecycle::DividedAmong {
                unit_ids, effective, ..
            } => {
                for id in unit_ids {
                    ended_into.entry(*id).or_default().push(*effective);
                }
            }
            _ => {}
        }
    }
    let made = hierarchy.units().filter(|unit| match &unit.lifecycle {
        Lifecycle::Active { since: Some(since) } => ended_into.get(&unit.id).is_some_and(|days| days.contains(since)),
        _ => false,
    });
    made.map(|unit| unit.id)
        .chain(
            proposals
                .iter()
                .filter(|proposal| matches!(proposal.status, Status::Effective { .. }))
                .filter_map(|proposal| match &proposal.action {
                    Action::Merge {
                        into: MergeTarget::NewUnit { id, .. },
                    } => Some(*id),
                    _ => None,
                }),
        )
        .collect()
}

/// The scopes above one parent (itself included), whether it lies in the
/// report's scope, and its district.
#[derive(Default)]
struct Chain {
    scopes: Vec<usize>,
    inside: bool,
    district: Option<Uuid>,
}

/// Counts gathered for one level of one scope, by kind as an index.
#[derive(Clone, Default)]
struct Tally {
    before: u32,
    after: u32,
    planned: u32,
    after_by_kind: [u32; UnitKind::ALL.len()],
}

impl Tally {
    fn into_count(self) -> LevelCount {
        let after_by_kind = UnitKind::ALL
            .iter()
            .zip(self.after_by_kind)
            .filter(|(_, count)| *count > 0)
            .map(|(kind, count)| (kind.vietnamese().to_owned(), count))
            .collect();
        LevelCount {
            before: self.before,
            after: self.after,
            planned: self.planned,
            after_by_kind,
        }
    }
}

fn kind_index(kind: UnitKind) -> usize {
    UnitKind::ALL
        .iter()
        .position(|candidate| *candidate == kind)
        .unwrap_or(0)
}

/// The units that approved (not yet effective) proposals would end, and the
/// parent and kind of each unit they would create.
struct Planned {
    ending: FxHashSet<Uuid>,
    new_units: Vec<(Uuid, UnitKind)>,
}

fn planned_changes(proposals: &[Proposal]) -> Planned {
    let mut planned = Planned {
        ending: FxHashSet::default(),
        new_units: Vec::new(),
    };
    for proposal in proposals
        .iter()
        .filter(|proposal| matches!(proposal.status, Status::ProvinceApproved { .. }))
    {
        match &proposal.action {
            Action::Merge { into } => {
                for source in proposal.sources.iter().filter(|source| source.part == Part::Whole) {
                    planned.ending.insert(source.unit_id);
                }
                if let MergeTarget::NewUnit { parent_id, kind, .. } = into {
                    planned.new_units.push((*parent_id, *kind));
                }
            }
            Action::Dissolve => planned
                .ending
                .extend(proposal.sources.iter().map(|source| source.unit_id)),
            _ => {}
        }
    }
    planned
}
