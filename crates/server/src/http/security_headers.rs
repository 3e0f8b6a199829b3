//! Security headers on everything served: a Content-Security-Policy that
//! allows no inline script but the app's loader (by its hash), and the
//! headers that keep browsers from sniffing, framing or leaking referrers.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The Content-Security-Policy for the app in `app_dir`: scripts from the
/// server itself, the inline scripts of `index.html` allowed by their SHA-256
/// (Trunk's loader), and `'wasm-unsafe-eval'` for the app's WebAssembly.
pub fn content_security_policy(app_dir: &Path) -> String {
    let hashes: Vec<String> = std::fs::read_to_string(app_dir.join("index.html"))
        .map(|page| inline_scripts(&page).into_iter().map(script_hash).collect())
        .unwrap_or_default();
    let script_src = std::iter::once("'self'".to_owned())
        .chain(std::iter::once("'wasm-unsafe-eval'".to_owned()))
        .chain(hashes)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The bodies of the inline `<script>` elements of a page (those without `src`).
pub fn inline_scripts(page: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let opening = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else {
            break;
        };
        if !opening.contains(" src=") {
            scripts.push(&after[body_start..body_start + close]);
        }
        rest = &after[body_start + close..];
    }
    scripts
}

fn script_hash(script: &str) -> String {
    let digest = Sha256::digest(script.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// Adds the security headers to a response.
pub async fn add_security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed: [(&str, &str); 5] = [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        (
            "permissions-policy",
            "geolocation=(self), camera=(), microphone=(), payment=()",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    if let Ok(policy) = HeaderValue::from_str(&state.content_security_policy) {
        headers.insert(HeaderName::from_static("content-security-policy"), policy);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_and_skips_external_ones() {
        let page = "<script type=\"module\">import init from '/app.js';</script><script src=\"/x.js\"></script>";
        assert_eq!(inline_scripts(page), vec!["import init from '/app.js';"]);
    }

    #[test]
    fn hashes_as_csp_expects() {
        // echo -n "alert(1)" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }
}
