//! The badge of a proposal's status (Dự thảo, Đã trình, …).

use domain::proposal::Status;
use leptos::prelude::*;

#[component]
pub fn ProposalStatusBadge(status: Status) -> impl IntoView {
    let class = match status {
        Status::Effective { .. } | Status::ProvinceApproved { .. } => "badge badge-meets",
        Status::Returned | Status::Rejected => "badge badge-merge",
        Status::Submitted | Status::DistrictReviewed => "badge badge-below",
        Status::Draft => "badge badge-none",
    };
    let lang = crate::i18n::Lang::expect();
    let label = status.label();
    view! { <span class=class data-testid="proposal-status">{move || lang.pick(&label)}</span> }
}
