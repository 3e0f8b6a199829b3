//! The badge of a proposal's status (Dự thảo, Đã trình, …): an effective
//! decision reads "Có hiệu lực từ …" once the server carried it out or while
//! its day is ahead, and "chờ máy chủ cập nhật" until the server has.

use crate::clock::today;
use domain::proposal::{Proposal, Status};
use leptos::prelude::*;

/// The status of `proposal`, as the domain words it for today.
#[component]
pub fn ProposalStatusBadge(
    /// The proposal whose status is shown.
    proposal: Proposal,
) -> impl IntoView {
    let class = match (&proposal.status, &proposal.carried_out) {
        (Status::Effective { .. }, None) => "badge badge-below",
        (Status::Effective { .. } | Status::ProvinceApproved { .. }, _) => "badge badge-meets",
        (Status::Returned | Status::Rejected, _) => "badge badge-merge",
        (Status::Submitted | Status::DistrictReviewed | Status::Consulted { .. }, _) => "badge badge-below",
        (Status::Draft, _) => "badge badge-none",
    };
    let lang = crate::i18n::Lang::expect();
    let label = proposal.status_label(today());
    view! { <span class=class data-testid="proposal-status">{move || lang.pick(&label)}</span> }
}
