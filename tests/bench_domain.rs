//! The domain benchmarks in headless Chromium (the same workloads as
//! `crates/domain/benches/domain.rs`): ignored by `cargo xtask test`, run in
//! release by `cargo xtask bench`, which prints what they log.
#![cfg(target_arch = "wasm32")]

use domain::rules::builtin;
use domain::synthetic::{self, workloads};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const VILLAGES: usize = 100_000;
const RUNS: usize = 11;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

fn measure<T>(name: &str, mut work: impl FnMut() -> T) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = now_ms();
            std::hint::black_box(work());
            now_ms() - started
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    console_log!(
        "BENCH  {name:<50} min {:>8.2} ms  median {median:>8.2} ms  max {:>8.2} ms  ({RUNS} runs)",
        times[0],
        times[times.len() - 1]
    );
    median
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run by `cargo xtask bench`"]
fn domain_in_the_browser() {
    let province = synthetic::province(VILLAGES, 2026);
    let rule_set = builtin::tt14_2018();
    console_log!(
        "BENCH domain, wasm32 in headless Chromium: {VILLAGES} villages, {} units in all",
        province.units.len()
    );
    let classify = measure("classify 100.000 villages (with explanations)", || {
        workloads::classify_villages(&province, &rule_set)
    });
    let floor = measure("floor: households against 150/75, no explanation", || {
        workloads::compare_households(&province)
    });
    console_log!(
        "BENCH  {:<50} {:.0}×",
        "classification / floor",
        classify / floor.max(0.001)
    );
    let statuses = province.statuses(&workloads::classify_villages(&province, &rule_set));
    let progress = measure("progress report, hierarchy included", || {
        workloads::progress_report(&province, &statuses, &rule_set)
    });
    for (name, median) in [("classification", classify), ("progress report", progress)] {
        let verdict = if median < 50.0 { "within" } else { "OVER" };
        console_log!(
            "BENCH  target: {name} under 50 ms (native target, for comparison): {verdict} ({median:.2} ms median)"
        );
    }
}
