//! What the last action on the accounts screen did, and — after a creation
//! or a reset — the password, shown this once and kept nowhere.

use crate::i18n::Lang;
use leptos::prelude::*;

/// The answer to the administrator's last action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountNotice {
    pub text: String,
    /// A new password to hand over: on screen until the next action.
    pub password: Option<String>,
    pub refused: bool,
}

impl AccountNotice {
    pub fn done(text: String) -> Self {
        Self {
            text,
            password: None,
            refused: false,
        }
    }

    pub fn with_password(text: String, password: String) -> Self {
        Self {
            text,
            password: Some(password),
            refused: false,
        }
    }

    pub fn refused(text: String) -> Self {
        Self {
            text,
            password: None,
            refused: true,
        }
    }
}

#[component]
pub fn AccountNoticeView(notice: RwSignal<Option<AccountNotice>>) -> impl IntoView {
    let lang = Lang::expect();
    move || {
        notice.get().map(|notice| {
            let class = if notice.refused { "error" } else { "panel notice" };
            let role = if notice.refused { "alert" } else { "status" };
            view! {
                <div class=class role=role data-testid="account-notice">
                    <p>{notice.text}</p>
                    {notice.password.map(|password| view! {
                        <p>
                            {move || lang.t("accounts.password_once")}" "
                            <code class="password-once" data-testid="password-once">{password}</code>
                        </p>
                    })}
                </div>
            }
        })
    }
}
