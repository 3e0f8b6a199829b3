//! The province's lower figures (NĐ 185/2026/NĐ-CP Điều 10.3): the province
//! People's Committee may set household minimums below the decree's for the
//! thôn and tổ dân phố of border communes (among other factors; this form
//! records the border one, the factor the classifier knows). The province
//! officer types the decision's number and dates and the figures; the form
//! makes the province's copy of the decree's rule set, the record every
//! device pulls and the server checks (`RuleBook::check_province_set`).

use super::FormErrors;
use super::review_form::parse_date;
use crate::language::Bilingual;
use crate::rules::rule_set::{HouseholdStandard, LegalBasis, RuleSet, RuleSetId, Rules, VillageGroup};
use crate::validation::{Field, Problem, ValidationError, check_text, parse_count};
use chrono::NaiveDate;
use uuid::Uuid;

const NAMESPACE: Uuid = Uuid::from_u128(0x1003_2026_0185_4c1e_8a7b_6d5c_4b3a_2910);

/// The record that holds the province's copy of `base`: one a base rule set,
/// whoever records it and on whichever device, so that two officers' entries
/// meet as one record (merged field by field) and never stand as two copies.
pub fn province_copy_id(base: &RuleSetId) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("province-figures:{base}").as_bytes())
}

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProvinceFiguresForm {
    /// "Quyết định 12/2026/QĐ-UBND".
    pub document: String,
    /// The day the decision was issued.
    pub issued_on: String,
    /// The first day the figures apply.
    pub in_force_from: String,
    /// The fewest households of a thôn of a border commune (blank: the decree's).
    pub border_rural: String,
    /// The fewest households of a tổ dân phố of a border commune or ward.
    pub border_urban: String,
}

/// The longest document citation kept.
const DOCUMENT_MAX: usize = 200;

impl ProvinceFiguresForm {
    /// The form filled from a province copy already recorded (dates as
    /// dd/mm/yyyy), or empty when there is none.
    pub fn of(copy: Option<&RuleSet>) -> Self {
        let Some(copy) = copy else {
            return Self::default();
        };
        let figure = |group| {
            border_standard(copy, group)
                .map(|standard| standard.households.to_string())
                .unwrap_or_default()
        };
        let day = |date: NaiveDate| date.format("%d/%m/%Y").to_string();
        let basis = copy.legal_basis.first();
        Self {
            document: basis.map(|basis| basis.citation.vi.clone()).unwrap_or_default(),
            issued_on: basis.and_then(|basis| basis.issued_on).map(day).unwrap_or_default(),
            in_force_from: day(copy.in_force_from),
            border_rural: figure(VillageGroup::Rural),
            border_urban: figure(VillageGroup::Urban),
        }
    }

    /// The province's copy of `base` with the figures typed, or every
    /// problem by field: a document and its dates (issued by `today`, applying
    /// from the day issued, not before the decree), at least one figure, each
    /// above zero and below the decree's own (Điều 10.3 lowers; it never raises).
    pub fn read(&self, base: &RuleSet, today: NaiveDate) -> Result<RuleSet, FormErrors> {
        let mut errors = FormErrors::default();
        let Rules::Village(base_rules) = &base.rules else {
            errors.push(invalid(Field::RuleSet, "chỉ đặt mức thấp hơn cho thôn, tổ dân phố."));
            return Err(errors);
        };
        let document = self.document.trim();
        errors.take(check_text(Field::DocumentNumber, document, true, DOCUMENT_MAX, false));
        let issued_on = errors.take(date_of(Field::DocumentDate, &self.issued_on));
        if issued_on.is_some_and(|issued| issued > today) {
            errors.push(ValidationError::new(Field::DocumentDate, Problem::InFuture));
        }
        let in_force_from = errors.take(date_of(Field::InForceFrom, &self.in_force_from));
        if let Some(from) = in_force_from {
            if from < base.in_force_from {
                errors.push(ValidationError::new(
                    Field::InForceFrom,
                    Problem::Invalid {
                        reason: format!(
                            "không được trước ngày {} có hiệu lực ({}).",
                            base.citation().vi,
                            base.in_force_from.format("%d/%m/%Y")
                        ),
                    },
                ));
            } else if issued_on.is_some_and(|issued| from < issued) {
                errors.push(invalid(Field::InForceFrom, "không được trước ngày ban hành văn bản."));
            }
        }
        let mut lowered = Vec::new();
        for (group, field, text) in [
            (VillageGroup::Rural, Field::BorderRuralHouseholds, &self.border_rural),
            (VillageGroup::Urban, Field::BorderUrbanHouseholds, &self.border_urban),
        ] {
            if text.trim().is_empty() {
                continue;
            }
            let Some(households) = errors.take(parse_count(field, text)) else {
                continue;
            };
            let decree = base_rules
                .standards
                .iter()
                .find(|standard| {
                    standard.region == base_rules.region && standard.group == group && !standard.border_commune
                })
                .map(|standard| standard.households);
            match decree {
                _ if households == 0 => errors.push(ValidationError::new(field, Problem::Zero)),
                Some(decree) if households >= decree => errors.push(invalid(
                    field,
                    &format!(
                        "phải thấp hơn mức {decree} hộ của {} (Điều 10.3 cho phép tỉnh quy định mức thấp hơn).",
                        base.citation().vi
                    ),
                )),
                None => errors.push(invalid(field, "bộ tiêu chuẩn không có mức cho loại này.")),
                Some(_) => lowered.push((group, households)),
            }
        }
        if lowered.is_empty()
            && errors.of(Field::BorderRuralHouseholds).is_none()
            && errors.of(Field::BorderUrbanHouseholds).is_none()
        {
            errors.push(ValidationError::new(Field::BorderRuralHouseholds, Problem::Required));
        }
        let (Some(issued_on), Some(in_force_from)) = (issued_on, in_force_from) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut rules = base_rules.clone();
        rules.standards.retain(|standard| !standard.border_commune);
        for (group, households) in lowered {
            rules.standards.push(HouseholdStandard {
                region: rules.region,
                group,
                border_commune: true,
                households,
                confirmed: true,
            });
        }
        let mut legal_basis = vec![LegalBasis {
            citation: Bilingual::new(document, document),
            confirmed: true,
            issued_on: Some(issued_on),
        }];
        legal_basis.extend(base.legal_basis.iter().cloned());
        Ok(RuleSet {
            id: RuleSetId::new(&province_copy_id(&base.id).to_string()),
            title: Bilingual::new(
                format!("Mức thấp hơn của tỉnh theo Điều 10.3 {}", base.citation().vi),
                format!(
                    "The province's lower figures under Article 10.3 of {}",
                    base.citation().en
                ),
            ),
            legal_basis,
            in_force_from,
            in_force_until: base.in_force_until,
            derived_from: Some(base.id.clone()),
            rules: Rules::Village(rules),
        })
    }
}

/// The border figure a rule set holds for `group`, if it sets one.
pub fn border_standard(rule_set: &RuleSet, group: VillageGroup) -> Option<&HouseholdStandard> {
    let Rules::Village(rules) = &rule_set.rules else {
        return None;
    };
    rules
        .standards
        .iter()
        .find(|standard| standard.region == rules.region && standard.group == group && standard.border_commune)
}

fn date_of(field: Field, text: &str) -> Result<NaiveDate, ValidationError> {
    parse_date(text).map_err(|error| ValidationError::new(field, error.problem))
}

fn invalid(field: Field, reason: &str) -> ValidationError {
    ValidationError::new(
        field,
        Problem::Invalid {
            reason: reason.to_owned(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin::nd185_2026;
    use crate::rules::classification::Standing;
    use crate::rules::{RuleBook, VillageFacts, classify_village};
    use crate::unit_kind::UnitKind;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn filled() -> ProvinceFiguresForm {
        ProvinceFiguresForm {
            document: "Quyết định 12/2026/QĐ-UBND".to_owned(),
            issued_on: "15/07/2026".to_owned(),
            in_force_from: "01/08/2026".to_owned(),
            border_rural: "100".to_owned(),
            border_urban: String::new(),
        }
    }

    #[test]
    fn the_copy_lowers_a_border_communes_thon_and_is_what_the_server_accepts() {
        let copy = filled().read(&nd185_2026(), today()).unwrap();
        RuleBook::check_province_set(&copy).unwrap();
        assert_eq!(copy.id.as_str(), province_copy_id(&nd185_2026().id).to_string());
        let book = RuleBook::with_province_sets([copy.clone()]);
        let on = |day| NaiveDate::from_ymd_opt(2026, 8, day).unwrap();
        let facts = |border| VillageFacts {
            name: "Thôn Nà Pàn",
            kind: UnitKind::Village,
            households: 120,
            border_commune: border,
            special_status: None,
        };
        let selected = book
            .select(crate::UnitLevel::Village, on(1), &Default::default())
            .unwrap();
        assert_eq!(selected.id, copy.id);
        assert_eq!(
            classify_village(selected, &facts(true)).unwrap().standing,
            Standing::Meets
        );
        assert_eq!(
            classify_village(selected, &facts(false)).unwrap().standing,
            Standing::BelowStandard,
            "a thôn of an inland commune keeps the decree's 150"
        );
        let before = book
            .select(
                crate::UnitLevel::Village,
                NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(),
                &Default::default(),
            )
            .unwrap();
        assert_eq!(before.id.as_str(), "ND185_2026", "the day before they apply");
        assert_eq!(
            ProvinceFiguresForm::of(Some(&copy)),
            filled(),
            "the form reads back what it wrote"
        );
    }

    #[test]
    fn each_refusal_names_its_field() {
        let refused = |form: ProvinceFiguresForm| form.read(&nd185_2026(), today()).unwrap_err();
        let message = |errors: &FormErrors, field| errors.of(field).map(|error| error.message(crate::Language::Vi));

        let errors = refused(ProvinceFiguresForm::default());
        assert_eq!(
            message(&errors, Field::DocumentNumber).unwrap(),
            "Số hiệu văn bản: cần nhập."
        );
        assert!(errors.of(Field::DocumentDate).is_some());
        assert!(errors.of(Field::InForceFrom).is_some());
        assert!(errors.of(Field::BorderRuralHouseholds).is_some(), "at least one figure");

        let errors = refused(ProvinceFiguresForm {
            border_rural: "150".to_owned(),
            ..filled()
        });
        let text = message(&errors, Field::BorderRuralHouseholds).unwrap();
        assert!(text.contains("phải thấp hơn mức 150 hộ"), "{text}");

        let errors = refused(ProvinceFiguresForm {
            in_force_from: "01/05/2026".to_owned(),
            issued_on: "01/05/2026".to_owned(),
            ..filled()
        });
        let text = message(&errors, Field::InForceFrom).unwrap();
        assert!(text.contains("26/05/2026"), "{text}");

        let errors = refused(ProvinceFiguresForm {
            issued_on: "15/01/2027".to_owned(),
            in_force_from: "15/01/2027".to_owned(),
            border_urban: "2,5".to_owned(),
            ..filled()
        });
        assert_eq!(errors.of(Field::DocumentDate).unwrap().problem, Problem::InFuture);
        assert_eq!(
            errors.of(Field::BorderUrbanHouseholds).unwrap().problem,
            Problem::NotAWholeNumber
        );

        let errors = refused(ProvinceFiguresForm {
            border_rural: "0".to_owned(),
            ..filled()
        });
        assert_eq!(errors.of(Field::BorderRuralHouseholds).unwrap().problem, Problem::Zero);
    }
}
