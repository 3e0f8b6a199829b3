//! Reads the screens need: units of a parent, by standing or state, search by
//! name without diacritics, reviews of a unit, proposals by status.

use super::Store;
use super::error::StoreError;
use super::rows::{Review, Row, RuleSetRow, StoredRow, SyncedRecord, standing_from_key, standing_key};
use super::schema::{PROPOSALS, REVIEWS, RULE_SETS, TARGET_REPORTS, UNITS};
use domain::Unit;
use domain::progress::TargetReport;
use domain::proposal::{Proposal, Status};
use domain::rules::RuleSet;
use domain::rules::classification::Standing;
use domain::search::Query;
use indexed_db_futures::KeyRange;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use serde::Serialize;
use uuid::Uuid;

/// A unit with its standing, as lists show it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitEntry {
    pub unit: Unit,
    pub standing: Option<Standing>,
}

impl From<Row<Unit>> for UnitEntry {
    fn from(row: Row<Unit>) -> Self {
        UnitEntry {
            standing: row.standing.as_deref().and_then(standing_from_key),
            unit: row.record,
        }
    }
}

/// Official order: by code, then by name as read without diacritics (so that
/// "Đồng" sorts with "Dong", not after "Z"), then by the name as written.
fn sorted(entries: Vec<UnitEntry>) -> Vec<UnitEntry> {
    let mut keyed: Vec<(String, UnitEntry)> = entries
        .into_iter()
        .map(|entry| (domain::search::fold(entry.unit.name.as_str()), entry))
        .collect();
    keyed.sort_by(|(a_folded, a), (b_folded, b)| {
        (&a.unit.code, a_folded, a.unit.name.as_str(), a.unit.id).cmp(&(
            &b.unit.code,
            b_folded,
            b.unit.name.as_str(),
            b.unit.id,
        ))
    });
    keyed.into_iter().map(|(_, entry)| entry).collect()
}

impl Store {
    /// One unit with its standing.
    pub async fn unit(&self, id: Uuid) -> Result<Option<UnitEntry>, StoreError> {
        let transaction = self.database.transaction(UNITS).build()?;
        let row: Option<StoredRow> = transaction.object_store(UNITS)?.get(id.to_string()).serde()?.await?;
        Ok(row.map(StoredRow::decode::<Unit>).transpose()?.map(UnitEntry::from))
    }

    /// The units directly under a parent, in official order (code, then name).
    pub async fn units_of_parent(&self, parent: Uuid) -> Result<Vec<UnitEntry>, StoreError> {
        let parent = parent.to_string();
        let (from, to) = (vec![parent.clone(), String::new()], vec![parent, "\u{ffff}".to_owned()]);
        self.units_by_index("by_parent_standing", KeyRange::Bound(from, false, to, false))
            .await
    }

    /// The units under a parent of one standing (e.g. the villages of a commune that must merge).
    pub async fn units_of_parent_by_standing(
        &self,
        parent: Uuid,
        standing: Standing,
    ) -> Result<Vec<UnitEntry>, StoreError> {
        let key = vec![parent.to_string(), standing_key(standing).to_owned()];
        self.units_by_index("by_parent_standing", KeyRange::Only(key)).await
    }

    /// The active units of one standing anywhere on the device (e.g. every
    /// village of the province that must merge): a scan, as a device holds
    /// thousands of units, not millions.
    pub async fn units_by_standing(&self, standing: Standing) -> Result<Vec<UnitEntry>, StoreError> {
        let entries = self.all_rows::<Unit>(UNITS).await?.into_iter().map(UnitEntry::from);
        Ok(sorted(
            entries
                .filter(|entry| entry.unit.is_active() && entry.standing == Some(standing))
                .collect(),
        ))
    }

    /// The names of the units in force directly under `parent`, but `except`:
    /// a new or renamed village may not repeat one.
    pub async fn names_in_force_under(&self, parent: Uuid, except: Option<Uuid>) -> Result<Vec<String>, StoreError> {
        Ok(self
            .units_of_parent(parent)
            .await?
            .into_iter()
            .filter(|entry| Some(entry.unit.id) != except && entry.unit.lifecycle.is_active())
            .map(|entry| entry.unit.name.as_str().to_owned())
            .collect())
    }

    /// Every unit on the device with its standing: a scan.
    pub async fn unit_entries(&self) -> Result<Vec<UnitEntry>, StoreError> {
        let entries = self.all_rows::<Unit>(UNITS).await?.into_iter().map(UnitEntry::from);
        Ok(sorted(entries.collect()))
    }

    /// The units in one lifecycle state ("active", "merged_into", …): a scan.
    pub async fn units_by_state(&self, state: &str) -> Result<Vec<UnitEntry>, StoreError> {
        let entries = self.all_rows::<Unit>(UNITS).await?.into_iter().map(UnitEntry::from);
        Ok(sorted(
            entries
                .filter(|entry| super::rows::lifecycle_key(&entry.unit) == state)
                .collect(),
        ))
    }

    async fn units_by_index<K: Serialize>(&self, index: &str, key: KeyRange<K>) -> Result<Vec<UnitEntry>, StoreError> {
        let transaction = self.database.transaction(UNITS).build()?;
        let rows = transaction
            .object_store(UNITS)?
            .index(index)?
            .get_all::<StoredRow>()
            .with_query::<K, _>(key)
            .serde()?
            .await?;
        let entries: Vec<UnitEntry> = decode_all::<Unit>(rows)?.into_iter().map(UnitEntry::from).collect();
        Ok(sorted(entries))
    }

    /// Units whose name matches `text` without diacritics ("na pan" finds
    /// "Nà Pàn"), in official order, at most `limit`. Looks up the query's
    /// longest word in the search index, then checks the others.
    pub async fn search_units(&self, text: &str, limit: usize) -> Result<Vec<UnitEntry>, StoreError> {
        let query = Query::new(text);
        let Some(word) = query.narrowest_word() else {
            return Ok(Vec::new());
        };
        let transaction = self.database.transaction(UNITS).build()?;
        let range = KeyRange::Bound(word.to_owned(), false, format!("{word}\u{ffff}"), false);
        let rows = transaction
            .object_store(UNITS)?
            .index("by_token")?
            .get_all::<StoredRow>()
            .with_query::<String, _>(range)
            .serde()?
            .await?;
        let mut found = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for row in rows {
            let row = row?;
            // Only the rows whose words match are decoded.
            if query.matches_tokens(&row.tokens) && seen.insert(row.id.clone()) {
                found.push(UnitEntry::from(row.decode::<Unit>()?));
            }
        }
        let mut found = sorted(found);
        found.truncate(limit);
        Ok(found)
    }

    /// Every review of a unit, newest first.
    pub async fn reviews_of_unit(&self, unit: Uuid) -> Result<Vec<Review>, StoreError> {
        let transaction = self.database.transaction(REVIEWS).build()?;
        let rows = transaction
            .object_store(REVIEWS)?
            .index("by_unit")?
            .get_all::<StoredRow>()
            .with_query(unit.to_string())
            .serde()?
            .await?;
        let mut reviews: Vec<Review> = decode_all::<Review>(rows)?.into_iter().map(|row| row.record).collect();
        reviews.sort_by_key(|review| std::cmp::Reverse((review.reviewed_on(), review.meta_updated_at())));
        Ok(reviews)
    }

    /// One review.
    pub async fn review(&self, id: Uuid) -> Result<Option<Review>, StoreError> {
        let transaction = self.database.transaction(REVIEWS).build()?;
        let row: Option<StoredRow> = transaction.object_store(REVIEWS)?.get(id.to_string()).serde()?.await?;
        Ok(row.map(StoredRow::decode::<Review>).transpose()?.map(|row| row.record))
    }

    /// One proposal with its history.
    pub async fn proposal(&self, id: Uuid) -> Result<Option<Proposal>, StoreError> {
        let transaction = self.database.transaction(PROPOSALS).build()?;
        let row: Option<StoredRow> = transaction
            .object_store(PROPOSALS)?
            .get(id.to_string())
            .serde()?
            .await?;
        Ok(row
            .map(StoredRow::decode::<Proposal>)
            .transpose()?
            .map(|row| row.record))
    }

    /// Every unit on the device (a device holds a province at most: thousands).
    pub async fn all_units(&self) -> Result<Vec<Unit>, StoreError> {
        Ok(self
            .all_rows::<Unit>(UNITS)
            .await?
            .into_iter()
            .map(|row| row.record)
            .collect())
    }

    /// Every review on the device.
    pub async fn all_reviews(&self) -> Result<Vec<Review>, StoreError> {
        Ok(self
            .all_rows::<Review>(REVIEWS)
            .await?
            .into_iter()
            .map(|row| row.record)
            .collect())
    }

    /// Every proposal on the device, most recently changed first.
    pub async fn proposals(&self) -> Result<Vec<Proposal>, StoreError> {
        let mut proposals: Vec<Proposal> = self
            .all_rows::<Proposal>(PROPOSALS)
            .await?
            .into_iter()
            .map(|row| row.record)
            .collect();
        proposals.sort_by_key(|proposal| std::cmp::Reverse((proposal.meta.updated_at, proposal.id)));
        Ok(proposals)
    }

    /// The proposals in one status, oldest change first.
    pub async fn proposals_by_status(&self, status: &Status) -> Result<Vec<Proposal>, StoreError> {
        let key = super::rows::status_key(status);
        let transaction = self.database.transaction(PROPOSALS).build()?;
        let rows = transaction
            .object_store(PROPOSALS)?
            .index("by_status")?
            .get_all::<StoredRow>()
            .with_query(key)
            .serde()?
            .await?;
        let mut proposals: Vec<Proposal> = decode_all::<Proposal>(rows)?
            .into_iter()
            .map(|row| row.record)
            .collect();
        proposals.sort_by_key(|proposal| (proposal.meta.updated_at, proposal.id));
        Ok(proposals)
    }

    /// One agency's report on a target of the plan.
    pub async fn target_report(&self, id: Uuid) -> Result<Option<TargetReport>, StoreError> {
        let transaction = self.database.transaction(TARGET_REPORTS).build()?;
        let row: Option<StoredRow> = transaction
            .object_store(TARGET_REPORTS)?
            .get(id.to_string())
            .serde()?
            .await?;
        Ok(row
            .map(StoredRow::decode::<TargetReport>)
            .transpose()?
            .map(|row| row.record))
    }

    /// Every report on the plan's targets held on the device.
    pub async fn target_reports(&self) -> Result<Vec<TargetReport>, StoreError> {
        Ok(self
            .all_rows::<TargetReport>(TARGET_REPORTS)
            .await?
            .into_iter()
            .map(|row| row.record)
            .collect())
    }

    /// Every record of one store (export).
    pub(super) async fn all_rows<R: SyncedRecord>(&self, store: &str) -> Result<Vec<Row<R>>, StoreError> {
        let transaction = self.database.transaction(store).build()?;
        let rows = transaction.object_store(store)?.get_all::<StoredRow>().serde()?.await?;
        decode_all(rows)
    }

    /// Stores rule sets (from the server, or the built-in ones at first start).
    pub async fn put_rule_sets(&self, rule_sets: &[RuleSet]) -> Result<(), StoreError> {
        self.check_open()?;
        let transaction = self
            .database
            .transaction(RULE_SETS)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Relaxed))
            .build()?;
        let store = transaction.object_store(RULE_SETS)?;
        for rule_set in rule_sets {
            store
                .put(&RuleSetRow {
                    id: rule_set.id.to_string(),
                    revision: 0,
                    record: rule_set.clone(),
                })
                .serde()?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// The rules the device measures by: the built-in rule sets and the
    /// province's own, synced from the server.
    pub async fn rule_book(&self) -> Result<domain::rules::RuleBook, StoreError> {
        Ok(domain::rules::RuleBook::with_province_sets(self.rule_sets().await?))
    }

    /// One stored rule set with the server's revision of it.
    pub async fn rule_set_row(&self, id: &str) -> Result<Option<RuleSetRow>, StoreError> {
        let transaction = self.database.transaction(RULE_SETS).build()?;
        Ok(transaction.object_store(RULE_SETS)?.get(id).serde()?.await?)
    }

    /// Every rule set stored on the device.
    pub async fn rule_sets(&self) -> Result<Vec<RuleSet>, StoreError> {
        let transaction = self.database.transaction(RULE_SETS).build()?;
        let rows = transaction
            .object_store(RULE_SETS)?
            .get_all::<RuleSetRow>()
            .serde()?
            .await?;
        rows.map(|row| row.map(|row| row.record).map_err(StoreError::from))
            .collect()
    }
}

/// Decodes stored rows read in one request.
fn decode_all<R: SyncedRecord>(
    rows: impl Iterator<Item = indexed_db_futures::Result<StoredRow>>,
) -> Result<Vec<Row<R>>, StoreError> {
    rows.map(|row| row.map_err(StoreError::from).and_then(StoredRow::decode))
        .collect()
}
