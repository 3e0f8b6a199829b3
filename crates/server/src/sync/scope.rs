//! The scopes of the units a push touches (`domain::sync::Scope`), read from
//! the hierarchy in the push's transaction and remembered for the push.

use crate::db::{DbError, Scope, SyncTransaction};
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
    pub async fn of_unit(&mut self, transaction: &mut SyncTransaction, unit: Uuid) -> Result<Option<Scope>, DbError> {
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
                Some(above.with_unit(unit, kind.level()))
            }
        };
        self.units.insert(unit, scope);
        Ok(scope)
    }

    /// The kind of a unit that exists in the hierarchy, or `None`.
    pub async fn kind_of(
        &mut self,
        transaction: &mut SyncTransaction,
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
