//! `cargo xtask soak [--histories N] [--seed S] [--steps M] [--postgres]`:
//! the randomised multi-device simulation (`crates/soak`) against the built
//! server on loopback, on SQLite, or on a throw-away PostgreSQL. `cargo xtask
//! test` runs it on a fixed budget (`budget`).

use crate::postgres;
use crate::process;
use crate::toolchain::Toolchain;
use anyhow::Context;
use std::path::{Path, PathBuf};

/// The histories `cargo xtask test` runs: (SQLite, PostgreSQL).
pub const TEST_HISTORIES: (u64, u64) = (50, 10);

/// Builds the simulation (profile `server`, optimised as the server is).
pub fn build(tools: &Toolchain) -> anyhow::Result<PathBuf> {
    crate::stages::timed("soak simulation built (profile `server`)", || {
        process::run(&mut tools.cargo(&[
            "build",
            "--quiet",
            "--package",
            "soak",
            "--profile",
            "server",
            "--bin",
            "sapxep-soak",
        ]))
    })?;
    Ok(crate::project::target_dir().join("server").join("sapxep-soak"))
}

/// Runs `histories` histories from `seed`, on PostgreSQL at `postgres_url`
/// when given; returns the simulation's summary lines.
pub fn run_histories(
    soak: &Path,
    server: &Path,
    histories: u64,
    seed: u64,
    steps: Option<u64>,
    postgres_url: Option<&str>,
) -> anyhow::Result<String> {
    let mut command = std::process::Command::new(soak);
    command
        .arg("--server-bin")
        .arg(server)
        .args(["--histories", &histories.to_string(), "--seed", &seed.to_string()]);
    if let Some(steps) = steps {
        command.args(["--steps", &steps.to_string()]);
    }
    if let Some(url) = postgres_url {
        command.args(["--postgres-url", url]);
    }
    let line = process::describe(&command);
    println!("  $ {line}");
    let output = command
        .stdin(std::process::Stdio::null())
        .output()
        .with_context(|| format!("cannot start `{line}`"))?;
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    print!("{printed}");
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    anyhow::ensure!(
        output.status.success(),
        "the soak simulation found a failure ({})",
        output.status
    );
    let summary: Vec<&str> = printed
        .lines()
        .filter(|line| line.starts_with("soak on") || line.trim_start().starts_with("lost "))
        .collect();
    Ok(summary.join("; ").replace("  ", " "))
}

/// `cargo xtask soak …`.
pub fn run_command(arguments: &[String]) -> anyhow::Result<()> {
    let mut histories = 100;
    let mut seed = 1;
    let mut steps = None;
    let mut on_postgres = false;
    let mut given = arguments.iter();
    while let Some(flag) = given.next() {
        let mut value = || {
            given
                .next()
                .with_context(|| format!("{flag} needs a value"))?
                .parse::<u64>()
                .with_context(|| format!("{flag} takes a number"))
        };
        match flag.as_str() {
            "--histories" => histories = value()?,
            "--seed" => seed = value()?,
            "--steps" => steps = Some(value()?),
            "--postgres" => on_postgres = true,
            other => anyhow::bail!(
                "unknown argument {other}; usage: cargo xtask soak [--histories N] [--seed S] [--steps M] [--postgres]"
            ),
        }
    }
    let tools = crate::toolchain::ensure()?;
    let server = crate::serve::build_server(&tools)?;
    let soak = build(&tools)?;
    if on_postgres {
        let database = postgres::start()?;
        run_histories(&soak, &server, histories, seed, steps, Some(&database.url))?;
    } else {
        run_histories(&soak, &server, histories, seed, steps, None)?;
    }
    Ok(())
}
