//! Excel for the app, so that the app's download does not carry a zip and XML
//! reader and writer (CSV is read and written on the device, offline):
//! `POST /api/v1/sheets/rows` reads a workbook (.xlsx) into rows of text — its
//! first sheet, cells as an officer sees them — for the import, which checks
//! and matches the rows on the device with the domain's rules
//! (`domain::import`); `POST /api/v1/sheets/workbook` writes a list the
//! device made (`domain::spreadsheet::Sheet`) as a workbook.

use super::authorization::{self, authorize};
use super::caller::SignedIn;
use super::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use calamine::{Data, Reader, Xlsx};
use domain::NaiveDate;
use domain::import::Table;
use domain::spreadsheet::Sheet;
use domain::wire::ApiErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest workbook read: 10 MiB (a list of 2,000 villages is about 100 KB).
pub const MAX_SHEET_BYTES: usize = 10 * 1024 * 1024;
/// The most rows read from a sheet.
const MAX_ROWS: usize = 20_000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(rows)).routes(routes!(workbook))
}

/// Excel's day 0 (its serial dates count from 30/12/1899).
fn excel_date(serial: f64) -> Option<String> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor();
    if !(0.0..=2_958_465.0).contains(&days) {
        return None;
    }
    let date = epoch.checked_add_signed(domain::TimeDelta::try_days(days as i64)?)?;
    Some(domain::format::date_vi(date))
}

/// A cell as text, as the officer sees it: whole numbers without decimals,
/// dates as dd/mm/yyyy.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Float(value) if value.fract() == 0.0 && value.abs() < 1e15 => format!("{}", *value as i64),
        Data::Float(value) => value.to_string(),
        Data::Int(value) => value.to_string(),
        Data::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(value) => excel_date(value.as_f64()).unwrap_or_default(),
    }
}

/// The first sheet of a workbook as rows, row 1 first, column A first.
fn read(bytes: &[u8]) -> Result<Table, ApiError> {
    let unreadable = || {
        ApiError::bad_request(
            "invalid_workbook",
            "Tệp không phải bảng tính Excel (.xlsx) đọc được. Hãy lưu lại dưới dạng .xlsx hoặc .csv.",
        )
    };
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ApiError::bad_request("empty_workbook", "Bảng tính không có trang nào."))?
        .map_err(|_| unreadable())?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    if range.height() > MAX_ROWS {
        return Err(ApiError::bad_request(
            "too_many_rows",
            format!(
                "Bảng tính có {} dòng; mỗi lần nhập tối đa {MAX_ROWS} dòng.",
                range.height()
            ),
        ));
    }
    let mut records: Vec<Vec<String>> = vec![Vec::new(); first_row as usize];
    for row in range.rows() {
        let mut record = vec![String::new(); first_column as usize];
        record.extend(row.iter().map(text));
        records.push(record);
    }
    Ok(Table::from_records(records))
}

/// The first sheet of the workbook sent as the body, as rows of text.
#[utoipa::path(post, path = "/api/v1/sheets/rows", tag = "import", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The bytes of an .xlsx file, at most 10 MiB (sent as application/octet-stream or as the .xlsx media type)"),
    responses(
        (status = 200, description = "The first sheet: its header row and the rows under it", body = Table),
        (status = 400, description = "Not a readable .xlsx, or too many rows", body = ApiErrorBody),
        (status = 401, description = "Nobody signed in", body = ApiErrorBody),
        (status = 413, description = "Larger than 10 MiB", body = ApiErrorBody),
    ))]
async fn rows(State(state): State<AppState>, SignedIn(caller): SignedIn, body: Bytes) -> Result<Json<Table>, ApiError> {
    authorize(&state, Some(&caller), &authorization::SHEET_ROWS, &[]).await?;
    let table = tokio::task::spawn_blocking(move || read(&body))
        .await
        .map_err(|error| ApiError::internal(&error))??;
    Ok(Json(table))
}

/// The most cells a list written as a workbook may hold.
const MAX_CELLS: usize = 2_000_000;

/// A list the device made, written as an Excel workbook of one sheet.
#[utoipa::path(post, path = "/api/v1/sheets/workbook", tag = "import", security(("bearer" = [])),
    request_body(content = Sheet, description = "The list: its title, header and rows of text"),
    responses(
        (status = 200, description = "The workbook (.xlsx)", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "Not a list, or too large", body = ApiErrorBody),
        (status = 401, description = "Nobody signed in", body = ApiErrorBody),
    ))]
async fn workbook(
    State(state): State<AppState>,
    SignedIn(caller): SignedIn,
    super::extract::ApiJson(list): super::extract::ApiJson<Sheet>,
) -> Result<Response, ApiError> {
    authorize(&state, Some(&caller), &authorization::SHEET_WORKBOOK, &[]).await?;
    let cells: usize = list.rows.iter().map(Vec::len).sum::<usize>() + list.header.len();
    if cells > MAX_CELLS || list.header.len() > 1_000 {
        return Err(ApiError::bad_request(
            "too_many_rows",
            format!("Danh sách quá lớn để ghi thành một bảng tính (tối đa {MAX_CELLS} ô)."),
        ));
    }
    let body = tokio::task::spawn_blocking(move || crate::reports::spreadsheet::sheet_xlsx(&list))
        .await
        .map_err(|error| ApiError::internal(&error))?
        .map_err(|error| ApiError::internal(&error))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"danh-sach.xlsx\"".to_owned(),
            ),
        ],
        body,
    )
        .into_response())
}
