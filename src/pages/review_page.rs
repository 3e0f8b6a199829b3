//! `/don-vi/:id/ra-soat`: a new review of a village or a commune, starting
//! from the previous review's figures. Each review is kept (the history of a
//! unit's figures); the latest decides its standing.

use crate::clock::{now, today};
use crate::components::commune_review_fields::CommuneReviewFields;
use crate::components::form_state::FormState;
use crate::components::review_inputs::{CommuneInputs, VillageInputs};
use crate::components::village_review_fields::VillageReviewFields;
use crate::i18n::Lang;
use crate::pages::unit_page::route_unit_id;
use crate::recording::save_review;
use crate::state::device_store::DeviceStore;
use crate::state::flash::Flash;
use crate::state::session::SessionState;
use crate::store::Review;
use domain::forms::{FormErrors, ReviewContext};
use domain::{OfficerId, Unit, UnitLevel};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let unit_id = route_unit_id();
    let loaded = LocalResource::new(move || {
        let open = store.get();
        let id = unit_id.get();
        async move {
            let (Some(open), Some(id)) = (open, id) else {
                return None;
            };
            let unit = open.unit(id).await.ok().flatten()?.unit;
            let latest = open
                .reviews_of_unit(id)
                .await
                .ok()
                .and_then(|reviews| reviews.into_iter().next());
            Some((unit, latest))
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
            {move || loaded.get().map(|found| match found {
                Some((unit, latest)) if unit.level() == UnitLevel::Village || unit.level() == UnitLevel::Commune => {
                    view! { <ReviewForm unit latest/> }.into_any()
                }
                _ => view! { <p class="error" role="alert">{move || lang.t("form.cannot_review")}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ReviewForm(unit: Unit, latest: Option<Review>) -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let session = SessionState::expect();
    let flash = Flash::expect();
    let navigate = use_navigate();
    let review_id = Uuid::now_v7();
    let unit_id = unit.id;
    let unit_name = unit.name.as_str().to_owned();
    let is_village = unit.level() == UnitLevel::Village;
    let village = VillageInputs::new(today());
    let commune = CommuneInputs::new(today());
    match &latest {
        Some(Review::Village(review)) => village.fill(review),
        Some(Review::Commune(review)) => commune.fill(review),
        None => {}
    }
    let officer = move || session.get().map(|signed| OfficerId(signed.officer_id));
    let read = move || {
        let context = ReviewContext {
            review_id,
            unit_id,
            reviewer: officer().unwrap_or(OfficerId(Uuid::nil())),
            at: now(),
            today: today(),
        };
        if is_village {
            village.read().read(&context).map(Review::Village)
        } else {
            commune.read().read(&context).map(Review::Commune)
        }
    };
    let form = FormState::new(move || read().err().unwrap_or_else(FormErrors::default));
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
        let Ok(review) = untrack(read) else {
            return;
        };
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = save_review(&open, by, review).await;
            busy.set(false);
            match saved {
                Ok(()) => {
                    store.changed();
                    let path = format!("/don-vi/{unit_id}");
                    flash.set_for(&path, untrack(|| lang.t("app.saved_offline")));
                    navigate(&path, Default::default());
                }
                Err(text) => problem.set(Some(text)),
            }
        });
    };
    view! {
        <section class="panel form-page">
            <h1>{move || lang.t_with("form.review_title", &[("unit", &unit_name)])}</h1>
            <form on:submit=submit novalidate data-testid="review-form">
                {if is_village {
                    view! { <VillageReviewFields inputs=village form/> }.into_any()
                } else {
                    view! { <CommuneReviewFields inputs=commune form/> }.into_any()
                }}
                <button type="submit" data-testid="save" disabled=move || busy.get()>{move || lang.t("app.save")}</button>
                {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="form-problem">{text}</p> })}
            </form>
        </section>
    }
}
