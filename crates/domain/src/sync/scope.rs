//! Where a record lies: the unit it belongs to (its anchor) and that unit's
//! commune, district and province. An officer sees a record when their
//! jurisdiction is one of them; the server stores the scope beside each
//! record so that a pull reads one index.

use crate::unit_kind::{UnitKind, UnitLevel};
use serde_json::Value;
use uuid::Uuid;

/// A record's unit and that unit's commune, district and province (each
/// when the hierarchy has one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub anchor: Option<Uuid>,
    pub commune: Option<Uuid>,
    pub district: Option<Uuid>,
    pub province: Option<Uuid>,
}

impl Scope {
    /// Whether an officer over `jurisdiction` sees what lies here.
    pub fn visible_to(&self, jurisdiction: Uuid) -> bool {
        [self.anchor, self.commune, self.district, self.province].contains(&Some(jurisdiction))
    }

    /// A unit's scope from its parent's (`self`): the unit itself as anchor,
    /// and at its level.
    pub fn with_unit(self, unit: Uuid, level: UnitLevel) -> Scope {
        let mut scope = Scope {
            anchor: Some(unit),
            ..self
        };
        match level {
            UnitLevel::Province => scope.province = Some(unit),
            UnitLevel::District => scope.district = Some(unit),
            UnitLevel::Commune => scope.commune = Some(unit),
            UnitLevel::Village => {}
        }
        scope
    }
}

/// The unit a record belongs to, read from its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// A unit, placed under `parent` at `level`: it belongs to itself.
    UnitUnder { parent: Option<Uuid>, level: UnitLevel },
    /// An existing unit (a review's unit, a proposal's parent or first source).
    Unit(Uuid),
    /// The root of the hierarchy (rule sets belong to the province).
    Root,
}

/// Where a record of this type belongs, read from its JSON: a unit belongs to
/// itself (placed under its parent), a review to the unit reviewed, a
/// proposal to the parent of what it rearranges, a rule set to the province.
/// `None` when the body names no unit.
pub fn anchor_of(record_type: super::RecordType, body: &Value) -> Option<Anchor> {
    use super::RecordType;
    let uuid = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .and_then(|text| Uuid::parse_str(text).ok())
    };
    match record_type {
        RecordType::Unit => {
            let kind: UnitKind = serde_json::from_value(body.get("kind")?.clone()).ok()?;
            Some(Anchor::UnitUnder {
                parent: uuid(body.get("parent_id")),
                level: kind.level(),
            })
        }
        RecordType::VillageReview | RecordType::CommuneReview => uuid(body.get("unit_id")).map(Anchor::Unit),
        RecordType::Proposal => {
            let into_parent = body
                .get("action")
                .and_then(|action| action.get("into"))
                .and_then(|into| into.get("parent_id"));
            let first_source = body
                .get("sources")
                .and_then(|sources| sources.get(0))
                .and_then(|source| source.get("unit_id"));
            match uuid(into_parent) {
                Some(parent) => Some(Anchor::Unit(parent)),
                None => uuid(first_source).map(Anchor::Unit),
            }
        }
        RecordType::RuleSet | RecordType::TargetReport => Some(Anchor::Root),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_village_is_seen_from_itself_its_commune_district_and_province() {
        let (province, district, commune, village) = (
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(3),
            Uuid::from_u128(4),
        );
        let scope = Scope::default()
            .with_unit(province, UnitLevel::Province)
            .with_unit(district, UnitLevel::District)
            .with_unit(commune, UnitLevel::Commune)
            .with_unit(village, UnitLevel::Village);
        for seen_from in [province, district, commune, village] {
            assert!(scope.visible_to(seen_from));
        }
        assert!(!scope.visible_to(Uuid::from_u128(5)));
        assert_eq!(scope.anchor, Some(village));
        assert_eq!(scope.commune, Some(commune));
    }
}
