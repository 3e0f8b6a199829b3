//! Classifying a village (thôn, bản, khối phố, tổ dân phố) by its households.

use super::classification::{Classification, ClassifyError, Comparison, Measure, Standing};
use super::rule_set::{HouseholdStandard, RuleSet, Rules, VillageGroup, VillageRegion, VillageRules};
use crate::format::Integer;
use crate::language::{Bilingual, Language};
use crate::review::SpecialStatus;
use crate::unit_kind::UnitKind;

/// What the classifier needs to know of a village.
#[derive(Clone, Debug)]
pub struct VillageFacts<'a> {
    /// The name as written before the figures ("Thôn Nà Pàn").
    pub name: &'a str,
    pub kind: UnitKind,
    pub households: u32,
    /// Whether the village lies in a border commune (xã biên giới).
    pub border_commune: bool,
    pub special_status: Option<&'a SpecialStatus>,
}

/// Measures a village against a village rule set.
pub fn classify_village(rule_set: &RuleSet, facts: &VillageFacts<'_>) -> Result<Classification, ClassifyError> {
    let Rules::Village(rules) = &rule_set.rules else {
        return Err(ClassifyError::WrongLevel {
            rule_set: rule_set.id.clone(),
        });
    };
    let group = VillageGroup::of(facts.kind).ok_or_else(|| ClassifyError::WrongLevel {
        rule_set: rule_set.id.clone(),
    })?;
    let standard = household_standard(rules, group, facts.border_commune).ok_or_else(|| ClassifyError::NoStandard {
        rule_set: rule_set.id.clone(),
        what: facts.kind.vietnamese().to_lowercase(),
    })?;
    let households = u64::from(facts.households);
    let standard_households = u64::from(standard.households);
    // The fewest households that are not below the merge band, when the rules have one.
    let band = rules.must_merge_below_percent.map(|percent| {
        let percent = u64::from(percent);
        (percent, (standard_households * percent).div_ceil(100))
    });
    let comparison = Comparison {
        measure: Measure::Households,
        actual: households,
        standard: standard_households,
        merge_threshold: band.map(|(_, threshold)| threshold),
    };
    let by_figures = if households >= standard_households {
        Standing::Meets
    } else if band.is_some_and(|(_, threshold)| households < threshold) {
        Standing::BelowMergeThreshold
    } else {
        Standing::BelowStandard
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
    let context = Explained {
        name: facts.name,
        standing,
        comparison: &comparison,
        band_percent: band.map(|(percent, _)| percent),
        border: standard.border_commune,
        // The decree lets the province set lower figures; until it has (a
        // province's copy of the rules), the screen says it may.
        province_may_lower: rules.province_may_lower && rule_set.derived_from.is_none(),
        exemption: exemption.as_ref(),
        rule_set,
    };
    let explanation = Bilingual::new(explain(Language::Vi, &context), explain(Language::En, &context));
    let rule = standard_in_words(
        rule_set,
        group,
        rules.region,
        standard.border_commune,
        standard.households,
    );
    Ok(Classification {
        rule_set_id: rule_set.id.clone(),
        standing,
        comparisons: vec![comparison],
        exemption,
        explanation,
        rule,
    })
}

/// The standard a village of `group` meets by `rules`: the border figure in
/// a border commune when the rules have one, else the ordinary one.
fn household_standard(rules: &VillageRules, group: VillageGroup, border: bool) -> Option<&HouseholdStandard> {
    let find = |border_commune: bool| {
        rules.standards.iter().find(|standard| {
            standard.region == rules.region && standard.group == group && standard.border_commune == border_commune
        })
    };
    (if border { find(true) } else { None }).or_else(|| find(false))
}

/// The standard a thôn (or tổ dân phố, by `kind`) of a commune, border or
/// not, must meet by `rule_set`, in words; `None` when it has none.
pub fn village_standard_in_words(rule_set: &RuleSet, kind: UnitKind, border: bool) -> Option<Bilingual> {
    let Rules::Village(rules) = &rule_set.rules else {
        return None;
    };
    let group = VillageGroup::of(kind)?;
    let standard = household_standard(rules, group, border)?;
    Some(standard_in_words(
        rule_set,
        group,
        rules.region,
        standard.border_commune,
        standard.households,
    ))
}

/// "Nghị định 185/2026/NĐ-CP: thôn ở vùng trung du và miền núi phía Bắc cần từ 150 hộ".
fn standard_in_words(
    rule_set: &RuleSet,
    group: VillageGroup,
    region: VillageRegion,
    border: bool,
    households: u32,
) -> Bilingual {
    let citation = rule_set.citation();
    let region = region.label();
    let (what_vi, what_en) = match group {
        VillageGroup::Rural => ("thôn", "a thôn (village)"),
        VillageGroup::Urban => ("tổ dân phố", "a tổ dân phố (residential group)"),
    };
    let (border_vi, border_en) = if border {
        (" của xã biên giới", " of a border commune")
    } else {
        ("", "")
    };
    Bilingual::new(
        format!(
            "{}: {what_vi}{border_vi} ở {} cần từ {} hộ",
            citation.vi,
            region.vi,
            Integer(u64::from(households), Language::Vi)
        ),
        format!(
            "{}: {what_en}{border_en} in {} needs at least {} households",
            citation.en,
            region.en,
            Integer(u64::from(households), Language::En)
        ),
    )
}

/// What the sentence explaining a classification is made of.
struct Explained<'a> {
    name: &'a str,
    standing: Standing,
    comparison: &'a Comparison,
    band_percent: Option<u64>,
    border: bool,
    province_may_lower: bool,
    exemption: Option<&'a SpecialStatus>,
    rule_set: &'a RuleSet,
}

fn explain(language: Language, context: &Explained<'_>) -> String {
    let n = |value: u64| Integer(value, language);
    let name = context.name;
    let comparison = context.comparison;
    let (households, standard) = (n(comparison.actual), n(comparison.standard));
    let threshold = n(comparison.merge_threshold.unwrap_or_default());
    let must_merge_percent = context.band_percent.unwrap_or_default();
    let percent = comparison.percent_of_standard();
    let citation = context.rule_set.citation().get(language);
    let exemption = context.exemption;
    match language {
        Language::Vi => {
            let border = if context.border { " (xã biên giới)" } else { "" };
            let lower = if context.province_may_lower {
                " Tỉnh có thể quy định mức thấp hơn cho thôn ở xã miền núi, vùng đồng bào dân tộc thiểu số, biên giới, đặc biệt khó khăn (Điều 10.3); khi chưa quy định, áp dụng mức này."
            } else {
                ""
            };
            match (context.standing, exemption) {
                (Standing::Meets, _) => {
                    format!("{name} có {households} hộ, đạt tiêu chuẩn {standard} hộ{border} ({citation}).")
                }
                (Standing::BelowStandard, _) if context.band_percent.is_none() => format!(
                    "{name} có {households} hộ, bằng {percent}% tiêu chuẩn {standard} hộ{border} ({citation}): chưa đạt chuẩn, cần xem xét sắp xếp (cân nhắc địa hình, phong tục, dân tộc, tôn giáo, quốc phòng và nguyện vọng của nhân dân).{lower}"
                ),
                (Standing::BelowStandard, _) => format!(
                    "{name} có {households} hộ, bằng {percent}% tiêu chuẩn {standard} hộ{border} ({citation}): chưa đạt chuẩn, khuyến khích sáp nhập."
                ),
                (Standing::BelowMergeThreshold, _) => format!(
                    "{name} có {households} hộ, dưới {must_merge_percent}% tiêu chuẩn {standard} hộ{border} (dưới {threshold} hộ) theo {citation}: phải sáp nhập."
                ),
                (Standing::Exempt, status) => {
                    let (label, reason) = status
                        .map(|status| (status.kind.label().vi, status.reason.trim()))
                        .unwrap_or_default();
                    format!(
                        "{name} có {households} hộ, chưa đạt tiêu chuẩn {standard} hộ{border} nhưng được giữ nguyên vì {label}: {reason}."
                    )
                }
            }
        }
        Language::En => {
            let border = if context.border { " for a border commune" } else { "" };
            let lower = if context.province_may_lower {
                " The province may set lower figures for villages of mountainous, ethnic-minority, border or extremely difficult areas (Article 10.3); until it does, this figure applies."
            } else {
                ""
            };
            match (context.standing, exemption) {
                (Standing::Meets, _) => {
                    format!(
                        "{name} has {households} households, meeting the standard of {standard}{border} ({citation})."
                    )
                }
                (Standing::BelowStandard, _) if context.band_percent.is_none() => format!(
                    "{name} has {households} households, {percent}% of the standard of {standard}{border} ({citation}): below standard, to be considered for arrangement (weighing terrain, customs, ethnicity, religion, defence and the people's wishes).{lower}"
                ),
                (Standing::BelowStandard, _) => format!(
                    "{name} has {households} households, {percent}% of the standard of {standard}{border} ({citation}): below standard, merging is encouraged."
                ),
                (Standing::BelowMergeThreshold, _) => format!(
                    "{name} has {households} households, under {must_merge_percent}% of the standard of {standard}{border} (fewer than {threshold}) under {citation}: it must be merged."
                ),
                (Standing::Exempt, status) => {
                    let (label, reason) = status
                        .map(|status| (status.kind.label().en, status.reason.trim()))
                        .unwrap_or_default();
                    format!(
                        "{name} has {households} households, below the standard of {standard}{border}, but is kept as it is: {label} ({reason})."
                    )
                }
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

    fn village(households: u32) -> VillageFacts<'static> {
        VillageFacts {
            name: "Thôn Nà Pàn",
            kind: UnitKind::Village,
            households,
            border_commune: false,
            special_status: None,
        }
    }

    fn standing(facts: &VillageFacts<'_>) -> Standing {
        classify_village(&builtin::tt14_2018(), facts).unwrap().standing
    }

    #[test]
    fn tt14_2018_thon_in_an_ordinary_commune_150_households_merge_below_75() {
        assert_eq!(standing(&village(150)), Standing::Meets);
        assert_eq!(standing(&village(149)), Standing::BelowStandard);
        assert_eq!(standing(&village(75)), Standing::BelowStandard);
        assert_eq!(standing(&village(74)), Standing::BelowMergeThreshold);
    }

    #[test]
    fn tt14_2018_thon_in_a_border_commune_100_households_merge_below_50() {
        let border = |households| VillageFacts {
            border_commune: true,
            ..village(households)
        };
        assert_eq!(standing(&border(100)), Standing::Meets);
        assert_eq!(standing(&border(99)), Standing::BelowStandard);
        assert_eq!(standing(&border(50)), Standing::BelowStandard);
        assert_eq!(standing(&border(49)), Standing::BelowMergeThreshold);
    }

    #[test]
    fn tt14_2018_to_dan_pho_200_households_merge_below_100() {
        for kind in [UnitKind::ResidentialGroup, UnitKind::UrbanQuarter] {
            let urban = |households| VillageFacts {
                kind,
                ..village(households)
            };
            assert_eq!(standing(&urban(200)), Standing::Meets);
            assert_eq!(standing(&urban(199)), Standing::BelowStandard);
            assert_eq!(standing(&urban(100)), Standing::BelowStandard);
            assert_eq!(standing(&urban(99)), Standing::BelowMergeThreshold);
        }
    }

    #[test]
    fn before_2018_a_mountainous_thon_needed_100_households() {
        let old = classify_village(&builtin::tt04_2012(), &village(120)).unwrap();
        assert_eq!(old.standing, Standing::Meets);
        assert_eq!(old.rule_set_id.as_str(), "TT04_2012");
        assert_eq!(
            standing(&village(120)),
            Standing::BelowStandard,
            "the same village under TT 14/2018"
        );
    }

    #[test]
    fn an_isolated_village_below_standard_is_exempt_with_its_reason() {
        let status = SpecialStatus {
            kind: SpecialStatusKind::Isolated,
            reason: "Cách trung tâm xã 25 km đường rừng".to_owned(),
        };
        let facts = VillageFacts {
            special_status: Some(&status),
            ..village(40)
        };
        let result = classify_village(&builtin::tt14_2018(), &facts).unwrap();
        assert_eq!(result.standing, Standing::Exempt);
        assert_eq!(result.exemption.as_ref(), Some(&status));
        assert!(
            result.explanation.vi.contains("Cách trung tâm xã 25 km đường rừng"),
            "{}",
            result.explanation.vi
        );
        assert_eq!(result.comparisons[0].actual, 40, "an exempt village keeps its figures");
        let meets = VillageFacts {
            special_status: Some(&status),
            ..village(160)
        };
        assert_eq!(
            standing(&meets),
            Standing::Meets,
            "a village that meets the standard needs no exemption"
        );
    }

    #[test]
    fn explains_in_one_vietnamese_and_one_english_sentence() {
        let result = classify_village(&builtin::tt14_2018(), &village(62)).unwrap();
        assert_eq!(
            result.explanation.vi,
            "Thôn Nà Pàn có 62 hộ, dưới 50% tiêu chuẩn 150 hộ (dưới 75 hộ) theo Thông tư 14/2018/TT-BNV: phải sáp nhập."
        );
        assert_eq!(
            result.explanation.en,
            "Thôn Nà Pàn has 62 households, under 50% of the standard of 150 (fewer than 75) under Circular 14/2018/TT-BNV: it must be merged."
        );
        let below = classify_village(&builtin::tt14_2018(), &village(120)).unwrap();
        assert!(
            below.explanation.vi.contains("bằng 80% tiêu chuẩn 150 hộ"),
            "{}",
            below.explanation.vi
        );
    }

    #[test]
    fn a_communes_village_standard_in_words_follows_the_rule_set() {
        let tt14 = village_standard_in_words(&builtin::tt14_2018(), UnitKind::Village, true).unwrap();
        assert_eq!(
            tt14.vi,
            "Thông tư 14/2018/TT-BNV: thôn của xã biên giới ở vùng trung du và miền núi phía Bắc cần từ 100 hộ"
        );
        let nd185 = village_standard_in_words(&builtin::nd185_2026(), UnitKind::Village, true).unwrap();
        assert_eq!(
            nd185.vi, "Nghị định 185/2026/NĐ-CP: thôn ở vùng trung du và miền núi phía Bắc cần từ 150 hộ",
            "the decree sets no border figure"
        );
        assert!(village_standard_in_words(&builtin::nq112_2025(), UnitKind::Village, false).is_none());
    }

    #[test]
    fn a_commune_rule_set_or_a_commune_kind_is_refused() {
        assert!(matches!(
            classify_village(&builtin::nq653_2019(), &village(100)),
            Err(ClassifyError::WrongLevel { .. })
        ));
        let commune = VillageFacts {
            kind: UnitKind::Commune,
            ..village(100)
        };
        assert!(classify_village(&builtin::tt14_2018(), &commune).is_err());
    }
}
