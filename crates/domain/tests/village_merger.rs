//! The merger wizard's planner: villages of one commune with their latest
//! figures, a suggestion that reaches the standard, the draft into a new
//! village or into one of them, and the result measured.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use domain::proposal::{Action, DraftTarget, MergeTarget, VillageMergerPlanner, VillageOnRecord};
use domain::review::VillageReview;
use domain::rules::{RuleBook, Standing};
use domain::{Area, OfficerId, SyncMeta, Timestamp, UnitKind, UnitName};
use support::*;

fn reviewed(number: u128, households: u32) -> VillageOnRecord {
    VillageOnRecord {
        unit: unit(
            number,
            UnitKind::Village,
            Some(QUANG_LANG),
            &format!("Thôn Số {number}"),
        ),
        review: Some(VillageReview {
            id: id(1_000 + number),
            unit_id: id(number),
            households,
            population: households * 4,
            area: Area::from_hectares(200),
            non_professional_workers: 3,
            ethnic_minority_percent: None,
            special_status: None,
            location: Some(domain::Location {
                latitude: 21.8 + number as f64 / 1_000.0,
                longitude: 106.7,
                accuracy_m: Some(10.0),
            }),
            reviewed_on: date("2026-11-01"),
            reviewer: OfficerId(id(77)),
            notes: String::new(),
            meta: SyncMeta::created(Timestamp(0), OfficerId(id(77))),
        }),
    }
}

fn planner() -> VillageMergerPlanner {
    let commune = unit(QUANG_LANG, UnitKind::Commune, Some(CHI_LANG), "Xã Quang Lang");
    VillageMergerPlanner::new(
        &RuleBook::built_in(),
        commune,
        vec![reviewed(1, 60), reviewed(2, 50), reviewed(3, 70), reviewed(4, 200)],
        date("2026-11-28"),
    )
}

#[test]
fn villages_below_the_threshold_are_suggested_together_until_they_meet_the_standard() {
    let suggestions = planner().suggestions();
    assert!(!suggestions.groups.is_empty(), "{suggestions:?}");
    let group = &suggestions.groups[0];
    assert_eq!(group.units[0], id(2), "the smallest village below the threshold first");
    assert_eq!(group.classification.standing, Standing::Meets);
    assert!(group.totals.households >= 150);
    let households = domain::format::integer_vi(group.totals.households.into());
    assert!(
        group.explanation.vi.contains(&format!("{households} hộ")),
        "{}",
        group.explanation.vi
    );
    let grouped: Vec<_> = suggestions
        .groups
        .iter()
        .flat_map(|group| group.units.clone())
        .collect();
    for below in [id(1), id(2), id(3)] {
        assert!(
            grouped.contains(&below) || suggestions.unresolved.iter().any(|left| left.unit_id == below),
            "every village below the threshold is grouped or explained"
        );
    }
}

#[test]
fn a_draft_into_a_new_village_adds_up_the_sources_and_meets_the_standard() {
    let planner = planner();
    let target = DraftTarget::NewVillage {
        id: id(50),
        name: UnitName::parse("Thôn Hợp Nhất").unwrap(),
        kind: UnitKind::Village,
    };
    let meta = SyncMeta::created(Timestamp(0), OfficerId(id(77)));
    let draft = planner.draft(id(40), &[id(1), id(2), id(3)], &target, meta.clone());
    assert_eq!(draft.sources.len(), 3);
    assert_eq!(draft.totals().households, 180);
    let evaluation = planner.evaluate(&draft).unwrap().unwrap();
    assert_eq!(evaluation.classification.standing, Standing::Meets);
    let two = planner.draft(id(41), &[id(1), id(2)], &target, meta);
    let evaluation = planner.evaluate(&two).unwrap().unwrap();
    assert_eq!(evaluation.classification.standing, Standing::BelowStandard, "110 < 150");
}

#[test]
fn a_draft_into_an_existing_village_keeps_it_as_the_receiving_unit() {
    let planner = planner();
    let meta = SyncMeta::created(Timestamp(0), OfficerId(id(77)));
    let draft = planner.draft(id(42), &[id(1), id(4)], &DraftTarget::Existing(id(4)), meta);
    assert_eq!(draft.sources.len(), 1);
    assert_eq!(draft.sources[0].unit_id, id(1));
    assert!(matches!(
        &draft.action,
        Action::Merge { into: MergeTarget::ExistingUnit { unit_id, .. } } if *unit_id == id(4)
    ));
    assert_eq!(draft.totals().households, 260);
}
