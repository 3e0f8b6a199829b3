//! What waits to be sent, and what was sent.

use crate::state::device_store::DeviceStore;
use crate::store::OutboxState;
use domain::format::moment_vi;
use leptos::prelude::*;

fn record_label(record: domain::sync::RecordType) -> String {
    use domain::sync::RecordType;
    let key = match record {
        RecordType::Unit => "device.record_unit",
        RecordType::VillageReview => "device.record_village_review",
        RecordType::CommuneReview => "device.record_commune_review",
        RecordType::Proposal => "device.record_proposal",
        RecordType::RuleSet => "device.record_rule_set",
    };
    crate::i18n::text(crate::i18n::current(), key)
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
    let lang = crate::i18n::Lang::expect();
    view! {
        <section class="panel" aria-labelledby="outbox-heading">
            <h2 id="outbox-heading">{move || lang.t("device.outbox_title")}</h2>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
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
                                view! { <li>{record_label(entry.mutation.record_type)} " — " {lang.t("device.sent")} " " {when}</li> }
                            })
                            .collect_view();
                        view! {
                            <p data-testid="pending-count">{lang.t_with("device.pending", &[("count", &pending.to_string())])}</p>
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
