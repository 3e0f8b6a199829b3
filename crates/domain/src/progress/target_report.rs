//! What a responsible agency reports on a target the data on record does not
//! measure (staff cut, departments and schools merged, the yearly reports
//! sent): the figure reached, the day it counts to, the agency and the person,
//! and the document that shows it. One record per report, never edited by
//! another: two agencies' reports never meet as a conflict. A province officer
//! (the Department of Home Affairs, which gathers the agencies' reports)
//! records them; every device pulls them, as it pulls the rule sets, so that
//! the plan's targets read the same offline and on the server.

use super::plan_targets::PlanTarget;
use crate::format::date_vi;
use crate::language::Bilingual;
use crate::sync_meta::SyncMeta;
use crate::validation::{Field, Problem, ValidationError, check_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One report on one target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetReport {
    pub id: Uuid,
    /// The target's id (`PlanTarget::id`).
    pub target_id: String,
    /// The figure reached ("412" staff positions cut), when the target counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<u64>,
    /// The day the figure counts to.
    pub as_of: NaiveDate,
    /// The reporting agency ("Sở Giáo dục và Đào tạo").
    pub agency: String,
    /// Who reported, as the report is signed.
    pub reported_by: String,
    /// The document that shows it ("Báo cáo số 215/BC-SGDĐT ngày 25/11/2026").
    pub evidence: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    pub meta: SyncMeta,
}

/// The longest agency, person and document names kept.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest notes kept.
pub const MAX_NOTES_CHARS: usize = crate::review::MAX_NOTES_CHARS;
/// The first day a report may count to: the plan began in 2018.
pub fn earliest_report_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default()
}

/// Every problem of a report: a target of the plan, a day between 2018 and
/// `today`, the agency, the person and the document named. The form and the
/// server's push both call it.
pub fn check_target_report(report: &TargetReport, targets: &[PlanTarget], today: NaiveDate) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    match targets.iter().find(|target| target.id == report.target_id) {
        None => errors.push(ValidationError::new(
            Field::Target,
            Problem::Invalid {
                reason: format!("không có chỉ tiêu «{}» trong kế hoạch.", report.target_id),
            },
        )),
        Some(target) if !target.measure.is_reported() => errors.push(ValidationError::new(
            Field::Target,
            Problem::Invalid {
                reason: "chỉ tiêu này được tính từ số liệu rà soát và phương án trong ứng dụng, không nhập tay."
                    .to_owned(),
            },
        )),
        Some(_) => {}
    }
    if report.as_of > today {
        errors.push(ValidationError::new(Field::AsOf, Problem::InFuture));
    } else if report.as_of < earliest_report_day() {
        errors.push(ValidationError::new(Field::AsOf, Problem::TooOld));
    }
    for (field, text, required, max) in [
        (Field::Agency, &report.agency, true, MAX_NAME_CHARS),
        (Field::ReportedBy, &report.reported_by, true, MAX_NAME_CHARS),
        (Field::Evidence, &report.evidence, true, MAX_NAME_CHARS),
        (Field::Notes, &report.notes, false, MAX_NOTES_CHARS),
    ] {
        errors.extend(check_text(field, text, required, max, true).err());
    }
    errors
}

/// The reports on `target`, the latest first (by the day they count to, then
/// by when they were recorded).
pub fn reports_on<'a>(target: &str, reports: &'a [TargetReport]) -> Vec<&'a TargetReport> {
    let mut found: Vec<&TargetReport> = reports.iter().filter(|report| report.target_id == target).collect();
    found.sort_by_key(|report| std::cmp::Reverse((report.as_of, report.meta.updated_at, report.id)));
    found
}

impl TargetReport {
    /// "Theo Sở Nội vụ (Nguyễn Văn A), tính đến ngày 25/11/2026: 412. Báo cáo số …"
    pub fn summary(&self) -> Bilingual {
        let text = |by: &str, as_of: &str, language| {
            let figure = self
                .figure
                .map(|figure| format!(": {}", crate::format::integer(figure, language)))
                .unwrap_or_default();
            format!(
                "{by} {} ({}), {as_of} {}{figure}. {}.",
                self.agency.trim(),
                self.reported_by.trim(),
                date_vi(self.as_of),
                self.evidence.trim().trim_end_matches('.')
            )
        };
        Bilingual::new(
            text("Theo", "tính đến ngày", crate::Language::Vi),
            text("Reported by", "as of", crate::Language::En),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use crate::progress::plan_targets;
    use crate::sync_meta::{OfficerId, Timestamp};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn report() -> TargetReport {
        TargetReport {
            id: Uuid::from_u128(1),
            target_id: "staff-reduction".to_owned(),
            figure: Some(412),
            as_of: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap(),
            agency: "Sở Nội vụ".to_owned(),
            reported_by: "Nguyễn Văn An".to_owned(),
            evidence: "Báo cáo số 215/BC-SNV ngày 10/01/2022".to_owned(),
            notes: String::new(),
            meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
        }
    }

    #[test]
    fn a_report_names_its_target_its_agency_and_its_evidence() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert!(check_target_report(&report(), &plan_targets(), today).is_empty());
        let blank = TargetReport {
            target_id: "no-such-target".to_owned(),
            agency: " ".to_owned(),
            evidence: String::new(),
            as_of: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            ..report()
        };
        let messages: Vec<String> = check_target_report(&blank, &plan_targets(), today)
            .iter()
            .map(|error| error.message(Language::Vi))
            .collect();
        assert_eq!(
            messages,
            [
                "Chỉ tiêu: không có chỉ tiêu «no-such-target» trong kế hoạch.",
                "Tính đến ngày: không được sau ngày hôm nay.",
                "Cơ quan báo cáo: cần nhập.",
                "Văn bản, minh chứng: cần nhập.",
            ]
        );
        assert_eq!(
            report().summary().vi,
            "Theo Sở Nội vụ (Nguyễn Văn An), tính đến ngày 31/12/2021: 412. Báo cáo số 215/BC-SNV ngày 10/01/2022."
        );
    }
}
