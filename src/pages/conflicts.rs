//! `/xung-dot`: the conflicts the server found — a field two officers changed
//! differently. Both values side by side; the officer keeps one or writes
//! another, and the choice is sent as a mutation that resolves the conflict.

use crate::conflict_resolution::{edit_text, field_label, resolve, typed_value, value_text};
use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use domain::OfficerId;
use domain::format::moment_vi;
use domain::sync::protocol::Conflict;
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub fn ConflictsPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = crate::i18n::Lang::expect();
    let conflicts = LocalResource::new(move || {
        store.changes();
        let open = store.get();
        async move {
            let Some(open) = open else {
                return Ok(Vec::new());
            };
            let conflicts = open
                .open_conflicts()
                .await
                .map_err(|error| error.message(crate::i18n::current()))?;
            let mut named = Vec::new();
            for conflict in conflicts {
                let name = match open.unit(conflict.record_id).await {
                    Ok(Some(entry)) => entry.unit.name.as_str().to_owned(),
                    _ => match open.review(conflict.record_id).await {
                        Ok(Some(review)) => match open.unit(review.unit_id()).await {
                            Ok(Some(entry)) => format!("Rà soát {}", entry.unit.name.as_str()),
                            _ => "Bản rà soát".to_owned(),
                        },
                        _ => "Phương án".to_owned(),
                    },
                };
                named.push((conflict, name));
            }
            Ok::<_, String>(named)
        }
    });
    view! {
        <section data-testid="conflicts">
            <h1>{move || lang.t("conflicts.title")}</h1>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
                {move || conflicts.get().map(|found| match found {
                    Ok(found) if found.is_empty() => view! {
                        <p class="panel" data-testid="no-conflicts">{move || lang.t("conflicts.none")}</p>
                    }.into_any(),
                    Ok(found) => found
                        .into_iter()
                        .map(|(conflict, name)| view! { <ConflictCard conflict name/> })
                        .collect_view()
                        .into_any(),
                    Err(problem) => view! { <p class="error" role="alert">{problem}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ConflictCard(conflict: Conflict, name: String) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = crate::i18n::Lang::expect();
    let session = SessionState::expect();
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let edited = RwSignal::new(edit_text(conflict.values.client.as_ref()));
    let server = conflict.values.server.clone();
    let client = conflict.values.client.clone();
    let conflict = StoredValue::new(conflict);
    let choose = move |value: Value| {
        let Some(signed) = session.current() else {
            problem.set(Some(lang.t("proposal.sign_in")));
            return;
        };
        let Some(open) = store.get_untracked() else {
            return;
        };
        let conflict = conflict.get_value();
        leptos::task::spawn_local(async move {
            match resolve(&open, &conflict, value, OfficerId(signed.officer_id)).await {
                Ok(()) => {
                    done.set(true);
                    problem.set(None);
                    store.changed();
                }
                Err(text) => problem.set(Some(text)),
            }
        });
    };
    let keep_server = {
        let value = server.clone().unwrap_or(Value::Null);
        move |_| choose(value.clone())
    };
    let keep_client = {
        let value = client.clone().unwrap_or(Value::Null);
        move |_| choose(value.clone())
    };
    let like = server.clone().or_else(|| client.clone());
    // Text and numbers can be typed anew; compound values and yes/no are picked.
    let editable = matches!(like, Some(Value::String(_) | Value::Number(_)));
    let keep_edited = move |_| choose(typed_value(&edited.get_untracked(), like.as_ref()));
    let (field, at) = conflict.with_value(|conflict| (conflict.values.field.clone(), conflict.at));
    view! {
        <article class="panel" data-testid="conflict">
            <h2>{format!("{name} — {}", field_label(&field))}</h2>
            <p class="muted">{move || lang.t_with("conflicts.changed_at", &[("at", &moment_vi(at))])}</p>
            <div class="side-by-side">
                <div class="panel">
                    <h3>{move || lang.t("conflicts.server")}</h3>
                    <p data-testid="server-value">{value_text(server.as_ref())}</p>
                    <button type="button" data-testid="keep-server" on:click=keep_server>{move || lang.t("conflicts.keep")}</button>
                </div>
                <div class="panel">
                    <h3>{move || lang.t("conflicts.other")}</h3>
                    <p data-testid="client-value">{value_text(client.as_ref())}</p>
                    <button type="button" data-testid="keep-client" on:click=keep_client>{move || lang.t("conflicts.choose")}</button>
                </div>
            </div>
            {editable.then(|| view! {
                <div class="form-field">
                    <label for=format!("edit-{field}")>{move || lang.t("conflicts.edit")}</label>
                    <input id=format!("edit-{field}") type="text" data-testid="edited-value"
                        prop:value=move || edited.get() on:input=move |event| edited.set(event_target_value(&event))/>
                </div>
                <button type="button" class="button-secondary" data-testid="keep-edited" on:click=keep_edited>{move || lang.t("conflicts.save_edited")}</button>
            })}
            <Show when=move || done.get()>
                <p class="banner-info" role="status">{move || format!("{} {}", lang.t("conflicts.recorded"), lang.t("app.saved_offline"))}</p>
            </Show>
            {move || problem.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
        </article>
    }
}
