//! The units under one unit: search without diacritics, filters by standing
//! and by state, and pages of 50 so that a commune of thousands of villages
//! stays smooth on a cheap tablet.

use crate::components::standing_badge::StandingBadge;
use crate::store::UnitEntry;
use domain::format::integer_vi;
use domain::rules::Standing;
use domain::search::Query;
use leptos::prelude::*;

/// How many rows one page adds.
const PAGE: usize = 50;

/// A unit of the list and how many units lie under it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildRow {
    pub entry: UnitEntry,
    pub children: u32,
    /// The names of the units an ended unit went to (merged into, divided among).
    pub successors: Vec<String>,
}

/// The standing filter's choices: (value, standing; `None` for all or for not reviewed).
const STANDING_FILTERS: [(&str, Option<Standing>); 6] = [
    ("", None),
    ("below_merge_threshold", Some(Standing::BelowMergeThreshold)),
    ("below_standard", Some(Standing::BelowStandard)),
    ("meets", Some(Standing::Meets)),
    ("exempt", Some(Standing::Exempt)),
    ("unreviewed", None),
];

/// What became of an ended unit, in a sentence: "Đã sáp nhập vào Xã Đoàn Kết
/// từ 01/07/2025" (a district that ended in the 2025 reform "kết thúc hoạt động").
fn ended_text(row: &ChildRow, lang: crate::i18n::Lang) -> Option<String> {
    use domain::Lifecycle;
    let units = row.successors.join(", ");
    let (key, effective) = match &row.entry.unit.lifecycle {
        Lifecycle::MergedInto { effective, .. } => ("list.merged_into", effective),
        Lifecycle::DividedAmong { effective, .. } => ("list.divided_among", effective),
        Lifecycle::Dissolved { effective, .. } if row.entry.unit.level() == domain::UnitLevel::District => {
            ("list.ended_on", effective)
        }
        Lifecycle::Dissolved { effective, .. } => ("list.dissolved_on", effective),
        Lifecycle::Active { .. } | Lifecycle::Proposed { .. } => return None,
    };
    Some(lang.t_with(
        key,
        &[("units", &units), ("date", &domain::format::date_vi(*effective))],
    ))
}

fn standing_matches(filter: &str, standing: Option<Standing>) -> bool {
    match filter {
        "" => true,
        "unreviewed" => standing.is_none(),
        key => standing.is_some_and(|standing| crate::store::rows::standing_key(standing) == key),
    }
}

#[component]
pub fn UnitChildren(
    rows: Vec<ChildRow>,
    /// The key of what the units under each row are called (empty: no count).
    child_label: &'static str,
) -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    let total = rows.len();
    let rows = StoredValue::new(rows);
    let search = RwSignal::new(String::new());
    let standing = RwSignal::new(String::new());
    let show_ended = RwSignal::new(false);
    let shown = RwSignal::new(PAGE);
    let matching = Memo::new(move |_| {
        let query = Query::new(&search.get());
        let filter = standing.get();
        let ended = show_ended.get();
        rows.with_value(|rows| {
            rows.iter()
                .filter(|row| ended || row.entry.unit.is_active())
                .filter(|row| standing_matches(&filter, row.entry.standing))
                .filter(|row| query.is_empty() || query.matches(row.entry.unit.name.as_str()))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let more = move || matching.with(Vec::len) > shown.get();
    // The list as it is filtered, with each unit's latest figures, as a
    // spreadsheet: made on the device, offline.
    let store = crate::state::device_store::DeviceStore::expect();
    let export_problem = RwSignal::new(None::<String>);
    let session = crate::state::session::SessionState::expect();
    let export = move |xlsx: bool| {
        let Some(open) = store.get_untracked() else {
            return;
        };
        let entries: Vec<UnitEntry> =
            matching.with_untracked(|rows| rows.iter().map(|row| row.entry.clone()).collect());
        let token = session.current().map(|signed| signed.token);
        export_problem.set(None);
        leptos::task::spawn_local(async move {
            let latest = match open.all_reviews().await {
                Ok(reviews) => domain::review::LatestReviews::from_reviews(reviews),
                Err(error) => {
                    export_problem.set(Some(error.message(lang.get_untracked())));
                    return;
                }
            };
            let lines: Vec<domain::spreadsheet::UnitLine<'_>> = entries
                .iter()
                .map(|entry| domain::spreadsheet::UnitLine {
                    unit: &entry.unit,
                    standing: entry.standing,
                })
                .collect();
            let sheet = domain::spreadsheet::units_sheet(&lines, &latest);
            if let Err(problem) = crate::download::offer_sheet(&sheet, xlsx, "danh-sach", token, lang).await {
                export_problem.set(Some(problem));
            }
        });
    };
    let visible = move || matching.with(|found| found.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    view! {
        <div class="list-tools" role="search">
            <label for="unit-search">{move || lang.t("list.search")}</label>
            <input
                id="unit-search"
                data-testid="unit-search"
                type="search"
                placeholder=move || lang.t("list.search_example")
                prop:value=move || search.get()
                on:input=move |event| {
                    search.set(event_target_value(&event));
                    shown.set(PAGE);
                }
            />
            <label for="standing-filter">{move || lang.t("list.standing")}</label>
            <select
                id="standing-filter"
                data-testid="standing-filter"
                on:change=move |event| {
                    standing.set(event_target_value(&event));
                    shown.set(PAGE);
                }
            >
                {STANDING_FILTERS
                    .into_iter()
                    .map(|(value, standing)| {
                        let label = move || match (value, standing) {
                            ("", _) => lang.t("list.all"),
                            (_, Some(standing)) => lang.pick(&standing.label()),
                            _ => lang.t("list.unreviewed"),
                        };
                        view! { <option value=value>{label}</option> }
                    })
                    .collect_view()}
            </select>
            <label class="checkbox">
                <input type="checkbox" data-testid="show-ended" on:change=move |event| show_ended.set(event_target_checked(&event))/>
                {move || lang.t("list.show_ended")}
            </label>
        </div>
        <p class="list-count" data-testid="list-count">
            {move || {
                let shown = integer_vi(matching.with(Vec::len) as u64);
                lang.t_with("list.count", &[("shown", &shown), ("total", &integer_vi(total as u64))])
            }}
        </p>
        <div class="button-row no-print">
            <button type="button" class="button button-secondary" data-testid="export-list" on:click=move |_| export(false)>
                {move || lang.t("list.export_csv")}
            </button>
            <button type="button" class="button button-secondary" data-testid="export-list-xlsx" on:click=move |_| export(true)>
                {move || lang.t("list.export_xlsx")}
            </button>
        </div>
        {move || export_problem.get().map(|text| view! { <p class="error" role="alert" data-testid="export-problem">{text}</p> })}
        <ul class="unit-list" data-testid="unit-list">
            <For each=visible key=|row| (row.entry.unit.id, row.entry.standing, row.children) let:row>
                <li class="unit-row" data-testid="unit-row" data-code=row.entry.unit.code.map(|code| code.to_string()).unwrap_or_default()>
                    <a class="unit-link" href=format!("/don-vi/{}", row.entry.unit.id)>
                        <span class="unit-name">{row.entry.unit.name.as_str().to_owned()}</span>
                        {(!child_label.is_empty()).then(|| view! {
                            <span class="unit-count">{move || format!("{} {}", integer_vi(u64::from(row.children)), lang.t(child_label))}</span>
                        })}
                    </a>
                    {if row.entry.unit.lifecycle.has_ended() {
                        // An ended unit shows what became of it, not a standing.
                        let ended = row.clone();
                        view! { <span class="badge badge-none badge-ended" data-testid="ended">{move || ended_text(&ended, lang)}</span> }.into_any()
                    } else {
                        view! { <StandingBadge standing=row.entry.standing/> }.into_any()
                    }}
                </li>
            </For>
        </ul>
        <Show when=more>
            <button type="button" class="button-secondary" data-testid="show-more" on:click=move |_| shown.update(|shown| *shown += PAGE)>
                {move || {
                    let left = matching.with(Vec::len).saturating_sub(shown.get());
                    lang.t_with("list.more", &[("count", &integer_vi(left as u64))])
                }}
            </button>
        </Show>
    }
}
