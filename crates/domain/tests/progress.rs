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

    let targets = evaluate_targets(&plan_targets(), &report, &[], date("2026-11-28"));
    let by_id = |wanted: &str| targets.iter().find(|status| status.target.id == wanted).unwrap();
    assert_eq!(by_id("villages-below-standard").met, Some(false));
    assert!(by_id("villages-below-standard").overdue, "due by 2020");
    assert_eq!(
        by_id("villages-below-standard").explanation.vi,
        "Còn 1 thôn, tổ dân phố dưới ngưỡng phải sắp xếp."
    );
    // No commune of the data set has a standing on record: not met by default.
    assert_eq!(by_id("communes-below-half").met, None);
    assert_eq!(
        by_id("communes-below-half").explanation.vi,
        "Chưa có đơn vị cấp xã nào được rà soát trong phạm vi báo cáo: chưa đánh giá được."
    );
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
fn the_agencies_reports_say_where_the_targets_the_data_does_not_measure_stand() {
    use domain::progress::TargetReport;
    use domain::{OfficerId, SyncMeta, Timestamp};
    let province = province();
    let hierarchy = province.hierarchy();
    let report = compute(id(PROVINCE), &hierarchy, &HashMap::new(), &[], &limits());
    let entry = |number: u128, target: &str, figure: Option<u64>, as_of: &str, agency: &str| TargetReport {
        id: uuid::Uuid::from_u128(number),
        target_id: target.to_owned(),
        figure,
        as_of: date(as_of),
        agency: agency.to_owned(),
        reported_by: "Nguyễn Văn An".to_owned(),
        evidence: format!("Báo cáo số {number}/BC"),
        notes: String::new(),
        meta: SyncMeta::created(Timestamp(0), OfficerId(uuid::Uuid::nil())),
    };
    let today = date("2026-12-04");
    let by_id = |targets: &[domain::progress::TargetStatus], wanted: &str| {
        targets
            .iter()
            .find(|status| status.target.id == wanted)
            .unwrap()
            .clone()
    };
    // Nothing reported: this year's report to the Department (30/11) is late.
    let none = evaluate_targets(&plan_targets(), &report, &[], today);
    let late = by_id(&none, "agency-report");
    assert_eq!((late.met, late.overdue), (Some(false), true));
    assert_eq!(late.explanation.vi, "Chưa có báo cáo năm 2026 (hạn 30/11/2026).");
    assert!(!by_id(&none, "province-report").overdue, "15/12 has not come");

    let entered = [
        entry(1, "staff-reduction", Some(1_980), "2020-12-31", "Sở Nội vụ"),
        entry(2, "staff-reduction", Some(2_312), "2021-12-31", "Sở Nội vụ"),
        entry(3, "agency-report", None, "2026-11-25", "Sở Giáo dục và Đào tạo"),
        // A target the data measures: a report on it is not what counts.
        entry(4, "villages-below-standard", Some(0), "2026-11-25", "Sở Nội vụ"),
    ];
    let targets = evaluate_targets(&plan_targets(), &report, &entered, today);
    let staff = by_id(&targets, "staff-reduction");
    assert_eq!(staff.reports.len(), 2);
    assert_eq!(
        staff.explanation.vi, "Theo Sở Nội vụ (Nguyễn Văn An), tính đến ngày 31/12/2021: 2.312. Báo cáo số 2/BC.",
        "the latest report speaks"
    );
    assert_eq!(staff.met, None, "the plan gives no figure to compare with");
    let sent = by_id(&targets, "agency-report");
    assert_eq!((sent.met, sent.overdue), (Some(true), false));
    assert!(
        sent.explanation
            .vi
            .starts_with("Đã báo cáo năm 2026. Theo Sở Giáo dục và Đào tạo")
    );
    let villages = by_id(&targets, "villages-below-standard");
    assert!(villages.reports.is_empty());
    assert_eq!(
        villages.explanation,
        by_id(&none, "villages-below-standard").explanation
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
        &domain::progress::ReportRules {
            limits: limits(),
            allowance: None,
            base_salary: None,
            entered: Vec::new(),
        },
        2026,
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
    let heading = domain::progress::report_heading("Xã Đoàn Kết", domain::UnitLevel::Commune, 2026, date("2026-12-03"));
    assert_eq!(heading.unit, "XÃ ĐOÀN KẾT");
    assert_eq!(heading.place_date, "Lạng Sơn, ngày 03 tháng 12 năm 2026");
    assert_eq!(heading.recipient, "Kính gửi: Sở Nội vụ tỉnh Lạng Sơn.");
    assert!(heading.title.ends_with("năm 2026"));
    let province =
        domain::progress::report_heading("Tỉnh Lạng Sơn", domain::UnitLevel::Province, 2025, date("2026-12-03"));
    assert_eq!(province.recipient, "Kính gửi: Bộ Nội vụ.");
    assert!(
        province.title.ends_with("năm 2025"),
        "the chosen year, not the year it is written"
    );
}

/// A known area: Quang Lang's Nà Pàn, Còn Nưa and Pò Cại merged (effective
/// 1/12/2026) into "Thôn Nà Pàn Mới"; Vũ Lễ (a border commune) had Nà Lay
/// divided on 1/3/2026 between Khuổi Hỏa and a new "Thôn Nà Lay Mới"; Quang
/// Lang's Đồng Bục dissolved on 1/9/2025; Bó Củng exempt, with 4 workers
/// where the decree allows 3. Every figure below is counted by hand.
#[test]
fn the_dashboard_and_yearly_report_of_a_known_area_match_the_hand_counts() {
    use domain::progress::{ReportRules, dashboard};
    use domain::rules::RuleBook;
    use domain::unit::Lifecycle;
    let mut province = province();
    let mut merger = village_merger(&province, 100, &[1, 2, 3], 50, "Thôn Nà Pàn Mới");
    let operations = {
        let hierarchy = province.hierarchy();
        let proposals = Vec::new();
        let context = ProposalContext {
            hierarchy: &hierarchy,
            figures: &province.figures,
            proposals: &proposals,
        };
        take_to_effective(&mut merger, &context, commune_officer());
        plan_application(&merger, &context, NOW, province_officer().id).unwrap()
    };
    apply_operations(
        &mut province.units,
        &mut province.figures,
        &operations,
        NOW,
        province_officer().id,
    );
    let mut nà_lay_mới = unit(60, domain::UnitKind::Village, Some(VU_LE), "Thôn Nà Lay Mới");
    nà_lay_mới.lifecycle = Lifecycle::Active {
        since: Some(date("2026-03-01")),
    };
    province.units.push(nà_lay_mới);
    for unit in &mut province.units {
        if unit.id == id(12) {
            unit.lifecycle = Lifecycle::DividedAmong {
                unit_ids: vec![id(11), id(60)],
                proposal_ids: vec![id(900)],
                effective: date("2026-03-01"),
            };
        } else if unit.id == id(4) {
            unit.lifecycle = Lifecycle::Dissolved {
                proposal_id: id(901),
                effective: date("2025-09-01"),
            };
        } else if unit.id == id(VU_LE) {
            unit.attributes.border_commune = true;
        }
    }
    let village = |households: u32, workers: u32, standing: Standing| UnitStatus {
        standing: Some(standing),
        workers: Some(workers),
        households: Some(households),
        ..UnitStatus::default()
    };
    let statuses: HashMap<_, _> = [
        (id(1), village(62, 3, Standing::BelowMergeThreshold)),
        (id(2), village(55, 3, Standing::BelowMergeThreshold)),
        (id(3), village(70, 3, Standing::BelowStandard)),
        (id(5), village(90, 4, Standing::Exempt)),
        (id(50), village(187, 3, Standing::BelowStandard)),
        (id(11), village(80, 3, Standing::BelowStandard)),
        (id(12), village(45, 3, Standing::BelowMergeThreshold)),
        (id(60), village(40, 2, Standing::BelowMergeThreshold)),
    ]
    .into_iter()
    .collect();
    let hierarchy = province.hierarchy();
    let book = RuleBook::with_province_sets(Vec::new());
    let today = date("2026-12-03");
    let proposals = vec![merger];
    let board_on =
        |rules: &ReportRules, year: i32| dashboard(id(PROVINCE), &hierarchy, &statuses, &proposals, rules, year, today);

    // Before (1,2,3,4,5,11,12: seven villages), now (5, 50, 11, 60: four).
    let rules = ReportRules::in_force(&book, today);
    let board = board_on(&rules, 2026);
    let whole = &board.report.scopes[0];
    assert_eq!((whole.villages.before, whole.villages.after), (7, 4));
    assert_eq!(whole.villages.reduction(), 3);
    assert_eq!(whole.villages.reduction_basis_points(), 4_285, "3 of 7 = 42,85%");
    assert_eq!((whole.communes.before, whole.communes.after), (3, 3));
    assert_eq!(
        board.villages_below_standard, 3,
        "Nà Pàn Mới, Khuổi Hỏa and Nà Lay Mới; Bó Củng is exempt"
    );
    assert_eq!(board.report.villages_below_threshold, vec![id(60)]);
    assert_eq!(board.villages_unreviewed, 0);
    // NĐ 185/2026: at most 3 workers a village; 4 × 3 = 12 now, 13 recorded.
    assert_eq!(board.report.village_workers.limit_after, 12);
    assert_eq!(board.report.village_workers.recorded_after, 4 + 3 + 3 + 2);
    assert_eq!(
        board.report.village_workers.recorded_before,
        3 + 3 + 3 + 4 + 3 + 3,
        "Đồng Bục had no review"
    );
    assert_eq!(board.report.village_workers.units_over_limit, vec![id(5)]);

    // The year 2026: six villages on 1 January (Đồng Bục went in 2025), four on
    // 3 December; three merged, one divided, two established.
    let year = board.year.clone().expect("2026 has begun");
    assert_eq!((year.from, year.to), (date("2026-01-01"), today));
    assert_eq!((year.villages.at_start, year.villages.at_end), (6, 4));
    assert_eq!(
        (
            year.villages.merged,
            year.villages.divided,
            year.villages.dissolved,
            year.villages.established
        ),
        (3, 1, 0, 2)
    );
    assert_eq!((year.communes.at_start, year.communes.at_end), (3, 3));
    let year_2025 = board_on(&rules, 2025).year.unwrap();
    assert_eq!(year_2025.to, date("2025-12-31"));
    assert_eq!(
        (
            year_2025.villages.at_start,
            year_2025.villages.at_end,
            year_2025.villages.dissolved
        ),
        (7, 6, 1)
    );
    assert_eq!(board_on(&rules, 2027).year, None, "a year not begun");

    // The fund at 2,530,000 đ (from 1/7/2026): ordinary thôn 6.5 ×, a border
    // commune's thôn 8 ×. Before: Nà Pàn, Còn Nưa, Pò Cại, Bó Củng ordinary
    // (4 × 16,445,000), Khuổi Hỏa and Nà Lay in Vũ Lễ higher (2 × 20,240,000);
    // Đồng Bục has no review. Nà Lay Mới is a result, not "before".
    let fund = board.fund.clone().expect("NĐ 185 sets a fund");
    assert_eq!(fund.base_salary, 2_530_000);
    assert_eq!(fund.villages_before, 6);
    assert_eq!(fund.monthly_before, 4 * 16_445_000 + 2 * 20_240_000);
    // Now: Bó Củng and Nà Pàn Mới ordinary, Khuổi Hỏa and Nà Lay Mới higher.
    assert_eq!(fund.villages_after, 4);
    assert_eq!(fund.monthly_after, 2 * 16_445_000 + 2 * 20_240_000);
    assert_eq!(fund.monthly_saving(), 2 * 16_445_000);
    // The same on 30/6/2026 at 2,340,000 đ: 15,210,000 and 18,720,000.
    let june = ReportRules::in_force(&book, date("2026-06-30"));
    let fund = board_on(&june, 2026).fund.unwrap();
    assert_eq!(fund.base_salary, 2_340_000);
    assert_eq!(fund.monthly_before, 4 * 15_210_000 + 2 * 18_720_000);
    assert_eq!(fund.monthly_after, 2 * 15_210_000 + 2 * 18_720_000);
    // Before NĐ 185 the rules set no fund, and the report says none.
    let old = ReportRules::in_force(&book, date("2025-06-30"));
    assert_eq!(board_on(&old, 2025).fund, None);

    // The plan's targets against these figures.
    let target = |wanted: &str| board.targets.iter().find(|status| status.target.id == wanted).unwrap();
    assert!(
        target("villages-below-standard").overdue,
        "one village below the threshold, due 2020"
    );
    assert_eq!(
        target("villages-below-standard").target.agency.vi,
        "UBND cấp xã, Sở Nội vụ tổng hợp"
    );
    assert_eq!(
        target("non-professional-workers").met,
        Some(false),
        "Bó Củng is over its limit"
    );
    assert!(
        !target("non-professional-workers").overdue,
        "an ongoing target is never overdue"
    );
    assert_eq!(target("province-report").due, Some(date("2026-12-15")));
    assert!(!target("province-report").overdue);
}

#[test]
fn deadlines_are_written_as_the_plan_writes_them() {
    use domain::progress::Deadline;
    assert_eq!(Deadline::Quarter { year: 2018, quarter: 2 }.label().vi, "Quý II/2018");
    assert_eq!(Deadline::Ongoing.label().vi, "Thường xuyên");
    assert_eq!(
        Deadline::AfterCentralGuidance.label().vi,
        "Sau khi có hướng dẫn của Trung ương"
    );
    assert_eq!(
        Deadline::Yearly { month: 11, day: 30 }.label().vi,
        "Trước ngày 30/11 hằng năm"
    );
}
