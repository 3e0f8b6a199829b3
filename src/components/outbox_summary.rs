//! What waits to be sent, and what was sent.

use crate::state::device_store::DeviceStore;
use crate::store::OutboxState;
use domain::format::moment_vi;
use leptos::prelude::*;

fn record_label(record: domain::sync::RecordType) -> &'static str {
    use domain::sync::RecordType;
    match record {
        RecordType::Unit => "Đơn vị",
        RecordType::VillageReview => "Rà soát thôn",
        RecordType::CommuneReview => "Rà soát xã",
        RecordType::Proposal => "Phương án",
        RecordType::RuleSet => "Bộ tiêu chuẩn",
    }
}

/// The number of changes waiting to sync, the refused ones with their
/// reasons, and the officer's "sent" history (kept 30 days).
#[component]
pub fn OutboxSummary() -> impl IntoView {
    let store = DeviceStore::expect();
    let outbox = LocalResource::new(move || {
        let open = store.get();
        let _ = store.changes();
        async move {
            let open = open?;
            let pending = open.pending_count().await.ok()?;
            let refused = open.outbox("refused").await.ok()?;
            let sent = open.sent_history().await.ok()?;
            Some((pending, refused, sent))
        }
    });
    view! {
        <section class="panel" aria-labelledby="outbox-heading">
            <h2 id="outbox-heading">"Dữ liệu chờ gửi"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Đang đọc…"</p> }>
                {move || {
                    outbox.get().flatten().map(|(pending, refused, sent)| {
                        let refused_rows = refused
                            .into_iter()
                            .map(|entry| {
                                let reason = match entry.state {
                                    OutboxState::Refused { reason } => reason,
                                    _ => String::new(),
                                };
                                view! {
                                    <li>{record_label(entry.mutation.record_type)} " — " {moment_vi(entry.mutation.at)} ": " {reason}</li>
                                }
                            })
                            .collect_view();
                        let sent_rows = sent
                            .into_iter()
                            .take(20)
                            .map(|entry| {
                                let when = match entry.state {
                                    OutboxState::Acknowledged { at } => moment_vi(at),
                                    _ => String::new(),
                                };
                                view! { <li>{record_label(entry.mutation.record_type)} " — đã gửi " {when}</li> }
                            })
                            .collect_view();
                        view! {
                            <p data-testid="pending-count">{format!("{pending} thay đổi chờ đồng bộ.")}</p>
                            <h3>"Bị máy chủ từ chối"</h3>
                            <ul class="plain-list">{refused_rows}</ul>
                            <h3>"Đã gửi (30 ngày gần đây)"</h3>
                            <ul class="plain-list">{sent_rows}</ul>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
