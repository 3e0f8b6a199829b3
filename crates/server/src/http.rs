//! Everything HTTP: the routes of the API under `/api/` (described by the
//! OpenAPI document they generate), the built app at every other path, the
//! one error format, authorization, limits and security headers.

mod app_files;
pub mod authorization;
mod caller;
mod error;
mod extract;
mod health;
mod officers;
mod openapi;
mod reports;
mod rule_sets;
pub mod security_headers;
mod sessions;
mod sheets;
mod sync;
mod units;

use crate::config::Config;
use crate::db::Database;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::decompression::RequestDecompressionLayer;
use utoipa_axum::router::OpenApiRouter;

pub use error::ApiError;

/// The largest request body accepted (a push of mutations will ask for more).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Settings the handlers read.
#[derive(Clone, Debug)]
pub struct Settings {
    pub session_lifetime: Duration,
    pub trust_forwarded_for: bool,
    pub cors_origins: Vec<String>,
    /// The server's clock (the system's unless a test or drill moves it).
    pub clock: crate::clock::Clock,
}

impl Settings {
    pub fn from_config(config: &Config) -> Self {
        Self {
            session_lifetime: config.session_lifetime,
            trust_forwarded_for: config.trust_forwarded_for,
            cors_origins: config.cors_origins.clone(),
            clock: config.clock(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            session_lifetime: crate::accounts::SESSION_LIFETIME,
            trust_forwarded_for: false,
            cors_origins: Vec::new(),
            clock: crate::clock::Clock::system(),
        }
    }
}

/// What every handler may use. The server keeps no other state: several
/// servers can run on one database.
#[derive(Clone)]
pub struct AppState {
    pub database: Arc<Database>,
    pub app_dir: Arc<PathBuf>,
    pub settings: Arc<Settings>,
    pub content_security_policy: Arc<str>,
}

impl AppState {
    /// The time now, by the server's clock.
    pub fn now(&self) -> domain::Timestamp {
        self.settings.clock.now()
    }

    pub fn new(database: Arc<Database>, app_dir: PathBuf) -> Self {
        Self::with_settings(database, app_dir, Settings::default())
    }

    pub fn with_settings(database: Arc<Database>, app_dir: PathBuf, settings: Settings) -> Self {
        let content_security_policy = security_headers::content_security_policy(&app_dir).into();
        Self {
            database,
            app_dir: Arc::new(app_dir),
            settings: Arc::new(settings),
            content_security_policy,
        }
    }
}

/// The API's routes with their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::document())
        .merge(health::router())
        .merge(units::router())
        .merge(rule_sets::router())
        .merge(sessions::router())
        .merge(officers::router())
        .merge(sync::router())
        .merge(reports::router())
        .merge(sheets::router())
}

/// The whole server as a router that tests can call without binding a port.
pub fn router(state: AppState) -> Router {
    let (api, document) = api().split_for_parts();
    let document = Arc::new(document);
    let api = api
        .route(
            authorization::OPENAPI.path,
            axum::routing::get(move || openapi::serve(document.clone())),
        )
        // The limits are ours (`body_limit`), applied after decompression.
        .layer(axum::middleware::from_fn(body_limit))
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::map_response(caller::challenge_on_401))
        // Pushes may come gzip-compressed; answers are compressed when the client accepts it.
        .layer(RequestDecompressionLayer::new())
        .layer(CompressionLayer::new());
    let cors = cors(&state.settings.cors_origins);
    Router::new()
        .merge(api)
        .merge(app_files::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security_headers::add_security_headers,
        ))
        .layer(cors)
        .with_state(state)
        .layer(CatchPanicLayer::custom(error::panic_response))
}

/// The body limit of a request: larger for a push of mutations (applied
/// after decompression, so a small gzip cannot expand without bound).
async fn body_limit(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let limit = match request.uri().path() {
        path if path == authorization::SYNC_PUSH.path => sync::MAX_PUSH_BYTES,
        path if path == authorization::SHEET_ROWS.path || path == authorization::SHEET_WORKBOOK.path => {
            sheets::MAX_SHEET_BYTES
        }
        _ => MAX_BODY_BYTES,
    };
    let (parts, body) = request.into_parts();
    let limited = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(axum::extract::Request::from_parts(parts, limited)).await
}

/// CORS: closed (no header) unless origins are configured.
fn cors(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    if allowed.is_empty() {
        return CorsLayer::new();
    }
    CorsLayer::new()
        .allow_origin(allowed)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::CONTENT_ENCODING])
}
