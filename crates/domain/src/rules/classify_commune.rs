//! Classifying a commune-level unit (xã, phường, thị trấn) by population and area.

use super::classification::{Classification, ClassifyError, Comparison, Measure, Standing};
use super::rule_set::{CommuneGroup, CommuneRules, CommuneStandard, MergeCriterion, RuleSet, Rules};
use crate::format::Integer;
use crate::language::{Bilingual, Language};
use crate::measure::Area;
use crate::review::SpecialStatus;
use crate::unit_kind::UnitKind;

/// What the classifier needs to know of a commune-level unit.
#[derive(Clone, Debug)]
pub struct CommuneFacts<'a> {
    /// The name as written before the figures ("Xã Quang Lang").
    pub name: &'a str,
    pub kind: UnitKind,
    /// Mountainous or highland (every xã of Lạng Sơn).
    pub mountainous: bool,
    /// On the national border.
    pub border: bool,
    pub population: u32,
    pub area: Area,
    pub ethnic_minority_percent: Option<u8>,
    pub special_status: Option<&'a SpecialStatus>,
}

/// The standard one commune is measured against, after any special factor.
pub(crate) struct AppliedStandard<'a> {
    pub base: &'a CommuneStandard,
    /// The population the unit needs, after the ethnic-minority factor.
    pub population: u64,
    /// The share of the population standard applied, when the factor applies.
    pub factor_percent: Option<u32>,
}

/// The standard of a commune's group in `rules` (or in `table`, for a merged unit).
pub(crate) fn applied_standard<'a>(
    rule_set: &RuleSet,
    rules: &CommuneRules,
    table: &'a [CommuneStandard],
    facts: &CommuneFacts<'_>,
) -> Result<AppliedStandard<'a>, ClassifyError> {
    let wrong_level = || ClassifyError::WrongLevel {
        rule_set: rule_set.id.clone(),
    };
    let group = CommuneGroup::of(facts.kind, facts.mountainous).ok_or_else(wrong_level)?;
    let base = table
        .iter()
        .find(|standard| standard.group == group)
        .ok_or_else(|| ClassifyError::NoStandard {
            rule_set: rule_set.id.clone(),
            what: facts.kind.vietnamese().to_lowercase(),
        })?;
    let factor_percent = match (&rules.ethnic_minority_factor, group) {
        (Some(factor), CommuneGroup::MountainousCommune) => {
            factor.population_percent(facts.ethnic_minority_percent, facts.border)
        }
        _ => None,
    };
    let population = match factor_percent {
        Some(percent) => (u64::from(base.population) * u64::from(percent)).div_ceil(100),
        None => u64::from(base.population),
    };
    Ok(AppliedStandard {
        base,
        population,
        factor_percent,
    })
}

/// Measures a commune-level unit against a commune rule set.
pub fn classify_commune(rule_set: &RuleSet, facts: &CommuneFacts<'_>) -> Result<Classification, ClassifyError> {
    let Rules::Commune(rules) = &rule_set.rules else {
        return Err(ClassifyError::WrongLevel {
            rule_set: rule_set.id.clone(),
        });
    };
    let standard = applied_standard(rule_set, rules, &rules.standards, facts)?;
    let population = u64::from(facts.population);
    let area = facts.area.square_metres();
    let base_population = u64::from(standard.base.population);
    let base_area = standard.base.area.square_metres();
    // The merge criteria compare against the standard itself (a Lạng Sơn xã
    // must merge under 2,500 people and 25 km² by NQ 653/2019), not the
    // standard lowered by the ethnic-minority factor.
    let must_merge_by = rules.must_merge.iter().find(|criterion| {
        population * 100 < base_population * u64::from(criterion.population_below_percent)
            && area * 100 < base_area * u64::from(criterion.area_below_percent)
    });
    let loosest = |pick: fn(&MergeCriterion) -> u32, base: u64| {
        rules
            .must_merge
            .iter()
            .map(pick)
            .min()
            .map(|percent| (base * u64::from(percent)).div_ceil(100))
    };
    let comparisons = vec![
        Comparison {
            measure: Measure::Population,
            actual: population,
            standard: standard.population,
            merge_threshold: loosest(|criterion| criterion.population_below_percent, base_population),
        },
        Comparison {
            measure: Measure::Area,
            actual: area,
            standard: base_area,
            merge_threshold: loosest(|criterion| criterion.area_below_percent, base_area),
        },
    ];
    let meets = comparisons.iter().all(Comparison::meets);
    let by_figures = match (must_merge_by, meets) {
        (Some(_), _) => Standing::BelowMergeThreshold,
        (None, true) => Standing::Meets,
        (None, false) => Standing::BelowStandard,
    };
    let exemption = facts
        .special_status
        .filter(|status| by_figures != Standing::Meets && rules.exemptions.contains(&status.kind))
        .cloned();
    let standing = if exemption.is_some() {
        Standing::Exempt
    } else {
        by_figures
    };
    let explain_in = |language| {
        explain(
            language,
            facts.name,
            standing,
            &comparisons,
            must_merge_by,
            standard.factor_percent,
            exemption.as_ref(),
            rule_set,
        )
    };
    let explanation = Bilingual::new(explain_in(Language::Vi), explain_in(Language::En));
    let rule = standard_in_words(
        rule_set,
        facts.kind,
        facts.mountainous,
        standard.population,
        standard.base.area,
    );
    Ok(Classification {
        rule_set_id: rule_set.id.clone(),
        standing,
        comparisons,
        exemption,
        explanation,
        rule,
    })
}

/// "Nghị quyết 112/2025/UBTVQH15: xã miền núi cần từ 5.000 người và 100 km²".
fn standard_in_words(rule_set: &RuleSet, kind: UnitKind, mountainous: bool, population: u64, area: Area) -> Bilingual {
    let citation = rule_set.citation();
    let (what_vi, what_en) = match (kind, mountainous) {
        (UnitKind::Commune, true) => ("xã miền núi, vùng cao", "a mountainous commune"),
        (UnitKind::Commune, false) => ("xã", "a commune"),
        (UnitKind::Ward, _) => ("phường", "a ward"),
        (UnitKind::Township, _) => ("thị trấn", "a township"),
        _ => ("đơn vị", "a unit"),
    };
    Bilingual::new(
        format!(
            "{}: {what_vi} cần từ {} người và {} km²",
            citation.vi,
            Integer(population, Language::Vi),
            area.km2_text(Language::Vi)
        ),
        format!(
            "{}: {what_en} needs at least {} people and {} km²",
            citation.en,
            Integer(population, Language::En),
            area.km2_text(Language::En)
        ),
    )
}

#[allow(clippy::too_many_arguments)]
fn explain(
    language: Language,
    name: &str,
    standing: Standing,
    comparisons: &[Comparison],
    criterion: Option<&MergeCriterion>,
    factor_percent: Option<u32>,
    exemption: Option<&SpecialStatus>,
    rule_set: &RuleSet,
) -> String {
    let n = |value: u64| Integer(value, language);
    let km2 = |square_metres: u64| Area::from_square_metres(square_metres).km2_text(language);
    let (people, area) = (&comparisons[0], &comparisons[1]);
    let citation = rule_set.citation().get(language);
    let vi = language == Language::Vi;
    let factor = match factor_percent {
        Some(percent) if vi => {
            format!(" (áp dụng {percent}% tiêu chuẩn dân số do yếu tố dân tộc thiểu số, biên giới)")
        }
        Some(percent) => format!(" (the population standard taken at {percent}% for ethnic-minority or border status)"),
        None => String::new(),
    };
    let figures = if vi {
        format!(
            "dân số {} người ({}% tiêu chuẩn {}{factor}) và diện tích {} km² ({}% tiêu chuẩn {} km²)",
            n(people.actual),
            people.percent_of_standard(),
            n(people.standard),
            km2(area.actual),
            area.percent_of_standard(),
            km2(area.standard)
        )
    } else {
        format!(
            "a population of {} ({}% of the standard of {}{factor}) and an area of {} km² ({}% of the standard of {} km²)",
            n(people.actual),
            people.percent_of_standard(),
            n(people.standard),
            km2(area.actual),
            area.percent_of_standard(),
            km2(area.standard)
        )
    };
    match (standing, vi) {
        (Standing::Meets, true) => format!("{name} có {figures}, đạt tiêu chuẩn ({citation})."),
        (Standing::Meets, false) => {
            format!("{name} has {figures}, meeting the standard ({citation}).")
        }
        (Standing::BelowStandard, true) => {
            format!("{name} có {figures}, chưa đạt tiêu chuẩn nhưng chưa thuộc diện phải sắp xếp theo {citation}.")
        }
        (Standing::BelowStandard, false) => {
            format!("{name} has {figures}: below the standard, but not required to merge under {citation}.")
        }
        (Standing::BelowMergeThreshold, _) => {
            let (population_percent, area_percent) = criterion
                .map(|criterion| (criterion.population_below_percent, criterion.area_below_percent))
                .unwrap_or_default();
            if vi {
                format!(
                    "{name} có {figures}, diện tích dưới {area_percent}% và dân số dưới {population_percent}% tiêu chuẩn: phải sắp xếp theo {citation}."
                )
            } else {
                format!(
                    "{name} has {figures}, an area under {area_percent}% and a population under {population_percent}% of the standard: it must be merged under {citation}."
                )
            }
        }
        (Standing::Exempt, _) => {
            let (label, reason) = exemption
                .map(|status| {
                    (
                        status.kind.label().get(language).to_owned(),
                        status.reason.trim().to_owned(),
                    )
                })
                .unwrap_or_default();
            if vi {
                format!("{name} có {figures}, chưa đạt tiêu chuẩn nhưng không phải sắp xếp vì {label}: {reason}.")
            } else {
                format!("{name} has {figures}, below the standard, but need not merge: {label} ({reason}).")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::SpecialStatusKind;
    use crate::rules::builtin;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn xa(population: u32, area: Area) -> CommuneFacts<'static> {
        CommuneFacts {
            name: "Xã Quang Lang",
            kind: UnitKind::Commune,
            mountainous: true,
            border: false,
            population,
            area,
            ethnic_minority_percent: None,
            special_status: None,
        }
    }

    fn standing(rule_set: &RuleSet, facts: &CommuneFacts<'_>) -> Standing {
        classify_commune(rule_set, facts).unwrap().standing
    }

    #[test]
    fn nq653_a_lang_son_xa_must_merge_below_25_km2_and_2500_people() {
        let rules = builtin::nq653_2019();
        assert_eq!(
            standing(&rules, &xa(2_499, Area::from_km2_hundredths(2_499))),
            Standing::BelowMergeThreshold
        );
        assert_eq!(
            standing(&rules, &xa(2_500, Area::from_km2_hundredths(2_499))),
            Standing::BelowStandard,
            "population at 50%"
        );
        assert_eq!(
            standing(&rules, &xa(2_499, Area::from_km2(25))),
            Standing::BelowStandard,
            "area at 50%"
        );
        assert_eq!(standing(&rules, &xa(5_000, Area::from_km2(50))), Standing::Meets);
    }

    #[test]
    fn quang_lang_before_its_2019_merger_was_below_standard_but_not_obliged_to_merge() {
        // NQ 818/NQ-UBTVQH14: xã Quang Lang, 30,88 km² and 7.429 people.
        let result = classify_commune(&builtin::nq653_2019(), &xa(7_429, Area::from_km2_hundredths(3_088))).unwrap();
        assert_eq!(result.standing, Standing::BelowStandard);
        assert_eq!(result.comparisons[0].percent_of_standard(), 148);
        assert_eq!(result.comparisons[1].percent_of_standard(), 61);
        assert!(
            result.explanation.vi.contains("dân số 7.429 người"),
            "{}",
            result.explanation.vi
        );
        assert!(
            result.explanation.vi.contains("diện tích 30,88 km²"),
            "{}",
            result.explanation.vi
        );
    }

    #[test]
    fn dong_mo_before_its_2019_merger_was_below_the_township_standard() {
        // Thị trấn Đồng Mỏ before NQ 818: 4,76 km² and 6.846 people (standard 14 km², 8.000).
        let dong_mo = CommuneFacts {
            name: "Thị trấn Đồng Mỏ",
            kind: UnitKind::Township,
            ..xa(6_846, Area::from_km2_hundredths(476))
        };
        let result = classify_commune(&builtin::nq653_2019(), &dong_mo).unwrap();
        assert_eq!(
            result.standing,
            Standing::BelowStandard,
            "34% of the area but 85% of the population"
        );
        assert_eq!(result.comparisons[1].standard, Area::from_km2(14).square_metres());
        let merged = CommuneFacts {
            name: "Thị trấn Đồng Mỏ",
            kind: UnitKind::Township,
            ..xa(14_275, Area::from_km2_hundredths(3_564))
        };
        assert_eq!(
            standing(&builtin::nq653_2019(), &merged),
            Standing::Meets,
            "after the merger: 35,64 km², 14.275 people"
        );
    }

    #[test]
    fn nq35_must_merge_below_70_percent_of_both_or_20_percent_area_and_300_percent_population() {
        let rules = builtin::nq35_2023();
        assert_eq!(
            standing(&rules, &xa(3_400, Area::from_km2(34))),
            Standing::BelowMergeThreshold,
            "68% and 68%"
        );
        assert_eq!(
            standing(&rules, &xa(3_500, Area::from_km2(34))),
            Standing::BelowStandard,
            "70% population"
        );
        assert_eq!(
            standing(&rules, &xa(14_000, Area::from_km2(9))),
            Standing::BelowMergeThreshold,
            "18% area, 280% population"
        );
        assert_eq!(
            standing(&rules, &xa(15_000, Area::from_km2(9))),
            Standing::BelowStandard,
            "300% population"
        );
    }

    #[test]
    fn nq35_lowers_the_population_standard_for_ethnic_minority_communes() {
        let rules = builtin::nq35_2023();
        let lang_son = |population| CommuneFacts {
            ethnic_minority_percent: Some(83),
            ..xa(population, Area::from_km2(60))
        };
        let result = classify_commune(&rules, &lang_son(1_250)).unwrap();
        assert_eq!(
            result.comparisons[0].standard, 1_250,
            "25% of 5.000 for 83% ethnic minority"
        );
        assert_eq!(result.standing, Standing::Meets);
        assert_eq!(standing(&rules, &lang_son(1_249)), Standing::BelowStandard);
        assert!(
            result.explanation.vi.contains("áp dụng 25% tiêu chuẩn dân số"),
            "{}",
            result.explanation.vi
        );
        let border = CommuneFacts {
            border: true,
            ..xa(2_500, Area::from_km2(60))
        };
        assert_eq!(standing(&rules, &border), Standing::Meets, "a border commune needs 50%");
    }

    #[test]
    fn nq35_exempts_a_commune_with_the_same_boundary_since_1945() {
        let status = SpecialStatus {
            kind: SpecialStatusKind::HistoricBoundary,
            reason: "Địa giới không đổi từ 1945".to_owned(),
        };
        let facts = CommuneFacts {
            special_status: Some(&status),
            ..xa(3_000, Area::from_km2(30))
        };
        assert_eq!(standing(&builtin::nq35_2023(), &facts), Standing::Exempt);
        assert_eq!(
            standing(&builtin::nq653_2019(), &facts),
            Standing::BelowStandard,
            "NQ 653 has no such exemption"
        );
    }

    #[test]
    fn wards_and_townships_have_their_own_standards() {
        let rules = builtin::nq653_2019();
        let ward = |population, area| CommuneFacts {
            kind: UnitKind::Ward,
            mountainous: false,
            ..xa(population, area)
        };
        assert_eq!(
            standing(&rules, &ward(7_000, Area::from_km2_hundredths(550))),
            Standing::Meets
        );
        assert_eq!(
            standing(&rules, &ward(6_999, Area::from_km2_hundredths(550))),
            Standing::BelowStandard
        );
        let lowland = CommuneFacts {
            mountainous: false,
            ..xa(7_999, Area::from_km2(40))
        };
        assert_eq!(
            standing(&rules, &lowland),
            Standing::BelowStandard,
            "a lowland xã needs 8.000 people"
        );
    }
}
