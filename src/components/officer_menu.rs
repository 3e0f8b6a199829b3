//! The signed-in officer in the header, and signing out. Signing out is
//! refused while changes wait to be sent: they belong to this officer and
//! must reach the server (or be exported) first.

use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use crate::sync::SyncClient;
use domain::format::integer_vi;
use leptos::prelude::*;

#[component]
pub fn OfficerMenu() -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    let session = SessionState::expect();
    let store = DeviceStore::expect();
    let refusal = RwSignal::new(None::<String>);
    let sign_out = move |_| {
        let Some(current) = session.current() else {
            return;
        };
        let open = store.get_untracked();
        leptos::task::spawn_local(async move {
            let pending = match &open {
                Some(open) => open.pending_count().await.unwrap_or(u32::MAX),
                None => u32::MAX,
            };
            if pending > 0 {
                refusal.set(Some(if pending == u32::MAX {
                    untrack(|| lang.t("officer.unreadable"))
                } else {
                    untrack(|| lang.t_with("officer.pending", &[("count", &integer_vi(pending.into()))]))
                }));
                return;
            }
            // Ends the session on the server when it can be reached; the token
            // is forgotten on the device either way.
            if let Ok(client) = SyncClient::for_this_origin(current.token) {
                let _ = client.sign_out().await;
            }
            refusal.set(None);
            session.signed_out();
        });
    };
    view! {
        {move || match session.get() {
            Some(signed) => view! {
                <span class="officer" data-testid="officer">
                    {move || {
                        let role = signed.role.label();
                        // "Quản trị viên", not "Quản trị viên (Quản trị viên)".
                        let same = [&role.vi, &role.en]
                            .iter()
                            .any(|label| label.to_lowercase() == signed.display_name.trim().to_lowercase());
                        if same {
                            signed.display_name.clone()
                        } else {
                            format!("{} ({})", signed.display_name, lang.pick(&role))
                        }
                    }}
                </span>
                <button type="button" class="header-link" data-testid="sign-out" on:click=sign_out>{move || lang.t("officer.sign_out")}</button>
            }
            .into_any(),
            None => view! {
                <span class="officer" data-testid="officer">{move || lang.t("officer.none")}</span>
                <a class="header-link" href="/dang-nhap" data-testid="sign-in-link">{move || lang.t("officer.sign_in")}</a>
            }
            .into_any(),
        }}
        {move || refusal.get().map(|text| view! { <p class="sync-warning" role="alert" data-testid="sign-out-refused">{text}</p> })}
    }
}
