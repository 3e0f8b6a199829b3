//! `cargo bench -p domain` (run by `cargo xtask bench`): classify 100.000
//! villages and compute a province progress report, native, with the floor
//! (the bare threshold comparison) measured in the same run. The browser
//! figures come from the app crate's `tests/bench_domain.rs`, same workloads.

use domain::hierarchy::Hierarchy;
use domain::progress::compute;
use domain::rules::builtin;
use domain::rules::rule_set::Rules;
use domain::synthetic::workloads;
use std::hint::black_box;
use std::time::{Duration, Instant};

const VILLAGES: usize = 100_000;
const RUNS: usize = 21;

fn measure<T>(mut work: impl FnMut() -> T) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            black_box(work());
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn report(name: &str, times: &[Duration]) -> f64 {
    let ms = |duration: Duration| duration.as_secs_f64() * 1_000.0;
    let median = ms(times[times.len() / 2]);
    println!(
        "  {name:<50} min {:>8.2} ms  median {median:>8.2} ms  max {:>8.2} ms  ({} runs)",
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
    median
}

fn main() {
    let province = domain::synthetic::province(VILLAGES, 2026);
    let rule_set = builtin::tt14_2018();
    let Rules::Village(village_rules) = &rule_set.rules else {
        unreachable!()
    };
    println!(
        "domain, native: {VILLAGES} villages, {} units in all",
        province.units.len()
    );

    let classify = report(
        "classify 100.000 villages (with explanations)",
        &measure(|| workloads::classify_villages(&province, &rule_set)),
    );
    let floor = report(
        "floor: households against 150/75, no explanation",
        &measure(|| workloads::compare_households(&province)),
    );
    println!("  {:<50} {:.0}×", "classification / floor", classify / floor.max(1e-6));

    let statuses = province.statuses(&workloads::classify_villages(&province, &rule_set));
    let hierarchy = Hierarchy::new(&province.units).expect("a valid hierarchy");
    report(
        "progress report, hierarchy already built",
        &measure(|| {
            compute(
                province.province_id,
                &hierarchy,
                &statuses,
                &[],
                &village_rules.worker_limits,
            )
        }),
    );
    let progress = report(
        "progress report, hierarchy included",
        &measure(|| workloads::progress_report(&province, &statuses, &rule_set)),
    );
    for (name, median) in [("classification", classify), ("progress report", progress)] {
        let verdict = if median < 50.0 { "within" } else { "OVER" };
        println!("  target: {name} under 50 ms native: {verdict} ({median:.2} ms median)");
    }
}
