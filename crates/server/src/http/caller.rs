//! Who is calling: the officer a bearer token stands for, derived from the
//! token alone (never from anything in the request body), and the address
//! sign-ins are rate-limited by.

use super::{ApiError, AppState};
use crate::accounts::{self, AccountError, Caller};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// A request from a signed-in officer; a missing or dead token is a 401.
pub struct SignedIn(pub Caller);

/// A request that may come from a signed-in officer: `None` without a token,
/// a 401 with a token that is not valid.
pub struct MaybeSignedIn(pub Option<Caller>);

/// The client's address: the socket's peer, or the first `X-Forwarded-For`
/// hop when the server is told to trust its proxy.
pub struct ClientAddress(pub String);

fn bearer(parts: &Parts) -> Option<Result<String, ApiError>> {
    let header = parts.headers.get(AUTHORIZATION)?;
    let value = header
        .to_str()
        .ok()
        .and_then(|text| text.strip_prefix("Bearer "))
        .map(str::trim);
    Some(match value {
        Some(token) if !token.is_empty() && token.len() <= 256 => Ok(token.to_owned()),
        _ => Err(unauthorized(
            "session_invalid",
            "the Authorization header must be `Bearer <token>`",
        )),
    })
}

/// A 401 that tells the client how to authenticate.
pub fn unauthorized(code: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, code, message)
}

pub(super) fn account_error(error: AccountError) -> ApiError {
    match error {
        AccountError::InvalidCredentials => unauthorized("invalid_credentials", "wrong username or password"),
        AccountError::TokenInvalid => unauthorized("session_invalid", "the session token is not valid; sign in"),
        AccountError::TokenExpired => unauthorized("session_expired", "the session has expired; sign in again"),
        AccountError::TokenRevoked => unauthorized("session_revoked", "the session was revoked; sign in again"),
        AccountError::Disabled => ApiError::new(StatusCode::FORBIDDEN, "account_disabled", "the account is disabled"),
        AccountError::AwaitingReassignment(reason) => {
            ApiError::new(StatusCode::FORBIDDEN, "awaiting_reassignment", reason)
        }
        AccountError::RateLimited { retry_after_secs } => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!("too many failed sign-ins; try again in {retry_after_secs} s"),
        ),
        AccountError::UsernameTaken(username) => ApiError::new(
            StatusCode::CONFLICT,
            "username_taken",
            format!("the username {username:?} is taken"),
        ),
        AccountError::NoSuchOfficer(id) => {
            ApiError::not_found("officer_not_found", format!("there is no officer {id}"))
        }
        AccountError::NoSuchUnit(unit) => ApiError::not_found("unit_not_found", format!("there is no unit {unit}")),
        AccountError::Invalid(error) => ApiError::invalid_field(error),
        AccountError::DisableSelf => ApiError::new(
            StatusCode::CONFLICT,
            "cannot_disable_self",
            "an administrator cannot disable their own account",
        ),
        AccountError::Database(error) => ApiError::internal(&error),
    }
}

async fn caller(parts: &Parts, state: &AppState) -> Result<Option<Caller>, ApiError> {
    let Some(token) = bearer(parts) else { return Ok(None) };
    let token = token?;
    accounts::authenticate(state.database.as_ref(), &token, state.now())
        .await
        .map(Some)
        .map_err(account_error)
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match caller(parts, state).await? {
            Some(caller) => Ok(SignedIn(caller)),
            None => Err(unauthorized("sign_in_required", "this route needs a signed-in officer")),
        }
    }
}

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        caller(parts, state).await.map(MaybeSignedIn)
    }
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if state.settings.trust_forwarded_for
            && let Some(first) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split(',').next())
        {
            return Ok(ClientAddress(first.trim().chars().take(64).collect()));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip().to_string());
        Ok(ClientAddress(peer.unwrap_or_else(|| "unknown".to_owned())))
    }
}

/// Adds `WWW-Authenticate: Bearer` to every 401 the API answers.
pub async fn challenge_on_401(response: Response) -> Response {
    let mut response = response.into_response();
    if response.status() == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert("www-authenticate", HeaderValue::from_static("Bearer"));
    }
    response
}
