//! One account in the administrator's list: who, what role over which unit,
//! whether it may sign in, and what can be done to it (a new password shown
//! once, its sessions ended, disabled or enabled, reassigned).

use crate::api::officers;
use crate::components::account_notice::AccountNotice;
use crate::components::reassign_form::ReassignForm;
use crate::i18n::{Lang, text_with};
use domain::wire::{OfficerProfile, UnitSummary};
use leptos::prelude::*;

/// What a button of the row does.
#[derive(Clone, Copy)]
enum Action {
    Reset,
    Revoke,
    Disable(bool),
}

#[component]
pub fn AccountRow(
    account: OfficerProfile,
    /// Whether this is the administrator's own account (it cannot be disabled).
    own: bool,
    units: StoredValue<Vec<UnitSummary>>,
    reload: RwSignal<u32>,
    notice: RwSignal<Option<AccountNotice>>,
    token: String,
) -> impl IntoView {
    let lang = Lang::expect();
    let reassigning = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let id = account.id;
    let username = StoredValue::new(account.username.clone());
    let token = StoredValue::new(token);
    let act = move |action: Action| {
        let token = token.get_value();
        let username = username.get_value();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let language = lang.get_untracked();
            let name = [("username", username.as_str())];
            let answer = match action {
                Action::Reset => {
                    let password = officers::generated_password();
                    officers::reset_password(&token, id, &password).await.map(|()| {
                        AccountNotice::with_password(text_with(language, "accounts.reset_done", &name), password)
                    })
                }
                Action::Revoke => officers::revoke(&token, id).await.map(|count| {
                    AccountNotice::done(text_with(
                        language,
                        "accounts.revoke_done",
                        &[("username", username.as_str()), ("count", &count.to_string())],
                    ))
                }),
                Action::Disable(disabled) => officers::set_disabled(&token, id, disabled).await.map(|_| {
                    let key = if disabled {
                        "accounts.disable_done"
                    } else {
                        "accounts.enable_done"
                    };
                    AccountNotice::done(text_with(language, key, &name))
                }),
            };
            busy.set(false);
            match answer {
                Ok(done) => {
                    notice.set(Some(done));
                    reload.update(|count| *count += 1);
                }
                Err(error) => notice.set(Some(AccountNotice::refused(error.message(language)))),
            }
        });
    };
    let disabled = account.disabled_at.is_some();
    let reason = account.reassignment_reason.clone();
    let status = move || {
        if disabled {
            lang.t("accounts.disabled")
        } else if let Some(reason) = &reason {
            format!("{}: {reason}", lang.t("accounts.awaiting"))
        } else {
            lang.t("accounts.active")
        }
    };
    let role = account.role.label();
    let unit = account.jurisdiction.name.clone();
    let reassigned = account.clone();
    view! {
        <tr data-testid="account-row" data-username=account.username.clone() class:muted=disabled>
            <td data-label=move || lang.t("accounts.username")><strong>{account.username.clone()}</strong>
                {own.then(|| view! { " "<span class="muted">{move || lang.t("accounts.you")}</span> })}</td>
            <td data-label=move || lang.t("accounts.display_name")>{account.display_name.clone()}</td>
            <td data-label=move || lang.t("accounts.role")>{move || lang.pick(&role)}</td>
            <td data-label=move || lang.t("accounts.jurisdiction")>{unit.clone()}</td>
            <td data-label=move || lang.t("accounts.status") data-testid="account-status">{status}</td>
            <td data-label=move || lang.t("accounts.actions") class="account-actions"><div class="account-buttons">
                <button type="button" class="secondary" data-testid="account-reset" disabled=move || busy.get()
                    on:click=move |_| act(Action::Reset)>{move || lang.t("accounts.reset")}</button>
                <button type="button" class="secondary" data-testid="account-revoke" disabled=move || busy.get()
                    on:click=move |_| act(Action::Revoke)>{move || lang.t("accounts.revoke")}</button>
                {(!own).then(|| view! {
                    <button type="button" class="secondary" data-testid="account-disable" disabled=move || busy.get()
                        on:click=move |_| act(Action::Disable(!disabled))>
                        {move || lang.t(if disabled { "accounts.enable" } else { "accounts.disable" })}
                    </button>
                })}
                <button type="button" class="secondary" data-testid="account-reassign"
                    on:click=move |_| reassigning.update(|open| *open = !*open)>{move || lang.t("accounts.reassign")}</button>
                </div>
                {move || reassigning.get().then(|| view! {
                    <ReassignForm account=reassigned.clone() units reload notice open=reassigning/>
                })}
            </td>
        </tr>
    }
}
