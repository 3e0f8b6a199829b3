//! How many units lie directly under each of some units: counted in the
//! parent index, one request each in one transaction, nothing decoded.

use super::Store;
use super::error::StoreError;
use super::schema::UNITS;
use indexed_db_futures::KeyRange;
use indexed_db_futures::prelude::*;
use uuid::Uuid;

impl Store {
    /// The number of children of each parent, in the order given.
    pub async fn child_counts(&self, parents: &[Uuid]) -> Result<Vec<u32>, StoreError> {
        let transaction = self.database.transaction(UNITS).build()?;
        let units = transaction.object_store(UNITS)?;
        let index = units.index("by_parent_standing")?;
        let mut requests = Vec::with_capacity(parents.len());
        for parent in parents {
            let parent = parent.to_string();
            let range = KeyRange::Bound(
                vec![parent.clone(), String::new()],
                false,
                vec![parent, "\u{ffff}".to_owned()],
                false,
            );
            requests.push(index.count().with_query::<Vec<String>, _>(range));
        }
        let mut counts = Vec::with_capacity(parents.len());
        for request in requests {
            counts.push(request.await?);
        }
        Ok(counts)
    }
}
