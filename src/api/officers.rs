//! The accounts API, for the administrator's screen: the same routes the
//! server's own CLI stands beside (`sapxep-server create-user` …).

use super::{ApiClientError, answer, server_origin};
use domain::wire::{AssignmentRequest, CreateOfficerRequest, DisabledRequest, OfficerProfile, PasswordRequest};
use serde::Serialize;
use uuid::Uuid;

/// A request to `path` as the signed-in officer, with a JSON body when given.
async fn send(
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<&impl Serialize>,
) -> Result<reqwest::Response, ApiClientError> {
    let url = format!("{}{path}", server_origin()?);
    let mut request = reqwest::Client::new().request(method, &url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    request
        .send()
        .await
        .map_err(|error| ApiClientError::Unreachable(error.to_string()))
}

/// No body.
const NONE: Option<&()> = None;

/// Every account within the administrator's jurisdiction.
pub async fn list(token: &str) -> Result<Vec<OfficerProfile>, ApiClientError> {
    answer(send(token, reqwest::Method::GET, "/api/v1/officers", NONE).await?).await
}

pub async fn create(token: &str, request: &CreateOfficerRequest) -> Result<OfficerProfile, ApiClientError> {
    answer(send(token, reqwest::Method::POST, "/api/v1/officers", Some(request)).await?).await
}

/// Sets a new password; the account's sessions end.
pub async fn reset_password(token: &str, id: Uuid, password: &str) -> Result<(), ApiClientError> {
    let body = PasswordRequest {
        password: password.to_owned(),
    };
    let response = send(
        token,
        reqwest::Method::POST,
        &format!("/api/v1/officers/{id}/password"),
        Some(&body),
    )
    .await?;
    if response.status().is_success() {
        return Ok(());
    }
    answer::<()>(response).await
}

/// How many sessions a revocation ended.
#[derive(serde::Deserialize)]
struct Revoked {
    sessions_revoked: u64,
}

/// Ends every session of an account; how many it ended.
pub async fn revoke(token: &str, id: Uuid) -> Result<u64, ApiClientError> {
    let path = format!("/api/v1/officers/{id}/revoke");
    let revoked: Revoked = answer(send(token, reqwest::Method::POST, &path, NONE).await?).await?;
    Ok(revoked.sessions_revoked)
}

pub async fn assign(token: &str, id: Uuid, request: &AssignmentRequest) -> Result<OfficerProfile, ApiClientError> {
    let path = format!("/api/v1/officers/{id}/assignment");
    answer(send(token, reqwest::Method::PUT, &path, Some(request)).await?).await
}

/// Disables an account (its sessions end) or enables it again.
pub async fn set_disabled(token: &str, id: Uuid, disabled: bool) -> Result<OfficerProfile, ApiClientError> {
    let path = format!("/api/v1/officers/{id}/disabled");
    answer(send(token, reqwest::Method::PUT, &path, Some(&DisabledRequest { disabled })).await?).await
}

/// A fresh password of 12 characters for the administrator to hand over,
/// from the browser's random source (through `uuid`'s v4, leaving out the
/// two bytes that carry its version and variant).
pub fn generated_password() -> String {
    let random: Vec<u8> = [Uuid::new_v4(), Uuid::new_v4()]
        .iter()
        .flat_map(|id| {
            id.into_bytes()
                .into_iter()
                .enumerate()
                .filter(|(at, _)| *at != 6 && *at != 8)
                .map(|(_, byte)| byte)
        })
        .take(12)
        .collect();
    domain::account::password_from(&random)
}
