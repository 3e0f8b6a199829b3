//! `cargo xtask test`: every check and test of the project, stage by stage,
//! with a one-line summary per stage. Exits non-zero on any failure.

use crate::app_build::{self, kib};
use crate::browser;
use crate::postgres;
use crate::process;
use crate::project;
use crate::stages::Stages;
use crate::temp_dir::TempDir;
use crate::test_server::TestServer;
use crate::toolchain::{self, Toolchain};
use anyhow::{Context, bail};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn run() -> anyhow::Result<()> {
    let started = Instant::now();
    let mut stages = Stages::default();
    let mut tools = None;
    stages.run("toolchain", || {
        tools = Some(toolchain::ensure()?);
        Ok("wasm32 target, trunk, wasm-bindgen, wasm-opt present".to_owned())
    });
    let mut chromium = None;
    stages.run("browser", || {
        let found = browser::ensure()?;
        let summary = format!("{} and {}", found.chromium.display(), found.chromedriver.display());
        chromium = Some(found);
        Ok(summary)
    });
    let mut database = None;
    stages.run("postgresql", || {
        database = Some(postgres::start()?);
        Ok("throw-away cluster on loopback (or TEST_POSTGRES_URL)".to_owned())
    });
    let (Some(tools), Some(chromium), Some(database)) = (tools, chromium, database) else {
        stages.summarise(started.elapsed());
        bail!("the test tools could not be set up");
    };

    stages.run("fmt", || {
        process::run(&mut tools.cargo(&["fmt", "--all", "--check"]))?;
        Ok("formatted".to_owned())
    });
    stages.run("clippy native", || {
        process::run(&mut tools.cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))?;
        Ok("no warnings".to_owned())
    });
    stages.run("clippy wasm32", || {
        process::run(&mut tools.cargo(&[
            "clippy",
            "--package",
            "sapxep",
            "--package",
            "domain",
            "--package",
            "sync_engine",
            "--target",
            WASM_TARGET,
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))?;
        Ok("no warnings".to_owned())
    });
    stages.run("native tests", || {
        let mut command = tools.cargo(&[
            "test",
            "--package",
            "domain",
            "--package",
            "sync_engine",
            "--package",
            "soak",
            "--package",
            "server",
            "--package",
            "xtask",
            "--",
            // The PostgreSQL stories are ignored unless a server is given.
            "--include-ignored",
        ]);
        command.env("TEST_POSTGRES_URL", &database.url);
        let counts = run_counting_tests(&mut command)?;
        Ok(counts.summary("domain, sync engine (the store suite in memory), server (SQLite and PostgreSQL), xtask"))
    });
    stages.run("domain on wasm32", || {
        // The domain alone (none of the app's features unified in): it must
        // build for wasm32 without a random source, and its tests pass there.
        let mut command = tools.cargo(&["test", "--package", "domain", "--target", WASM_TARGET]);
        let counts = run_counting_tests(&mut command)?;
        Ok(counts.summary("the domain crate alone, its tests in Node through wasm-bindgen-test-runner"))
    });
    stages.run("browser tests", || {
        let profile_dir = TempDir::new("sapxep-wasm-test")?;
        // The sync engine's tests run against the real server on loopback,
        // which lets the test runner's page (on its own port) call it.
        let server_bin = crate::serve::build_server(&tools)?;
        let runner_address = TestServer::free_loopback_address()?;
        let server = TestServer::start(
            &server_bin,
            &[("SAPXEP_CORS_ORIGINS", format!("http://{runner_address}").as_str())],
        )?;
        let mut command = tools.cargo(&["test", "--package", "sapxep", "--target", WASM_TARGET]);
        command
            .env("CHROMEDRIVER", &chromium.chromedriver)
            .env("TMPDIR", profile_dir.path())
            .env("WASM_BINDGEN_TEST_ADDRESS", &runner_address)
            .env("SAPXEP_TEST_SERVER", &server.url)
            .env("SAPXEP_TEST_ADMIN_PASSWORD", crate::test_server::ADMIN_PASSWORD);
        let counts = run_counting_tests(&mut command)?;
        Ok(counts.summary("wasm-bindgen-test in headless Chromium"))
    });
    stages.run("soak", || {
        let server = crate::serve::build_server(&tools)?;
        let soak = crate::soak::build(&tools)?;
        let (on_sqlite, on_postgres) = crate::soak::TEST_HISTORIES;
        let sqlite = crate::soak::run_histories(&soak, &server, on_sqlite, 1, None, None)?;
        let postgres = crate::soak::run_histories(&soak, &server, on_postgres, 1, None, Some(&database.url))?;
        Ok(format!("{sqlite} | {postgres}"))
    });
    let mut app_size = None;
    stages.run("app release build", || {
        let size = app_build::build_release_if_changed(&tools)?;
        let summary = format!("{} gzip transfer (wasm + js + css + html)", kib(size.total_gzip()));
        app_size = Some(size);
        Ok(summary)
    });
    if app_size.is_some() {
        stages.run("end-to-end tests", || end_to_end(&tools, &chromium));
    }
    stages.run("api fuzzing", || crate::fuzz_api::fuzz(&tools, 50));
    drop(database);
    if stages.summarise(started.elapsed()) {
        Ok(())
    } else {
        bail!("some stages failed")
    }
}

/// Starts the real server (through `cargo xtask serve`) and drives headless
/// Chromium against it with Playwright.
fn end_to_end(tools: &Toolchain, chromium: &browser::Browser) -> anyhow::Result<String> {
    let e2e_dir = install_e2e_packages()?;
    let server = crate::serve::build_server(tools)?;
    let pdftoppm = browser::ensure_pdftoppm()?;
    let xtask = std::env::current_exe().context("cannot find the xtask binary")?;
    let mut command = Command::new("node");
    command
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .current_dir(&e2e_dir)
        .env("CHROMIUM", &chromium.chromium)
        .env("PDFTOPPM", pdftoppm)
        .env("SAPXEP_XTASK", xtask)
        .env("SAPXEP_SERVER_BIN", server)
        .env("SAPXEP_APP_DIR", project::dist_dir())
        .env("CARGO_TARGET_DIR", project::target_dir())
        .env("PATH", tools.path_env());
    let counts = run_counting_tests(&mut command)?;
    Ok(counts.summary("Playwright + headless Chromium against the real server"))
}

/// Installs Playwright for `e2e/` (the npm registry, from its lock file);
/// returns the folder.
pub fn install_e2e_packages() -> anyhow::Result<std::path::PathBuf> {
    let e2e_dir = project::root().join("e2e");
    process::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&e2e_dir),
    )
    .context("npm could not install the end-to-end test packages")?;
    Ok(e2e_dir)
}

/// How many tests ran, passed and failed, read from the test output.
#[derive(Default)]
struct TestCounts {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl TestCounts {
    fn summary(&self, what: &str) -> String {
        let ignored = if self.ignored > 0 {
            format!(", {} ignored", self.ignored)
        } else {
            String::new()
        };
        format!("{} passed{ignored}: {what}", self.passed)
    }

    /// Reads cargo test's `test result: ok. N passed; M failed; K ignored` lines
    /// and node's `ℹ pass N` / `ℹ fail M` lines.
    fn read(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                let number = |index: usize| words.get(index).and_then(|word| word.parse::<u64>().ok()).unwrap_or(0);
                match words.last() {
                    Some(&"passed") => self.passed += number(words.len().saturating_sub(2)),
                    Some(&"failed") => self.failed += number(0),
                    Some(&"ignored") => self.ignored += number(0),
                    _ => {}
                }
            }
        } else if let Some(count) = line.strip_prefix("ℹ pass ") {
            self.passed += count.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(count) = line.strip_prefix("ℹ fail ") {
            self.failed += count.trim().parse::<u64>().unwrap_or(0);
        }
    }
}

/// Runs a test command with its output shown, and counts what it reports.
/// Fails when the command fails, or when it ran no test at all.
fn run_counting_tests(command: &mut Command) -> anyhow::Result<TestCounts> {
    let line = crate::process::describe(command);
    println!("  $ {line}");
    let Output { status, stdout, stderr } = command
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .with_context(|| format!("cannot start `{line}`"))?;
    let stdout = String::from_utf8_lossy(&stdout);
    let stderr = String::from_utf8_lossy(&stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    let mut counts = TestCounts::default();
    stdout.lines().chain(stderr.lines()).for_each(|line| counts.read(line));
    if !status.success() || counts.failed > 0 {
        bail!("`{line}` failed ({status}), {} test(s) failed", counts.failed);
    }
    if counts.passed == 0 {
        bail!("`{line}` ran no test");
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::TestCounts;

    #[test]
    fn counts_cargo_and_node_test_results() {
        let mut counts = TestCounts::default();
        counts.read("test result: ok. 11 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        counts.read("test result: FAILED. 7 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        counts.read("ℹ pass 3");
        counts.read("ℹ fail 0");
        assert_eq!((counts.passed, counts.failed, counts.ignored), (21, 1, 2));
    }
}
