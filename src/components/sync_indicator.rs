//! Where sync stands, in the header: what waits, when it last synced, a
//! warning when changes have waited too long, and "Đồng bộ ngay".

use crate::state::session::SessionState;
use crate::state::sync_status::SyncStatus;
use crate::sync::browser;
use domain::format::{integer_vi, moment_vi};
use leptos::prelude::*;

/// The sync line of the header. Shows nothing until an officer has signed in.
#[component]
pub fn SyncIndicator() -> impl IntoView {
    let status = SyncStatus::expect();
    let session = SessionState::expect();
    let lang = crate::i18n::Lang::expect();
    let summary = move || {
        let view = status.get();
        if view.running {
            return lang.t("sync.running");
        }
        let mut parts = Vec::new();
        if view.pending > 0 {
            parts.push(lang.t_with("sync.pending", &[("count", &integer_vi(view.pending.into()))]));
        } else {
            parts.push(lang.t("sync.all_sent"));
        }
        match view.last_success {
            Some(at) => parts.push(lang.t_with("sync.last", &[("at", &moment_vi(at))])),
            None => parts.push(lang.t("sync.never")),
        }
        if view.conflicts > 0 {
            parts.push(lang.t_with("sync.conflicts", &[("count", &integer_vi(view.conflicts.into()))]));
        }
        if view.refused > 0 {
            parts.push(lang.t_with("sync.refused", &[("count", &integer_vi(view.refused.into()))]));
        }
        parts.join(" · ")
    };
    let warning = move || {
        let view = status.get();
        if session.expired() {
            Some(lang.t("sync.expired"))
        } else if view.jurisdiction_change_waiting {
            Some(lang.t("sync.jurisdiction_changed"))
        } else if view.stalled(browser::now()) {
            Some(lang.t("sync.stalled"))
        } else if view.online {
            view.problem
        } else {
            None
        }
    };
    view! {
        <Show when=move || session.get().is_some()>
            <div class="sync-indicator" data-testid="sync-status">
                <span class="sync-summary" role="status" data-testid="sync-summary">{summary}</span>
                <button
                    type="button"
                    class="sync-now"
                    data-testid="sync-now"
                    disabled=move || status.get().running || session.expired()
                    on:click=move |_| status.sync_now()
                >
                    {move || lang.t("sync.now")}
                </button>
                {move || warning().map(|text| view! { <p class="sync-warning" role="alert" data-testid="sync-warning">{text}</p> })}
            </div>
        </Show>
    }
}
