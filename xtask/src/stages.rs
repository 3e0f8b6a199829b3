//! Printing each step with how long it took, and a summary at the end.

use std::time::{Duration, Instant};

/// The outcome of one stage, for the summary.
pub struct StageResult {
    pub name: String,
    pub elapsed: Duration,
    pub outcome: Result<String, String>,
}

/// Runs stages one after another, printing each as it starts and ends.
#[derive(Default)]
pub struct Stages {
    results: Vec<StageResult>,
}

impl Stages {
    /// Runs one stage: `work` returns a one-line summary on success.
    pub fn run(&mut self, name: &str, work: impl FnOnce() -> anyhow::Result<String>) -> bool {
        let started = Instant::now();
        println!("\n━━ {name}");
        let outcome = work().map_err(|error| format!("{error:#}"));
        let elapsed = started.elapsed();
        match &outcome {
            Ok(summary) => println!("━━ {name}: ok, {summary} ({})", seconds(elapsed)),
            Err(error) => println!("━━ {name}: FAILED ({}): {error}", seconds(elapsed)),
        }
        let passed = outcome.is_ok();
        self.results.push(StageResult {
            name: name.to_owned(),
            elapsed,
            outcome,
        });
        passed
    }

    /// Prints one line per stage; true when every stage passed.
    pub fn summarise(&self, total: Duration) -> bool {
        println!("\n━━ summary");
        for result in &self.results {
            let (mark, text) = match &result.outcome {
                Ok(summary) => ("ok    ", summary.as_str()),
                Err(error) => ("FAILED", error.lines().next().unwrap_or_default()),
            };
            println!("  {mark} {:<24} {:>8}  {text}", result.name, seconds(result.elapsed));
        }
        let failed = self.results.iter().filter(|result| result.outcome.is_err()).count();
        println!(
            "  {} stages, {failed} failed, {} in all",
            self.results.len(),
            seconds(total)
        );
        failed == 0
    }
}

/// Prints a step of set-up with its duration.
pub fn timed<T>(what: &str, work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let started = Instant::now();
    let value = work()?;
    println!("  {what} ({})", seconds(started.elapsed()));
    Ok(value)
}

pub fn seconds(elapsed: Duration) -> String {
    format!("{:.1} s", elapsed.as_secs_f64())
}
