//! `/cho-phan-xa`: for the province officer, the villages of the communes the
//! 2025 reform divided among several new ones, each waiting to be placed
//! under one of the receivers. The server places them (with their reviews
//! and proposals); this page needs a network and says so.

use crate::api::{fetch_awaiting_assignment, place_unit};
use crate::i18n::Lang;
use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use domain::Lifecycle;
use domain::wire::UnitChildren;
use leptos::prelude::*;
use uuid::Uuid;

/// A divided commune, the units that received it (id, name), and its waiting villages.
#[derive(Clone, Debug)]
struct Waiting {
    list: UnitChildren,
    receivers: Vec<(Uuid, String)>,
}

#[component]
pub fn AwaitingAssignmentPage() -> impl IntoView {
    let lang = Lang::expect();
    let session = SessionState::expect();
    let store = DeviceStore::expect();
    let reload = RwSignal::new(0u32);
    let message = RwSignal::new(None::<String>);
    let lists = LocalResource::new(move || {
        reload.get();
        let token = session.get().map(|signed| signed.token);
        let open = store.get();
        async move {
            let token = token.ok_or_else(|| lang.t("proposal.sign_in"))?;
            let found = fetch_awaiting_assignment(&token).await.map_err(|error| {
                format!(
                    "{} {}",
                    error.message(crate::i18n::current()),
                    lang.t("awaiting.online_only")
                )
            })?;
            let mut lists = Vec::with_capacity(found.len());
            for list in found {
                let ids = match &list.parent.lifecycle {
                    Some(Lifecycle::DividedAmong { unit_ids, .. }) => unit_ids.clone(),
                    _ => Vec::new(),
                };
                let mut receivers = Vec::with_capacity(ids.len());
                for id in ids {
                    let name = match &open {
                        Some(open) => open
                            .unit(id)
                            .await
                            .ok()
                            .flatten()
                            .map(|entry| entry.unit.name.as_str().to_owned()),
                        None => None,
                    };
                    receivers.push((id, name.unwrap_or_else(|| id.to_string())));
                }
                lists.push(Waiting { list, receivers });
            }
            Ok::<_, String>(lists)
        }
    });
    let place = move |village: Uuid, village_name: String, parent: Uuid, parent_name: String| {
        let Some(token) = session.current().map(|signed| signed.token) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match place_unit(&token, village, parent).await {
                Ok(_) => {
                    message.set(Some(lang.t_with(
                        "awaiting.placed",
                        &[("village", &village_name), ("commune", &parent_name)],
                    )));
                    reload.update(|count| *count += 1);
                }
                Err(error) => message.set(Some(error.message(crate::i18n::current()))),
            }
        });
    };
    view! {
        <section data-testid="awaiting-assignment">
            <h1>{move || lang.t("awaiting.title")}</h1>
            <p class="muted">{move || lang.t("awaiting.intro")}</p>
            {move || message.get().map(|text| view! { <p class="flash" role="status" data-testid="awaiting-message">{text}</p> })}
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.loading")}</p> }>
                {move || lists.get().map(|found| match found {
                    Err(text) => view! { <p class="error" role="alert">{text}</p> }.into_any(),
                    Ok(lists) if lists.is_empty() => view! { <p data-testid="awaiting-nothing">{lang.t("awaiting.nothing")}</p> }.into_any(),
                    Ok(lists) => lists.into_iter().map(|waiting| {
                        let receivers_text = waiting.receivers.iter().map(|(_, name)| name.clone()).collect::<Vec<_>>().join(", ");
                        let heading = lang.t_with("awaiting.old_commune", &[("name", &waiting.list.parent.name), ("receivers", &receivers_text)]);
                        let receivers = waiting.receivers.clone();
                        view! {
                            <div class="panel" data-testid="awaiting-commune">
                                <h2>{heading}</h2>
                                <ul class="awaiting-list">
                                    {waiting.list.children.into_iter().map(|village| {
                                        let chosen = RwSignal::new(receivers.first().map(|(id, _)| *id));
                                        let names = receivers.clone();
                                        let select_id = format!("place-{}", village.id);
                                        let village_name = village.name.clone();
                                        view! {
                                            <li class="awaiting-row" data-testid="awaiting-village">
                                                <span class="unit-name">{village.name.clone()}</span>
                                                <label for=select_id.clone()>{lang.t("awaiting.choose")}</label>
                                                <select id=select_id data-testid="awaiting-receiver"
                                                    on:change=move |event| chosen.set(event_target_value(&event).parse().ok())>
                                                    {receivers.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                                                </select>
                                                <button type="button" data-testid="awaiting-place"
                                                    on:click=move |_| {
                                                        let Some(parent) = chosen.get_untracked() else { return };
                                                        let parent_name = names.iter().find(|(id, _)| *id == parent).map(|(_, name)| name.clone()).unwrap_or_default();
                                                        place(village.id, village_name.clone(), parent, parent_name);
                                                    }>{lang.t("awaiting.place")}</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </div>
                        }
                    }).collect_view().into_any(),
                })}
            </Suspense>
        </section>
    }
}
