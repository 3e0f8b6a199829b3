//! Checks of a proposal against the hierarchy and the other open proposals:
//! every problem named by field, in Vietnamese and English.

use super::consultation::latest_round;
use super::{Action, Figures, MergeTarget, Part, Proposal};
use crate::hierarchy::Hierarchy;
use crate::unit_kind::UnitLevel;
use crate::validation::{Field, Problem, ValidationError};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What a proposal is checked against.
#[derive(Clone, Debug)]
pub struct ProposalContext<'a> {
    pub hierarchy: &'a Hierarchy<'a>,
    /// The latest reviewed figures of each unit, where known.
    pub figures: &'a HashMap<Uuid, Figures>,
    /// Every proposal on record, open or not, this one included or not.
    pub proposals: &'a [Proposal],
}

/// Every problem of a proposal that can be seen while drafting (empty when none).
pub fn check_proposal(proposal: &Proposal, context: &ProposalContext<'_>) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let error = |field, problem| ValidationError::new(field, problem);
    let name_of = |id: Uuid| {
        context
            .hierarchy
            .get(id)
            .map_or_else(|| id.to_string(), |unit| unit.name.to_string())
    };

    // How many units: a merger joins at least two; the other actions take one.
    let involved = proposal.involved_units();
    let minimum = if matches!(proposal.action, Action::Merge { .. }) {
        2
    } else {
        1
    };
    if involved.len() < minimum {
        errors.push(error(
            Field::Sources,
            Problem::TooFewSources {
                min: minimum,
                found: involved.len(),
            },
        ));
    }
    let single = matches!(
        proposal.action,
        Action::Dissolve | Action::Rename { .. } | Action::ConvertToResidentialGroup | Action::AttachCluster { .. }
    );
    if single && proposal.sources.len() > 1 {
        errors.push(error(
            Field::Sources,
            Problem::Invalid {
                reason: "this action takes exactly one unit".to_owned(),
            },
        ));
    }

    // Each unit once, known, active, of the proposal's level.
    let mut seen = HashSet::new();
    for id in &involved {
        if !seen.insert(*id) {
            errors.push(error(Field::Sources, Problem::DuplicateSource { unit: name_of(*id) }));
            continue;
        }
        match context.hierarchy.get(*id) {
            None => errors.push(error(Field::Sources, Problem::UnknownUnit { unit: id.to_string() })),
            Some(unit) if !unit.is_active() => {
                errors.push(error(Field::Sources, Problem::NotActive { unit: name_of(*id) }))
            }
            Some(unit) if unit.level() != proposal.level => {
                errors.push(error(Field::Sources, Problem::MixedLevels));
            }
            Some(_) => {}
        }
    }

    check_action(proposal, context, &mut errors);
    check_figures(proposal, context, &mut errors);
    check_other_proposals(proposal, context, &mut errors);
    check_consultations(proposal, &mut errors);
    if proposal.procedure().level != proposal.level {
        errors.push(error(
            Field::Procedure,
            Problem::Invalid {
                reason: "quy trình không dành cho cấp đơn vị này / the procedure is for another level".to_owned(),
            },
        ));
    }
    if let Some(plan) = &proposal.worker_plan {
        errors.extend(plan.check(proposal.villages_after()));
    }
    errors.dedup();
    errors
}

/// Everything `check_proposal` finds, plus what submission needs: every
/// unit's consultation passed, and every divided unit's shares complete.
pub fn check_submission(proposal: &Proposal, context: &ProposalContext<'_>) -> Vec<ValidationError> {
    let mut errors = check_proposal(proposal, context);
    let name_of = |id: Uuid| {
        context
            .hierarchy
            .get(id)
            .map_or_else(|| id.to_string(), |unit| unit.name.to_string())
    };
    let more_than = proposal.procedure().consultation_more_than_percent;
    for unit in proposal.involved_units() {
        match latest_round(&proposal.consultations, unit) {
            Some(round) if round.passes_above(more_than) => {}
            _ => errors.push(ValidationError::new(
                Field::Consultation,
                Problem::ConsultationNotPassed { unit: name_of(unit) },
            )),
        }
    }
    for source in proposal.sources.iter().filter(|source| source.part == Part::Share) {
        if !matches!(proposal.action, Action::Merge { .. }) {
            continue;
        }
        let Some(whole) = context.figures.get(&source.unit_id) else {
            continue;
        };
        let shared = shares_of(source.unit_id, proposal, context);
        let name = name_of(source.unit_id);
        for (measure, expected, found) in [
            (
                "hộ / households",
                u64::from(whole.households),
                u64::from(shared.households),
            ),
            (
                "người / people",
                u64::from(whole.population),
                u64::from(shared.population),
            ),
            ("m²", whole.area.square_metres(), shared.area.square_metres()),
        ] {
            if expected != found {
                errors.push(ValidationError::new(
                    Field::Sources,
                    Problem::SharesDoNotAddUp {
                        unit: name.clone(),
                        measure: measure.to_owned(),
                        expected,
                        found,
                    },
                ));
            }
        }
    }
    if proposal.worker_plan.is_none() {
        errors.extend(proposal.worker_plan_problems());
    }
    errors.dedup();
    errors
}

/// The sum of the shares of `unit` in this proposal and every other open merger.
fn shares_of(unit: Uuid, proposal: &Proposal, context: &ProposalContext<'_>) -> Figures {
    let others = context
        .proposals
        .iter()
        .filter(|other| other.id != proposal.id && other.is_open());
    std::iter::once(proposal)
        .chain(others)
        .filter(|candidate| matches!(candidate.action, Action::Merge { .. }))
        .flat_map(|candidate| &candidate.sources)
        .filter(|source| source.unit_id == unit && source.part == Part::Share)
        .map(|source| source.figures)
        .sum()
}

fn check_action(proposal: &Proposal, context: &ProposalContext<'_>, errors: &mut Vec<ValidationError>) {
    let error = |field, problem| ValidationError::new(field, problem);
    match &proposal.action {
        Action::Merge {
            into: MergeTarget::NewUnit { kind, parent_id, .. },
        } => {
            if kind.level() != proposal.level {
                errors.push(error(
                    Field::Kind,
                    Problem::WrongLevel {
                        unit: kind.vietnamese().to_owned(),
                    },
                ));
            }
            match context.hierarchy.get(*parent_id) {
                None => errors.push(error(
                    Field::Parent,
                    Problem::UnknownUnit {
                        unit: parent_id.to_string(),
                    },
                )),
                Some(parent) if parent.level() >= proposal.level || !parent.is_active() => {
                    errors.push(error(
                        Field::Parent,
                        Problem::WrongLevel {
                            unit: parent.name.to_string(),
                        },
                    ));
                }
                Some(_) => {}
            }
            if proposal.sources.iter().any(|source| source.unit_id == *parent_id) {
                errors.push(error(
                    Field::Parent,
                    Problem::HierarchyCycle {
                        unit: parent_id.to_string(),
                    },
                ));
            }
        }
        Action::Merge {
            into: MergeTarget::ExistingUnit { unit_id, .. },
        } => {
            if proposal.sources.iter().any(|source| source.unit_id == *unit_id) {
                errors.push(error(
                    Field::Outcome,
                    Problem::DuplicateSource {
                        unit: unit_id.to_string(),
                    },
                ));
            }
        }
        Action::AttachCluster { .. } => {
            if proposal.sources.iter().any(|source| source.part != Part::Share) {
                errors.push(error(
                    Field::Sources,
                    Problem::Invalid {
                        reason: "a population cluster is a share of a village".to_owned(),
                    },
                ));
            }
        }
        Action::ConvertToResidentialGroup => {
            let rural = proposal.sources.iter().all(|source| {
                context.hierarchy.get(source.unit_id).is_none_or(|unit| {
                    matches!(
                        unit.kind,
                        crate::unit_kind::UnitKind::Village | crate::unit_kind::UnitKind::Hamlet
                    )
                })
            });
            if !rural || proposal.level != UnitLevel::Village {
                errors.push(error(
                    Field::Kind,
                    Problem::Invalid {
                        reason: "only a thôn or bản becomes a tổ dân phố".to_owned(),
                    },
                ));
            }
        }
        Action::Dissolve | Action::Rename { .. } => {}
    }
}

fn check_figures(proposal: &Proposal, context: &ProposalContext<'_>, errors: &mut Vec<ValidationError>) {
    let name_of = |id: Uuid| {
        context
            .hierarchy
            .get(id)
            .map_or_else(|| id.to_string(), |unit| unit.name.to_string())
    };
    for source in &proposal.sources {
        let figures = source.figures;
        if figures.households > figures.population {
            errors.push(ValidationError::new(
                Field::Households,
                Problem::HouseholdsExceedPopulation {
                    households: figures.households.into(),
                    population: figures.population.into(),
                },
            ));
        }
        if source.part == Part::Share
            && let Some(whole) = context.figures.get(&source.unit_id)
        {
            let exceeds = !figures.fits_within(whole)
                || (matches!(proposal.action, Action::Merge { .. })
                    && !shares_of(source.unit_id, proposal, context).fits_within(whole));
            if exceeds {
                errors.push(ValidationError::new(
                    Field::Sources,
                    Problem::ShareExceedsUnit {
                        unit: name_of(source.unit_id),
                    },
                ));
            } else if matches!(proposal.action, Action::AttachCluster { .. }) && figures == *whole {
                errors.push(ValidationError::new(
                    Field::Sources,
                    Problem::Invalid {
                        reason: "a cluster that takes the whole village is a merger".to_owned(),
                    },
                ));
            }
        }
    }
}

fn check_other_proposals(proposal: &Proposal, context: &ProposalContext<'_>, errors: &mut Vec<ValidationError>) {
    let name_of = |id: Uuid| {
        context
            .hierarchy
            .get(id)
            .map_or_else(|| id.to_string(), |unit| unit.name.to_string())
    };
    // A unit that goes whole, or receives, is held by one open proposal only.
    // The shares of a divided unit may lie in several open mergers.
    let holds = |candidate: &Proposal, unit: Uuid| -> Option<bool> {
        let as_source = candidate.sources.iter().find(|source| source.unit_id == unit);
        match as_source {
            Some(source) => Some(source.part == Part::Whole || !matches!(candidate.action, Action::Merge { .. })),
            None => candidate.involved_units().contains(&unit).then_some(true),
        }
    };
    for unit in proposal.involved_units() {
        let Some(here_whole) = holds(proposal, unit) else {
            continue;
        };
        let clash = context
            .proposals
            .iter()
            .filter(|other| other.id != proposal.id && other.is_open())
            .any(|other| holds(other, unit).is_some_and(|there_whole| here_whole || there_whole));
        if clash {
            errors.push(ValidationError::new(
                Field::Sources,
                Problem::InAnotherOpenProposal { unit: name_of(unit) },
            ));
        }
    }
}

fn check_consultations(proposal: &Proposal, errors: &mut Vec<ValidationError>) {
    let involved = proposal.involved_units();
    let name_of = |id: Uuid| {
        proposal
            .sources
            .iter()
            .find(|source| source.unit_id == id)
            .map_or_else(|| id.to_string(), |source| source.name.clone())
    };
    for round in &proposal.consultations {
        if !involved.contains(&round.unit_id) {
            errors.push(ValidationError::new(
                Field::Consultation,
                Problem::UnknownUnit {
                    unit: round.unit_id.to_string(),
                },
            ));
        } else if !round.is_consistent() {
            errors.push(ValidationError::new(
                Field::Consultation,
                Problem::ConsultationInconsistent {
                    unit: name_of(round.unit_id),
                },
            ));
        }
    }
}
