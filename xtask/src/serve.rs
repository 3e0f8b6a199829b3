//! `cargo xtask serve`: the product on this machine, from a fresh clone.

use crate::app_build;
use crate::process::describe;
use crate::project;
use crate::stages::timed;
use crate::toolchain;
use anyhow::Context;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// Installs what is missing, builds the app (when its sources changed) and
/// the server, then replaces this process with the server.
pub fn run() -> anyhow::Result<()> {
    let started = Instant::now();
    let tools = toolchain::ensure()?;
    app_build::build_release_if_changed(&tools)?;
    let server = build_server(&tools)?;
    println!(
        "ready to start after {:.1} s; starting the server:",
        started.elapsed().as_secs_f64()
    );
    let mut command = Command::new(&server);
    command.current_dir(project::root());
    if std::env::var_os("SAPXEP_APP_DIR").is_none() {
        command.env("SAPXEP_APP_DIR", project::dist_dir());
    }
    exec(command)
}

/// Builds the server binary with the `server` profile (optimised, unwinding).
pub fn build_server(tools: &toolchain::Toolchain) -> anyhow::Result<PathBuf> {
    timed("server built (profile `server`)", || {
        crate::process::run(&mut tools.cargo(&[
            "build",
            "--quiet",
            "--package",
            "server",
            "--profile",
            "server",
            "--bin",
            "sapxep-server",
        ]))
    })?;
    Ok(project::target_dir().join("server").join("sapxep-server"))
}

#[cfg(unix)]
fn exec(mut command: Command) -> anyhow::Result<()> {
    use std::os::unix::process::CommandExt;
    // Only returns on failure; on success the server is this process, so
    // Ctrl-C and SIGTERM reach it directly and it shuts down gracefully.
    let error = command.exec();
    Err(error).with_context(|| format!("cannot start `{}`", describe(&command)))
}

#[cfg(not(unix))]
fn exec(mut command: Command) -> anyhow::Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot start `{}`", describe(&command)))?;
    anyhow::ensure!(status.success(), "the server stopped with {status}");
    Ok(())
}
