//! What the proposal screens check a proposal against, read from the
//! device: every unit (the hierarchy), each unit's latest figures, every
//! proposal. The checks themselves are the domain's.

use crate::store::{Review, Store, StoreError};
use domain::proposal::{Figures, Proposal, ProposalContext};
use domain::review::VillageReview;
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
}

impl ProposalData {
    pub async fn load(store: &Store) -> Result<ProposalData, StoreError> {
        let units = store.all_units().await?;
        let mut latest: HashMap<Uuid, Review> = HashMap::new();
        for review in store.all_reviews().await? {
            let newer = latest.get(&review.unit_id()).is_none_or(|known| {
                (review.reviewed_on(), review.meta_updated_at()) > (known.reviewed_on(), known.meta_updated_at())
            });
            if newer {
                latest.insert(review.unit_id(), review);
            }
        }
        let mut figures = HashMap::new();
        let mut village_reviews = HashMap::new();
        for (unit, review) in latest {
            match review {
                Review::Village(review) => {
                    figures.insert(
                        unit,
                        Figures {
                            households: review.households,
                            population: review.population,
                            area: review.area,
                        },
                    );
                    village_reviews.insert(unit, review);
                }
                Review::Commune(review) => {
                    figures.insert(
                        unit,
                        Figures {
                            households: 0,
                            population: review.population,
                            area: review.area,
                        },
                    );
                }
            }
        }
        Ok(ProposalData {
            units,
            figures,
            village_reviews,
            proposals: store.proposals().await?,
        })
    }

    pub fn unit(&self, id: Uuid) -> Option<&Unit> {
        self.units.iter().find(|unit| unit.id == id)
    }

    /// The hierarchy of the device's units (units whose parent is not on the
    /// device stand at the top).
    pub fn hierarchy(&self) -> Option<Hierarchy<'_>> {
        let mut kept: Vec<&Unit> = self.units.iter().collect();
        loop {
            let ids: std::collections::HashSet<Uuid> = kept.iter().map(|unit| unit.id).collect();
            let before = kept.len();
            kept.retain(|unit| unit.parent_id.is_none_or(|parent| ids.contains(&parent)));
            if kept.len() == before {
                break;
            }
        }
        Hierarchy::new(kept).ok()
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
