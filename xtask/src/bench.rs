//! `cargo xtask bench`: the benchmarks, each printing its figures, native and
//! in headless Chromium, with their floors measured in the same run.

use crate::browser;
use crate::process;
use crate::test_server::TestServer;
use crate::toolchain;
use anyhow::{Context, bail};
use std::process::Stdio;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn run() -> anyhow::Result<()> {
    let tools = toolchain::ensure()?;
    let chromium = browser::ensure()?;

    println!("\n━━ domain, native (cargo bench -p domain)");
    process::run(&mut tools.cargo(&["bench", "--quiet", "--package", "domain", "--bench", "domain"]))?;

    println!("\n━━ sync API under load, native (cargo bench -p server --bench sync_load)");
    process::run(&mut tools.cargo(&["bench", "--quiet", "--package", "server", "--bench", "sync_load"]))?;

    println!("\n━━ domain, device store and sync engine, wasm32 in headless Chromium (release build)");
    let profile_dir = std::env::temp_dir().join(format!("sapxep-bench-{}", std::process::id()));
    std::fs::create_dir_all(&profile_dir)?;
    // The sync engine's benchmark runs against the real server on loopback.
    let server_bin = crate::serve::build_server(&tools)?;
    let runner_address = TestServer::free_loopback_address()?;
    let server = TestServer::start(
        &server_bin,
        &[("SAPXEP_CORS_ORIGINS", format!("http://{runner_address}").as_str())],
    )?;
    let mut command = tools.cargo(&[
        "test",
        "--release",
        "--package",
        "sapxep",
        "--target",
        WASM_TARGET,
        "--test",
        "bench_domain",
        "--test",
        "bench_store",
        "--test",
        "bench_sync",
        "--",
        "--include-ignored",
        "--nocapture",
    ]);
    command
        .env("CHROMEDRIVER", &chromium.chromedriver)
        .env("TMPDIR", &profile_dir)
        .env("WASM_BINDGEN_TEST_ADDRESS", &runner_address)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "900")
        .env("SAPXEP_TEST_SERVER", &server.url)
        .env("SAPXEP_TEST_ADMIN_PASSWORD", crate::test_server::ADMIN_PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    println!("  $ {}", process::describe(&command));
    let output = command.output().context("cannot run the browser benchmarks")?;
    let _ = std::fs::remove_dir_all(&profile_dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines().filter_map(|line| line.strip_prefix("BENCH")) {
        println!("{line}");
    }
    if !output.status.success() {
        println!("{stdout}");
        bail!("the browser benchmarks failed ({})", output.status);
    }
    drop(server);

    println!("\n━━ the app: first load and cold offline start, headless Chromium against the real server");
    crate::app_build::build_release_if_changed(&tools)?;
    app_start(&tools, &chromium, &server_bin)
}

/// `e2e/bench/app_start.mjs`: the first load's size and the offline cold start.
fn app_start(
    tools: &toolchain::Toolchain,
    chromium: &browser::Browser,
    server_bin: &std::path::Path,
) -> anyhow::Result<()> {
    let e2e_dir = crate::test::install_e2e_packages()?;
    let mut command = std::process::Command::new("node");
    command
        .arg("bench/app_start.mjs")
        .current_dir(&e2e_dir)
        .env("CHROMIUM", &chromium.chromium)
        .env("SAPXEP_SERVER_BIN", server_bin)
        .env("SAPXEP_APP_DIR", crate::project::dist_dir())
        .env("PATH", tools.path_env())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    println!("  $ {}", process::describe(&command));
    let output = command.output().context("cannot run the app start benchmark")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines().filter_map(|line| line.strip_prefix("BENCH")) {
        println!("{line}");
    }
    if !output.status.success() {
        println!("{stdout}");
        bail!("the app start benchmark failed ({})", output.status);
    }
    Ok(())
}
