//! The records with open conflicts, as the server last sent them: what the
//! conflicts page lists for someone to resolve.

use super::Store;
use super::error::StoreError;
use super::rows::StoredRow;
use super::schema::{PROPOSALS, REVIEWS, UNITS};
use domain::sync::protocol::Conflict;
use indexed_db_futures::prelude::*;

impl Store {
    /// Every open conflict on the device's records, oldest change first.
    pub async fn open_conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let transaction = self.database.transaction([UNITS, REVIEWS, PROPOSALS]).build()?;
        let mut conflicts = Vec::new();
        for store in [UNITS, REVIEWS, PROPOSALS] {
            let rows = transaction
                .object_store(store)?
                .index("by_conflict")?
                .get_all::<StoredRow>()
                .serde()?
                .await?;
            for row in rows {
                if let Some(text) = row?.conflicts {
                    let listed: Vec<Conflict> =
                        serde_json::from_str(&text).map_err(|error| StoreError::Data(error.to_string()))?;
                    conflicts.extend(listed);
                }
            }
        }
        conflicts.sort_by_key(|conflict| (conflict.at, conflict.id));
        Ok(conflicts)
    }
}
