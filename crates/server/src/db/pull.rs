//! What devices and the province read of sync: the pull query (one
//! statement, so one consistent snapshot), open conflicts, the quarantine,
//! and the server's epoch.

use super::sql::{Row, sql};
use super::sync_store::{ConflictRow, QuarantineRow, RecordRow, parse_record_type, record_row};
use super::{Database, DbError};
use domain::sync::RecordType;
use uuid::Uuid;

impl Database {
    /// The records changed after `since` that an officer over `jurisdiction`
    /// (whose ancestors are `above`) may see, in change order, at most `limit`;
    /// read in one statement, so in one consistent snapshot.
    pub async fn pull(
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
                "SELECT change_seq FROM (SELECT change_seq FROM records WHERE {condition} AND change_seq > $1 \
                 ORDER BY change_seq LIMIT $3) AS branch"
            )
        };
        let mut branches = vec![
            branch("anchor_unit = $2"),
            branch("scope_commune = $2"),
            branch("scope_district = $2"),
            branch("scope_province = $2"),
            // The province's rule sets measure every unit: every officer pulls them.
            branch("record_type = 'rule_set'"),
            // So do the agencies' reports on the plan's targets.
            branch("record_type = 'target_report'"),
        ];
        // The jurisdiction's own ancestors are visible as units (the path to it).
        if !above.is_empty() {
            let placeholders: Vec<String> = (0..above.len()).map(|index| format!("${}", index + 4)).collect();
            branches.push(branch(&format!(
                "record_type = 'unit' AND id IN ({})",
                placeholders.join(", ")
            )));
        }
        let statement = above.iter().fold(
            sql(format!(
                "SELECT {columns} FROM records WHERE change_seq IN ({branches}) ORDER BY change_seq LIMIT $3",
                columns = super::sync_store::RECORD_COLUMNS,
                branches = branches.join(" UNION ALL ")
            ))
            .bind(since)
            .bind(jurisdiction)
            .bind(limit),
            |statement, id| statement.bind(*id),
        );
        self.fetch_all(&statement).await?.iter().map(record_row).collect()
    }

    /// The records that left `jurisdiction`'s scope after `since` (up to
    /// `upto` when given) and that it does not see where they went: (type,
    /// id, change sequence of the move), in change order.
    pub async fn departures(
        &self,
        jurisdiction: Uuid,
        since: u64,
        upto: Option<u64>,
    ) -> Result<Vec<(RecordType, Uuid, u64)>, DbError> {
        let statement = sql("SELECT d.record_type, d.id, d.change_seq FROM record_departures d \
             JOIN records r ON r.record_type = d.record_type AND r.id = d.id \
             WHERE d.change_seq > $1 AND d.change_seq <= $3 \
             AND (d.anchor_unit = $2 OR d.scope_commune = $2 OR d.scope_district = $2 OR d.scope_province = $2) \
             AND NOT (COALESCE(r.anchor_unit = $2, FALSE) OR COALESCE(r.scope_commune = $2, FALSE) \
             OR COALESCE(r.scope_district = $2, FALSE) OR COALESCE(r.scope_province = $2, FALSE)) \
             ORDER BY d.change_seq")
        .bind(since)
        .bind(jurisdiction)
        .bind(upto.unwrap_or(i64::MAX as u64));
        self.fetch_all(&statement)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    super::sync_store::parse_record_type(&row.text("record_type")?)?,
                    row.uuid("id")?,
                    row.count("change_seq")?,
                ))
            })
            .collect()
    }

    /// The open conflicts of records.
    pub async fn open_conflicts(&self, records: &[(RecordType, Uuid)]) -> Result<Vec<ConflictRow>, DbError> {
        let mut connection = self.pool.acquire().await?;
        let mut found = Vec::new();
        for (record_type, id) in records {
            let statement = sql(
                "SELECT id, record_type, record_id, field, base_value, server_value, client_value, officer_id, device_id, at \
                 FROM conflicts WHERE record_type = $1 AND record_id = $2 AND resolved_at IS NULL ORDER BY at",
            )
            .bind(record_type.as_str())
            .bind(*id);
            for row in connection.connection().fetch_all(&statement).await? {
                found.push(conflict_row(&row)?);
            }
        }
        Ok(found)
    }

    /// The quarantined mutations, newest first.
    pub async fn quarantined(&self, limit: u32) -> Result<Vec<QuarantineRow>, DbError> {
        let statement = sql(
            "SELECT mutation_id, device_id, seq, officer_id, record_type, record_id, code, reason, mutation, received_at \
             FROM quarantine ORDER BY received_at DESC LIMIT $1",
        )
        .bind(limit);
        self.fetch_all(&statement).await?.iter().map(quarantine_row).collect()
    }

    /// The database's epoch, made at its creation and changed after a restore.
    pub async fn epoch(&self) -> Result<String, DbError> {
        self.execute(
            &sql("INSERT INTO server_identity (id, epoch) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
                .bind(Uuid::new_v4().to_string()),
        )
        .await?;
        self.fetch_one(&sql("SELECT epoch FROM server_identity WHERE id = 1"))
            .await?
            .text("epoch")
    }

    pub async fn set_epoch(&self, epoch: &str) -> Result<(), DbError> {
        self.execute(
            &sql("INSERT INTO server_identity (id, epoch) VALUES (1, $1) \
                 ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch")
            .bind(epoch),
        )
        .await?;
        Ok(())
    }
}

fn conflict_row(row: &Row) -> Result<ConflictRow, DbError> {
    Ok(ConflictRow {
        id: row.uuid("id")?,
        record_type: parse_record_type(&row.text("record_type")?)?,
        record_id: row.uuid("record_id")?,
        field: row.text("field")?,
        base: row.optional_text("base_value")?,
        server: row.optional_text("server_value")?,
        client: row.optional_text("client_value")?,
        officer_id: row.uuid("officer_id")?,
        device_id: row.uuid("device_id")?,
        at: row.int("at")?,
    })
}

fn quarantine_row(row: &Row) -> Result<QuarantineRow, DbError> {
    Ok(QuarantineRow {
        mutation_id: row.uuid("mutation_id")?,
        device_id: row.uuid("device_id")?,
        seq: row.count("seq")?,
        officer_id: row.uuid("officer_id")?,
        record_type: parse_record_type(&row.text("record_type")?)?,
        record_id: row.uuid("record_id")?,
        code: row.text("code")?,
        reason: row.text("reason")?,
        mutation: row.text("mutation")?,
        received_at: row.int("received_at")?,
    })
}
