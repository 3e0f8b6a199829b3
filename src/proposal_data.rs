//! What the proposal screens check a proposal against, read from the
//! device: every unit (the hierarchy), each unit's latest figures, every
//! proposal. The checks themselves are the domain's.

use crate::store::{Review, Store, StoreError};
use domain::proposal::{Figures, Proposal, ProposalContext};
use domain::review::{LatestReviews, VillageReview};
use domain::rules::RuleBook;
use domain::{Hierarchy, Unit};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Clone, Debug, Default)]
pub struct ProposalData {
    pub units: Vec<Unit>,
    pub figures: HashMap<Uuid, Figures>,
    /// The latest review of each village.
    pub village_reviews: HashMap<Uuid, VillageReview>,
    pub proposals: Vec<Proposal>,
    /// The built-in rule sets and the province's own, synced to the device.
    pub rule_book: RuleBook,
}

impl ProposalData {
    /// The proposal `id` on the device, with the data its page and the
    /// wizard read around it; `None` when it is not there or cannot be read.
    pub async fn with_proposal(store: &Store, id: Uuid) -> Option<(Proposal, ProposalData)> {
        let proposal = store.proposal(id).await.ok()??;
        let data = ProposalData::load(store).await.ok()?;
        Some((proposal, data))
    }

    pub async fn load(store: &Store) -> Result<ProposalData, StoreError> {
        let units = store.all_units().await?;
        let latest = LatestReviews::from_reviews(store.all_reviews().await?);
        let figures = latest.figures();
        let village_reviews = latest
            .iter()
            .filter_map(|review| match review {
                Review::Village(review) => Some((review.unit_id, review.clone())),
                Review::Commune(_) => None,
            })
            .collect();
        Ok(ProposalData {
            units,
            figures,
            village_reviews,
            proposals: store.proposals().await?,
            rule_book: store.rule_book().await?,
        })
    }

    pub fn unit(&self, id: Uuid) -> Option<&Unit> {
        self.units.iter().find(|unit| unit.id == id)
    }

    /// The hierarchy of the device's units (a unit whose parent is not on
    /// the device is left out, with what lies under it).
    pub fn hierarchy(&self) -> Option<Hierarchy<'_>> {
        Hierarchy::of_rooted(&self.units).ok()
    }

    /// Runs `check` with the context of the device's data.
    pub fn with_context<T>(&self, check: impl FnOnce(&ProposalContext<'_>) -> T) -> Option<T> {
        let hierarchy = self.hierarchy()?;
        let context = ProposalContext {
            hierarchy: &hierarchy,
            figures: &self.figures,
            proposals: &self.proposals,
        };
        Some(check(&context))
    }
}
