//! The badge of a unit's standing: meets / below / must merge / exempt, or
//! not yet reviewed.

use domain::rules::Standing;
use leptos::prelude::*;

/// The CSS class and Vietnamese label of a standing.
pub fn standing_class(standing: Option<Standing>) -> &'static str {
    match standing {
        Some(Standing::Meets) => "badge badge-meets",
        Some(Standing::BelowStandard) => "badge badge-below",
        Some(Standing::BelowMergeThreshold) => "badge badge-merge",
        Some(Standing::Exempt) => "badge badge-exempt",
        None => "badge badge-none",
    }
}

#[component]
pub fn StandingBadge(standing: Option<Standing>) -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    let label = move || standing.map_or_else(|| lang.t("list.unreviewed"), |standing| lang.pick(&standing.label()));
    view! { <span class=standing_class(standing) data-testid="standing">{label}</span> }
}
