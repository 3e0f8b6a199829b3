//! `/don-vi/:id/them-thon`: a new village of a commune with its first review.
//! Nothing is saved until every field reads; what was typed stays.

use crate::clock::{now, today};
use crate::components::form_field::FormField;
use crate::components::form_state::FormState;
use crate::components::review_inputs::VillageInputs;
use crate::components::village_review_fields::VillageReviewFields;
use crate::i18n::Lang;
use crate::pages::unit_page::route_unit_id;
use crate::recording::save_new_village;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use crate::store::Review;
use domain::forms::{FormErrors, NewVillageForm, ReviewContext};
use domain::{Field, OfficerId, Unit, UnitKind};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

#[component]
pub fn NewVillagePage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let commune_id = route_unit_id();
    let commune = LocalResource::new(move || {
        let open = store.get();
        let id = commune_id.get();
        async move {
            let (Some(open), Some(id)) = (open, id) else {
                return None;
            };
            let commune = open.unit(id).await.ok().flatten()?.unit;
            // The names in force under the commune: a new village may not repeat one.
            let names = open.names_in_force_under(id, None).await.unwrap_or_default();
            Some((commune, names))
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
            {move || commune.get().map(|found| match found {
                Some((commune, existing_names)) => view! { <NewVillageFormView commune existing_names/> }.into_any(),
                None => view! { <p class="error" role="alert">{move || lang.t("form.commune_missing")}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn NewVillageFormView(commune: Unit, existing_names: Vec<String>) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let navigate = use_navigate();
    let village_id = Uuid::now_v7();
    let review_id = Uuid::now_v7();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(UnitKind::Village);
    let inputs = VillageInputs::new(today());
    let officer = move || session.get().map(|signed| OfficerId(signed.officer_id));
    let commune = StoredValue::new(commune);
    let existing_names = StoredValue::new(existing_names);
    // A name like another village's but for tone marks or the kind's word: warned, not refused.
    let similar = move || {
        commune.with_value(|commune| {
            NewVillageForm {
                name: name.get(),
                kind: Some(kind.get()),
                existing_names: existing_names.get_value(),
            }
            .similar_name(commune.name.as_str())
        })
    };
    let read = move || {
        let by = officer().unwrap_or(OfficerId(Uuid::nil()));
        let at = now();
        let village = commune.with_value(|commune| {
            NewVillageForm {
                name: name.get(),
                kind: Some(kind.get()),
                existing_names: existing_names.get_value(),
            }
            .read(village_id, commune, by, at)
        });
        let context = ReviewContext {
            review_id,
            unit_id: village_id,
            reviewer: by,
            at,
            today: today(),
        };
        let review = inputs.read().read(&context);
        (village, review)
    };
    let form = FormState::new(move || {
        let (village, review) = read();
        let mut errors = FormErrors::default();
        errors.0.extend(village.err().map(|found| found.0).unwrap_or_default());
        errors.0.extend(review.err().map(|found| found.0).unwrap_or_default());
        errors
    });
    let problem = RwSignal::new(None::<String>);
    form.clear_when_valid(problem);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (by, open) = match form.ready_to_save(officer(), store, lang) {
            Ok(ready) => ready,
            Err(text) => {
                problem.set(Some(text));
                return;
            }
        };
        let (Ok(village), Ok(review)) = untrack(read) else {
            return;
        };
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let parent = village.parent_id;
            let saved = save_new_village(&open, by, &village, Review::Village(review)).await;
            busy.set(false);
            match saved {
                Ok(()) => {
                    store.changed();
                    if let Some(parent) = parent {
                        let path = format!("/don-vi/{parent}");
                        flash.set_for(
                            &path,
                            format!(
                                "{} — {}",
                                village.name.as_str(),
                                untrack(|| lang.t("app.saved_offline"))
                            ),
                        );
                        navigate(&path, Default::default());
                    }
                }
                Err(text) => problem.set(Some(text)),
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
    view! {
        <section class="panel form-page">
            <h1>{move || commune.with_value(|commune| lang.t_with("form.new_village_title", &[("commune", commune.name.as_str())]))}</h1>
            <form on:submit=submit novalidate data-testid="new-village-form">
                <div class="form-field">
                    <label for="village-kind">{move || lang.t("form.kind")}</label>
                    <select id="village-kind" data-testid="village-kind" on:change=on_kind>
                        {NewVillageForm::KINDS
                            .into_iter()
                            .map(|found| view! { <option value=format!("{found:?}")>{found.vietnamese()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <FormField id="village-name" label="form.name" field=Field::Name value=name form hint="form.name_hint"/>
                {move || similar().map(|warning| view! { <p class="panel notice" role="status" data-testid="similar-name">{lang.pick(&warning)}</p> })}
                <VillageReviewFields inputs form/>
                <button type="submit" data-testid="save" disabled=move || busy.get()>{move || lang.t("app.save")}</button>
                {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="form-problem">{text}</p> })}
            </form>
        </section>
    }
}
