//! What waits to be sent, and what was sent.

use crate::components::list_downloads::ListDownloads;
use crate::state::device_store::DeviceStore;
use crate::store::OutboxState;
use domain::format::moment_vi;
use leptos::prelude::*;

fn record_key(record: domain::sync::RecordType) -> &'static str {
    use domain::sync::RecordType;
    match record {
        RecordType::Unit => "device.record_unit",
        RecordType::VillageReview => "device.record_village_review",
        RecordType::CommuneReview => "device.record_commune_review",
        RecordType::Proposal => "device.record_proposal",
        RecordType::RuleSet => "device.record_rule_set",
        RecordType::TargetReport => "device.record_target_report",
    }
}

fn record_label(record: domain::sync::RecordType) -> String {
    crate::i18n::text(crate::i18n::current(), record_key(record))
}

/// The changes waiting to be sent and those refused, as a list for a spreadsheet.
fn outbox_sheet<'a>(entries: impl Iterator<Item = &'a crate::store::OutboxEntry>) -> domain::spreadsheet::Sheet {
    domain::spreadsheet::Sheet {
        title: "Thay đổi chờ gửi".to_owned(),
        header: [
            "Số thứ tự",
            "Loại bản ghi",
            "Mã bản ghi",
            "Thời điểm",
            "Các trường",
            "Trạng thái",
            "Lý do",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: entries
            .map(|entry| {
                let (state, reason) = match &entry.state {
                    OutboxState::Pending => ("Chờ gửi", String::new()),
                    OutboxState::Refused { reason } => ("Bị từ chối", reason.clone()),
                    OutboxState::Acknowledged { .. } => ("Đã gửi", String::new()),
                };
                vec![
                    entry.mutation.seq.to_string(),
                    crate::i18n::text(domain::Language::Vi, record_key(entry.mutation.record_type)),
                    entry.mutation.record_id.to_string(),
                    moment_vi(entry.mutation.at),
                    entry
                        .mutation
                        .changes
                        .iter()
                        .map(|change| change.field.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    state.to_owned(),
                    reason,
                ]
            })
            .collect(),
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
            let waiting = open.outbox("pending").await.ok()?;
            Some((pending, refused, sent, waiting))
        }
    });
    let lang = crate::i18n::Lang::expect();
    view! {
        <section class="panel" aria-labelledby="outbox-heading">
            <h2 id="outbox-heading">{move || lang.t("device.outbox_title")}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
                {move || {
                    outbox.get().flatten().map(|(pending, refused, sent, waiting)| {
                        let sheet = outbox_sheet(waiting.iter().chain(&refused));
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
                                view! { <li>{record_label(entry.mutation.record_type)} " — " {lang.t("device.sent")} " " {when}</li> }
                            })
                            .collect_view();
                        view! {
                            <p data-testid="pending-count">{lang.t_with("device.pending", &[("count", &pending.to_string())])}</p>
                            <ListDownloads sheet stem="thay-doi-cho-gui" csv_key="device.export_outbox_csv"
                                xlsx_key="device.export_outbox_xlsx" testid="export-outbox"/>
                            <h3>{lang.t("device.refused")}</h3>
                            <ul class="plain-list">{refused_rows}</ul>
                            <h3>{lang.t("device.sent_title")}</h3>
                            <ul class="plain-list">{sent_rows}</ul>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
