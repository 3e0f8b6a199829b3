//! The official units of Lạng Sơn that the server ships and loads at start:
//! the province, its 11 district-level units and 194 commune-level units
//! (before the 2025 reform), with their national codes.

pub mod reform_2025;

use domain::{OfficialCode, UnitKind, reference_unit_id};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

/// The official list, as shipped with the server (source: `vietnamadminunits`
/// 1.0.4, MIT; see `reference/README.md`).
pub const LANG_SON_UNITS_2024: &str = include_str!("../reference/lang_son_units_2024.csv");

/// One official unit ready to be stored.
pub use crate::db::UnitRow as ReferenceUnit;

/// A parsed official list and the version that identifies its content.
#[derive(Clone, Debug)]
pub struct ReferenceData {
    /// `name@hash`: changes whenever the list's content changes.
    pub version: String,
    /// Parents always come before their children.
    pub units: Vec<ReferenceUnit>,
}

/// A line of the official list that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceDataError {
    #[error("line {line} of the reference list cannot be read: {source}")]
    Csv { line: u64, source: csv::Error },
    #[error("line {line} of the reference list: {problem}")]
    Invalid { line: u64, problem: String },
}

#[derive(Deserialize)]
struct Row {
    province_code: String,
    province: String,
    district_code: String,
    district: String,
    district_type: String,
    commune_code: String,
    commune: String,
    commune_type: String,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// Reads the shipped list of Lạng Sơn's units.
pub fn lang_son_2024() -> Result<ReferenceData, ReferenceDataError> {
    parse("lang_son_units_2024", LANG_SON_UNITS_2024)
}

/// Reads an official list in the shipped CSV layout (one row per commune,
/// repeating its province and district).
pub fn parse(name: &str, csv_text: &str) -> Result<ReferenceData, ReferenceDataError> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut units: Vec<ReferenceUnit> = Vec::new();
    let mut placed: HashMap<Uuid, usize> = HashMap::new();
    for (index, record) in reader.deserialize::<Row>().enumerate() {
        let line = index as u64 + 2;
        let row = record.map_err(|source| ReferenceDataError::Csv { line, source })?;
        let invalid = |problem: String| ReferenceDataError::Invalid { line, problem };
        let code = |text: &str| OfficialCode::parse(text).map_err(|error| invalid(error.to_string()));
        let kind = |text: &str| UnitKind::from_vietnamese(text).map_err(|error| invalid(error.to_string()));

        let province_code = code(&row.province_code)?;
        let district_code = code(&row.district_code)?;
        let commune_code = code(&row.commune_code)?;
        let province = unit(province_code, row.province, UnitKind::Province, None, None, None);
        let province_id = province.id;
        let district = unit(
            district_code,
            row.district,
            kind(&row.district_type)?,
            Some(province_id),
            None,
            None,
        );
        let district_id = district.id;
        for parent in [province, district] {
            match placed.get(&parent.id) {
                None => {
                    placed.insert(parent.id, units.len());
                    units.push(parent);
                }
                Some(&index) if units[index] != parent => {
                    return Err(invalid(format!(
                        "{} {} disagrees with an earlier line ({} {})",
                        parent.kind, parent.name, units[index].kind, units[index].name
                    )));
                }
                Some(_) => {}
            }
        }
        let commune_kind = kind(&row.commune_type)?;
        let commune = unit(
            commune_code,
            row.commune,
            commune_kind,
            Some(district_id),
            row.lat,
            row.lon,
        );
        if placed.insert(commune.id, units.len()).is_some() {
            return Err(invalid(format!("the code {} appears twice", commune.code)));
        }
        units.push(commune);
    }
    let digest = Sha256::digest(csv_text.as_bytes());
    let hash: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    Ok(ReferenceData {
        version: format!("{name}@{hash}"),
        units,
    })
}

fn unit(
    code: OfficialCode,
    name: String,
    kind: UnitKind,
    parent_id: Option<Uuid>,
    latitude: Option<f64>,
    longitude: Option<f64>,
) -> ReferenceUnit {
    ReferenceUnit {
        id: reference_unit_id(&code),
        code,
        name,
        kind,
        parent_id,
        latitude,
        longitude,
    }
}

impl ReferenceData {
    /// The same units as sync records (whole `domain::Unit`s with their
    /// scope), so that devices pull the official units of their jurisdiction.
    pub fn records(&self) -> Vec<crate::db::RecordRow> {
        let mut scopes: HashMap<Uuid, crate::db::Scope> = HashMap::new();
        let mut records = Vec::with_capacity(self.units.len());
        for unit in &self.units {
            let above = unit
                .parent_id
                .and_then(|parent| scopes.get(&parent).copied())
                .unwrap_or_default();
            let scope = above.with_unit(unit.id, unit.kind.level());
            scopes.insert(unit.id, scope);
            let Ok(name) = domain::UnitName::parse(&unit.name) else {
                continue;
            };
            let record = domain::Unit {
                id: unit.id,
                code: Some(unit.code.clone()),
                name,
                kind: unit.kind,
                parent_id: unit.parent_id,
                lifecycle: domain::Lifecycle::Active { since: None },
                // Every xã of Lạng Sơn is mountainous (miền núi).
                attributes: domain::UnitAttributes {
                    border_commune: false,
                    mountainous: unit.kind == UnitKind::Commune,
                },
                meta: domain::SyncMeta {
                    revision: 1,
                    updated_at: domain::Timestamp(0),
                    updated_by: domain::OfficerId(Uuid::nil()),
                    epoch: None,
                },
            };
            records.push(crate::db::RecordRow {
                record_type: domain::sync::RecordType::Unit,
                id: unit.id,
                revision: 1,
                change_seq: 0,
                scope,
                body: serde_json::to_string(&record).unwrap_or_default(),
                deleted: false,
                open_conflicts: 0,
                updated_at: 0,
                updated_by: "reference-data".to_owned(),
            });
        }
        records
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::UnitLevel;

    #[test]
    fn the_shipped_list_holds_the_province_11_districts_and_194_communes() {
        let data = lang_son_2024().unwrap();
        let count = |level| data.units.iter().filter(|unit| unit.kind.level() == level).count();
        assert_eq!(count(UnitLevel::Province), 1);
        assert_eq!(count(UnitLevel::District), 11);
        assert_eq!(count(UnitLevel::Commune), 194);
        assert_eq!(data.units[0].name, "Tỉnh Lạng Sơn");
    }

    #[test]
    fn parents_come_before_their_children() {
        let data = lang_son_2024().unwrap();
        let mut placed = std::collections::HashSet::new();
        for unit in &data.units {
            if let Some(parent) = unit.parent_id {
                assert!(placed.contains(&parent), "{} comes before its parent", unit.name);
            }
            placed.insert(unit.id);
        }
    }

    #[test]
    fn a_bad_line_is_named_by_its_number() {
        let text = "province_code,province,district_code,district,district_type,commune_code,commune,commune_type,lat,lon\n\
                    20,Tỉnh Lạng Sơn,178,Thành phố Lạng Sơn,Thành phố,05971,Phường A,Phường,21.8,106.7\n\
                    20,Tỉnh Lạng Sơn,178,Thành phố Lạng Sơn,Quận,05974,Phường B,Phường,21.8,106.7\n";
        let error = parse("test", text).unwrap_err().to_string();
        assert!(error.contains("line 3"), "{error}");
        assert!(error.contains("Quận"), "{error}");
    }

    #[test]
    fn the_version_changes_with_the_content() {
        let header =
            "province_code,province,district_code,district,district_type,commune_code,commune,commune_type,lat,lon\n";
        let one = format!("{header}20,Tỉnh Lạng Sơn,178,TP,Thành phố,05971,Phường A,Phường,,\n");
        let two = format!("{header}20,Tỉnh Lạng Sơn,178,TP,Thành phố,05971,Phường B,Phường,,\n");
        assert_ne!(parse("x", &one).unwrap().version, parse("x", &two).unwrap().version);
    }
}
