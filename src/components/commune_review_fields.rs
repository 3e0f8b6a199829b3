//! The figures of a commune review.

use crate::components::common_review_fields::CommonReviewFields;
use crate::components::form_field::{FormField, InputKind};
use crate::components::form_state::FormState;
use crate::components::review_inputs::CommuneInputs;
use domain::review::CommuneCategory;
use domain::{Field, Language};
use leptos::prelude::*;

#[component]
pub fn CommuneReviewFields(inputs: CommuneInputs, form: FormState) -> impl IntoView {
    let category_message = move || {
        form.shown(Field::Kind)
            .then(|| {
                form.errors
                    .with(|errors| errors.of(Field::Kind).map(|error| error.problem.sentence(Language::Vi)))
            })
            .flatten()
            .map(|sentence| format!("Phân loại đơn vị: {sentence}"))
    };
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
            <legend>"Số liệu rà soát"</legend>
            <FormField id="population" label="Quy mô dân số (người)" field=Field::Population value=inputs.population form kind=InputKind::Count/>
            <FormField id="area-km2" label="Diện tích tự nhiên (km²)" field=Field::Area value=inputs.area_km2 form
                kind=InputKind::Decimal hint="Ví dụ: 30,88"/>
            <div class="form-field" class:has-error=move || category_message().is_some()>
                <label for="category">"Phân loại đơn vị hành chính"</label>
                <select id="category" data-testid="category" on:change=on_category
                    prop:value=move || inputs.category.get().map(|category| category.roman()).unwrap_or_default()>
                    <option value="">"Chọn loại"</option>
                    <option value="I">"Loại I"</option>
                    <option value="II">"Loại II"</option>
                    <option value="III">"Loại III"</option>
                </select>
                <p class="field-error" role="alert" data-testid="category-message">{category_message}</p>
            </div>
            <FormField id="cadres" label="Số cán bộ" field=Field::Cadres value=inputs.cadres form kind=InputKind::Count/>
            <FormField id="civil-servants" label="Số công chức" field=Field::CivilServants value=inputs.civil_servants form kind=InputKind::Count/>
            <FormField id="workers" label="Người hoạt động không chuyên trách" field=Field::NonProfessionalWorkers
                value=inputs.workers form kind=InputKind::Count/>
            <label class="checkbox">
                <input type="checkbox" data-testid="secretary-is-chairman"
                    prop:checked=move || inputs.secretary_is_chairman.get()
                    on:change=move |event| inputs.secretary_is_chairman.set(event_target_checked(&event))/>
                "Bí thư Đảng ủy đồng thời là Chủ tịch UBND"
            </label>
            <CommonReviewFields inputs=inputs.common form/>
        </fieldset>
    }
}
