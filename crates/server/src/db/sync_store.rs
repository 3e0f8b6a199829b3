//! What sync needs of the database: the stored rows, and the transaction in
//! which a push is applied (every statement of one push commits together or
//! not at all).

use super::backend::Transaction;
use super::sql::{Connection, Row, sql};
use super::{Database, DbError, Scope, units};
use domain::sync::RecordType;
use uuid::Uuid;

/// A record as the server stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRow {
    pub record_type: RecordType,
    pub id: Uuid,
    pub revision: u64,
    pub change_seq: u64,
    pub scope: Scope,
    /// The record's JSON.
    pub body: String,
    pub deleted: bool,
    pub open_conflicts: u64,
    pub updated_at: i64,
    pub updated_by: String,
}

/// A conflict as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictRow {
    pub id: Uuid,
    pub record_type: RecordType,
    pub record_id: Uuid,
    pub field: String,
    /// Each value as JSON text (`None`: the field was absent).
    pub base: Option<String>,
    pub server: Option<String>,
    pub client: Option<String>,
    pub officer_id: Uuid,
    pub device_id: Uuid,
    pub at: i64,
}

/// A refused mutation, kept with its reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuarantineRow {
    pub mutation_id: Uuid,
    pub device_id: Uuid,
    pub seq: u64,
    pub officer_id: Uuid,
    pub record_type: RecordType,
    pub record_id: Uuid,
    pub code: String,
    pub reason: String,
    /// The mutation as JSON.
    pub mutation: String,
    pub received_at: i64,
}

/// The transaction one push runs in: every statement of the push commits
/// together or not at all.
pub struct SyncTransaction {
    transaction: Transaction,
    /// The last change sequence handed out, and the one stored: the counter
    /// row is locked by the first call and written once, at commit.
    change_seq: Option<(u64, u64)>,
    /// The server's epoch, once read (it does not change within a transaction).
    epoch: Option<Option<String>>,
    /// SQLite's one sync writer, held until the transaction ends (declared
    /// after the transaction: dropped after it).
    _writer: Option<tokio::sync::OwnedMutexGuard<()>>,
}

pub(super) const RECORD_COLUMNS: &str = "record_type, id, revision, change_seq, anchor_unit, scope_commune, scope_district, \
     scope_province, body, deleted, open_conflicts, updated_at, updated_by";

impl Database {
    /// Opens the transaction a push runs in.
    pub async fn begin_sync(&self) -> Result<SyncTransaction, DbError> {
        let writer = match &self.sync_writer {
            Some(writer) => Some(writer.clone().lock_owned().await),
            None => None,
        };
        Ok(SyncTransaction {
            transaction: self.pool.begin().await?,
            change_seq: None,
            epoch: None,
            _writer: writer,
        })
    }
}

impl SyncTransaction {
    /// The server's epoch, read inside the transaction (stamped on every
    /// revision it writes).
    pub async fn epoch(&mut self) -> Result<Option<String>, DbError> {
        if let Some(known) = &self.epoch {
            return Ok(known.clone());
        }
        let read = self
            .connection()
            .fetch_optional(&sql("SELECT epoch FROM server_identity WHERE id = 1"))
            .await?
            .map(|row| row.text("epoch"))
            .transpose()?;
        self.epoch = Some(read.clone());
        Ok(read)
    }

    fn connection(&mut self) -> Connection<'_> {
        self.transaction.connection()
    }

    /// Takes the next change sequence number. The first call also takes the
    /// lock that orders every push: change sequences follow commit order.
    pub async fn next_change_seq(&mut self) -> Result<u64, DbError> {
        let next = match self.change_seq {
            None => take_change_seqs(&mut self.connection(), 1).await?,
            Some((last, _)) => last + 1,
        };
        let stored = self.change_seq.map_or(next, |(_, stored)| stored);
        self.change_seq = Some((next, stored));
        Ok(next)
    }

    /// The last sequence applied from a device, if the server knows it.
    pub async fn device_last_seq(&mut self, device: Uuid) -> Result<Option<u64>, DbError> {
        self.connection()
            .fetch_optional(&sql("SELECT last_seq FROM devices WHERE device_id = $1").bind(device))
            .await?
            .map(|row| row.count("last_seq"))
            .transpose()
    }

    pub async fn set_device(&mut self, device: Uuid, officer: Uuid, last_seq: u64, at: i64) -> Result<(), DbError> {
        self.connection()
            .execute(
                &sql(
                    "INSERT INTO devices (device_id, officer_id, last_seq, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4) \
                     ON CONFLICT (device_id) DO UPDATE SET officer_id = excluded.officer_id, last_seq = excluded.last_seq, \
                     last_seen = excluded.last_seen",
                )
                .bind(device)
                .bind(officer)
                .bind(last_seq)
                .bind(at),
            )
            .await?;
        Ok(())
    }

    /// The stored answer of a mutation already applied (a replay).
    pub async fn stored_result(&mut self, device: Uuid, seq: u64) -> Result<Option<String>, DbError> {
        self.connection()
            .fetch_optional(
                &sql("SELECT result FROM mutation_results WHERE device_id = $1 AND seq = $2")
                    .bind(device)
                    .bind(seq),
            )
            .await?
            .map(|row| row.text("result"))
            .transpose()
    }

    /// The stored answer of a mutation applied before under any device's
    /// sequence (one imported from another device's file, re-issued), by its id.
    pub async fn result_of_mutation(&mut self, mutation: Uuid) -> Result<Option<String>, DbError> {
        self.connection()
            .fetch_optional(&sql("SELECT result FROM mutation_results WHERE mutation_id = $1 LIMIT 1").bind(mutation))
            .await?
            .map(|row| row.text("result"))
            .transpose()
    }

    pub async fn store_result(&mut self, device: Uuid, seq: u64, mutation: Uuid, result: &str) -> Result<(), DbError> {
        self.connection()
            .execute(
                &sql("INSERT INTO mutation_results (device_id, seq, mutation_id, result) VALUES ($1, $2, $3, $4)")
                    .bind(device)
                    .bind(seq)
                    .bind(mutation)
                    .bind(result),
            )
            .await?;
        Ok(())
    }

    pub async fn record(&mut self, record_type: RecordType, id: Uuid) -> Result<Option<RecordRow>, DbError> {
        let statement = sql(format!(
            "SELECT {RECORD_COLUMNS} FROM records WHERE record_type = $1 AND id = $2"
        ))
        .bind(record_type.as_str())
        .bind(id);
        self.connection()
            .fetch_optional(&statement)
            .await?
            .as_ref()
            .map(record_row)
            .transpose()
    }

    /// Inserts or replaces a record.
    pub async fn put_record(&mut self, row: &RecordRow) -> Result<(), DbError> {
        put_record(&mut self.connection(), row).await
    }

    /// Records that a record left the scope `from` at `change_seq` (when it
    /// moved): the old scope's devices are told to drop it.
    pub async fn record_departure(
        &mut self,
        record_type: RecordType,
        id: Uuid,
        from: &Scope,
        change_seq: u64,
    ) -> Result<(), DbError> {
        self.connection()
            .execute(
                &sql(
                    "INSERT INTO record_departures (record_type, id, change_seq, anchor_unit, scope_commune, \
                     scope_district, scope_province) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(record_type.as_str())
                .bind(id)
                .bind(change_seq)
                .bind(from.anchor)
                .bind(from.commune)
                .bind(from.district)
                .bind(from.province),
            )
            .await?;
        Ok(())
    }

    /// Keeps the `units` table (the units API, jurisdictions) in step with a unit record.
    pub async fn put_unit(&mut self, unit: &domain::Unit) -> Result<(), DbError> {
        units::put_unit(&mut self.connection(), unit).await
    }

    pub async fn add_conflict(&mut self, conflict: &ConflictRow) -> Result<(), DbError> {
        self.connection()
            .execute(
                &sql(
                    "INSERT INTO conflicts (id, record_type, record_id, field, base_value, server_value, client_value, \
                     officer_id, device_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(conflict.id)
                .bind(conflict.record_type.as_str())
                .bind(conflict.record_id)
                .bind(&conflict.field)
                .bind(conflict.base.as_deref())
                .bind(conflict.server.as_deref())
                .bind(conflict.client.as_deref())
                .bind(conflict.officer_id)
                .bind(conflict.device_id)
                .bind(conflict.at),
            )
            .await?;
        Ok(())
    }

    /// Marks conflicts of a record resolved; returns how many were open.
    pub async fn resolve_conflicts(
        &mut self,
        record_type: RecordType,
        record_id: Uuid,
        ids: &[Uuid],
        by: Uuid,
        at: i64,
    ) -> Result<u64, DbError> {
        let mut resolved = 0;
        for id in ids {
            resolved += self
                .connection()
                .execute(
                    &sql("UPDATE conflicts SET resolved_at = $1, resolved_by = $2 \
                         WHERE id = $3 AND record_type = $4 AND record_id = $5 AND resolved_at IS NULL")
                    .bind(at)
                    .bind(by)
                    .bind(*id)
                    .bind(record_type.as_str())
                    .bind(record_id),
                )
                .await?;
        }
        Ok(resolved)
    }

    pub async fn open_conflict_count(&mut self, record_type: RecordType, record_id: Uuid) -> Result<u64, DbError> {
        self.connection()
            .fetch_one(
                &sql("SELECT COUNT(*) AS open FROM conflicts \
                     WHERE record_type = $1 AND record_id = $2 AND resolved_at IS NULL")
                .bind(record_type.as_str())
                .bind(record_id),
            )
            .await?
            .count("open")
    }

    pub async fn quarantine(&mut self, row: &QuarantineRow) -> Result<(), DbError> {
        self.connection()
            .execute(
                &sql(
                    "INSERT INTO quarantine (mutation_id, device_id, seq, officer_id, record_type, record_id, code, \
                     reason, mutation, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                     ON CONFLICT (mutation_id) DO NOTHING",
                )
                .bind(row.mutation_id)
                .bind(row.device_id)
                .bind(row.seq)
                .bind(row.officer_id)
                .bind(row.record_type.as_str())
                .bind(row.record_id)
                .bind(&row.code)
                .bind(&row.reason)
                .bind(&row.mutation)
                .bind(row.received_at),
            )
            .await?;
        Ok(())
    }

    /// The version of a piece of reference data done on this database (a
    /// list loaded, a reform carried out), if any.
    pub async fn reference_version(&mut self, name: &str) -> Result<Option<String>, DbError> {
        units::reference_version(&mut self.connection(), name).await
    }

    /// Records that a piece of reference data is done, at `at` (milliseconds).
    pub async fn set_reference_version(&mut self, name: &str, version: &str, at: i64) -> Result<(), DbError> {
        units::set_reference_version(&mut self.connection(), name, version, at).await
    }

    /// The ancestors of a unit, nearest first.
    pub async fn ancestors(&mut self, unit: Uuid) -> Result<Vec<Uuid>, DbError> {
        units::ancestors(&mut self.connection(), unit).await
    }

    /// The kind and parent of a unit, if it exists.
    pub async fn unit_parent(&mut self, unit: Uuid) -> Result<Option<(domain::UnitKind, Option<Uuid>)>, DbError> {
        units::unit_parent(&mut self.connection(), unit).await
    }

    /// The ids of the units directly under a parent, ended ones too.
    pub async fn child_ids(&mut self, parent: Uuid) -> Result<Vec<Uuid>, DbError> {
        units::child_ids(&mut self.connection(), parent).await
    }

    /// The records of one type with these ids.
    pub async fn records_by_id(&mut self, record_type: RecordType, ids: &[Uuid]) -> Result<Vec<RecordRow>, DbError> {
        units::records_by_id(&mut self.connection(), record_type.as_str(), ids).await
    }

    /// The records of these types anchored at these units (not deleted).
    pub async fn anchored_at(
        &mut self,
        record_types: &[RecordType],
        units: &[Uuid],
    ) -> Result<Vec<RecordRow>, DbError> {
        let names: Vec<&str> = record_types.iter().map(|kind| kind.as_str()).collect();
        units::anchored_at(&mut self.connection(), &names, units).await
    }

    /// The unit in force holding `code`, other than `except`: its id and name.
    pub async fn unit_holding_code(&mut self, code: &str, except: Uuid) -> Result<Option<(Uuid, String)>, DbError> {
        units::unit_holding_code(&mut self.connection(), code, except).await
    }

    /// The names in force under `parent` (but `except`), and the parent's name.
    pub async fn names_in_force_under(
        &mut self,
        parent: Uuid,
        except: Uuid,
    ) -> Result<(Vec<String>, Option<String>), DbError> {
        units::names_in_force_under(&mut self.connection(), parent, except).await
    }

    /// Records that a proposal is in effect from `effective_date` (once: a
    /// proposal recorded again keeps its first row).
    pub async fn record_application(&mut self, proposal: Uuid, effective_date: &str, at: i64) -> Result<(), DbError> {
        self.connection()
            .execute(
                &sql(
                    "INSERT INTO proposal_applications (proposal_id, effective_date, recorded_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (proposal_id) DO NOTHING",
                )
                .bind(proposal)
                .bind(effective_date)
                .bind(at),
            )
            .await?;
        Ok(())
    }

    /// The proposals in effect by `today` (YYYY-MM-DD) and not yet carried out.
    pub async fn due_applications(&mut self, today: &str) -> Result<Vec<Uuid>, DbError> {
        due_applications(&mut self.connection(), today).await
    }

    /// Marks a proposal carried out; false when it already was.
    pub async fn mark_carried_out(&mut self, proposal: Uuid, at: i64) -> Result<bool, DbError> {
        let changed = self
            .connection()
            .execute(
                &sql("UPDATE proposal_applications SET carried_out_at = $1 \
                     WHERE proposal_id = $2 AND carried_out_at IS NULL")
                .bind(at)
                .bind(proposal),
            )
            .await?;
        Ok(changed == 1)
    }

    pub async fn commit(mut self) -> Result<(), DbError> {
        if let Some((last, stored)) = self.change_seq
            && last > stored
        {
            take_change_seqs(&mut self.connection(), last - stored).await?;
        }
        self.transaction.commit().await
    }
}

/// The proposals in effect by `today` (YYYY-MM-DD) and not yet carried out,
/// oldest date first.
pub(super) async fn due_applications(connection: &mut Connection<'_>, today: &str) -> Result<Vec<Uuid>, DbError> {
    connection
        .fetch_all(
            &sql(
                "SELECT proposal_id FROM proposal_applications WHERE carried_out_at IS NULL AND effective_date <= $1 \
                 ORDER BY effective_date, recorded_at",
            )
            .bind(today),
        )
        .await?
        .iter()
        .map(|row| row.uuid("proposal_id"))
        .collect()
}

impl Database {
    /// Whether any effective proposal waits to be carried out by `today`
    /// (read without taking the sync lock).
    pub async fn has_due_applications(&self, today: &str) -> Result<bool, DbError> {
        Ok(!due_applications(&mut self.pool.acquire().await?.connection(), today)
            .await?
            .is_empty())
    }
}

/// Inserts or replaces a record (shared by pushes and the reference loader).
pub(super) async fn put_record(connection: &mut Connection<'_>, row: &RecordRow) -> Result<(), DbError> {
    let statement = sql(format!(
        "INSERT INTO records ({RECORD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (record_type, id) DO UPDATE SET revision = excluded.revision, change_seq = excluded.change_seq, \
         anchor_unit = excluded.anchor_unit, scope_commune = excluded.scope_commune, scope_district = excluded.scope_district, \
         scope_province = excluded.scope_province, body = excluded.body, deleted = excluded.deleted, \
         open_conflicts = excluded.open_conflicts, updated_at = excluded.updated_at, updated_by = excluded.updated_by"
    ))
    .bind(row.record_type.as_str())
    .bind(row.id)
    .bind(row.revision)
    .bind(row.change_seq)
    .bind(row.scope.anchor)
    .bind(row.scope.commune)
    .bind(row.scope.district)
    .bind(row.scope.province)
    .bind(&row.body)
    .bind(row.deleted)
    .bind(row.open_conflicts)
    .bind(row.updated_at)
    .bind(&row.updated_by);
    connection.execute(&statement).await?;
    Ok(())
}

/// Takes `count` change sequence numbers; returns the last. On PostgreSQL the
/// row lock it takes is held until the transaction ends: change sequences
/// follow commit order.
pub(super) async fn take_change_seqs(connection: &mut Connection<'_>, count: u64) -> Result<u64, DbError> {
    connection
        .fetch_one(&sql("UPDATE sync_counter SET value = value + $1 WHERE id = 1 RETURNING value").bind(count))
        .await?
        .count("value")
}

/// A stored record read back.
pub(super) fn record_row(row: &Row) -> Result<RecordRow, DbError> {
    Ok(RecordRow {
        record_type: parse_record_type(&row.text("record_type")?)?,
        id: row.uuid("id")?,
        revision: row.count("revision")?,
        change_seq: row.count("change_seq")?,
        scope: Scope {
            anchor: row.optional_uuid("anchor_unit")?,
            commune: row.optional_uuid("scope_commune")?,
            district: row.optional_uuid("scope_district")?,
            province: row.optional_uuid("scope_province")?,
        },
        body: row.text("body")?,
        deleted: row.boolean("deleted")?,
        open_conflicts: row.count("open_conflicts")?,
        updated_at: row.int("updated_at")?,
        updated_by: row.text("updated_by")?,
    })
}

/// Reads a stored record type back.
pub(super) fn parse_record_type(stored: &str) -> Result<RecordType, DbError> {
    RecordType::ALL
        .into_iter()
        .find(|record_type| record_type.as_str() == stored)
        .ok_or_else(|| DbError::Corrupt(format!("unknown record type {stored:?}")))
}
