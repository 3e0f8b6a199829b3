//! `/don-vi/:id/sua`: a village's name and kind corrected (a typo, a thôn
//! that is a bản). Saved on the device with its outbox entry, like any
//! change; a name another village of the commune has is refused at its field.

use crate::clock::now;
use crate::components::form_field::FormField;
use crate::components::form_state::FormState;
use crate::i18n::Lang;
use crate::pages::unit_page::route_unit_id;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use crate::store::Saved;
use domain::forms::{EditVillageForm, FormErrors, NewVillageForm};
use domain::{Field, OfficerId, Unit, UnitKind};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn EditVillagePage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let village_id = route_unit_id();
    let found = LocalResource::new(move || {
        let open = store.get();
        let id = village_id.get();
        async move {
            let (Some(open), Some(id)) = (open, id) else {
                return None;
            };
            let village = open.unit(id).await.ok().flatten()?.unit;
            let commune = open.unit(village.parent_id?).await.ok().flatten()?.unit;
            // The other villages in force under the commune: the name may not repeat one.
            let others = open
                .names_in_force_under(commune.id, Some(id))
                .await
                .unwrap_or_default();
            Some(EditVillageForm::of(&village, others, commune.name.as_str().to_owned())).map(|form| (village, form))
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
            {move || found.get().map(|found| match found {
                Some((village, form)) => view! { <EditVillageFormView village form/> }.into_any(),
                None => view! { <p class="error" role="alert">{move || lang.t("form.village_missing")}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn EditVillageFormView(village: Unit, form: EditVillageForm) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let navigate = use_navigate();
    let name = RwSignal::new(form.name.clone());
    let kind = RwSignal::new(form.kind.unwrap_or(UnitKind::Village));
    let officer = move || session.get().map(|signed| OfficerId(signed.officer_id));
    let village = StoredValue::new(village);
    let form = StoredValue::new(form);
    let read = move || {
        let typed = EditVillageForm {
            name: name.get(),
            kind: Some(kind.get()),
            ..form.get_value()
        };
        village.with_value(|village| typed.read(village))
    };
    // A name like another village's but for tone marks or the kind's word: warned, not refused.
    let similar = move || {
        EditVillageForm {
            name: name.get(),
            kind: Some(kind.get()),
            ..form.get_value()
        }
        .similar_name()
    };
    let state = FormState::new(move || read().err().unwrap_or_else(FormErrors::default));
    let problem = RwSignal::new(None::<String>);
    state.clear_when_valid(problem);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (by, open) = match state.ready_to_save(officer(), store, lang) {
            Ok(ready) => ready,
            Err(text) => {
                problem.set(Some(text));
                return;
            }
        };
        let Ok(edited) = untrack(read) else {
            return;
        };
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = open.save(&edited, by, now(), None).await;
            busy.set(false);
            match saved {
                Ok(saved) => {
                    store.changed();
                    let path = format!("/don-vi/{}", edited.id);
                    let said = match saved {
                        Saved::Queued { .. } => untrack(|| lang.t("app.saved_offline")),
                        Saved::Unchanged => untrack(|| lang.t("form.unchanged")),
                    };
                    flash.set_for(&path, format!("{} — {said}", edited.name.as_str()));
                    navigate(&path, Default::default());
                }
                Err(error) => problem.set(Some(error.message(lang.get_untracked()))),
            }
        });
    };
    let on_kind = move |event| {
        let value = event_target_value(&event);
        if let Some(found) = NewVillageForm::KINDS
            .into_iter()
            .find(|found| format!("{found:?}") == value)
        {
            kind.set(found);
        }
    };
    let current_kind = kind.get_untracked();
    view! {
        <section class="panel form-page">
            <h1>{move || village.with_value(|village| lang.t_with("form.edit_village_title", &[("village", village.name.as_str())]))}</h1>
            <form on:submit=submit novalidate data-testid="edit-village-form">
                <div class="form-field">
                    <label for="village-kind">{move || lang.t("form.kind")}</label>
                    <select id="village-kind" data-testid="village-kind" on:change=on_kind>
                        {NewVillageForm::KINDS
                            .into_iter()
                            .map(|found| view! { <option value=format!("{found:?}") selected=found == current_kind>{found.vietnamese()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <FormField id="village-name" label="form.name" field=Field::Name value=name form=state hint="form.name_hint"/>
                {move || similar().map(|warning| view! { <p class="panel notice" role="status" data-testid="similar-name">{lang.pick(&warning)}</p> })}
                <button type="submit" data-testid="save" disabled=move || busy.get()>{move || lang.t("app.save")}</button>
                {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="form-problem">{text}</p> })}
            </form>
        </section>
    }
}
