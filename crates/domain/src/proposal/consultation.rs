//! The voter consultation (lấy ý kiến cử tri) of each unit a proposal touches.

use crate::format::integer;
use crate::language::{Bilingual, Language};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One round of consultation in one unit: households (or voters) eligible,
/// taking part, agreeing, disagreeing, invalid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    pub unit_id: Uuid,
    /// 1 for the first round; a second round is allowed when the first fails.
    pub round: u8,
    pub eligible: u32,
    pub participating: u32,
    pub agreeing: u32,
    pub disagreeing: u32,
    pub invalid: u32,
}

impl Consultation {
    /// Passes only when more than half of all eligible households (not only
    /// of those taking part) agree.
    pub fn passes(&self) -> bool {
        self.passes_above(50)
    }

    /// Passes when more than `percent` % of all eligible households agree
    /// (the procedure in force says how many: today more than half).
    pub fn passes_above(&self, percent: u32) -> bool {
        u64::from(self.agreeing) * 100 > u64::from(self.eligible) * u64::from(percent)
    }

    /// Whether the figures fit together: the answers are at most the
    /// participants, who are at most the eligible, who are more than none.
    pub fn is_consistent(&self) -> bool {
        let answers = u64::from(self.agreeing) + u64::from(self.disagreeing) + u64::from(self.invalid);
        self.eligible > 0 && self.participating <= self.eligible && answers <= u64::from(self.participating)
    }

    /// The share agreeing, in hundredths of a percent of the eligible, rounded
    /// half up as the minutes write it.
    pub fn agreeing_basis_points(&self) -> u64 {
        let eligible = u64::from(self.eligible);
        (u64::from(self.agreeing) * 20_000 + eligible)
            .checked_div(2 * eligible)
            .unwrap_or(0)
    }

    /// As the minutes write it: "1.485/1.507 cử tri tham gia, 1.304 đồng ý, đạt 86,53%".
    pub fn summary(&self) -> Bilingual {
        let text = |language| {
            let n = |value: u32| integer(value.into(), language);
            let points = self.agreeing_basis_points();
            let (mark, verdict_pass, verdict_fail) = match language {
                Language::Vi => (',', "đạt", "không đạt"),
                Language::En => ('.', "passed", "failed"),
            };
            let percent = format!("{}{mark}{:02}%", points / 100, points % 100);
            let verdict = if self.passes() { verdict_pass } else { verdict_fail };
            match language {
                Language::Vi => format!(
                    "{}/{} cử tri tham gia, {} đồng ý ({percent}), {verdict}",
                    n(self.participating),
                    n(self.eligible),
                    n(self.agreeing)
                ),
                Language::En => format!(
                    "{} of {} voters took part, {} agreed ({percent}): {verdict}",
                    n(self.participating),
                    n(self.eligible),
                    n(self.agreeing)
                ),
            }
        };
        Bilingual::new(text(Language::Vi), text(Language::En))
    }
}

/// The latest round recorded for `unit_id`, which is the one that counts.
pub fn latest_round(consultations: &[Consultation], unit_id: Uuid) -> Option<&Consultation> {
    consultations
        .iter()
        .filter(|round| round.unit_id == unit_id)
        .max_by_key(|round| round.round)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn round(eligible: u32, participating: u32, agreeing: u32) -> Consultation {
        Consultation {
            unit_id: Uuid::nil(),
            round: 1,
            eligible,
            participating,
            agreeing,
            disagreeing: participating - agreeing,
            invalid: 0,
        }
    }

    #[test]
    fn more_than_half_of_all_eligible_must_agree() {
        assert!(round(100, 100, 51).passes());
        assert!(!round(100, 100, 50).passes(), "exactly half is not more than half");
        assert!(
            !round(100, 60, 40).passes(),
            "40 of 60 taking part is a majority of them, not of the village"
        );
        assert!(round(101, 80, 51).passes());
    }

    #[test]
    fn the_minutes_example_of_domain_md() {
        let minutes = Consultation {
            unit_id: Uuid::nil(),
            round: 1,
            eligible: 1_507,
            participating: 1_485,
            agreeing: 1_304,
            disagreeing: 170,
            invalid: 11,
        };
        assert!(minutes.is_consistent());
        assert!(minutes.passes());
        assert_eq!(
            minutes.summary().vi,
            "1.485/1.507 cử tri tham gia, 1.304 đồng ý (86,53%), đạt"
        );
    }

    #[test]
    fn inconsistent_figures_are_caught() {
        assert!(
            !Consultation {
                participating: 120,
                ..round(100, 100, 60)
            }
            .is_consistent()
        );
        assert!(
            !Consultation {
                invalid: 50,
                ..round(100, 100, 60)
            }
            .is_consistent()
        );
        assert!(!round(0, 0, 0).is_consistent());
    }

    #[test]
    fn a_second_round_replaces_the_first() {
        let first = round(100, 90, 40);
        let second = Consultation {
            round: 2,
            ..round(100, 95, 70)
        };
        let rounds = [second.clone(), first];
        assert_eq!(latest_round(&rounds, Uuid::nil()), Some(&second));
    }
}
