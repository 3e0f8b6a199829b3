//! Starting the server: open and migrate the database, load the reference
//! units, make sure an administrator exists, then serve until told to stop.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Database, ReferenceLoad};
use crate::first_administrator::{FirstAdministrator, ensure_first_administrator};
use crate::http::{self, AppState};
use crate::reference_data;
use crate::sync::procedure::{ReformOutcome, carry_out_reform};
use anyhow::Context;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;

/// Opens the configured database and brings its schema up to date.
pub async fn open_database(config: &Config) -> anyhow::Result<Arc<Database>> {
    let started = Instant::now();
    let database = db::connect(config.database_url.as_deref(), &config.data_dir).await?;
    database.migrate().await?;
    let place = match &config.database_url {
        Some(_) => "DATABASE_URL".to_owned(),
        None => config.data_dir.join(db::SQLITE_FILE_NAME).display().to_string(),
    };
    step(
        &format!("database: {} at {place}, migrated", database.backend()),
        started,
    );
    Ok(database)
}

/// Makes a migrated database ready to serve: the reference units loaded, the
/// 2025 reform carried out once its day has come on `clock` (a fresh database
/// and one made with the 2024 list alike, once), and an administrator
/// present. Safe to run at every start.
pub async fn prepare(database: &Database, admin_password: Option<&str>, clock: &Clock) -> anyhow::Result<()> {
    let started = Instant::now();
    let reference = reference_data::lang_son_2024().context("the shipped reference data is unreadable")?;
    match database
        .load_reference_units(&reference.version, &reference.units, &reference.records())
        .await?
    {
        ReferenceLoad::AlreadyLoaded => step(
            &format!("reference units: {} already loaded", reference.version),
            started,
        ),
        ReferenceLoad::Loaded { inserted } => step(
            &format!(
                "reference units: {} loaded, {inserted} of {} new",
                reference.version,
                reference.units.len()
            ),
            started,
        ),
    }

    let started = Instant::now();
    let reform = reference_data::reform_2025::lang_son_2025(&reference)
        .context("the shipped 2025 reform lists are unreadable")?;
    match carry_out_reform(database, &reform, clock.now()).await? {
        ReformOutcome::Done { units } => step(
            &format!(
                "reform {}: carried out, {units} unit records written ({}, in effect {})",
                reform.name,
                reform.citation.vi,
                domain::format::date_vi(reform.effective)
            ),
            started,
        ),
        ReformOutcome::AlreadyDone => step(&format!("reform {}: already carried out", reform.name), started),
        ReformOutcome::NotYet => step(
            &format!(
                "reform {}: not yet (in effect {})",
                reform.name,
                domain::format::date_vi(reform.effective)
            ),
            started,
        ),
        ReformOutcome::CannotPlan(why) => {
            tracing::error!(%why, "the 2025 reform cannot be carried out on this database; tried again at the next start");
            step(&format!("reform {}: NOT carried out: {why}", reform.name), started);
        }
    }

    let started = Instant::now();
    let accounts = crate::accounts::follow_ended_units(database, clock.now())
        .await
        .context("the accounts over units that ended could not be updated")?;
    if accounts != crate::accounts::AccountsAfterReform::default() {
        step(
            &format!(
                "accounts: {} moved with their commune, {} waiting to be reassigned",
                accounts.moved, accounts.waiting
            ),
            started,
        );
    }

    let started = Instant::now();
    let province = &reference.units[0].code;
    match ensure_first_administrator(database, province, admin_password).await? {
        FirstAdministrator::AlreadyPresent => step("administrator: present", started),
        FirstAdministrator::CreatedWithGivenPassword => step(
            "administrator: created 'admin' with the password from SAPXEP_ADMIN_PASSWORD",
            started,
        ),
        FirstAdministrator::CreatedWithGeneratedPassword(password) => {
            step("administrator: created 'admin'", started);
            println!();
            println!("  First administrator: username admin, password {password}");
            println!("  This password is shown only once. Write it down and change it.");
            println!();
        }
    }
    Ok(())
}

/// Prepares the database and serves the app and the API until SIGINT or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let database = open_database(&config).await?;
    prepare(database.as_ref(), config.admin_password.as_deref(), &config.clock()).await?;
    let listener = TcpListener::bind(&config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let address = listener.local_addr()?;
    if !config.app_dir.join("index.html").is_file() {
        tracing::warn!(app_dir = %config.app_dir.display(), "the built app is missing: the API works, the app pages do not");
    }
    let settings = http::Settings::from_config(&config);
    // Decisions dated ahead are carried out when their day begins: at start
    // (a server that was down that day catches up), then every minute.
    tokio::spawn(crate::sync::procedure::run_schedule(
        database.clone(),
        settings.clock.clone(),
    ));
    let router = http::router(AppState::with_settings(
        database.clone(),
        config.app_dir.clone(),
        settings,
    ));
    let shutdown = shutdown_signal().context("cannot listen for SIGINT and SIGTERM")?;
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    match &config.tls {
        None => {
            println!("listening on http://{address}");
            axum::serve(listener, service).with_graceful_shutdown(shutdown).await?;
        }
        Some(files) => {
            // HTTPS of its own (rustls with ring): a tablet that opens the
            // server by a LAN address needs a secure context for the
            // service worker and persistent storage.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let tls = axum_server::tls_rustls::RustlsConfig::from_pem_file(&files.cert, &files.key)
                .await
                .with_context(|| {
                    format!(
                        "cannot read the certificate {} and its key {} (PEM files)",
                        files.cert.display(),
                        files.key.display()
                    )
                })?;
            let handle = axum_server::Handle::new();
            let stopping = handle.clone();
            tokio::spawn(async move {
                shutdown.await;
                stopping.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
            });
            let listener = listener.into_std()?;
            println!("listening on https://{address}");
            axum_server::from_tcp_rustls(listener, tls)?
                .handle(handle)
                .serve(service)
                .await?;
        }
    }
    database.close().await;
    println!("stopped");
    Ok(())
}

fn step(what: &str, started: Instant) {
    println!("{what} ({} ms)", started.elapsed().as_millis());
}

/// Listens for SIGINT (Ctrl-C) and SIGTERM from the moment it is created, so
/// that a signal sent right after "listening on" is printed is not missed.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
            println!("shutting down: finishing running requests");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            println!("shutting down: finishing running requests");
        })
    }
}
