//! The forms of the field app as the officer fills them: every value as
//! typed (text), read and checked here, so that the tablet and the tests
//! apply the same rules and a refusal names its field. A form that does not
//! read keeps its text: the app shows the messages next to the fields and
//! saves nothing until every field reads.

pub mod account_form;
pub mod merger_form;
pub mod province_figures_form;
pub mod review_form;
pub mod target_report_form;
pub mod village_form;

pub use account_form::{AccountForm, AssignmentForm};
pub use merger_form::{ConsultationColumn, ConsultationForm, DraftIds, FinishError, VillageMergerForm, WizardStep};
pub use province_figures_form::{ProvinceFiguresForm, border_standard, province_copy_id};
pub use review_form::{CommuneReviewForm, ReviewCommon, ReviewContext, VillageReviewForm, parse_date};
pub use target_report_form::TargetReportForm;
pub use village_form::{EditVillageForm, NewVillageForm, village_name};

use crate::validation::{Field, ValidationError};

/// Every problem of a form, by field, in the order found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors(pub Vec<ValidationError>);

impl FormErrors {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first problem of one field, for the message under its input.
    pub fn of(&self, field: Field) -> Option<&ValidationError> {
        self.0.iter().find(|error| error.field == field)
    }

    pub(crate) fn push(&mut self, error: ValidationError) {
        if self.of(error.field).is_none() {
            self.0.push(error);
        }
    }

    /// Keeps the value when it read, records the problem when it did not.
    pub(crate) fn take<T>(&mut self, read: Result<T, ValidationError>) -> Option<T> {
        match read {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }
}
