//! `sapxep-server`: starts the provincial server with its configuration from
//! the environment (see the README).

use server::config::Config;
use server::startup;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SAPXEP_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match arguments.first().map(String::as_str) {
        None | Some("serve") => {}
        Some(other) => {
            eprintln!("sapxep-server: unknown command {other:?}; usage: sapxep-server [serve]");
            return ExitCode::from(2);
        }
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("sapxep-server: {error}");
            return ExitCode::from(2);
        }
    };
    match startup::run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sapxep-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}
