//! Export to a file the officer can save, and import of such a file, with
//! validation and no duplicates: the last resort when a device cannot sync.

use super::Store;
use super::device::{DEVICE_KEY, DeviceRow};
use super::error::StoreError;
use super::outbox::OutboxRow;
use super::rows::{Review, Row, StoredRow, SyncedRecord};
use super::schema::{OUTBOX, PROPOSALS, REVIEWS, SYNC_STATE, UNITS};
use domain::export::{ExportError, ExportFile, FORMAT, VERSION};
use domain::proposal::Proposal;
use domain::{OfficerId, Timestamp, Unit};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use std::collections::HashSet;
use uuid::Uuid;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub records_added: usize,
    pub records_updated: usize,
    /// Records already on the device with the same or newer content, or with
    /// changes of their own waiting to sync (never overwritten).
    pub records_kept: usize,
    pub mutations_added: usize,
    /// Mutations already on the device (the same mutation id): not doubled.
    pub mutations_already_present: usize,
}

/// Why an import failed; nothing was written then.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] ExportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    pub fn vietnamese(&self) -> String {
        self.message(domain::Language::Vi)
    }

    /// What the officer reads, in `language`.
    pub fn message(&self, language: domain::Language) -> String {
        match self {
            ImportError::File(error) => error.message(language),
            ImportError::Store(error) => error.message(language),
        }
    }
}

impl Store {
    /// Everything not yet synced (records with pending changes and those
    /// changes), or everything on the device, as an export file.
    pub async fn export(
        &self,
        only_unsynced: bool,
        officer: Option<OfficerId>,
        at: Timestamp,
    ) -> Result<ExportFile, StoreError> {
        let outbox = self.outbox_rows().await?;
        let unsynced: HashSet<String> = outbox
            .iter()
            .filter(|row| row.is_pending())
            .map(|row| row.record_id().to_owned())
            .collect();
        let wanted = |id: Uuid| !only_unsynced || unsynced.contains(&id.to_string());
        let units: Vec<Unit> = self
            .all_rows::<Unit>(UNITS)
            .await?
            .into_iter()
            .map(|row| row.record)
            .filter(|unit| wanted(unit.id))
            .collect();
        let reviews: Vec<Review> = self
            .all_rows::<Review>(REVIEWS)
            .await?
            .into_iter()
            .map(|row| row.record)
            .filter(|review| wanted(review.id()))
            .collect();
        let proposals: Vec<Proposal> = self
            .all_rows::<Proposal>(PROPOSALS)
            .await?
            .into_iter()
            .map(|row| row.record)
            .filter(|proposal| wanted(proposal.id))
            .collect();
        let (mut village_reviews, mut commune_reviews) = (Vec::new(), Vec::new());
        for review in reviews {
            match review {
                Review::Village(review) => village_reviews.push(review),
                Review::Commune(review) => commune_reviews.push(review),
            }
        }
        let mutations = outbox
            .iter()
            .filter(|row| !only_unsynced || row.is_pending())
            .map(OutboxRow::mutation)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ExportFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            exported_at: at,
            device_id: self.device_id,
            officer_id: officer,
            only_unsynced,
            units,
            village_reviews,
            commune_reviews,
            proposals,
            rule_sets: if only_unsynced {
                Vec::new()
            } else {
                self.rule_sets().await?
            },
            mutations,
        })
    }

    /// Reads an export file and stores what the device does not have, in one
    /// transaction: new records are added; a stored record is replaced only by
    /// a newer one and never while it has changes waiting to sync; a mutation
    /// already present (same id) is not added twice.
    pub async fn import(&self, text: &str, today: domain::NaiveDate) -> Result<ImportReport, ImportError> {
        let file = domain::export::parse(text, today)?;
        self.check_open()?;
        let pending: HashSet<Uuid> = self
            .outbox_rows()
            .await?
            .iter()
            .filter(|row| row.is_pending())
            .filter_map(|row| row.record_id().parse().ok())
            .collect();
        let transaction = self
            .database
            .transaction([UNITS, REVIEWS, PROPOSALS, OUTBOX, SYNC_STATE])
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(TransactionDurability::Strict))
            .build()
            .map_err(StoreError::from)?;
        let mut report = ImportReport::default();
        let reviews = file
            .village_reviews
            .into_iter()
            .map(Review::Village)
            .chain(file.commune_reviews.into_iter().map(Review::Commune));
        import_records(&transaction, file.units, &pending, &mut report).await?;
        import_records(&transaction, reviews.collect(), &pending, &mut report).await?;
        import_records(&transaction, file.proposals, &pending, &mut report).await?;
        let outbox = transaction.object_store(OUTBOX).map_err(StoreError::from)?;
        let by_mutation = outbox.index("by_mutation").map_err(StoreError::from)?;
        let state = transaction.object_store(SYNC_STATE).map_err(StoreError::from)?;
        let device: Option<DeviceRow> = state
            .get(DEVICE_KEY)
            .serde()
            .map_err(StoreError::from)?
            .await
            .map_err(StoreError::from)?;
        let mut device = device.ok_or_else(|| StoreError::Data("no device row".to_owned()))?;
        let mut reissued = false;
        for mut mutation in file.mutations {
            let present = by_mutation
                .count()
                .with_query(mutation.mutation_id.to_string())
                .await
                .map_err(StoreError::from)?;
            if present > 0 {
                report.mutations_already_present += 1;
            } else {
                if mutation.device_id != device.device_id {
                    // Another device's change goes out under this device's id
                    // and sequence (the server takes a push only from the
                    // session's own device), its id kept: the server answers
                    // it as before if that device sent it already, and that
                    // device's copy as this one if it sends it later.
                    mutation.device_id = device.device_id;
                    mutation.seq = device.next_seq;
                    device.next_seq += 1;
                    reissued = true;
                }
                outbox
                    .add(&OutboxRow::pending(&mutation)?)
                    .serde()
                    .map_err(StoreError::from)?;
                report.mutations_added += 1;
            }
        }
        if reissued {
            state.put(&device).serde().map_err(StoreError::from)?;
        }
        transaction.commit().await.map_err(StoreError::from)?;
        if !file.rule_sets.is_empty() {
            self.put_rule_sets(&file.rule_sets).await?;
        }
        Ok(report)
    }
}

async fn import_records<R: SyncedRecord>(
    transaction: &indexed_db_futures::transaction::Transaction<'_>,
    records: Vec<R>,
    pending: &HashSet<Uuid>,
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    let store = transaction.object_store(R::STORE)?;
    for record in records {
        let stored: Option<StoredRow> = store.get(record.id().to_string()).serde()?.await?;
        let stored: Option<Row<R>> = stored.map(StoredRow::decode).transpose()?;
        match stored {
            None => {
                store.put(&record.into_row(None).stored()?).serde()?;
                report.records_added += 1;
            }
            Some(row) => {
                let (mine, theirs) = (row.record.meta(), record.meta());
                let newer = (theirs.revision, theirs.updated_at) > (mine.revision, mine.updated_at);
                if newer && !pending.contains(&record.id()) {
                    let standing = row.standing.as_deref().and_then(super::rows::standing_from_key);
                    store.put(&record.into_row(standing).stored()?).serde()?;
                    report.records_updated += 1;
                } else {
                    report.records_kept += 1;
                }
            }
        }
    }
    Ok(())
}
