//! A unit's standing on the device, derived from its latest review by the
//! domain's rules (never decided here): after the officer saves a review, and
//! after a pull brings reviews from the server.

use super::Store;
use super::error::StoreError;
use super::queries::UnitEntry;
use super::rows::Review;
use domain::Unit;
use domain::rules::{ReviewedStanding, RuleBook, RuleSelection, classify_reviewed_commune, classify_reviewed_village};
use uuid::Uuid;

/// The classification of a unit by its latest review; `parent` is the
/// commune of a village (its border flag counts). `None` when no review or no
/// rule measures it (the unit then shows as not yet reviewed).
pub fn classify(
    book: &RuleBook,
    unit: &Unit,
    parent: Option<&Unit>,
    latest: Option<&Review>,
) -> Option<ReviewedStanding> {
    let selection = RuleSelection::default();
    match latest? {
        Review::Village(review) => classify_reviewed_village(book, &selection, unit, parent, review).ok(),
        Review::Commune(review) => classify_reviewed_commune(book, &selection, unit, review).ok(),
    }
}

impl Store {
    /// Classifies the unit by its latest review and stores the standing with
    /// it; `None` when the unit or its review is missing or no rule measures it.
    pub async fn derive_standing(&self, unit_id: Uuid) -> Result<Option<ReviewedStanding>, StoreError> {
        let Some(unit) = self.unit(unit_id).await? else {
            return Ok(None);
        };
        let parent = match unit.unit.parent_id {
            Some(parent) => self.unit(parent).await?.map(|entry| entry.unit),
            None => None,
        };
        self.derive_standing_of(&self.rule_book().await?, &unit, parent.as_ref())
            .await
    }

    /// As `derive_standing`, for a unit and its parent already read.
    async fn derive_standing_of(
        &self,
        book: &RuleBook,
        unit: &UnitEntry,
        parent: Option<&Unit>,
    ) -> Result<Option<ReviewedStanding>, StoreError> {
        let latest = self.reviews_of_unit(unit.unit.id).await?.into_iter().next();
        let standing = classify(book, &unit.unit, parent, latest.as_ref());
        self.keep_standing(unit, standing.as_ref()).await?;
        Ok(standing)
    }

    /// Stores `standing` with the unit when it differs from the one stored.
    pub async fn keep_standing(&self, unit: &UnitEntry, standing: Option<&ReviewedStanding>) -> Result<(), StoreError> {
        let derived = standing.map(|found| found.classification.standing);
        if derived != unit.standing {
            self.set_standing(unit.unit.id, derived).await?;
        }
        Ok(())
    }

    /// Derives again the standing of a commune and of every unit under it
    /// (after its border flag changed): the commune and the rules read once.
    /// Returns how many units were looked at.
    pub async fn derive_standings_under(&self, commune: Uuid) -> Result<usize, StoreError> {
        let Some(entry) = self.unit(commune).await? else {
            return Ok(0);
        };
        let book = self.rule_book().await?;
        let above = match entry.unit.parent_id {
            Some(parent) => self.unit(parent).await?.map(|found| found.unit),
            None => None,
        };
        self.derive_standing_of(&book, &entry, above.as_ref()).await?;
        let villages = self.units_of_parent(commune).await?;
        for village in &villages {
            self.derive_standing_of(&book, village, Some(&entry.unit)).await?;
        }
        Ok(villages.len() + 1)
    }

    /// Derives again the standings in every border commune (after the
    /// province's lower figures changed: they measure those villages).
    /// Returns how many units were looked at.
    pub async fn derive_border_standings(&self) -> Result<usize, StoreError> {
        let border: Vec<Uuid> = self
            .all_units()
            .await?
            .into_iter()
            .filter(|unit| unit.level() == domain::UnitLevel::Commune && unit.attributes.border_commune)
            .map(|unit| unit.id)
            .collect();
        let mut looked_at = 0;
        for commune in border {
            looked_at += self.derive_standings_under(commune).await?;
        }
        Ok(looked_at)
    }
}
