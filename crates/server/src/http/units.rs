//! The administrative units: `GET /api/v1/units?parent=…` and `GET /api/v1/units/{unit}`.
//! The official units are public reference data; villages are the officers'.

use super::authorization::{self, Target, authorize};
use super::caller::MaybeSignedIn;
use super::extract::{ApiPath, ApiQuery};
use super::{ApiError, AppState};
use axum::Json;
use axum::extract::State;
use domain::UnitRef;
use domain::wire::{ApiErrorBody, UnitChildren, UnitSummary};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(children)).routes(routes!(one))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ChildrenQuery {
    /// The parent: an official code (`20` is Lạng Sơn) or a unit id.
    #[param(pattern = "^([0-9]{2,5}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    parent: String,
}

/// The units directly under a parent, with the parent itself.
#[utoipa::path(get, path = "/api/v1/units", tag = "units", params(ChildrenQuery), security((), ("bearer" = [])), responses(
    (status = 200, description = "The parent and its children", body = UnitChildren),
    (status = 400, description = "The parent is neither an official code nor a unit id", body = ApiErrorBody),
    (status = 401, description = "The parent is a commune (its children are villages) and nobody signed in", body = ApiErrorBody),
    (status = 403, description = "The villages lie outside the caller's jurisdiction", body = ApiErrorBody),
    (status = 404, description = "No such unit", body = ApiErrorBody),
))]
async fn children(
    State(state): State<AppState>,
    MaybeSignedIn(caller): MaybeSignedIn,
    ApiQuery(query): ApiQuery<ChildrenQuery>,
) -> Result<Json<UnitChildren>, ApiError> {
    let parent = find(&state, &query.parent).await?;
    let children = state.database.unit_children(parent.id, false).await?;
    // The children are villages when the parent is a commune: the officers' data.
    let villages = children.iter().any(|child| child.code.is_none());
    let target = Target {
        id: parent.id,
        official: !villages,
    };
    authorize(&state, caller.as_ref(), &authorization::UNIT_CHILDREN, &[target]).await?;
    Ok(Json(UnitChildren { parent, children }))
}

/// One unit by official code or id.
#[utoipa::path(get, path = "/api/v1/units/{unit}", tag = "units", security((), ("bearer" = [])),
    params(("unit" = String, Path, description = "An official code (`05971`) or a unit id",
        pattern = "^([0-9]{2,5}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")),
    responses(
        (status = 200, description = "The unit", body = UnitSummary),
        (status = 400, description = "Neither an official code nor a unit id", body = ApiErrorBody),
        (status = 401, description = "A village, and nobody signed in", body = ApiErrorBody),
        (status = 403, description = "A village outside the caller's jurisdiction", body = ApiErrorBody),
        (status = 404, description = "No such unit", body = ApiErrorBody),
    ))]
async fn one(
    State(state): State<AppState>,
    MaybeSignedIn(caller): MaybeSignedIn,
    ApiPath(unit): ApiPath<String>,
) -> Result<Json<UnitSummary>, ApiError> {
    let unit = find(&state, &unit).await?;
    let target = Target {
        id: unit.id,
        official: unit.code.is_some(),
    };
    authorize(&state, caller.as_ref(), &authorization::UNIT, &[target]).await?;
    Ok(Json(unit))
}

pub(super) async fn find(state: &AppState, text: &str) -> Result<UnitSummary, ApiError> {
    let unit = UnitRef::parse(text).map_err(|error| ApiError::bad_request("invalid_unit_ref", error.to_string()))?;
    state.database.unit(&unit, None).await?.ok_or_else(|| {
        let how = match &unit {
            UnitRef::Code(code) => format!("official code {code}"),
            UnitRef::Id(id) => format!("id {id}"),
        };
        ApiError::not_found("unit_not_found", format!("there is no unit with {how}"))
    })
}
