//! The values of the review forms as the officer types them, one signal per
//! field, read into the domain's forms (`domain::forms`).

use domain::forms::{CommuneReviewForm, ReviewCommon, VillageReviewForm};
use domain::review::{CommuneCategory, CommuneReview, SpecialStatusKind, VillageReview};
use domain::{Language, Location, NaiveDate};
use leptos::prelude::*;

/// What both review forms hold besides their figures.
#[derive(Clone, Copy)]
pub struct CommonInputs {
    pub ethnic_minority_percent: RwSignal<String>,
    pub special_kind: RwSignal<Option<SpecialStatusKind>>,
    pub special_reason: RwSignal<String>,
    pub reviewed_on: RwSignal<String>,
    pub notes: RwSignal<String>,
}

impl CommonInputs {
    pub fn new(today: NaiveDate) -> Self {
        CommonInputs {
            ethnic_minority_percent: RwSignal::new(String::new()),
            special_kind: RwSignal::new(None),
            special_reason: RwSignal::new(String::new()),
            reviewed_on: RwSignal::new(domain::format::date_vi(today)),
            notes: RwSignal::new(String::new()),
        }
    }

    /// Tracked.
    pub fn read(&self) -> ReviewCommon {
        ReviewCommon {
            ethnic_minority_percent: self.ethnic_minority_percent.get(),
            special_kind: self.special_kind.get(),
            special_reason: self.special_reason.get(),
            reviewed_on: self.reviewed_on.get(),
            notes: self.notes.get(),
        }
    }

    fn fill(&self, percent: Option<u8>, special: Option<&domain::review::SpecialStatus>, notes: &str) {
        self.ethnic_minority_percent
            .set(percent.map(|percent| percent.to_string()).unwrap_or_default());
        self.special_kind.set(special.map(|status| status.kind));
        self.special_reason
            .set(special.map(|status| status.reason.clone()).unwrap_or_default());
        self.notes.set(notes.to_owned());
    }
}

/// The village review form's inputs.
#[derive(Clone, Copy)]
pub struct VillageInputs {
    pub households: RwSignal<String>,
    pub population: RwSignal<String>,
    pub area_hectares: RwSignal<String>,
    pub workers: RwSignal<String>,
    pub location: RwSignal<Option<Location>>,
    pub common: CommonInputs,
}

impl VillageInputs {
    pub fn new(today: NaiveDate) -> Self {
        VillageInputs {
            households: RwSignal::new(String::new()),
            population: RwSignal::new(String::new()),
            area_hectares: RwSignal::new(String::new()),
            workers: RwSignal::new(String::new()),
            location: RwSignal::new(None),
            common: CommonInputs::new(today),
        }
    }

    /// Starts from the previous review's figures (the date stays today's).
    pub fn fill(&self, review: &VillageReview) {
        self.households.set(review.households.to_string());
        self.population.set(review.population.to_string());
        self.area_hectares.set(review.area.hectares_text(Language::Vi));
        self.workers.set(review.non_professional_workers.to_string());
        self.location.set(review.location);
        self.common.fill(
            review.ethnic_minority_percent,
            review.special_status.as_ref(),
            &review.notes,
        );
    }

    /// Tracked.
    pub fn read(&self) -> VillageReviewForm {
        VillageReviewForm {
            households: self.households.get(),
            population: self.population.get(),
            area_hectares: self.area_hectares.get(),
            non_professional_workers: self.workers.get(),
            location: self.location.get(),
            common: self.common.read(),
        }
    }
}

/// The commune review form's inputs.
#[derive(Clone, Copy)]
pub struct CommuneInputs {
    pub population: RwSignal<String>,
    pub area_km2: RwSignal<String>,
    pub category: RwSignal<Option<CommuneCategory>>,
    pub class_points: RwSignal<String>,
    pub cadres: RwSignal<String>,
    pub civil_servants: RwSignal<String>,
    pub workers: RwSignal<String>,
    pub secretary_is_chairman: RwSignal<bool>,
    pub common: CommonInputs,
}

impl CommuneInputs {
    pub fn new(today: NaiveDate) -> Self {
        CommuneInputs {
            population: RwSignal::new(String::new()),
            area_km2: RwSignal::new(String::new()),
            category: RwSignal::new(None),
            class_points: RwSignal::new(String::new()),
            cadres: RwSignal::new(String::new()),
            civil_servants: RwSignal::new(String::new()),
            workers: RwSignal::new(String::new()),
            secretary_is_chairman: RwSignal::new(false),
            common: CommonInputs::new(today),
        }
    }

    pub fn fill(&self, review: &CommuneReview) {
        self.population.set(review.population.to_string());
        self.area_km2.set(review.area.km2_text(Language::Vi));
        self.category.set(Some(review.category));
        self.class_points
            .set(review.class_points.map(|points| points.to_string()).unwrap_or_default());
        self.cadres.set(review.cadres.to_string());
        self.civil_servants.set(review.civil_servants.to_string());
        self.workers.set(review.non_professional_workers.to_string());
        self.secretary_is_chairman.set(review.secretary_is_chairman);
        self.common.fill(
            review.ethnic_minority_percent,
            review.special_status.as_ref(),
            &review.notes,
        );
    }

    pub fn read(&self) -> CommuneReviewForm {
        CommuneReviewForm {
            population: self.population.get(),
            area_km2: self.area_km2.get(),
            category: self.category.get(),
            class_points: self.class_points.get(),
            cadres: self.cadres.get(),
            civil_servants: self.civil_servants.get(),
            non_professional_workers: self.workers.get(),
            secretary_is_chairman: self.secretary_is_chairman.get(),
            common: self.common.read(),
        }
    }
}
