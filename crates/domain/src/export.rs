//! The file an officer saves when the device cannot sync: everything not yet
//! synced (or everything), readable back on a device or on the server.

use crate::proposal::Proposal;
use crate::review::{CommuneReview, VillageReview, check_commune_review, check_village_review};
use crate::rules::RuleSet;
use crate::sync::Mutation;
use crate::sync_meta::{OfficerId, Timestamp};
use crate::unit::Unit;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

/// The marker at the top of every export file.
pub const FORMAT: &str = "sapxep-export";
/// The version of the file layout this build writes and reads.
pub const VERSION: u32 = 1;

/// An export file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub exported_at: Timestamp,
    pub device_id: Uuid,
    pub officer_id: Option<OfficerId>,
    /// Whether only what was not yet synced is in the file.
    pub only_unsynced: bool,
    #[serde(default)]
    pub units: Vec<Unit>,
    #[serde(default)]
    pub village_reviews: Vec<VillageReview>,
    #[serde(default)]
    pub commune_reviews: Vec<CommuneReview>,
    #[serde(default)]
    pub proposals: Vec<Proposal>,
    #[serde(default)]
    pub rule_sets: Vec<RuleSet>,
    /// The outbox entries: pending ones, and acknowledged ones in a full export.
    #[serde(default)]
    pub mutations: Vec<Mutation>,
}

/// Why a file cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("the file is not a Sắp xếp export: {0}")]
    NotAnExport(String),
    #[error("the file was written by a newer version of the app (layout {found}, this app reads {supported})")]
    NewerVersion { found: u32, supported: u32 },
    #[error("the file lists {what} {id} twice")]
    Duplicate { what: &'static str, id: String },
    #[error("{what} {id} in the file is invalid: {reason}")]
    InvalidRecord {
        what: &'static str,
        id: String,
        reason: String,
    },
}

impl ExportError {
    /// What the officer reads, in Vietnamese.
    pub fn vietnamese(&self) -> String {
        self.message(crate::Language::Vi)
    }

    /// What the officer reads, in `language`.
    pub fn message(&self, language: crate::Language) -> String {
        let vi = language == crate::Language::Vi;
        match self {
            ExportError::NotAnExport(_) if vi => "Tệp này không phải tệp xuất dữ liệu của Sắp xếp.".to_owned(),
            ExportError::NotAnExport(_) => "This file is not a Sắp xếp export.".to_owned(),
            ExportError::NewerVersion { .. } if vi => {
                "Tệp được tạo bởi phiên bản ứng dụng mới hơn; hãy cập nhật ứng dụng rồi nhập lại.".to_owned()
            }
            ExportError::NewerVersion { .. } => {
                "A newer version of the app wrote this file; update the app, then import it again.".to_owned()
            }
            ExportError::Duplicate { id, .. } if vi => {
                format!("Tệp có bản ghi {id} bị lặp; không nhập để tránh trùng.")
            }
            ExportError::Duplicate { id, .. } => format!("The file lists record {id} twice; nothing imported."),
            ExportError::InvalidRecord { id, reason, .. } if vi => {
                format!("Bản ghi {id} trong tệp không hợp lệ: {reason}")
            }
            ExportError::InvalidRecord { id, reason, .. } => format!("Record {id} in the file is invalid: {reason}"),
        }
    }
}

/// Reads and checks an export file: its marker and version, no record or
/// mutation twice, every review plausible on `today`.
pub fn parse(text: &str, today: NaiveDate) -> Result<ExportFile, ExportError> {
    // The marker and the layout version first, read alone, so that another
    // file or a newer layout is named as such rather than as a parse error.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u64>,
    }
    let header: Header = serde_json::from_str(text).map_err(|error| ExportError::NotAnExport(error.to_string()))?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(ExportError::NotAnExport(
            "no \"format\": \"sapxep-export\" marker".to_owned(),
        ));
    }
    let version = header.version.unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(ExportError::NewerVersion {
            found: u32::try_from(version).unwrap_or(u32::MAX),
            supported: VERSION,
        });
    }
    let file: ExportFile = serde_json::from_str(text).map_err(|error| ExportError::NotAnExport(error.to_string()))?;
    unique("unit", file.units.iter().map(|unit| unit.id))?;
    unique(
        "review",
        file.village_reviews
            .iter()
            .map(|review| review.id)
            .chain(file.commune_reviews.iter().map(|review| review.id)),
    )?;
    unique("proposal", file.proposals.iter().map(|proposal| proposal.id))?;
    unique("mutation", file.mutations.iter().map(|mutation| mutation.mutation_id))?;
    let mut sequences = HashSet::new();
    for mutation in &file.mutations {
        if !sequences.insert((mutation.device_id, mutation.seq)) {
            return Err(ExportError::Duplicate {
                what: "mutation sequence",
                id: format!("{}#{}", mutation.device_id, mutation.seq),
            });
        }
    }
    for review in &file.village_reviews {
        if let Some(error) = check_village_review(review, today).into_iter().next() {
            return Err(ExportError::InvalidRecord {
                what: "village review",
                id: review.id.to_string(),
                reason: error.message(crate::Language::Vi),
            });
        }
    }
    for review in &file.commune_reviews {
        if let Some(error) = check_commune_review(review, today).into_iter().next() {
            return Err(ExportError::InvalidRecord {
                what: "commune review",
                id: review.id.to_string(),
                reason: error.message(crate::Language::Vi),
            });
        }
    }
    Ok(file)
}

fn unique(what: &'static str, ids: impl Iterator<Item = Uuid>) -> Result<(), ExportError> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(ExportError::Duplicate {
                what,
                id: id.to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn empty() -> ExportFile {
        ExportFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            exported_at: Timestamp(1),
            device_id: Uuid::nil(),
            officer_id: None,
            only_unsynced: true,
            units: Vec::new(),
            village_reviews: Vec::new(),
            commune_reviews: Vec::new(),
            proposals: Vec::new(),
            rule_sets: Vec::new(),
            mutations: Vec::new(),
        }
    }

    fn today() -> NaiveDate {
        "2026-11-28".parse().unwrap()
    }

    #[test]
    fn a_written_file_reads_back() {
        let text = serde_json::to_string(&empty()).unwrap();
        assert_eq!(parse(&text, today()).unwrap(), empty());
    }

    #[test]
    fn other_files_and_newer_layouts_are_refused_with_a_reason() {
        assert!(matches!(parse("not json", today()), Err(ExportError::NotAnExport(_))));
        assert!(matches!(
            parse("{\"format\": \"other\"}", today()),
            Err(ExportError::NotAnExport(_))
        ));
        let newer = serde_json::to_string(&ExportFile { version: 9, ..empty() }).unwrap();
        assert_eq!(
            parse(&newer, today()),
            Err(ExportError::NewerVersion { found: 9, supported: 1 })
        );
        assert!(
            parse(&newer, today())
                .unwrap_err()
                .vietnamese()
                .contains("phiên bản ứng dụng mới hơn")
        );
    }
}
