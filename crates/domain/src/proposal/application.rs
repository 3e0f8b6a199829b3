//! What an effective proposal does to the units, planned as a list of
//! operations (pure), then carried out by a thin executor. Nothing is ever
//! deleted: a merged unit stays, marked merged into its successor.

use super::checks::ProposalContext;
use super::{Action, Figures, MergeTarget, Part, Proposal, Status};
use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
use crate::unit::{Lifecycle, Unit, UnitAttributes};
use crate::unit_kind::UnitKind;
use crate::unit_name::UnitName;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// One change to the units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "operation", rename_all = "snake_case")]
pub enum UnitOperation {
    /// A unit the proposal forms.
    Create {
        unit: Unit,
    },
    SetLifecycle {
        unit_id: Uuid,
        lifecycle: Lifecycle,
    },
    Rename {
        unit_id: Uuid,
        name: UnitName,
    },
    ChangeKind {
        unit_id: Uuid,
        kind: UnitKind,
    },
    /// A unit below a merged unit (a village of a merged commune) moves,
    /// with its history, to the unit that receives its parent.
    Reparent {
        unit_id: Uuid,
        parent_id: Uuid,
    },
    /// The figures a unit has after the change (the caller records them as
    /// a review dated the effective date).
    RecordFigures {
        unit_id: Uuid,
        figures: Figures,
    },
}

/// Why a proposal cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error("only an effective proposal changes the units")]
    NotEffective,
    #[error("unit {0} is not known")]
    UnknownUnit(Uuid),
}

/// Plans the changes an effective proposal makes.
pub fn plan_application(
    proposal: &Proposal,
    context: &ProposalContext<'_>,
    at: Timestamp,
    by: OfficerId,
) -> Result<Vec<UnitOperation>, ApplyError> {
    let Status::Effective { effective_date, .. } = proposal.status else {
        return Err(ApplyError::NotEffective);
    };
    let unit = |id: Uuid| context.hierarchy.get(id).ok_or(ApplyError::UnknownUnit(id));
    let mut operations = Vec::new();
    match &proposal.action {
        Action::Merge { into } => {
            let receiver = match into {
                MergeTarget::NewUnit {
                    id,
                    name,
                    kind,
                    parent_id,
                } => {
                    let inherited = proposal
                        .sources
                        .iter()
                        .filter_map(|source| context.hierarchy.get(source.unit_id))
                        .fold(UnitAttributes::default(), |attributes, source| UnitAttributes {
                            border_commune: attributes.border_commune || source.attributes.border_commune,
                            mountainous: attributes.mountainous || source.attributes.mountainous,
                        });
                    operations.push(UnitOperation::Create {
                        unit: Unit {
                            id: *id,
                            code: proposal.new_unit_code().cloned(),
                            name: name.clone(),
                            kind: *kind,
                            parent_id: Some(*parent_id),
                            lifecycle: Lifecycle::Active {
                                since: Some(effective_date),
                            },
                            attributes: inherited,
                            meta: SyncMeta::created(at, by),
                        },
                    });
                    *id
                }
                MergeTarget::ExistingUnit { unit_id, .. } => {
                    unit(*unit_id)?;
                    *unit_id
                }
            };
            for source in &proposal.sources {
                let lifecycle = match source.part {
                    Part::Whole => Lifecycle::MergedInto {
                        unit_id: receiver,
                        proposal_id: proposal.id,
                        effective: effective_date,
                    },
                    Part::Share => {
                        unit(source.unit_id)?;
                        match divided_remainder(source.unit_id, context, proposal, effective_date) {
                            Some(lifecycle) => lifecycle,
                            None => {
                                let remaining = remaining_after(source.unit_id, context, proposal);
                                operations.push(UnitOperation::RecordFigures {
                                    unit_id: source.unit_id,
                                    figures: remaining,
                                });
                                continue;
                            }
                        }
                    }
                };
                unit(source.unit_id)?;
                let whole = matches!(lifecycle, Lifecycle::MergedInto { .. });
                operations.push(UnitOperation::SetLifecycle {
                    unit_id: source.unit_id,
                    lifecycle,
                });
                if whole {
                    for child in context.hierarchy.children(source.unit_id) {
                        operations.push(UnitOperation::Reparent {
                            unit_id: child.id,
                            parent_id: receiver,
                        });
                    }
                }
            }
            operations.push(UnitOperation::RecordFigures {
                unit_id: receiver,
                figures: proposal.totals(),
            });
        }
        Action::Dissolve => {
            for source in &proposal.sources {
                unit(source.unit_id)?;
                operations.push(UnitOperation::SetLifecycle {
                    unit_id: source.unit_id,
                    lifecycle: Lifecycle::Dissolved {
                        proposal_id: proposal.id,
                        effective: effective_date,
                    },
                });
            }
        }
        Action::Rename { new_name } => {
            for source in &proposal.sources {
                unit(source.unit_id)?;
                operations.push(UnitOperation::Rename {
                    unit_id: source.unit_id,
                    name: new_name.clone(),
                });
            }
        }
        Action::ConvertToResidentialGroup => {
            for source in &proposal.sources {
                unit(source.unit_id)?;
                operations.push(UnitOperation::ChangeKind {
                    unit_id: source.unit_id,
                    kind: UnitKind::ResidentialGroup,
                });
            }
        }
        Action::AttachCluster { into_unit_id, .. } => {
            unit(*into_unit_id)?;
            for source in &proposal.sources {
                unit(source.unit_id)?;
                let whole = context.figures.get(&source.unit_id).copied().unwrap_or_default();
                operations.push(UnitOperation::RecordFigures {
                    unit_id: source.unit_id,
                    figures: subtract(whole, source.figures),
                });
            }
            operations.push(UnitOperation::RecordFigures {
                unit_id: *into_unit_id,
                figures: proposal.totals(),
            });
        }
    }
    Ok(operations)
}

/// The figures a divided unit keeps after this proposal's share leaves: its
/// latest figures less the share. (An earlier share, once carried out,
/// recorded what it left as the unit's latest figures; see
/// `reviews_after`, so the shares add up whatever their order.)
fn remaining_after(unit: Uuid, context: &ProposalContext<'_>, proposal: &Proposal) -> Figures {
    let whole = context.figures.get(&unit).copied().unwrap_or_default();
    let share: Figures = proposal
        .sources
        .iter()
        .filter(|source| source.unit_id == unit && source.part == Part::Share)
        .map(|source| source.figures)
        .sum();
    subtract(whole, share)
}

/// When this share is the last of a divided unit (nothing remains), the
/// unit's lifecycle: divided among every unit that received a share.
fn divided_remainder(
    unit: Uuid,
    context: &ProposalContext<'_>,
    proposal: &Proposal,
    effective: NaiveDate,
) -> Option<Lifecycle> {
    let remaining = remaining_after(unit, context, proposal);
    if remaining.households > 0 || remaining.population > 0 || remaining.area.square_metres() > 0 {
        return None;
    }
    let mut receivers = Vec::new();
    let mut proposal_ids = Vec::new();
    let effective_shares = context
        .proposals
        .iter()
        .filter(|other| other.id != proposal.id && matches!(other.status, Status::Effective { .. }))
        .chain(std::iter::once(proposal))
        .filter(|candidate| {
            candidate
                .sources
                .iter()
                .any(|source| source.unit_id == unit && source.part == Part::Share)
        });
    for candidate in effective_shares {
        if let Some(receiver) = candidate.resulting_unit() {
            receivers.push(receiver);
            proposal_ids.push(candidate.id);
        }
    }
    Some(Lifecycle::DividedAmong {
        unit_ids: receivers,
        proposal_ids,
        effective,
    })
}

fn subtract(whole: Figures, part: Figures) -> Figures {
    Figures {
        households: whole.households.saturating_sub(part.households),
        population: whole.population.saturating_sub(part.population),
        area: whole.area.saturating_sub(part.area),
    }
}

/// Carries out planned operations on units held in memory, and on their
/// latest figures. Returns the ids of the units changed or created.
pub fn apply_operations(
    units: &mut Vec<Unit>,
    figures: &mut HashMap<Uuid, Figures>,
    operations: &[UnitOperation],
    at: Timestamp,
    by: OfficerId,
) -> Vec<Uuid> {
    let mut changed = Vec::new();
    for operation in operations {
        let target = match operation {
            UnitOperation::Create { unit } => {
                if !units.iter().any(|existing| existing.id == unit.id) {
                    units.push(unit.clone());
                }
                changed.push(unit.id);
                continue;
            }
            UnitOperation::RecordFigures { unit_id, figures: new } => {
                figures.insert(*unit_id, *new);
                changed.push(*unit_id);
                continue;
            }
            UnitOperation::SetLifecycle { unit_id, .. }
            | UnitOperation::Rename { unit_id, .. }
            | UnitOperation::ChangeKind { unit_id, .. }
            | UnitOperation::Reparent { unit_id, .. } => *unit_id,
        };
        let Some(unit) = units.iter_mut().find(|unit| unit.id == target) else {
            continue;
        };
        match operation {
            UnitOperation::SetLifecycle { lifecycle, .. } => unit.lifecycle = lifecycle.clone(),
            UnitOperation::Rename { name, .. } => unit.name = name.clone(),
            UnitOperation::ChangeKind { kind, .. } => unit.kind = *kind,
            UnitOperation::Reparent { parent_id, .. } => unit.parent_id = Some(*parent_id),
            UnitOperation::Create { .. } | UnitOperation::RecordFigures { .. } => {}
        }
        unit.meta = unit.meta.touched(at, by);
        changed.push(target);
    }
    changed
}
