//! Progress figures, from any set of units and proposals: counts before and
//! after and the reductions, by scope (province, district, commune) and by
//! kind; the units still below the merge threshold; non-professional workers
//! against the legal limits; communes whose Party Secretary is also Chairman
//! against the one-third target; the plan's targets with their deadlines.

pub mod plan_targets;

use crate::hierarchy::Hierarchy;
use crate::proposal::{Action, MergeTarget, Part, Proposal, Status};
use crate::review::CommuneCategory;
use crate::rules::classification::Standing;
use crate::rules::rule_set::WorkerLimits;
use crate::unit::Unit;
use crate::unit_kind::{UnitKind, UnitLevel};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

pub use plan_targets::{Deadline, PlanTarget, TargetMeasure, TargetStatus, evaluate_targets, plan_targets};

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
    pub village_workers: WorkerProgress,
    pub commune_workers: WorkerProgress,
    pub secretary_chairman: Vec<SecretaryChairmanProgress>,
}

/// Computes the report for the units under `scope` (the province, a district or a commune).
pub fn compute(
    scope: Uuid,
    hierarchy: &Hierarchy<'_>,
    statuses: &HashMap<Uuid, UnitStatus>,
    proposals: &[Proposal],
    limits: &WorkerLimits,
) -> ProgressReport {
    let created_by_proposals: HashSet<Uuid> = proposals
        .iter()
        .filter(|proposal| matches!(proposal.status, Status::Effective { .. }))
        .filter_map(|proposal| match &proposal.action {
            Action::Merge {
                into: MergeTarget::NewUnit { id, .. },
            } => Some(*id),
            _ => None,
        })
        .collect();
    let planned = planned_changes(proposals);
    let mut scopes: BTreeMap<Uuid, ScopeProgress> = BTreeMap::new();
    let mut scope_order: Vec<Uuid> = Vec::new();
    let mut report = ProgressReport {
        scopes: Vec::new(),
        communes_below_threshold: Vec::new(),
        villages_below_threshold: Vec::new(),
        village_workers: WorkerProgress::default(),
        commune_workers: WorkerProgress::default(),
        secretary_chairman: Vec::new(),
    };
    let mut secretary: BTreeMap<Uuid, (u32, u32)> = BTreeMap::new();

    let mut units: Vec<&Unit> = hierarchy
        .units()
        .filter(|unit| hierarchy.contains(scope, unit.id))
        .collect();
    units.sort_by(|a, b| (a.level(), &a.code, &a.name, a.id).cmp(&(b.level(), &b.code, &b.name, b.id)));
    for unit in &units {
        if matches!(
            unit.level(),
            UnitLevel::Province | UnitLevel::District | UnitLevel::Commune
        ) {
            scope_order.push(unit.id);
            scopes.insert(
                unit.id,
                ScopeProgress {
                    unit_id: unit.id,
                    name: unit.name.to_string(),
                    level: unit.level(),
                    communes: LevelCount::default(),
                    villages: LevelCount::default(),
                },
            );
        }
    }
    for unit in &units {
        let level = unit.level();
        if !matches!(level, UnitLevel::Commune | UnitLevel::Village) {
            continue;
        }
        let existed_before = !created_by_proposals.contains(&unit.id);
        let active = unit.is_active();
        let planned_active = active && !planned.ending.contains(&unit.id);
        let status = statuses.get(&unit.id).cloned().unwrap_or_default();
        // Count the unit in every scope it lies in: its ancestors within the scope.
        for ancestor in hierarchy.ancestors(unit.id) {
            let Some(progress) = scopes.get_mut(&ancestor.id) else {
                continue;
            };
            let count = if level == UnitLevel::Commune {
                &mut progress.communes
            } else {
                &mut progress.villages
            };
            count.before += u32::from(existed_before);
            count.after += u32::from(active);
            count.planned += u32::from(planned_active);
            if active {
                *count.after_by_kind.entry(kind_key(unit.kind)).or_default() += 1;
            }
        }
        if active && status.standing == Some(Standing::BelowMergeThreshold) {
            match level {
                UnitLevel::Commune => report.communes_below_threshold.push(unit.id),
                _ => report.villages_below_threshold.push(unit.id),
            }
        }
        let workers = &mut if level == UnitLevel::Village {
            &mut report.village_workers
        } else {
            &mut report.commune_workers
        };
        let limit = match level {
            UnitLevel::Village => u64::from(limits.per_village),
            _ => status
                .category
                .map_or(0, |category| u64::from(limits.per_commune(category))),
        };
        let recorded = u64::from(status.workers.unwrap_or(0));
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
            && let Some(district) = hierarchy.ancestor_at(unit.id, UnitLevel::District)
        {
            let entry = secretary.entry(district.id).or_default();
            entry.0 += 1;
            entry.1 += u32::from(status.secretary_is_chairman == Some(true));
        }
    }
    // Units that approved proposals will create do not exist yet: they count
    // in the plan of every scope above their future parent.
    for (parent, kind) in &planned.new_units {
        let scopes_above = std::iter::once(*parent).chain(hierarchy.ancestors(*parent).map(|found| found.id));
        for ancestor in scopes_above {
            let Some(progress) = scopes.get_mut(&ancestor) else {
                continue;
            };
            match kind.level() {
                UnitLevel::Commune => progress.communes.planned += 1,
                UnitLevel::Village => progress.villages.planned += 1,
                _ => {}
            }
        }
    }
    report.scopes = scope_order.into_iter().filter_map(|id| scopes.remove(&id)).collect();
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
    report.secretary_chairman.sort_by(|a, b| a.name.cmp(&b.name));
    report
}

/// The units that approved (not yet effective) proposals would end, and the
/// parent and kind of each unit they would create.
struct Planned {
    ending: HashSet<Uuid>,
    new_units: Vec<(Uuid, UnitKind)>,
}

fn planned_changes(proposals: &[Proposal]) -> Planned {
    let mut planned = Planned {
        ending: HashSet::new(),
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

fn kind_key(kind: UnitKind) -> String {
    kind.vietnamese().to_owned()
}
