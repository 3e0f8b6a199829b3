//! What a classification says: the standing, the figures compared, and why.

use super::rule_set::RuleSetId;
use crate::language::Bilingual;
use crate::review::SpecialStatus;
use serde::{Deserialize, Serialize};

/// Where a unit stands against the rule set in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Below the merge threshold: must be merged.
    BelowMergeThreshold,
    /// Below the standard, above the merge threshold: merging is encouraged.
    BelowStandard,
    /// Meets the standard.
    Meets,
    /// Below the standard, but kept for a recognised special status.
    Exempt,
}

impl Standing {
    /// How well the figures stand, for comparing classifications of the same
    /// unit with different figures: higher is better. Exemption does not depend
    /// on the figures and has no rank.
    pub fn rank(self) -> Option<u8> {
        match self {
            Standing::BelowMergeThreshold => Some(0),
            Standing::BelowStandard => Some(1),
            Standing::Meets => Some(2),
            Standing::Exempt => None,
        }
    }

    /// A short label for a badge.
    pub fn label(self) -> Bilingual {
        match self {
            Standing::BelowMergeThreshold => Bilingual::new("Phải sáp nhập", "Must merge"),
            Standing::BelowStandard => Bilingual::new("Chưa đạt chuẩn", "Below standard"),
            Standing::Meets => Bilingual::new("Đạt chuẩn", "Meets standard"),
            Standing::Exempt => Bilingual::new("Đặc thù, giữ nguyên", "Exempt"),
        }
    }
}

/// A figure that was compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Households,
    Population,
    /// In square metres.
    Area,
}

/// One figure of the unit against the standard and the merge threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub measure: Measure,
    pub actual: u64,
    /// The standard that applies to this unit (after any special factor).
    pub standard: u64,
    /// Below this the measure counts towards a compulsory merger, if the
    /// rule set has such a threshold for it.
    pub merge_threshold: Option<u64>,
}

impl Comparison {
    /// The figure as a whole percentage of the standard, rounded down.
    pub fn percent_of_standard(&self) -> u64 {
        self.actual
            .saturating_mul(100)
            .checked_div(self.standard)
            .unwrap_or(100)
    }

    pub fn meets(&self) -> bool {
        self.actual >= self.standard
    }
}

/// The result of classifying one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    /// The rule set applied: stored with the classification.
    pub rule_set_id: RuleSetId,
    pub standing: Standing,
    pub comparisons: Vec<Comparison>,
    /// The recognised special status, when the standing is `Exempt`.
    pub exemption: Option<SpecialStatus>,
    /// One sentence saying why, in Vietnamese and English.
    pub explanation: Bilingual,
    /// The standard applied, in words ("Nghị định 185/2026/NĐ-CP: thôn ở
    /// vùng trung du và miền núi phía Bắc cần từ 150 hộ"): what a screen
    /// shows instead of the rule set's id.
    #[serde(default)]
    pub rule: Bilingual,
}

/// A unit the rule set cannot measure.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClassifyError {
    #[error("rule set {rule_set} measures another level than this unit's")]
    WrongLevel { rule_set: RuleSetId },
    #[error("rule set {rule_set} has no standard for {what}")]
    NoStandard { rule_set: RuleSetId, what: String },
}

impl ClassifyError {
    pub fn bilingual(&self) -> Bilingual {
        match self {
            ClassifyError::WrongLevel { rule_set } => Bilingual::new(
                format!("Bộ tiêu chuẩn {rule_set} không áp dụng cho cấp của đơn vị này."),
                self.to_string(),
            ),
            ClassifyError::NoStandard { rule_set, what } => Bilingual::new(
                format!("Bộ tiêu chuẩn {rule_set} không có tiêu chuẩn cho {what}."),
                self.to_string(),
            ),
        }
    }
}
