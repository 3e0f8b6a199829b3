//! The fields both review forms share: ethnic-minority share, a special
//! status with its reason, the review date, notes.

use crate::components::form_field::{FormField, InputKind};
use crate::components::form_state::FormState;
use crate::components::review_inputs::CommonInputs;
use domain::review::SpecialStatusKind;
use domain::{Field, Language};
use leptos::prelude::*;

#[component]
pub fn CommonReviewFields(inputs: CommonInputs, form: FormState) -> impl IntoView {
    let chosen = move || {
        inputs
            .special_kind
            .get()
            .map(|kind| format!("{kind:?}"))
            .unwrap_or_default()
    };
    let on_kind = move |event| {
        let value = event_target_value(&event);
        inputs.special_kind.set(
            SpecialStatusKind::ALL
                .into_iter()
                .find(|kind| format!("{kind:?}") == value),
        );
        form.touch(Field::SpecialStatus);
    };
    view! {
        <FormField id="ethnic-minority-percent" label="Tỷ lệ người dân tộc thiểu số (%)" field=Field::EthnicMinorityShare
            value=inputs.ethnic_minority_percent form kind=InputKind::Count hint="Bỏ trống nếu chưa có số liệu"/>
        <div class="form-field">
            <label for="special-kind">"Yếu tố đặc thù (nếu có)"</label>
            <select id="special-kind" data-testid="special-kind" on:change=on_kind prop:value=chosen>
                <option value="">"Không có"</option>
                {SpecialStatusKind::ALL
                    .into_iter()
                    .map(|kind| view! { <option value=format!("{kind:?}")>{kind.label().get(Language::Vi).to_owned()}</option> })
                    .collect_view()}
            </select>
        </div>
        <Show when=move || inputs.special_kind.get().is_some()>
            <FormField id="special-reason" label="Lý do đặc thù" field=Field::SpecialStatus value=inputs.special_reason form/>
        </Show>
        <FormField id="reviewed-on" label="Ngày rà soát" field=Field::ReviewDate value=inputs.reviewed_on form kind=InputKind::Date/>
        <div class="form-field">
            <label for="notes">"Ghi chú"</label>
            <textarea id="notes" data-testid="notes" rows="3"
                prop:value=move || inputs.notes.get()
                on:input=move |event| inputs.notes.set(event_target_value(&event))></textarea>
        </div>
    }
}
