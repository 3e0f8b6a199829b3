//! The review forms of a village and of a commune, as typed.

use super::FormErrors;
use crate::measure::{Area, AreaParseError};
use crate::review::{
    CommuneCategory, CommuneReview, SpecialStatus, SpecialStatusKind, VillageReview, check_commune_review,
    check_village_review,
};
use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
use crate::unit::Location;
use crate::validation::{Field, Problem, ValidationError, parse_count};
use chrono::NaiveDate;
use uuid::Uuid;

/// What both review forms hold besides their figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewCommon {
    /// Blank when not recorded.
    pub ethnic_minority_percent: String,
    pub special_kind: Option<SpecialStatusKind>,
    pub special_reason: String,
    /// `2026-11-28` (a date input) or `28/11/2026`.
    pub reviewed_on: String,
    pub notes: String,
}

/// The village review form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VillageReviewForm {
    pub households: String,
    pub population: String,
    /// Natural area in hectares, `120,5` or `120.5`.
    pub area_hectares: String,
    pub non_professional_workers: String,
    /// From the tablet's GPS ("Lấy vị trí"), when taken.
    pub location: Option<Location>,
    pub common: ReviewCommon,
}

/// The commune review form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommuneReviewForm {
    pub population: String,
    /// Natural area in km², `30,88`.
    pub area_km2: String,
    pub category: Option<CommuneCategory>,
    /// The classification points (NĐ 307/2025/NĐ-CP); blank when not scored.
    /// With no category chosen, the points give it.
    pub class_points: String,
    pub cadres: String,
    pub civil_servants: String,
    pub non_professional_workers: String,
    pub secretary_is_chairman: bool,
    pub common: ReviewCommon,
}

/// Who records the review, when, and under which ids.
#[derive(Clone, Copy, Debug)]
pub struct ReviewContext {
    pub review_id: Uuid,
    pub unit_id: Uuid,
    pub reviewer: OfficerId,
    pub at: Timestamp,
    pub today: NaiveDate,
}

impl VillageReviewForm {
    /// The review, or every problem by field (what the domain's checks say too).
    pub fn read(&self, context: &ReviewContext) -> Result<VillageReview, FormErrors> {
        let mut errors = FormErrors::default();
        let households = errors.take(parse_count(Field::Households, &self.households));
        let population = errors.take(parse_count(Field::Population, &self.population));
        let area = errors.take(read_area(&self.area_hectares, Area::parse_hectares));
        let workers = errors.take(parse_count(
            Field::NonProfessionalWorkers,
            &self.non_professional_workers,
        ));
        let common = self.common.read(&mut errors);
        let (Some(households), Some(population), Some(area), Some(workers), Some(common)) =
            (households, population, area, workers, common)
        else {
            return Err(errors);
        };
        let review = VillageReview {
            id: context.review_id,
            unit_id: context.unit_id,
            households,
            population,
            area,
            non_professional_workers: workers,
            ethnic_minority_percent: common.ethnic_minority_percent,
            special_status: common.special_status,
            location: self.location,
            reviewed_on: common.reviewed_on,
            reviewer: context.reviewer,
            notes: common.notes,
            meta: SyncMeta::created(context.at, context.reviewer),
        };
        finish(review, check_village_review, context.today, errors)
    }
}

impl CommuneReviewForm {
    pub fn read(&self, context: &ReviewContext) -> Result<CommuneReview, FormErrors> {
        let mut errors = FormErrors::default();
        let population = errors.take(parse_count(Field::Population, &self.population));
        let area = errors.take(read_area(&self.area_km2, Area::parse_km2));
        let class_points = if self.class_points.trim().is_empty() {
            Some(None)
        } else {
            errors
                .take(parse_count(Field::ClassPoints, &self.class_points))
                .map(Some)
        };
        let category = errors.take(
            self.category
                .or_else(|| class_points.flatten().map(CommuneCategory::by_nd307_points))
                .ok_or_else(|| ValidationError::new(Field::Kind, Problem::Required)),
        );
        let cadres = errors.take(parse_count(Field::Cadres, &self.cadres));
        let civil_servants = errors.take(parse_count(Field::CivilServants, &self.civil_servants));
        let workers = errors.take(parse_count(
            Field::NonProfessionalWorkers,
            &self.non_professional_workers,
        ));
        let common = self.common.read(&mut errors);
        let (
            Some(population),
            Some(area),
            Some(category),
            Some(cadres),
            Some(civil_servants),
            Some(workers),
            Some(common),
        ) = (population, area, category, cadres, civil_servants, workers, common)
        else {
            return Err(errors);
        };
        let review = CommuneReview {
            id: context.review_id,
            unit_id: context.unit_id,
            population,
            area,
            ethnic_minority_percent: common.ethnic_minority_percent,
            category,
            class_points: class_points.flatten(),
            cadres,
            civil_servants,
            non_professional_workers: workers,
            secretary_is_chairman: self.secretary_is_chairman,
            special_status: common.special_status,
            reviewed_on: common.reviewed_on,
            reviewer: context.reviewer,
            notes: common.notes,
            meta: SyncMeta::created(context.at, context.reviewer),
        };
        finish(review, check_commune_review, context.today, errors)
    }
}

/// The common fields, read.
struct Common {
    ethnic_minority_percent: Option<u8>,
    special_status: Option<SpecialStatus>,
    reviewed_on: NaiveDate,
    notes: String,
}

impl ReviewCommon {
    fn read(&self, errors: &mut FormErrors) -> Option<Common> {
        let percent = if self.ethnic_minority_percent.trim().is_empty() {
            Some(None)
        } else {
            errors
                .take(parse_count(
                    Field::EthnicMinorityShare,
                    self.ethnic_minority_percent.trim_end_matches('%'),
                ))
                .and_then(|percent| match u8::try_from(percent) {
                    Ok(percent) if percent <= 100 => Some(Some(percent)),
                    _ => {
                        errors.push(ValidationError::new(
                            Field::EthnicMinorityShare,
                            Problem::OutOfRange {
                                min: "0%".to_owned(),
                                max: "100%".to_owned(),
                            },
                        ));
                        None
                    }
                })
        };
        let reviewed_on = errors.take(parse_date(&self.reviewed_on));
        let special_status = self.special_kind.map(|kind| SpecialStatus {
            kind,
            reason: self.special_reason.trim().to_owned(),
        });
        Some(Common {
            ethnic_minority_percent: percent?,
            special_status,
            reviewed_on: reviewed_on?,
            notes: self.notes.trim().to_owned(),
        })
    }
}

/// The domain's own checks of a review that read, added to the form's.
fn finish<R>(
    review: R,
    check: fn(&R, NaiveDate) -> Vec<ValidationError>,
    today: NaiveDate,
    mut errors: FormErrors,
) -> Result<R, FormErrors> {
    for error in check(&review, today) {
        errors.push(error);
    }
    if errors.is_empty() { Ok(review) } else { Err(errors) }
}

fn read_area(text: &str, parse: fn(&str) -> Result<Area, AreaParseError>) -> Result<Area, ValidationError> {
    if text.trim().is_empty() {
        return Err(ValidationError::new(Field::Area, Problem::Required));
    }
    parse(text).map_err(|error| {
        let problem = match error {
            AreaParseError::NotANumber(_) => Problem::NotANumber,
            AreaParseError::Negative => Problem::Negative,
            AreaParseError::TooPrecise => Problem::TooManyDecimals { max: 4 },
            AreaParseError::TooLarge => Problem::AboveBound {
                max: u64::from(u32::MAX),
            },
        };
        ValidationError::new(Field::Area, problem)
    })
}

/// Reads a date as a date input gives it (`2026-11-28`) or as written in
/// Vietnam (`28/11/2026`).
pub fn parse_date(text: &str) -> Result<NaiveDate, ValidationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ValidationError::new(Field::ReviewDate, Problem::Required));
    }
    // `2026-11-28` or `28/11/2026` (also `28-11-2026`, `28.11.2026`), read by hand.
    let parts: Vec<&str> = text.split(['-', '/', '.']).map(str::trim).collect();
    let number = |part: &str| {
        (!part.is_empty() && part.len() <= 4 && part.bytes().all(|byte| byte.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let found = match parts.as_slice() {
        [year, month, day] if year.len() == 4 => Some((number(year), number(month), number(day))),
        [day, month, year] if year.len() == 4 => Some((number(year), number(month), number(day))),
        _ => None,
    };
    found
        .and_then(|(year, month, day)| NaiveDate::from_ymd_opt(i32::try_from(year?).ok()?, month?, day?))
        .ok_or_else(|| ValidationError::new(Field::ReviewDate, Problem::NotADate))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn context() -> ReviewContext {
        ReviewContext {
            review_id: Uuid::from_u128(1),
            unit_id: Uuid::from_u128(2),
            reviewer: OfficerId(Uuid::from_u128(3)),
            at: Timestamp(0),
            today: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        }
    }

    fn filled() -> VillageReviewForm {
        VillageReviewForm {
            households: "1.020".to_owned(),
            population: "4.210".to_owned(),
            area_hectares: "350,5".to_owned(),
            non_professional_workers: "3".to_owned(),
            location: None,
            common: ReviewCommon {
                ethnic_minority_percent: "95".to_owned(),
                special_kind: None,
                special_reason: String::new(),
                reviewed_on: "28/11/2026".to_owned(),
                notes: " họp thôn ".to_owned(),
            },
        }
    }

    #[test]
    fn a_filled_village_form_reads_with_vietnamese_separators() {
        let review = filled().read(&context()).unwrap();
        assert_eq!((review.households, review.population), (1_020, 4_210));
        assert_eq!(review.area, Area::from_square_metres(3_505_000));
        assert_eq!(review.ethnic_minority_percent, Some(95));
        assert_eq!(review.reviewed_on, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        assert_eq!(review.notes, "họp thôn");
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let mut form = filled();
        form.households = "-5".to_owned();
        form.population = "nhiều".to_owned();
        form.area_hectares = String::new();
        form.common.ethnic_minority_percent = "140".to_owned();
        form.common.reviewed_on = "31/02/2026".to_owned();
        let errors = form.read(&context()).unwrap_err();
        assert_eq!(errors.of(Field::Households).unwrap().problem, Problem::Negative);
        assert_eq!(errors.of(Field::Population).unwrap().problem, Problem::NotANumber);
        assert_eq!(errors.of(Field::Area).unwrap().problem, Problem::Required);
        assert!(errors.of(Field::EthnicMinorityShare).is_some());
        assert!(errors.of(Field::ReviewDate).is_some());
        assert_eq!(
            errors.of(Field::Households).unwrap().message(crate::Language::Vi),
            "Số hộ: không được âm."
        );
    }

    #[test]
    fn the_domain_checks_run_once_every_field_reads() {
        let mut form = filled();
        form.households = "500".to_owned();
        form.population = "400".to_owned();
        form.common.special_kind = Some(SpecialStatusKind::Isolated);
        form.common.reviewed_on = "2027-01-01".to_owned();
        let errors = form.read(&context()).unwrap_err();
        assert!(matches!(
            errors.of(Field::Households).unwrap().problem,
            Problem::HouseholdsExceedPopulation { .. }
        ));
        assert_eq!(
            errors.of(Field::SpecialStatus).unwrap().problem,
            Problem::ReasonRequired
        );
        assert_eq!(errors.of(Field::ReviewDate).unwrap().problem, Problem::InFuture);
    }

    #[test]
    fn dates_read_as_typed_in_vietnam_or_as_a_date_input_gives_them() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        for typed in ["28/11/2026", "2026-11-28", " 28.11.2026 ", "28-11-2026"] {
            assert_eq!(parse_date(typed), Ok(day), "{typed}");
        }
        for typed in ["31/02/2026", "28/11/26", "11/2026", "hôm nay", "2026-13-01", "28//2026"] {
            assert!(parse_date(typed).is_err(), "{typed}");
        }
        assert_eq!(parse_date("").unwrap_err().problem, Problem::Required);
        assert_eq!(crate::format::date_vi(day), "28/11/2026");
    }

    #[test]
    fn a_commune_form_needs_its_category() {
        let form = CommuneReviewForm {
            population: "8.500".to_owned(),
            area_km2: "30,88".to_owned(),
            category: None,
            class_points: String::new(),
            cadres: "11".to_owned(),
            civil_servants: "10".to_owned(),
            non_professional_workers: "14".to_owned(),
            secretary_is_chairman: false,
            common: ReviewCommon {
                reviewed_on: "2026-11-01".to_owned(),
                ..ReviewCommon::default()
            },
        };
        let errors = form.read(&context()).unwrap_err();
        assert_eq!(errors.of(Field::Kind).unwrap().problem, Problem::Required);
        let review = CommuneReviewForm {
            category: Some(CommuneCategory::II),
            ..form
        }
        .read(&context())
        .unwrap();
        assert_eq!(review.area, Area::from_km2_hundredths(3_088));
    }

    #[test]
    fn the_classification_points_give_the_category_by_nd_307_2025() {
        assert_eq!(CommuneCategory::by_nd307_points(75), CommuneCategory::I);
        assert_eq!(CommuneCategory::by_nd307_points(74), CommuneCategory::II);
        assert_eq!(CommuneCategory::by_nd307_points(60), CommuneCategory::II);
        assert_eq!(CommuneCategory::by_nd307_points(59), CommuneCategory::III);
        let form = CommuneReviewForm {
            population: "8.500".to_owned(),
            area_km2: "30,88".to_owned(),
            category: None,
            class_points: "68".to_owned(),
            cadres: "11".to_owned(),
            civil_servants: "10".to_owned(),
            non_professional_workers: "14".to_owned(),
            secretary_is_chairman: false,
            common: ReviewCommon {
                reviewed_on: "2026-11-01".to_owned(),
                ..ReviewCommon::default()
            },
        };
        let review = form.read(&context()).unwrap();
        assert_eq!(
            (review.category, review.class_points),
            (CommuneCategory::II, Some(68)),
            "no category chosen: the points give it"
        );
        let errors = CommuneReviewForm {
            category: Some(CommuneCategory::I),
            ..form.clone()
        }
        .read(&context())
        .unwrap_err();
        assert_eq!(
            errors.of(Field::ClassPoints).unwrap().message(crate::Language::Vi),
            "Điểm phân loại: theo Nghị định 307/2025/NĐ-CP, 68 điểm là loại II, không phải loại I."
        );
        let errors = CommuneReviewForm {
            class_points: "120".to_owned(),
            ..form
        }
        .read(&context())
        .unwrap_err();
        assert!(errors.of(Field::ClassPoints).is_some(), "at most 100 points");
    }
}
