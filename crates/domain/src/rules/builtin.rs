//! The rule sets of `domain.md`, built in. Every figure carries its source;
//! `confirmed: false` marks a figure not yet checked against the official
//! text ([U] in `domain.md`), which a province can correct by overriding. The
//! in-force dates are the documents' dates as far as known; a province that
//! needs another choice selects a rule set explicitly (`RuleSelection`).

use super::rule_set::{
    CommuneGroup, CommuneRules, CommuneStandard, EthnicMinorityFactor, HouseholdStandard, LegalBasis, MergeCriterion,
    MergedUnitRule, RuleSet, RuleSetId, Rules, VillageGroup, VillageRegion, VillageRules, WorkerAllowance,
    WorkerLimits,
};
use crate::language::Bilingual;
use crate::measure::Area;
use crate::review::SpecialStatusKind;
use chrono::NaiveDate;

pub const TT04_2012: &str = "TT04_2012";
pub const TT14_2018: &str = "TT14_2018";
pub const NQ653_2019: &str = "NQ653_2019";
pub const NQ35_2023: &str = "NQ35_2023";
pub const NQ76_2025: &str = "NQ76_2025";
pub const NQ112_2025: &str = "NQ112_2025";
pub const ND185_2026: &str = "ND185_2026";

/// Every built-in rule set.
pub fn all() -> Vec<RuleSet> {
    vec![
        tt04_2012(),
        tt14_2018(),
        nd185_2026(),
        nq653_2019(),
        nq35_2023(),
        nq76_2025(),
        nq112_2025(),
    ]
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

fn basis(vi: &str, en: &str, confirmed: bool) -> LegalBasis {
    LegalBasis {
        citation: Bilingual::new(vi, en),
        confirmed,
        issued_on: None,
    }
}

/// NĐ 34/2019 and NĐ 33/2023: at most 3 per village; 14 / 12 / 10 per
/// commune of category I / II / III.
fn worker_limits() -> WorkerLimits {
    WorkerLimits {
        per_village: 3,
        per_commune_category_i: 14,
        per_commune_category_ii: 12,
        per_commune_category_iii: 10,
    }
}

fn household(
    region: VillageRegion,
    group: VillageGroup,
    border_commune: bool,
    households: u32,
    confirmed: bool,
) -> HouseholdStandard {
    HouseholdStandard {
        region,
        group,
        border_commune,
        households,
        confirmed,
    }
}

fn village_exemptions() -> Vec<SpecialStatusKind> {
    vec![
        SpecialStatusKind::Isolated,
        SpecialStatusKind::EthnicCustomary,
        SpecialStatusKind::DefenceSecurity,
        SpecialStatusKind::Border,
    ]
}

/// Thông tư 04/2012/TT-BNV before its 2018 amendment: a mountainous thôn 100
/// households, a tổ dân phố 150.
pub fn tt04_2012() -> RuleSet {
    use VillageGroup::{Rural, Urban};
    use VillageRegion::NorthernMidlandsAndMountains as North;
    RuleSet {
        id: RuleSetId::new(TT04_2012),
        title: Bilingual::new(
            "Tiêu chuẩn thôn, tổ dân phố theo Thông tư 04/2012/TT-BNV",
            "Village standards of Circular 04/2012/TT-BNV",
        ),
        legal_basis: vec![basis("Thông tư 04/2012/TT-BNV", "Circular 04/2012/TT-BNV", true)],
        in_force_from: date(2012, 12, 15),
        in_force_until: Some(date(2018, 12, 15)),
        derived_from: None,
        rules: Rules::Village(VillageRules {
            region: North,
            standards: vec![
                household(North, Rural, false, 100, true),
                household(North, Urban, false, 150, true),
            ],
            must_merge_below_percent: Some(50),
            exemptions: village_exemptions(),
            worker_limits: worker_limits(),
            province_may_lower: false,
            allowance: None,
        }),
    }
}

/// Thông tư 14/2018/TT-BNV amending Điều 7 of TT 04/2012: household standards
/// by region; in Lạng Sơn a thôn 150, in a border commune 100, a tổ dân phố 200.
pub fn tt14_2018() -> RuleSet {
    use VillageGroup::{Rural, Urban};
    use VillageRegion::*;
    let mut standards = Vec::new();
    for (region, rural, urban, urban_confirmed) in [
        (NorthernMidlandsAndMountains, 150, 200, true),
        (RedRiverDelta, 300, 350, true),
        (Hanoi, 300, 450, true),
        (Central, 250, 300, true),
        (CentralHighlands, 200, 250, false),
        (South, 350, 400, true),
        (HoChiMinhCity, 350, 450, true),
    ] {
        standards.push(household(region, Rural, false, rural, true));
        standards.push(household(region, Urban, false, urban, urban_confirmed));
        standards.push(household(region, Rural, true, 100, true));
        standards.push(household(region, Urban, true, 150, false));
    }
    RuleSet {
        id: RuleSetId::new(TT14_2018),
        title: Bilingual::new(
            "Tiêu chuẩn thôn, tổ dân phố theo Thông tư 14/2018/TT-BNV",
            "Village standards of Circular 14/2018/TT-BNV",
        ),
        legal_basis: vec![
            basis("Thông tư 14/2018/TT-BNV", "Circular 14/2018/TT-BNV", true),
            basis(
                "Thông tư 04/2012/TT-BNV, Điều 7",
                "Circular 04/2012/TT-BNV, Article 7",
                true,
            ),
        ],
        in_force_from: date(2018, 12, 15),
        // NĐ 185/2026/NĐ-CP replaced it from 26/5/2026.
        in_force_until: Some(date(2026, 5, 26)),
        derived_from: None,
        rules: Rules::Village(VillageRules {
            region: NorthernMidlandsAndMountains,
            standards,
            must_merge_below_percent: Some(50),
            exemptions: village_exemptions(),
            worker_limits: worker_limits(),
            province_may_lower: false,
            allowance: None,
        }),
    }
}

/// Nghị định 185/2026/NĐ-CP (in force 26/5/2026), Điều 10.1: the household
/// minimum of a thôn and of a tổ dân phố by region; no merge band (Điều 8.3:
/// a village below it is arranged case by case); the province may set lower
/// figures (Điều 10.3); at most 3 non-professional workers per village with a
/// monthly fund of 8.0 or 6.5 base salaries.
pub fn nd185_2026() -> RuleSet {
    use VillageGroup::{Rural, Urban};
    use VillageRegion::*;
    let mut standards = Vec::new();
    for (region, rural, urban) in [
        (Hanoi, 500, 700),
        (HoChiMinhCity, 500, 700),
        (NorthernMidlandsAndMountains, 150, 300),
        (RedRiverDelta, 400, 550),
        (NorthCentral, 350, 450),
        (SouthCentralCoast, 300, 450),
        (CentralHighlands, 300, 450),
        (Southeast, 400, 550),
        (MekongDelta, 400, 550),
    ] {
        standards.push(household(region, Rural, false, rural, true));
        standards.push(household(region, Urban, false, urban, true));
    }
    RuleSet {
        id: RuleSetId::new(ND185_2026),
        title: Bilingual::new(
            "Tổ chức và hoạt động của thôn, tổ dân phố theo Nghị định 185/2026/NĐ-CP",
            "Villages and residential groups under Decree 185/2026/ND-CP",
        ),
        legal_basis: vec![LegalBasis {
            issued_on: Some(date(2026, 5, 26)),
            ..basis("Nghị định 185/2026/NĐ-CP", "Decree 185/2026/ND-CP", true)
        }],
        in_force_from: date(2026, 5, 26),
        in_force_until: None,
        derived_from: None,
        rules: Rules::Village(VillageRules {
            region: NorthernMidlandsAndMountains,
            standards,
            must_merge_below_percent: None,
            exemptions: village_exemptions(),
            worker_limits: worker_limits(),
            province_may_lower: true,
            allowance: Some(WorkerAllowance {
                higher_tenths: 80,
                ordinary_tenths: 65,
                higher_from_rural_households: 700,
                higher_from_urban_households: 1_000,
            }),
        }),
    }
}

/// NQ 1211/2016 as amended by NQ 27/2022: the population and area standards.
fn commune_standards() -> Vec<CommuneStandard> {
    vec![
        CommuneStandard {
            group: CommuneGroup::MountainousCommune,
            population: 5_000,
            area: Area::from_km2(50),
            confirmed: true,
        },
        CommuneStandard {
            group: CommuneGroup::Commune,
            population: 8_000,
            area: Area::from_km2(30),
            confirmed: true,
        },
        CommuneStandard {
            group: CommuneGroup::Ward,
            population: 7_000,
            area: Area::from_km2_hundredths(550),
            confirmed: true,
        },
        CommuneStandard {
            group: CommuneGroup::Township,
            population: 8_000,
            area: Area::from_km2(14),
            confirmed: true,
        },
    ]
}

/// NQ 27/2022, Điều 3a.
fn ethnic_minority_factor() -> EthnicMinorityFactor {
    EthnicMinorityFactor {
        from_share_percent: 30,
        base_percent: 50,
        step_share_percent: 10,
        step_percent: 5,
        floor_percent: 20,
    }
}

fn standards_basis() -> LegalBasis {
    basis(
        "Nghị quyết 1211/2016/UBTVQH13, sửa đổi bởi Nghị quyết 27/2022/UBTVQH15",
        "Resolution 1211/2016/UBTVQH13 as amended by Resolution 27/2022/UBTVQH15",
        true,
    )
}

/// NQ 653/2019: a unit must merge when both its area and its population are
/// below 50% of the standard; the merged unit must meet both standards, except
/// when 3 or more units merge, or 2 units with no other neighbour to add.
pub fn nq653_2019() -> RuleSet {
    RuleSet {
        id: RuleSetId::new(NQ653_2019),
        title: Bilingual::new(
            "Sắp xếp đơn vị hành chính cấp xã giai đoạn 2019–2021 (Nghị quyết 653/2019/UBTVQH14)",
            "Commune arrangement 2019–2021 (Resolution 653/2019/UBTVQH14)",
        ),
        legal_basis: vec![
            basis("Nghị quyết 653/2019/UBTVQH14", "Resolution 653/2019/UBTVQH14", true),
            standards_basis(),
        ],
        in_force_from: date(2019, 3, 12),
        in_force_until: Some(date(2023, 7, 12)),
        derived_from: None,
        rules: Rules::Commune(CommuneRules {
            standards: commune_standards(),
            ethnic_minority_factor: None,
            must_merge: vec![MergeCriterion {
                population_below_percent: 50,
                area_below_percent: 50,
            }],
            merged_unit: MergedUnitRule {
                standards: Vec::new(),
                waived_from_sources: Some(3),
                waived_when_no_other_neighbour: true,
            },
            exemptions: vec![
                SpecialStatusKind::Isolated,
                SpecialStatusKind::EthnicCustomary,
                SpecialStatusKind::DefenceSecurity,
            ],
            worker_limits: worker_limits(),
        }),
    }
}

/// NQ 35/2023: must merge when both are below 70%, or the area below 20% and
/// the population below 300%. Not compulsory for a unit with the same
/// boundary since 1945, a strategic defence role, or a distinct ethnic,
/// religious or customary character; units arranged in 2019–2021 are exempt.
pub fn nq35_2023() -> RuleSet {
    RuleSet {
        id: RuleSetId::new(NQ35_2023),
        title: Bilingual::new(
            "Sắp xếp đơn vị hành chính cấp xã giai đoạn 2023–2025 (Nghị quyết 35/2023/UBTVQH15)",
            "Commune arrangement 2023–2025 (Resolution 35/2023/UBTVQH15)",
        ),
        legal_basis: vec![
            basis("Nghị quyết 35/2023/UBTVQH15", "Resolution 35/2023/UBTVQH15", true),
            standards_basis(),
        ],
        in_force_from: date(2023, 7, 12),
        in_force_until: Some(date(2025, 4, 14)),
        derived_from: None,
        rules: Rules::Commune(CommuneRules {
            standards: commune_standards(),
            ethnic_minority_factor: Some(ethnic_minority_factor()),
            must_merge: vec![
                MergeCriterion {
                    population_below_percent: 70,
                    area_below_percent: 70,
                },
                MergeCriterion {
                    population_below_percent: 300,
                    area_below_percent: 20,
                },
            ],
            // domain.md gives no rule for the merged unit under NQ 35: the one of
            // NQ 653 is kept until a province corrects it.
            merged_unit: MergedUnitRule {
                standards: Vec::new(),
                waived_from_sources: Some(3),
                waived_when_no_other_neighbour: true,
            },
            exemptions: vec![
                SpecialStatusKind::HistoricBoundary,
                SpecialStatusKind::DefenceSecurity,
                SpecialStatusKind::EthnicCustomary,
                SpecialStatusKind::RecentlyArranged,
            ],
            worker_limits: worker_limits(),
        }),
    }
}

/// NQ 76/2025: a mountainous xã formed by the reform needs 200% of the area
/// and 100% of the population standard; a phường in a mountainous or border
/// province 15,000 people and 5.5 km²; not applied when 3 or more units merge.
pub fn nq76_2025() -> RuleSet {
    RuleSet {
        id: RuleSetId::new(NQ76_2025),
        title: Bilingual::new(
            "Sắp xếp đơn vị hành chính năm 2025 (Nghị quyết 76/2025/UBTVQH15)",
            "The 2025 arrangement (Resolution 76/2025/UBTVQH15)",
        ),
        legal_basis: vec![
            basis("Nghị quyết 76/2025/UBTVQH15", "Resolution 76/2025/UBTVQH15", true),
            standards_basis(),
        ],
        in_force_from: date(2025, 4, 14),
        // The standards of NQ 112/2025 measure communes from 2026.
        in_force_until: Some(date(2026, 1, 1)),
        derived_from: None,
        rules: Rules::Commune(CommuneRules {
            standards: commune_standards(),
            ethnic_minority_factor: Some(ethnic_minority_factor()),
            must_merge: Vec::new(),
            merged_unit: MergedUnitRule {
                standards: vec![
                    CommuneStandard {
                        group: CommuneGroup::MountainousCommune,
                        population: 5_000,
                        area: Area::from_km2(100),
                        confirmed: true,
                    },
                    CommuneStandard {
                        group: CommuneGroup::Ward,
                        population: 15_000,
                        area: Area::from_km2_hundredths(550),
                        confirmed: true,
                    },
                ],
                waived_from_sources: Some(3),
                waived_when_no_other_neighbour: false,
            },
            exemptions: Vec::new(),
            worker_limits: worker_limits(),
        }),
    }
}

/// NQ 112/2025/UBTVQH15, from 2026: a xã miền núi, vùng cao needs 5,000
/// people and 100 km², a phường 21,000 people and 5.5 km². No compulsory
/// merger band. The standards for other groups are not in `domain.md`: they
/// are left out (such a unit shows as not measured) until a province adds
/// them with their source.
pub fn nq112_2025() -> RuleSet {
    RuleSet {
        id: RuleSetId::new(NQ112_2025),
        title: Bilingual::new(
            "Tiêu chuẩn đơn vị hành chính cấp xã theo Nghị quyết 112/2025/UBTVQH15",
            "Commune standards of Resolution 112/2025/UBTVQH15",
        ),
        legal_basis: vec![basis(
            "Nghị quyết 112/2025/UBTVQH15",
            "Resolution 112/2025/UBTVQH15",
            true,
        )],
        in_force_from: date(2026, 1, 1),
        in_force_until: None,
        derived_from: None,
        rules: Rules::Commune(CommuneRules {
            standards: vec![
                CommuneStandard {
                    group: CommuneGroup::MountainousCommune,
                    population: 5_000,
                    area: Area::from_km2(100),
                    confirmed: true,
                },
                CommuneStandard {
                    group: CommuneGroup::Ward,
                    population: 21_000,
                    area: Area::from_km2_hundredths(550),
                    confirmed: true,
                },
            ],
            ethnic_minority_factor: None,
            must_merge: Vec::new(),
            merged_unit: MergedUnitRule {
                standards: Vec::new(),
                waived_from_sources: None,
                waived_when_no_other_neighbour: false,
            },
            exemptions: Vec::new(),
            worker_limits: worker_limits(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_built_in_rule_set_is_valid_and_has_a_unique_id() {
        let sets = all();
        for set in &sets {
            set.validate().unwrap_or_else(|error| panic!("{}: {error}", set.id));
        }
        let mut ids: Vec<&str> = sets.iter().map(|set| set.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), sets.len());
    }

    #[test]
    fn lang_son_village_standards_of_tt14_2018() {
        let Rules::Village(rules) = tt14_2018().rules else {
            panic!("a village rule set")
        };
        let find = |group, border| {
            rules
                .standards
                .iter()
                .find(|standard| {
                    standard.region == VillageRegion::NorthernMidlandsAndMountains
                        && standard.group == group
                        && standard.border_commune == border
                })
                .map(|standard| standard.households)
        };
        assert_eq!(find(VillageGroup::Rural, false), Some(150));
        assert_eq!(find(VillageGroup::Rural, true), Some(100));
        assert_eq!(find(VillageGroup::Urban, false), Some(200));
    }

    #[test]
    fn the_decree_185_2026_table_for_every_region() {
        use VillageGroup::{Rural, Urban};
        use VillageRegion::*;
        let set = nd185_2026();
        assert_eq!(set.in_force_from, date(2026, 5, 26));
        assert_eq!(
            tt14_2018().in_force_until,
            Some(date(2026, 5, 26)),
            "TT 14 applied until 25/5/2026"
        );
        let Rules::Village(rules) = set.rules else {
            panic!("a village rule set")
        };
        assert_eq!(rules.must_merge_below_percent, None, "no 50% band");
        assert!(rules.province_may_lower);
        let find = |region, group| {
            rules
                .standards
                .iter()
                .find(|standard| standard.region == region && standard.group == group && !standard.border_commune)
                .map(|standard| standard.households)
        };
        for (region, thon, to_dan_pho) in [
            (Hanoi, 500, 700),
            (HoChiMinhCity, 500, 700),
            (NorthernMidlandsAndMountains, 150, 300),
            (RedRiverDelta, 400, 550),
            (NorthCentral, 350, 450),
            (SouthCentralCoast, 300, 450),
            (CentralHighlands, 300, 450),
            (Southeast, 400, 550),
            (MekongDelta, 400, 550),
        ] {
            assert_eq!(find(region, Rural), Some(thon), "{region:?} thôn");
            assert_eq!(find(region, Urban), Some(to_dan_pho), "{region:?} tổ dân phố");
        }
    }

    #[test]
    fn the_decree_funds_a_villages_workers_with_8_or_6_5_base_salaries() {
        let Rules::Village(rules) = nd185_2026().rules else {
            panic!("a village rule set")
        };
        let allowance = rules.allowance.expect("NĐ 185 sets the fund");
        assert_eq!(rules.worker_limits.per_village, 3);
        let salary = 2_530_000;
        assert_eq!(
            allowance.monthly_fund(VillageGroup::Rural, 699, false, salary),
            16_445_000
        );
        assert_eq!(
            allowance.monthly_fund(VillageGroup::Rural, 700, false, salary),
            20_240_000
        );
        assert_eq!(
            allowance.monthly_fund(VillageGroup::Rural, 120, true, salary),
            20_240_000,
            "a border commune's thôn"
        );
        assert_eq!(
            allowance.monthly_fund(VillageGroup::Urban, 999, false, salary),
            16_445_000
        );
        assert_eq!(
            allowance.monthly_fund(VillageGroup::Urban, 1_000, false, salary),
            20_240_000
        );
    }

    #[test]
    fn communes_are_measured_by_nq112_2025_from_2026() {
        let set = nq112_2025();
        assert!(set.in_force_on(date(2026, 1, 1)));
        assert!(!nq76_2025().in_force_on(date(2026, 1, 1)));
        let Rules::Commune(rules) = set.rules else {
            panic!("a commune rule set")
        };
        let find = |group| rules.standards.iter().find(|standard| standard.group == group);
        let mountainous = find(CommuneGroup::MountainousCommune).unwrap();
        assert_eq!((mountainous.population, mountainous.area), (5_000, Area::from_km2(100)));
        let ward = find(CommuneGroup::Ward).unwrap();
        assert_eq!((ward.population, ward.area), (21_000, Area::from_km2_hundredths(550)));
    }
}
