//! The fields both review forms share: ethnic-minority share, a special
//! status with its reason, the review date, notes.

use crate::components::form_field::{FormField, InputKind};
use crate::components::form_state::FormState;
use crate::components::review_inputs::CommonInputs;
use crate::i18n::Lang;
use domain::Field;
use domain::review::SpecialStatusKind;
use leptos::prelude::*;

#[component]
pub fn CommonReviewFields(inputs: CommonInputs, form: FormState) -> impl IntoView {
    let lang = Lang::expect();
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
    let notes_message = move || form.message(Field::Notes, "form.notes", lang);
    view! {
        <FormField id="ethnic-minority-percent" label="form.ethnic_minority" field=Field::EthnicMinorityShare
            value=inputs.ethnic_minority_percent form kind=InputKind::Count hint="form.ethnic_minority_hint"/>
        <div class="form-field">
            <label for="special-kind">{move || lang.t("form.special")}</label>
            <select id="special-kind" data-testid="special-kind" on:change=on_kind prop:value=chosen>
                <option value="">{move || lang.t("form.special_none")}</option>
                {SpecialStatusKind::ALL
                    .into_iter()
                    .map(|kind| view! { <option value=format!("{kind:?}")>{move || lang.pick(&kind.label())}</option> })
                    .collect_view()}
            </select>
        </div>
        <Show when=move || inputs.special_kind.get().is_some()>
            <FormField id="special-reason" label="form.special_reason" field=Field::SpecialStatus value=inputs.special_reason form/>
        </Show>
        <FormField id="reviewed-on" label="form.reviewed_on" field=Field::ReviewDate value=inputs.reviewed_on form kind=InputKind::Date/>
        <div class="form-field" class:has-error=move || notes_message().is_some()>
            <label for="notes">{move || lang.t("form.notes")}</label>
            <textarea id="notes" data-testid="notes" rows="3" aria-describedby="notes-error"
                prop:value=move || inputs.notes.get()
                on:input=move |event| {
                    inputs.notes.set(event_target_value(&event));
                    form.touch(Field::Notes);
                }></textarea>
            {move || notes_message().map(|text| view! { <p class="field-error" id="notes-error" role="alert" data-testid="notes-message">{text}</p> })}
        </div>
    }
}
