//! Each row of an imported file checked and matched: a new village (with its
//! first review when the row has figures), new figures for a village already
//! there, nothing new, or refused — every problem named by row and column.
//! A village is matched on its official code, or on its name within the
//! commune without diacritics and the kind's word ("Thôn Nà Pàn", "na pan");
//! the same village twice in a file is refused the second time. Importing
//! the same file again changes nothing.

use super::columns::{Column, ColumnMap};
use super::table::Table;
use crate::forms::{NewVillageForm, ReviewCommon, ReviewContext, VillageReviewForm};
use crate::language::Language;
use crate::review::{LatestReviews, VillageReview};
use crate::search::fold;
use crate::sync_meta::{OfficerId, Timestamp};
use crate::unit::Unit;
use crate::unit_kind::{UnitKind, UnitLevel};
use crate::validation::Field;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// What an import reads besides the file.
pub struct ImportContext<'a> {
    /// The commune the villages are imported into.
    pub commune: &'a Unit,
    /// The units the device holds under it (ended ones are not matched).
    pub villages: &'a [Unit],
    pub latest: &'a LatestReviews,
    pub by: OfficerId,
    pub at: Timestamp,
    pub today: NaiveDate,
}

/// How a row found its village.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Code,
    Name,
}

/// One problem of a row: the column as the file names it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub column: String,
    pub message: String,
}

/// What the import does with a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A new village, and its first review when the row has figures.
    New {
        unit: Unit,
        review: Option<VillageReview>,
    },
    /// New figures for a village already there.
    Update {
        unit_id: Uuid,
        existing_name: String,
        matched_by: MatchedBy,
        review: VillageReview,
    },
    /// A village already there, with the same figures (or none in the row).
    Unchanged {
        unit_id: Uuid,
        existing_name: String,
        matched_by: MatchedBy,
    },
    Refused {
        problems: Vec<RowProblem>,
    },
    /// An empty row.
    Blank,
}

/// One row of the file and what becomes of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRow {
    /// The row's number as Excel shows it.
    pub line: usize,
    /// The name as written in the file.
    pub name: String,
    pub outcome: Outcome,
}

impl ImportRow {
    /// The row's problems in one sentence each: "Dòng 4, cột «Số hộ»: …".
    pub fn messages(&self) -> Vec<String> {
        match &self.outcome {
            Outcome::Refused { problems } => problems
                .iter()
                .map(|problem| format!("Dòng {}, cột «{}»: {}", self.line, problem.column, problem.message))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A name as the import compares it: without diacritics, case or the
/// village kind's word ("Thôn Nà Pàn" → "na pan").
pub fn import_key(name: &str) -> String {
    let folded = fold(name);
    for kind in NewVillageForm::KINDS {
        let word = fold(kind.vietnamese());
        if let Some(rest) = folded.strip_prefix(&word)
            && let Some(rest) = rest.strip_prefix(' ')
        {
            return rest.to_owned();
        }
    }
    folded
}

/// The kind a row gives, or the one its name starts with, or the commune's usual one.
fn row_kind(written: &str, name: &str, commune: &Unit) -> Result<UnitKind, String> {
    if !written.trim().is_empty() {
        return UnitKind::from_vietnamese(written)
            .ok()
            .filter(|kind| kind.level() == UnitLevel::Village)
            .ok_or_else(|| {
                format!(
                    "«{}» không phải loại thôn, tổ dân phố (Thôn, Bản, Khối phố, Tổ dân phố).",
                    written.trim()
                )
            });
    }
    let folded = fold(name);
    let by_prefix = NewVillageForm::KINDS
        .into_iter()
        .find(|kind| folded.starts_with(&format!("{} ", fold(kind.vietnamese()))));
    Ok(by_prefix.unwrap_or(match commune.kind {
        UnitKind::Ward => UnitKind::ResidentialGroup,
        _ => UnitKind::Village,
    }))
}

/// Every row of `table` read with `map` against the commune's villages.
/// `new_id` gives the ids of new villages and reviews.
pub fn plan_import(
    table: &Table,
    map: &ColumnMap,
    context: &ImportContext<'_>,
    new_id: &mut dyn FnMut() -> Uuid,
) -> Vec<ImportRow> {
    let header_of = |column: Column| {
        map.get(column)
            .and_then(|index| table.header.get(index))
            .map(|header| header.trim().to_owned())
            .filter(|header| !header.is_empty())
            .unwrap_or_else(|| column.label().vi)
    };
    let column_of_field = |field: Field| {
        Column::ALL
            .into_iter()
            .filter(|column| *column != Column::Code)
            .find(|column| column.field() == field)
            .map_or_else(|| field.label().vi, header_of)
    };
    let active: Vec<&Unit> = context
        .villages
        .iter()
        .filter(|unit| {
            unit.is_active() && unit.level() == UnitLevel::Village && unit.parent_id == Some(context.commune.id)
        })
        .collect();
    let mut by_key: HashMap<String, Vec<&Unit>> = HashMap::new();
    for unit in &active {
        by_key.entry(import_key(unit.name.as_str())).or_default().push(unit);
    }
    let names_in_force: Vec<String> = active.iter().map(|unit| unit.name.as_str().to_owned()).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(table.rows.len());
    for (index, cells) in table.rows.iter().enumerate() {
        let line = table.header_line + 1 + index;
        let cell = |column: Column| {
            map.get(column)
                .and_then(|at| cells.get(at))
                .map_or("", |text| text.trim())
        };
        let name = cell(Column::Name).to_owned();
        if cells.iter().all(|text| text.trim().is_empty()) {
            rows.push(ImportRow {
                line,
                name,
                outcome: Outcome::Blank,
            });
            continue;
        }
        let refuse = |problems: Vec<RowProblem>| ImportRow {
            line,
            name: name.clone(),
            outcome: Outcome::Refused { problems },
        };
        if name.is_empty() {
            rows.push(refuse(vec![RowProblem {
                column: header_of(Column::Name),
                message: "chưa có tên.".to_owned(),
            }]));
            continue;
        }
        let key = import_key(&name);
        let code = cell(Column::Code);
        let (key, found) = match active
            .iter()
            .find(|unit| !code.is_empty() && unit.code.as_ref().is_some_and(|found| found.as_str() == code))
        {
            Some(unit) => (format!("#{}", unit.id), Ok(Some((*unit, MatchedBy::Code)))),
            None => match by_key.get(&key).map(Vec::as_slice) {
                Some([unit]) => (format!("#{}", unit.id), Ok(Some((*unit, MatchedBy::Name)))),
                Some(many) => (
                    key,
                    Err(format!(
                        "khớp với nhiều thôn của xã: {}; hãy ghi mã đơn vị.",
                        many.iter()
                            .map(|unit| unit.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                ),
                None => (key, Ok(None)),
            },
        };
        if let Some(first) = seen.get(&key) {
            rows.push(refuse(vec![RowProblem {
                column: header_of(Column::Name),
                message: format!("trùng với dòng {first} của tệp."),
            }]));
            continue;
        }
        seen.insert(key, line);
        let found = match found {
            Ok(found) => found,
            Err(message) => {
                rows.push(refuse(vec![RowProblem {
                    column: header_of(Column::Name),
                    message,
                }]));
                continue;
            }
        };
        let mut problems = Vec::new();
        let kind = match row_kind(cell(Column::Kind), &name, context.commune) {
            Ok(kind) => Some(kind),
            Err(message) => {
                problems.push(RowProblem {
                    column: header_of(Column::Kind),
                    message,
                });
                None
            }
        };
        let unit_id = found.map_or_else(&mut *new_id, |(unit, _)| unit.id);
        let has_figures = Column::FIGURES.iter().any(|column| !cell(*column).is_empty());
        let review = if has_figures {
            let reviewed_on = match cell(Column::ReviewedOn) {
                "" => context.today.to_string(),
                written => written.to_owned(),
            };
            let form = VillageReviewForm {
                households: cell(Column::Households).to_owned(),
                population: cell(Column::Population).to_owned(),
                area_hectares: cell(Column::AreaHectares).to_owned(),
                non_professional_workers: cell(Column::Workers).to_owned(),
                location: None,
                common: ReviewCommon {
                    reviewed_on,
                    ..ReviewCommon::default()
                },
            };
            let review_context = ReviewContext {
                review_id: new_id(),
                unit_id,
                reviewer: context.by,
                at: context.at,
                today: context.today,
            };
            match form.read(&review_context) {
                Ok(review) => Some(review),
                Err(errors) => {
                    problems.extend(errors.0.iter().map(|error| RowProblem {
                        column: column_of_field(error.field),
                        message: error.problem.sentence(Language::Vi),
                    }));
                    None
                }
            }
        } else {
            None
        };
        let outcome = match found {
            Some((unit, matched_by)) if problems.is_empty() => {
                let latest = context.latest.village(unit.id);
                let same = |review: &VillageReview, latest: &VillageReview| {
                    (
                        review.households,
                        review.population,
                        review.area,
                        review.non_professional_workers,
                    ) == (
                        latest.households,
                        latest.population,
                        latest.area,
                        latest.non_professional_workers,
                    )
                };
                match review {
                    Some(review) if !latest.is_some_and(|latest| same(&review, latest)) => Outcome::Update {
                        unit_id: unit.id,
                        existing_name: unit.name.as_str().to_owned(),
                        matched_by,
                        review,
                    },
                    _ => Outcome::Unchanged {
                        unit_id: unit.id,
                        existing_name: unit.name.as_str().to_owned(),
                        matched_by,
                    },
                }
            }
            None if problems.is_empty() => {
                let form = NewVillageForm {
                    name: name.clone(),
                    kind,
                    existing_names: names_in_force.clone(),
                };
                match form.read(unit_id, context.commune, context.by, context.at) {
                    Ok(mut unit) => {
                        if let Ok(code) = crate::official_code::OfficialCode::parse(code) {
                            unit.code = Some(code);
                        }
                        Outcome::New { unit, review }
                    }
                    Err(errors) => Outcome::Refused {
                        problems: errors
                            .0
                            .iter()
                            .map(|error| RowProblem {
                                column: column_of_field(error.field),
                                message: error.problem.sentence(Language::Vi),
                            })
                            .collect(),
                    },
                }
            }
            _ => Outcome::Refused { problems },
        };
        rows.push(ImportRow { line, name, outcome });
    }
    rows
}
