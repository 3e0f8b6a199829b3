//! The shape of a rule set: data, serialisable, editable by a province.

use crate::language::Bilingual;
use crate::measure::Area;
use crate::review::{CommuneCategory, SpecialStatusKind};
use crate::unit_kind::{UnitKind, UnitLevel};
use crate::validation::{Field, Problem, ValidationError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The id of a rule set, e.g. `TT14_2018`; a province's copy gets its own id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleSetId(pub String);

impl RuleSetId {
    pub fn new(id: &str) -> Self {
        Self(id.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleSetId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// A legal document a rule set rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    /// As cited in Vietnamese ("Thông tư 14/2018/TT-BNV") and in English.
    pub citation: Bilingual,
    /// Whether the figures were seen quoted from the official text.
    pub confirmed: bool,
    /// The day the document was issued, when recorded (a province's own
    /// decision on lower figures is cited by number and date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<NaiveDate>,
}

/// The standards in force for one level over a span of time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    pub id: RuleSetId,
    pub title: Bilingual,
    pub legal_basis: Vec<LegalBasis>,
    pub in_force_from: NaiveDate,
    /// The first day it no longer applies, if it has ended.
    pub in_force_until: Option<NaiveDate>,
    /// For a province's corrected copy: the built-in set it corrects.
    pub derived_from: Option<RuleSetId>,
    pub rules: Rules,
}

/// The thresholds themselves, by level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum Rules {
    Village(VillageRules),
    Commune(CommuneRules),
}

/// The socio-economic region whose village standards apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VillageRegion {
    /// Trung du và miền núi phía Bắc (Lạng Sơn).
    NorthernMidlandsAndMountains,
    /// Đồng bằng sông Hồng.
    RedRiverDelta,
    /// Hà Nội (its own standard for tổ dân phố).
    Hanoi,
    /// Bắc Trung Bộ và Duyên hải miền Trung (TT 14/2018 groups them).
    Central,
    /// Tây Nguyên.
    CentralHighlands,
    /// Đông Nam Bộ và Đồng bằng sông Cửu Long (TT 14/2018 groups them).
    South,
    /// Thành phố Hồ Chí Minh (its own standard for tổ dân phố).
    HoChiMinhCity,
    /// Bắc Trung Bộ (NĐ 185/2026 separates it).
    NorthCentral,
    /// Duyên hải Nam Trung Bộ (NĐ 185/2026).
    SouthCentralCoast,
    /// Đông Nam Bộ (NĐ 185/2026).
    Southeast,
    /// Đồng bằng sông Cửu Long (NĐ 185/2026).
    MekongDelta,
}

impl VillageRegion {
    /// The region as the documents name it.
    pub fn label(self) -> Bilingual {
        let (vi, en) = match self {
            VillageRegion::NorthernMidlandsAndMountains => (
                "vùng trung du và miền núi phía Bắc",
                "the Northern Midlands and Mountains",
            ),
            VillageRegion::RedRiverDelta => ("vùng Đồng bằng sông Hồng", "the Red River Delta"),
            VillageRegion::Hanoi => ("Thành phố Hà Nội", "Hanoi"),
            VillageRegion::Central => (
                "vùng Bắc Trung Bộ và Duyên hải miền Trung",
                "the North Central and Central Coast",
            ),
            VillageRegion::CentralHighlands => ("vùng Tây Nguyên", "the Central Highlands"),
            VillageRegion::South => (
                "vùng Đông Nam Bộ và Đồng bằng sông Cửu Long",
                "the Southeast and the Mekong Delta",
            ),
            VillageRegion::HoChiMinhCity => ("Thành phố Hồ Chí Minh", "Ho Chi Minh City"),
            VillageRegion::NorthCentral => ("vùng Bắc Trung Bộ", "the North Central region"),
            VillageRegion::SouthCentralCoast => ("vùng Duyên hải Nam Trung Bộ", "the South Central Coast"),
            VillageRegion::Southeast => ("vùng Đông Nam Bộ", "the Southeast"),
            VillageRegion::MekongDelta => ("vùng Đồng bằng sông Cửu Long", "the Mekong Delta"),
        };
        Bilingual::new(vi, en)
    }
}

/// Rural villages (thôn, bản) and urban ones (tổ dân phố, khối phố) have
/// different standards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VillageGroup {
    Rural,
    Urban,
}

impl VillageGroup {
    /// The group of a village-level kind; `None` for other levels.
    pub fn of(kind: UnitKind) -> Option<Self> {
        match kind {
            UnitKind::Village | UnitKind::Hamlet => Some(VillageGroup::Rural),
            UnitKind::UrbanQuarter | UnitKind::ResidentialGroup => Some(VillageGroup::Urban),
            _ => None,
        }
    }
}

/// A household standard for one kind of village in one region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdStandard {
    pub region: VillageRegion,
    pub group: VillageGroup,
    /// Whether this standard is for villages of a border commune.
    pub border_commune: bool,
    pub households: u32,
    pub confirmed: bool,
}

/// Limits on non-professional workers (người hoạt động không chuyên trách).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerLimits {
    pub per_village: u32,
    pub per_commune_category_i: u32,
    pub per_commune_category_ii: u32,
    pub per_commune_category_iii: u32,
}

impl WorkerLimits {
    pub fn per_commune(&self, category: CommuneCategory) -> u32 {
        match category {
            CommuneCategory::I => self.per_commune_category_i,
            CommuneCategory::II => self.per_commune_category_ii,
            CommuneCategory::III => self.per_commune_category_iii,
        }
    }
}

/// The standards for villages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VillageRules {
    /// The province's region.
    pub region: VillageRegion,
    pub standards: Vec<HouseholdStandard>,
    /// Below this share of the standard, a village must be merged (50 under
    /// TT 14/2018); `None` when the rules have no such band (NĐ 185/2026:
    /// a village below the standard is to be arranged, case by case).
    #[serde(default)]
    pub must_merge_below_percent: Option<u32>,
    /// The special statuses that exempt a village from merging.
    pub exemptions: Vec<SpecialStatusKind>,
    pub worker_limits: WorkerLimits,
    /// NĐ 185/2026 Điều 10.3: the province's People's Committee may set lower
    /// figures for villages of mountainous, ethnic-minority, border or
    /// extremely difficult areas (no number in the decree).
    #[serde(default)]
    pub province_may_lower: bool,
    /// The monthly allowance fund of a village's non-professional workers,
    /// when the rules set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowance: Option<WorkerAllowance>,
}

/// NĐ 185/2026: the monthly fund for a village's non-professional workers,
/// as a multiple of the base salary (in tenths: 80 is 8.0 ×).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerAllowance {
    /// For a large village, or one of a border, island or defence-key commune,
    /// or an extremely difficult thôn.
    pub higher_tenths: u32,
    pub ordinary_tenths: u32,
    /// A thôn from this many households takes the higher fund (700)…
    pub higher_from_rural_households: u32,
    /// …a tổ dân phố from this many (1,000).
    pub higher_from_urban_households: u32,
}

impl WorkerAllowance {
    /// The monthly fund in đồng for a village of `group` with `households`,
    /// `special` when it lies in a border, island or defence-key commune or is
    /// an extremely difficult thôn, at the `base_salary` in force.
    pub fn monthly_fund(&self, group: VillageGroup, households: u32, special: bool, base_salary: u64) -> u64 {
        let large = match group {
            VillageGroup::Rural => households >= self.higher_from_rural_households,
            VillageGroup::Urban => households >= self.higher_from_urban_households,
        };
        let tenths = if large || special {
            self.higher_tenths
        } else {
            self.ordinary_tenths
        };
        base_salary * u64::from(tenths) / 10
    }
}

/// Which standard a commune-level unit is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommuneGroup {
    /// Xã miền núi, vùng cao.
    MountainousCommune,
    /// Any other xã.
    Commune,
    /// Phường (of a provincial city).
    Ward,
    /// Thị trấn.
    Township,
}

impl CommuneGroup {
    /// The group of a commune-level kind; `None` for other levels.
    pub fn of(kind: UnitKind, mountainous: bool) -> Option<Self> {
        match kind {
            UnitKind::Commune if mountainous => Some(CommuneGroup::MountainousCommune),
            UnitKind::Commune => Some(CommuneGroup::Commune),
            UnitKind::Ward => Some(CommuneGroup::Ward),
            UnitKind::Township => Some(CommuneGroup::Township),
            _ => None,
        }
    }
}

/// The population and area standard of one group of communes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneStandard {
    pub group: CommuneGroup,
    pub population: u32,
    pub area: Area,
    pub confirmed: bool,
}

/// NQ 27/2022, Điều 3a: a mountainous commune with a large ethnic-minority
/// population, or on the border, needs only part of the population standard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EthnicMinorityFactor {
    /// From this ethnic-minority share (30%), or on the border…
    pub from_share_percent: u32,
    /// …the population standard is this share of itself (50%)…
    pub base_percent: u32,
    /// …lowered by `step_percent` points (5) for each further
    /// `step_share_percent` (10) of ethnic-minority share…
    pub step_share_percent: u32,
    pub step_percent: u32,
    /// …down to this floor (20%).
    pub floor_percent: u32,
}

impl EthnicMinorityFactor {
    /// The share of the population standard that applies, in percent, or
    /// `None` when the factor does not apply.
    pub fn population_percent(&self, ethnic_minority_percent: Option<u8>, border: bool) -> Option<u32> {
        let share = u32::from(ethnic_minority_percent.unwrap_or(0));
        if share < self.from_share_percent {
            return border.then_some(self.base_percent);
        }
        let steps = (share - self.from_share_percent) / self.step_share_percent.max(1);
        Some(
            self.base_percent
                .saturating_sub(steps * self.step_percent)
                .max(self.floor_percent),
        )
    }
}

/// A unit must be merged when its population is below `population_percent`
/// of the standard and its area below `area_percent` (both at once).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeCriterion {
    pub population_below_percent: u32,
    pub area_below_percent: u32,
}

/// What a unit formed by merging must reach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergedUnitRule {
    /// Standards for the new unit that differ from the ordinary ones (e.g.
    /// NQ 76/2025: a mountainous xã needs 200% of the area standard); groups
    /// not listed use the ordinary standard.
    pub standards: Vec<CommuneStandard>,
    /// From this many source units, the new unit need not reach the standard.
    pub waived_from_sources: Option<usize>,
    /// Two units may merge below the standard when no other neighbour can be added.
    pub waived_when_no_other_neighbour: bool,
}

/// The standards for communes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneRules {
    pub standards: Vec<CommuneStandard>,
    pub ethnic_minority_factor: Option<EthnicMinorityFactor>,
    /// A unit meeting any one of these must be merged.
    pub must_merge: Vec<MergeCriterion>,
    pub merged_unit: MergedUnitRule,
    /// The special statuses that exempt a commune from compulsory merger.
    pub exemptions: Vec<SpecialStatusKind>,
    pub worker_limits: WorkerLimits,
}

impl RuleSet {
    /// The level the rule set measures.
    pub fn level(&self) -> UnitLevel {
        match self.rules {
            Rules::Village(_) => UnitLevel::Village,
            Rules::Commune(_) => UnitLevel::Commune,
        }
    }

    /// Whether the rule set applies on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.in_force_from <= date && self.in_force_until.is_none_or(|until| date < until)
    }

    /// The first legal document, as cited in Vietnamese and English.
    pub fn citation(&self) -> &Bilingual {
        self.legal_basis.first().map_or(&self.title, |basis| &basis.citation)
    }

    /// The worker limits of the rule set.
    pub fn worker_limits(&self) -> &WorkerLimits {
        match &self.rules {
            Rules::Village(rules) => &rules.worker_limits,
            Rules::Commune(rules) => &rules.worker_limits,
        }
    }

    /// Checks a rule set a province wrote: an id, thresholds above zero,
    /// percentages that make sense, dates in order.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let invalid = |reason: &str| {
            ValidationError::new(
                Field::RuleSet,
                Problem::Invalid {
                    reason: reason.to_owned(),
                },
            )
        };
        if self.id.0.trim().is_empty() || self.id.0.len() > 64 {
            return Err(invalid("a rule set needs an id of 1 to 64 characters"));
        }
        if self.in_force_until.is_some_and(|until| until <= self.in_force_from) {
            return Err(invalid("a rule set must end after it starts"));
        }
        match &self.rules {
            Rules::Village(rules) => {
                if rules.standards.is_empty() || rules.standards.iter().any(|standard| standard.households == 0) {
                    return Err(invalid(
                        "every village standard needs a number of households above zero",
                    ));
                }
                if rules
                    .must_merge_below_percent
                    .is_some_and(|percent| !(1..=100).contains(&percent))
                {
                    return Err(invalid("the merge threshold is a percentage from 1 to 100"));
                }
            }
            Rules::Commune(rules) => {
                let all_standards = rules.standards.iter().chain(&rules.merged_unit.standards);
                if rules.standards.is_empty()
                    || all_standards
                        .clone()
                        .any(|standard| standard.population == 0 || standard.area == Area::ZERO)
                {
                    return Err(invalid(
                        "every commune standard needs a population and an area above zero",
                    ));
                }
                if rules
                    .must_merge
                    .iter()
                    .any(|criterion| criterion.population_below_percent == 0 || criterion.area_below_percent == 0)
                {
                    return Err(invalid("a merge criterion needs percentages above zero"));
                }
                if let Some(factor) = &rules.ethnic_minority_factor
                    && (factor.base_percent > 100 || factor.floor_percent > factor.base_percent)
                {
                    return Err(invalid(
                        "the ethnic-minority factor must lower the standard, not raise it",
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn factor() -> EthnicMinorityFactor {
        EthnicMinorityFactor {
            from_share_percent: 30,
            base_percent: 50,
            step_share_percent: 10,
            step_percent: 5,
            floor_percent: 20,
        }
    }

    #[test]
    fn the_ethnic_minority_factor_follows_nq_27_2022() {
        let factor = factor();
        assert_eq!(factor.population_percent(Some(10), false), None);
        assert_eq!(factor.population_percent(Some(10), true), Some(50), "a border commune");
        assert_eq!(factor.population_percent(Some(30), false), Some(50));
        assert_eq!(factor.population_percent(Some(39), false), Some(50));
        assert_eq!(factor.population_percent(Some(40), false), Some(45));
        assert_eq!(factor.population_percent(Some(83), false), Some(25), "Lạng Sơn's share");
        assert_eq!(
            factor.population_percent(Some(100), false),
            Some(20),
            "never below the floor"
        );
    }
}
