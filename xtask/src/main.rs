//! `cargo xtask`: the project's commands, for what plain cargo cannot do.
//!
//! - `serve`: install what is missing, build the app, start the server.
//! - `test`: install what is missing, run every check and test, stage by stage.
//! - `bench`: the benchmarks, native and in headless Chromium.
//! - `soak`: the randomised multi-device simulation against the real server.
//! - `build-app`: build the app in release and print its transfer size.

mod app_build;
mod bench;
mod browser;
mod fuzz_api;
mod postgres;
mod process;
mod project;
mod serve;
mod soak;
mod stages;
mod temp_dir;
mod test;
mod test_server;
mod toolchain;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve       install what is missing, build the app, run the server on the embedded database
  test        install what is missing, then fmt, clippy (native, wasm32), native tests,
              browser tests and end-to-end tests
  bench       the benchmarks, native and in headless Chromium, with their floors
  soak        random multi-device histories against the real server, with faults:
              [--histories N] [--seed S] [--steps M] [--postgres]
  fuzz-api    schemathesis against the server's own OpenAPI document: no 5xx allowed
  build-app   build the app in release with Trunk (when its sources changed) and print
              its transfer size";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let result = match arguments.first().map(String::as_str) {
        Some("serve") => serve::run(),
        Some("test") => test::run(),
        Some("bench") => bench::run(),
        Some("fuzz-api") => fuzz_api::run_command(),
        Some("soak") => soak::run_command(&arguments[1..]),
        Some("build-app") => {
            toolchain::ensure().and_then(|tools| app_build::build_release_if_changed(&tools).map(|_| ()))
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}
