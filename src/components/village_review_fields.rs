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
    view! {
        <fieldset class="form-group">
            <legend>"Số liệu rà soát"</legend>
            <FormField id="households" label="Số hộ gia đình" field=Field::Households value=inputs.households form kind=InputKind::Count/>
            <FormField id="population" label="Số nhân khẩu" field=Field::Population value=inputs.population form kind=InputKind::Count/>
            <FormField id="area-hectares" label="Diện tích tự nhiên (ha)" field=Field::Area value=inputs.area_hectares form
                kind=InputKind::Decimal hint="Ví dụ: 350,5"/>
            <FormField id="workers" label="Người hoạt động không chuyên trách" field=Field::NonProfessionalWorkers
                value=inputs.workers form kind=InputKind::Count/>
            <CommonReviewFields inputs=inputs.common form/>
            <LocationField location=inputs.location/>
        </fieldset>
    }
}
