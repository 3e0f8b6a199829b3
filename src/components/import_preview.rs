//! What an import will do, row by row, before anything is saved: how many
//! villages are new, updated, unchanged or refused, the refusals by row and
//! column (all of them), then the other rows.

use crate::i18n::Lang;
use domain::import::{ImportRow, MatchedBy, Outcome};
use leptos::prelude::*;

/// The rows shown besides the refused ones.
const SHOWN: usize = 100;

/// Counts of each outcome: new, updated, unchanged, refused.
pub fn counts(rows: &[ImportRow]) -> [usize; 4] {
    let mut counts = [0; 4];
    for row in rows {
        match row.outcome {
            Outcome::New { .. } => counts[0] += 1,
            Outcome::Update { .. } => counts[1] += 1,
            Outcome::Unchanged { .. } => counts[2] += 1,
            Outcome::Refused { .. } => counts[3] += 1,
            Outcome::Blank => {}
        }
    }
    counts
}

fn matched(lang: Lang, name: &str, by: MatchedBy) -> String {
    let key = match by {
        MatchedBy::Code => "import.matched_code",
        MatchedBy::Name => "import.matched_name",
    };
    lang.t_with(key, &[("name", name)])
}

fn row_view(lang: Lang, row: ImportRow) -> impl IntoView {
    let (class, text) = match &row.outcome {
        Outcome::New { review, .. } => (
            "badge badge-meets",
            if review.is_some() {
                lang.t("import.new_with_figures")
            } else {
                lang.t("import.new")
            },
        ),
        Outcome::Update {
            existing_name,
            matched_by,
            ..
        } => (
            "badge badge-below",
            format!(
                "{} — {}",
                lang.t("import.update"),
                matched(lang, existing_name, *matched_by)
            ),
        ),
        Outcome::Unchanged {
            existing_name,
            matched_by,
            ..
        } => (
            "badge badge-none",
            format!(
                "{} — {}",
                lang.t("import.unchanged"),
                matched(lang, existing_name, *matched_by)
            ),
        ),
        Outcome::Refused { .. } => ("badge badge-merge", lang.t("import.refused")),
        Outcome::Blank => ("badge badge-none", String::new()),
    };
    let messages = row.messages();
    view! {
        <tr data-testid="import-row" data-line=row.line.to_string()>
            <td class="number">{row.line}</td>
            <td>{row.name.clone()}</td>
            <td>
                <span class=class data-testid="import-outcome">{text}</span>
                {messages.into_iter().map(|message| view! { <p class="field-error" data-testid="import-problem">{message}</p> }).collect_view()}
            </td>
        </tr>
    }
}

/// The preview of `rows`.
#[component]
pub fn ImportPreview(rows: Vec<ImportRow>) -> impl IntoView {
    let lang = Lang::expect();
    let [new, updated, unchanged, refused] = counts(&rows);
    let (bad, good): (Vec<ImportRow>, Vec<ImportRow>) = rows
        .into_iter()
        .filter(|row| row.outcome != Outcome::Blank)
        .partition(|row| matches!(row.outcome, Outcome::Refused { .. }));
    let hidden = good.len().saturating_sub(SHOWN);
    let summary = lang.t_with(
        "import.summary",
        &[
            ("new", &new.to_string()),
            ("updated", &updated.to_string()),
            ("unchanged", &unchanged.to_string()),
            ("refused", &refused.to_string()),
        ],
    );
    view! {
        <p class="dashboard-figure" data-testid="import-summary">{summary}</p>
        <table class="data-table import-table">
            <thead><tr>
                <th>{move || lang.t("import.row")}</th>
                <th>{move || lang.t("import.name")}</th>
                <th>{move || lang.t("import.outcome")}</th>
            </tr></thead>
            <tbody>
                {bad.into_iter().chain(good.into_iter().take(SHOWN)).map(|row| row_view(lang, row)).collect_view()}
            </tbody>
        </table>
        {(hidden > 0).then(|| view! { <p class="muted">{move || lang.t_with("import.more", &[("count", &hidden.to_string())])}</p> })}
    }
}
