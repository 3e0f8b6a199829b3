//! "Tạo tài khoản mới": the administrator names the officer, picks the role
//! and the unit; the password is generated and shown once. Checked by the
//! domain's `AccountForm` as typed, then by the server.

use crate::api::officers;
use crate::components::account_notice::AccountNotice;
use crate::components::form_field::FormField;
use crate::components::form_state::FormState;
use crate::components::jurisdiction_select::JurisdictionSelect;
use crate::components::role_select::RoleSelect;
use crate::i18n::Lang;
use crate::state::session::SessionState;
use domain::forms::{AccountForm, FormErrors};
use domain::wire::UnitSummary;
use domain::{Field, Role, UnitLevel};
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn NewAccountForm(
    units: StoredValue<Vec<UnitSummary>>,
    reload: RwSignal<u32>,
    notice: RwSignal<Option<AccountNotice>>,
) -> impl IntoView {
    let lang = Lang::expect();
    let session = SessionState::expect();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Some(Role::CommuneOfficer));
    let jurisdiction = RwSignal::new(None::<(Uuid, UnitLevel)>);
    let password = StoredValue::new(officers::generated_password());
    let read = move || {
        AccountForm {
            username: username.get(),
            display_name: display_name.get(),
            role: role.get(),
            jurisdiction: jurisdiction.get(),
            password: password.get_value(),
        }
        .read()
    };
    let form = FormState::new(move || read().err().unwrap_or_else(FormErrors::default));
    let problem = RwSignal::new(None::<String>);
    form.clear_when_valid(problem);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !form.attempt() {
            problem.set(Some(untrack(|| lang.t("app.fix_fields"))));
            return;
        }
        let (Ok(request), Some(token)) = (untrack(read), session.current().map(|signed| signed.token)) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let created = officers::create(&token, &request).await;
            busy.set(false);
            match created {
                Ok(profile) => {
                    let language = lang.get_untracked();
                    let text = crate::i18n::text_with(
                        language,
                        "accounts.created",
                        &[
                            ("username", &profile.username),
                            ("role", profile.role.label().get(language)),
                            ("unit", &profile.jurisdiction.name),
                        ],
                    );
                    notice.set(Some(AccountNotice::with_password(text, request.password.clone())));
                    password.set_value(officers::generated_password());
                    username.set(String::new());
                    display_name.set(String::new());
                    form.reset();
                    problem.set(None);
                    reload.update(|count| *count += 1);
                }
                Err(error) => problem.set(Some(error.message(lang.get_untracked()))),
            }
        });
    };
    view! {
        <form class="panel" on:submit=submit novalidate data-testid="new-account-form">
            <h2>{move || lang.t("accounts.new")}</h2>
            <FormField id="account-username" label="accounts.username" field=Field::Username value=username form hint="accounts.username_hint"/>
            <FormField id="account-name" label="accounts.display_name" field=Field::DisplayName value=display_name form/>
            <RoleSelect id="account-role" role form/>
            <JurisdictionSelect id="account-jurisdiction" role units chosen=jurisdiction form/>
            <p class="hint">{move || lang.t("accounts.password_hint")}</p>
            <button type="submit" data-testid="create-account" disabled=move || busy.get()>{move || lang.t("accounts.create")}</button>
            {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="account-problem">{text}</p> })}
        </form>
    }
}
