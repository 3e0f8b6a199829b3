//! A list of units with what lies under each.

use domain::format::integer_vi;
use domain::wire::UnitSummary;
use leptos::prelude::*;

/// The units under one parent, each with its kind, name and how many units lie
/// directly under it (`child_label` is the key of what those are called).
#[component]
pub fn UnitList(
    /// The units to show, in the order given.
    units: Vec<UnitSummary>,
    /// What the counted children are called, in Vietnamese.
    child_label: &'static str,
) -> impl IntoView {
    let rows = units
        .into_iter()
        .map(|unit| {
            let lang = crate::i18n::Lang::expect();
            let children = integer_vi(u64::from(unit.child_count));
            let count = move || format!("{children} {}", lang.t(child_label));
            let code = unit.code.map(|code| code.to_string()).unwrap_or_default();
            view! {
                <li class="unit-row" data-code=code>
                    <span class="unit-name">{unit.name}</span>
                    <span class="unit-count">{count}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="unit-list">{rows}</ul> }
}
