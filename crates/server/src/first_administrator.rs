//! The first administrator account, created on the first start of a new database.

use crate::db::{Database, DbError, NewOfficer, Role};
use crate::password::{generate_password, hash_password};
use domain::{OfficialCode, UnitRef};
use uuid::Uuid;

/// The username of the first administrator.
pub const FIRST_ADMINISTRATOR: &str = "admin";

/// What happened to the first administrator at this start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FirstAdministrator {
    /// An administrator already exists; nothing was done.
    AlreadyPresent,
    /// Created with the password given in `SAPXEP_ADMIN_PASSWORD`.
    CreatedWithGivenPassword,
    /// Created with a generated password, to be shown once.
    CreatedWithGeneratedPassword(String),
}

/// A failure to create the first administrator.
#[derive(Debug, thiserror::Error)]
pub enum FirstAdministratorError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("the province {0} is not in the database: load the reference data first")]
    ProvinceMissing(String),
    #[error("cannot hash the administrator's password: {0}")]
    Hash(String),
    #[error("SAPXEP_ADMIN_PASSWORD must have at least 8 characters")]
    PasswordTooShort,
}

/// Creates the administrator `admin`, with the province as jurisdiction, when
/// no administrator exists yet.
pub async fn ensure_first_administrator(
    database: &Database,
    province_code: &OfficialCode,
    given_password: Option<&str>,
) -> Result<FirstAdministrator, FirstAdministratorError> {
    if database.administrator_exists().await? {
        return Ok(FirstAdministrator::AlreadyPresent);
    }
    if given_password.is_some_and(|password| password.chars().count() < 8) {
        return Err(FirstAdministratorError::PasswordTooShort);
    }
    let province = database
        .unit(&UnitRef::Code(province_code.clone()), None)
        .await?
        .ok_or_else(|| FirstAdministratorError::ProvinceMissing(province_code.to_string()))?;
    let password = given_password.map_or_else(generate_password, str::to_owned);
    let password_hash = hash_password(&password).map_err(|error| FirstAdministratorError::Hash(error.to_string()))?;
    database
        .create_officer(&NewOfficer {
            id: Uuid::now_v7(),
            username: FIRST_ADMINISTRATOR.to_owned(),
            display_name: "Quản trị viên".to_owned(),
            role: Role::Administrator,
            jurisdiction_unit_id: province.id,
            password_hash,
        })
        .await?;
    Ok(match given_password {
        Some(_) => FirstAdministrator::CreatedWithGivenPassword,
        None => FirstAdministrator::CreatedWithGeneratedPassword(password),
    })
}
