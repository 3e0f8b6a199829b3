//! Sync on PostgreSQL: a push's transaction, the pull query, conflicts,
//! quarantine, the epoch.

use super::postgres::PostgresDatabase;
use super::sync_store::{ConflictRow, QuarantineRow, RecordRow, Scope, SyncTransaction, parse_record_type};
use super::{ANCESTORS_SQL, DbError, parse_kind};
use async_trait::async_trait;
use domain::sync::RecordType;
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Row, Transaction};
use uuid::Uuid;

pub(super) struct PostgresSync {
    transaction: Transaction<'static, Postgres>,
    /// The last change sequence handed out, and the one stored: the counter
    /// row is locked by the first call and written once, at commit.
    change_seq: Option<(u64, u64)>,
}

const RECORD_COLUMNS: &str = "record_type, id, revision, change_seq, anchor_unit, scope_commune, scope_district, \
     scope_province, body, deleted, open_conflicts, updated_at, updated_by";

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

pub(super) fn record_row(row: &PgRow) -> Result<RecordRow, DbError> {
    let record_type: String = row.try_get("record_type")?;
    Ok(RecordRow {
        record_type: parse_record_type(&record_type)?,
        id: row.try_get("id")?,
        revision: count(row.try_get("revision")?),
        change_seq: count(row.try_get("change_seq")?),
        scope: Scope {
            anchor: row.try_get("anchor_unit")?,
            commune: row.try_get("scope_commune")?,
            district: row.try_get("scope_district")?,
            province: row.try_get("scope_province")?,
        },
        body: row.try_get("body")?,
        deleted: row.try_get("deleted")?,
        open_conflicts: count(row.try_get("open_conflicts")?),
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

fn conflict_row(row: &PgRow) -> Result<ConflictRow, DbError> {
    let record_type: String = row.try_get("record_type")?;
    Ok(ConflictRow {
        id: row.try_get("id")?,
        record_type: parse_record_type(&record_type)?,
        record_id: row.try_get("record_id")?,
        field: row.try_get("field")?,
        base: row.try_get("base_value")?,
        server: row.try_get("server_value")?,
        client: row.try_get("client_value")?,
        officer_id: row.try_get("officer_id")?,
        device_id: row.try_get("device_id")?,
        at: row.try_get("at")?,
    })
}

/// Inserts or replaces a record (shared by pushes and the reference loader).
pub(super) async fn put_record(executor: &mut sqlx::PgConnection, row: &RecordRow) -> Result<(), DbError> {
    let sql = format!(
        "INSERT INTO records ({RECORD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (record_type, id) DO UPDATE SET revision = excluded.revision, change_seq = excluded.change_seq, \
         anchor_unit = excluded.anchor_unit, scope_commune = excluded.scope_commune, scope_district = excluded.scope_district, \
         scope_province = excluded.scope_province, body = excluded.body, deleted = excluded.deleted, \
         open_conflicts = excluded.open_conflicts, updated_at = excluded.updated_at, updated_by = excluded.updated_by"
    );
    sqlx::query(&sql)
        .bind(row.record_type.as_str())
        .bind(row.id)
        .bind(signed(row.revision))
        .bind(signed(row.change_seq))
        .bind(row.scope.anchor)
        .bind(row.scope.commune)
        .bind(row.scope.district)
        .bind(row.scope.province)
        .bind(&row.body)
        .bind(row.deleted)
        .bind(signed(row.open_conflicts))
        .bind(row.updated_at)
        .bind(&row.updated_by)
        .execute(executor)
        .await?;
    Ok(())
}

/// Takes `count` change sequence numbers; returns the last. The row lock it
/// takes is held until the transaction ends: change sequences follow commit order.
pub(super) async fn take_change_seqs(executor: &mut sqlx::PgConnection, count: u64) -> Result<u64, DbError> {
    let value: i64 = sqlx::query_scalar("UPDATE sync_counter SET value = value + $1 WHERE id = 1 RETURNING value")
        .bind(signed(count))
        .fetch_one(executor)
        .await?;
    Ok(u64::try_from(value).unwrap_or(0))
}

#[async_trait]
impl SyncTransaction for PostgresSync {
    async fn next_change_seq(&mut self) -> Result<u64, DbError> {
        let next = match self.change_seq {
            None => take_change_seqs(&mut self.transaction, 1).await?,
            Some((last, _)) => last + 1,
        };
        let stored = self.change_seq.map_or(next, |(_, stored)| stored);
        self.change_seq = Some((next, stored));
        Ok(next)
    }

    async fn device_last_seq(&mut self, device: Uuid) -> Result<Option<u64>, DbError> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT last_seq FROM devices WHERE device_id = $1")
            .bind(device)
            .fetch_optional(&mut *self.transaction)
            .await?;
        Ok(seq.map(count))
    }

    async fn set_device(&mut self, device: Uuid, officer: Uuid, last_seq: u64, at: i64) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO devices (device_id, officer_id, last_seq, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (device_id) DO UPDATE SET officer_id = excluded.officer_id, last_seq = excluded.last_seq, last_seen = excluded.last_seen",
        )
        .bind(device)
        .bind(officer)
        .bind(signed(last_seq))
        .bind(at)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn stored_result(&mut self, device: Uuid, seq: u64) -> Result<Option<String>, DbError> {
        Ok(
            sqlx::query_scalar("SELECT result FROM mutation_results WHERE device_id = $1 AND seq = $2")
                .bind(device)
                .bind(signed(seq))
                .fetch_optional(&mut *self.transaction)
                .await?,
        )
    }

    async fn store_result(&mut self, device: Uuid, seq: u64, mutation: Uuid, result: &str) -> Result<(), DbError> {
        sqlx::query("INSERT INTO mutation_results (device_id, seq, mutation_id, result) VALUES ($1, $2, $3, $4)")
            .bind(device)
            .bind(signed(seq))
            .bind(mutation)
            .bind(result)
            .execute(&mut *self.transaction)
            .await?;
        Ok(())
    }

    async fn record(&mut self, record_type: RecordType, id: Uuid) -> Result<Option<RecordRow>, DbError> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM records WHERE record_type = $1 AND id = $2");
        let row = sqlx::query(&sql)
            .bind(record_type.as_str())
            .bind(id)
            .fetch_optional(&mut *self.transaction)
            .await?;
        row.as_ref().map(record_row).transpose()
    }

    async fn put_record(&mut self, row: &RecordRow) -> Result<(), DbError> {
        put_record(&mut self.transaction, row).await
    }

    async fn put_unit(&mut self, unit: &domain::Unit) -> Result<(), DbError> {
        super::postgres::put_unit(&mut self.transaction, unit).await
    }

    async fn add_conflict(&mut self, conflict: &ConflictRow) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO conflicts (id, record_type, record_id, field, base_value, server_value, client_value, officer_id, device_id, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(conflict.id)
        .bind(conflict.record_type.as_str())
        .bind(conflict.record_id)
        .bind(&conflict.field)
        .bind(&conflict.base)
        .bind(&conflict.server)
        .bind(&conflict.client)
        .bind(conflict.officer_id)
        .bind(conflict.device_id)
        .bind(conflict.at)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn resolve_conflicts(
        &mut self,
        record_type: RecordType,
        record_id: Uuid,
        ids: &[Uuid],
        by: Uuid,
        at: i64,
    ) -> Result<u64, DbError> {
        let mut resolved = 0;
        for id in ids {
            resolved += sqlx::query(
                "UPDATE conflicts SET resolved_at = $1, resolved_by = $2 \
                 WHERE id = $3 AND record_type = $4 AND record_id = $5 AND resolved_at IS NULL",
            )
            .bind(at)
            .bind(by)
            .bind(*id)
            .bind(record_type.as_str())
            .bind(record_id)
            .execute(&mut *self.transaction)
            .await?
            .rows_affected();
        }
        Ok(resolved)
    }

    async fn open_conflict_count(&mut self, record_type: RecordType, record_id: Uuid) -> Result<u64, DbError> {
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conflicts WHERE record_type = $1 AND record_id = $2 AND resolved_at IS NULL",
        )
        .bind(record_type.as_str())
        .bind(record_id)
        .fetch_one(&mut *self.transaction)
        .await?;
        Ok(count(open))
    }

    async fn quarantine(&mut self, row: &QuarantineRow) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO quarantine (mutation_id, device_id, seq, officer_id, record_type, record_id, code, reason, mutation, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (mutation_id) DO NOTHING",
        )
        .bind(row.mutation_id)
        .bind(row.device_id)
        .bind(signed(row.seq))
        .bind(row.officer_id)
        .bind(row.record_type.as_str())
        .bind(row.record_id)
        .bind(&row.code)
        .bind(&row.reason)
        .bind(&row.mutation)
        .bind(row.received_at)
        .execute(&mut *self.transaction)
        .await?;
        Ok(())
    }

    async fn ancestors(&mut self, unit: Uuid) -> Result<Vec<Uuid>, DbError> {
        Ok(sqlx::query_scalar(ANCESTORS_SQL)
            .bind(unit)
            .fetch_all(&mut *self.transaction)
            .await?)
    }

    async fn unit_parent(&mut self, unit: Uuid) -> Result<Option<(domain::UnitKind, Option<Uuid>)>, DbError> {
        let row: Option<(String, Option<Uuid>)> = sqlx::query_as("SELECT kind, parent_id FROM units WHERE id = $1")
            .bind(unit)
            .fetch_optional(&mut *self.transaction)
            .await?;
        row.map(|(kind, parent)| Ok((parse_kind(&kind)?, parent))).transpose()
    }

    async fn commit(mut self: Box<Self>) -> Result<(), DbError> {
        if let Some((last, stored)) = self.change_seq
            && last > stored
        {
            take_change_seqs(&mut self.transaction, last - stored).await?;
        }
        self.transaction.commit().await?;
        Ok(())
    }
}

impl PostgresDatabase {
    pub(super) async fn begin_sync_transaction(&self) -> Result<Box<dyn SyncTransaction>, DbError> {
        Ok(Box::new(PostgresSync {
            change_seq: None,
            transaction: self.pool().begin().await?,
        }))
    }

    pub(super) async fn pull_records(
        &self,
        jurisdiction: Uuid,
        above: &[Uuid],
        since: u64,
        limit: u32,
    ) -> Result<Vec<RecordRow>, DbError> {
        // One ordered, limited range per scope column (each on its index),
        // merged: a page costs its own size, not the table's.
        let branch = |condition: &str| {
            format!(
                "(SELECT change_seq FROM records WHERE {condition} AND change_seq > $1 ORDER BY change_seq LIMIT $3)"
            )
        };
        let branches = [
            branch("anchor_unit = $2"),
            branch("scope_commune = $2"),
            branch("scope_district = $2"),
            branch("scope_province = $2"),
            branch("record_type = 'unit' AND id = ANY($4)"),
        ]
        .join(" UNION ALL ");
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM records WHERE change_seq IN ({branches}) ORDER BY change_seq LIMIT $3"
        );
        let rows = sqlx::query(&sql)
            .bind(signed(since))
            .bind(jurisdiction)
            .bind(i64::from(limit))
            .bind(above.to_vec())
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(record_row).collect()
    }

    pub(super) async fn conflicts_of(&self, records: &[(RecordType, Uuid)]) -> Result<Vec<ConflictRow>, DbError> {
        let mut found = Vec::new();
        for (record_type, id) in records {
            let rows = sqlx::query(
                "SELECT id, record_type, record_id, field, base_value, server_value, client_value, officer_id, device_id, at \
                 FROM conflicts WHERE record_type = $1 AND record_id = $2 AND resolved_at IS NULL ORDER BY at",
            )
            .bind(record_type.as_str())
            .bind(*id)
            .fetch_all(self.pool())
            .await?;
            for row in &rows {
                found.push(conflict_row(row)?);
            }
        }
        Ok(found)
    }

    pub(super) async fn quarantine_rows(&self, limit: u32) -> Result<Vec<QuarantineRow>, DbError> {
        let rows = sqlx::query(
            "SELECT mutation_id, device_id, seq, officer_id, record_type, record_id, code, reason, mutation, received_at \
             FROM quarantine ORDER BY received_at DESC LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let record_type: String = row.try_get("record_type")?;
                Ok(QuarantineRow {
                    mutation_id: row.try_get("mutation_id")?,
                    device_id: row.try_get("device_id")?,
                    seq: count(row.try_get("seq")?),
                    officer_id: row.try_get("officer_id")?,
                    record_type: parse_record_type(&record_type)?,
                    record_id: row.try_get("record_id")?,
                    code: row.try_get("code")?,
                    reason: row.try_get("reason")?,
                    mutation: row.try_get("mutation")?,
                    received_at: row.try_get("received_at")?,
                })
            })
            .collect()
    }

    pub(super) async fn read_epoch(&self) -> Result<String, DbError> {
        sqlx::query("INSERT INTO server_identity (id, epoch) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
            .bind(Uuid::new_v4().to_string())
            .execute(self.pool())
            .await?;
        Ok(sqlx::query_scalar("SELECT epoch FROM server_identity WHERE id = 1")
            .fetch_one(self.pool())
            .await?)
    }

    pub(super) async fn write_epoch(&self, epoch: &str) -> Result<(), DbError> {
        sqlx::query("INSERT INTO server_identity (id, epoch) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch")
            .bind(epoch)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
