//! Classifying a unit from its latest review: the rule set in force on the
//! review's date, and the facts the unit, its commune and the review hold.
//! The app calls this after a save and after a pull brings a review, so that
//! the badge on every list says what the rules say.

use super::classification::{Classification, ClassifyError};
use super::classify_commune::{CommuneFacts, classify_commune};
use super::classify_village::{VillageFacts, classify_village};
use super::rule_book::{RuleBook, RuleSelection};
use crate::review::{CommuneReview, VillageReview};
use crate::unit::Unit;
use crate::unit_kind::UnitLevel;

/// A unit's classification, and whether the rule set applied had lapsed on
/// the review's date (no successor in the book yet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewedStanding {
    pub classification: Classification,
    pub lapsed: bool,
}

/// A unit no rule set can measure on the review's date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewedUnitError {
    #[error("no rule set for this level had come into force by the review's date")]
    NoRuleSet,
    #[error(transparent)]
    Classify(#[from] ClassifyError),
}

/// Classifies a village by its review; `commune` is the commune it lies in
/// (its border flag lowers the household standard), when known.
pub fn classify_reviewed_village(
    book: &RuleBook,
    selection: &RuleSelection,
    village: &Unit,
    commune: Option<&Unit>,
    review: &VillageReview,
) -> Result<ReviewedStanding, ReviewedUnitError> {
    let (rule_set, lapsed) = book
        .select_or_latest(UnitLevel::Village, review.reviewed_on, selection)
        .ok_or(ReviewedUnitError::NoRuleSet)?;
    let facts = VillageFacts {
        name: village.name.as_str(),
        kind: village.kind,
        households: review.households,
        border_commune: commune.is_some_and(|commune| commune.attributes.border_commune),
        special_status: review.special_status.as_ref(),
    };
    Ok(ReviewedStanding {
        classification: classify_village(rule_set, &facts)?,
        lapsed,
    })
}

/// Classifies a commune-level unit by its review.
pub fn classify_reviewed_commune(
    book: &RuleBook,
    selection: &RuleSelection,
    commune: &Unit,
    review: &CommuneReview,
) -> Result<ReviewedStanding, ReviewedUnitError> {
    let (rule_set, lapsed) = book
        .select_or_latest(UnitLevel::Commune, review.reviewed_on, selection)
        .ok_or(ReviewedUnitError::NoRuleSet)?;
    let facts = CommuneFacts {
        name: commune.name.as_str(),
        kind: commune.kind,
        mountainous: commune.attributes.mountainous,
        border: commune.attributes.border_commune,
        population: review.population,
        area: review.area,
        ethnic_minority_percent: review.ethnic_minority_percent,
        special_status: review.special_status.as_ref(),
    };
    Ok(ReviewedStanding {
        classification: classify_commune(rule_set, &facts)?,
        lapsed,
    })
}
