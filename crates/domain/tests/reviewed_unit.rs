//! A unit's standing from its latest review: the rule set in force on the
//! review's date, the border flag of the village's commune, the commune's
//! ethnic-minority factor.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use domain::review::{CommuneCategory, CommuneReview, VillageReview};
use domain::rules::{RuleBook, RuleSelection, Standing, classify_reviewed_commune, classify_reviewed_village};
use domain::{Area, OfficerId, SyncMeta, Timestamp, UnitKind};
use support::*;

fn village_review(households: u32, reviewed_on: &str) -> VillageReview {
    VillageReview {
        id: id(900),
        unit_id: id(1),
        households,
        population: households * 4,
        area: Area::from_hectares(300),
        non_professional_workers: 3,
        ethnic_minority_percent: Some(90),
        special_status: None,
        location: None,
        reviewed_on: date(reviewed_on),
        reviewer: OfficerId(id(77)),
        notes: String::new(),
        meta: SyncMeta::created(Timestamp(0), OfficerId(id(77))),
    }
}

fn standing_of(book: &RuleBook, households: u32, reviewed_on: &str, border: bool) -> domain::rules::ReviewedStanding {
    let village = unit(1, UnitKind::Village, Some(QUANG_LANG), "Thôn Nà Pàn");
    let mut commune = unit(QUANG_LANG, UnitKind::Commune, Some(CHI_LANG), "Xã Quang Lang");
    commune.attributes.border_commune = border;
    classify_reviewed_village(
        book,
        &RuleSelection::default(),
        &village,
        Some(&commune),
        &village_review(households, reviewed_on),
    )
    .unwrap()
}

#[test]
fn a_thon_of_149_households_is_measured_by_the_decree_in_force_on_its_review_date() {
    let book = RuleBook::built_in();
    let after = standing_of(&book, 149, "2026-08-01", false);
    assert!(!after.lapsed, "NĐ 185/2026 is in force from 26/5/2026");
    let after = after.classification;
    assert_eq!(after.rule_set_id.as_str(), "ND185_2026");
    assert_eq!(after.standing, Standing::BelowStandard, "{}", after.explanation.vi);
    assert!(
        after.explanation.vi.contains("chưa đạt chuẩn"),
        "{}",
        after.explanation.vi
    );
    assert_eq!(
        after.rule.vi,
        "Nghị định 185/2026/NĐ-CP: thôn ở vùng trung du và miền núi phía Bắc cần từ 150 hộ"
    );
    assert!(
        after.explanation.vi.contains("Tỉnh có thể quy định mức thấp hơn"),
        "until the province sets lower figures, the screen says it may: {}",
        after.explanation.vi
    );

    let before = standing_of(&book, 149, "2025-08-01", false).classification;
    assert_eq!(before.rule_set_id.as_str(), "TT14_2018");
    assert_eq!(before.standing, Standing::BelowStandard);
    assert_eq!(
        standing_of(&book, 149, "2026-05-25", false)
            .classification
            .rule_set_id
            .as_str(),
        "TT14_2018",
        "TT 14/2018 applied until 25/5/2026"
    );

    let old = standing_of(&book, 120, "2015-06-01", false).classification;
    assert_eq!(old.standing, Standing::Meets, "TT 04/2012 asked 100 households");
    assert_eq!(old.rule_set_id.as_str(), "TT04_2012");
}

#[test]
fn the_decree_has_no_compulsory_band_where_tt14_had_one() {
    let book = RuleBook::built_in();
    let tt14 = standing_of(&book, 60, "2025-11-01", false).classification;
    assert_eq!(tt14.standing, Standing::BelowMergeThreshold, "{}", tt14.explanation.vi);
    let decree = standing_of(&book, 60, "2026-11-01", false).classification;
    assert_eq!(decree.standing, Standing::BelowStandard, "{}", decree.explanation.vi);
    assert_eq!(decree.comparisons[0].merge_threshold, None);
}

#[test]
fn a_village_of_a_border_commune_had_the_lower_standard_of_tt14() {
    let book = RuleBook::built_in();
    let inland = standing_of(&book, 60, "2025-11-01", false);
    assert_eq!(inland.classification.standing, Standing::BelowMergeThreshold);
    let border = standing_of(&book, 60, "2025-11-01", true);
    assert_eq!(border.classification.standing, Standing::BelowStandard);
    assert_eq!(
        standing_of(&book, 100, "2026-11-01", true).classification.standing,
        Standing::BelowStandard,
        "the decree sets no border figure: 150 until the province sets one"
    );
}

#[test]
fn a_province_decision_lowers_the_figure_for_a_border_communes_thon() {
    use domain::rules::{HouseholdStandard, LegalBasis, RuleSetId, Rules, VillageGroup, VillageRegion};
    let mut book = RuleBook::built_in();
    let mut lang_son = book.get(&RuleSetId::new("ND185_2026")).unwrap().clone();
    lang_son.id = RuleSetId::new("ND185_2026_LANG_SON");
    lang_son.derived_from = Some(RuleSetId::new("ND185_2026"));
    lang_son.legal_basis.push(LegalBasis {
        citation: domain::Bilingual::new(
            "Quyết định 12/2026/QĐ-UBND tỉnh Lạng Sơn",
            "Decision 12/2026/QD-UBND of Lạng Sơn province",
        ),
        confirmed: true,
        issued_on: Some(date("2026-07-15")),
    });
    let Rules::Village(rules) = &mut lang_son.rules else {
        panic!("a village rule set")
    };
    rules.standards.push(HouseholdStandard {
        region: VillageRegion::NorthernMidlandsAndMountains,
        group: VillageGroup::Rural,
        border_commune: true,
        households: 100,
        confirmed: true,
    });
    book.set_override(lang_son).unwrap();

    let border = standing_of(&book, 120, "2026-08-01", true).classification;
    assert_eq!(border.rule_set_id.as_str(), "ND185_2026_LANG_SON");
    assert_eq!(border.standing, Standing::Meets, "{}", border.explanation.vi);
    assert!(border.rule.vi.contains("của xã biên giới"), "{}", border.rule.vi);
    assert!(
        !border.explanation.vi.contains("Tỉnh có thể"),
        "the province has set them"
    );
    let inland = standing_of(&book, 120, "2026-08-01", false).classification;
    assert_eq!(inland.standing, Standing::BelowStandard, "the others still need 150");
}

#[test]
fn a_commune_is_measured_by_its_population_and_area() {
    let book = RuleBook::built_in();
    let commune = unit(QUANG_LANG, UnitKind::Commune, Some(CHI_LANG), "Xã Quang Lang");
    let review = |population: u32, km2: u64| CommuneReview {
        id: id(901),
        unit_id: commune.id,
        population,
        area: Area::from_km2(km2),
        ethnic_minority_percent: Some(20),
        category: CommuneCategory::III,
        class_points: None,
        cadres: 10,
        civil_servants: 10,
        non_professional_workers: 10,
        secretary_is_chairman: false,
        special_status: None,
        reviewed_on: date("2024-06-01"),
        reviewer: OfficerId(id(77)),
        notes: String::new(),
        meta: SyncMeta::created(Timestamp(0), OfficerId(id(77))),
    };
    let small = classify_reviewed_commune(&book, &RuleSelection::default(), &commune, &review(2_000, 20))
        .unwrap()
        .classification;
    let large = classify_reviewed_commune(&book, &RuleSelection::default(), &commune, &review(20_000, 200))
        .unwrap()
        .classification;
    assert_eq!(
        small.standing,
        Standing::BelowMergeThreshold,
        "{}",
        small.explanation.vi
    );
    assert_eq!(large.standing, Standing::Meets, "{}", large.explanation.vi);
}
