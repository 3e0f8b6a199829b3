//! `cargo xtask fuzz-api`: schemathesis (from PyPI) against the server's own
//! OpenAPI document, checking that no request gets a 5xx. Prints how many
//! test cases (each one request) it sent.

use crate::process::{output, run};
use crate::project;
use crate::stages::timed;
use crate::toolchain::Toolchain;
use anyhow::{Context, bail};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// schemathesis's version, installed into its own virtual environment.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

pub fn run_command() -> anyhow::Result<()> {
    let tools = crate::toolchain::ensure()?;
    let summary = fuzz(&tools, 100)?;
    println!("{summary}");
    Ok(())
}

/// Installs schemathesis when missing; returns its `st` executable.
pub fn ensure_schemathesis() -> anyhow::Result<PathBuf> {
    let venv = project::cache_dir()
        .join("tools")
        .join(format!("schemathesis-{SCHEMATHESIS_VERSION}"));
    let st = venv.join("bin").join("st");
    let reported = output(Command::new(&st).arg("--version")).unwrap_or_default();
    if reported.contains(SCHEMATHESIS_VERSION) {
        println!("  schemathesis {SCHEMATHESIS_VERSION}: present");
        return Ok(st);
    }
    timed(
        &format!("schemathesis {SCHEMATHESIS_VERSION}: installed from PyPI"),
        || {
            run(Command::new("python3").args(["-m", "venv"]).arg(&venv)).context("python3 -m venv is needed")?;
            run(Command::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")))
        },
    )?;
    Ok(st)
}

struct RunningServer(Child);

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let _ = self.0.wait();
    }
}

fn account_command(server: &Path, data_dir: &Path, args: &[&str]) -> anyhow::Result<()> {
    let status = Command::new(server)
        .args(args)
        .env("SAPXEP_DATA_DIR", data_dir)
        .env("SAPXEP_ADMIN_PASSWORD", "fuzz-initial-admin")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("`sapxep-server {}` failed", args.join(" "));
    }
    Ok(())
}

/// Runs the fuzzing against a fresh server on a free port; returns a summary line.
pub fn fuzz(tools: &Toolchain, max_examples: u32) -> anyhow::Result<String> {
    let st = ensure_schemathesis()?;
    let server = crate::serve::build_server(tools)?;
    let data_dir = std::env::temp_dir().join(format!("sapxep-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data_dir);
    std::fs::create_dir_all(&data_dir)?;
    // An administrator of its own, whose name the fuzzer cannot guess into a lockout.
    let username = format!("fuzz.{}", std::process::id());
    let password = "fuzzing-password-2026";
    account_command(
        &server,
        &data_dir,
        &[
            "create-user",
            "--username",
            &username,
            "--display-name",
            "Fuzzing",
            "--role",
            "administrator",
            "--jurisdiction",
            "20",
            "--password",
            password,
        ],
    )?;
    let mut child = Command::new(&server)
        .env("SAPXEP_ADDR", "127.0.0.1:0")
        .env("SAPXEP_DATA_DIR", &data_dir)
        .env("SAPXEP_ADMIN_PASSWORD", "fuzz-initial-admin")
        .env("SAPXEP_TRUST_FORWARDED_FOR", "1")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start the server")?;
    let stdout = child.stdout.take().context("no server output")?;
    let running = RunningServer(child);
    let mut base = None;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if let Some(address) = line.strip_prefix("listening on ") {
            base = Some(address.trim().to_owned());
            break;
        }
    }
    let base = base.context("the server did not start")?;
    // The fuzzer's own failed sign-ins come from 127.0.0.1; this one from
    // another (forwarded) address, so that their rate limit does not lock it out.
    let body = format!("{{\"username\":\"{username}\",\"password\":\"{password}\"}}");
    let answer = output(
        Command::new("curl")
            .args([
                "-s",
                "-H",
                "content-type: application/json",
                "-H",
                "x-forwarded-for: 198.51.100.7",
                "-d",
                &body,
            ])
            .arg(format!("{base}/api/v1/sessions")),
    )?;
    let token = answer
        .split("\"token\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("the fuzzing administrator could not sign in")?
        .to_owned();
    println!("  $ st run {base}/api/openapi.json --checks not_a_server_error …");
    let result = Command::new(&st)
        .args([
            "run",
            &format!("{base}/api/openapi.json"),
            "--checks",
            "not_a_server_error",
        ])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        // Signing out would end the fuzzer's own session.
        .args(["--exclude-path", "/api/v1/sessions/current"])
        .args([
            "--phases",
            "coverage,fuzzing",
            "--max-examples",
            &max_examples.to_string(),
            "--workers",
            "2",
        ])
        .args(["--no-color"])
        .output()
        .context("cannot run schemathesis")?;
    drop(running);
    let _ = std::fs::remove_dir_all(&data_dir);
    let text = String::from_utf8_lossy(&result.stdout).into_owned();
    let cases = text
        .lines()
        .find(|line| line.contains(" generated, "))
        .map(str::trim)
        .unwrap_or("no test case count")
        .to_owned();
    if !result.status.success() {
        println!("{text}");
        bail!("schemathesis found failures ({}): {cases}", result.status);
    }
    Ok(format!(
        "schemathesis against /api/openapi.json: {cases} (each one request), no 5xx"
    ))
}
