//! What a proposal is checked against and carried out on, read in the
//! push's transaction: the units it involves with their ancestors and
//! children, their latest reviews, and the proposals around them.

use crate::db::{DbError, RecordRow, SyncTransaction};
use domain::Hierarchy;
use domain::proposal::{Proposal, ProposalContext};
use domain::review::{CommuneReview, LatestReviews, ReviewRecord, VillageReview};
use domain::sync::RecordType;
use domain::{Unit, UnitLevel};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// The part of the province a proposal touches.
#[derive(Clone, Debug)]
pub struct World {
    pub units: Vec<Unit>,
    pub latest: LatestReviews,
    /// Every proposal around these units, `proposal` as it is now among them.
    pub proposals: Vec<Proposal>,
    /// The stored unit records, for their revisions.
    pub unit_rows: HashMap<Uuid, RecordRow>,
}

impl World {
    /// Reads the world around `proposal` (its latest version, which replaces
    /// any stored one).
    pub async fn around(transaction: &mut SyncTransaction, proposal: &Proposal) -> Result<World, DbError> {
        let involved = proposal.involved_units();
        let mut ids: BTreeSet<Uuid> = involved.iter().copied().collect();
        if let domain::proposal::Action::Merge {
            into: domain::proposal::MergeTarget::NewUnit { parent_id, .. },
        } = &proposal.action
        {
            ids.insert(*parent_id);
        }
        for unit in ids.clone() {
            ids.extend(transaction.ancestors(unit).await?);
        }
        for unit in &involved {
            ids.extend(transaction.child_ids(*unit).await?);
        }
        let ids: Vec<Uuid> = ids.into_iter().collect();
        let World { units, unit_rows, .. } = World::of_units(transaction, &ids).await?;
        let reviews = transaction
            .anchored_at(&[RecordType::VillageReview, RecordType::CommuneReview], &involved)
            .await?;
        let latest = LatestReviews::from_reviews(reviews.iter().filter_map(review_of));
        let mut proposals: Vec<Proposal> = transaction
            .anchored_at(&[RecordType::Proposal], &ids)
            .await?
            .iter()
            .filter_map(|row| serde_json::from_str::<Proposal>(&row.body).ok())
            .filter(|other| other.id != proposal.id)
            .collect();
        proposals.push(proposal.clone());
        Ok(World {
            units,
            latest,
            proposals,
            unit_rows,
        })
    }

    /// The stored units with these ids, with no reviews or proposals (what a
    /// reform is planned on).
    pub async fn of_units(transaction: &mut SyncTransaction, ids: &[Uuid]) -> Result<World, DbError> {
        let unit_rows: HashMap<Uuid, RecordRow> = transaction
            .records_by_id(RecordType::Unit, ids)
            .await?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        let units = unit_rows
            .values()
            .filter_map(|row| serde_json::from_str::<Unit>(&row.body).ok())
            .collect();
        Ok(World {
            units,
            latest: LatestReviews::default(),
            proposals: Vec::new(),
            unit_rows,
        })
    }

    /// Runs `work` with the domain's context of this world; `None` when the
    /// stored units do not form a tree (a unit whose parent is missing).
    pub fn with_context<T>(&self, work: impl FnOnce(&ProposalContext<'_>) -> T) -> Option<T> {
        let hierarchy = Hierarchy::new(&self.units).ok()?;
        let figures = self.latest.figures();
        Some(work(&ProposalContext {
            hierarchy: &hierarchy,
            figures: &figures,
            proposals: &self.proposals,
        }))
    }

    pub fn unit(&self, id: Uuid) -> Option<&Unit> {
        self.units.iter().find(|unit| unit.id == id)
    }

    pub fn level_of(&self, id: Uuid) -> Option<UnitLevel> {
        self.unit(id).map(Unit::level)
    }
}

/// A stored review record as the domain's review (read by its record type:
/// a review's body is tagged with its level, but the type is what counts).
pub fn review_of(row: &RecordRow) -> Option<ReviewRecord> {
    match row.record_type {
        RecordType::VillageReview => serde_json::from_str::<VillageReview>(&row.body)
            .ok()
            .map(ReviewRecord::Village),
        RecordType::CommuneReview => serde_json::from_str::<CommuneReview>(&row.body)
            .ok()
            .map(ReviewRecord::Commune),
        _ => None,
    }
}
