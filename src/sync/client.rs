//! The calls sync makes to the provincial server: sign in and out, push,
//! pull. Push bodies go gzip-compressed; pull answers come compressed by the
//! server and are unpacked by the browser.

use super::browser;
use super::error::SyncError;
use crate::store::outbox::QueuedMutation;
use domain::sync::Mutation;
use domain::sync::protocol::{PullResponse, PushRequest, PushResponse};
use domain::wire::{ApiErrorBody, OfficerProfile, SignInRequest, SignInResponse};
use reqwest::header::{CONTENT_ENCODING, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use std::time::Duration;
use uuid::Uuid;

/// How long one request may take before the round gives up (and retries later).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A signed-in connection to the server.
#[derive(Clone, Debug)]
pub struct SyncClient {
    origin: String,
    token: String,
    /// The signed-in officer, when known.
    officer: Option<Uuid>,
    http: reqwest::Client,
}

impl SyncClient {
    /// A client for the server at `origin` (e.g. `http://127.0.0.1:8080`) with a session token.
    pub fn new(origin: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            origin: origin.into(),
            token: token.into(),
            officer: None,
            http: reqwest::Client::new(),
        }
    }

    /// The same client, knowing whom its token signs in.
    pub fn for_officer(self, officer: Uuid) -> Self {
        Self {
            officer: Some(officer),
            ..self
        }
    }

    /// The signed-in officer, when known.
    pub fn officer(&self) -> Option<Uuid> {
        self.officer
    }

    /// A client for the server the app was loaded from.
    pub fn for_this_origin(token: impl Into<String>) -> Result<Self, SyncError> {
        Ok(Self::new(this_origin()?, token))
    }

    /// Signs in at `origin`, from the device `device` (the session's pushes
    /// must come under its id).
    pub async fn sign_in(
        origin: &str,
        username: &str,
        password: &str,
        device: Option<uuid::Uuid>,
    ) -> Result<SignInResponse, SyncError> {
        let request = reqwest::Client::new()
            .post(format!("{origin}/api/v1/sessions"))
            .timeout(REQUEST_TIMEOUT)
            .json(&SignInRequest {
                username: username.to_owned(),
                password: password.to_owned(),
                device_id: device,
            });
        answer(request.send().await).await
    }

    /// Ends the session on the server.
    pub async fn sign_out(&self) -> Result<(), SyncError> {
        let request = self
            .http
            .delete(format!("{}/api/v1/sessions/current", self.origin))
            .bearer_auth(&self.token);
        let response = request.send().await.map_err(unreachable)?;
        if response.status().is_success() || response.status().as_u16() == 401 {
            Ok(())
        } else {
            Err(refusal(response).await)
        }
    }

    /// The signed-in officer, as the server knows them now.
    pub async fn me(&self) -> Result<OfficerProfile, SyncError> {
        let request = self
            .http
            .get(format!("{}/api/v1/me", self.origin))
            .bearer_auth(&self.token);
        answer(request.timeout(REQUEST_TIMEOUT).send().await).await
    }

    /// Sends a batch of outbox mutations, in sequence order.
    pub async fn push(&self, device_id: Uuid, mutations: Vec<Mutation>) -> Result<PushResponse, SyncError> {
        let body = serde_json::to_vec(&PushRequest { device_id, mutations })
            .map_err(|error| SyncError::BadAnswer(error.to_string()))?;
        self.push_body(body).await
    }

    /// Sends a batch of outbox mutations given as their stored JSON text.
    pub async fn push_queued(&self, device_id: Uuid, mutations: &[QueuedMutation]) -> Result<PushResponse, SyncError> {
        self.push_body(sync_engine::transport::push_body(device_id, mutations).into_bytes())
            .await
    }

    async fn push_body(&self, body: Vec<u8>) -> Result<PushResponse, SyncError> {
        let mut request = self
            .http
            .post(format!("{}/api/v1/sync/push", self.origin))
            .bearer_auth(&self.token)
            .timeout(REQUEST_TIMEOUT)
            .header(CONTENT_TYPE, "application/json");
        request = match browser::gzipped(&body).await {
            Some(compressed) => request.header(CONTENT_ENCODING, "gzip").body(compressed),
            None => request.body(body),
        };
        answer(request.send().await).await
    }

    /// The changes after `since`, at most `limit`.
    pub async fn pull(&self, since: u64, limit: u32) -> Result<PullResponse, SyncError> {
        let request = self
            .http
            .get(format!("{}/api/v1/sync/pull?since={since}&limit={limit}", self.origin))
            .bearer_auth(&self.token)
            .timeout(REQUEST_TIMEOUT);
        answer(request.send().await).await
    }
}

impl sync_engine::Transport for SyncClient {
    type Error = SyncError;

    async fn push_queued(&self, device_id: Uuid, mutations: &[QueuedMutation]) -> Result<PushResponse, SyncError> {
        SyncClient::push_queued(self, device_id, mutations).await
    }

    async fn pull(&self, since: u64, limit: u32) -> Result<PullResponse, SyncError> {
        SyncClient::pull(self, since, limit).await
    }
}

/// The origin the app was loaded from: the server serves both the app and the API.
pub fn this_origin() -> Result<String, SyncError> {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .ok_or_else(|| SyncError::Unreachable("no browser window".to_owned()))
}

fn unreachable(error: reqwest::Error) -> SyncError {
    SyncError::Unreachable(error.to_string())
}

async fn answer<T: DeserializeOwned>(sent: reqwest::Result<reqwest::Response>) -> Result<T, SyncError> {
    let response = sent.map_err(unreachable)?;
    if !response.status().is_success() {
        return Err(refusal(response).await);
    }
    let bytes = response.bytes().await.map_err(unreachable)?;
    serde_json::from_slice(&bytes).map_err(|error| SyncError::BadAnswer(error.to_string()))
}

async fn refusal(response: reqwest::Response) -> SyncError {
    let status = response.status().as_u16();
    let body = response.json::<ApiErrorBody>().await.ok();
    let (code, message) = body
        .map(|body| (body.error.code, body.error.message))
        .unwrap_or_else(|| (format!("http_{status}"), String::new()));
    if status == 401 && code != "invalid_credentials" {
        return SyncError::SignInNeeded;
    }
    SyncError::Server { status, code, message }
}
