//! The hierarchy of units as a lookup: parents, ancestors, jurisdiction.

use crate::unit::Unit;
use crate::unit_kind::UnitLevel;
use crate::validation::{Field, Problem, ValidationError};
use rustc_hash::FxHashMap;
use uuid::Uuid;

/// Units by id, with their place in the tree checked: every parent exists,
/// lies at a higher level, and no unit lies under itself.
#[derive(Clone, Debug)]
pub struct Hierarchy<'a> {
    // FxHash: ids are random UUIDs, and lookups are the hot path of reports.
    units: FxHashMap<Uuid, &'a Unit>,
}

impl<'a> Hierarchy<'a> {
    /// The tree of whatever part of the units is at hand (a device's, a
    /// report's): a unit whose parent is not among them is left out, with
    /// everything under it, so that the tree is whole.
    pub fn of_rooted(units: &'a [Unit]) -> Result<Self, ValidationError> {
        let mut kept: Vec<&Unit> = units.iter().collect();
        loop {
            let ids: std::collections::HashSet<Uuid> = kept.iter().map(|unit| unit.id).collect();
            let before = kept.len();
            kept.retain(|unit| unit.parent_id.is_none_or(|parent| ids.contains(&parent)));
            if kept.len() == before {
                break;
            }
        }
        Self::new(kept)
    }

    /// Builds the lookup, refusing a cycle, a missing parent, or a parent that
    /// is not of a higher level.
    pub fn new(units: impl IntoIterator<Item = &'a Unit>) -> Result<Self, ValidationError> {
        let units: FxHashMap<Uuid, &Unit> = units.into_iter().map(|unit| (unit.id, unit)).collect();
        let hierarchy = Self { units };
        for unit in hierarchy.units.values() {
            let Some(parent_id) = unit.parent_id else { continue };
            let Some(parent) = hierarchy.units.get(&parent_id) else {
                return Err(ValidationError::new(
                    Field::Parent,
                    Problem::UnknownUnit {
                        unit: parent_id.to_string(),
                    },
                ));
            };
            if parent.level() >= unit.level() {
                return Err(ValidationError::new(
                    Field::Parent,
                    Problem::WrongLevel {
                        unit: parent.name.to_string(),
                    },
                ));
            }
        }
        // Every parent lies at a strictly higher level, so no unit can lie
        // under itself: the level check above rules out every cycle.
        Ok(hierarchy)
    }

    pub fn get(&self, id: Uuid) -> Option<&'a Unit> {
        self.units.get(&id).copied()
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// All units, in no particular order.
    pub fn units(&self) -> impl Iterator<Item = &'a Unit> + '_ {
        self.units.values().copied()
    }

    /// The parent, grandparent… of a unit, nearest first. Stops after as many
    /// steps as there are units, so a corrupt tree cannot loop forever.
    pub fn ancestors(&self, id: Uuid) -> impl Iterator<Item = &'a Unit> + '_ {
        let mut next = self.get(id).and_then(|unit| unit.parent_id);
        let mut steps = 0;
        std::iter::from_fn(move || {
            steps += 1;
            if steps > self.units.len() {
                return None;
            }
            let unit = self.get(next?)?;
            next = unit.parent_id;
            Some(unit)
        })
    }

    /// Whether `unit` is `ancestor` or lies under it.
    pub fn contains(&self, ancestor: Uuid, unit: Uuid) -> bool {
        unit == ancestor || self.ancestors(unit).any(|found| found.id == ancestor)
    }

    /// The nearest ancestor of a unit at `level`, if the hierarchy has one.
    pub fn ancestor_at(&self, id: Uuid, level: UnitLevel) -> Option<&'a Unit> {
        self.ancestors(id).find(|unit| unit.level() == level)
    }

    /// Every unit directly under a parent, active or ended, in a stable order.
    pub fn children(&self, parent: Uuid) -> Vec<&'a Unit> {
        let mut children: Vec<&Unit> = self
            .units
            .values()
            .copied()
            .filter(|unit| unit.parent_id == Some(parent))
            .collect();
        children.sort_by_key(|unit| unit.id);
        children
    }

    /// The active units directly under a parent.
    pub fn active_children(&self, parent: Uuid) -> Vec<&'a Unit> {
        let mut children: Vec<&Unit> = self
            .units
            .values()
            .copied()
            .filter(|unit| unit.parent_id == Some(parent) && unit.is_active())
            .collect();
        children.sort_by(|a, b| {
            a.code
                .cmp(&b.code)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        children
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
    use crate::unit::{Lifecycle, UnitAttributes};
    use crate::unit_kind::UnitKind;
    use crate::unit_name::UnitName;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    pub(crate) fn unit(id: u128, kind: UnitKind, parent: Option<u128>, name: &str) -> Unit {
        Unit {
            id: Uuid::from_u128(id),
            code: None,
            name: UnitName::parse(name).unwrap(),
            kind,
            parent_id: parent.map(Uuid::from_u128),
            lifecycle: Lifecycle::Active { since: None },
            attributes: UnitAttributes::default(),
            meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
        }
    }

    #[test]
    fn jurisdiction_contains_what_lies_under_it() {
        let units = [
            unit(1, UnitKind::Province, None, "Tỉnh Lạng Sơn"),
            unit(2, UnitKind::District, Some(1), "Huyện Chi Lăng"),
            unit(3, UnitKind::Commune, Some(2), "Xã Quang Lang"),
            unit(4, UnitKind::Village, Some(3), "Thôn Nà Pàn"),
            unit(5, UnitKind::Commune, Some(1), "Xã Không Huyện"),
        ];
        let tree = Hierarchy::new(&units).unwrap();
        let id = Uuid::from_u128;
        assert!(tree.contains(id(1), id(4)));
        assert!(tree.contains(id(2), id(4)));
        assert!(tree.contains(id(3), id(3)));
        assert!(!tree.contains(id(3), id(2)));
        assert!(
            !tree.contains(id(2), id(5)),
            "a commune straight under the province lies in no district"
        );
        assert_eq!(
            tree.ancestor_at(id(4), UnitLevel::District).map(|unit| unit.id),
            Some(id(2))
        );
        assert_eq!(tree.ancestor_at(id(5), UnitLevel::District), None);
    }

    #[test]
    fn refuses_a_missing_parent_and_a_parent_of_a_lower_level() {
        let orphan = [unit(4, UnitKind::Village, Some(3), "Thôn Nà Pàn")];
        assert!(matches!(
            Hierarchy::new(&orphan).unwrap_err().problem,
            Problem::UnknownUnit { .. }
        ));
        let upside_down = [
            unit(3, UnitKind::Commune, Some(4), "Xã A"),
            unit(4, UnitKind::Village, Some(3), "Thôn B"),
        ];
        assert!(
            Hierarchy::new(&upside_down).is_err(),
            "a cycle through levels is refused"
        );
        let same_level = [
            unit(3, UnitKind::Commune, None, "Xã A"),
            unit(6, UnitKind::Ward, Some(3), "Phường B"),
        ];
        assert!(matches!(
            Hierarchy::new(&same_level).unwrap_err().problem,
            Problem::WrongLevel { .. }
        ));
    }
}
