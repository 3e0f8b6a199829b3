//! Where a record belongs: its anchor unit and that unit's commune, district
//! and province, computed from the hierarchy and remembered for a push.

use crate::db::{DbError, Scope, SyncTransaction};
use domain::UnitLevel;
use domain::sync::RecordType;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

/// The scopes already computed during one push.
#[derive(Default)]
pub struct ScopeCache {
    units: HashMap<Uuid, Option<Scope>>,
    kinds: HashMap<Uuid, Option<domain::UnitKind>>,
}

impl ScopeCache {
    /// The scope of a unit that exists in the hierarchy, or `None`.
    pub async fn of_unit(
        &mut self,
        transaction: &mut dyn SyncTransaction,
        unit: Uuid,
    ) -> Result<Option<Scope>, DbError> {
        if let Some(known) = self.units.get(&unit) {
            return Ok(*known);
        }
        let found = transaction.unit_parent(unit).await?;
        self.kinds.insert(unit, found.map(|(kind, _)| kind));
        let scope = match found {
            None => None,
            Some((kind, parent)) => {
                let above = match parent {
                    Some(parent) => Box::pin(self.of_unit(transaction, parent)).await?.unwrap_or_default(),
                    None => Scope::default(),
                };
                Some(with_unit(above, unit, kind.level()))
            }
        };
        self.units.insert(unit, scope);
        Ok(scope)
    }

    /// The kind of a unit that exists in the hierarchy, or `None`.
    pub async fn kind_of(
        &mut self,
        transaction: &mut dyn SyncTransaction,
        unit: Uuid,
    ) -> Result<Option<domain::UnitKind>, DbError> {
        if !self.kinds.contains_key(&unit) {
            self.of_unit(transaction, unit).await?;
        }
        Ok(self.kinds.get(&unit).copied().flatten())
    }

    /// Forgets a unit whose place in the tree changed.
    pub fn forget(&mut self, unit: Uuid) {
        self.units.remove(&unit);
        self.kinds.remove(&unit);
    }
}

/// A unit's scope from its parent's: the unit itself as anchor, and at its level.
pub fn with_unit(above: Scope, unit: Uuid, level: UnitLevel) -> Scope {
    let mut scope = Scope {
        anchor: Some(unit),
        ..above
    };
    match level {
        UnitLevel::Province => scope.province = Some(unit),
        UnitLevel::District => scope.district = Some(unit),
        UnitLevel::Commune => scope.commune = Some(unit),
        UnitLevel::Village => {}
    }
    scope
}

/// The unit a record belongs to, read from its body: a unit belongs to
/// itself (placed under its parent), a review to the unit reviewed, a
/// proposal to the parent of what it rearranges, a rule set to the province.
pub enum Anchor {
    /// A unit placed under `parent` at `level`.
    UnitUnder { parent: Option<Uuid>, level: UnitLevel },
    /// An existing unit.
    Unit(Uuid),
    /// The root of the hierarchy (rule sets).
    Root,
}

pub fn anchor_of(record_type: RecordType, body: &Value) -> Option<Anchor> {
    let uuid = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .and_then(|text| Uuid::parse_str(text).ok())
    };
    match record_type {
        RecordType::Unit => {
            let kind: domain::UnitKind = serde_json::from_value(body.get("kind")?.clone()).ok()?;
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
        RecordType::RuleSet => Some(Anchor::Root),
    }
}
