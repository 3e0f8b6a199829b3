//! The plan's targets on the dashboard: each with its agency and deadline,
//! where the area stands, the overdue ones first and flagged.

use crate::i18n::Lang;
use domain::progress::TargetStatus;
use leptos::prelude::*;

/// The targets, overdue first; with `report_link` (the page where the
/// province officer records an agency's report), a link on each target the
/// agencies report on.
#[component]
pub fn PlanTargetsList(targets: Vec<TargetStatus>, report_link: Option<String>) -> impl IntoView {
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
                let link = report_link
                    .as_ref()
                    .filter(|_| status.target.measure.is_reported())
                    .map(|base| format!("{base}?chi-tieu={}", status.target.id));
                let count = status.reports.len().to_string();
                let reports: Vec<domain::Bilingual> = status.reports.iter().map(|report| report.summary()).collect();
                let target_id = status.target.id.clone();
                view! {
                    <li class="target-row" data-testid="plan-target" data-overdue=status.overdue.to_string()>
                        <p><strong>{move || lang.pick(&description)}</strong></p>
                        <p class="muted">{move || lang.t_with("dashboard.target_meta", &[("agency", &lang.pick(&agency)), ("deadline", &lang.pick(&deadline))])}</p>
                        <p><span class=badge>{move || lang.t(key)}</span>" "<span data-testid="target-explanation">{move || lang.pick(&explanation)}</span></p>
                        {(reports.len() > 1).then(|| view! {
                            <details class="target-reports">
                                <summary>{move || lang.t_with("dashboard.target_reports", &[("count", &count)])}</summary>
                                <ul>{reports.into_iter().map(|text| view! { <li>{move || lang.pick(&text)}</li> }).collect_view()}</ul>
                            </details>
                        })}
                        {link.map(|href| view! {
                            <p class="no-print"><a class="button button-secondary" href=href data-testid=format!("record-report-{target_id}")>{move || lang.t("dashboard.target_record")}</a></p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
