//! The administrative units: `GET /api/v1/units?parent=…`, `GET
//! /api/v1/units/{unit}`, `GET /api/v1/units/{unit}/history` and `PUT
//! /api/v1/units/{unit}/code`. Province, district and commune-level units are
//! public reference data, with or without an official code; villages are the
//! officers' and need the jurisdiction (also when named as a parent).

use super::authorization::{self, Target, authorize};
use super::caller::{MaybeSignedIn, SignedIn};
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::{ApiError, AppState};
use crate::sync::procedure::place_waiting_unit;
use crate::sync::unit_edits::{CodeOutcome, record_code};
use crate::unit_views;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::reform::PlacementError;
use domain::wire::{ApiErrorBody, CodeRequest, ParentRequest, UnitChildren, UnitHistory, UnitSummary};
use domain::{NaiveDate, OfficialCode, UnitLevel, UnitRef};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(children))
        .routes(routes!(one))
        .routes(routes!(history))
        .routes(routes!(set_code))
        .routes(routes!(awaiting))
        .routes(routes!(set_parent))
}

/// Which units a list holds.
#[derive(Clone, Copy, Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
enum Include {
    /// Ended units too (merged, divided, dissolved).
    Ended,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ChildrenQuery {
    /// The parent: an official code (`20` is Lạng Sơn) or a unit id.
    #[param(pattern = "^([0-9]{2,5}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    parent: String,
    /// `ended`: list the units that ended too; only those in force otherwise.
    include: Option<Include>,
    /// For a parent named by code: the unit that held the code on this day (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    on: Option<NaiveDate>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct UnitQuery {
    /// For a unit named by code: the unit that held the code on this day (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    on: Option<NaiveDate>,
}

/// The units directly under a parent, with the parent itself, each with its
/// lifecycle, latest figures and standing.
#[utoipa::path(get, path = "/api/v1/units", tag = "units", params(ChildrenQuery), security((), ("bearer" = [])), responses(
    (status = 200, description = "The parent and its children", body = UnitChildren),
    (status = 400, description = "The parent is neither an official code nor a unit id", body = ApiErrorBody),
    (status = 401, description = "The parent is a commune or a village (its units are villages) and nobody signed in", body = ApiErrorBody),
    (status = 403, description = "The villages lie outside the caller's jurisdiction", body = ApiErrorBody),
    (status = 404, description = "No such unit", body = ApiErrorBody),
))]
async fn children(
    State(state): State<AppState>,
    MaybeSignedIn(caller): MaybeSignedIn,
    ApiQuery(query): ApiQuery<ChildrenQuery>,
) -> Result<Json<UnitChildren>, ApiError> {
    let parent = find(&state, &query.parent, query.on).await?;
    // Below a commune lie villages: the officers' data. A village named as
    // parent is a village too.
    let target = Target {
        id: parent.id,
        official: parent.kind.level() < UnitLevel::Commune,
    };
    authorize(&state, caller.as_ref(), &authorization::UNIT_CHILDREN, &[target]).await?;
    let children = state
        .database
        .unit_children(parent.id, matches!(query.include, Some(Include::Ended)))
        .await?;
    let mut units =
        unit_views::with_standing(&state.database, std::iter::once(parent).chain(children).collect()).await?;
    let parent = units.remove(0);
    Ok(Json(UnitChildren {
        parent,
        children: units,
    }))
}

/// One unit by official code or id, with its lifecycle, latest figures and standing.
#[utoipa::path(get, path = "/api/v1/units/{unit}", tag = "units", security((), ("bearer" = [])),
    params(("unit" = String, Path, description = "An official code (`05971`) or a unit id",
        pattern = "^([0-9]{2,5}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"), UnitQuery),
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
    ApiQuery(query): ApiQuery<UnitQuery>,
) -> Result<Json<UnitSummary>, ApiError> {
    let unit = find(&state, &unit, query.on).await?;
    authorize(&state, caller.as_ref(), &authorization::UNIT, &[official(&unit)]).await?;
    Ok(Json(view(&state, unit).await?))
}

/// What touched a unit, in date order: its reviews, and each step of the
/// proposals that took from it, into it or formed it.
#[utoipa::path(get, path = "/api/v1/units/{unit}/history", tag = "units", security(("bearer" = [])),
    params(("unit" = String, Path, description = "An official code or a unit id",
        pattern = "^([0-9]{2,5}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"), UnitQuery),
    responses(
        (status = 200, description = "The unit and its history", body = UnitHistory),
        (status = 400, description = "Neither an official code nor a unit id", body = ApiErrorBody),
        (status = 401, description = "Nobody signed in", body = ApiErrorBody),
        (status = 403, description = "The unit lies outside the caller's jurisdiction", body = ApiErrorBody),
        (status = 404, description = "No such unit", body = ApiErrorBody),
    ))]
async fn history(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiPath(unit): ApiPath<String>,
    ApiQuery(query): ApiQuery<UnitQuery>,
) -> Result<Json<UnitHistory>, ApiError> {
    let unit = find(&state, &unit, query.on).await?;
    let target = Target {
        id: unit.id,
        official: false,
    };
    authorize(&state, Some(&caller), &authorization::UNIT_HISTORY, &[target]).await?;
    let unit = view(&state, unit).await?;
    Ok(Json(unit_views::history(&state.database, unit).await?))
}

/// The province officer records a unit's official code. A code is unique
/// among the units in force: one held by another is refused 409 `code_taken`,
/// naming the unit that holds it.
#[utoipa::path(put, path = "/api/v1/units/{unit}/code", tag = "units", security(("bearer" = [])),
    params(("unit" = uuid::Uuid, Path, description = "The unit's id")),
    request_body = CodeRequest,
    responses(
        (status = 200, description = "The unit with its code", body = UnitSummary),
        (status = 400, description = "Not an official code", body = ApiErrorBody),
        (status = 401, description = "Nobody signed in", body = ApiErrorBody),
        (status = 403, description = "Not a province officer, or the unit lies outside the province", body = ApiErrorBody),
        (status = 404, description = "No such unit", body = ApiErrorBody),
        (status = 409, description = "Another unit in force holds the code", body = ApiErrorBody),
    ))]
async fn set_code(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiPath(unit): ApiPath<uuid::Uuid>,
    ApiJson(request): ApiJson<CodeRequest>,
) -> Result<Json<UnitSummary>, ApiError> {
    let found = editable(&state, &caller, &authorization::UNIT_CODE, unit).await?;
    let code = OfficialCode::parse(request.code.trim())
        .map_err(|error| ApiError::bad_request("invalid_code", error.to_string()))?;
    match record_code(&state.database, found.id, &code, caller.officer_id, state.now()).await? {
        CodeOutcome::Recorded(_) => {
            let unit = find(&state, &unit.to_string(), None).await?;
            Ok(Json(view(&state, unit).await?))
        }
        CodeOutcome::Taken { holder, name } => Err(ApiError::new(
            StatusCode::CONFLICT,
            "code_taken",
            format!("the official code {code} is held by {name} ({holder}), a unit in force"),
        )),
        CodeOutcome::NotFound => Err(ApiError::not_found(
            "unit_not_found",
            format!("there is no unit with id {unit}"),
        )),
    }
}

/// "Chờ phân về xã mới": each unit divided among others (Bính Xá, Kiên Mộc in
/// 2025) with the villages still under it, waiting for the province to place
/// each under one of the units its lifecycle names.
#[utoipa::path(get, path = "/api/v1/units/awaiting-assignment", tag = "units", security(("bearer" = [])),
    responses(
        (status = 200, description = "The divided units and their waiting villages", body = Vec<UnitChildren>),
        (status = 401, description = "Nobody signed in", body = ApiErrorBody),
        (status = 403, description = "Not a province officer", body = ApiErrorBody),
    ))]
async fn awaiting(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
) -> Result<Json<Vec<UnitChildren>>, ApiError> {
    // The province officer's own province: the role is what is checked.
    let target = Target {
        id: caller.jurisdiction,
        official: false,
    };
    authorize(&state, Some(&caller), &authorization::UNITS_AWAITING, &[target]).await?;
    let mut lists = Vec::new();
    for parent in state.database.divided_with_waiting_units().await? {
        if !state
            .database
            .ancestors(parent.id)
            .await?
            .contains(&caller.jurisdiction)
        {
            continue;
        }
        let children = state.database.unit_children(parent.id, false).await?;
        let mut units =
            unit_views::with_standing(&state.database, std::iter::once(parent).chain(children).collect()).await?;
        let parent = units.remove(0);
        lists.push(UnitChildren {
            parent,
            children: units,
        });
    }
    Ok(Json(lists))
}

/// The province places a waiting village under one of the units that
/// received a part of its divided commune; it moves with its records.
#[utoipa::path(put, path = "/api/v1/units/{unit}/parent", tag = "units", security(("bearer" = [])),
    params(("unit" = uuid::Uuid, Path, description = "The village's id")),
    request_body = ParentRequest,
    responses(
        (status = 200, description = "The village, placed", body = UnitSummary),
        (status = 401, description = "Nobody signed in", body = ApiErrorBody),
        (status = 403, description = "Not a province officer, or the unit lies outside the province", body = ApiErrorBody),
        (status = 404, description = "No such unit", body = ApiErrorBody),
        (status = 409, description = "The village is not waiting, or the unit did not receive a part of its commune", body = ApiErrorBody),
    ))]
async fn set_parent(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiPath(unit): ApiPath<uuid::Uuid>,
    ApiJson(request): ApiJson<ParentRequest>,
) -> Result<Json<UnitSummary>, ApiError> {
    let found = editable(&state, &caller, &authorization::UNIT_PARENT, unit).await?;
    let placed = place_waiting_unit(
        &state.database,
        found.id,
        request.parent,
        domain::OfficerId(caller.officer_id),
        state.now(),
    )
    .await?;
    match placed {
        Ok(()) => {
            let unit = find(&state, &unit.to_string(), None).await?;
            Ok(Json(view(&state, unit).await?))
        }
        Err(PlacementError::NotWaiting) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_waiting",
            PlacementError::NotWaiting.to_string(),
        )),
        Err(refusal @ PlacementError::NotAReceiver { .. }) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_a_receiver",
            refusal.to_string(),
        )),
    }
}

/// The unit a province edit names, once the caller may make it there.
async fn editable(
    state: &AppState,
    caller: &crate::accounts::Caller,
    route: &authorization::Route,
    unit: uuid::Uuid,
) -> Result<UnitSummary, ApiError> {
    let found = find(state, &unit.to_string(), None).await?;
    let target = Target {
        id: found.id,
        official: false,
    };
    authorize(state, Some(caller), route, &[target]).await?;
    Ok(found)
}

/// Public reference data above the villages; a village needs the jurisdiction.
fn official(unit: &UnitSummary) -> Target {
    Target {
        id: unit.id,
        official: unit.kind.level() != UnitLevel::Village,
    }
}

async fn view(state: &AppState, unit: UnitSummary) -> Result<UnitSummary, ApiError> {
    let mut units = unit_views::with_standing(&state.database, vec![unit]).await?;
    units.pop().ok_or_else(|| ApiError::internal(&"a unit went missing"))
}

pub(super) async fn find(state: &AppState, text: &str, on: Option<NaiveDate>) -> Result<UnitSummary, ApiError> {
    let unit = UnitRef::parse(text).map_err(|error| ApiError::bad_request("invalid_unit_ref", error.to_string()))?;
    state.database.unit(&unit, on).await?.ok_or_else(|| {
        let how = match &unit {
            UnitRef::Code(code) => format!("official code {code}"),
            UnitRef::Id(id) => format!("id {id}"),
        };
        ApiError::not_found("unit_not_found", format!("there is no unit with {how}"))
    })
}
