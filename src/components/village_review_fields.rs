//! The figures of a village review.

use crate::components::common_review_fields::CommonReviewFields;
use crate::components::form_field::{FormField, InputKind};
use crate::components::form_state::FormState;
use crate::components::location_field::LocationField;
use crate::components::review_inputs::VillageInputs;
use domain::Field;
use leptos::prelude::*;

#[component]
pub fn VillageReviewFields(inputs: VillageInputs, form: FormState) -> impl IntoView {
    let lang = crate::i18n::Lang::expect();
    view! {
        <fieldset class="form-group">
            <legend>{move || lang.t("form.figures")}</legend>
            <FormField id="households" label="form.households" field=Field::Households value=inputs.households form kind=InputKind::Count/>
            <FormField id="population" label="form.population_village" field=Field::Population value=inputs.population form kind=InputKind::Count/>
            <FormField id="area-hectares" label="form.area_ha" field=Field::Area value=inputs.area_hectares form
                kind=InputKind::Decimal hint="form.area_ha_hint"/>
            <FormField id="workers" label="form.workers" field=Field::NonProfessionalWorkers
                value=inputs.workers form kind=InputKind::Count/>
            <CommonReviewFields inputs=inputs.common form/>
            <LocationField location=inputs.location/>
        </fieldset>
    }
}
