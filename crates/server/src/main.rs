//! `sapxep-server`: serves the app and the API, or runs an account command,
//! with its configuration from the environment (see the README).

use clap::Parser;
use server::cli::{Cli, Command, run_account_command};
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
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("sapxep-server: {error}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        None | Some(Command::Serve) => startup::run(config).await,
        Some(command) => run_account_command(command, config).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sapxep-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}
