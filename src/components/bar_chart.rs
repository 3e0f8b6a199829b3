//! Horizontal bars as inline SVG, one row each: a label, the bar (and, for
//! a before/after pair, the earlier figure as a pale bar behind), the figure
//! in words. Readable on a 390 px phone, a tablet and on paper.

use leptos::prelude::*;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    /// A figure drawn behind, paler (the count before the mergers), if any.
    pub behind: Option<u64>,
    /// What is written after the bar.
    pub text: String,
}

fn width(value: u64, max: u64) -> String {
    if max == 0 {
        return "0".to_owned();
    }
    format!("{:.1}", (value as f64 / max as f64 * 100.0).min(100.0))
}

/// The bars, scaled to the largest figure among them.
#[component]
pub fn BarChart(
    /// The rows, top to bottom.
    bars: Vec<Bar>,
    /// What the chart shows, for screen readers.
    title: String,
) -> impl IntoView {
    let max = bars
        .iter()
        .map(|bar| bar.value.max(bar.behind.unwrap_or(0)))
        .max()
        .unwrap_or(0);
    view! {
        <div class="bar-chart" role="img" aria-label=title>
            {bars
                .into_iter()
                .map(|bar| {
                    let front = width(bar.value, max);
                    let behind = bar.behind.map(|behind| width(behind, max));
                    view! {
                        <div class="bar-row" data-testid="bar">
                            <span class="bar-label">{bar.label}</span>
                            <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                {behind.map(|behind| view! { <rect class="bar-behind" x="0" y="0" width=behind height="10"/> })}
                                <rect class="bar-front" x="0" y="2" width=front height="6"/>
                            </svg>
                            <span class="bar-text">{bar.text}</span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}
