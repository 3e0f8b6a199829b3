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
}
