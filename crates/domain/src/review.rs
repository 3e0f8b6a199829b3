//! The figures officers record when they review a village or a commune.

use crate::measure::Area;
use crate::sync_meta::{OfficerId, SyncMeta};
use crate::unit::Location;
use crate::validation::{Field, Problem, ValidationError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Bounds beyond which a figure is a typing mistake, not a village.
pub mod village_bounds {
    pub const HOUSEHOLDS: u32 = 5_000;
    pub const POPULATION: u32 = 50_000;
    pub const AREA_KM2: u64 = 1_000;
    pub const WORKERS: u32 = 50;
}

/// Bounds beyond which a figure is a typing mistake, not a commune.
pub mod commune_bounds {
    pub const POPULATION: u32 = 2_000_000;
    pub const AREA_KM2: u64 = 5_000;
    pub const STAFF: u32 = 500;
}

/// The earliest review date accepted: the founding of the state's
/// administrative system that the rules refer to.
pub fn earliest_review_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1945, 1, 1).unwrap_or_default()
}

/// Why a village may be kept as it is although below the standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialStatusKind {
    /// Isolated or hard to reach (biệt lập, khó khăn về giao thông).
    Isolated,
    /// A particular ethnic, religious or customary character.
    EthnicCustomary,
    /// A role in defence or security.
    DefenceSecurity,
    /// On the national border.
    Border,
    /// The same boundary since 1945 (communes).
    HistoricBoundary,
    /// Arranged already in 2019–2021 (communes).
    RecentlyArranged,
}

impl SpecialStatusKind {
    pub const ALL: [SpecialStatusKind; 6] = [
        SpecialStatusKind::Isolated,
        SpecialStatusKind::EthnicCustomary,
        SpecialStatusKind::DefenceSecurity,
        SpecialStatusKind::Border,
        SpecialStatusKind::HistoricBoundary,
        SpecialStatusKind::RecentlyArranged,
    ];

    pub fn label(self) -> crate::language::Bilingual {
        let (vi, en) = match self {
            SpecialStatusKind::Isolated => ("địa bàn biệt lập, khó khăn về giao thông", "isolated or hard to reach"),
            SpecialStatusKind::EthnicCustomary => (
                "có yếu tố đặc thù về dân tộc, tôn giáo, phong tục",
                "a particular ethnic, religious or customary character",
            ),
            SpecialStatusKind::DefenceSecurity => ("có vị trí quốc phòng, an ninh", "a role in defence or security"),
            SpecialStatusKind::Border => ("thuộc khu vực biên giới", "on the national border"),
            SpecialStatusKind::HistoricBoundary => ("giữ nguyên địa giới từ năm 1945", "the same boundary since 1945"),
            SpecialStatusKind::RecentlyArranged => {
                ("đã sắp xếp trong giai đoạn 2019–2021", "already arranged in 2019–2021")
            }
        };
        crate::language::Bilingual::new(vi, en)
    }
}

/// A special status with the reason the officer recorded for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialStatus {
    pub kind: SpecialStatusKind,
    pub reason: String,
}

/// A review of a village (thôn, bản, khối phố, tổ dân phố).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VillageReview {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub households: u32,
    pub population: u32,
    pub area: Area,
    pub non_professional_workers: u32,
    /// Share of ethnic-minority residents, in percent, when recorded.
    pub ethnic_minority_percent: Option<u8>,
    pub special_status: Option<SpecialStatus>,
    pub location: Option<Location>,
    pub reviewed_on: NaiveDate,
    pub reviewer: OfficerId,
    #[serde(default)]
    pub notes: String,
    pub meta: SyncMeta,
}

/// The category of a commune (loại I, II, III), which sets its staffing.
/// On the wire as people write it: `"i"`, `"ii"`, `"iii"` (records stored
/// with the old spelling `"i_i"`, `"i_i_i"` still read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CommuneCategory {
    #[serde(rename = "i")]
    I,
    #[serde(rename = "ii", alias = "i_i")]
    II,
    #[serde(rename = "iii", alias = "i_i_i")]
    III,
}

impl CommuneCategory {
    /// The class a commune-level unit takes by its points under Nghị định
    /// 307/2025/NĐ-CP: loại I from 75 points, loại II from 60 to under 75,
    /// loại III under 60.
    pub fn by_nd307_points(points: u32) -> CommuneCategory {
        match points {
            75.. => CommuneCategory::I,
            60..=74 => CommuneCategory::II,
            _ => CommuneCategory::III,
        }
    }

    pub fn roman(self) -> &'static str {
        match self {
            CommuneCategory::I => "I",
            CommuneCategory::II => "II",
            CommuneCategory::III => "III",
        }
    }
}

/// A review of a commune-level unit (xã, phường, thị trấn).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommuneReview {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub population: u32,
    pub area: Area,
    pub ethnic_minority_percent: Option<u8>,
    pub category: CommuneCategory,
    /// The points of the classification (NĐ 307/2025/NĐ-CP, 0 to 100), when
    /// recorded: the category must be the one they give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_points: Option<u32>,
    pub cadres: u32,
    pub civil_servants: u32,
    pub non_professional_workers: u32,
    /// The Party Secretary is also Chairman of the People's Committee.
    pub secretary_is_chairman: bool,
    /// An exemption from compulsory merger the officer recorded, if any.
    pub special_status: Option<SpecialStatus>,
    pub reviewed_on: NaiveDate,
    pub reviewer: OfficerId,
    #[serde(default)]
    pub notes: String,
    pub meta: SyncMeta,
}

/// A review of either level, as one record: on the wire and in every store
/// tagged with its level (`{"level": "village", …}`), as devices write it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum ReviewRecord {
    Village(VillageReview),
    Commune(CommuneReview),
}

impl ReviewRecord {
    pub fn id(&self) -> Uuid {
        match self {
            ReviewRecord::Village(review) => review.id,
            ReviewRecord::Commune(review) => review.id,
        }
    }

    pub fn unit_id(&self) -> Uuid {
        match self {
            ReviewRecord::Village(review) => review.unit_id,
            ReviewRecord::Commune(review) => review.unit_id,
        }
    }

    pub fn reviewed_on(&self) -> NaiveDate {
        match self {
            ReviewRecord::Village(review) => review.reviewed_on,
            ReviewRecord::Commune(review) => review.reviewed_on,
        }
    }

    pub fn meta(&self) -> &SyncMeta {
        match self {
            ReviewRecord::Village(review) => &review.meta,
            ReviewRecord::Commune(review) => &review.meta,
        }
    }

    pub fn meta_mut(&mut self) -> &mut SyncMeta {
        match self {
            ReviewRecord::Village(review) => &mut review.meta,
            ReviewRecord::Commune(review) => &mut review.meta,
        }
    }

    /// When it was last saved (orders two reviews of one date).
    pub fn meta_updated_at(&self) -> crate::sync_meta::Timestamp {
        self.meta().updated_at
    }

    /// The figures a merger adds up (a commune counts no households).
    pub fn figures(&self) -> crate::proposal::Figures {
        match self {
            ReviewRecord::Village(review) => crate::proposal::Figures {
                households: review.households,
                population: review.population,
                area: review.area,
            },
            ReviewRecord::Commune(review) => crate::proposal::Figures {
                households: 0,
                population: review.population,
                area: review.area,
            },
        }
    }
}

/// The latest review of each unit: the one of the latest date, and of two on
/// one date the one saved last. It is the one that counts.
#[derive(Clone, Debug, Default)]
pub struct LatestReviews {
    reviews: std::collections::HashMap<Uuid, ReviewRecord>,
}

impl LatestReviews {
    pub fn from_reviews(reviews: impl IntoIterator<Item = ReviewRecord>) -> Self {
        let mut latest = LatestReviews::default();
        for review in reviews {
            latest.add(review);
        }
        latest
    }

    /// Keeps `review` when it is later than the one known for its unit.
    pub fn add(&mut self, review: ReviewRecord) {
        let newer = self.reviews.get(&review.unit_id()).is_none_or(|known| {
            (review.reviewed_on(), review.meta_updated_at()) > (known.reviewed_on(), known.meta_updated_at())
        });
        if newer {
            self.reviews.insert(review.unit_id(), review);
        }
    }

    pub fn get(&self, unit: Uuid) -> Option<&ReviewRecord> {
        self.reviews.get(&unit)
    }

    pub fn village(&self, unit: Uuid) -> Option<&VillageReview> {
        match self.reviews.get(&unit) {
            Some(ReviewRecord::Village(review)) => Some(review),
            _ => None,
        }
    }

    pub fn commune(&self, unit: Uuid) -> Option<&CommuneReview> {
        match self.reviews.get(&unit) {
            Some(ReviewRecord::Commune(review)) => Some(review),
            _ => None,
        }
    }

    /// Each unit's latest figures.
    pub fn figures(&self) -> std::collections::HashMap<Uuid, crate::proposal::Figures> {
        self.reviews
            .iter()
            .map(|(unit, review)| (*unit, review.figures()))
            .collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &ReviewRecord> {
        self.reviews.values()
    }
}

/// Every problem of a village review, field by field (empty when it is valid).
pub fn check_village_review(review: &VillageReview, today: NaiveDate) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let households = review.households;
    if households == 0 {
        errors.push(ValidationError::new(Field::Households, Problem::Zero));
    }
    check_bound(
        &mut errors,
        Field::Households,
        households.into(),
        village_bounds::HOUSEHOLDS.into(),
    );
    check_bound(
        &mut errors,
        Field::Population,
        review.population.into(),
        village_bounds::POPULATION.into(),
    );
    if review.population < households {
        errors.push(ValidationError::new(
            Field::Households,
            Problem::HouseholdsExceedPopulation {
                households: households.into(),
                population: review.population.into(),
            },
        ));
    }
    check_area(&mut errors, review.area, village_bounds::AREA_KM2);
    check_bound(
        &mut errors,
        Field::NonProfessionalWorkers,
        review.non_professional_workers.into(),
        village_bounds::WORKERS.into(),
    );
    check_common(
        &mut errors,
        review.ethnic_minority_percent,
        review.special_status.as_ref(),
        review.reviewed_on,
        &review.notes,
        today,
    );
    if let Some(location) = &review.location
        && let Err(error) = location.validate()
    {
        errors.push(error);
    }
    errors
}

/// Every problem of a commune review, field by field (empty when it is valid).
pub fn check_commune_review(review: &CommuneReview, today: NaiveDate) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    if review.population == 0 {
        errors.push(ValidationError::new(Field::Population, Problem::Zero));
    }
    check_bound(
        &mut errors,
        Field::Population,
        review.population.into(),
        commune_bounds::POPULATION.into(),
    );
    check_area(&mut errors, review.area, commune_bounds::AREA_KM2);
    if let Some(points) = review.class_points {
        if points > 100 {
            errors.push(ValidationError::new(
                Field::ClassPoints,
                Problem::OutOfRange {
                    min: "0".to_owned(),
                    max: "100".to_owned(),
                },
            ));
        } else if CommuneCategory::by_nd307_points(points) != review.category {
            errors.push(ValidationError::new(
                Field::ClassPoints,
                Problem::Invalid {
                    reason: format!(
                        "theo Nghị định 307/2025/NĐ-CP, {points} điểm là loại {}, không phải loại {}.",
                        CommuneCategory::by_nd307_points(points).roman(),
                        review.category.roman()
                    ),
                },
            ));
        }
    }
    for (field, value) in [
        (Field::Cadres, review.cadres),
        (Field::CivilServants, review.civil_servants),
        (Field::NonProfessionalWorkers, review.non_professional_workers),
    ] {
        check_bound(&mut errors, field, value.into(), commune_bounds::STAFF.into());
    }
    check_common(
        &mut errors,
        review.ethnic_minority_percent,
        review.special_status.as_ref(),
        review.reviewed_on,
        &review.notes,
        today,
    );
    errors
}

fn check_bound(errors: &mut Vec<ValidationError>, field: Field, value: u64, max: u64) {
    if value > max {
        errors.push(ValidationError::new(field, Problem::AboveBound { max }));
    }
}

fn check_area(errors: &mut Vec<ValidationError>, area: Area, max_km2: u64) {
    if area == Area::ZERO {
        errors.push(ValidationError::new(Field::Area, Problem::Zero));
    } else if area > Area::from_km2(max_km2) {
        errors.push(ValidationError::new(Field::Area, Problem::AboveBound { max: max_km2 }));
    }
}

/// The longest notes, and reason for a special status, a review keeps:
/// enough for the minutes' gist, not a file pasted in (it is sent in every
/// pull of the commune).
pub const MAX_NOTES_CHARS: usize = 2_000;

fn check_common(
    errors: &mut Vec<ValidationError>,
    ethnic_minority_percent: Option<u8>,
    special_status: Option<&SpecialStatus>,
    reviewed_on: NaiveDate,
    notes: &str,
    today: NaiveDate,
) {
    for (field, text) in [
        (Field::Notes, notes),
        (
            Field::SpecialStatus,
            special_status.map_or("", |status| status.reason.as_str()),
        ),
    ] {
        let found = text.chars().count();
        if found > MAX_NOTES_CHARS {
            errors.push(ValidationError::new(
                field,
                Problem::TooLong {
                    max: MAX_NOTES_CHARS,
                    found,
                },
            ));
        }
    }
    if ethnic_minority_percent.is_some_and(|percent| percent > 100) {
        errors.push(ValidationError::new(
            Field::EthnicMinorityShare,
            Problem::OutOfRange {
                min: "0%".to_owned(),
                max: "100%".to_owned(),
            },
        ));
    }
    if let Some(status) = special_status
        && status.reason.trim().is_empty()
    {
        errors.push(ValidationError::new(Field::SpecialStatus, Problem::ReasonRequired));
    }
    if reviewed_on > today {
        errors.push(ValidationError::new(Field::ReviewDate, Problem::InFuture));
    } else if reviewed_on < earliest_review_date() {
        errors.push(ValidationError::new(Field::ReviewDate, Problem::TooOld));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync_meta::Timestamp;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn village(households: u32, population: u32, area: Area) -> VillageReview {
        let officer = OfficerId(Uuid::nil());
        VillageReview {
            id: Uuid::nil(),
            unit_id: Uuid::nil(),
            households,
            population,
            area,
            non_professional_workers: 3,
            ethnic_minority_percent: Some(95),
            special_status: None,
            location: None,
            reviewed_on: date("2026-11-20"),
            reviewer: officer,
            notes: String::new(),
            meta: SyncMeta::created(Timestamp(0), officer),
        }
    }

    #[test]
    fn a_plausible_village_passes() {
        assert!(check_village_review(&village(120, 530, Area::from_hectares(340)), date("2026-11-28")).is_empty());
    }

    #[test]
    fn absurd_village_figures_are_named() {
        let errors = check_village_review(&village(600, 500, Area::ZERO), date("2026-11-28"));
        let problems: Vec<(Field, &Problem)> = errors.iter().map(|error| (error.field, &error.problem)).collect();
        assert!(problems.contains(&(
            Field::Households,
            &Problem::HouseholdsExceedPopulation {
                households: 600,
                population: 500
            }
        )));
        assert!(problems.contains(&(Field::Area, &Problem::Zero)));
        let huge = check_village_review(&village(9_000, 90_000, Area::from_km2(2_000)), date("2026-11-28"));
        assert_eq!(huge.len(), 3, "{huge:?}");
    }

    #[test]
    fn a_review_dated_tomorrow_or_before_1945_is_refused() {
        let mut review = village(120, 530, Area::from_hectares(340));
        review.reviewed_on = date("2026-11-29");
        let errors = check_village_review(&review, date("2026-11-28"));
        assert_eq!(errors, vec![ValidationError::new(Field::ReviewDate, Problem::InFuture)]);
        review.reviewed_on = date("1900-01-01");
        assert_eq!(
            check_village_review(&review, date("2026-11-28"))[0].problem,
            Problem::TooOld
        );
    }

    #[test]
    fn a_special_status_needs_its_reason() {
        let mut review = village(60, 250, Area::from_hectares(900));
        review.special_status = Some(SpecialStatus {
            kind: SpecialStatusKind::Isolated,
            reason: "  ".to_owned(),
        });
        let errors = check_village_review(&review, date("2026-11-28"));
        assert_eq!(
            errors,
            vec![ValidationError::new(Field::SpecialStatus, Problem::ReasonRequired)]
        );
    }
}
