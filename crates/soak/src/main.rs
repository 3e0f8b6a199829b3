//! `sapxep-soak`: random histories of several devices syncing with the real
//! server through faults, each checked at rest (see `history` and `checks`).
//! Run by `cargo xtask soak --histories N --seed S` (and, on a fixed budget,
//! by `cargo xtask test`).
//!
//! usage: sapxep-soak --server-bin PATH [--histories N] [--seed S] [--steps M]
//!        [--postgres-url URL] [--history K] [--app-dir DIR]

mod checks;
mod history;
mod net;
mod server;
mod tally;

use anyhow::Context;
use history::History;
use server::{Backend, Installation};
use std::path::PathBuf;
use std::process::ExitCode;
use tally::Totals;

struct Arguments {
    server_bin: PathBuf,
    app_dir: PathBuf,
    histories: u64,
    seed: u64,
    steps: usize,
    postgres_url: Option<String>,
    /// Only this history (to replay a failure).
    only: Option<u64>,
}

fn arguments() -> anyhow::Result<Arguments> {
    let mut parsed = Arguments {
        server_bin: PathBuf::new(),
        app_dir: PathBuf::new(),
        histories: 20,
        seed: 1,
        steps: 40,
        postgres_url: None,
        only: None,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let mut value = || given.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--server-bin" => parsed.server_bin = PathBuf::from(value()?),
            "--app-dir" => parsed.app_dir = PathBuf::from(value()?),
            "--histories" => parsed.histories = value()?.parse().context("--histories")?,
            "--seed" => parsed.seed = value()?.parse().context("--seed")?,
            "--steps" => parsed.steps = value()?.parse().context("--steps")?,
            "--postgres-url" => parsed.postgres_url = Some(value()?),
            "--history" => parsed.only = Some(value()?.parse().context("--history")?),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    anyhow::ensure!(parsed.server_bin.is_file(), "--server-bin must name the built server");
    Ok(parsed)
}

/// The seed of history `number` in a run seeded `seed`.
fn history_seed(seed: u64, number: u64) -> u64 {
    seed.wrapping_mul(1_000_003).wrapping_add(number)
}

async fn one(
    installation: &Installation,
    template: &server::Database,
    number: u64,
    seed: u64,
    steps: usize,
) -> anyhow::Result<history::Outcome> {
    let mut history = History::start(number, history_seed(seed, number), installation, template).await?;
    history.run(steps).await?;
    history.settle_and_check().await
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("sapxep-soak: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<bool> {
    let arguments = arguments()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let root = std::env::temp_dir().join(format!("sapxep-soak-{}", std::process::id()));
        std::fs::create_dir_all(&root)?;
        let backend = match &arguments.postgres_url {
            Some(url) => Backend::Postgres { admin_url: url.clone() },
            None => Backend::Sqlite,
        };
        // The histories need no app: an empty folder stands for it.
        let app_dir = if arguments.app_dir.as_os_str().is_empty() {
            let empty = root.join("app");
            std::fs::create_dir_all(&empty)?;
            empty
        } else {
            arguments.app_dir.clone()
        };
        let installation = Installation {
            binary: arguments.server_bin.clone(),
            root: root.clone(),
            app_dir,
            backend: backend.clone(),
        };
        let started = std::time::Instant::now();
        let template = installation.template(&history::ACCOUNTS)?;
        let mut totals = Totals::default();
        let numbers: Vec<u64> = match arguments.only {
            Some(number) => vec![number],
            None => (0..arguments.histories).collect(),
        };
        for number in numbers {
            let outcome = one(&installation, &template, number, arguments.seed, arguments.steps).await?;
            totals.histories += 1;
            totals.steps += outcome.steps.len() as u64;
            totals.server_errors += outcome.tally.server_errors;
            totals.kept_refused += outcome.kept_refused;
            for (kind, count) in &outcome.tally.faults {
                totals.fault(kind, *count);
            }
            for made in &outcome.made {
                let kind = match outcome
                    .tally
                    .answers
                    .get(&made.mutation.mutation_id)
                    .map(|answer| &answer.outcome)
                {
                    Some(domain::sync::protocol::Outcome::Applied { .. }) => "applied".to_owned(),
                    Some(domain::sync::protocol::Outcome::Conflict { .. }) => "conflict (both values kept)".to_owned(),
                    Some(domain::sync::protocol::Outcome::Refused { code, reason }) => {
                        if std::env::var("SOAK_REASONS").is_ok() {
                            println!("{code}: {reason}");
                        }
                        format!("refused: {code}")
                    }
                    None => "unanswered".to_owned(),
                };
                totals.outcome(kind);
            }
            if outcome.tally.server_errors > 0 {
                println!("history {number}: {} answers were 5xx", outcome.tally.server_errors);
            }
            for failure in &outcome.failures {
                match failure.kind {
                    checks::Kind::Lost => totals.lost += 1,
                    checks::Kind::Doubled => totals.doubled += 1,
                    checks::Kind::Wrong => totals.wrong += 1,
                }
            }
            if !outcome.failures.is_empty() || outcome.tally.server_errors > 0 {
                totals.failed_histories.push(number);
                report_failure(&installation, &template, &arguments, number, &outcome).await;
            }
        }
        template.drop_database()?;
        let _ = std::fs::remove_dir_all(&root);
        totals.print(backend.name(), started.elapsed().as_secs_f64());
        if !totals.failed_histories.is_empty() {
            println!(
                "  failed histories {:?} (seed {}): replay one with --seed {} --history K",
                totals.failed_histories, arguments.seed, arguments.seed
            );
        }
        Ok(totals.failed_histories.is_empty())
    })
}

/// Prints what failed, then looks for the shortest history (fewer steps from
/// the same seed) that still fails, and prints its steps.
async fn report_failure(
    installation: &Installation,
    template: &server::Database,
    arguments: &Arguments,
    number: u64,
    outcome: &history::Outcome,
) {
    println!(
        "history {number} FAILED (seed {}, {} steps):",
        arguments.seed,
        outcome.steps.len()
    );
    for failure in outcome.failures.iter().take(10) {
        println!("  {:?}: {}", failure.kind, failure.detail);
    }
    let mut shortest = (arguments.steps, outcome.steps.clone());
    let mut steps = arguments.steps / 2;
    while steps >= 2 {
        match one(installation, template, number, arguments.seed, steps).await {
            Ok(shorter) if !shorter.failures.is_empty() || shorter.tally.server_errors > 0 => {
                shortest = (steps, shorter.steps);
                steps /= 2;
            }
            _ => break,
        }
    }
    println!(
        "  shortest failing: --seed {} --history {number} --steps {} :",
        arguments.seed, shortest.0
    );
    for step in &shortest.1 {
        println!("    {step}");
    }
}
