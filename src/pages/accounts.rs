//! `/tai-khoan`: the administrator's accounts — every account within their
//! jurisdiction, a new one (its password generated and shown once), and
//! what can be done to each. The same API as the server's CLI; accounts are
//! the server's, so this screen needs a connection and says so.

use crate::api::{fetch_unit_children, officers};
use crate::components::account_notice::{AccountNotice, AccountNoticeView};
use crate::components::account_row::AccountRow;
use crate::components::new_account_form::NewAccountForm;
use crate::i18n::Lang;
use crate::state::session::SessionState;
use domain::Role;
use domain::wire::UnitSummary;
use leptos::prelude::*;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = Lang::expect();
    let session = SessionState::expect();
    move || match session.get() {
        Some(signed) if signed.role == Role::Administrator => view! { <Accounts/> }.into_any(),
        Some(_) => view! { <p class="error" role="alert">{move || lang.t("accounts.admins_only")}</p> }.into_any(),
        None => view! { <p class="error" role="alert">{move || lang.t("proposal.sign_in")}</p> }.into_any(),
    }
}

#[component]
fn Accounts() -> impl IntoView {
    let lang = Lang::expect();
    let session = SessionState::expect();
    let reload = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<AccountNotice>);
    let signed = session.current();
    let token = signed.as_ref().map(|signed| signed.token.clone()).unwrap_or_default();
    let own_id = signed.as_ref().map(|signed| signed.officer_id);
    let jurisdiction = signed.map(|signed| signed.jurisdiction.to_string()).unwrap_or_default();
    let list_token = token.clone();
    let accounts = LocalResource::new(move || {
        reload.get();
        let token = list_token.clone();
        async move { officers::list(&token).await }
    });
    // The administrator's unit and the units directly under it: the
    // jurisdictions an account can be given.
    let units = LocalResource::new(move || {
        let jurisdiction = jurisdiction.clone();
        async move {
            fetch_unit_children(&jurisdiction).await.map(|found| {
                let mut units: Vec<UnitSummary> = vec![found.parent];
                units.extend(found.children);
                units
            })
        }
    });
    view! {
        <section data-testid="accounts">
            <h1>{move || lang.t("accounts.title")}</h1>
            <p class="muted">{move || lang.t("accounts.intro")}</p>
            <AccountNoticeView notice/>
            <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.loading")}</p> }>
                {move || units.get().map(|found| {
                    let units = StoredValue::new(match found {
                        Ok(units) => units,
                        Err(_) => Vec::new(),
                    });
                    let token = token.clone();
                    view! {
                        {units.with_value(Vec::is_empty).then(|| view! {
                            <p class="error" role="alert">{move || lang.t("accounts.units_unreachable")}</p>
                        })}
                        <NewAccountForm units reload notice/>
                        <h2>{move || lang.t("accounts.list")}</h2>
                        <Transition fallback=move || view! { <p class="loading">{move || lang.t("app.loading")}</p> }>
                        {move || accounts.get().map(|found| match found {
                            Err(error) => view! { <p class="error" role="alert">{error.message(lang.get())}</p> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p>{move || lang.t("accounts.none")}</p> }.into_any(),
                            Ok(list) => {
                                let token = token.clone();
                                view! {
                                    <table class="data stack" data-testid="accounts-table">
                                        <thead><tr>
                                            <th>{move || lang.t("accounts.username")}</th>
                                            <th>{move || lang.t("accounts.display_name")}</th>
                                            <th>{move || lang.t("accounts.role")}</th>
                                            <th>{move || lang.t("accounts.jurisdiction")}</th>
                                            <th>{move || lang.t("accounts.status")}</th>
                                            <th>{move || lang.t("accounts.actions")}</th>
                                        </tr></thead>
                                        <tbody>
                                            {list.into_iter().map(|account| {
                                                let own = Some(account.id) == own_id;
                                                view! { <AccountRow account own units reload notice token=token.clone()/> }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }
                        })}
                        </Transition>
                    }
                })}
            </Suspense>
        </section>
    }
}
