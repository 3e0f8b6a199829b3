//! Calls to the provincial server's API, and what their failures mean to an officer.

pub mod error;

pub mod officers;

use domain::wire::{ApiErrorBody, UnitChildren, UnitSummary};
pub use error::ApiClientError;

/// Fetches the units directly under `parent` (an official code such as `20`,
/// or a unit's UUID).
pub async fn fetch_unit_children(parent: &str) -> Result<UnitChildren, ApiClientError> {
    let url = format!("{}/api/v1/units?parent={parent}", server_origin()?);
    let response = reqwest::get(&url)
        .await
        .map_err(|error| ApiClientError::Unreachable(error.to_string()))?;
    answer(response).await
}

/// The villages of divided communes that wait to be placed under one of the
/// receivers ("Chờ phân về xã mới"), for a province officer.
pub async fn fetch_awaiting_assignment(token: &str) -> Result<Vec<UnitChildren>, ApiClientError> {
    answer(get_signed(token, "/api/v1/units/awaiting-assignment").await?).await
}

/// A GET of `path` on the server the app came from, as the signed-in officer.
async fn get_signed(token: &str, path: &str) -> Result<reqwest::Response, ApiClientError> {
    let url = format!("{}{path}", server_origin()?);
    reqwest::Client::new()
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|error| ApiClientError::Unreachable(error.to_string()))
}

/// Places a waiting village under `parent`; the server moves it with its records.
pub async fn place_unit(token: &str, unit: uuid::Uuid, parent: uuid::Uuid) -> Result<UnitSummary, ApiClientError> {
    let url = format!("{}/api/v1/units/{unit}/parent", server_origin()?);
    let response = reqwest::Client::new()
        .put(&url)
        .bearer_auth(token)
        .json(&serde_json::json!({ "parent": parent }))
        .send()
        .await
        .map_err(|error| ApiClientError::Unreachable(error.to_string()))?;
    answer(response).await
}

/// The progress report of a unit's area for `year` as the server computes
/// it, as a spreadsheet file (`format` is `csv`, UTF-8 with a byte-order mark
/// for Excel, or `xlsx`): the bytes as the server wrote them.
pub async fn fetch_progress_file(
    token: &str,
    unit: uuid::Uuid,
    year: i32,
    format: &str,
) -> Result<Vec<u8>, ApiClientError> {
    let response = get_signed(
        token,
        &format!("/api/v1/reports/progress?unit={unit}&year={year}&format={format}"),
    )
    .await?;
    file_answer(response).await
}

/// An Excel workbook read by the server into rows (its first sheet), for the
/// import to check on the device.
pub async fn read_workbook(token: &str, bytes: Vec<u8>) -> Result<domain::import::Table, ApiClientError> {
    let url = format!("{}/api/v1/sheets/rows", server_origin()?);
    let response = reqwest::Client::new()
        .post(&url)
        .bearer_auth(token)
        .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        .body(bytes)
        .send()
        .await
        .map_err(|error| ApiClientError::Unreachable(error.to_string()))?;
    answer(response).await
}

/// A list written by the server as an Excel workbook.
pub async fn write_workbook(token: &str, sheet: &domain::spreadsheet::Sheet) -> Result<Vec<u8>, ApiClientError> {
    let url = format!("{}/api/v1/sheets/workbook", server_origin()?);
    let response = reqwest::Client::new()
        .post(&url)
        .bearer_auth(token)
        .json(sheet)
        .send()
        .await
        .map_err(|error| ApiClientError::Unreachable(error.to_string()))?;
    file_answer(response).await
}

/// A success's bytes as the server wrote them (a file), or its refusal.
async fn file_answer(response: reqwest::Response) -> Result<Vec<u8>, ApiClientError> {
    if response.status().is_success() {
        return response
            .bytes()
            .await
            .map(|bytes| bytes.to_vec())
            .map_err(|error| ApiClientError::UnexpectedAnswer(error.to_string()));
    }
    answer::<Vec<u8>>(response).await
}

/// A success's body, or the server's refusal.
pub(crate) async fn answer<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T, ApiClientError> {
    let status = response.status();
    if status.is_success() {
        return response
            .json::<T>()
            .await
            .map_err(|error| ApiClientError::UnexpectedAnswer(error.to_string()));
    }
    match response.json::<ApiErrorBody>().await {
        Ok(body) => Err(ApiClientError::Refused {
            status: status.as_u16(),
            code: body.error.code,
            message: body.error.message,
            invalid: body.error.invalid,
        }),
        Err(_) => Err(ApiClientError::UnexpectedAnswer(format!("HTTP {status}"))),
    }
}

/// The origin the app was loaded from: the provincial server serves both the
/// app and the API.
pub(crate) fn server_origin() -> Result<String, ApiClientError> {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .ok_or_else(|| ApiClientError::Unreachable("no browser window".to_owned()))
}
