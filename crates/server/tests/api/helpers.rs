//! `spawn_app`: a fresh database, the server on a free loopback port, and a client.

use server::config::Config;
use server::db::Database;
use server::http::{AppState, router};
use server::startup;
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;

/// The password the tests give the first administrator.
pub const ADMIN_PASSWORD: &str = "mật-khẩu-thử-nghiệm";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server with its own database.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database: Arc<dyn Database>,
    /// Kept so that the data folder lives as long as the server.
    _data_dir: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    /// GETs `path` and reads the JSON body, asserting the status.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert_eq!(content_type, "application/json", "GET {path}");
        response.json().await.expect("a JSON body")
    }
}

/// A configuration for `backend` with a fresh, empty database; `None` when the
/// backend is PostgreSQL and no test server is configured.
pub async fn fresh_config(backend: Backend, app_dir: PathBuf) -> Option<(Config, TempDir)> {
    let data_dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = Config::for_data_dir(data_dir.path().to_path_buf(), app_dir);
    config.admin_password = Some(ADMIN_PASSWORD.to_owned());
    if let Backend::Postgres = backend {
        config.database_url = Some(fresh_postgres_database().await?);
    }
    Some((config, data_dir))
}

/// Starts the server on `backend` with a fresh database, serving `app_dir`.
pub async fn spawn_app_serving(backend: Backend, app_dir: PathBuf) -> Option<TestApp> {
    let (config, data_dir) = fresh_config(backend, app_dir).await?;
    let database = startup::open_database(&config).await.expect("the database opens");
    startup::prepare(database.as_ref(), config.admin_password.as_deref())
        .await
        .expect("the database is prepared");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let app = router(AppState::new(database.clone(), config.app_dir.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Some(TestApp {
        address,
        client: reqwest::Client::new(),
        database,
        _data_dir: data_dir,
    })
}

/// Starts the server on `backend` with a fresh database and no built app.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_serving(backend, PathBuf::from("/nonexistent-app-dir")).await
}

/// Creates an empty database on the test PostgreSQL server and returns its URL.
async fn fresh_postgres_database() -> Option<String> {
    let Ok(base) = std::env::var("TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("SAPXEP_REQUIRE_POSTGRES").is_none(),
            "SAPXEP_REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not"
        );
        eprintln!("skipped: TEST_POSTGRES_URL is not set");
        return None;
    };
    let name = format!("sapxep_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&base)
        .await
        .expect("TEST_POSTGRES_URL connects");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("a test database");
    let mut url = reqwest::Url::parse(&base).expect("TEST_POSTGRES_URL is a URL");
    url.set_path(&format!("/{name}"));
    Some(url.to_string())
}
