//! Whether a commune lies on the national border (xã biên giới), and the
//! household standard its thôn must meet today by the rules in force (TT
//! 14/2018 asked 100 in a border commune; NĐ 185/2026 sets no border figure
//! unless the province does). No public list of border communes exists, so the
//! province records it; everyone else sees it. A change is saved like any
//! edit (with its outbox entry) and the villages' standings follow at once.

use crate::clock::now;
use crate::i18n::Lang;
use crate::state::device_store::DeviceStore;
use crate::state::session::SessionState;
use domain::sync::{RecordType, may_write};
use domain::{OfficerId, Unit};
use leptos::prelude::*;

/// The standard a thôn of a commune (border or not) must meet today by the
/// device's rules (the decree's, or the province's lower figures), in words.
fn standard_today(book: &domain::rules::RuleBook, border: bool) -> Option<domain::Bilingual> {
    let rule_set = book.select(
        domain::UnitLevel::Village,
        crate::clock::today(),
        &domain::rules::RuleSelection::default(),
    )?;
    domain::rules::village_standard_in_words(rule_set, domain::UnitKind::Village, border)
}

#[component]
pub fn BorderCommune(unit: Unit) -> impl IntoView {
    let lang = Lang::expect();
    let store = DeviceStore::expect();
    let session = SessionState::expect();
    let border = RwSignal::new(unit.attributes.border_commune);
    let message = RwSignal::new(None::<String>);
    let flash = crate::state::flash::Flash::expect();
    // Who may change a commune is the domain's rule, the same the server applies.
    let level = unit.level();
    let may_edit = move || {
        session
            .get()
            .is_some_and(|signed| may_write(signed.role, RecordType::Unit, Some(level)))
    };
    let unit = StoredValue::new(unit);
    let book = LocalResource::new(move || {
        let open = store.get();
        store.changes();
        async move {
            match open {
                Some(open) => open.rule_book().await.unwrap_or_default(),
                None => domain::rules::RuleBook::built_in(),
            }
        }
    });
    let change = move |checked: bool| {
        let (Some(signed), Some(open)) = (session.current(), store.get_untracked()) else {
            return;
        };
        let mut updated = unit.get_value();
        updated.attributes.border_commune = checked;
        leptos::task::spawn_local(async move {
            let standing = open
                .unit(updated.id)
                .await
                .ok()
                .flatten()
                .and_then(|entry| entry.standing);
            let saved = open.save(&updated, OfficerId(signed.officer_id), now(), standing).await;
            match saved {
                Ok(_) => {
                    let _ = open.derive_standings_under(updated.id).await;
                    border.set(checked);
                    // The screen is drawn again from the store: the word goes in the flash.
                    flash.set_for(
                        format!("/don-vi/{}", updated.id),
                        untrack(|| lang.t("app.saved_offline")),
                    );
                    unit.set_value(updated);
                    store.changed();
                }
                Err(error) => {
                    border.set(!checked);
                    message.set(Some(error.message(crate::i18n::current())));
                }
            }
        });
    };
    view! {
        <div class="border-commune" data-testid="border-commune">
            {move || if may_edit() {
                view! {
                    <label class="checkbox">
                        <input type="checkbox" data-testid="border-commune-toggle"
                            prop:checked=move || border.get()
                            on:change=move |event| change(event_target_checked(&event))/>
                        {move || lang.t("unit.border_commune")}
                    </label>
                }.into_any()
            } else {
                view! {
                    <p class="muted">
                        {move || lang.t(if border.get() { "unit.is_border_commune" } else { "unit.not_border_commune" })}
                        " "
                        {move || book.get().and_then(|book| standard_today(&book, border.get())).map(|text| lang.pick(&text))}
                    </p>
                }.into_any()
            }}
            {move || message.get().map(|text| view! { <p role="status">{text}</p> })}
        </div>
    }
}
