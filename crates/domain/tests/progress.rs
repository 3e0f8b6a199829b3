//! Progress figures from units and proposals.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod support;

use domain::progress::{UnitStatus, compute, evaluate_targets, plan_targets};
use domain::proposal::{ProposalContext, Status, Transition, apply_operations, plan_application, plan_transition};
use domain::review::CommuneCategory;
use domain::rules::builtin;
use domain::rules::classification::Standing;
use domain::rules::rule_set::Rules;
use std::collections::HashMap;
use support::*;

fn limits() -> domain::rules::WorkerLimits {
    let Rules::Village(rules) = builtin::tt14_2018().rules else {
        panic!()
    };
    rules.worker_limits
}

#[test]
fn a_merger_of_three_villages_counts_as_a_reduction_of_two() {
    let mut province = province();
    let mut merger = village_merger(&province, 100, &[1, 2, 3], 50, "Thôn Nà Pàn Mới");
    let mut approved = village_merger(&province, 101, &[11, 12], 51, "Thôn Vũ Lễ Mới");
    approved.consultations = passing_consultations(&approved.involved_units());
    let operations = {
        let hierarchy = province.hierarchy();
        let proposals = Vec::new();
        let context = ProposalContext {
            hierarchy: &hierarchy,
            figures: &province.figures,
            proposals: &proposals,
        };
        take_to_effective(&mut merger, &context, commune_officer());
        // A second merger in Bắc Sơn is approved but not yet in effect.
        let vu_le_officer = officer(6, domain::Role::CommuneOfficer, VU_LE);
        let bac_son = other_district_officer();
        if let domain::proposal::Action::Merge {
            into: domain::proposal::MergeTarget::NewUnit { parent_id, .. },
        } = &mut approved.action
        {
            *parent_id = id(VU_LE);
        }
        for (who, step) in [
            (vu_le_officer, Transition::Submit),
            (bac_son, Transition::Review),
            (
                province_officer(),
                Transition::Approve {
                    decision_number: "9/NQ-HĐND".to_owned(),
                    decision_date: date("2026-11-28"),
                },
            ),
        ] {
            approved.record(plan_transition(&approved, &who, step, None, NOW, &context).unwrap());
        }
        plan_application(&merger, &context, NOW, province_officer().id).unwrap()
    };
    apply_operations(
        &mut province.units,
        &mut province.figures,
        &operations,
        NOW,
        province_officer().id,
    );
    assert!(matches!(approved.status, Status::ProvinceApproved { .. }));

    let statuses: HashMap<_, _> = [
        (
            id(4),
            UnitStatus {
                standing: Some(Standing::Meets),
                workers: Some(3),
                ..UnitStatus::default()
            },
        ),
        (
            id(5),
            UnitStatus {
                standing: Some(Standing::BelowStandard),
                workers: Some(4),
                ..UnitStatus::default()
            },
        ),
        (
            id(11),
            UnitStatus {
                standing: Some(Standing::BelowStandard),
                workers: Some(3),
                ..UnitStatus::default()
            },
        ),
        (
            id(12),
            UnitStatus {
                standing: Some(Standing::BelowMergeThreshold),
                workers: Some(3),
                ..UnitStatus::default()
            },
        ),
        (
            id(50),
            UnitStatus {
                standing: Some(Standing::Meets),
                workers: Some(3),
                ..UnitStatus::default()
            },
        ),
        (
            id(QUANG_LANG),
            UnitStatus {
                category: Some(CommuneCategory::III),
                workers: Some(10),
                secretary_is_chairman: Some(true),
                ..UnitStatus::default()
            },
        ),
        (
            id(DONG_MO),
            UnitStatus {
                category: Some(CommuneCategory::II),
                workers: Some(9),
                secretary_is_chairman: Some(false),
                ..UnitStatus::default()
            },
        ),
        (
            id(VU_LE),
            UnitStatus {
                category: Some(CommuneCategory::III),
                workers: Some(10),
                secretary_is_chairman: Some(false),
                ..UnitStatus::default()
            },
        ),
    ]
    .into_iter()
    .collect();
    let hierarchy = province.hierarchy();
    let proposals = vec![merger, approved];
    let report = compute(id(PROVINCE), &hierarchy, &statuses, &proposals, &limits());

    let whole = &report.scopes[0];
    assert_eq!(whole.name, "Tỉnh Lạng Sơn");
    assert_eq!(
        (whole.villages.before, whole.villages.after, whole.villages.planned),
        (7, 5, 4)
    );
    assert_eq!(whole.villages.reduction(), 2);
    assert_eq!(whole.villages.reduction_basis_points(), 2_857, "2 of 7 = 28,57%");
    assert_eq!((whole.communes.before, whole.communes.after), (3, 3));
    let quang_lang = report
        .scopes
        .iter()
        .find(|scope| scope.unit_id == id(QUANG_LANG))
        .unwrap();
    assert_eq!((quang_lang.villages.before, quang_lang.villages.after), (5, 3));
    assert_eq!(quang_lang.villages.after_by_kind.get("Thôn"), Some(&3));
    let chi_lang = report
        .scopes
        .iter()
        .find(|scope| scope.unit_id == id(CHI_LANG))
        .unwrap();
    assert_eq!((chi_lang.communes.after, chi_lang.villages.after), (2, 3));

    assert_eq!(report.villages_below_threshold, vec![id(12)]);
    assert_eq!(report.village_workers.limit_after, 15, "3 per village × 5");
    assert_eq!(report.village_workers.units_over_limit, vec![id(5)], "Bó Củng has 4");
    assert_eq!(report.commune_workers.limit_after, 10 + 12 + 10);
    assert_eq!(report.commune_workers.units_over_limit, Vec::<uuid::Uuid>::new());

    let chi_lang_secretaries = report
        .secretary_chairman
        .iter()
        .find(|district| district.name == "Huyện Chi Lăng")
        .unwrap();
    assert_eq!(
        (
            chi_lang_secretaries.communes,
            chi_lang_secretaries.with_secretary_chairman,
            chi_lang_secretaries.target
        ),
        (2, 1, 1)
    );
    assert!(chi_lang_secretaries.met);
    let bac_son = report
        .secretary_chairman
        .iter()
        .find(|district| district.name == "Huyện Bắc Sơn")
        .unwrap();
    assert!(!bac_son.met);

    let targets = evaluate_targets(&plan_targets(), &report, date("2026-11-28"));
    let by_id = |wanted: &str| targets.iter().find(|status| status.target.id == wanted).unwrap();
    assert_eq!(by_id("villages-below-standard").met, Some(false));
    assert!(by_id("villages-below-standard").overdue, "due by 2020");
    assert_eq!(
        by_id("villages-below-standard").explanation.vi,
        "Còn 1 thôn, tổ dân phố dưới ngưỡng phải sắp xếp."
    );
    assert_eq!(by_id("communes-below-half").met, Some(true));
    assert_eq!(by_id("secretary-chairman-third").met, Some(false));
    assert!(
        by_id("secretary-chairman-third")
            .explanation
            .vi
            .contains("Huyện Bắc Sơn")
    );
    assert_eq!(by_id("agency-report").due, Some(date("2026-11-30")));
    assert_eq!(by_id("province-report").due, Some(date("2026-12-15")));
    assert_eq!(
        by_id("staff-reduction").met,
        None,
        "not measured by the product, and says so"
    );
}

#[test]
fn the_dashboard_of_a_commune_counts_its_own_units_and_proposals_longest_wait_first() {
    use domain::Language;
    use domain::progress::{dashboard, percent};
    let province = province();
    let draft = village_merger(&province, 100, &[1, 2], 50, "Thôn Nà Pàn Mới");
    let mut submitted = village_merger(&province, 101, &[3, 5], 51, "Thôn Pò Cại Mới");
    // Submitted ten days before the draft was last touched.
    submitted.status = Status::Submitted;
    submitted.meta.updated_at = domain::Timestamp(NOW.0 - 10 * 86_400_000);
    let elsewhere = village_merger(&province, 102, &[11, 12], 52, "Thôn Vũ Lễ Mới");
    let statuses: HashMap<_, _> = [
        (1, Standing::BelowMergeThreshold),
        (2, Standing::BelowStandard),
        (3, Standing::Meets),
        (11, Standing::BelowStandard),
    ]
    .into_iter()
    .map(|(number, standing)| {
        (
            id(number),
            UnitStatus {
                standing: Some(standing),
                workers: Some(3),
                ..UnitStatus::default()
            },
        )
    })
    .collect();
    let hierarchy = province.hierarchy();
    let today = date("2026-11-30");
    let board = dashboard(
        id(QUANG_LANG),
        &hierarchy,
        &statuses,
        &[draft, submitted, elsewhere],
        &limits(),
        today,
    );
    let commune = &board.report.scopes[0];
    assert_eq!(commune.unit_id, id(QUANG_LANG));
    assert_eq!((commune.villages.before, commune.villages.after), (5, 5));
    assert_eq!(
        board.villages_below_standard, 2,
        "Nà Pàn (below the threshold) and Còn Nưa"
    );
    assert_eq!(board.villages_unreviewed, 2, "Đồng Bục and Bó Củng have no review");
    let statuses: Vec<(String, u32)> = board
        .by_status
        .iter()
        .map(|count| (count.status.vi.clone(), count.count))
        .collect();
    assert_eq!(
        statuses,
        vec![("Dự thảo".to_owned(), 1), ("Đã trình".to_owned(), 1)],
        "Vũ Lễ's proposal is not Quang Lang's"
    );
    let waits: Vec<(&str, i64)> = board
        .waiting
        .iter()
        .map(|waiting| (waiting.names.as_str(), waiting.days))
        .collect();
    let drafted = (today - NOW.vietnam_date()).num_days();
    assert_eq!(
        waits,
        vec![
            ("Bản Pò Cại, Thôn Bó Củng", drafted + 10),
            ("Thôn Nà Pàn, Thôn Còn Nưa", drafted)
        ]
    );
    assert_eq!(percent(2, 6, Language::Vi), "33,3%");
    assert_eq!(percent(2, 6, Language::En), "33.3%");
    assert_eq!(percent(3, 3, Language::Vi), "100%");
    assert_eq!(percent(0, 0, Language::Vi), "0%");
}

#[test]
fn the_yearly_report_is_headed_as_an_administrative_report() {
    let heading = domain::progress::report_heading("Xã Đoàn Kết", domain::UnitLevel::Commune, date("2026-12-03"));
    assert_eq!(heading.unit, "XÃ ĐOÀN KẾT");
    assert_eq!(heading.place_date, "Lạng Sơn, ngày 03 tháng 12 năm 2026");
    assert_eq!(heading.recipient, "Kính gửi: Sở Nội vụ tỉnh Lạng Sơn.");
    assert!(heading.title.ends_with("năm 2026"));
    let province = domain::progress::report_heading("Tỉnh Lạng Sơn", domain::UnitLevel::Province, date("2026-12-03"));
    assert_eq!(province.recipient, "Kính gửi: Bộ Nội vụ.");
}
