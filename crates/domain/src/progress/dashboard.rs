//! The dashboard of one jurisdiction (a commune, a former district, the
//! province): the progress report's figures for it, the units still below the
//! standard, and its proposals by status with the open ones that have waited
//! longest first. The device computes it from its own data offline; the
//! server from the province's, with this same function.

use super::allowance::{AllowanceFund, ReportRules, allowance_fund};
use super::plan_targets::{TargetStatus, evaluate_targets, plan_targets};
use super::yearly::{YearChanges, year_changes};
use super::{ProgressReport, UnitStatus, compute, created_by};
use crate::hierarchy::Hierarchy;
use crate::language::Bilingual;
use crate::proposal::{Proposal, Status};
use crate::rules::classification::Standing;
use crate::unit_kind::UnitLevel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// How many proposals stand in one status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCount {
    pub status: Bilingual,
    pub count: u32,
}

/// An open proposal and how long it has waited since its last step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub proposal_id: Uuid,
    /// Its units' names, as drafted.
    pub names: String,
    pub status: Bilingual,
    pub days: i64,
}

/// Everything the dashboard shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub report: ProgressReport,
    /// Active villages and communes below the standard (below the merge
    /// threshold included), in the scope.
    pub villages_below_standard: u32,
    pub communes_below_standard: u32,
    /// Villages and communes with no review yet.
    pub villages_unreviewed: u32,
    pub communes_unreviewed: u32,
    /// The scope's proposals by status, in the procedure's order.
    pub by_status: Vec<StatusCount>,
    /// The open proposals (not effective, not rejected), longest wait first.
    pub waiting: Vec<Waiting>,
    /// The chosen year's changes (`None` for a year not begun).
    pub year: Option<YearChanges>,
    /// The villages' monthly allowance fund before and now, when the rules set one.
    pub fund: Option<AllowanceFund>,
    /// The plan's targets against the area's figures, overdue ones flagged.
    pub targets: Vec<TargetStatus>,
}

/// The order statuses are listed in.
fn status_rank(status: &Status) -> u8 {
    match status {
        Status::Draft => 0,
        Status::Returned => 1,
        Status::Submitted => 2,
        Status::DistrictReviewed => 3,
        Status::Consulted { .. } => 4,
        Status::ProvinceApproved { .. } => 5,
        Status::Effective { .. } => 6,
        Status::Rejected => 7,
    }
}

/// The dashboard of `scope` on `today`, with the changes of `year`.
pub fn dashboard<S: std::hash::BuildHasher>(
    scope: Uuid,
    hierarchy: &Hierarchy<'_>,
    statuses: &HashMap<Uuid, UnitStatus, S>,
    proposals: &[Proposal],
    rules: &ReportRules,
    year: i32,
    today: NaiveDate,
) -> Dashboard {
    let in_scope = |unit: Uuid| hierarchy.contains(scope, unit);
    let scoped: Vec<Proposal> = proposals
        .iter()
        .filter(|proposal| proposal.involved_units().into_iter().any(in_scope))
        .cloned()
        .collect();
    let report = compute(scope, hierarchy, statuses, &scoped, &rules.limits);
    let created = created_by(hierarchy, &scoped);
    let fund = allowance_fund(scope, hierarchy, statuses, &|unit| created.contains(&unit), rules);
    let targets = evaluate_targets(&plan_targets(), &report, &rules.entered, today);
    let mut dashboard = Dashboard {
        year: year_changes(scope, hierarchy, year, today),
        fund,
        targets,
        report,
        villages_below_standard: 0,
        communes_below_standard: 0,
        villages_unreviewed: 0,
        communes_unreviewed: 0,
        by_status: Vec::new(),
        waiting: Vec::new(),
    };
    for unit in hierarchy.units().filter(|unit| unit.is_active() && in_scope(unit.id)) {
        let standing = statuses.get(&unit.id).and_then(|status| status.standing);
        let below = matches!(standing, Some(Standing::BelowStandard | Standing::BelowMergeThreshold));
        match unit.level() {
            UnitLevel::Village => {
                dashboard.villages_below_standard += u32::from(below);
                dashboard.villages_unreviewed += u32::from(standing.is_none());
            }
            UnitLevel::Commune => {
                dashboard.communes_below_standard += u32::from(below);
                dashboard.communes_unreviewed += u32::from(standing.is_none());
            }
            _ => {}
        }
    }
    let mut by_status: Vec<(u8, StatusCount)> = Vec::new();
    for proposal in &scoped {
        let rank = status_rank(&proposal.status);
        match by_status.iter_mut().find(|(found, _)| *found == rank) {
            Some((_, count)) => count.count += 1,
            None => by_status.push((
                rank,
                StatusCount {
                    status: proposal.status.label(),
                    count: 1,
                },
            )),
        }
    }
    by_status.sort_by_key(|(rank, _)| *rank);
    dashboard.by_status = by_status.into_iter().map(|(_, count)| count).collect();
    dashboard.waiting = scoped
        .iter()
        .filter(|proposal| proposal.is_open())
        .map(|proposal| Waiting {
            proposal_id: proposal.id,
            names: proposal
                .sources
                .iter()
                .map(|source| source.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            status: proposal.status_label(today),
            days: (today - proposal.meta.updated_at.vietnam_date()).num_days().max(0),
        })
        .collect();
    dashboard
        .waiting
        .sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.names.cmp(&b.names)));
    dashboard
}

/// A share in percent with one decimal, written as `language` writes
/// decimals ("33,3%" in Vietnamese, "33.3%" in English).
pub fn percent(part: i64, whole: i64, language: crate::Language) -> String {
    let mark = match language {
        crate::Language::Vi => ',',
        crate::Language::En => '.',
    };
    if whole == 0 {
        return "0%".to_owned();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    let (units, tenth) = (tenths / 10, (tenths % 10).abs());
    if tenth == 0 {
        format!("{units}%")
    } else {
        format!("{units}{mark}{tenth}%")
    }
}

/// What the progress figures read of a unit: its standing, and from its
/// latest review the workers, a commune's category and whether its Party
/// Secretary is also its Chairman.
pub fn unit_status(standing: Option<Standing>, latest: Option<&crate::review::ReviewRecord>) -> UnitStatus {
    use crate::review::ReviewRecord;
    match latest {
        Some(ReviewRecord::Village(review)) => UnitStatus {
            standing,
            workers: Some(review.non_professional_workers),
            households: Some(review.households),
            higher_fund: review.special_status.as_ref().is_some_and(|status| {
                matches!(
                    status.kind,
                    crate::review::SpecialStatusKind::Border | crate::review::SpecialStatusKind::DefenceSecurity
                )
            }),
            ..UnitStatus::default()
        },
        Some(ReviewRecord::Commune(review)) => UnitStatus {
            standing,
            workers: Some(review.non_professional_workers),
            category: Some(review.category),
            secretary_is_chairman: Some(review.secretary_is_chairman),
            ..UnitStatus::default()
        },
        None => UnitStatus {
            standing,
            ..UnitStatus::default()
        },
    }
}

/// The heading of the yearly report as a Vietnamese administrative report
/// is written: the agency that reports, the number line, place and date, the
/// title, and whom it is sent to (a commune reports to the Department of
/// Home Affairs, the province to the Ministry), with the signature block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportHeading {
    /// "ỦY BAN NHÂN DÂN" and the unit's name in capitals.
    pub agency: String,
    pub unit: String,
    /// "Số: …/BC-UBND" (the number is written by hand or by the office).
    pub number: String,
    /// "Lạng Sơn, ngày 03 tháng 12 năm 2026".
    pub place_date: String,
    pub title: String,
    pub recipient: String,
    /// "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH".
    pub signer_body: String,
    pub signer: String,
}

/// The heading of `year`'s report for `unit` (of `level`), written on `today`.
pub fn report_heading(unit: &str, level: UnitLevel, year: i32, today: NaiveDate) -> ReportHeading {
    use chrono::Datelike;
    let recipient = match level {
        UnitLevel::Province => "Bộ Nội vụ",
        _ => "Sở Nội vụ tỉnh Lạng Sơn",
    };
    ReportHeading {
        agency: "ỦY BAN NHÂN DÂN".to_owned(),
        unit: unit.to_uppercase(),
        number: "Số:      /BC-UBND".to_owned(),
        place_date: format!(
            "Lạng Sơn, ngày {:02} tháng {:02} năm {}",
            today.day(),
            today.month(),
            today.year()
        ),
        title: format!("Kết quả sắp xếp thôn, tổ dân phố và đơn vị hành chính cấp xã năm {year}"),
        recipient: format!("Kính gửi: {recipient}."),
        signer_body: "TM. ỦY BAN NHÂN DÂN".to_owned(),
        signer: "CHỦ TỊCH".to_owned(),
    }
}
