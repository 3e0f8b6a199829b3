//! Officers' accounts, their sessions, and the failed sign-ins that limit
//! guessing.

use super::sql::{Row, sql};
use super::{Database, DbError, NewOfficer, OfficerRecord, Role, SessionRecord, now_millis};
use uuid::Uuid;

const OFFICER_COLUMNS: &str = "id, username, display_name, role, jurisdiction_unit_id, password_hash, created_at, \
     disabled_at, reassignment_reason";

impl Database {
    /// Whether any active administrator account exists.
    pub async fn administrator_exists(&self) -> Result<bool, DbError> {
        let found = self
            .fetch_optional(&sql(
                "SELECT id FROM officers WHERE role = 'administrator' AND disabled_at IS NULL LIMIT 1",
            ))
            .await?;
        Ok(found.is_some())
    }

    /// Creates an account; a taken username is `AlreadyExists`.
    pub async fn create_officer(&self, officer: &NewOfficer) -> Result<(), DbError> {
        let result = self
            .execute(
                &sql(
                    "INSERT INTO officers (id, username, display_name, role, jurisdiction_unit_id, password_hash, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(officer.id)
                .bind(&officer.username)
                .bind(&officer.display_name)
                .bind(officer.role.as_str())
                .bind(officer.jurisdiction_unit_id)
                .bind(&officer.password_hash)
                .bind(now_millis()),
            )
            .await;
        match result {
            Err(DbError::Sqlx(sqlx::Error::Database(error))) if error.is_unique_violation() => {
                Err(DbError::AlreadyExists(format!("the username {:?}", officer.username)))
            }
            other => other.map(|_| ()),
        }
    }

    /// The stored password hash of an account, if the account exists.
    pub async fn password_hash(&self, username: &str) -> Result<Option<String>, DbError> {
        self.fetch_optional(&sql("SELECT password_hash FROM officers WHERE username = $1").bind(username))
            .await?
            .map(|row| row.text("password_hash"))
            .transpose()
    }

    pub async fn officer_by_username(&self, username: &str) -> Result<Option<OfficerRecord>, DbError> {
        let statement = sql(format!("SELECT {OFFICER_COLUMNS} FROM officers WHERE username = $1")).bind(username);
        self.fetch_optional(&statement)
            .await?
            .as_ref()
            .map(officer_record)
            .transpose()
    }

    pub async fn officer_by_id(&self, id: Uuid) -> Result<Option<OfficerRecord>, DbError> {
        let statement = sql(format!("SELECT {OFFICER_COLUMNS} FROM officers WHERE id = $1")).bind(id);
        self.fetch_optional(&statement)
            .await?
            .as_ref()
            .map(officer_record)
            .transpose()
    }

    /// Every account, by username.
    pub async fn officers(&self) -> Result<Vec<OfficerRecord>, DbError> {
        let statement = sql(format!("SELECT {OFFICER_COLUMNS} FROM officers ORDER BY username"));
        self.fetch_all(&statement).await?.iter().map(officer_record).collect()
    }

    /// Sets a new password hash; false when no such account.
    pub async fn set_password_hash(&self, id: Uuid, password_hash: &str) -> Result<bool, DbError> {
        let changed = self
            .execute(
                &sql("UPDATE officers SET password_hash = $1 WHERE id = $2")
                    .bind(password_hash)
                    .bind(id),
            )
            .await?;
        Ok(changed == 1)
    }

    /// Gives an account a new role and jurisdiction (it no longer waits to
    /// be reassigned); false when no such account.
    pub async fn assign_officer(&self, id: Uuid, role: Role, jurisdiction_unit_id: Uuid) -> Result<bool, DbError> {
        let changed = self
            .execute(
                &sql(
                    "UPDATE officers SET role = $1, jurisdiction_unit_id = $2, reassignment_reason = NULL \
                     WHERE id = $3",
                )
                .bind(role.as_str())
                .bind(jurisdiction_unit_id)
                .bind(id),
            )
            .await?;
        Ok(changed == 1)
    }

    /// Disables an account (`Some(when)`) or enables it again (`None`), with
    /// the line for its history; false when there is no such account.
    pub async fn set_officer_disabled(&self, id: Uuid, at: Option<i64>, summary: &str) -> Result<bool, DbError> {
        let changed = self
            .execute(
                &sql("UPDATE officers SET disabled_at = $1 WHERE id = $2")
                    .bind(at)
                    .bind(id),
            )
            .await?;
        if changed == 1 {
            self.append_officer_history(id, summary).await?;
        }
        Ok(changed == 1)
    }

    /// Moves an account to the unit that took its own in, with the line for its history.
    pub async fn move_officer(&self, id: Uuid, jurisdiction_unit_id: Uuid, summary: &str) -> Result<(), DbError> {
        self.execute(
            &sql("UPDATE officers SET jurisdiction_unit_id = $1 WHERE id = $2")
                .bind(jurisdiction_unit_id)
                .bind(id),
        )
        .await?;
        self.append_officer_history(id, summary).await
    }

    /// Sets an account aside until an administrator reassigns it, saying why.
    pub async fn set_reassignment_reason(&self, id: Uuid, reason: &str) -> Result<(), DbError> {
        self.execute(
            &sql("UPDATE officers SET reassignment_reason = $1 WHERE id = $2")
                .bind(reason)
                .bind(id),
        )
        .await?;
        self.append_officer_history(id, reason).await
    }

    /// Appends a line to an account's history.
    pub async fn append_officer_history(&self, id: Uuid, summary: &str) -> Result<(), DbError> {
        self.execute(
            &sql("INSERT INTO officer_history (officer_id, at, summary) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(now_millis())
                .bind(summary),
        )
        .await
        .map(|_| ())
    }

    /// An account's history, oldest first: (when, what).
    pub async fn officer_history(&self, id: Uuid) -> Result<Vec<(i64, String)>, DbError> {
        self.fetch_all(&sql("SELECT at, summary FROM officer_history WHERE officer_id = $1 ORDER BY at").bind(id))
            .await?
            .iter()
            .map(|row| Ok((row.int("at")?, row.text("summary")?)))
            .collect()
    }

    pub async fn create_session(&self, session: &SessionRecord) -> Result<(), DbError> {
        self.execute(
            &sql(
                "INSERT INTO sessions (token_hash, officer_id, created_at, expires_at, revoked_at, device_id) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&session.token_hash)
            .bind(session.officer_id)
            .bind(session.created_at)
            .bind(session.expires_at)
            .bind(session.revoked_at)
            .bind(session.device_id),
        )
        .await?;
        Ok(())
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, DbError> {
        let statement = sql(
            "SELECT token_hash, officer_id, created_at, expires_at, revoked_at, device_id FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash);
        self.fetch_optional(&statement)
            .await?
            .map(|row| {
                Ok(SessionRecord {
                    token_hash: row.text("token_hash")?,
                    officer_id: row.uuid("officer_id")?,
                    created_at: row.int("created_at")?,
                    expires_at: row.int("expires_at")?,
                    revoked_at: row.optional_int("revoked_at")?,
                    device_id: row.optional_uuid("device_id")?,
                })
            })
            .transpose()
    }

    /// Ties a session that has no device yet to `device`, and answers the
    /// session's device after it (the one given, or the one it already had).
    pub async fn bind_session_device(&self, token_hash: &str, device: Uuid) -> Result<Option<Uuid>, DbError> {
        self.execute(
            &sql("UPDATE sessions SET device_id = $1 WHERE token_hash = $2 AND device_id IS NULL")
                .bind(device)
                .bind(token_hash),
        )
        .await?;
        Ok(self.session(token_hash).await?.and_then(|session| session.device_id))
    }

    /// Revokes one session; false when it was unknown or already revoked.
    pub async fn revoke_session(&self, token_hash: &str, at: i64) -> Result<bool, DbError> {
        let changed = self
            .execute(
                &sql("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
                    .bind(at)
                    .bind(token_hash),
            )
            .await?;
        Ok(changed == 1)
    }

    /// Revokes every live session of an account; returns how many.
    pub async fn revoke_sessions_of(&self, officer_id: Uuid, at: i64) -> Result<u64, DbError> {
        self.execute(
            &sql("UPDATE sessions SET revoked_at = $1 WHERE officer_id = $2 AND revoked_at IS NULL")
                .bind(at)
                .bind(officer_id),
        )
        .await
    }

    /// Records a failed sign-in under each key (account, address), and
    /// forgets failures older than `forget_before`.
    pub async fn record_sign_in_failure(&self, keys: &[String], at: i64, forget_before: i64) -> Result<(), DbError> {
        let mut transaction = self.pool.begin().await?;
        let mut connection = transaction.connection();
        connection
            .execute(&sql("DELETE FROM sign_in_failures WHERE at < $1").bind(forget_before))
            .await?;
        for key in keys {
            connection
                .execute(
                    &sql("INSERT INTO sign_in_failures (limit_key, at) VALUES ($1, $2)")
                        .bind(key)
                        .bind(at),
                )
                .await?;
        }
        transaction.commit().await
    }

    /// How many failures a key has had since `since`.
    pub async fn sign_in_failures_since(&self, key: &str, since: i64) -> Result<u64, DbError> {
        self.fetch_one(
            &sql("SELECT COUNT(*) AS failures FROM sign_in_failures WHERE limit_key = $1 AND at >= $2")
                .bind(key)
                .bind(since),
        )
        .await?
        .count("failures")
    }

    pub async fn clear_sign_in_failures(&self, key: &str) -> Result<(), DbError> {
        self.execute(&sql("DELETE FROM sign_in_failures WHERE limit_key = $1").bind(key))
            .await?;
        Ok(())
    }
}

fn officer_record(row: &Row) -> Result<OfficerRecord, DbError> {
    let role = row.text("role")?;
    Ok(OfficerRecord {
        id: row.uuid("id")?,
        username: row.text("username")?,
        display_name: row.text("display_name")?,
        role: Role::parse(&role).ok_or_else(|| DbError::Corrupt(format!("unknown role {role:?}")))?,
        jurisdiction_unit_id: row.uuid("jurisdiction_unit_id")?,
        password_hash: row.text("password_hash")?,
        created_at: row.int("created_at")?,
        disabled_at: row.optional_int("disabled_at")?,
        reassignment_reason: row.optional_text("reassignment_reason")?,
    })
}
