//! `GET /api/health`: whether the server and its database answer.

use super::{ApiError, AppState};
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let root = domain::UnitRef::Code(domain::OfficialCode::parse("20").map_err(|error| ApiError::internal(&error))?);
    state.database.unit(&root).await?;
    Ok(Json(json!({ "status": "ok", "database": state.database.backend() })))
}
