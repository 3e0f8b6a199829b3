//! The voter consultation of one unit as typed (lấy ý kiến cử tri): eligible,
//! taking part, agreeing, disagreeing, invalid.

use domain::proposal::Consultation;
use domain::validation::parse_count;
use domain::{Field, ValidationError};
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Clone, Copy)]
pub struct ConsultationInputs {
    pub eligible: RwSignal<String>,
    pub participating: RwSignal<String>,
    pub agreeing: RwSignal<String>,
    pub disagreeing: RwSignal<String>,
    pub invalid: RwSignal<String>,
}

impl ConsultationInputs {
    pub fn new() -> Self {
        ConsultationInputs {
            eligible: RwSignal::new(String::new()),
            participating: RwSignal::new(String::new()),
            agreeing: RwSignal::new(String::new()),
            disagreeing: RwSignal::new(String::new()),
            invalid: RwSignal::new(String::new()),
        }
    }

    /// The inputs in table order, with their labels' keys and test ids.
    pub fn columns(&self) -> [(RwSignal<String>, &'static str, &'static str); 5] {
        [
            (self.eligible, "wizard.eligible", "eligible"),
            (self.participating, "wizard.participating", "participating"),
            (self.agreeing, "wizard.agreeing", "agreeing"),
            (self.disagreeing, "wizard.disagreeing", "disagreeing"),
            (self.invalid, "wizard.invalid", "invalid"),
        ]
    }

    /// `None` while nothing is typed; the consultation, or the problem (tracked).
    pub fn read(&self, unit_id: Uuid) -> Option<Result<Consultation, ValidationError>> {
        let texts: Vec<String> = self.columns().iter().map(|(value, _, _)| value.get()).collect();
        if texts.iter().all(|text| text.trim().is_empty()) {
            return None;
        }
        let mut numbers = [0u32; 5];
        for (slot, text) in numbers.iter_mut().zip(&texts) {
            *slot = if text.trim().is_empty() {
                0
            } else {
                match parse_count(Field::Consultation, text) {
                    Ok(number) => number,
                    Err(error) => return Some(Err(error)),
                }
            };
        }
        let [eligible, participating, agreeing, disagreeing, invalid] = numbers;
        Some(Ok(Consultation {
            unit_id,
            round: 1,
            eligible,
            participating,
            agreeing,
            disagreeing,
            invalid,
        }))
    }
}

impl Default for ConsultationInputs {
    fn default() -> Self {
        Self::new()
    }
}
