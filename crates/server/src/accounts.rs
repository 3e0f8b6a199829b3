//! Officers' accounts and sessions: signing in (rate-limited), opaque tokens
//! stored only as their hash, and what administrators do to accounts. Used
//! by the HTTP API and by the server binary's CLI alike; knows no HTTP.

use crate::db::{Database, DbError, NewOfficer, OfficerRecord, SessionRecord};
use crate::password::{hash_password, verify_password};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use domain::wire::{OfficerProfile, UnitSummary};
use domain::{Role, Timestamp, UnitRef};
use sha2::{Digest, Sha256};
use std::time::Duration;
use uuid::Uuid;

/// How long a session lasts: days of offline work in the villages.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// The window over which failed sign-ins are counted.
pub const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failed sign-ins allowed per account, and per address, within the window.
pub const FAILURES_PER_ACCOUNT: u64 = 5;
pub const FAILURES_PER_ADDRESS: u64 = 20;

/// The officer a request acts for, derived from its token only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub officer_id: Uuid,
    /// The account's name, as the history of a proposal writes it.
    pub display_name: String,
    pub role: Role,
    pub jurisdiction: Uuid,
    pub token_hash: String,
    /// The device the session belongs to, once known.
    pub device_id: Option<Uuid>,
}

/// Why an account operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("too many failed sign-ins; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("the session token is not valid")]
    TokenInvalid,
    #[error("the session has expired; sign in again")]
    TokenExpired,
    #[error("the session was revoked; sign in again")]
    TokenRevoked,
    #[error("the account is disabled")]
    Disabled,
    /// Its unit ended in a reform; the reason is the Vietnamese sentence.
    #[error("{0}")]
    AwaitingReassignment(String),
    #[error("the username {0:?} is taken")]
    UsernameTaken(String),
    #[error("no account {0}")]
    NoSuchOfficer(String),
    #[error("no unit {0}")]
    NoSuchUnit(String),
    /// A field refused by the domain's rule, named by its label.
    #[error("{0}")]
    Invalid(#[from] domain::ValidationError),
    /// An administrator may not disable their own account.
    #[error("an administrator cannot disable their own account")]
    DisableSelf,
    #[error(transparent)]
    Database(#[from] DbError),
}

/// A fresh opaque token: 32 random bytes, in hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What the database keeps of a token: its SHA-256, in hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// A hash that never matches, verified against when the username is unknown,
/// so that a wrong username costs the same time as a wrong password.
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FwLXhlcC1kZWNveQ$0C2Xk5pRtsOn1eW7J0G0p7Y3mW0sTu0t7Zc5mX2g6vQ";

/// Signs an officer in: checks the rate limits, then the password; opens a
/// session and returns its token (shown once, stored only as a hash).
pub async fn sign_in(
    database: &Database,
    username: &str,
    password: &str,
    address: &str,
    device: Option<Uuid>,
    now: Timestamp,
    lifetime: Duration,
) -> Result<(String, SessionRecord, OfficerRecord), AccountError> {
    let account_key = format!("account:{}", username.trim().to_lowercase());
    let address_key = format!("address:{address}");
    let since = now.0 - FAILURE_WINDOW_MS;
    let account_failures = database.sign_in_failures_since(&account_key, since).await?;
    let address_failures = database.sign_in_failures_since(&address_key, since).await?;
    if account_failures >= FAILURES_PER_ACCOUNT || address_failures >= FAILURES_PER_ADDRESS {
        return Err(AccountError::RateLimited {
            retry_after_secs: (FAILURE_WINDOW_MS / 1000) as u64,
        });
    }
    let officer = database.officer_by_username(username.trim()).await?;
    let verified = match &officer {
        Some(officer) => verify_password(password, &officer.password_hash),
        None => {
            verify_password(password, DECOY_HASH);
            false
        }
    };
    let Some(officer) = officer.filter(|_| verified) else {
        database
            .record_sign_in_failure(&[account_key, address_key], now.0, since)
            .await?;
        return Err(AccountError::InvalidCredentials);
    };
    if officer.disabled_at.is_some() {
        return Err(AccountError::Disabled);
    }
    if let Some(reason) = &officer.reassignment_reason {
        return Err(AccountError::AwaitingReassignment(reason.clone()));
    }
    database.clear_sign_in_failures(&account_key).await?;
    let token = new_token();
    let session = SessionRecord {
        token_hash: token_hash(&token),
        officer_id: officer.id,
        created_at: now.0,
        expires_at: now.0.saturating_add(millis(lifetime)),
        revoked_at: None,
        device_id: device,
    };
    database.create_session(&session).await?;
    Ok((token, session, officer))
}

/// The officer a token stands for, if the session is live and the account active.
pub async fn authenticate(database: &Database, token: &str, now: Timestamp) -> Result<Caller, AccountError> {
    let hash = token_hash(token);
    let session = database.session(&hash).await?.ok_or(AccountError::TokenInvalid)?;
    if session.revoked_at.is_some() {
        return Err(AccountError::TokenRevoked);
    }
    if session.expires_at <= now.0 {
        return Err(AccountError::TokenExpired);
    }
    let officer = database
        .officer_by_id(session.officer_id)
        .await?
        .ok_or(AccountError::TokenInvalid)?;
    if officer.disabled_at.is_some() {
        return Err(AccountError::Disabled);
    }
    if let Some(reason) = &officer.reassignment_reason {
        return Err(AccountError::AwaitingReassignment(reason.clone()));
    }
    Ok(Caller {
        officer_id: officer.id,
        display_name: officer.display_name.clone(),
        role: officer.role,
        jurisdiction: officer.jurisdiction_unit_id,
        token_hash: hash,
        device_id: session.device_id,
    })
}

/// Finds the unit a jurisdiction names and checks it suits the role.
pub async fn resolve_jurisdiction(database: &Database, role: Role, text: &str) -> Result<UnitSummary, AccountError> {
    let reference = UnitRef::parse(text).map_err(|error| {
        domain::ValidationError::new(
            domain::Field::Jurisdiction,
            domain::Problem::Invalid {
                reason: error.to_string(),
            },
        )
    })?;
    let unit = database
        .unit(&reference, None)
        .await?
        .ok_or_else(|| AccountError::NoSuchUnit(reference.to_string()))?;
    domain::account::check_jurisdiction(role, unit.kind.level())?;
    Ok(unit)
}

/// Creates an account.
pub async fn create_officer(
    database: &Database,
    username: &str,
    display_name: &str,
    role: Role,
    jurisdiction: &str,
    password: &str,
) -> Result<OfficerRecord, AccountError> {
    let username = domain::account::read_username(username)?;
    let display_name = domain::account::read_display_name(display_name)?;
    domain::account::check_password(password)?;
    let unit = resolve_jurisdiction(database, role, jurisdiction).await?;
    let password_hash =
        hash_password(password).map_err(|error| AccountError::Database(DbError::Corrupt(error.to_string())))?;
    let id = Uuid::now_v7();
    match database
        .create_officer(&NewOfficer {
            id,
            username: username.clone(),
            display_name,
            role,
            jurisdiction_unit_id: unit.id,
            password_hash,
        })
        .await
    {
        Err(DbError::AlreadyExists(_)) => return Err(AccountError::UsernameTaken(username)),
        other => other?,
    }
    database
        .officer_by_id(id)
        .await?
        .ok_or(AccountError::NoSuchOfficer(username))
}

/// Sets a new password and ends every session of the account.
pub async fn reset_password(database: &Database, id: Uuid, password: &str, now: Timestamp) -> Result<(), AccountError> {
    domain::account::check_password(password)?;
    let password_hash =
        hash_password(password).map_err(|error| AccountError::Database(DbError::Corrupt(error.to_string())))?;
    if !database.set_password_hash(id, &password_hash).await? {
        return Err(AccountError::NoSuchOfficer(id.to_string()));
    }
    database.revoke_sessions_of(id, now.0).await?;
    Ok(())
}

/// Ends every live session of an account; returns how many.
pub async fn revoke(database: &Database, id: Uuid, now: Timestamp) -> Result<u64, AccountError> {
    database
        .officer_by_id(id)
        .await?
        .ok_or_else(|| AccountError::NoSuchOfficer(id.to_string()))?;
    Ok(database.revoke_sessions_of(id, now.0).await?)
}

/// Disables an account and ends its sessions (a departure, a lost tablet
/// whose officer should not sign in elsewhere), or enables it again. An
/// administrator cannot disable their own account.
pub async fn set_disabled(
    database: &Database,
    by: Uuid,
    id: Uuid,
    disabled: bool,
    now: Timestamp,
) -> Result<OfficerRecord, AccountError> {
    if disabled && by == id {
        return Err(AccountError::DisableSelf);
    }
    let (at, summary) = if disabled {
        (Some(now.0), "Tài khoản bị khoá")
    } else {
        (None, "Tài khoản được mở lại")
    };
    if !database.set_officer_disabled(id, at, summary).await? {
        return Err(AccountError::NoSuchOfficer(id.to_string()));
    }
    if disabled {
        database.revoke_sessions_of(id, now.0).await?;
    }
    database
        .officer_by_id(id)
        .await?
        .ok_or_else(|| AccountError::NoSuchOfficer(id.to_string()))
}

/// Gives an account a new role and jurisdiction.
pub async fn assign(
    database: &Database,
    id: Uuid,
    role: Role,
    jurisdiction: &str,
) -> Result<OfficerRecord, AccountError> {
    let unit = resolve_jurisdiction(database, role, jurisdiction).await?;
    if !database.assign_officer(id, role, unit.id).await? {
        return Err(AccountError::NoSuchOfficer(id.to_string()));
    }
    database
        .officer_by_id(id)
        .await?
        .ok_or_else(|| AccountError::NoSuchOfficer(id.to_string()))
}

/// An account as the API shows it (never its password hash).
pub async fn profile(database: &Database, officer: &OfficerRecord) -> Result<OfficerProfile, AccountError> {
    let jurisdiction = database
        .unit(&UnitRef::Id(officer.jurisdiction_unit_id), None)
        .await?
        .ok_or_else(|| AccountError::NoSuchUnit(officer.jurisdiction_unit_id.to_string()))?;
    Ok(OfficerProfile {
        id: officer.id,
        username: officer.username.clone(),
        display_name: officer.display_name.clone(),
        role: officer.role,
        jurisdiction,
        disabled_at: officer.disabled_at.map(Timestamp),
        reassignment_reason: officer.reassignment_reason.clone(),
    })
}

/// The stored units of `ids`, by id.
async fn unit_bodies(
    database: &Database,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, domain::Unit>, DbError> {
    Ok(database
        .unit_records(ids)
        .await?
        .iter()
        .filter_map(|row| serde_json::from_str::<domain::Unit>(&row.body).ok())
        .map(|unit| (unit.id, unit))
        .collect())
}

/// What the accounts did after a reform: moved with their commune, or set aside.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccountsAfterReform {
    pub moved: usize,
    pub waiting: usize,
}

/// Brings every account over a unit that has ended to where the domain says
/// (`domain::reform::accounts::account_after`): a commune officer follows a
/// commune merged whole, the others wait for an administrator, their sessions
/// ended. Safe to run at every start: an account is changed once.
pub async fn follow_ended_units(database: &Database, now: Timestamp) -> Result<AccountsAfterReform, AccountError> {
    use domain::reform::accounts::{AccountAfter, account_after};
    let mut done = AccountsAfterReform::default();
    let officers: Vec<OfficerRecord> = database
        .officers()
        .await?
        .into_iter()
        .filter(|officer| officer.reassignment_reason.is_none() && officer.disabled_at.is_none())
        .collect();
    let ids: Vec<Uuid> = officers.iter().map(|officer| officer.jurisdiction_unit_id).collect();
    let units = unit_bodies(database, &ids).await?;
    let successors: Vec<Uuid> = units
        .values()
        .flat_map(|unit| match &unit.lifecycle {
            domain::Lifecycle::MergedInto { unit_id, .. } => vec![*unit_id],
            domain::Lifecycle::DividedAmong { unit_ids, .. } => unit_ids.clone(),
            _ => Vec::new(),
        })
        .collect();
    let successors = unit_bodies(database, &successors).await?;
    let name_of = |id: Uuid| {
        successors
            .get(&id)
            .map_or_else(|| id.to_string(), |unit| unit.name.to_string())
    };
    for officer in officers {
        let Some(unit) = units.get(&officer.jurisdiction_unit_id) else {
            continue;
        };
        match account_after(officer.role, unit.name.as_str(), &unit.lifecycle, name_of) {
            AccountAfter::Keep => {}
            AccountAfter::Follow { unit_id, summary } => {
                database.move_officer(officer.id, unit_id, &summary).await?;
                done.moved += 1;
            }
            AccountAfter::Reassign { reason } => {
                database.set_reassignment_reason(officer.id, &reason).await?;
                database.revoke_sessions_of(officer.id, now.0).await?;
                done.waiting += 1;
            }
        }
    }
    Ok(done)
}

/// Whether `unit` is `jurisdiction` or lies under it.
pub async fn within(database: &Database, jurisdiction: Uuid, unit: Uuid) -> Result<bool, DbError> {
    Ok(unit == jurisdiction || database.ancestors(unit).await?.contains(&jurisdiction))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (first, second) = (new_token(), new_token());
        assert_eq!(first.len(), 64);
        assert_ne!(first, second);
        assert_eq!(token_hash(&first), token_hash(&first));
        assert_ne!(token_hash(&first), first);
    }

    #[test]
    fn the_decoy_hash_is_a_valid_argon2_hash_that_matches_nothing() {
        assert!(argon2::password_hash::PasswordHash::new(DECOY_HASH).is_ok());
        assert!(!verify_password("", DECOY_HASH));
        assert!(!verify_password("admin", DECOY_HASH));
    }

    #[test]
    fn usernames_and_passwords_are_checked() {
        use domain::account::{check_password, read_username as check_username};
        assert_eq!(check_username(" Can.Bo-01 ").unwrap(), "can.bo-01");
        assert!(check_username("ab").is_err());
        assert!(check_username("cán bộ").is_err());
        assert!(check_password("1234567").is_err());
        assert!(check_password("12345678").is_ok());
    }
}
