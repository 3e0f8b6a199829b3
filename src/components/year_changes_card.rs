//! The dashboard's card for the chosen year: the villages and communes at its
//! start and end, and how many were merged, divided, dissolved and established.

use crate::i18n::Lang;
use domain::format::{date_vi, integer};
use domain::progress::{YearChanges, YearCount};
use leptos::prelude::*;

fn line(lang: Lang, count: &YearCount) -> String {
    let number = |value: u32| integer(u64::from(value), lang.get());
    lang.t_with(
        "dashboard.year_line",
        &[
            ("start", &number(count.at_start)),
            ("end", &number(count.at_end)),
            ("merged", &number(count.merged)),
            ("divided", &number(count.divided)),
            ("dissolved", &number(count.dissolved)),
            ("established", &number(count.established)),
        ],
    )
}

/// The year's changes, or why there are none.
#[component]
pub fn YearChangesCard(changes: Option<YearChanges>, year: i32, with_communes: bool) -> impl IntoView {
    let lang = Lang::expect();
    view! {
        <div class="dashboard-card" data-testid="card-year">
            <h2>{move || lang.t_with("dashboard.year_title", &[("year", &year.to_string())])}</h2>
            {match changes {
                Some(changes) => {
                    let period = lang.t_with(
                        "dashboard.year_period",
                        &[("from", &date_vi(changes.from)), ("to", &date_vi(changes.to))],
                    );
                    let villages = changes.villages.clone();
                    let communes = changes.communes.clone();
                    view! {
                        <p class="muted">{period}</p>
                        <p data-testid="year-villages"><strong>{move || lang.t("dashboard.villages")}": "</strong>{move || line(lang, &villages)}</p>
                        {with_communes.then(|| view! {
                            <p data-testid="year-communes"><strong>{move || lang.t("dashboard.communes")}": "</strong>{move || line(lang, &communes)}</p>
                        })}
                    }.into_any()
                }
                None => view! { <p class="muted">{move || lang.t("dashboard.year_not_begun")}</p> }.into_any(),
            }}
        </div>
    }
}
