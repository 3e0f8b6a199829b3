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
    let summary = move || {
        let view = status.get();
        if view.running {
            return "Đang đồng bộ…".to_owned();
        }
        let mut parts = Vec::new();
        if view.pending > 0 {
            parts.push(format!("{} thay đổi chờ gửi", integer_vi(view.pending.into())));
        } else {
            parts.push("Đã gửi hết".to_owned());
        }
        match view.last_success {
            Some(at) => parts.push(format!("đồng bộ lúc {}", moment_vi(at))),
            None => parts.push("chưa đồng bộ lần nào".to_owned()),
        }
        if view.conflicts > 0 {
            parts.push(format!("{} xung đột cần xử lý", integer_vi(view.conflicts.into())));
        }
        if view.refused > 0 {
            parts.push(format!("{} thay đổi bị từ chối", integer_vi(view.refused.into())));
        }
        parts.join(" · ")
    };
    let warning = move || {
        let view = status.get();
        if session.expired() {
            Some("Phiên đăng nhập đã hết hạn: hãy đăng nhập lại để gửi dữ liệu.".to_owned())
        } else if view.jurisdiction_change_waiting {
            Some("Địa bàn của anh/chị vừa thay đổi. Dữ liệu địa bàn mới sẽ được tải sau khi các thay đổi cũ được gửi xong.".to_owned())
        } else if view.stalled(browser::now()) {
            Some("Có thay đổi đã chờ gửi hơn 1 giờ. Hãy kết nối mạng và bấm \u{201c}Đồng bộ ngay\u{201d}.".to_owned())
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
                    "Đồng bộ ngay"
                </button>
                {move || warning().map(|text| view! { <p class="sync-warning" role="alert" data-testid="sync-warning">{text}</p> })}
            </div>
        </Show>
    }
}
