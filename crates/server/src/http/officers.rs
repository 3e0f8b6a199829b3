//! Accounts, for administrators: list, create, reset a password, revoke the
//! sessions, assign a role and jurisdiction. Each only within the
//! administrator's own jurisdiction.

use super::authorization::{self, Target, authorize};
use super::caller::{SignedIn, account_error};
use super::extract::{ApiJson, ApiPath};
use super::{ApiError, AppState};
use crate::accounts;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::wire::{
    ApiErrorBody, AssignmentRequest, CreateOfficerRequest, DisabledRequest, OfficerProfile, PasswordRequest,
};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(create))
        .routes(routes!(reset_password))
        .routes(routes!(revoke))
        .routes(routes!(history))
        .routes(routes!(assign))
        .routes(routes!(set_disabled))
}

fn target(id: Uuid) -> Target {
    Target { id, official: true }
}

/// The account behind an id.
async fn officer(state: &AppState, id: Uuid) -> Result<crate::db::OfficerRecord, ApiError> {
    state
        .database
        .officer_by_id(id)
        .await?
        .ok_or_else(|| ApiError::not_found("officer_not_found", format!("there is no officer {id}")))
}

/// The account behind `id`, once the caller may take `route` on it: the
/// role first (so that nobody else learns which accounts exist), then the
/// account's unit within the caller's jurisdiction.
async fn account_in_reach(
    state: &AppState,
    caller: &accounts::Caller,
    route: &authorization::Route,
    id: Uuid,
) -> Result<crate::db::OfficerRecord, ApiError> {
    authorize(state, Some(caller), route, &[]).await?;
    let account = officer(state, id).await?;
    authorize(state, Some(caller), route, &[target(account.jurisdiction_unit_id)]).await?;
    Ok(account)
}

/// Every account within the administrator's jurisdiction.
#[utoipa::path(get, path = "/api/v1/officers", tag = "officers", security(("bearer" = [])), responses(
    (status = 200, description = "The accounts", body = Vec<OfficerProfile>),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "Not an administrator", body = ApiErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
) -> Result<Json<Vec<OfficerProfile>>, ApiError> {
    authorize(
        &state,
        Some(&caller),
        &authorization::OFFICERS,
        &[target(caller.jurisdiction)],
    )
    .await?;
    let database = state.database.as_ref();
    let mut profiles = Vec::new();
    for officer in database.officers().await? {
        if accounts::within(database, caller.jurisdiction, officer.jurisdiction_unit_id).await? {
            profiles.push(accounts::profile(database, &officer).await.map_err(account_error)?);
        }
    }
    Ok(Json(profiles))
}

/// Creates an account within the administrator's jurisdiction.
#[utoipa::path(post, path = "/api/v1/officers", tag = "officers", security(("bearer" = [])), request_body = CreateOfficerRequest, responses(
    (status = 201, description = "The account", body = OfficerProfile),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "Not an administrator, or a jurisdiction outside theirs", body = ApiErrorBody),
    (status = 404, description = "No such unit", body = ApiErrorBody),
    (status = 409, description = "The username is taken", body = ApiErrorBody),
    (status = 422, description = "A field is invalid", body = ApiErrorBody),
))]
async fn create(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiJson(request): ApiJson<CreateOfficerRequest>,
) -> Result<(StatusCode, Json<OfficerProfile>), ApiError> {
    let database = state.database.as_ref();
    // The role first, so that nobody else learns which units or names exist.
    authorize(&state, Some(&caller), &authorization::CREATE_OFFICER, &[]).await?;
    let unit = accounts::resolve_jurisdiction(database, request.role, &request.jurisdiction)
        .await
        .map_err(account_error)?;
    authorize(
        &state,
        Some(&caller),
        &authorization::CREATE_OFFICER,
        &[target(unit.id)],
    )
    .await?;
    let officer = accounts::create_officer(
        database,
        &request.username,
        &request.display_name,
        request.role,
        &unit.id.to_string(),
        &request.password,
    )
    .await
    .map_err(account_error)?;
    Ok((
        StatusCode::CREATED,
        Json(accounts::profile(database, &officer).await.map_err(account_error)?),
    ))
}

/// Sets a new password; the account's sessions end.
#[utoipa::path(post, path = "/api/v1/officers/{id}/password", tag = "officers", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account")), request_body = PasswordRequest, responses(
    (status = 204, description = "Done"),
    (status = 400, description = "The id is not a UUID", body = ApiErrorBody),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "Not an administrator, or an account outside their jurisdiction", body = ApiErrorBody),
    (status = 404, description = "No such account", body = ApiErrorBody),
    (status = 422, description = "The password is invalid", body = ApiErrorBody),
))]
async fn reset_password(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<PasswordRequest>,
) -> Result<StatusCode, ApiError> {
    account_in_reach(&state, &caller, &authorization::RESET_PASSWORD, id).await?;
    accounts::reset_password(state.database.as_ref(), id, &request.password, state.now())
        .await
        .map_err(account_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many sessions a revocation ended.
#[derive(Serialize, utoipa::ToSchema)]
struct Revoked {
    sessions_revoked: u64,
}

/// Ends every session of an account (a lost tablet, a departure).
#[utoipa::path(post, path = "/api/v1/officers/{id}/revoke", tag = "officers", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account")), responses(
    (status = 200, description = "The sessions ended", body = Revoked),
    (status = 400, description = "The id is not a UUID", body = ApiErrorBody),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "Not an administrator, or an account outside their jurisdiction", body = ApiErrorBody),
    (status = 404, description = "No such account", body = ApiErrorBody),
))]
async fn revoke(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Revoked>, ApiError> {
    account_in_reach(&state, &caller, &authorization::REVOKE, id).await?;
    let sessions_revoked = accounts::revoke(state.database.as_ref(), id, state.now())
        .await
        .map_err(account_error)?;
    Ok(Json(Revoked { sessions_revoked }))
}

/// One line of an account's history.
#[derive(Serialize, utoipa::ToSchema)]
struct HistoryLine {
    /// When, in milliseconds since 1970.
    at: i64,
    /// What happened, in Vietnamese ("Đi theo xã …", "Chờ phân công lại: …").
    summary: String,
}

/// What happened to an account, oldest first: moved with its commune by a
/// reform, set aside to be reassigned, assigned again.
#[utoipa::path(get, path = "/api/v1/officers/{id}/history", tag = "officers", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account")), responses(
    (status = 200, description = "The account's history", body = Vec<HistoryLine>),
    (status = 400, description = "The id is not a UUID", body = ApiErrorBody),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "Not an administrator, or an account outside their jurisdiction", body = ApiErrorBody),
    (status = 404, description = "No such account", body = ApiErrorBody),
))]
async fn history(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<HistoryLine>>, ApiError> {
    account_in_reach(&state, &caller, &authorization::OFFICER_HISTORY, id).await?;
    let lines = state.database.officer_history(id).await?;
    Ok(Json(
        lines
            .into_iter()
            .map(|(at, summary)| HistoryLine { at, summary })
            .collect(),
    ))
}

/// Gives an account a new role and jurisdiction (both within the administrator's).
#[utoipa::path(put, path = "/api/v1/officers/{id}/assignment", tag = "officers", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account")), request_body = AssignmentRequest, responses(
    (status = 200, description = "The account as now assigned", body = OfficerProfile),
    (status = 400, description = "The id is not a UUID", body = ApiErrorBody),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "Not an administrator, or a unit outside their jurisdiction", body = ApiErrorBody),
    (status = 404, description = "No such account or unit", body = ApiErrorBody),
    (status = 422, description = "A field is invalid", body = ApiErrorBody),
))]
async fn assign(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<AssignmentRequest>,
) -> Result<Json<OfficerProfile>, ApiError> {
    let database = state.database.as_ref();
    authorize(&state, Some(&caller), &authorization::ASSIGN, &[]).await?;
    let account = officer(&state, id).await?;
    let unit = accounts::resolve_jurisdiction(database, request.role, &request.jurisdiction)
        .await
        .map_err(account_error)?;
    let targets = [target(account.jurisdiction_unit_id), target(unit.id)];
    authorize(&state, Some(&caller), &authorization::ASSIGN, &targets).await?;
    let officer = accounts::assign(database, id, request.role, &unit.id.to_string())
        .await
        .map_err(account_error)?;
    Ok(Json(
        accounts::profile(database, &officer).await.map_err(account_error)?,
    ))
}

/// Disables an account (its sessions end; it can no longer sign in) or
/// enables it again. An administrator cannot disable their own.
#[utoipa::path(put, path = "/api/v1/officers/{id}/disabled", tag = "officers", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account")), request_body = DisabledRequest, responses(
    (status = 200, description = "The account as it now is", body = OfficerProfile),
    (status = 400, description = "The id is not a UUID", body = ApiErrorBody),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "Not an administrator, or an account outside their jurisdiction", body = ApiErrorBody),
    (status = 404, description = "No such account", body = ApiErrorBody),
    (status = 409, description = "The administrator's own account", body = ApiErrorBody),
))]
async fn set_disabled(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<DisabledRequest>,
) -> Result<Json<OfficerProfile>, ApiError> {
    account_in_reach(&state, &caller, &authorization::SET_DISABLED, id).await?;
    let database = state.database.as_ref();
    let officer = accounts::set_disabled(database, caller.officer_id, id, request.disabled, state.now())
        .await
        .map_err(account_error)?;
    Ok(Json(
        accounts::profile(database, &officer).await.map_err(account_error)?,
    ))
}
