//! A unit's standing on the device, derived from its latest review by the
//! domain's rules (never decided here): after the officer saves a review, and
//! after a pull brings reviews from the server.

use super::Store;
use super::error::StoreError;
use super::rows::Review;
use domain::rules::{ReviewedStanding, RuleBook, RuleSelection, classify_reviewed_commune, classify_reviewed_village};
use uuid::Uuid;

impl Store {
    /// Classifies the unit by its latest review and stores the standing with
    /// it; `None` when the unit or its review is missing or no rule measures
    /// it (the unit then shows as not yet reviewed).
    pub async fn derive_standing(&self, unit_id: Uuid) -> Result<Option<ReviewedStanding>, StoreError> {
        let Some(unit) = self.unit(unit_id).await? else {
            return Ok(None);
        };
        let latest = self.reviews_of_unit(unit_id).await?.into_iter().next();
        let book = RuleBook::built_in();
        let selection = RuleSelection::default();
        let standing = match &latest {
            Some(Review::Village(review)) => {
                let commune = match unit.unit.parent_id {
                    Some(parent) => self.unit(parent).await?.map(|entry| entry.unit),
                    None => None,
                };
                classify_reviewed_village(&book, &selection, &unit.unit, commune.as_ref(), review).ok()
            }
            Some(Review::Commune(review)) => classify_reviewed_commune(&book, &selection, &unit.unit, review).ok(),
            None => None,
        };
        let derived = standing.as_ref().map(|found| found.classification.standing);
        if derived != unit.standing {
            self.set_standing(unit_id, derived).await?;
        }
        Ok(standing)
    }

    /// Derives again the standing of a commune and of every unit under it
    /// (after its border flag changed). Returns how many units were looked at.
    pub async fn derive_standings_under(&self, commune: Uuid) -> Result<usize, StoreError> {
        self.derive_standing(commune).await?;
        let villages = self.units_of_parent(commune).await?;
        for village in &villages {
            self.derive_standing(village.unit.id).await?;
        }
        Ok(villages.len() + 1)
    }
}
