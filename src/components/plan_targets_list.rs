//! The plan's targets on the dashboard: each with its agency and deadline,
//! where the area stands, the overdue ones first and flagged.

use crate::i18n::Lang;
use domain::progress::TargetStatus;
use leptos::prelude::*;

/// The targets, overdue first.
#[component]
pub fn PlanTargetsList(targets: Vec<TargetStatus>) -> impl IntoView {
    let lang = Lang::expect();
    let mut targets = targets;
    targets.sort_by_key(|status| !status.overdue);
    view! {
        <ul class="target-list" data-testid="plan-targets">
            {targets.into_iter().map(|status| {
                let (badge, key) = match (status.overdue, status.met) {
                    (true, _) => ("badge badge-merge", "dashboard.target_overdue"),
                    (false, Some(true)) => ("badge badge-meets", "dashboard.target_met"),
                    (false, Some(false)) => ("badge badge-below", "dashboard.target_not_met"),
                    (false, None) => ("badge badge-none", "dashboard.target_unmeasured"),
                };
                let deadline = status.target.deadline.label();
                let description = status.target.description.clone();
                let agency = status.target.agency.clone();
                let explanation = status.explanation.clone();
                view! {
                    <li class="target-row" data-testid="plan-target" data-overdue=status.overdue.to_string()>
                        <p><strong>{move || lang.pick(&description)}</strong></p>
                        <p class="muted">{move || lang.t_with("dashboard.target_meta", &[("agency", &lang.pick(&agency)), ("deadline", &lang.pick(&deadline))])}</p>
                        <p><span class=badge>{move || lang.t(key)}</span>" "{move || lang.pick(&explanation)}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
