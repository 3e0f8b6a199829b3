//! Signing in and out, and who is signed in.

use super::authorization::{self, authorize};
use super::caller::{ClientAddress, SignedIn, account_error};
use super::extract::ApiJson;
use super::{ApiError, AppState};
use crate::accounts;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::Timestamp;
use domain::wire::{ApiErrorBody, OfficerProfile, SignInRequest, SignInResponse};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in))
        .routes(routes!(sign_out))
        .routes(routes!(me))
}

/// Signs an officer in. Failed attempts are limited per account and per address.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions", request_body = SignInRequest, responses(
    (status = 201, description = "Signed in: the token, its expiry, the officer", body = SignInResponse),
    (status = 401, description = "Wrong username or password", body = ApiErrorBody),
    (status = 403, description = "The account is disabled", body = ApiErrorBody),
    (status = 422, description = "The body is not a sign-in request", body = ApiErrorBody),
    (status = 429, description = "Too many failed attempts", body = ApiErrorBody),
))]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<(StatusCode, Json<SignInResponse>), ApiError> {
    authorize(&state, None, &authorization::SIGN_IN, &[]).await?;
    if request.username.len() > 256 || request.password.len() > 1024 {
        return Err(account_error(accounts::AccountError::InvalidCredentials));
    }
    let database = state.database.as_ref();
    let (token, session, officer) = accounts::sign_in(
        database,
        &request.username,
        &request.password,
        &address,
        request.device_id,
        state.now(),
        state.settings.session_lifetime,
    )
    .await
    .map_err(account_error)?;
    let officer = accounts::profile(database, &officer).await.map_err(account_error)?;
    Ok((
        StatusCode::CREATED,
        Json(SignInResponse {
            token,
            expires_at: Timestamp(session.expires_at),
            officer,
        }),
    ))
}

/// Ends the caller's session (signing out); the token stops working at once.
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "sessions", security(("bearer" = [])), responses(
    (status = 204, description = "Signed out"),
    (status = 401, description = "No live session", body = ApiErrorBody),
))]
async fn sign_out(State(state): State<AppState>, SignedIn(caller): SignedIn) -> Result<StatusCode, ApiError> {
    authorize(&state, Some(&caller), &authorization::SIGN_OUT, &[]).await?;
    state.database.revoke_session(&caller.token_hash, state.now().0).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in officer and their jurisdiction.
#[utoipa::path(get, path = "/api/v1/me", tag = "sessions", security(("bearer" = [])), responses(
    (status = 200, description = "The signed-in officer", body = OfficerProfile),
    (status = 401, description = "No live session", body = ApiErrorBody),
))]
async fn me(State(state): State<AppState>, SignedIn(caller): SignedIn) -> Result<Json<OfficerProfile>, ApiError> {
    authorize(&state, Some(&caller), &authorization::ME, &[]).await?;
    let database = state.database.as_ref();
    let officer = database
        .officer_by_id(caller.officer_id)
        .await?
        .ok_or_else(|| ApiError::internal(&"officer vanished"))?;
    Ok(Json(
        accounts::profile(database, &officer).await.map_err(account_error)?,
    ))
}
