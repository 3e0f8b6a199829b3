//! The administrative units: `GET /api/v1/units?parent=…` and `GET /api/v1/units/{unit}`.

use super::query::ApiQuery;
use super::{ApiError, AppState};
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use domain::UnitRef;
use domain::wire::{UnitChildren, UnitSummary};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/units", get(children))
        .route("/v1/units/{unit}", get(one))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChildrenQuery {
    /// The parent: an official code (`20`) or a UUID.
    parent: String,
}

/// The units directly under a parent, with the parent itself.
async fn children(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ChildrenQuery>,
) -> Result<Json<UnitChildren>, ApiError> {
    let parent = find(&state, &query.parent).await?;
    let children = state.database.unit_children(parent.id).await?;
    Ok(Json(UnitChildren { parent, children }))
}

/// One unit by official code or id.
async fn one(State(state): State<AppState>, Path(unit): Path<String>) -> Result<Json<UnitSummary>, ApiError> {
    Ok(Json(find(&state, &unit).await?))
}

async fn find(state: &AppState, text: &str) -> Result<UnitSummary, ApiError> {
    let unit = UnitRef::parse(text).map_err(|error| ApiError::bad_request("invalid_unit_ref", error.to_string()))?;
    state.database.unit(&unit).await?.ok_or_else(|| {
        let how = match &unit {
            UnitRef::Code(code) => format!("official code {code}"),
            UnitRef::Id(id) => format!("id {id}"),
        };
        ApiError::not_found("unit_not_found", format!("there is no unit with {how}"))
    })
}
