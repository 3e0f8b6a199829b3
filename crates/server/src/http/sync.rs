//! `POST /api/v1/sync/push`, `GET /api/v1/sync/pull`, and the quarantine for
//! administrators.

use super::authorization::{self, Target, authorize};
use super::caller::SignedIn;
use super::extract::{ApiJson, ApiQuery};
use super::{ApiError, AppState};
use crate::sync;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::sync::protocol::{PullResponse, PushRequest, PushResponse};
use domain::wire::ApiErrorBody;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// The largest push accepted, after decompression.
pub const MAX_PUSH_BYTES: usize = 16 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(push))
        .routes(routes!(pull))
        .routes(routes!(quarantine))
}

/// Takes a batch of a device's outbox mutations, in its order. Each is applied
/// at most once; a replayed batch answers as before; a gap is answered with
/// the sequence expected; a refused mutation is quarantined and the queue
/// moves on. The body may be gzip-compressed (`Content-Encoding: gzip`).
#[utoipa::path(post, path = "/api/v1/sync/push", tag = "sync", security(("bearer" = [])), request_body = PushRequest, responses(
    (status = 200, description = "What became of each mutation, and the sequence expected next", body = PushResponse),
    (status = 401, description = "No live session: sign in again; the outbox stays on the device", body = ApiErrorBody),
    (status = 403, description = "The session belongs to another device (`wrong_device`): nothing is taken", body = ApiErrorBody),
    (status = 413, description = "More than 1,000 mutations (`batch_too_large`), or a body above 16 MiB: nothing is taken", body = ApiErrorBody),
    (status = 422, description = "The batch is malformed (foreign or unordered mutations)", body = ApiErrorBody),
))]
async fn push(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    authorize(&state, Some(&caller), &authorization::SYNC_PUSH, &[]).await?;
    // A session pushes under its own device's id only: the one it signed in
    // on, or else the first it pushes from.
    let device = match caller.device_id {
        Some(device) => Some(device),
        None => {
            state
                .database
                .bind_session_device(&caller.token_hash, request.device_id)
                .await?
        }
    };
    if device != Some(request.device_id) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "wrong_device",
            "this session belongs to another device: push under its own device id, or sign in on this device",
        ));
    }
    match sync::push(state.database.as_ref(), &caller, &request, state.now()).await {
        Ok(response) => Ok(Json(response)),
        Err(sync::push::PushError::Database(error)) => Err(ApiError::internal(&error)),
        Err(error @ sync::push::PushError::TooMany { .. }) => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            error.to_string(),
        )),
        Err(error) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_batch",
            error.to_string(),
        )),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct PullQuery {
    /// The cursor from the previous page (0 for everything).
    #[serde(default)]
    since: u64,
    /// At most this many records (1 to 2.000; 500 when absent).
    limit: Option<u32>,
}

/// The changes after the cursor that the officer's jurisdiction may see,
/// whole records with their revisions, tombstones and open conflicts.
#[utoipa::path(get, path = "/api/v1/sync/pull", tag = "sync", security(("bearer" = [])), params(PullQuery), responses(
    (status = 200, description = "A page of changes and the cursor after it", body = PullResponse),
    (status = 400, description = "A malformed cursor or limit", body = ApiErrorBody),
    (status = 401, description = "No live session", body = ApiErrorBody),
))]
async fn pull(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiQuery(query): ApiQuery<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    authorize(&state, Some(&caller), &authorization::SYNC_PULL, &[]).await?;
    let limit = query.limit.unwrap_or(500);
    Ok(Json(
        sync::pull(state.database.as_ref(), &caller, query.since, limit).await?,
    ))
}

/// A refused mutation, as administrators see it.
#[derive(Serialize, utoipa::ToSchema)]
struct Quarantined {
    mutation_id: Uuid,
    device_id: Uuid,
    seq: u64,
    officer_id: Uuid,
    record_type: String,
    record_id: Uuid,
    code: String,
    reason: String,
    received_at: i64,
    /// The mutation as the device sent it.
    #[schema(value_type = Object)]
    mutation: serde_json::Value,
}

/// The refused mutations, newest first (at most 500).
#[utoipa::path(get, path = "/api/v1/sync/quarantine", tag = "sync", security(("bearer" = [])), responses(
    (status = 200, description = "The quarantine", body = Vec<Quarantined>),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "Not an administrator", body = ApiErrorBody),
))]
async fn quarantine(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
) -> Result<Json<Vec<Quarantined>>, ApiError> {
    authorize(
        &state,
        Some(&caller),
        &authorization::SYNC_QUARANTINE,
        &[Target {
            id: caller.jurisdiction,
            official: true,
        }],
    )
    .await?;
    let rows = state.database.quarantined(500).await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| Quarantined {
                mutation_id: row.mutation_id,
                device_id: row.device_id,
                seq: row.seq,
                officer_id: row.officer_id,
                record_type: row.record_type.as_str().to_owned(),
                record_id: row.record_id,
                code: row.code,
                reason: row.reason,
                received_at: row.received_at,
                mutation: serde_json::from_str(&row.mutation).unwrap_or_default(),
            })
            .collect(),
    ))
}
