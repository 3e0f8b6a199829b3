//! `GET /api/v1/reports/progress?unit=…&year=YYYY&format=json|csv|xlsx`: the
//! progress of a unit's area, computed by the server from the province's data
//! with the domain function the device runs offline (`crate::reports`).

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
    /// An Excel workbook, one sheet per section, numbers as numbers.
    Xlsx,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ProgressQuery {
    /// The unit whose area is reported: an official code (`20` is Lạng Sơn) or a unit id.
    #[param(pattern = "^([0-9]{2,5}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    unit: String,
    /// The year whose changes are reported (2018 to this year; this year by default).
    #[param(minimum = 2018, maximum = 2100)]
    year: Option<i32>,
    /// `json` (the default), `csv` or `xlsx`.
    format: Option<Format>,
}

/// The first year the product reports: the 2018 plan.
const FIRST_YEAR: i32 = 2018;

/// The progress of the area: units before and now, the reduction, those
/// below the standard or not reviewed, workers against their limits,
/// proposals by status and the open ones longest wait first.
#[utoipa::path(get, path = "/api/v1/reports/progress", tag = "reports", params(ProgressQuery), security(("bearer" = [])), responses(
    (status = 200, description = "The figures (JSON, or CSV with `format=csv`, XLSX with `format=xlsx`)", body = ProgressResponse),
    (status = 400, description = "The unit is neither an official code nor a unit id, or the year is outside 2018 to this year", body = ApiErrorBody),
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
    let today = state.now().vietnam_date();
    let this_year = domain::Datelike::year(&today);
    let year = query.year.unwrap_or(this_year);
    if !(FIRST_YEAR..=this_year).contains(&year) {
        return Err(ApiError::bad_request(
            "invalid_year",
            format!("Năm báo cáo phải từ {FIRST_YEAR} đến {this_year}; đã nhận {year}."),
        ));
    }
    let report = reports::progress(&state.database, &unit, year, today).await?;
    let format = query.format.unwrap_or_default();
    if let Format::Json = format {
        return Ok(Json(report).into_response());
    }
    let tables = reports::tables::tables(&report, year);
    let (body, kind, extension) = match format {
        Format::Csv => (
            reports::spreadsheet::csv(&tables).map_err(|error| ApiError::internal(&error))?,
            "text/csv; charset=utf-8",
            "csv",
        ),
        _ => (
            reports::spreadsheet::xlsx(&tables).map_err(|error| ApiError::internal(&error))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let name = format!("tien-do-{}-{year}.{extension}", report.unit_id);
    Ok((
        [
            (CONTENT_TYPE, kind.to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}
