//! Proposals to rearrange units: merger (whole units or shares of divided
//! ones, into a new unit or into an existing one that keeps its name and id),
//! dissolution, renaming, attaching a population cluster to a village, and
//! converting a thôn into a tổ dân phố — with their totals, the voter
//! consultation, and the workflow from draft to effective.

pub mod application;
pub mod checks;
pub mod consultation;
pub mod editing;
pub mod evaluation;
pub mod procedure;
pub mod recorded_figures;
pub mod village_merger;
pub mod worker_plan;
pub mod workflow;

use crate::measure::Area;
use crate::rules::RuleSetId;
use crate::sync_meta::SyncMeta;
use crate::unit_kind::{UnitKind, UnitLevel};
use crate::unit_name::UnitName;
use serde::{Deserialize, Serialize};
use std::ops::Add;
use uuid::Uuid;

pub use application::{UnitOperation, apply_operations, plan_application};
pub use checks::{ProposalContext, check_proposal, check_submission};
pub use consultation::Consultation;
pub use editing::check_content_change;
pub use evaluation::{Evaluation, Waiver, evaluate};
pub use procedure::{Procedure, ProcedureId, StepKind};
pub use recorded_figures::{RecordedBy, recorded_review_id, reviews_after};
pub use village_merger::{DraftTarget, VillageMergerPlanner, VillageOnRecord};
pub use worker_plan::WorkerPlan;
pub use workflow::{Decision, Status, Transition, TransitionError, plan_transition};

/// The figures a merger adds up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Figures {
    pub households: u32,
    pub population: u32,
    pub area: Area,
}

impl Add for Figures {
    type Output = Figures;
    fn add(self, other: Figures) -> Figures {
        Figures {
            households: self.households.saturating_add(other.households),
            population: self.population.saturating_add(other.population),
            area: self.area + other.area,
        }
    }
}

impl std::iter::Sum for Figures {
    fn sum<I: Iterator<Item = Figures>>(iter: I) -> Figures {
        iter.fold(Figures::default(), Add::add)
    }
}

impl Figures {
    /// Whether every figure is at most the other's.
    pub fn fits_within(&self, other: &Figures) -> bool {
        self.households <= other.households && self.population <= other.population && self.area <= other.area
    }
}

/// Whether a source unit goes whole or in part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Toàn bộ: the whole unit.
    Whole,
    /// Một phần: a share of a unit divided among several receiving units.
    Share,
}

/// One unit a proposal takes from, with the figures it brings (a snapshot
/// taken when the proposal was drafted, as the paper forms record it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub unit_id: Uuid,
    /// The unit's name at drafting, for the record.
    pub name: String,
    pub part: Part,
    pub figures: Figures,
}

/// The unit that receives a merger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "target", rename_all = "snake_case")]
pub enum MergeTarget {
    /// A new unit, with an id made when the proposal was drafted.
    NewUnit {
        id: Uuid,
        name: UnitName,
        kind: UnitKind,
        parent_id: Uuid,
    },
    /// An existing unit that keeps its name and id ("sáp nhập xã A vào xã B");
    /// its own figures count in the totals.
    ExistingUnit {
        unit_id: Uuid,
        name: String,
        figures: Figures,
    },
}

/// What the proposal does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Sáp nhập / hợp nhất: the sources become (part of) one unit.
    Merge { into: MergeTarget },
    /// Giải thể: the single source is dissolved.
    Dissolve,
    /// Đổi tên: the single source takes a new name.
    Rename { new_name: UnitName },
    /// Ghép cụm dân cư: a share of one village joins another village; the
    /// village it leaves goes on with the rest.
    AttachCluster {
        into_unit_id: Uuid,
        into_name: String,
        into_figures: Figures,
    },
    /// Chuyển thôn thành tổ dân phố (when the commune becomes a phường).
    ConvertToResidentialGroup,
}

impl Action {
    pub fn label(&self) -> crate::language::Bilingual {
        use crate::language::Bilingual;
        match self {
            Action::Merge { .. } => Bilingual::new("Sáp nhập", "Merger"),
            Action::Dissolve => Bilingual::new("Giải thể", "Dissolution"),
            Action::Rename { .. } => Bilingual::new("Đổi tên", "Renaming"),
            Action::AttachCluster { .. } => Bilingual::new("Ghép cụm dân cư", "Attaching a population cluster"),
            Action::ConvertToResidentialGroup => {
                Bilingual::new("Chuyển thôn thành tổ dân phố", "Converting to a residential group")
            }
        }
    }
}

/// A proposal and its whole history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: Uuid,
    /// The level of the units it rearranges (villages or communes).
    pub level: UnitLevel,
    pub action: Action,
    pub sources: Vec<Source>,
    pub consultations: Vec<Consultation>,
    /// The drafter states that no other neighbour can join (NQ 653/2019 lets
    /// two units merge below the standard then).
    #[serde(default)]
    pub no_other_neighbour: bool,
    pub rule_set_id: RuleSetId,
    /// The procedure in force when it was drafted, which it keeps (absent on
    /// proposals recorded before procedures were: see `Proposal::procedure`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<ProcedureId>,
    /// NĐ 185/2026: the Đề án's plan for the non-professional workers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_plan: Option<WorkerPlan>,
    pub status: Status,
    /// Every transition, appended, never edited.
    pub history: Vec<Decision>,
    /// Set by the server, never by a device, when it has carried out the
    /// effective decision (changed the units), in the same transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_out: Option<CarriedOut>,
    pub meta: SyncMeta,
}

/// When the server carried an effective proposal out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedOut {
    /// The effective date it was carried out for.
    pub effective: chrono::NaiveDate,
    /// The server's time when it did.
    pub at: crate::sync_meta::Timestamp,
}

impl Proposal {
    /// The status as an officer reads it on `today`: an effective decision is
    /// "in effect from" its date once the server has carried it out, or while
    /// the date is still ahead; due and not yet carried out, it waits for the
    /// server.
    pub fn status_label(&self, today: chrono::NaiveDate) -> crate::language::Bilingual {
        use crate::language::Bilingual;
        match &self.status {
            Status::Effective { effective_date, .. } if self.carried_out.is_some() || *effective_date > today => {
                let date = crate::format::date_vi(*effective_date);
                Bilingual::new(format!("Có hiệu lực từ {date}"), format!("In effect from {date}"))
            }
            Status::Effective { .. } => Bilingual::new(
                "Đã ghi nhận hiệu lực, chờ máy chủ cập nhật",
                "Recorded as in effect, waiting for the server to carry it out",
            ),
            other => other.label(),
        }
    }

    /// Whether the proposal still holds its units: anything but effective or rejected.
    pub fn is_open(&self) -> bool {
        !matches!(self.status, Status::Effective { .. } | Status::Rejected)
    }

    /// The ids of every existing unit the proposal touches: its sources, and
    /// the receiving unit of a merger or a cluster.
    pub fn involved_units(&self) -> Vec<Uuid> {
        let mut involved: Vec<Uuid> = self.sources.iter().map(|source| source.unit_id).collect();
        match &self.action {
            Action::Merge {
                into: MergeTarget::ExistingUnit { unit_id, .. },
            } => involved.push(*unit_id),
            Action::AttachCluster { into_unit_id, .. } => involved.push(*into_unit_id),
            _ => {}
        }
        involved
    }

    /// The figures of the unit that results: the sources' (whole or shares)
    /// plus the receiving unit's own.
    pub fn totals(&self) -> Figures {
        let sources: Figures = self.sources.iter().map(|source| source.figures).sum();
        match &self.action {
            Action::Merge {
                into: MergeTarget::ExistingUnit { figures, .. },
            } => sources + *figures,
            Action::AttachCluster { into_figures, .. } => sources + *into_figures,
            _ => sources,
        }
    }

    /// The id of the unit that results, when there is one.
    pub fn resulting_unit(&self) -> Option<Uuid> {
        match &self.action {
            Action::Merge {
                into: MergeTarget::NewUnit { id, .. },
            } => Some(*id),
            Action::Merge {
                into: MergeTarget::ExistingUnit { unit_id, .. },
            } => Some(*unit_id),
            Action::AttachCluster { into_unit_id, .. } => Some(*into_unit_id),
            Action::Rename { .. } | Action::ConvertToResidentialGroup => {
                self.sources.first().map(|source| source.unit_id)
            }
            Action::Dissolve => None,
        }
    }
}
