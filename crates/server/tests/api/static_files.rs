//! The built app at every path outside `/api/`, with cache headers for tablets.

use crate::helpers::{Backend, spawn_app, spawn_app_serving};

const WASM: &str = "sapxep-0123456789abcdef_bg.wasm";

fn built_app() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!DOCTYPE html><title>Sắp xếp</title>").unwrap();
    std::fs::write(dir.path().join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.path().join("manifest.webmanifest"), "{}").unwrap();
    dir
}

#[tokio::test]
async fn index_html_is_always_revalidated() {
    let dist = built_app();
    let app = spawn_app_serving(Backend::Sqlite, dist.path().to_path_buf()).await;
    for path in ["/", "/index.html"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert!(response.text().await.unwrap().contains("Sắp xếp"));
    }
}

#[tokio::test]
async fn hashed_files_are_immutable_and_others_revalidated() {
    let dist = built_app();
    let app = spawn_app_serving(Backend::Sqlite, dist.path().to_path_buf()).await;
    let wasm = app.get(&format!("/{WASM}")).await;
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    let manifest = app.get("/manifest.webmanifest").await;
    assert_eq!(manifest.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn app_routes_get_the_app_and_missing_files_get_404() {
    let dist = built_app();
    let app = spawn_app_serving(Backend::Sqlite, dist.path().to_path_buf()).await;
    let route = app.get("/don-vi/20").await;
    assert_eq!(route.status(), 200);
    assert!(route.text().await.unwrap().contains("<title>Sắp xếp</title>"));
    let missing = app.get("/sapxep-ffffffffffffffff.js").await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn without_a_built_app_the_pages_say_so_and_the_api_works() {
    let app = spawn_app(Backend::Sqlite).await;
    let page = app.get("/").await;
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("cargo xtask serve"));
    app.get_json("/api/v1/units?parent=20", 200).await;
}
