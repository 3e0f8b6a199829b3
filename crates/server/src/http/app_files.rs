//! The built app (Trunk's `dist/`) at every path outside `/api/`, with cache
//! headers that let a tablet keep hashed files forever and always revalidate
//! `index.html`, so that a new release is seen on the next start.

use super::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Cache header of files whose name carries a content hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache header of everything else: use only after revalidating.
const REVALIDATE: &str = "no-cache";

pub fn router() -> Router<AppState> {
    // The app's files go gzip-compressed to browsers that accept it (the
    // wasm shrinks to about 40 %).
    Router::new()
        .fallback(serve_app_file)
        .layer(tower_http::compression::CompressionLayer::new())
}

async fn serve_app_file(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        // No route of the API matched: a JSON 404, never the app's page.
        return super::error::unknown_api_route(axum::extract::OriginalUri(request.uri().clone()))
            .await
            .into_response();
    }
    let file_name = path.rsplit('/').next().unwrap_or_default().to_owned();
    let served = match ServeDir::new(state.app_dir.as_path()).oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if served.status() == StatusCode::NOT_FOUND && !file_name.contains('.') {
        // A route of the app (e.g. /don-vi/20): the app's own router handles it.
        return index_html(&state).await;
    }
    with_cache_header(served, has_content_hash(&file_name))
}

async fn index_html(state: &AppState) -> Response {
    match tokio::fs::read(state.app_dir.join("index.html")).await {
        Ok(page) => with_cache_header(
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response(),
            false,
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Ứng dụng chưa được dựng (dist/ trống). The app is not built: run `cargo xtask serve`.",
        )
            .into_response(),
    }
}

fn with_cache_header(mut response: Response, immutable: bool) -> Response {
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let value = if immutable { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Whether a file name carries Trunk's content hash: `-` then its 64-bit
/// hash in hex, which Trunk writes without leading zeros (16 digits, one
/// hash in sixteen 15, …; 13 to 16 are taken), e.g.
/// `sapxep-1a2b3c4d5e6f7a8b_bg.wasm`, `sapxep-5c7272bf2167abd.js`.
pub fn has_content_hash(file_name: &str) -> bool {
    file_name.match_indices('-').any(|(at, _)| {
        let rest = &file_name.as_bytes()[at + 1..];
        let digits = rest.iter().take_while(|byte| byte.is_ascii_hexdigit()).count();
        (13..=16).contains(&digits) && matches!(rest.get(digits), Some(b'.' | b'_'))
    })
}

#[cfg(test)]
mod tests {
    use super::has_content_hash;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(has_content_hash("sapxep-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(has_content_hash("sapxep-1a2b3c4d5e6f7a8b.js"));
        assert!(has_content_hash("main-00ff00ff00ff00ff.css"));
        assert!(
            has_content_hash("sapxep-5c7272bf2167abd_bg.wasm"),
            "a hash with a leading zero, written without it"
        );
    }

    #[test]
    fn leaves_unhashed_names_revalidated() {
        assert!(!has_content_hash("index.html"));
        assert!(!has_content_hash("manifest.webmanifest"));
        assert!(!has_content_hash("icon.svg"));
        assert!(!has_content_hash("sw.js"));
        assert!(!has_content_hash("tiny-abc.js"));
    }
}
