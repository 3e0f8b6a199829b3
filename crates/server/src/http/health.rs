//! `GET /api/health`: whether the server and its database answer.

use super::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// The server's health.
#[derive(Serialize, utoipa::ToSchema)]
struct Health {
    status: &'static str,
    /// `sqlite` or `postgresql`.
    database: &'static str,
}

/// Whether the server and its database answer.
#[utoipa::path(get, path = "/api/health", tag = "server", responses(
    (status = 200, description = "The server and its database answer", body = Health),
))]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.database.administrator_exists().await?;
    Ok(Json(Health {
        status: "ok",
        database: state.database.backend(),
    }))
}
