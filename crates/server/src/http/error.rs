//! The one error type at the HTTP boundary: a status, a stable code and a
//! sentence, answered as JSON. Internal details are logged, never sent.

use axum::Json;
use axum::extract::OriginalUri;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::wire::{ApiErrorBody, ApiErrorDetail};
use uuid::Uuid;

/// An error answered to the client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub request_id: Option<String>,
    /// The field refused and why, for a client to word in its language.
    pub invalid: Option<Box<domain::ValidationError>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            request_id: None,
            invalid: None,
        }
    }

    /// A field refused by a rule of the domain (422): the English sentence,
    /// and the refusal itself for the app to say in Vietnamese.
    pub fn invalid_field(error: domain::ValidationError) -> Self {
        Self {
            invalid: Some(Box::new(error.clone())),
            ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", error.to_string())
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// A failure that is the server's own: logged in full under a fresh id,
    /// answered with that id and nothing else.
    pub fn internal(error: &dyn std::fmt::Display) -> Self {
        let request_id = Uuid::now_v7().to_string();
        tracing::error!(%request_id, %error, "internal error");
        Self {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal_error",
            message: "the server failed to answer; the failure is logged under this request id".to_owned(),
            request_id: Some(request_id),
            invalid: None,
        }
    }
}

impl From<crate::db::DbError> for ApiError {
    /// What storage refuses by a constraint is the caller's conflict, named
    /// (409), never a 500; anything else is the server's failure.
    fn from(error: crate::db::DbError) -> Self {
        use crate::db::DbError;
        match error {
            DbError::CodeTaken(code) => ApiError::new(
                StatusCode::CONFLICT,
                "code_taken",
                format!("the official code {code} is held by another unit in force"),
            ),
            DbError::AlreadyExists(what) => {
                ApiError::new(StatusCode::CONFLICT, "already_exists", format!("{what} already exists"))
            }
            DbError::Sqlx(sqlx::Error::Database(database)) if database.is_unique_violation() => ApiError::new(
                StatusCode::CONFLICT,
                "already_exists",
                "a record with the same key already exists",
            ),
            other => ApiError::internal(&other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ApiErrorBody {
            error: ApiErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                request_id: self.request_id,
                invalid: self.invalid.map(|invalid| *invalid),
            },
        };
        (self.status, Json(body)).into_response()
    }
}

/// The answer for a path under `/api/` that no route serves.
pub async fn unknown_api_route(OriginalUri(uri): OriginalUri) -> ApiError {
    let path: String = uri.path().chars().take(200).collect();
    ApiError::not_found("no_such_route", format!("there is no API route at {path}"))
}

/// The answer when a handler panicked: a 500 with the same JSON shape.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
        .unwrap_or_else(|| "unknown panic".to_owned());
    ApiError::internal(&format!("panic: {detail}")).into_response()
}
