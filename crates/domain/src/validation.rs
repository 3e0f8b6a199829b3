//! Refusals of bad input: which field, and why, in Vietnamese and English.
//! The app shows them next to the field as the officer types; the server uses
//! the same checks to refuse bad pushes.

use crate::format;
use crate::language::{Bilingual, Language};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The field an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Kind,
    Parent,
    Households,
    Population,
    Area,
    NonProfessionalWorkers,
    SpecialStatus,
    Location,
    ReviewDate,
    Reviewer,
    Cadres,
    CivilServants,
    EthnicMinorityShare,
    Sources,
    Outcome,
    Consultation,
    DecisionNumber,
    DecisionDate,
    EffectiveDate,
    Comment,
    RuleSet,
    Hierarchy,
    Procedure,
    WorkerPlan,
    WorkersBefore,
    WorkersAfter,
    WorkerArrangement,
    ConsultationDate,
    ResolutionNumber,
    ResolutionDate,
    DocumentNumber,
    DocumentDate,
    InForceFrom,
    BorderRuralHouseholds,
    BorderUrbanHouseholds,
    Notes,
    ClassPoints,
    Target,
    Figure,
    AsOf,
    Agency,
    ReportedBy,
    Evidence,
    Username,
    DisplayName,
    Password,
    Role,
    Jurisdiction,
}

impl Field {
    /// The field's label, as the form shows it.
    pub fn label(self) -> Bilingual {
        let (vi, en) = match self {
            Field::Name => ("Tên", "Name"),
            Field::Kind => ("Loại đơn vị", "Kind of unit"),
            Field::Parent => ("Đơn vị cấp trên", "Parent unit"),
            Field::Households => ("Số hộ", "Households"),
            Field::Population => ("Dân số", "Population"),
            Field::Area => ("Diện tích tự nhiên", "Natural area"),
            Field::NonProfessionalWorkers => ("Người hoạt động không chuyên trách", "Non-professional workers"),
            Field::SpecialStatus => ("Yếu tố đặc thù", "Special status"),
            Field::Location => ("Vị trí", "Location"),
            Field::ReviewDate => ("Ngày rà soát", "Review date"),
            Field::Reviewer => ("Người rà soát", "Reviewer"),
            Field::Cadres => ("Cán bộ", "Cadres"),
            Field::CivilServants => ("Công chức", "Civil servants"),
            Field::EthnicMinorityShare => ("Tỷ lệ dân tộc thiểu số", "Ethnic-minority share"),
            Field::Sources => ("Đơn vị sắp xếp", "Units to arrange"),
            Field::Outcome => ("Đơn vị sau sắp xếp", "Resulting unit"),
            Field::Consultation => ("Lấy ý kiến cử tri", "Voter consultation"),
            Field::DecisionNumber => ("Số quyết định", "Decision number"),
            Field::DecisionDate => ("Ngày quyết định", "Decision date"),
            Field::EffectiveDate => ("Ngày có hiệu lực", "Effective date"),
            Field::Comment => ("Ý kiến", "Comment"),
            Field::RuleSet => ("Bộ tiêu chuẩn", "Rule set"),
            Field::Hierarchy => ("Cấp hành chính", "Hierarchy"),
            Field::Procedure => ("Quy trình", "Procedure"),
            Field::WorkerPlan => (
                "Phương án bố trí người hoạt động không chuyên trách",
                "Plan for the non-professional workers",
            ),
            Field::WorkersBefore => ("Số người hoạt động không chuyên trách hiện có", "Workers now"),
            Field::WorkersAfter => ("Số người sau sắp xếp", "Workers after the arrangement"),
            Field::WorkerArrangement => ("Phương án bố trí số người dôi dư", "What becomes of the others"),
            Field::ConsultationDate => ("Ngày lấy ý kiến", "Consultation date"),
            Field::ResolutionNumber => ("Số nghị quyết HĐND xã", "Council resolution number"),
            Field::ResolutionDate => ("Ngày nghị quyết", "Resolution date"),
            Field::DocumentNumber => ("Số hiệu văn bản", "Document number"),
            Field::DocumentDate => ("Ngày ban hành", "Date issued"),
            Field::InForceFrom => ("Áp dụng từ ngày", "Applies from"),
            Field::Notes => ("Ghi chú", "Notes"),
            Field::ClassPoints => ("Điểm phân loại", "Classification points"),
            Field::Target => ("Chỉ tiêu", "Target"),
            Field::Figure => ("Kết quả đạt được", "Result reached"),
            Field::AsOf => ("Tính đến ngày", "As of"),
            Field::Agency => ("Cơ quan báo cáo", "Reporting agency"),
            Field::ReportedBy => ("Người báo cáo", "Reported by"),
            Field::Evidence => ("Văn bản, minh chứng", "Document or evidence"),
            Field::Username => ("Tên đăng nhập", "Username"),
            Field::DisplayName => ("Họ và tên", "Full name"),
            Field::Password => ("Mật khẩu", "Password"),
            Field::Role => ("Vai trò", "Role"),
            Field::Jurisdiction => ("Địa bàn phụ trách", "Jurisdiction"),
            Field::BorderRuralHouseholds => (
                "Số hộ tối thiểu của thôn ở xã biên giới",
                "Fewest households of a thôn in a border commune",
            ),
            Field::BorderUrbanHouseholds => (
                "Số hộ tối thiểu của tổ dân phố ở xã, phường biên giới",
                "Fewest households of a tổ dân phố in a border commune or ward",
            ),
        };
        Bilingual::new(vi, en)
    }
}

/// What is wrong with the value of a field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    Required,
    Empty,
    TooLong {
        max: usize,
        found: usize,
    },
    ControlCharacters,
    /// Shorter than the least allowed (a password).
    TooShort {
        min: usize,
        found: usize,
    },
    /// A username with a character other than a–z, digits, '.', '_' or '-'.
    UsernameCharacters,
    /// A unit of another level than the role works over.
    JurisdictionLevel {
        role: crate::officer::Role,
        level: crate::unit_kind::UnitLevel,
    },
    NotANumber,
    /// A count typed with a decimal part ("45,5", "2.5").
    NotAWholeNumber,
    /// A date that does not read as day/month/year.
    NotADate,
    /// A decimal with more digits after the comma than kept.
    TooManyDecimals {
        max: u32,
    },
    Negative,
    Zero,
    AboveBound {
        max: u64,
    },
    /// More non-professional workers than NĐ 185/2026 allows.
    AboveWorkerLimit {
        max: u64,
        per_village: u32,
    },
    HouseholdsExceedPopulation {
        households: u64,
        population: u64,
    },
    ReasonRequired,
    OutOfRange {
        min: String,
        max: String,
    },
    InFuture,
    TooOld,
    TooFewSources {
        min: usize,
        found: usize,
    },
    DuplicateSource {
        unit: String,
    },
    /// A sibling in force already has the name.
    DuplicateName {
        unit: String,
        parent: String,
    },
    MixedLevels,
    WrongLevel {
        unit: String,
    },
    UnknownUnit {
        unit: String,
    },
    NotActive {
        unit: String,
    },
    InAnotherOpenProposal {
        unit: String,
    },
    ShareExceedsUnit {
        unit: String,
    },
    SharesDoNotAddUp {
        unit: String,
        measure: String,
        expected: u64,
        found: u64,
    },
    ConsultationInconsistent {
        unit: String,
    },
    ConsultationNotPassed {
        unit: String,
    },
    HierarchyCycle {
        unit: String,
    },
    Invalid {
        reason: String,
    },
}

/// A refused value: the field and the problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ValidationError {
    pub field: Field,
    #[serde(flatten)]
    pub problem: Problem,
}

impl ValidationError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }

    /// "Số hộ: không được âm." / "Households: cannot be negative."
    pub fn message(&self, language: Language) -> String {
        format!(
            "{}: {}",
            self.field.label().get(language),
            self.problem.sentence(language)
        )
    }

    /// The message in both languages.
    pub fn bilingual(&self) -> Bilingual {
        Bilingual::new(self.message(Language::Vi), self.message(Language::En))
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message(Language::En))
    }
}

impl Problem {
    /// Why, as a sentence ending with a full stop.
    pub fn sentence(&self, language: Language) -> String {
        let n = |value: u64| format::integer(value, language);
        let (vi, en) = match self {
            Problem::Required => ("cần nhập.".to_owned(), "is required.".to_owned()),
            Problem::Empty => ("không được để trống.".to_owned(), "cannot be empty.".to_owned()),
            Problem::TooLong { max, found } => (
                format!("dài tối đa {max} ký tự, đang có {found}."),
                format!("has at most {max} characters, found {found}."),
            ),
            Problem::ControlCharacters => (
                "có ký tự không hợp lệ.".to_owned(),
                "contains invalid characters.".to_owned(),
            ),
            Problem::TooShort { min, found } => (
                format!("cần ít nhất {min} ký tự, đang có {found}."),
                format!("needs at least {min} characters, found {found}."),
            ),
            Problem::UsernameCharacters => (
                "chỉ gồm chữ cái a–z không dấu, chữ số và các dấu '.', '_', '-'.".to_owned(),
                "may hold only letters a–z without accents, digits, '.', '_' and '-'.".to_owned(),
            ),
            Problem::JurisdictionLevel { role, level } => {
                let (vi_level, en_level) = match level {
                    crate::unit_kind::UnitLevel::Province => ("cấp tỉnh", "province"),
                    crate::unit_kind::UnitLevel::District => ("cấp huyện", "district"),
                    crate::unit_kind::UnitLevel::Commune => ("cấp xã", "commune"),
                    crate::unit_kind::UnitLevel::Village => ("thôn, tổ dân phố", "village"),
                };
                let role = role.label();
                (
                    format!("{} phụ trách một đơn vị {vi_level}.", role.vi),
                    format!(
                        "a {} works over a unit of the {en_level} level.",
                        role.en.to_lowercase()
                    ),
                )
            }
            Problem::NotANumber => ("phải là một số.".to_owned(), "must be a number.".to_owned()),
            Problem::NotAWholeNumber => (
                "phải là số nguyên, không có phần thập phân.".to_owned(),
                "must be a whole number, with no decimal part.".to_owned(),
            ),
            Problem::TooManyDecimals { max } => (
                format!("tối đa {max} chữ số thập phân."),
                format!("has at most {max} decimals."),
            ),
            Problem::NotADate => (
                "không phải ngày hợp lệ; hãy viết ngày/tháng/năm, ví dụ 28/11/2026.".to_owned(),
                "is not a date; write day/month/year, e.g. 28/11/2026.".to_owned(),
            ),
            Problem::Negative => ("không được âm.".to_owned(), "cannot be negative.".to_owned()),
            Problem::Zero => ("phải lớn hơn 0.".to_owned(), "must be more than 0.".to_owned()),
            Problem::AboveBound { max } => (
                format!("vượt quá mức hợp lý ({}); hãy kiểm tra lại.", n(*max)),
                format!("is above any plausible value ({}); check it.", n(*max)),
            ),
            Problem::AboveWorkerLimit { max, per_village } => (
                format!(
                    "tối đa {} (Nghị định 185/2026/NĐ-CP: {per_village} người mỗi thôn, tổ dân phố).",
                    n(*max)
                ),
                format!("at most {} (Decree 185/2026: {per_village} in a village).", n(*max)),
            ),
            Problem::HouseholdsExceedPopulation { households, population } => (
                format!("{} hộ nhiều hơn dân số {} người.", n(*households), n(*population)),
                format!(
                    "{} households is more than the population of {}.",
                    n(*households),
                    n(*population)
                ),
            ),
            Problem::ReasonRequired => ("cần ghi rõ lý do.".to_owned(), "needs its reason.".to_owned()),
            Problem::OutOfRange { min, max } => (
                format!("phải trong khoảng {min} đến {max}."),
                format!("must lie between {min} and {max}."),
            ),
            Problem::InFuture => (
                "không được sau ngày hôm nay.".to_owned(),
                "cannot be after today.".to_owned(),
            ),
            Problem::TooOld => ("quá xa trong quá khứ.".to_owned(), "is too far in the past.".to_owned()),
            Problem::TooFewSources { min, found } => (
                format!("cần ít nhất {min} đơn vị, đang có {found}."),
                format!("needs at least {min} units, found {found}."),
            ),
            Problem::DuplicateSource { unit } => (format!("{unit} có mặt hai lần."), format!("{unit} appears twice.")),
            Problem::DuplicateName { unit, parent } => (
                format!("{parent} đã có {unit}; hãy đặt tên khác hoặc sửa thôn đã có."),
                format!("{parent} already has {unit}; choose another name or edit the one there."),
            ),
            Problem::MixedLevels => (
                "các đơn vị phải cùng một cấp.".to_owned(),
                "the units must all be of one level.".to_owned(),
            ),
            Problem::WrongLevel { unit } => (
                format!("{unit} không cùng cấp."),
                format!("{unit} is not of the same level."),
            ),
            Problem::UnknownUnit { unit } => (
                format!("không tìm thấy đơn vị {unit}."),
                format!("no unit {unit} is known."),
            ),
            Problem::NotActive { unit } => (
                format!("{unit} không còn hoạt động."),
                format!("{unit} no longer exists as a unit."),
            ),
            Problem::InAnotherOpenProposal { unit } => (
                format!("{unit} đã thuộc một phương án khác đang xử lý."),
                format!("{unit} is already in another open proposal."),
            ),
            Problem::ShareExceedsUnit { unit } => (
                format!("phần chia vượt quá số liệu của {unit}."),
                format!("the share is more than {unit} has."),
            ),
            Problem::SharesDoNotAddUp {
                unit,
                measure,
                expected,
                found,
            } => (
                format!(
                    "các phần chia của {unit} cộng lại {} {measure}, phải bằng {}.",
                    n(*found),
                    n(*expected)
                ),
                format!(
                    "the shares of {unit} add up to {} {measure}, not {}.",
                    n(*found),
                    n(*expected)
                ),
            ),
            Problem::ConsultationInconsistent { unit } => (
                format!("số liệu lấy ý kiến của {unit} không khớp nhau."),
                format!("the consultation figures of {unit} do not add up."),
            ),
            Problem::ConsultationNotPassed { unit } => (
                format!("{unit} chưa có kết quả lấy ý kiến với trên 50% số hộ đồng ý."),
                format!("{unit} has no consultation in which more than half agreed."),
            ),
            Problem::HierarchyCycle { unit } => (
                format!("{unit} không thể nằm dưới chính nó."),
                format!("{unit} cannot lie under itself."),
            ),
            Problem::Invalid { reason } => (reason.clone(), reason.clone()),
        };
        match language {
            Language::Vi => vi,
            Language::En => en,
        }
    }
}

/// A typed text: present when `required`, at most `max` characters, and no
/// control character (but line breaks where `line_breaks` allows them).
pub fn check_text(
    field: Field,
    text: &str,
    required: bool,
    max: usize,
    line_breaks: bool,
) -> Result<(), ValidationError> {
    let found = text.chars().count();
    if required && text.trim().is_empty() {
        Err(ValidationError::new(field, Problem::Required))
    } else if found > max {
        Err(ValidationError::new(field, Problem::TooLong { max, found }))
    } else if text
        .chars()
        .any(|character| character.is_control() && !(line_breaks && character == '\n'))
    {
        Err(ValidationError::new(field, Problem::ControlCharacters))
    } else {
        Ok(())
    }
}

/// Reads a count as typed in a form: digits only, with optional thousands
/// separators; refuses negatives and words with a message for `field`.
pub fn parse_count(field: Field, text: &str) -> Result<u32, ValidationError> {
    let trimmed = text.trim();
    let digits = |part: &str| !part.is_empty() && part.chars().all(|character| character.is_ascii_digit());
    // "8.500" and "8 500" group thousands; "45,5" and "2.5" have a decimal part.
    let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let groups: Vec<&str> = unsigned.split(['.', ' ', '\u{a0}']).collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups.iter().all(|part| digits(part))
        && groups[1..].iter().all(|part| part.len() == 3);
    if !grouped && (unsigned.contains([',', '.']) || groups.len() > 1) {
        let parts_are_digits = unsigned.split([',', '.', ' ', '\u{a0}']).all(digits);
        let problem = if parts_are_digits {
            Problem::NotAWholeNumber
        } else {
            Problem::NotANumber
        };
        return Err(ValidationError::new(field, problem));
    }
    let cleaned: String = trimmed
        .chars()
        .filter(|character| !matches!(character, '.' | ' ' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    if cleaned.starts_with('-') && cleaned[1..].chars().all(|character| character.is_ascii_digit()) {
        return Err(ValidationError::new(field, Problem::Negative));
    }
    if !cleaned.chars().all(|character| character.is_ascii_digit()) {
        return Err(ValidationError::new(field, Problem::NotANumber));
    }
    cleaned.parse::<u32>().map_err(|_| {
        ValidationError::new(
            field,
            Problem::AboveBound {
                max: u64::from(u32::MAX),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_the_field_and_the_problem_in_both_languages() {
        let error = ValidationError::new(Field::Households, Problem::Negative);
        assert_eq!(error.message(Language::Vi), "Số hộ: không được âm.");
        assert_eq!(error.message(Language::En), "Households: cannot be negative.");
    }

    #[test]
    fn reads_counts_as_typed() {
        assert_eq!(parse_count(Field::Population, "7.429"), Ok(7_429));
        assert_eq!(parse_count(Field::Population, " 120 "), Ok(120));
        assert_eq!(
            parse_count(Field::Households, "-5").unwrap_err().problem,
            Problem::Negative
        );
        assert_eq!(
            parse_count(Field::Households, "năm").unwrap_err().problem,
            Problem::NotANumber
        );
        assert_eq!(
            parse_count(Field::Households, "").unwrap_err().problem,
            Problem::Required
        );
        assert!(matches!(
            parse_count(Field::Households, "99999999999").unwrap_err().problem,
            Problem::AboveBound { .. }
        ));
        assert_eq!(parse_count(Field::Population, "12.345.678"), Ok(12_345_678));
        assert_eq!(parse_count(Field::Population, "8 500"), Ok(8_500));
        for decimal in ["45,5", "2.5", "2,50", "1.2345"] {
            assert_eq!(
                parse_count(Field::Households, decimal).unwrap_err().problem,
                Problem::NotAWholeNumber,
                "{decimal} has a decimal part: never read as a larger whole number"
            );
        }
        assert_eq!(
            parse_count(Field::Households, "4a.5").unwrap_err().problem,
            Problem::NotANumber
        );
    }

    #[test]
    fn numbers_in_messages_are_written_per_language() {
        let error = ValidationError::new(
            Field::Households,
            Problem::HouseholdsExceedPopulation {
                households: 1_200,
                population: 900,
            },
        );
        assert_eq!(
            error.message(Language::Vi),
            "Số hộ: 1.200 hộ nhiều hơn dân số 900 người."
        );
        assert_eq!(
            error.message(Language::En),
            "Households: 1,200 households is more than the population of 900."
        );
    }
}
