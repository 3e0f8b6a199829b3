//! `GET /api/v1/reports/progress?unit=…&format=json|csv`: the progress of a
//! unit's area, computed by the server from the province's data with the
//! domain function the device runs offline (`crate::reports`).

use super::authorization::{self, Target, authorize};
use super::caller::SignedIn;
use super::extract::ApiQuery;
use super::units::find;
use super::{ApiError, AppState};
use crate::reports;
use axum::Json;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use domain::wire::{ApiErrorBody, ProgressResponse};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(progress))
}

/// How the report is written.
#[derive(Clone, Copy, Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
enum Format {
    #[default]
    Json,
    /// UTF-8 with a byte-order mark, Vietnamese headers: Excel opens it as it is.
    Csv,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ProgressQuery {
    /// The unit whose area is reported: an official code (`20` is Lạng Sơn) or a unit id.
    #[param(pattern = "^([0-9]{2,5}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    unit: String,
    /// `json` (the default) or `csv`.
    format: Option<Format>,
}

/// The progress of the area: units before and now, the reduction, those
/// below the standard or not reviewed, workers against their limits,
/// proposals by status and the open ones longest wait first.
#[utoipa::path(get, path = "/api/v1/reports/progress", tag = "reports", params(ProgressQuery), security(("bearer" = [])), responses(
    (status = 200, description = "The figures (JSON, or CSV with `format=csv`)", body = ProgressResponse),
    (status = 400, description = "The unit is neither an official code nor a unit id", body = ApiErrorBody),
    (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    (status = 403, description = "The unit lies outside the caller's jurisdiction", body = ApiErrorBody),
    (status = 404, description = "No such unit", body = ApiErrorBody),
))]
async fn progress(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    ApiQuery(query): ApiQuery<ProgressQuery>,
) -> Result<Response, ApiError> {
    let unit = find(&state, &query.unit, None).await?;
    let target = Target {
        id: unit.id,
        official: false,
    };
    authorize(&state, Some(&caller), &authorization::REPORT_PROGRESS, &[target]).await?;
    let report = reports::progress(&state.database, &unit, state.now().vietnam_date()).await?;
    match query.format.unwrap_or_default() {
        Format::Json => Ok(Json(report).into_response()),
        Format::Csv => {
            let body = reports::progress_csv(&report).map_err(|error| ApiError::internal(&error))?;
            let name = format!("tien-do-{}.csv", report.unit_id);
            Ok((
                [
                    (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                ],
                body,
            )
                .into_response())
        }
    }
}
