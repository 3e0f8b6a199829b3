//! The OpenAPI document is generated from the routes: it lists exactly the
//! routes of the authorization table, and it is served with the app.

use crate::helpers::{Backend, spawn_app, spawn_app_with};
use server::http::Settings;
use server::http::authorization::ROUTES;

#[tokio::test]
async fn the_document_lists_every_route_and_only_those() {
    let app = spawn_app(Backend::Sqlite).await;
    let document = app.get_json("/api/openapi.json", 200).await;
    assert_eq!(document["info"]["title"], "Sắp xếp API");
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    documented.push(("GET".to_owned(), "/api/openapi.json".to_owned()));
    documented.sort();
    let mut routes: Vec<(String, String)> = ROUTES
        .iter()
        .map(|route| (route.method.to_owned(), route.path.to_owned()))
        .collect();
    routes.sort();
    assert_eq!(documented, routes);
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
}

#[tokio::test]
async fn security_headers_are_on_everything_and_cors_is_closed_by_default() {
    let dist = tempfile::tempdir().unwrap();
    let loader = "import init from '/sapxep-0123456789abcdef.js'; await init();";
    std::fs::write(
        dist.path().join("index.html"),
        format!("<!DOCTYPE html><script type=\"module\">{loader}</script>"),
    )
    .unwrap();
    let app = crate::helpers::spawn_app_serving(Backend::Sqlite, dist.path().to_path_buf()).await;
    for path in ["/", "/api/health", "/api/v1/units?parent=99", "/api/nothing"] {
        let response = app
            .client
            .get(app.url(path))
            .header("origin", "https://elsewhere.example")
            .send()
            .await
            .unwrap();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{policy}"
        );
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(
            headers.get("access-control-allow-origin").is_none(),
            "CORS closed by default: {path}"
        );
    }
    let policy = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader.as_bytes()));
    assert!(
        policy.contains(&format!("'sha256-{hash}'")),
        "the loader's own hash: {policy}"
    );
}

#[tokio::test]
async fn cors_opens_only_to_the_configured_origins() {
    let settings = Settings {
        cors_origins: vec!["https://quantri.langson.gov.vn".to_owned()],
        ..Settings::default()
    };
    let app = spawn_app_with(Backend::Sqlite, "/nonexistent".into(), settings).await;
    let allowed = app
        .client
        .get(app.url("/api/health"))
        .header("origin", "https://quantri.langson.gov.vn")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://quantri.langson.gov.vn"
    );
    let other = app
        .client
        .get(app.url("/api/health"))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
}
