//! `/tien-do/:id`: the progress of a unit's area (a commune, a former
//! district, the province), computed on the device from what it holds, so it
//! works offline: villages and communes before and now, the reduction, those
//! below the standard or not reviewed, the workers against their limit, the
//! proposals by status and the open ones longest wait first. The figures are
//! the domain's (`progress::dashboard`).

use crate::clock::today;
use crate::components::allowance_fund_card::AllowanceFundCard;
use crate::components::bar_chart::{Bar, BarChart};
use crate::components::plan_targets_list::PlanTargetsList;
use crate::components::progress_report_print::ProgressReportPrint;
use crate::components::year_changes_card::YearChangesCard;
use crate::i18n::Lang;
use crate::proposal_data::ProposalData;
use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use crate::store::{Store, StoreError};
use domain::format::integer;
use domain::progress::{Dashboard, LevelCount, ReportRules, ScopeProgress, dashboard, percent, unit_status};
use domain::review::LatestReviews;
use domain::{Datelike, UnitLevel};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::collections::HashMap;
use uuid::Uuid;

/// The first year reported: the 2018 plan.
const FIRST_YEAR: i32 = 2018;

/// The dashboard of `scope` from the device's data, with the changes of
/// `year`, and the scope's name.
async fn load(store: &Store, scope: Uuid, year: i32) -> Result<Option<(String, UnitLevel, Dashboard)>, StoreError> {
    let entries = store.unit_entries().await?;
    let latest = LatestReviews::from_reviews(store.all_reviews().await?);
    let proposals = store.proposals().await?;
    let book = store.rule_book().await?;
    let statuses: HashMap<Uuid, domain::progress::UnitStatus> = entries
        .iter()
        .map(|entry| (entry.unit.id, unit_status(entry.standing, latest.get(entry.unit.id))))
        .collect();
    let data = ProposalData {
        units: entries.into_iter().map(|entry| entry.unit).collect(),
        ..ProposalData::default()
    };
    let Some(unit) = data.unit(scope).cloned() else {
        return Ok(None);
    };
    let Some(hierarchy) = data.hierarchy() else {
        return Ok(None);
    };
    let rules = ReportRules::in_force(&book, today()).with_entered(store.target_reports().await?);
    let board = dashboard(scope, &hierarchy, &statuses, &proposals, &rules, year, today());
    Ok(Some((unit.name.as_str().to_owned(), unit.level(), board)))
}

fn count_line(lang: Lang, count: &LevelCount) -> String {
    lang.t_with(
        "dashboard.counts",
        &[
            ("before", &integer(u64::from(count.before), lang.get())),
            ("now", &integer(u64::from(count.after), lang.get())),
            ("reduction", &integer(count.reduction().unsigned_abs(), lang.get())),
            (
                "percent",
                &percent(count.reduction(), i64::from(count.before), lang.get()),
            ),
        ],
    )
}

fn level_card(lang: Lang, key: &'static str, count: LevelCount, below: u32, unreviewed: u32) -> impl IntoView {
    let planned = (count.planned != count.after).then_some(count.planned);
    view! {
        <div class="dashboard-card" data-testid=format!("card-{}", key.trim_start_matches("dashboard."))>
            <h2>{move || lang.t(key)}</h2>
            <p class="dashboard-figure" data-testid="counts">{move || count_line(lang, &count)}</p>
            {planned.map(|planned| view! {
                <p class="muted">{move || lang.t_with("dashboard.planned", &[("count", &integer(u64::from(planned), lang.get()))])}</p>
            })}
            <p data-testid="below-standard">{move || lang.t_with("dashboard.below_standard", &[("count", &below.to_string())])}</p>
            <p class="muted" data-testid="unreviewed">{move || lang.t_with("dashboard.unreviewed", &[("count", &unreviewed.to_string())])}</p>
        </div>
    }
}

fn unit_bars(scopes: &[ScopeProgress]) -> Vec<Bar> {
    scopes
        .iter()
        .filter(|scope| scope.level == UnitLevel::Commune)
        .map(|scope| Bar {
            label: scope.name.clone(),
            value: u64::from(scope.villages.after),
            behind: Some(u64::from(scope.villages.before)),
            text: format!("{} → {}", scope.villages.before, scope.villages.after),
        })
        .collect()
}

fn board_view(
    lang: Lang,
    name: String,
    level: UnitLevel,
    year: i32,
    board: Dashboard,
    report_link: Option<String>,
) -> impl IntoView {
    let scope = board.report.scopes.first().cloned();
    let villages = scope.as_ref().map(|scope| scope.villages.clone()).unwrap_or_default();
    let communes = scope.as_ref().map(|scope| scope.communes.clone()).unwrap_or_default();
    let workers = board.report.village_workers.clone();
    let by_unit = unit_bars(&board.report.scopes);
    let status_bars: Vec<Bar> = board
        .by_status
        .iter()
        .map(|count| Bar {
            label: lang.pick(&count.status),
            value: u64::from(count.count),
            behind: None,
            text: count.count.to_string(),
        })
        .collect();
    let waiting = board.waiting.clone();
    let heading = name.clone();
    let printed = view! { <ProgressReportPrint name=name.clone() level year board=board.clone()/> };
    let with_communes = level != UnitLevel::Village && level != UnitLevel::Commune;
    view! {
        {printed}
        <div class="screen-only">
        <h1 data-testid="dashboard-title">{move || lang.t_with("dashboard.title", &[("unit", &heading)])}</h1>
        <p class="muted">{move || lang.t_with("dashboard.computed", &[("date", &domain::format::date_vi(today()))])}</p>
        <div class="dashboard-cards">
            {level_card(lang, "dashboard.villages", villages, board.villages_below_standard, board.villages_unreviewed)}
            {with_communes.then(|| level_card(lang, "dashboard.communes", communes, board.communes_below_standard, board.communes_unreviewed))}
            <div class="dashboard-card" data-testid="card-workers">
                <h2>{move || lang.t("dashboard.workers")}</h2>
                <BarChart
                    title=lang.t("dashboard.workers")
                    bars=vec![Bar {
                        label: lang.t("dashboard.workers_recorded"),
                        value: workers.recorded_after,
                        behind: Some(workers.limit_after),
                        text: lang.t_with(
                            "dashboard.workers_text",
                            &[("recorded", &integer(workers.recorded_after, lang.get())), ("limit", &integer(workers.limit_after, lang.get()))],
                        ),
                    }]
                />
                {(!workers.units_over_limit.is_empty()).then(|| {
                    let over = workers.units_over_limit.len().to_string();
                    view! { <p class="note" data-testid="over-limit">{move || lang.t_with("dashboard.over_limit", &[("count", &over)])}</p> }
                })}
            </div>
            <YearChangesCard changes=board.year.clone() year with_communes/>
            <AllowanceFundCard fund=board.fund.clone()/>
        </div>
        {(by_unit.len() > 1).then(|| view! {
            <h2>{move || lang.t("dashboard.by_unit")}</h2>
            <BarChart title=lang.t("dashboard.by_unit") bars=by_unit/>
        })}
        <h2>{move || lang.t("dashboard.proposals")}</h2>
        {if status_bars.is_empty() {
            view! { <p class="muted" data-testid="no-proposals">{move || lang.t("dashboard.no_proposals")}</p> }.into_any()
        } else {
            view! { <BarChart title=lang.t("dashboard.proposals") bars=status_bars/> }.into_any()
        }}
        {(!waiting.is_empty()).then(|| view! {
            <h2>{move || lang.t("dashboard.waiting")}</h2>
            <ul class="unit-list" data-testid="waiting-proposals">
                {waiting.into_iter().map(|open| {
                    let days = open.days.to_string();
                    view! {
                        <li class="unit-row">
                            <a class="unit-link" href=format!("/de-an/{}", open.proposal_id)>
                                <span class="unit-name">{open.names.clone()}</span>
                                <span class="unit-count" data-testid="waited">{move || lang.t_with("dashboard.days", &[("days", &days)])}</span>
                            </a>
                            <span class="badge badge-none">{move || lang.pick(&open.status)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
        <h2>{move || lang.t("dashboard.targets")}</h2>
        <PlanTargetsList targets=board.targets.clone() report_link/>
        </div>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let params = use_params_map();
    let scope = move || params.read().get("id").and_then(|id| id.parse::<Uuid>().ok());
    let this_year = today().year();
    let year = RwSignal::new(this_year);
    let board = LocalResource::new(move || {
        store.changes();
        let open = store.get();
        let scope = scope();
        let year = year.get();
        async move {
            match (open, scope) {
                (Some(open), Some(scope)) => load(&open, scope, year)
                    .await
                    .map_err(|error| error.message(crate::i18n::current())),
                _ => Ok(None),
            }
        }
    });
    let session = SessionState::expect();
    // A province officer records the agencies' reports on the targets.
    let report_link = move || {
        let may = session
            .get()
            .is_some_and(|signed| domain::sync::may_write(signed.role, domain::sync::RecordType::TargetReport, None));
        untrack(scope)
            .filter(|_| may)
            .map(|scope| format!("/tien-do/{scope}/bao-cao-chi-tieu"))
    };
    let downloading = RwSignal::new(false);
    let download_problem = RwSignal::new(None::<String>);
    // The server's figures for the whole area, as a spreadsheet (online).
    let download = move |format: &'static str| {
        let (Some(signed), Some(unit)) = (session.current(), untrack(scope)) else {
            download_problem.set(Some(lang.t("dashboard.download_sign_in")));
            return;
        };
        let year = year.get_untracked();
        downloading.set(true);
        download_problem.set(None);
        leptos::task::spawn_local(async move {
            let fetched = crate::api::fetch_progress_file(&signed.token, unit, year, format).await;
            downloading.set(false);
            match fetched {
                Ok(bytes) => {
                    let name = format!("tien-do-{year}-{}.{format}", crate::clock::today());
                    let kind = match format {
                        "csv" => "text/csv;charset=utf-8",
                        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    };
                    if crate::download::offer(&name, &bytes, kind).is_err() {
                        download_problem.set(Some(lang.t("dashboard.download_failed")));
                    }
                }
                Err(error) => download_problem.set(Some(error.message(lang.get_untracked()))),
            }
        });
    };
    view! {
        <section class="dashboard" data-testid="dashboard">
            <label class="field year-choice no-print">
                <span class="field-label">{move || lang.t("dashboard.year")}</span>
                <select data-testid="report-year"
                    on:change=move |event| {
                        if let Ok(chosen) = event_target_value(&event).parse::<i32>() {
                            year.set(chosen);
                        }
                    }>
                    {(FIRST_YEAR..=this_year).rev().map(|option| view! {
                        <option value=option.to_string() selected=move || year.get() == option>{option}</option>
                    }).collect_view()}
                </select>
            </label>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
                {move || board.get().map(|found| match found {
                    Ok(Some((name, level, board))) => board_view(lang, name, level, year.get_untracked(), board, report_link()).into_any(),
                    Ok(None) => view! { <p class="muted">{move || lang.t("dashboard.unknown")}</p> }.into_any(),
                    Err(problem) => view! { <p class="error" role="alert">{problem}</p> }.into_any(),
                })}
            </Suspense>
            <div class="button-row no-print">
                <button class="button button-secondary" type="button" data-testid="print"
                    on:click=move |_| { let _ = web_sys::window().map(|window| window.print()); }>
                    {move || lang.t("dashboard.print")}
                </button>
                <button class="button button-secondary" type="button" data-testid="download-csv"
                    disabled=move || downloading.get() on:click=move |_| download("csv")>
                    {move || lang.t("dashboard.download_csv")}
                </button>
                <button class="button button-secondary" type="button" data-testid="download-xlsx"
                    disabled=move || downloading.get() on:click=move |_| download("xlsx")>
                    {move || lang.t("dashboard.download_xlsx")}
                </button>
            </div>
            {move || download_problem.get().map(|text| view! { <p class="error" role="alert" data-testid="download-problem">{text}</p> })}
        </section>
    }
}
