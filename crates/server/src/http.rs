//! Everything HTTP: the routes of the API under `/api/`, the built app at
//! every other path, and the one error format all of them answer with.

mod app_files;
mod error;
mod health;
mod query;
mod units;

use crate::db::Database;
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;

pub use error::ApiError;

/// What every handler may use: the database and where the built app lies.
#[derive(Clone)]
pub struct AppState {
    pub database: Arc<dyn Database>,
    pub app_dir: Arc<PathBuf>,
}

impl AppState {
    pub fn new(database: Arc<dyn Database>, app_dir: PathBuf) -> Self {
        Self {
            database,
            app_dir: Arc::new(app_dir),
        }
    }
}

/// The whole server as a router that tests can call without binding a port.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(units::router())
        .fallback(error::unknown_api_route);
    Router::new()
        .nest("/api", api)
        .merge(app_files::router())
        .with_state(state)
        .layer(CatchPanicLayer::custom(error::panic_response))
}
