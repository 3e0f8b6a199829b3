//! Lists as spreadsheets the officers open in Excel: a `Sheet` (a title,
//! Vietnamese headers, rows of text with numbers written as numbers, a point
//! for decimals), written by the device as CSV in UTF-8 with a byte-order mark
//! (Excel reads Vietnamese right only with it), offline, or sent to the server
//! to be written as XLSX. Pure: the device offers the file.

use crate::proposal::Proposal;
use crate::review::{LatestReviews, ReviewRecord};
use crate::rules::classification::Standing;
use crate::unit::{Lifecycle, Unit};
use serde::{Deserialize, Serialize};

/// One unit of a list with what the list shows of it.
#[derive(Clone, Debug)]
pub struct UnitLine<'a> {
    pub unit: &'a Unit,
    pub standing: Option<Standing>,
}

fn state(unit: &Unit) -> &'static str {
    match unit.lifecycle {
        Lifecycle::Active { .. } => "Đang hoạt động",
        Lifecycle::Proposed { .. } => "Dự kiến thành lập",
        Lifecycle::MergedInto { .. } => "Đã sáp nhập",
        Lifecycle::DividedAmong { .. } => "Đã chia tách",
        Lifecycle::Dissolved { .. } => "Đã giải thể",
    }
}

/// A CSV under construction: RFC 4180 quoting (a field with a comma, a
/// quote or a line break is quoted, its quotes doubled), CRLF lines.
struct Csv(String);

impl Csv {
    fn write_record<S: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = S>) {
        for (index, field) in fields.into_iter().enumerate() {
            if index > 0 {
                self.0.push(',');
            }
            let field = field.as_ref();
            if field.contains([',', '"', '\n', '\r']) {
                self.0.push('"');
                self.0.push_str(&field.replace('"', "\"\""));
                self.0.push('"');
            } else {
                self.0.push_str(field);
            }
        }
        self.0.push_str("\r\n");
    }
}

/// A list as a spreadsheet: its title (the sheet's name), header and rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sheet {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// The sheet as CSV (the header first), UTF-8 with a byte-order mark.
    pub fn to_csv(&self) -> String {
        // Written by hand, not with the csv crate: quoting is all a list needs,
        // and the crate cost the field app 18 KiB gzip (measured) at every release.
        let mut writer = Csv(String::from("\u{feff}"));
        writer.write_record(&self.header);
        for row in &self.rows {
            writer.write_record(row);
        }
        writer.0
    }
}

/// Whether a cell holds a number a spreadsheet should keep as a number: an
/// integer without a leading zero (a code such as "06172" stays text), or
/// with a point and decimals.
pub fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let whole_ok = whole == "0"
        || (!whole.is_empty() && !whole.starts_with('0') && whole.bytes().all(|byte| byte.is_ascii_digit()));
    whole_ok
        && fraction.is_none_or(|fraction| !fraction.is_empty() && fraction.bytes().all(|byte| byte.is_ascii_digit()))
}

/// The units with their state, standing and latest figures, as CSV.
pub fn units_csv(lines: &[UnitLine<'_>], latest: &LatestReviews) -> String {
    units_sheet(lines, latest).to_csv()
}

/// The proposals with their action, units, status and last change.
pub fn proposals_sheet(proposals: &[Proposal], today: chrono::NaiveDate) -> Sheet {
    Sheet {
        title: "Phương án".to_owned(),
        header: [
            "Hành động",
            "Đơn vị",
            "Tên mới",
            "Trạng thái",
            "Cập nhật lần cuối",
            "Số hộ",
            "Nhân khẩu",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: proposals
            .iter()
            .map(|proposal| {
                let names: Vec<&str> = proposal.sources.iter().map(|source| source.name.as_str()).collect();
                let households: u64 = proposal
                    .sources
                    .iter()
                    .map(|source| u64::from(source.figures.households))
                    .sum();
                let population: u64 = proposal
                    .sources
                    .iter()
                    .map(|source| u64::from(source.figures.population))
                    .sum();
                vec![
                    proposal.action.label().vi,
                    names.join(", "),
                    match &proposal.action {
                        crate::proposal::Action::Merge {
                            into: crate::proposal::MergeTarget::NewUnit { name, .. },
                        } => name.as_str().to_owned(),
                        crate::proposal::Action::Merge {
                            into: crate::proposal::MergeTarget::ExistingUnit { name, .. },
                        } => name.clone(),
                        crate::proposal::Action::Rename { new_name } => new_name.as_str().to_owned(),
                        _ => String::new(),
                    },
                    proposal.status_label(today).vi,
                    crate::format::moment_vi(proposal.meta.updated_at),
                    households.to_string(),
                    population.to_string(),
                ]
            })
            .collect(),
    }
}

/// The units with their state, standing and latest figures.
pub fn units_sheet(lines: &[UnitLine<'_>], latest: &LatestReviews) -> Sheet {
    let mut rows = Vec::with_capacity(lines.len());
    let header = [
        "Mã",
        "Tên",
        "Loại",
        "Tình trạng",
        "Đánh giá",
        "Số hộ",
        "Nhân khẩu",
        "Diện tích (ha)",
        "Người hoạt động không chuyên trách",
        "Ngày rà soát",
    ]
    .map(str::to_owned)
    .to_vec();
    for line in lines {
        let unit = line.unit;
        let review = latest.get(unit.id);
        let (households, population, area, workers, reviewed) = match review {
            Some(ReviewRecord::Village(review)) => (
                review.households.to_string(),
                review.population.to_string(),
                hectares(review.area),
                review.non_professional_workers.to_string(),
                crate::format::date_vi(review.reviewed_on),
            ),
            Some(ReviewRecord::Commune(review)) => (
                String::new(),
                review.population.to_string(),
                hectares(review.area),
                review.non_professional_workers.to_string(),
                crate::format::date_vi(review.reviewed_on),
            ),
            None => Default::default(),
        };
        rows.push(vec![
            unit.code.as_ref().map(ToString::to_string).unwrap_or_default(),
            unit.name.as_str().to_owned(),
            unit.kind.vietnamese().to_owned(),
            state(unit).to_owned(),
            line.standing
                .map_or_else(|| "Chưa rà soát".to_owned(), |standing| standing.label().vi),
            households,
            population,
            area,
            workers,
            reviewed,
        ]);
    }
    Sheet {
        title: "Danh sách đơn vị".to_owned(),
        header,
        rows,
    }
}

/// An area in hectares with two decimals and a point, as a number Excel reads.
fn hectares(area: crate::measure::Area) -> String {
    let hundredths = (area.square_metres() + 50) / 100;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::VillageReview;
    use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
    use crate::unit::UnitAttributes;
    use crate::{UnitKind, UnitName};
    use uuid::Uuid;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_list_opens_in_excel_with_its_figures_as_numbers() {
        let village = Unit {
            id: Uuid::from_u128(2),
            code: None,
            name: UnitName::parse("Thôn Nà Pàn, Khuổi").unwrap(),
            kind: UnitKind::Village,
            parent_id: Some(Uuid::from_u128(1)),
            lifecycle: Lifecycle::Active { since: None },
            attributes: UnitAttributes::default(),
            meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
        };
        let unreviewed = Unit {
            id: Uuid::from_u128(3),
            name: UnitName::parse("Bản Chắt").unwrap(),
            kind: UnitKind::Hamlet,
            ..village.clone()
        };
        let latest = LatestReviews::from_reviews([ReviewRecord::Village(VillageReview {
            id: Uuid::from_u128(9),
            unit_id: village.id,
            households: 62,
            population: 280,
            area: crate::measure::Area::from_hectares(310),
            non_professional_workers: 3,
            ethnic_minority_percent: None,
            special_status: None,
            location: None,
            reviewed_on: chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            reviewer: OfficerId(Uuid::nil()),
            notes: String::new(),
            meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
        })]);
        let text = units_csv(
            &[
                UnitLine {
                    unit: &village,
                    standing: Some(Standing::BelowStandard),
                },
                UnitLine {
                    unit: &unreviewed,
                    standing: None,
                },
            ],
            &latest,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("\u{feff}Mã,Tên,Loại"));
        assert_eq!(
            lines[1],
            ",\"Thôn Nà Pàn, Khuổi\",Thôn,Đang hoạt động,Chưa đạt chuẩn,62,280,310.00,3,01/10/2026"
        );
        assert_eq!(lines[2], ",Bản Chắt,Bản,Đang hoạt động,Chưa rà soát,,,,,");
        assert!(is_number("62") && is_number("310.00") && is_number("0") && is_number("-3"));
        assert!(!is_number("06172") && !is_number("310,5") && !is_number("") && !is_number("1."));
        let mut quoted = Csv(String::new());
        quoted.write_record(["Biên bản \"họp\" thôn", "a\nb", "x"]);
        assert_eq!(quoted.0, "\"Biên bản \"\"họp\"\" thôn\",\"a\nb\",x\r\n");
    }
}
