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

#[test]
fn a_village_is_measured_by_the_rules_in_force_on_its_review_date() {
    let book = RuleBook::built_in();
    let village = unit(1, UnitKind::Village, Some(QUANG_LANG), "Thôn Nà Pàn");
    let commune = unit(QUANG_LANG, UnitKind::Commune, Some(CHI_LANG), "Xã Quang Lang");
    let now = classify_reviewed_village(
        &book,
        &RuleSelection::default(),
        &village,
        Some(&commune),
        &village_review(120, "2026-11-01"),
    )
    .unwrap();
    assert!(
        now.lapsed,
        "TT 14/2018 ended on 1 July 2026 and no successor is in the book"
    );
    let now = now.classification;
    assert_eq!(now.rule_set_id.as_str(), "TT14_2018");
    assert_eq!(now.standing, Standing::BelowStandard, "{}", now.explanation.vi);
    let before = classify_reviewed_village(
        &book,
        &RuleSelection::default(),
        &village,
        Some(&commune),
        &village_review(120, "2015-06-01"),
    )
    .unwrap();
    assert!(!before.lapsed);
    let before = before.classification;
    assert_eq!(before.standing, Standing::Meets, "TT 04/2012 asked 100 households");
    assert_ne!(before.rule_set_id, now.rule_set_id);
}

#[test]
fn a_village_of_a_border_commune_has_the_lower_standard() {
    let book = RuleBook::built_in();
    let village = unit(1, UnitKind::Village, Some(QUANG_LANG), "Thôn Nà Pàn");
    let mut commune = unit(QUANG_LANG, UnitKind::Commune, Some(CHI_LANG), "Xã Quang Lang");
    let review = village_review(60, "2026-11-01");
    let inland = classify_reviewed_village(&book, &RuleSelection::default(), &village, Some(&commune), &review);
    assert_eq!(inland.unwrap().classification.standing, Standing::BelowMergeThreshold);
    commune.attributes.border_commune = true;
    let border = classify_reviewed_village(&book, &RuleSelection::default(), &village, Some(&commune), &review);
    assert_eq!(border.unwrap().classification.standing, Standing::BelowStandard);
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
