//! Suggested groupings for the units of one parent that are below the merge
//! threshold: each joins its nearest neighbours (by a recorded adjacency list,
//! else by distance between recorded locations) until the group meets the
//! standard, taking as few units as it can. Deterministic: the same input
//! always gives the same suggestions, each with its explanation.

use crate::format::{hundredths, integer};
use crate::language::{Bilingual, Language};
use crate::proposal::{Action, Figures, MergeTarget, Part, Proposal, Source, Status};
use crate::rules::RuleSetId;
use crate::rules::classification::{Classification, ClassifyError, Standing};
use crate::sync_meta::SyncMeta;
use crate::unit::Location;
use crate::unit_kind::{UnitKind, UnitLevel};
use crate::unit_name::UnitName;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A unit of the parent, as the suggester sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub unit_id: Uuid,
    pub name: String,
    pub kind: UnitKind,
    pub figures: Figures,
    pub location: Option<Location>,
    /// Its classification alone.
    pub standing: Standing,
}

/// A suggested merger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The units to merge, the one below the threshold first.
    pub units: Vec<Uuid>,
    pub totals: Figures,
    /// The merged unit measured against the rule set.
    pub classification: Classification,
    pub explanation: Bilingual,
}

/// A unit below the threshold for which no grouping reaches the standard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unresolved {
    pub unit_id: Uuid,
    pub explanation: Bilingual,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    pub groups: Vec<Suggestion>,
    pub unresolved: Vec<Unresolved>,
}

/// How neighbours are found.
#[derive(Clone, Copy, Debug)]
pub enum Neighbours<'a> {
    /// A recorded adjacency list (units sharing a boundary).
    Adjacency(&'a HashMap<Uuid, Vec<Uuid>>),
    /// Distance between recorded locations.
    Distance,
}

/// Suggests groupings for the units below the merge threshold. `judge`
/// measures a group's combined figures against the rule set (as the unit
/// the group would form).
pub fn suggest(
    candidates: &[Candidate],
    neighbours: Neighbours<'_>,
    judge: impl Fn(&Figures, &[&Candidate]) -> Result<Classification, ClassifyError>,
) -> Suggestions {
    suggest_from(candidates, neighbours, Standing::BelowMergeThreshold, judge)
}

/// As `suggest`, for the units standing at `worst` or below: under rules
/// with no merge band (NĐ 185/2026) every village below the standard is to
/// be arranged, so `worst` is `BelowStandard`.
pub fn suggest_from(
    candidates: &[Candidate],
    neighbours: Neighbours<'_>,
    worst: Standing,
    judge: impl Fn(&Figures, &[&Candidate]) -> Result<Classification, ClassifyError>,
) -> Suggestions {
    let to_arrange = |standing: Standing| standing.rank().zip(worst.rank()).is_some_and(|(own, at)| own <= at);
    let mut order: Vec<&Candidate> = candidates
        .iter()
        .filter(|candidate| to_arrange(candidate.standing))
        .collect();
    order.sort_by(|a, b| {
        (a.figures.households, a.figures.population, a.unit_id).cmp(&(
            b.figures.households,
            b.figures.population,
            b.unit_id,
        ))
    });
    let by_id: HashMap<Uuid, &Candidate> = candidates
        .iter()
        .map(|candidate| (candidate.unit_id, candidate))
        .collect();
    let mut used: HashSet<Uuid> = HashSet::new();
    let mut result = Suggestions::default();
    for start in order {
        if used.contains(&start.unit_id) {
            continue;
        }
        let mut group: Vec<&Candidate> = vec![start];
        let mut totals = start.figures;
        loop {
            let classification = match judge(&totals, &group) {
                Ok(classification) => classification,
                Err(error) => {
                    result.unresolved.push(Unresolved {
                        unit_id: start.unit_id,
                        explanation: error.bilingual(),
                    });
                    break;
                }
            };
            if group.len() > 1 && classification.standing == Standing::Meets {
                used.extend(group.iter().map(|member| member.unit_id));
                let explanation = explain_group(&group, &totals, &classification);
                result.groups.push(Suggestion {
                    units: group.iter().map(|member| member.unit_id).collect(),
                    totals,
                    classification,
                    explanation,
                });
                break;
            }
            let options = nearest_free(&group, &by_id, &used, neighbours);
            // Fewest units lost: a neighbour that completes the group now is
            // best; otherwise take the nearest one that is itself below the
            // threshold, so that it is resolved too; otherwise the nearest.
            let completes = options.iter().find(|(candidate, _)| {
                let mut trial = group.clone();
                trial.push(candidate);
                judge(&(totals + candidate.figures), &trial).is_ok_and(|found| found.standing == Standing::Meets)
            });
            let chosen = completes
                .or_else(|| options.iter().find(|(candidate, _)| to_arrange(candidate.standing)))
                .or_else(|| options.first());
            match chosen {
                Some((candidate, _)) => {
                    totals = totals + candidate.figures;
                    group.push(candidate);
                }
                None => {
                    result.unresolved.push(Unresolved {
                        unit_id: start.unit_id,
                        explanation: explain_unresolved(start, &group, neighbours),
                    });
                    break;
                }
            }
        }
    }
    result
}

/// The free neighbours of a group, nearest first (ties by id).
fn nearest_free<'a>(
    group: &[&'a Candidate],
    by_id: &HashMap<Uuid, &'a Candidate>,
    used: &HashSet<Uuid>,
    neighbours: Neighbours<'_>,
) -> Vec<(&'a Candidate, Option<f64>)> {
    let in_group: HashSet<Uuid> = group.iter().map(|member| member.unit_id).collect();
    let free = |id: &Uuid| !used.contains(id) && !in_group.contains(id);
    let distance_to_group = |candidate: &Candidate| {
        group
            .iter()
            .filter_map(|member| Some(member.location?.distance_m(&candidate.location?)))
            .min_by(f64::total_cmp)
    };
    let mut options: Vec<(&Candidate, Option<f64>)> = match neighbours {
        Neighbours::Adjacency(adjacency) => {
            let mut ids: Vec<Uuid> = group
                .iter()
                .flat_map(|member| adjacency.get(&member.unit_id).into_iter().flatten())
                .copied()
                .filter(free)
                .collect();
            ids.sort();
            ids.dedup();
            ids.into_iter()
                .filter_map(|id| {
                    by_id
                        .get(&id)
                        .map(|candidate| (*candidate, distance_to_group(candidate)))
                })
                .collect()
        }
        Neighbours::Distance => by_id
            .values()
            .filter(|candidate| free(&candidate.unit_id))
            .filter_map(|candidate| distance_to_group(candidate).map(|distance| (*candidate, Some(distance))))
            .collect(),
    };
    options.sort_by(|(a, da), (b, db)| {
        let da = da.unwrap_or(f64::INFINITY);
        let db = db.unwrap_or(f64::INFINITY);
        da.total_cmp(&db).then_with(|| a.unit_id.cmp(&b.unit_id))
    });
    options
}

fn describe(candidate: &Candidate, first: &Candidate, language: Language) -> String {
    let households = integer(candidate.figures.households.into(), language);
    let elsewhere = (candidate.unit_id != first.unit_id).then_some(());
    let distance = elsewhere.and(first.location.zip(candidate.location)).map(|(from, to)| {
        let km = hundredths((from.distance_m(&to) / 10.0).round() as u64, language);
        match language {
            Language::Vi => format!(", cách {km} km"),
            Language::En => format!(", {km} km away"),
        }
    });
    match language {
        Language::Vi => format!("{} ({households} hộ{})", candidate.name, distance.unwrap_or_default()),
        Language::En => format!(
            "{} ({households} households{})",
            candidate.name,
            distance.unwrap_or_default()
        ),
    }
}

fn explain_group(group: &[&Candidate], totals: &Figures, classification: &Classification) -> Bilingual {
    let text = |language: Language| {
        let first = group[0];
        let others: Vec<String> = group[1..]
            .iter()
            .map(|member| describe(member, first, language))
            .collect();
        let households = integer(totals.households.into(), language);
        let standard = classification
            .comparisons
            .first()
            .map(|comparison| integer(comparison.standard, language));
        match language {
            Language::Vi => format!(
                "Sáp nhập {} với {}: được {households} hộ, {}.",
                describe(first, first, language),
                others.join(", "),
                standard.map_or_else(
                    || "đạt tiêu chuẩn".to_owned(),
                    |standard| format!("đạt tiêu chuẩn {standard}")
                )
            ),
            Language::En => format!(
                "Merge {} with {}: {households} households together, {}.",
                describe(first, first, language),
                others.join(", "),
                standard.map_or_else(
                    || "meeting the standard".to_owned(),
                    |standard| format!("meeting the standard of {standard}")
                )
            ),
        }
    };
    Bilingual::new(text(Language::Vi), text(Language::En))
}

fn explain_unresolved(start: &Candidate, group: &[&Candidate], neighbours: Neighbours<'_>) -> Bilingual {
    if start.location.is_none() && matches!(neighbours, Neighbours::Distance) {
        return Bilingual::new(
            format!(
                "{}: chưa có vị trí hoặc danh sách đơn vị liền kề nên chưa gợi ý được.",
                start.name
            ),
            format!(
                "{}: no location or adjacency list is recorded, so nothing can be suggested.",
                start.name
            ),
        );
    }
    Bilingual::new(
        format!(
            "{}: cả {} đơn vị lân cận còn lại gộp lại vẫn chưa đạt tiêu chuẩn; cần xem xét sáp nhập với đơn vị thuộc địa bàn khác.",
            start.name,
            group.len()
        ),
        format!(
            "{}: even with all {} remaining neighbours the standard is not reached; consider units of another parent.",
            start.name,
            group.len()
        ),
    )
}

impl Suggestion {
    /// The suggestion as a draft merger into a new unit, ready for the
    /// officer to name, consult and submit.
    #[allow(clippy::too_many_arguments)]
    pub fn draft(
        &self,
        candidates: &[Candidate],
        proposal_id: Uuid,
        new_unit_id: Uuid,
        name: UnitName,
        kind: UnitKind,
        parent_id: Uuid,
        level: UnitLevel,
        rule_set_id: RuleSetId,
        meta: SyncMeta,
    ) -> Proposal {
        let sources = self
            .units
            .iter()
            .filter_map(|id| candidates.iter().find(|candidate| candidate.unit_id == *id))
            .map(|candidate| Source {
                unit_id: candidate.unit_id,
                name: candidate.name.clone(),
                part: Part::Whole,
                figures: candidate.figures,
            })
            .collect();
        Proposal {
            id: proposal_id,
            level,
            action: Action::Merge {
                into: MergeTarget::NewUnit {
                    id: new_unit_id,
                    name,
                    kind,
                    parent_id,
                },
            },
            sources,
            consultations: Vec::new(),
            no_other_neighbour: false,
            procedure: None,
            worker_plan: None,
            rule_set_id,
            status: Status::Draft,
            history: Vec::new(),
            carried_out: None,
            meta,
        }
    }
}
