//! `cargo xtask bench`: the benchmarks, each printing its figures, native and
//! in headless Chromium, with their floors measured in the same run.

use crate::browser;
use crate::process;
use crate::toolchain;
use anyhow::{Context, bail};
use std::process::Stdio;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn run() -> anyhow::Result<()> {
    let tools = toolchain::ensure()?;
    let chromium = browser::ensure()?;

    println!("\n━━ domain, native (cargo bench -p domain)");
    process::run(&mut tools.cargo(&["bench", "--quiet", "--package", "domain", "--bench", "domain"]))?;

    println!("\n━━ domain and device store, wasm32 in headless Chromium (release build)");
    let profile_dir = std::env::temp_dir().join(format!("sapxep-bench-{}", std::process::id()));
    std::fs::create_dir_all(&profile_dir)?;
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
        "--",
        "--include-ignored",
        "--nocapture",
    ]);
    command
        .env("CHROMEDRIVER", &chromium.chromedriver)
        .env("TMPDIR", &profile_dir)
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
    Ok(())
}
