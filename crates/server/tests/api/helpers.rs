//! `spawn_app`: a fresh database, the server on a free loopback port, and a client.

use server::config::Config;
use server::db::Database;
use server::http::{AppState, Settings, router};
use server::startup;
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;

/// The password the tests give the first administrator.
pub const ADMIN_PASSWORD: &str = "mật-khẩu-thử-nghiệm";
/// The password of the accounts tests create.
pub const PASSWORD: &str = "mật khẩu cán bộ";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server with its own database.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database: Arc<Database>,
    /// The server's clock (moved by a story to let a day come).
    pub clock: server::clock::Clock,
    /// Kept so that the data folder lives as long as the server.
    _data_dir: TempDir,
}

impl TestApp {
    /// Signs in and returns the token; panics unless it works.
    pub async fn sign_in(&self, username: &str, password: &str) -> String {
        let response = self.sign_in_response(username, password).await;
        assert_eq!(response.status(), 201, "sign-in of {username}");
        let body: serde_json::Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    pub async fn sign_in_response(&self, username: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/sessions"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("the server answers")
    }

    /// A GET with a bearer token.
    pub async fn get_as(&self, token: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("the server answers")
    }

    /// Creates an account directly in the database (as the CLI would).
    pub async fn create_officer(&self, username: &str, role: domain::Role, jurisdiction: &str) -> uuid::Uuid {
        server::accounts::create_officer(
            self.database.as_ref(),
            username,
            "Cán bộ thử",
            role,
            jurisdiction,
            PASSWORD,
        )
        .await
        .unwrap_or_else(|error| panic!("{username}: {error}"))
        .id
    }

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

/// A configuration for `backend` with a fresh, empty database.
pub async fn fresh_config(backend: Backend, app_dir: PathBuf) -> (Config, TempDir) {
    let data_dir = tempfile::tempdir().expect("a temporary folder");
    let mut config = Config::for_data_dir(data_dir.path().to_path_buf(), app_dir);
    config.admin_password = Some(ADMIN_PASSWORD.to_owned());
    if let Backend::Postgres = backend {
        config.database_url = Some(fresh_postgres_database().await);
    }
    (config, data_dir)
}

/// Starts the server on `backend` with a fresh database, serving `app_dir`.
pub async fn spawn_app_serving(backend: Backend, app_dir: PathBuf) -> TestApp {
    spawn_app_with(backend, app_dir, Settings::default()).await
}

/// Starts the server on `backend` with a fresh database and these settings.
pub async fn spawn_app_with(backend: Backend, app_dir: PathBuf, settings: Settings) -> TestApp {
    let (config, data_dir) = fresh_config(backend, app_dir).await;
    spawn_app_on(config, data_dir, settings).await
}

/// Starts the server on the database a configuration names (kept, not fresh).
pub async fn spawn_app_on(config: Config, data_dir: TempDir, settings: Settings) -> TestApp {
    let database = startup::open_database(&config).await.expect("the database opens");
    startup::prepare(database.as_ref(), config.admin_password.as_deref(), &settings.clock)
        .await
        .expect("the database is prepared");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let clock = settings.clock.clone();
    let app = router(AppState::with_settings(
        database.clone(),
        config.app_dir.clone(),
        settings,
    ));
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    TestApp {
        address,
        client: reqwest::Client::new(),
        database,
        clock,
        _data_dir: data_dir,
    }
}

/// A moment before the 2025 reform (15/6/2025, 10:00 in Vietnam): a server
/// on this day holds the 2024 tree of 11 districts and 200 communes, as the
/// province was when the 2018–2025 resolutions were decided.
pub const BEFORE_REFORM: &str = "2025-06-15T10:00";

/// Starts the server on `backend` with a fresh database and a clock set to
/// `BEFORE_REFORM`: the stories of the 2018–2025 procedures replay there.
pub async fn spawn_app_before_reform(backend: Backend) -> TestApp {
    let clock = server::clock::Clock::starting_at(server::clock::parse_start(BEFORE_REFORM).unwrap());
    spawn_app_with(
        backend,
        PathBuf::from("/nonexistent-app-dir"),
        Settings {
            clock,
            ..Settings::default()
        },
    )
    .await
}

/// Starts the server on `backend` with a fresh database and no built app.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_serving(backend, PathBuf::from("/nonexistent-app-dir")).await
}

/// Creates an empty database on the test PostgreSQL server and returns its URL.
pub async fn fresh_postgres_database() -> String {
    // The PostgreSQL stories are ignored unless asked for: asked for, they must run.
    let base = std::env::var("TEST_POSTGRES_URL")
        .expect("a PostgreSQL story was asked to run but TEST_POSTGRES_URL is not set");
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
    url.to_string()
}
