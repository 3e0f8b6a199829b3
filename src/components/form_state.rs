//! What a form knows besides its values: its problems (recomputed by the
//! domain as the officer types), which fields were touched, and whether
//! saving was attempted (then every problem shows).

use domain::Field;
use domain::forms::FormErrors;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: Memo<FormErrors>,
    touched: RwSignal<Vec<Field>>,
    attempted: RwSignal<bool>,
}

impl FormState {
    /// `errors` reads the form's signals and says what is wrong (tracked).
    pub fn new(errors: impl Fn() -> FormErrors + Send + Sync + 'static) -> FormState {
        FormState {
            errors: Memo::new(move |_| errors()),
            touched: RwSignal::new(Vec::new()),
            attempted: RwSignal::new(false),
        }
    }

    pub fn touch(&self, field: Field) {
        if !self.touched.with_untracked(|touched| touched.contains(&field)) {
            self.touched.update(|touched| touched.push(field));
        }
    }

    /// Whether the field's message shows: once it was typed in, or after a save was attempted.
    pub fn shown(&self, field: Field) -> bool {
        self.attempted.get() || self.touched.with(|touched| touched.contains(&field))
    }

    /// The message under a field once it shows (tracked), named by the
    /// label the officer reads above the input (`label`: its key in
    /// `locales/app.yml`): "Số hộ gia đình: không được âm."
    pub fn message(&self, field: Field, label: &str, lang: crate::i18n::Lang) -> Option<String> {
        if !self.shown(field) {
            return None;
        }
        self.errors.with(|errors| {
            errors
                .of(field)
                .map(|error| format!("{}: {}", lang.t(label), error.problem.sentence(lang.get())))
        })
    }

    /// `problem` (the sentence under "Lưu") goes once every field reads:
    /// "hãy sửa các ô có thông báo" must not stay after the fields are fixed.
    pub fn clear_when_valid(&self, problem: RwSignal<Option<String>>) {
        let errors = self.errors;
        Effect::new(move |_| {
            if errors.with(FormErrors::is_empty) {
                problem.set(None);
            }
        });
    }

    /// Back to a blank form's state (after its record was saved and the
    /// fields emptied for the next): no message until typed in again.
    pub fn reset(&self) {
        self.attempted.set(false);
        self.touched.set(Vec::new());
    }

    /// A save was attempted: every message shows. Returns whether the form is valid.
    pub fn attempt(&self) -> bool {
        self.attempted.set(true);
        self.errors.with_untracked(FormErrors::is_empty)
    }

    /// A tap on "Lưu": the officer signed in, every field read, the device
    /// store open — or what the officer reads instead.
    pub fn ready_to_save(
        &self,
        officer: Option<domain::OfficerId>,
        store: crate::state::device_store::DeviceStore,
        lang: crate::i18n::Lang,
    ) -> Result<(domain::OfficerId, crate::store::Store), String> {
        let officer = officer.ok_or_else(|| untrack(|| lang.t("app.sign_in_first")))?;
        if !self.attempt() {
            return Err(untrack(|| lang.t("app.fix_fields")));
        }
        let open = store
            .get_untracked()
            .ok_or_else(|| untrack(|| lang.t("app.store_not_open")))?;
        Ok((officer, open))
    }
}
