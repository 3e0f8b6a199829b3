//! The figures of a commune review.

use crate::components::common_review_fields::CommonReviewFields;
use crate::components::form_field::{FormField, InputKind};
use crate::components::form_state::FormState;
use crate::components::review_inputs::CommuneInputs;
use domain::Field;
use domain::review::CommuneCategory;
use leptos::prelude::*;

#[component]
pub fn CommuneReviewFields(inputs: CommuneInputs, form: FormState) -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    let category_message = move || form.message(Field::Kind, "form.category", lang);
    let on_category = move |event| {
        let value = event_target_value(&event);
        inputs.category.set(
            [CommuneCategory::I, CommuneCategory::II, CommuneCategory::III]
                .into_iter()
                .find(|category| category.roman() == value),
        );
        form.touch(Field::Kind);
    };
    view! {
        <fieldset class="form-group">
            <legend>{move || lang.t("form.figures")}</legend>
            <FormField id="population" label="form.population_commune" field=Field::Population value=inputs.population form kind=InputKind::Count/>
            <FormField id="area-km2" label="form.area_km2" field=Field::Area value=inputs.area_km2 form
                kind=InputKind::Decimal hint="form.area_km2_hint"/>
            <div class="form-field" class:has-error=move || category_message().is_some()>
                <label for="category">{move || lang.t("form.category")}</label>
                <select id="category" data-testid="category" on:change=on_category
                    prop:value=move || inputs.category.get().map(|category| category.roman()).unwrap_or_default()>
                    <option value="">{move || lang.t("form.category_choose")}</option>
                    <option value="I">{move || lang.t_with("form.category_n", &[("n", "I")])}</option>
                    <option value="II">{move || lang.t_with("form.category_n", &[("n", "II")])}</option>
                    <option value="III">{move || lang.t_with("form.category_n", &[("n", "III")])}</option>
                </select>
                <p class="field-error" role="alert" data-testid="category-message">{category_message}</p>
            </div>
            <FormField id="class-points" label="form.class_points" field=Field::ClassPoints value=inputs.class_points form
                kind=InputKind::Count hint="form.class_points_hint"/>
            <FormField id="cadres" label="form.cadres" field=Field::Cadres value=inputs.cadres form kind=InputKind::Count/>
            <FormField id="civil-servants" label="form.civil_servants" field=Field::CivilServants value=inputs.civil_servants form kind=InputKind::Count/>
            <FormField id="workers" label="form.workers" field=Field::NonProfessionalWorkers
                value=inputs.workers form kind=InputKind::Count/>
            <label class="checkbox">
                <input type="checkbox" data-testid="secretary-is-chairman"
                    prop:checked=move || inputs.secretary_is_chairman.get()
                    on:change=move |event| inputs.secretary_is_chairman.set(event_target_checked(&event))/>
                {move || lang.t("form.secretary_is_chairman")}
            </label>
            <CommonReviewFields inputs=inputs.common form/>
        </fieldset>
    }
}
