//! The rule sets a province can use: the built-in ones, its own corrected
//! copies, and its choice of which is in force.

use super::builtin;
use super::rule_set::{RuleSet, RuleSetId};
use crate::unit_kind::UnitLevel;
use crate::validation::{Field, Problem, ValidationError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Every rule set known, built-in and the province's own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleBook {
    sets: Vec<RuleSet>,
}

/// A province's explicit choice of rule sets; `None` means "the one in force
/// on the date".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSelection {
    pub village: Option<RuleSetId>,
    pub commune: Option<RuleSetId>,
}

impl Default for RuleBook {
    fn default() -> Self {
        Self::built_in()
    }
}

impl RuleBook {
    /// The rule sets of `domain.md`.
    pub fn built_in() -> Self {
        Self { sets: builtin::all() }
    }

    /// The built-in rule sets and a province's own, as stored (on the server,
    /// or synced to a device). A stored copy of a built-in set is ignored
    /// (this release's text of the law wins), as is one that fails its
    /// checks; the province's own are added in id order.
    pub fn with_province_sets(stored: impl IntoIterator<Item = RuleSet>) -> Self {
        let mut book = Self::built_in();
        let mut own: Vec<RuleSet> = stored.into_iter().filter(|set| book.get(&set.id).is_none()).collect();
        own.sort_by(|a, b| a.id.cmp(&b.id));
        for set in own {
            let _refused = book.set_override(set);
        }
        book
    }

    /// Checks a rule set a province officer records (the server's check, the
    /// same on a device): valid, under an id of its own (the built-in sets
    /// are the law as released and are not overwritten), and correcting a
    /// known set of the same level when it names one.
    pub fn check_province_set(rule_set: &RuleSet) -> Result<(), ValidationError> {
        let mut book = Self::built_in();
        if book.get(&rule_set.id).is_some() {
            return Err(ValidationError::new(
                Field::RuleSet,
                Problem::Invalid {
                    reason: format!(
                        "{} is a built-in rule set: record the province's figures as a copy with an id of its own",
                        rule_set.id
                    ),
                },
            ));
        }
        book.set_override(rule_set.clone())
    }

    /// All rule sets, in the order added.
    pub fn all(&self) -> &[RuleSet] {
        &self.sets
    }

    pub fn get(&self, id: &RuleSetId) -> Option<&RuleSet> {
        self.sets.iter().find(|set| &set.id == id)
    }

    /// Adds a province's rule set, or replaces one of the same id. A copy that
    /// names the set it corrects (`derived_from`) must correct one of the same level.
    pub fn set_override(&mut self, rule_set: RuleSet) -> Result<(), ValidationError> {
        rule_set.validate()?;
        if let Some(base) = &rule_set.derived_from {
            let same_level = self.get(base).map(|found| found.level() == rule_set.level());
            if same_level != Some(true) {
                return Err(ValidationError::new(
                    Field::RuleSet,
                    Problem::Invalid {
                        reason: format!("{base} is not a known rule set of the same level"),
                    },
                ));
            }
        }
        match self.sets.iter_mut().find(|set| set.id == rule_set.id) {
            Some(existing) => *existing = rule_set,
            None => self.sets.push(rule_set),
        }
        Ok(())
    }

    /// The rule set for `level` on `date`: the province's explicit choice when
    /// it made one, else the one in force on the date (a province's copy of it
    /// wins over the built-in original).
    pub fn select(&self, level: UnitLevel, date: NaiveDate, selection: &RuleSelection) -> Option<&RuleSet> {
        let chosen = match level {
            UnitLevel::Village => selection.village.as_ref(),
            UnitLevel::Commune => selection.commune.as_ref(),
            _ => None,
        };
        if let Some(id) = chosen {
            return self.get(id).filter(|set| set.level() == level);
        }
        let in_force: Vec<&RuleSet> = self
            .sets
            .iter()
            .filter(|set| set.level() == level && set.in_force_on(date))
            .collect();
        in_force
            .iter()
            .find(|set| {
                set.derived_from
                    .as_ref()
                    .is_some_and(|base| in_force.iter().any(|other| &other.id == base))
            })
            .or_else(|| in_force.iter().max_by_key(|set| set.in_force_from))
            .copied()
    }

    /// As `select`, and when no rule set of the level is in force on the date
    /// (one ended and its successor is not yet in the book), the latest one
    /// that came into force before it, marked as lapsed: a review made in the
    /// gap is still measured, and says by which rules.
    pub fn select_or_latest(
        &self,
        level: UnitLevel,
        date: NaiveDate,
        selection: &RuleSelection,
    ) -> Option<(&RuleSet, bool)> {
        if let Some(found) = self.select(level, date, selection) {
            return Some((found, false));
        }
        self.sets
            .iter()
            .filter(|set| set.level() == level && set.in_force_from <= date)
            .max_by_key(|set| (set.in_force_from, set.derived_from.is_some()))
            .map(|set| (set, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rule_set::Rules;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn selects_the_rule_set_in_force_on_the_review_date() {
        let book = RuleBook::built_in();
        let none = RuleSelection::default();
        let id = |level, day| book.select(level, date(day), &none).map(|set| set.id.0.clone());
        assert_eq!(id(UnitLevel::Village, "2017-06-01").as_deref(), Some("TT04_2012"));
        assert_eq!(id(UnitLevel::Village, "2020-06-01").as_deref(), Some("TT14_2018"));
        assert_eq!(id(UnitLevel::Commune, "2020-06-01").as_deref(), Some("NQ653_2019"));
        assert_eq!(id(UnitLevel::Commune, "2024-06-01").as_deref(), Some("NQ35_2023"));
        assert_eq!(id(UnitLevel::Commune, "2025-06-01").as_deref(), Some("NQ76_2025"));
        assert_eq!(id(UnitLevel::District, "2025-06-01"), None);
    }

    #[test]
    fn a_province_choice_wins_over_the_date() {
        let book = RuleBook::built_in();
        let selection = RuleSelection {
            village: None,
            commune: Some(RuleSetId::new("NQ653_2019")),
        };
        let chosen = book.select(UnitLevel::Commune, date("2025-06-01"), &selection).unwrap();
        assert_eq!(chosen.id.as_str(), "NQ653_2019");
        let wrong = RuleSelection {
            village: Some(RuleSetId::new("NQ653_2019")),
            commune: None,
        };
        assert!(
            book.select(UnitLevel::Village, date("2025-06-01"), &wrong).is_none(),
            "a commune set never measures villages"
        );
    }

    #[test]
    fn a_province_corrects_an_unconfirmed_figure_without_a_release() {
        let mut book = RuleBook::built_in();
        let mut corrected = book.get(&RuleSetId::new("TT14_2018")).unwrap().clone();
        corrected.id = RuleSetId::new("TT14_2018_LANG_SON");
        corrected.derived_from = Some(RuleSetId::new("TT14_2018"));
        let Rules::Village(rules) = &mut corrected.rules else {
            panic!()
        };
        rules
            .standards
            .retain(|standard| !(standard.border_commune && standard.households == 150));
        book.set_override(corrected).unwrap();
        let chosen = book
            .select(UnitLevel::Village, date("2020-06-01"), &RuleSelection::default())
            .unwrap();
        assert_eq!(chosen.id.as_str(), "TT14_2018_LANG_SON", "the province's copy wins");
        assert!(
            book.get(&RuleSetId::new("TT14_2018")).is_some(),
            "the original stays, for history"
        );
    }

    #[test]
    fn stored_sets_add_the_provinces_own_and_never_replace_the_law() {
        let mut stale = builtin::tt14_2018();
        stale.in_force_until = Some(date("2026-07-01"));
        let mut own = builtin::nd185_2026();
        own.id = RuleSetId::new("ND185_2026_LANG_SON");
        own.derived_from = Some(RuleSetId::new("ND185_2026"));
        let book = RuleBook::with_province_sets([stale, own]);
        assert_eq!(
            book.get(&RuleSetId::new("TT14_2018")).unwrap().in_force_until,
            Some(date("2026-05-26")),
            "a stored copy of a built-in set does not replace it"
        );
        let chosen = book
            .select(UnitLevel::Village, date("2026-08-01"), &RuleSelection::default())
            .unwrap();
        assert_eq!(chosen.id.as_str(), "ND185_2026_LANG_SON");
    }

    #[test]
    fn a_broken_override_is_refused() {
        let mut book = RuleBook::built_in();
        let mut broken = book.get(&RuleSetId::new("TT14_2018")).unwrap().clone();
        let Rules::Village(rules) = &mut broken.rules else {
            panic!()
        };
        rules.standards[0].households = 0;
        assert!(book.set_override(broken).is_err());
        let mut orphan = book.get(&RuleSetId::new("TT14_2018")).unwrap().clone();
        orphan.id = RuleSetId::new("X");
        orphan.derived_from = Some(RuleSetId::new("NQ653_2019"));
        assert!(book.set_override(orphan).is_err(), "a village copy of a commune set");
    }
}
