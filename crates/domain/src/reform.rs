//! A reform decided above the province (the 2025 arrangement, NQ 1672/NQ-
//! UBTVQH15 for Lạng Sơn): new commune-level units formed from old ones,
//! whole or in part, and the district level ended — planned as the same
//! unit operations as any effective decision, so that one executor carries
//! it out. Pure; planning again on units it has changed plans nothing.
//!
//! A new unit takes the code of one of its old units, so it cannot take the
//! id derived from that code (the old unit keeps it): its id is derived
//! from the reform and the code (`reform_unit_id`).

pub mod accounts;

use crate::Hierarchy;
use crate::language::Bilingual;
use crate::official_code::OfficialCode;
use crate::proposal::{Part, UnitOperation};
use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
use crate::unit::{Lifecycle, Unit, UnitAttributes};
use crate::unit_kind::{UnitKind, UnitLevel};
use crate::unit_name::UnitName;
use chrono::NaiveDate;
use uuid::Uuid;

/// The namespace of the ids of units a reform forms, and of its clauses.
const REFORM_NAMESPACE: Uuid = Uuid::from_u128(0x2025_0701_1672_4a5b_9c8d_7e6f_5a4b_3c2d);

/// The id of the unit that `reform` forms with `code`.
pub fn reform_unit_id(reform: &str, code: &OfficialCode) -> Uuid {
    Uuid::new_v5(&REFORM_NAMESPACE, format!("{reform}:unit:{code}").as_bytes())
}

/// One clause: a new unit and the old units it is formed from.
#[derive(Clone, Debug, PartialEq)]
pub struct ReformClause {
    /// The khoản of the resolution.
    pub number: u32,
    pub unit_id: Uuid,
    pub code: OfficialCode,
    pub name: UnitName,
    pub kind: UnitKind,
    /// The old units, whole or a part of a divided one.
    pub sources: Vec<(Uuid, Part)>,
}

/// A reform: its clauses, the units whose level it ends, and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Reform {
    /// A short stable name ("lang_son_2025"), part of every id it makes.
    pub name: String,
    pub citation: Bilingual,
    pub effective: NaiveDate,
    /// The unit the new units lie directly under (the province).
    pub parent_id: Uuid,
    pub clauses: Vec<ReformClause>,
    /// The units that end without a successor (the districts).
    pub dissolved: Vec<Uuid>,
}

impl Reform {
    /// The id that stands for a clause where a lifecycle names the decision.
    pub fn clause_id(&self, number: u32) -> Uuid {
        Uuid::new_v5(&REFORM_NAMESPACE, format!("{}:clause:{number}", self.name).as_bytes())
    }

    /// The id of the reform as a whole (the decision that ends the districts).
    pub fn id(&self) -> Uuid {
        Uuid::new_v5(&REFORM_NAMESPACE, format!("{}:decision", self.name).as_bytes())
    }

    /// The clauses that take a part of `unit`, with the unit each forms.
    fn shares_of(&self, unit: Uuid) -> Vec<&ReformClause> {
        self.clauses
            .iter()
            .filter(|clause| {
                clause
                    .sources
                    .iter()
                    .any(|(id, part)| *id == unit && *part == Part::Share)
            })
            .collect()
    }
}

/// What `plan_reform` could not place.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReformError {
    #[error("unit {0} named by the reform is not known")]
    UnknownUnit(Uuid),
}

/// The operations that carry `reform` out on `hierarchy`: old units end
/// first (so that the codes they held are free), then the new units are
/// formed, then the units below an old unit merged whole (its villages) move
/// to the new unit. The villages of a divided unit stay where they are, to be
/// assigned by the province (`awaiting_assignment`). Units already ended or
/// formed are left as they are.
pub fn plan_reform(
    reform: &Reform,
    hierarchy: &Hierarchy<'_>,
    at: Timestamp,
    by: OfficerId,
) -> Result<Vec<UnitOperation>, ReformError> {
    let unit = |id: Uuid| hierarchy.get(id).ok_or(ReformError::UnknownUnit(id));
    unit(reform.parent_id)?;
    let effective = reform.effective;
    let mut ending = Vec::new();
    let mut forming = Vec::new();
    let mut moving = Vec::new();
    for clause in &reform.clauses {
        let mut attributes = UnitAttributes {
            border_commune: false,
            mountainous: clause.kind == UnitKind::Commune,
        };
        for (source_id, part) in &clause.sources {
            let source = unit(*source_id)?;
            attributes.border_commune |= source.attributes.border_commune;
            if !source.lifecycle.is_active() || ending.iter().any(|op| ends(op, *source_id)) {
                continue;
            }
            let lifecycle = match part {
                Part::Whole => {
                    for child in hierarchy.children(*source_id) {
                        if child.lifecycle.is_active() {
                            moving.push(UnitOperation::Reparent {
                                unit_id: child.id,
                                parent_id: clause.unit_id,
                            });
                        }
                    }
                    Lifecycle::MergedInto {
                        unit_id: clause.unit_id,
                        proposal_id: reform.clause_id(clause.number),
                        effective,
                    }
                }
                Part::Share => {
                    let shares = reform.shares_of(*source_id);
                    Lifecycle::DividedAmong {
                        unit_ids: shares.iter().map(|share| share.unit_id).collect(),
                        proposal_ids: shares.iter().map(|share| reform.clause_id(share.number)).collect(),
                        effective,
                    }
                }
            };
            ending.push(UnitOperation::SetLifecycle {
                unit_id: *source_id,
                lifecycle,
            });
        }
        if hierarchy.get(clause.unit_id).is_none() {
            forming.push(UnitOperation::Create {
                unit: Unit {
                    id: clause.unit_id,
                    code: Some(clause.code.clone()),
                    name: clause.name.clone(),
                    kind: clause.kind,
                    parent_id: Some(reform.parent_id),
                    lifecycle: Lifecycle::Active { since: Some(effective) },
                    attributes,
                    meta: SyncMeta::created(at, by),
                },
            });
        }
    }
    for dissolved in &reform.dissolved {
        if unit(*dissolved)?.lifecycle.is_active() {
            ending.push(UnitOperation::SetLifecycle {
                unit_id: *dissolved,
                lifecycle: Lifecycle::Dissolved {
                    proposal_id: reform.id(),
                    effective,
                },
            });
        }
    }
    ending.extend(forming);
    ending.extend(moving);
    Ok(ending)
}

fn ends(operation: &UnitOperation, unit: Uuid) -> bool {
    matches!(operation, UnitOperation::SetLifecycle { unit_id, .. } if *unit_id == unit)
}

/// The villages waiting for the province to place them ("Chờ phân về xã
/// mới"): active villages under a commune-level unit divided among others,
/// each with the units it may go to.
pub fn awaiting_assignment<'a>(hierarchy: &Hierarchy<'a>) -> Vec<(&'a Unit, Vec<Uuid>)> {
    let mut waiting: Vec<(&Unit, Vec<Uuid>)> = hierarchy
        .units()
        .filter(|unit| unit.level() == UnitLevel::Village && unit.lifecycle.is_active())
        .filter_map(|village| {
            let parent = hierarchy.get(village.parent_id?)?;
            match &parent.lifecycle {
                Lifecycle::DividedAmong { unit_ids, .. } => Some((village, unit_ids.clone())),
                _ => None,
            }
        })
        .collect();
    waiting.sort_by(|a, b| (a.0.parent_id, a.0.name.as_str()).cmp(&(b.0.parent_id, b.0.name.as_str())));
    waiting
}

/// Why a village cannot be placed where the province asks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    #[error("the unit is not a village waiting to be placed (its commune was not divided)")]
    NotWaiting,
    #[error("the village can go only to a unit that received a part of its former commune")]
    NotAReceiver { receivers: Vec<Uuid> },
}

/// Whether `village` may be placed under `receiver`: it waits (its commune
/// was divided) and `receiver` took a part of that commune.
pub fn check_placement(hierarchy: &Hierarchy<'_>, village: Uuid, receiver: Uuid) -> Result<(), PlacementError> {
    let waiting = awaiting_assignment(hierarchy);
    let (_, receivers) = waiting
        .iter()
        .find(|(unit, _)| unit.id == village)
        .ok_or(PlacementError::NotWaiting)?;
    if receivers.contains(&receiver) {
        Ok(())
    } else {
        Err(PlacementError::NotAReceiver {
            receivers: receivers.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::apply_operations;
    use std::collections::HashMap;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn id(number: u128) -> Uuid {
        Uuid::from_u128(number)
    }

    fn unit(number: u128, kind: UnitKind, parent: Option<u128>, name: &str, code: Option<&str>) -> Unit {
        Unit {
            id: id(number),
            code: code.map(|code| OfficialCode::parse(code).unwrap()),
            name: UnitName::parse(name).unwrap(),
            kind,
            parent_id: parent.map(id),
            lifecycle: Lifecycle::Active { since: None },
            attributes: UnitAttributes::default(),
            meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
        }
    }

    /// A province, one district, three communes (B divided between the two
    /// new ones), a village in A and one in B.
    fn before() -> Vec<Unit> {
        vec![
            unit(1, UnitKind::Province, None, "Tỉnh Lạng Sơn", Some("20")),
            unit(2, UnitKind::District, Some(1), "Huyện Cao Lộc", Some("181")),
            unit(10, UnitKind::Township, Some(2), "Thị trấn Cao Lộc", Some("06187")),
            unit(11, UnitKind::Commune, Some(2), "Xã Bính Xá", Some("06100")),
            unit(12, UnitKind::Commune, Some(2), "Xã Gia Cát", Some("06190")),
            unit(100, UnitKind::Village, Some(10), "Khối 1", None),
            unit(101, UnitKind::Village, Some(11), "Thôn Nà Pàn", None),
        ]
    }

    fn reform() -> Reform {
        let code = |text: &str| OfficialCode::parse(text).unwrap();
        let clause = |number, code_text: &str, name: &str, kind, sources| ReformClause {
            number,
            unit_id: reform_unit_id("test", &code(code_text)),
            code: code(code_text),
            name: UnitName::parse(name).unwrap(),
            kind,
            sources,
        };
        Reform {
            name: "test".to_owned(),
            citation: Bilingual::new("Nghị quyết 1672/NQ-UBTVQH15", "Resolution 1672/NQ-UBTVQH15"),
            effective: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap(),
            parent_id: id(1),
            clauses: vec![
                clause(
                    1,
                    "06187",
                    "Phường Kỳ Lừa",
                    UnitKind::Ward,
                    vec![(id(10), Part::Whole), (id(11), Part::Share)],
                ),
                clause(
                    2,
                    "06190",
                    "Xã Gia Cát",
                    UnitKind::Commune,
                    vec![(id(12), Part::Whole), (id(11), Part::Share)],
                ),
            ],
            dissolved: vec![id(2)],
        }
    }

    #[test]
    fn the_reform_forms_new_units_ends_the_old_and_moves_the_villages_of_a_whole_one() {
        let units = before();
        let reform = reform();
        let operations = plan_reform(
            &reform,
            &Hierarchy::new(&units).unwrap(),
            Timestamp(5),
            OfficerId(Uuid::nil()),
        )
        .unwrap();
        let mut after = units.clone();
        apply_operations(
            &mut after,
            &mut HashMap::new(),
            &operations,
            Timestamp(5),
            OfficerId(Uuid::nil()),
        );
        let hierarchy = Hierarchy::new(&after).unwrap();
        let ky_lua = reform.clauses[0].unit_id;
        assert_ne!(ky_lua, id(10), "the new unit does not take the old unit's id");
        let new = hierarchy.get(ky_lua).unwrap();
        assert_eq!(new.code.as_ref().map(OfficialCode::as_str), Some("06187"));
        assert_eq!(new.parent_id, Some(id(1)), "directly under the province");
        assert!(
            matches!(hierarchy.get(id(10)).unwrap().lifecycle, Lifecycle::MergedInto { unit_id, .. } if unit_id == ky_lua)
        );
        assert!(
            matches!(&hierarchy.get(id(11)).unwrap().lifecycle, Lifecycle::DividedAmong { unit_ids, .. } if unit_ids.len() == 2)
        );
        assert!(matches!(
            hierarchy.get(id(2)).unwrap().lifecycle,
            Lifecycle::Dissolved { .. }
        ));
        assert_eq!(
            hierarchy.get(id(100)).unwrap().parent_id,
            Some(ky_lua),
            "Khối 1 moved with Cao Lộc"
        );
        let waiting = awaiting_assignment(&hierarchy);
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].0.id, id(101), "Nà Pàn waits: Bính Xá was divided");
        assert_eq!(waiting[0].1, vec![ky_lua, reform.clauses[1].unit_id]);
        // The old units end before the new ones are formed: the codes are free.
        let first_create = operations
            .iter()
            .position(|op| matches!(op, UnitOperation::Create { .. }))
            .unwrap();
        assert!(
            operations[..first_create]
                .iter()
                .all(|op| matches!(op, UnitOperation::SetLifecycle { .. }))
        );

        assert_eq!(check_placement(&hierarchy, id(101), ky_lua), Ok(()));
        assert!(matches!(
            check_placement(&hierarchy, id(101), id(12)),
            Err(PlacementError::NotAReceiver { .. })
        ));
        assert_eq!(
            check_placement(&hierarchy, id(100), ky_lua),
            Err(PlacementError::NotWaiting)
        );

        let again = plan_reform(&reform, &hierarchy, Timestamp(6), OfficerId(Uuid::nil())).unwrap();
        assert!(again.is_empty(), "a second run plans nothing: {again:?}");
    }

    #[test]
    fn a_unit_the_reform_names_must_exist() {
        let mut units = before();
        units.retain(|unit| unit.id != id(12));
        let error = plan_reform(
            &reform(),
            &Hierarchy::new(&units).unwrap(),
            Timestamp(5),
            OfficerId(Uuid::nil()),
        );
        assert_eq!(error, Err(ReformError::UnknownUnit(id(12))));
    }
}
