//! `/dang-nhap`: signing in. Needs the network once; afterwards the device
//! works offline until the session expires.

use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use crate::state::sync_status::SyncStatus;
use crate::store::settings::Session;
use crate::sync::{SyncClient, SyncError, client::this_origin};
use domain::format::integer_vi;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// What the officer reads when signing in fails.
pub fn sign_in_problem(error: &SyncError) -> String {
    use crate::i18n::text;
    let language = crate::i18n::current();
    match error {
        SyncError::Server { code, .. } if code == "invalid_credentials" => text(language, "sign_in.invalid"),
        SyncError::Server { code, .. } if code == "account_disabled" => text(language, "sign_in.disabled"),
        SyncError::Server { code, .. } if code == "too_many_attempts" => text(language, "sign_in.too_many"),
        // The server says why in Vietnamese: the unit ended in the 2025 reform.
        SyncError::Server { code, message, .. } if code == "awaiting_reassignment" => {
            crate::i18n::text_with(language, "sign_in.awaiting_reassignment", &[("reason", message)])
        }
        SyncError::Unreachable(_) => text(language, "sign_in.unreachable"),
        other => other.message(language),
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = SessionState::expect();
    let store = DeviceStore::expect();
    let status = SyncStatus::expect();
    let navigate = use_navigate();
    let lang = crate::i18n::Lang::expect();
    let username = RwSignal::new(session.current().map(|signed| signed.username).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (name, secret) = (username.get_untracked().trim().to_owned(), password.get_untracked());
        if name.is_empty() || secret.is_empty() {
            problem.set(Some(lang.t("sign_in.both")));
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let open = store.get_untracked();
        leptos::task::spawn_local(async move {
            let answer = match this_origin() {
                Ok(origin) => {
                    let device = open.as_ref().map(|open| open.device_id());
                    SyncClient::sign_in(&origin, &name, &secret, device).await
                }
                Err(error) => Err(error),
            };
            busy.set(false);
            let signed = match answer {
                Ok(signed) => signed,
                Err(error) => {
                    problem.set(Some(sign_in_problem(&error)));
                    return;
                }
            };
            // Changes another officer made on this device and not yet sent are
            // theirs: they are sent under their name first.
            if let Some(open) = open {
                let waiting = open.outbox("pending").await.unwrap_or_default();
                let others = waiting
                    .iter()
                    .filter(|entry| entry.mutation.officer_id.0 != signed.officer.id)
                    .count();
                if others > 0 {
                    if let Ok(client) = SyncClient::for_this_origin(signed.token.clone()) {
                        let _ = client.sign_out().await;
                    }
                    problem.set(Some(crate::i18n::text_with(
                        crate::i18n::current(),
                        "sign_in.others_pending",
                        &[("count", &integer_vi(others as u64))],
                    )));
                    return;
                }
            }
            password.set(String::new());
            problem.set(None);
            session.signed_in(Session {
                token: signed.token,
                officer_id: signed.officer.id,
                username: signed.officer.username,
                display_name: signed.officer.display_name,
                role: signed.officer.role,
                jurisdiction: signed.officer.jurisdiction.id,
                expires_at: signed.expires_at,
            });
            status.sync_now();
            navigate("/", Default::default());
        });
    };
    view! {
        <section class="panel sign-in">
            <h1>{move || lang.t("sign_in.title")}</h1>
            <form on:submit=submit data-testid="sign-in-form">
                <label>
                    {move || lang.t("sign_in.username")}
                    <input
                        type="text"
                        name="username"
                        autocomplete="username"
                        autocapitalize="none"
                        data-testid="username"
                        prop:value=move || username.get()
                        on:input=move |event| username.set(event_target_value(&event))
                    />
                </label>
                <label>
                    {move || lang.t("sign_in.password")}
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        data-testid="password"
                        prop:value=move || password.get()
                        on:input=move |event| password.set(event_target_value(&event))
                    />
                </label>
                <button type="submit" data-testid="sign-in" disabled=move || busy.get()>
                    {move || lang.t(if busy.get() { "sign_in.busy" } else { "sign_in.title" })}
                </button>
            </form>
            {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="sign-in-problem">{text}</p> })}
        </section>
    }
}
