//! The targets of the province's plan (the seed of `domain.md`), each with its
//! deadline, and where the data on record stands against it.

use super::ProgressReport;
use super::target_report::{TargetReport, reports_on};
use crate::format::integer;
use crate::language::{Bilingual, Language};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// When a target is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Deadline {
    Date {
        date: NaiveDate,
    },
    /// Every year by this day.
    Yearly {
        month: u32,
        day: u32,
    },
    /// By the end of a quarter ("quý II/2018").
    Quarter {
        year: i32,
        quarter: u32,
    },
    /// "Thường xuyên": ongoing.
    Ongoing,
    /// "Sau khi có hướng dẫn của Trung ương": when the central guidance comes.
    AfterCentralGuidance,
}

impl Deadline {
    /// The deadline as the plan writes it.
    pub fn label(&self) -> Bilingual {
        match self {
            Deadline::Date { date } => Bilingual::new(
                format!("Trước ngày {}", crate::format::date_vi(*date)),
                format!("By {}", crate::format::date_vi(*date)),
            ),
            Deadline::Yearly { month, day } => Bilingual::new(
                format!("Trước ngày {day:02}/{month:02} hằng năm"),
                format!("By {day:02}/{month:02} each year"),
            ),
            Deadline::Quarter { year, quarter } => {
                Bilingual::new(format!("Quý {}/{year}", roman(*quarter)), format!("Q{quarter} {year}"))
            }
            Deadline::Ongoing => Bilingual::new("Thường xuyên", "Ongoing"),
            Deadline::AfterCentralGuidance => {
                Bilingual::new("Sau khi có hướng dẫn của Trung ương", "After the central guidance")
            }
        }
    }

    /// The last day of the deadline, when it has one.
    fn last_day(&self, today: NaiveDate) -> Option<NaiveDate> {
        match *self {
            Deadline::Date { date } => Some(date),
            Deadline::Yearly { month, day } => {
                let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
                this_year.and_then(|date| {
                    if date >= today {
                        Some(date)
                    } else {
                        NaiveDate::from_ymd_opt(today.year() + 1, month, day)
                    }
                })
            }
            Deadline::Quarter { year, quarter } => {
                let first_of_next = match quarter {
                    1..=3 => NaiveDate::from_ymd_opt(year, quarter * 3 + 1, 1),
                    _ => NaiveDate::from_ymd_opt(year + 1, 1, 1),
                };
                first_of_next.and_then(|date| date.pred_opt())
            }
            Deadline::Ongoing | Deadline::AfterCentralGuidance => None,
        }
    }

    /// A fixed deadline (a date or a quarter) can pass; a yearly one comes again.
    fn can_pass(&self) -> bool {
        matches!(self, Deadline::Date { .. } | Deadline::Quarter { .. })
    }
}

fn roman(quarter: u32) -> &'static str {
    match quarter {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// How the target is measured from the data on record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetMeasure {
    CommunesBelowThreshold,
    VillagesBelowThreshold,
    SecretaryChairmanPilotPerDistrict,
    SecretaryChairmanOneThird,
    NonProfessionalWorkers,
    /// A deadline to report, not a figure.
    Report,
    /// Staff and organisation figures the product does not hold.
    NotMeasuredHere,
}

/// One target of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanTarget {
    pub id: String,
    /// The plan it belongs to ("Kế hoạch 25/KH-UBND ngày 09/02/2018").
    pub plan: String,
    pub description: Bilingual,
    /// The agency responsible for it.
    pub agency: Bilingual,
    pub deadline: Deadline,
    pub measure: TargetMeasure,
}

/// Where a target stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetStatus {
    pub target: PlanTarget,
    /// What the agencies reported on it, the latest first (targets the data
    /// does not measure).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<TargetReport>,
    /// `None` when the product cannot tell.
    pub met: Option<bool>,
    /// The next date it is due, from `today` (for a yearly target, this year's
    /// or next year's).
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    pub explanation: Bilingual,
}

/// The seed plan: Lạng Sơn's plan implementing Resolution 18-NQ/TW.
pub const SEED_PLAN: &str = "Kế hoạch thực hiện Nghị quyết 18-NQ/TW (2018)";

const HOME_AFFAIRS: (&str, &str) = ("Sở Nội vụ", "Department of Home Affairs");
const COMMUNES: (&str, &str) = (
    "UBND cấp xã, Sở Nội vụ tổng hợp",
    "Commune People's Committees; the Department of Home Affairs aggregates",
);
const DISTRICTS: (&str, &str) = ("UBND các huyện, thành phố", "District People's Committees");
const AGENCIES: (&str, &str) = (
    "Các sở, ban, ngành; UBND các huyện, thành phố",
    "Departments and agencies; district People's Committees",
);

fn target(
    id: &str,
    (vi, en): (&str, &str),
    (agency_vi, agency_en): (&str, &str),
    deadline: Deadline,
    measure: TargetMeasure,
) -> PlanTarget {
    PlanTarget {
        id: id.to_owned(),
        plan: SEED_PLAN.to_owned(),
        description: Bilingual::new(vi, en),
        agency: Bilingual::new(agency_vi, agency_en),
        deadline,
        measure,
    }
}

fn on(year: i32, month: u32, day: u32) -> Deadline {
    Deadline::Date {
        date: NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default(),
    }
}

/// The targets of Lạng Sơn's plan implementing Resolution 18-NQ/TW
/// (`domain.md` §5), with the agency responsible and the deadline.
pub fn plan_targets() -> Vec<PlanTarget> {
    use TargetMeasure::*;
    vec![
        target(
            "communes-below-half",
            (
                "Sắp xếp các đơn vị hành chính cấp xã chưa đạt 50% tiêu chuẩn về diện tích và dân số",
                "Merge the communes below 50% of the standard on both area and population",
            ),
            HOME_AFFAIRS,
            on(2021, 12, 31),
            CommunesBelowThreshold,
        ),
        target(
            "villages-below-standard",
            (
                "Sáp nhập thôn, khối phố chưa đạt tiêu chuẩn số hộ (Kế hoạch 25/KH-UBND ngày 09/02/2018)",
                "Merge the villages and khối phố below the household standard (plan 25/KH-UBND of 09/02/2018)",
            ),
            COMMUNES,
            on(2020, 12, 31),
            VillagesBelowThreshold,
        ),
        target(
            "secretary-chairman-pilot",
            (
                "Mỗi huyện thí điểm một xã có Bí thư đồng thời là Chủ tịch UBND xã",
                "One pilot commune per district whose Party Secretary is also Chairman",
            ),
            DISTRICTS,
            on(2018, 12, 31),
            SecretaryChairmanPilotPerDistrict,
        ),
        target(
            "secretary-chairman-third",
            (
                "Một phần ba số xã của mỗi huyện có Bí thư đồng thời là Chủ tịch UBND xã",
                "One third of the communes of every district with a Secretary who is also Chairman",
            ),
            DISTRICTS,
            on(2020, 12, 31),
            SecretaryChairmanOneThird,
        ),
        target(
            "non-professional-workers",
            (
                "Giảm số người hoạt động không chuyên trách ở xã và thôn, trong giới hạn luật định",
                "Fewer non-professional workers in communes and villages, within the legal limits",
            ),
            COMMUNES,
            Deadline::Ongoing,
            NonProfessionalWorkers,
        ),
        target(
            "staff-reduction",
            (
                "Tinh giản biên chế tối thiểu 578 người mỗi năm (1,8%) giai đoạn 2018–2021: 486 viên chức, 39 công chức hành chính, 53 cán bộ, công chức cấp xã",
                "Cut at least 578 staff positions a year (1.8%) in 2018–2021: 486 public employees, 39 civil servants, 53 commune cadres",
            ),
            AGENCIES,
            on(2021, 12, 31),
            NotMeasuredHere,
        ),
        target(
            "province-organisation",
            (
                "Cấp tỉnh: giảm 7/162 phòng thuộc sở (4,3%), 12/109 đơn vị sự nghiệp thuộc sở (11%), 1/14 chi cục, 1/4 đơn vị thuộc UBND tỉnh, 16/25 phòng khám đa khoa khu vực",
                "Province: 7 of 162 departmental divisions (4.3%), 12 of 109 public service units (11%), 1 of 14 sub-departments, 1 of 4 units under the committee, 16 of 25 regional clinics",
            ),
            AGENCIES,
            on(2021, 12, 31),
            NotMeasuredHere,
        ),
        target(
            "district-organisation",
            (
                "Cấp huyện: giảm 21/142 phòng (14,8%), 11/23 đơn vị văn hóa, thể thao, thông tin (47,8%); sáp nhập giảm 41 trường và 77 điểm trường",
                "Districts: 21 of 142 divisions (14.8%), 11 of 23 culture, sport and information units (47.8%); 41 schools and 77 school sites fewer by merger",
            ),
            DISTRICTS,
            on(2021, 12, 31),
            NotMeasuredHere,
        ),
        target(
            "agency-report",
            (
                "Các cơ quan báo cáo kết quả về Sở Nội vụ trước ngày 30/11 hằng năm",
                "Agencies report progress to the Department of Home Affairs before 30/11 each year",
            ),
            AGENCIES,
            Deadline::Yearly { month: 11, day: 30 },
            Report,
        ),
        target(
            "province-report",
            (
                "Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 15/12 hằng năm",
                "The Department reports the aggregate to the Provincial People's Committee before 15/12 each year",
            ),
            HOME_AFFAIRS,
            Deadline::Yearly { month: 12, day: 15 },
            Report,
        ),
    ]
}

impl TargetMeasure {
    /// The agencies report on it: the data on record does not measure it.
    pub fn is_reported(self) -> bool {
        matches!(self, TargetMeasure::Report | TargetMeasure::NotMeasuredHere)
    }
}

/// Where each target stands on `today`, from a report of the whole province
/// and what the agencies reported (`entered`).
pub fn evaluate_targets(
    targets: &[PlanTarget],
    report: &ProgressReport,
    entered: &[TargetReport],
    today: NaiveDate,
) -> Vec<TargetStatus> {
    targets
        .iter()
        .map(|target| {
            let reports: Vec<TargetReport> = if target.measure.is_reported() {
                reports_on(&target.id, entered).into_iter().cloned().collect()
            } else {
                Vec::new()
            };
            let mut status = evaluate_one(target, report, today);
            with_reports(&mut status, reports, today);
            status
        })
        .collect()
}

/// A reported target read with its reports: the latest says where it
/// stands; a yearly report not sent by this year's day is overdue.
fn with_reports(status: &mut TargetStatus, reports: Vec<TargetReport>, today: NaiveDate) {
    let latest = reports.first().map(TargetReport::summary);
    match (status.target.measure, status.target.deadline) {
        (TargetMeasure::Report, Deadline::Yearly { month, day }) => {
            let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
            let sent = reports.iter().any(|report| report.as_of.year() == today.year());
            let next = status.explanation.clone();
            if sent {
                status.met = Some(true);
                if let Some(latest) = &latest {
                    status.explanation = Bilingual::new(
                        format!("Đã báo cáo năm {}. {} {}", today.year(), latest.vi, next.vi),
                        format!("Reported for {}. {} {}", today.year(), latest.en, next.en),
                    );
                }
            } else if let Some(deadline) = this_year.filter(|deadline| *deadline < today) {
                status.met = Some(false);
                status.overdue = true;
                status.explanation = Bilingual::new(
                    format!(
                        "Chưa có báo cáo năm {} (hạn {}).",
                        today.year(),
                        crate::format::date_vi(deadline)
                    ),
                    format!(
                        "No report for {} yet (due {}).",
                        today.year(),
                        crate::format::date_vi(deadline)
                    ),
                );
            }
        }
        _ => {
            if let Some(latest) = latest {
                status.explanation = latest;
            }
        }
    }
    status.reports = reports;
}

fn evaluate_one(target: &PlanTarget, report: &ProgressReport, today: NaiveDate) -> TargetStatus {
    let due = target.deadline.last_day(today);
    let no_districts = report.secretary_chairman.is_empty();
    let (met, vi, en) = match target.measure {
        TargetMeasure::SecretaryChairmanPilotPerDistrict | TargetMeasure::SecretaryChairmanOneThird if no_districts => {
            (
                None,
                "Không có huyện trong phạm vi báo cáo (cấp huyện kết thúc hoạt động từ ngày 01/07/2025).".to_owned(),
                "No district lies in the report's area (the districts ended on 01/07/2025).".to_owned(),
            )
        }
        TargetMeasure::CommunesBelowThreshold | TargetMeasure::VillagesBelowThreshold => {
            let communes = target.measure == TargetMeasure::CommunesBelowThreshold;
            let remaining = if communes {
                report.communes_below_threshold.len()
            } else {
                report.villages_below_threshold.len()
            } as u64;
            let (vi_unit, en_unit) = if communes {
                ("đơn vị cấp xã", "communes")
            } else {
                ("thôn, tổ dân phố", "villages")
            };
            let reviewed = if communes {
                report.communes_reviewed
            } else {
                report.villages_reviewed
            };
            if reviewed == 0 {
                return unmeasured(
                    target,
                    due,
                    format!("Chưa có {vi_unit} nào được rà soát trong phạm vi báo cáo: chưa đánh giá được."),
                    format!("No {en_unit} in the report's area has been reviewed yet: not measured."),
                );
            }
            (
                Some(remaining == 0),
                format!(
                    "Còn {} {vi_unit} dưới ngưỡng phải sắp xếp.",
                    integer(remaining, Language::Vi)
                ),
                format!(
                    "{} {en_unit} remain below the merge threshold.",
                    integer(remaining, Language::En)
                ),
            )
        }
        TargetMeasure::SecretaryChairmanPilotPerDistrict => {
            let without: Vec<&str> = report
                .secretary_chairman
                .iter()
                .filter(|district| district.with_secretary_chairman == 0)
                .map(|district| district.name.as_str())
                .collect();
            (
                Some(without.is_empty()),
                format!("{} huyện chưa có xã thí điểm{}", without.len(), list(&without)),
                format!("{} districts have no pilot commune{}", without.len(), list(&without)),
            )
        }
        TargetMeasure::SecretaryChairmanOneThird => {
            let short: Vec<&str> = report
                .secretary_chairman
                .iter()
                .filter(|district| !district.met)
                .map(|district| district.name.as_str())
                .collect();
            (
                Some(short.is_empty()),
                format!("{} huyện chưa đạt một phần ba{}", short.len(), list(&short)),
                format!("{} districts are below one third{}", short.len(), list(&short)),
            )
        }
        TargetMeasure::NonProfessionalWorkers => {
            let workers = [&report.village_workers, &report.commune_workers];
            let after: u64 = workers.iter().map(|progress| progress.recorded_after).sum();
            let before: u64 = workers.iter().map(|progress| progress.recorded_before).sum();
            let limit: u64 = workers.iter().map(|progress| progress.limit_after).sum();
            let over = workers
                .iter()
                .map(|progress| progress.units_over_limit.len())
                .sum::<usize>();
            if before == 0 && after == 0 {
                return unmeasured(
                    target,
                    due,
                    "Chưa có số người hoạt động không chuyên trách nào được ghi nhận: chưa đánh giá được.".to_owned(),
                    "No non-professional workers are on record yet: not measured.".to_owned(),
                );
            }
            (
                Some(after <= before && over == 0),
                format!(
                    "Trước {} người, nay {} người; giới hạn {} người; {over} đơn vị vượt giới hạn.",
                    integer(before, Language::Vi),
                    integer(after, Language::Vi),
                    integer(limit, Language::Vi)
                ),
                format!(
                    "{} before, {} now; the limit is {}; {over} units over their limit.",
                    integer(before, Language::En),
                    integer(after, Language::En),
                    integer(limit, Language::En)
                ),
            )
        }
        TargetMeasure::Report => (
            None,
            due.map_or_else(String::new, |date| {
                format!("Hạn tiếp theo: {}.", crate::format::date_vi(date))
            }),
            due.map_or_else(String::new, |date| {
                format!("Next due: {}.", crate::format::date_vi(date))
            }),
        ),
        TargetMeasure::NotMeasuredHere => (
            None,
            "Số liệu biên chế, tổ chức không nằm trong ứng dụng; theo dõi theo báo cáo của các cơ quan.".to_owned(),
            "Staff and organisation figures are not held by the product; follow the agencies' reports.".to_owned(),
        ),
    };
    let overdue = target.deadline.can_pass() && due.is_some_and(|date| date < today) && met == Some(false);
    TargetStatus {
        target: target.clone(),
        reports: Vec::new(),
        met,
        due,
        overdue,
        explanation: Bilingual::new(vi, en),
    }
}

/// A target the data on record cannot tell yet.
fn unmeasured(target: &PlanTarget, due: Option<NaiveDate>, vi: String, en: String) -> TargetStatus {
    TargetStatus {
        target: target.clone(),
        reports: Vec::new(),
        met: None,
        due,
        overdue: false,
        explanation: Bilingual::new(vi, en),
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        ".".to_owned()
    } else {
        format!(": {}.", names.join(", "))
    }
}
