//! The 2025 reform as the server ships it: the 65 commune-level units of
//! QĐ 19/2025/QĐ-TTg and how the 194 former ones became them (NQ 1672/NQ-
//! UBTVQH15, in force 01/7/2025), read into the domain's `Reform` against the
//! list of the units before it, every name checked against its code.

use super::{ReferenceData, ReferenceDataError};
use domain::proposal::Part;
use domain::reform::{Reform, ReformClause, reform_unit_id};
use domain::{Bilingual, OfficialCode, UnitKind, UnitLevel, UnitName, reference_unit_id};
use serde::Deserialize;
use std::collections::HashMap;

/// The mapping, one row per (new unit, old unit).
pub const LANG_SON_2025_REFORM: &str = include_str!("../../reference/lang_son_2025_reform.csv");
/// The 65 units after the reform, with their areas.
pub const LANG_SON_UNITS_2025: &str = include_str!("../../reference/lang_son_units_2025.csv");

/// The name of the reform in every id it makes.
pub const REFORM_NAME: &str = "lang_son_2025";

#[derive(Deserialize)]
struct MappingRow {
    clause: u32,
    new_code: String,
    new_name: String,
    new_kind: String,
    source_code: String,
    source_name: String,
    share: String,
}

#[derive(Deserialize)]
struct UnitRow2025 {
    commune_code: String,
    commune: String,
}

/// Reads the reform against `before` (the 2024 list, already parsed).
pub fn lang_son_2025(before: &ReferenceData) -> Result<Reform, ReferenceDataError> {
    let official: HashMap<String, String> = csv::Reader::from_reader(LANG_SON_UNITS_2025.as_bytes())
        .deserialize::<UnitRow2025>()
        .enumerate()
        .map(|(index, row)| {
            row.map(|row| (row.commune_code, row.commune))
                .map_err(|source| ReferenceDataError::Csv {
                    line: index as u64 + 2,
                    source,
                })
        })
        .collect::<Result<_, _>>()?;
    let old: HashMap<&str, &super::ReferenceUnit> =
        before.units.iter().map(|unit| (unit.code.as_str(), unit)).collect();
    let province = before
        .units
        .iter()
        .find(|unit| unit.kind.level() == UnitLevel::Province)
        .ok_or_else(|| ReferenceDataError::Invalid {
            line: 0,
            problem: "the list before the reform has no province".to_owned(),
        })?;
    let mut clauses: Vec<ReformClause> = Vec::new();
    let mut reader = csv::Reader::from_reader(LANG_SON_2025_REFORM.as_bytes());
    for (index, record) in reader.deserialize::<MappingRow>().enumerate() {
        let line = index as u64 + 2;
        let row = record.map_err(|source| ReferenceDataError::Csv { line, source })?;
        let invalid = |problem: String| ReferenceDataError::Invalid { line, problem };
        let code = OfficialCode::parse(&row.new_code).map_err(|error| invalid(error.to_string()))?;
        if official.get(code.as_str()) != Some(&row.new_name) {
            return Err(invalid(format!(
                "{} is not the official name of {code} in the 2025 list ({:?})",
                row.new_name,
                official.get(code.as_str())
            )));
        }
        let source = old
            .get(row.source_code.as_str())
            .filter(|unit| unit.name == row.source_name)
            .ok_or_else(|| {
                invalid(format!(
                    "{} {} is not in the list before the reform",
                    row.source_code, row.source_name
                ))
            })?;
        let part = match row.share.as_str() {
            "whole" => Part::Whole,
            "part" => Part::Share,
            other => return Err(invalid(format!("share {other:?} is neither whole nor part"))),
        };
        if clauses.last().is_none_or(|clause| clause.number != row.clause) {
            clauses.push(ReformClause {
                number: row.clause,
                unit_id: reform_unit_id(REFORM_NAME, &code),
                code,
                name: UnitName::parse(&row.new_name).map_err(|error| invalid(error.to_string()))?,
                kind: UnitKind::from_vietnamese(&row.new_kind).map_err(|error| invalid(error.to_string()))?,
                sources: Vec::new(),
            });
        }
        if let Some(clause) = clauses.last_mut() {
            clause.sources.push((source.id, part));
        }
    }
    let dissolved = before
        .units
        .iter()
        .filter(|unit| unit.kind.level() == UnitLevel::District)
        .map(|unit| unit.id)
        .collect();
    Ok(Reform {
        name: REFORM_NAME.to_owned(),
        citation: Bilingual::new("Nghị quyết 1672/NQ-UBTVQH15", "Resolution 1672/NQ-UBTVQH15"),
        effective: domain::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default(),
        parent_id: reference_unit_id(&province.code),
        clauses,
        dissolved,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::proposal::apply_operations;
    use domain::reform::{awaiting_assignment, plan_reform};
    use domain::{Hierarchy, Lifecycle, OfficerId, SyncMeta, Timestamp, Unit, UnitAttributes};
    use std::collections::{HashMap, HashSet};
    use uuid::Uuid;

    fn reform() -> (ReferenceData, Reform) {
        let before = super::super::lang_son_2024().unwrap();
        let reform = lang_son_2025(&before).unwrap();
        (before, reform)
    }

    #[test]
    fn sixty_one_xa_and_four_phuong_from_the_194_former_units() {
        let (before, reform) = reform();
        assert_eq!(reform.clauses.len(), 65);
        let count = |kind| reform.clauses.iter().filter(|clause| clause.kind == kind).count();
        assert_eq!((count(UnitKind::Commune), count(UnitKind::Ward)), (61, 4));
        let sources: Vec<Uuid> = reform
            .clauses
            .iter()
            .flat_map(|clause| clause.sources.iter().map(|(id, _)| *id))
            .collect();
        let distinct: HashSet<&Uuid> = sources.iter().collect();
        assert_eq!(distinct.len(), 194, "every former commune-level unit goes somewhere");
        assert_eq!(sources.len(), 196, "Bính Xá and Kiên Mộc are each divided in two");
        assert_eq!(reform.dissolved.len(), 11);
        let by_code = |code: &str| {
            reform
                .clauses
                .iter()
                .find(|clause| clause.code.as_str() == code)
                .unwrap()
        };
        assert_eq!(by_code("06187").name.as_str(), "Phường Kỳ Lừa");
        assert_eq!(by_code("06172").name.as_str(), "Xã Hoàng Văn Thụ");
        let old_cao_loc = before.units.iter().find(|unit| unit.code.as_str() == "06187").unwrap();
        assert_eq!(
            old_cao_loc.name, "Thị trấn Cao Lộc",
            "the code named another unit before"
        );
        assert_ne!(
            by_code("06187").unit_id,
            old_cao_loc.id,
            "so the new unit has an id of its own"
        );
    }

    #[test]
    fn carried_out_on_the_2024_list_it_leaves_65_units_under_the_province() {
        let (before, reform) = reform();
        let meta = SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil()));
        let mut units: Vec<Unit> = before
            .units
            .iter()
            .map(|unit| Unit {
                id: unit.id,
                code: Some(unit.code.clone()),
                name: UnitName::parse(&unit.name).unwrap(),
                kind: unit.kind,
                parent_id: unit.parent_id,
                lifecycle: Lifecycle::Active { since: None },
                attributes: UnitAttributes::default(),
                meta: meta.clone(),
            })
            .collect();
        let operations = plan_reform(
            &reform,
            &Hierarchy::new(&units).unwrap(),
            Timestamp(1),
            OfficerId(Uuid::nil()),
        )
        .unwrap();
        apply_operations(
            &mut units,
            &mut HashMap::new(),
            &operations,
            Timestamp(1),
            OfficerId(Uuid::nil()),
        );
        let hierarchy = Hierarchy::new(&units).unwrap();
        let in_force: Vec<&Unit> = hierarchy.active_children(reform.parent_id);
        assert_eq!(in_force.len(), 65, "the districts have ended");
        let codes: HashSet<&str> = in_force
            .iter()
            .filter_map(|unit| unit.code.as_ref().map(OfficialCode::as_str))
            .collect();
        assert_eq!(codes.len(), 65, "one code each, unique among the units in force");
        let ended = units.iter().filter(|unit| unit.lifecycle.has_ended()).count();
        assert_eq!(ended, 194 + 11);
        assert!(awaiting_assignment(&hierarchy).is_empty(), "no villages yet");
    }
}
