//! The province's own figures (NĐ 185/2026 Điều 10.3): a rule set the
//! province officer records with its legal basis, stored on the server,
//! measuring every unit the API lists and pulled by every device.

use crate::helpers::{Backend, spawn_app};
use crate::procedure_support::*;
use domain::rules::classification::Standing;
use domain::rules::{HouseholdStandard, LegalBasis, RuleSet, RuleSetId, Rules, VillageGroup, VillageRegion};
use domain::sync::RecordType;
use domain::sync::protocol::Outcome;
use domain::{Bilingual, Role, Unit, UnitKind};

crate::on_both_backends!(rule_sets:
    the_provinces_lower_figures_are_stored_and_measure_a_border_communes_thon,
);

/// Xã Hoàng Văn Thụ (06172), one of the 65 units since 1/7/2025 (the code
/// was Xã Tân Mỹ's before: a code names the unit in force).
const COMMUNE: &str = "06172";

/// A rule set record's id is its record's: the province's copy is named by it.
const RECORD: uuid::Uuid = uuid::Uuid::from_u128(0x185_2026);

fn lang_son_figures() -> RuleSet {
    let mut set = domain::rules::builtin::nd185_2026();
    set.id = RuleSetId::new(&RECORD.to_string());
    set.derived_from = Some(RuleSetId::new("ND185_2026"));
    set.title = Bilingual::new(
        "Mức thấp hơn của tỉnh Lạng Sơn theo Điều 10.3 Nghị định 185/2026/NĐ-CP",
        "Lạng Sơn's lower figures under Article 10.3 of Decree 185/2026/ND-CP",
    );
    set.legal_basis.insert(
        0,
        LegalBasis {
            citation: Bilingual::new(
                "Quyết định 12/2026/QĐ-UBND tỉnh Lạng Sơn",
                "Decision 12/2026/QD-UBND of Lạng Sơn province",
            ),
            confirmed: true,
            issued_on: Some(date("2026-07-15")),
        },
    );
    let Rules::Village(rules) = &mut set.rules else {
        unreachable!("NĐ 185 measures villages")
    };
    rules.standards.push(HouseholdStandard {
        region: VillageRegion::NorthernMidlandsAndMountains,
        group: VillageGroup::Rural,
        border_commune: true,
        households: 100,
        confirmed: true,
    });
    set
}

pub async fn the_provinces_lower_figures_are_stored_and_measure_a_border_communes_thon(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut province = Tablet::new(&app, "can.bo.tinh", Role::ProvinceOfficer, "20").await;
    let mut commune_officer = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;

    // The province marks the commune as a border commune.
    let pulled = province.pull(&app).await;
    let today_commune = app.get_json(&format!("/api/v1/units/{COMMUNE}"), 200).await;
    assert_eq!(today_commune["name"], "Xã Hoàng Văn Thụ");
    let commune_id: uuid::Uuid = today_commune["id"].as_str().unwrap().parse().unwrap();
    let record = pulled.iter().find(|record| record.id == commune_id).unwrap();
    let mut commune: Unit = serde_json::from_str(record.body.as_ref().unwrap().get()).unwrap();
    commune.attributes.border_commune = true;
    province.save_ok(&app, RecordType::Unit, commune.id, &commune).await;

    // A thôn of 120 households reviewed today: below NĐ 185's 150.
    let by = commune_officer.officer();
    commune_officer.pull(&app).await;
    let village = new_unit("Thôn Nà Pàn", UnitKind::Village, commune.id, by);
    commune_officer
        .save_ok(&app, RecordType::Unit, village.id, &village)
        .await;
    let review = village_review(village.id, 120, 480, 30, date("2026-10-01"), by);
    commune_officer
        .save_ok(&app, RecordType::VillageReview, review.id, &review)
        .await;
    let before = province.unit(&app, village.id).await.standing.expect("measured");
    assert_eq!(before.rule_set_id.as_str(), "ND185_2026");
    assert_eq!(before.standing, Standing::BelowStandard);
    assert!(
        before.explanation.vi.contains("Tỉnh có thể quy định mức thấp hơn"),
        "{}",
        before.explanation.vi
    );
    assert_eq!(
        before.rule.vi,
        "Nghị định 185/2026/NĐ-CP: thôn ở vùng trung du và miền núi phía Bắc cần từ 150 hộ"
    );

    // Only the province records figures, and a copy corrects a set of its own level.
    let figures = lang_son_figures();
    let outcome = commune_officer.save(&app, RecordType::RuleSet, RECORD, &figures).await;
    assert!(matches!(outcome, Outcome::Refused { .. }), "{outcome:?}");
    let mut astray = figures.clone();
    astray.derived_from = Some(RuleSetId::new("NQ112_2025"));
    let outcome = province.save(&app, RecordType::RuleSet, RECORD, &astray).await;
    let Outcome::Refused { reason, .. } = outcome else {
        panic!("village figures correcting a commune rule set: {outcome:?}")
    };
    assert!(reason.contains("NQ112_2025"), "{reason}");

    province.save_ok(&app, RecordType::RuleSet, RECORD, &figures).await;
    let after = province.unit(&app, village.id).await.standing.expect("measured");
    assert_eq!(after.rule_set_id.as_str(), RECORD.to_string());
    assert_eq!(after.rule_set_title.vi, figures.title.vi);
    assert_eq!(after.standing, Standing::Meets, "{}", after.explanation.vi);
    assert!(after.rule.vi.contains("của xã biên giới"), "{}", after.rule.vi);

    let listed = app.get_json("/api/v1/rule-sets", 200).await;
    let ids: Vec<&str> = listed["rule_sets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|set| set["id"].as_str())
        .collect();
    assert!(ids.contains(&RECORD.to_string().as_str()), "{ids:?}");
    assert_eq!(listed["village_in_force"], RECORD.to_string());

    // Every device pulls it.
    let pulled = commune_officer.pull(&app).await;
    assert!(
        pulled
            .iter()
            .any(|record| record.record_type == RecordType::RuleSet && record.id == RECORD),
        "the commune's tablet has the province's figures"
    );
}
