//! The OpenAPI document, generated from the handlers' annotations so that it
//! cannot drift from the code, served at `/api/openapi.json`.

use axum::Json;
use std::sync::Arc;
use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sắp xếp API",
        description = "The provincial server of Sắp xếp: reference units, officers' sessions and accounts. Errors are JSON `{\"error\": {\"code\", \"message\"}}`.",
        version = "1"
    ),
    modifiers(&BearerToken),
    tags(
        (name = "units", description = "Administrative units"),
        (name = "rules", description = "The legal standards"),
        (name = "sessions", description = "Signing in and out"),
        (name = "officers", description = "Accounts, for administrators"),
        (name = "server", description = "The server itself")
    )
)]
struct ApiDocument;

/// Declares the bearer token that signed-in routes need.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A session token from POST /api/v1/sessions"))
                    .build(),
            ),
        );
    }
}

/// The document's frame; the routes add their paths and schemas.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDocument::openapi()
}

/// `GET /api/openapi.json`.
pub async fn serve(document: Arc<utoipa::openapi::OpenApi>) -> Json<utoipa::openapi::OpenApi> {
    Json(document.as_ref().clone())
}
