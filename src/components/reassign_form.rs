//! "Phân công lại": a new role and unit for an account (an officer moved, or
//! one set aside when the 2025 reform ended their unit).

use crate::api::officers;
use crate::components::account_notice::AccountNotice;
use crate::components::form_state::FormState;
use crate::components::jurisdiction_select::JurisdictionSelect;
use crate::components::role_select::RoleSelect;
use crate::i18n::Lang;
use crate::state::session::SessionState;
use domain::forms::{AssignmentForm, FormErrors};
use domain::wire::{OfficerProfile, UnitSummary};
use leptos::prelude::*;

#[component]
pub fn ReassignForm(
    account: OfficerProfile,
    units: StoredValue<Vec<UnitSummary>>,
    reload: RwSignal<u32>,
    notice: RwSignal<Option<AccountNotice>>,
    /// Set to false when the form closes.
    open: RwSignal<bool>,
) -> impl IntoView {
    let lang = Lang::expect();
    let session = SessionState::expect();
    let role = RwSignal::new(Some(account.role));
    // The unit as it is; the select lets it go when it is not offered (ended, another level).
    let jurisdiction = RwSignal::new(Some((account.jurisdiction.id, account.jurisdiction.kind.level())));
    let read = move || {
        AssignmentForm {
            role: role.get(),
            jurisdiction: jurisdiction.get(),
        }
        .read()
    };
    let form = FormState::new(move || read().err().unwrap_or_else(FormErrors::default));
    let id = account.id;
    let username = account.username.clone();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !form.attempt() {
            return;
        }
        let (Ok(request), Some(token)) = (untrack(read), session.current().map(|signed| signed.token)) else {
            return;
        };
        let username = username.clone();
        leptos::task::spawn_local(async move {
            let language = lang.get_untracked();
            match officers::assign(&token, id, &request).await {
                Ok(profile) => {
                    notice.set(Some(AccountNotice::done(crate::i18n::text_with(
                        language,
                        "accounts.reassign_done",
                        &[
                            ("username", &username),
                            ("role", profile.role.label().get(language)),
                            ("unit", &profile.jurisdiction.name),
                        ],
                    ))));
                    open.set(false);
                    reload.update(|count| *count += 1);
                }
                Err(error) => notice.set(Some(AccountNotice::refused(error.message(language)))),
            }
        });
    };
    let role_id: &'static str = "reassign-role";
    let unit_id: &'static str = "reassign-jurisdiction";
    view! {
        <form class="reassign" on:submit=save novalidate data-testid="reassign-form">
            <RoleSelect id=role_id role form/>
            <JurisdictionSelect id=unit_id role units chosen=jurisdiction form/>
            <button type="submit" data-testid="reassign-save">{move || lang.t("accounts.reassign_save")}</button>
            <button type="button" class="secondary" on:click=move |_| open.set(false)>{move || lang.t("accounts.cancel")}</button>
        </form>
    }
}
