//! An agency's report on a target of the plan, as the province officer types
//! it from the report received: the target, the figure (blank when the target
//! does not count), the day it counts to, the agency, who signed, the document.

use super::FormErrors;
use super::review_form::parse_date;
use crate::progress::plan_targets::PlanTarget;
use crate::progress::target_report::{TargetReport, check_target_report};
use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
use crate::validation::{Field, ValidationError, parse_count};
use chrono::NaiveDate;
use uuid::Uuid;

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetReportForm {
    pub target_id: String,
    pub figure: String,
    pub as_of: String,
    pub agency: String,
    pub reported_by: String,
    pub evidence: String,
    pub notes: String,
}

impl TargetReportForm {
    /// The targets the form offers: those the data on record does not measure.
    pub fn targets(targets: &[PlanTarget]) -> Vec<&PlanTarget> {
        targets.iter().filter(|target| target.measure.is_reported()).collect()
    }

    /// The report, or every problem by field.
    pub fn read(
        &self,
        id: Uuid,
        targets: &[PlanTarget],
        by: OfficerId,
        at: Timestamp,
        today: NaiveDate,
    ) -> Result<TargetReport, FormErrors> {
        let mut errors = FormErrors::default();
        let figure = if self.figure.trim().is_empty() {
            None
        } else {
            errors.take(parse_count(Field::Figure, &self.figure)).map(u64::from)
        };
        let as_of =
            errors.take(parse_date(&self.as_of).map_err(|error| ValidationError::new(Field::AsOf, error.problem)));
        let report = TargetReport {
            id,
            target_id: self.target_id.trim().to_owned(),
            figure,
            as_of: as_of.unwrap_or(today),
            agency: self.agency.trim().to_owned(),
            reported_by: self.reported_by.trim().to_owned(),
            evidence: self.evidence.trim().to_owned(),
            notes: self.notes.trim().to_owned(),
            meta: SyncMeta::created(at, by),
        };
        for error in check_target_report(&report, targets, today) {
            errors.push(error);
        }
        if errors.is_empty() { Ok(report) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use crate::progress::plan_targets;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    fn read(form: &TargetReportForm) -> Result<TargetReport, FormErrors> {
        form.read(
            Uuid::from_u128(7),
            &plan_targets(),
            OfficerId(Uuid::nil()),
            Timestamp(0),
            today(),
        )
    }

    #[test]
    fn offers_only_the_targets_the_agencies_report_on() {
        let targets = plan_targets();
        let offered: Vec<&str> = TargetReportForm::targets(&targets)
            .iter()
            .map(|target| target.id.as_str())
            .collect();
        assert_eq!(
            offered,
            [
                "staff-reduction",
                "province-organisation",
                "district-organisation",
                "agency-report",
                "province-report"
            ]
        );
    }

    #[test]
    fn reads_a_report_and_names_every_bad_field_by_its_label() {
        let form = TargetReportForm {
            target_id: "staff-reduction".to_owned(),
            figure: "2.312".to_owned(),
            as_of: "31/12/2021".to_owned(),
            agency: "Sở Nội vụ".to_owned(),
            reported_by: "Nguyễn Văn An".to_owned(),
            evidence: "Báo cáo số 215/BC-SNV".to_owned(),
            notes: String::new(),
        };
        let report = read(&form).unwrap();
        assert_eq!(report.figure, Some(2_312));
        assert_eq!(report.as_of, NaiveDate::from_ymd_opt(2021, 12, 31).unwrap());

        let bad = TargetReportForm {
            target_id: "villages-below-standard".to_owned(),
            figure: "45,5".to_owned(),
            as_of: "31/13/2021".to_owned(),
            reported_by: String::new(),
            ..form
        };
        let errors = read(&bad).unwrap_err();
        let messages: Vec<String> = errors.0.iter().map(|error| error.message(Language::Vi)).collect();
        assert_eq!(
            messages,
            [
                "Kết quả đạt được: phải là số nguyên, không có phần thập phân.",
                "Tính đến ngày: không phải ngày hợp lệ; hãy viết ngày/tháng/năm, ví dụ 28/11/2026.",
                "Chỉ tiêu: chỉ tiêu này được tính từ số liệu rà soát và phương án trong ứng dụng, không nhập tay.",
                "Người báo cáo: cần nhập.",
            ]
        );
    }
}
