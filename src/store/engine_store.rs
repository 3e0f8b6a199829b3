//! The IndexedDB store as the sync engine sees it (`sync_engine::DeviceStore`):
//! each method is the store's own, in one transaction. The same suite runs on
//! it in Chromium (`tests/store_suite.rs`) and on the in-memory twin natively.

use super::error::StoreError;
use super::outbox::OutboxRow;
use super::outbox::QueuedMutation;
use super::{AppliedPage, OutboxEntry, OutboxState, Review, Saved, Store, SyncState};
use domain::proposal::Proposal;
use domain::rules::RuleSet;
use domain::sync::RecordType;
use domain::sync::protocol::PullResponse;
use domain::{OfficerId, Timestamp, Unit};
use serde_json::Value;
use std::collections::HashSet;
use sync_engine::DeviceStore;
use uuid::Uuid;

fn data_error(error: serde_json::Error) -> StoreError {
    StoreError::Data(error.to_string())
}

impl DeviceStore for Store {
    type Error = StoreError;

    fn device_id(&self) -> Uuid {
        Store::device_id(self)
    }

    fn now(&self) -> Timestamp {
        crate::clock::now()
    }

    async fn save_body(
        &self,
        record_type: RecordType,
        body: &Value,
        by: OfficerId,
        at: Timestamp,
    ) -> Result<Saved, StoreError> {
        let body = body.clone();
        match record_type {
            RecordType::Unit => {
                let unit: Unit = serde_json::from_value(body).map_err(data_error)?;
                self.save(&unit, by, at, None).await
            }
            RecordType::VillageReview | RecordType::CommuneReview => {
                let review: Review = serde_json::from_value(body).map_err(data_error)?;
                self.save(&review, by, at, None).await
            }
            RecordType::Proposal => {
                let proposal: Proposal = serde_json::from_value(body).map_err(data_error)?;
                self.save(&proposal, by, at, None).await
            }
            RecordType::RuleSet => {
                let rule_set: RuleSet = serde_json::from_value(body).map_err(data_error)?;
                self.save_rule_set(&rule_set, by, at).await
            }
            RecordType::TargetReport => {
                let report: domain::progress::TargetReport = serde_json::from_value(body).map_err(data_error)?;
                self.save(&report, by, at, None).await
            }
        }
    }

    async fn record_body(&self, record_type: RecordType, id: Uuid) -> Result<Option<Value>, StoreError> {
        let body = match record_type {
            RecordType::Unit => self.unit(id).await?.map(|entry| serde_json::to_value(entry.unit)),
            RecordType::VillageReview | RecordType::CommuneReview => self.review(id).await?.map(serde_json::to_value),
            RecordType::Proposal => self.proposal(id).await?.map(serde_json::to_value),
            RecordType::RuleSet => self
                .rule_set_row(&id.to_string())
                .await?
                .map(|row| serde_json::to_value(row.record)),
            RecordType::TargetReport => self.target_report(id).await?.map(serde_json::to_value),
        };
        body.transpose().map_err(data_error)
    }

    async fn outbox_entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let mut entries = self
            .outbox_rows()
            .await?
            .into_iter()
            .map(OutboxRow::into_entry)
            .collect::<Result<Vec<_>, _>>()?;
        entries.sort_by_key(|entry| (entry.mutation.device_id, entry.mutation.seq));
        Ok(entries)
    }

    async fn sync_state(&self) -> Result<SyncState, StoreError> {
        Store::sync_state(self).await
    }

    async fn update_sync_state(&self, change: impl FnOnce(&mut SyncState)) -> Result<SyncState, StoreError> {
        Store::update_sync_state(self, change).await
    }

    async fn outbox_batch(&self, from: u64, limit: u32) -> Result<Vec<QueuedMutation>, StoreError> {
        Store::outbox_batch(self, from, limit).await
    }

    async fn settle_sequence(&self, settled: &[(u64, Uuid, OutboxState)]) -> Result<(), StoreError> {
        Store::settle_sequence(self, settled).await
    }

    async fn pending_count(&self) -> Result<u32, StoreError> {
        Store::pending_count(self).await
    }

    async fn holds_no_units(&self) -> Result<bool, StoreError> {
        Store::holds_no_units(self).await
    }

    async fn apply_pulled_page(
        &self,
        since: u64,
        page: &PullResponse,
        filling: bool,
    ) -> Result<AppliedPage, StoreError> {
        Store::apply_pulled_page(self, since, page, filling).await
    }

    async fn drop_records_not_in(&self, seen: &HashSet<String>) -> Result<usize, StoreError> {
        Store::drop_records_not_in(self, seen).await
    }

    async fn clear_pulled_records(&self) -> Result<(), StoreError> {
        Store::clear_pulled_records(self).await
    }
}
