//! The unit a merger produces, measured against the rule set: its totals,
//! whether it meets the standard, and whether the rule set waives that.

use super::{Action, Figures, Proposal};
use crate::language::Bilingual;
use crate::rules::classification::{Classification, ClassifyError, Standing};
use crate::rules::rule_set::{RuleSet, Rules};
use crate::rules::{CommuneFacts, VillageFacts, classify_commune, classify_village};
use crate::unit_kind::{UnitKind, UnitLevel};
use serde::{Deserialize, Serialize};

/// Facts about the resulting unit that its sources do not give.
#[derive(Clone, Debug)]
pub struct ResultingUnitFacts<'a> {
    pub name: &'a str,
    pub kind: UnitKind,
    /// For a commune: mountainous or highland; for a village: unused.
    pub mountainous: bool,
    /// For a commune: on the border; for a village: in a border commune.
    pub border: bool,
    pub ethnic_minority_percent: Option<u8>,
}

/// Why the resulting unit need not reach the standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Waiver {
    /// Three or more units merge.
    ThreeOrMoreUnits,
    /// Two units merge and no other neighbour can be added.
    NoOtherNeighbour,
}

impl Waiver {
    pub fn explanation(self) -> Bilingual {
        match self {
            Waiver::ThreeOrMoreUnits => Bilingual::new(
                "Không bắt buộc đạt tiêu chuẩn vì hợp nhất từ 3 đơn vị trở lên.",
                "Need not meet the standard: three or more units merge.",
            ),
            Waiver::NoOtherNeighbour => Bilingual::new(
                "Không bắt buộc đạt tiêu chuẩn vì không còn đơn vị liền kề nào để sáp nhập thêm.",
                "Need not meet the standard: no other neighbouring unit can join.",
            ),
        }
    }
}

/// The resulting unit measured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub totals: Figures,
    pub classification: Classification,
    pub waiver: Option<Waiver>,
}

impl Evaluation {
    /// Whether the result is acceptable under the rule set: it meets the
    /// standard, or the rule set waives the standard for it.
    pub fn acceptable(&self) -> bool {
        self.classification.standing == Standing::Meets || self.waiver.is_some()
    }
}

/// Measures the unit a merger (or a cluster's attachment) produces; `None`
/// for actions that produce no unit to measure.
pub fn evaluate(
    proposal: &Proposal,
    rule_set: &RuleSet,
    facts: &ResultingUnitFacts<'_>,
) -> Option<Result<Evaluation, ClassifyError>> {
    if !matches!(proposal.action, Action::Merge { .. } | Action::AttachCluster { .. }) {
        return None;
    }
    let totals = proposal.totals();
    let units = proposal.involved_units().len();
    let result = match (&rule_set.rules, proposal.level) {
        (Rules::Village(_), UnitLevel::Village) => classify_village(
            rule_set,
            &VillageFacts {
                name: facts.name,
                kind: facts.kind,
                households: totals.households,
                border_commune: facts.border,
                special_status: None,
            },
        )
        .map(|classification| Evaluation {
            totals,
            classification,
            waiver: None,
        }),
        (Rules::Commune(rules), UnitLevel::Commune) => {
            // A merged unit is measured against the rule set's standards for
            // merged units where it has them (NQ 76/2025), else the ordinary ones.
            let mut for_merged = rule_set.clone();
            if let Rules::Commune(merged_rules) = &mut for_merged.rules {
                for special in &rules.merged_unit.standards {
                    merged_rules
                        .standards
                        .retain(|standard| standard.group != special.group);
                    merged_rules.standards.push(special.clone());
                }
            }
            let waiver = if rules
                .merged_unit
                .waived_from_sources
                .is_some_and(|minimum| units >= minimum)
            {
                Some(Waiver::ThreeOrMoreUnits)
            } else if units == 2 && proposal.no_other_neighbour && rules.merged_unit.waived_when_no_other_neighbour {
                Some(Waiver::NoOtherNeighbour)
            } else {
                None
            };
            classify_commune(
                &for_merged,
                &CommuneFacts {
                    name: facts.name,
                    kind: facts.kind,
                    mountainous: facts.mountainous,
                    border: facts.border,
                    population: totals.population,
                    area: totals.area,
                    ethnic_minority_percent: facts.ethnic_minority_percent,
                    special_status: None,
                },
            )
            .map(|classification| Evaluation {
                totals,
                classification,
                waiver,
            })
        }
        _ => Err(ClassifyError::WrongLevel {
            rule_set: rule_set.id.clone(),
        }),
    };
    Some(result)
}
