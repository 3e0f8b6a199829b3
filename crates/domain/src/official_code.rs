//! The national statistical code of an administrative unit (mã đơn vị hành chính).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A national statistical code: 2 digits for a province (`20` is Lạng Sơn),
/// 3 for a district (`178`), 5 for a commune (`05971`). Leading zeros matter,
/// so the code is kept as text, never as a number. Villages have no official
/// code; they are addressed by their UUID.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, pattern = "^[0-9]{2,5}$"))]
pub struct OfficialCode(String);

/// Why a text is not an official code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OfficialCodeError {
    #[error("an official unit code cannot be empty")]
    Empty,
    #[error("an official unit code has only digits, found {0:?}")]
    NotDigits(String),
    #[error("an official unit code has 2 to 5 digits, found {0}")]
    WrongLength(usize),
}

impl OfficialCode {
    /// Parses a code of 2 to 5 ASCII digits, keeping leading zeros.
    pub fn parse(text: &str) -> Result<Self, OfficialCodeError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(OfficialCodeError::Empty);
        }
        if !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(OfficialCodeError::NotDigits(text.chars().take(40).collect()));
        }
        if !(2..=5).contains(&text.len()) {
            return Err(OfficialCodeError::WrongLength(text.len()));
        }
        Ok(Self(text.to_owned()))
    }

    /// The code as written, with its leading zeros.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OfficialCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl TryFrom<String> for OfficialCode {
    type Error = OfficialCodeError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<OfficialCode> for String {
    fn from(code: OfficialCode) -> Self {
        code.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn keeps_leading_zeros_of_commune_codes() {
        assert_eq!(OfficialCode::parse("05971").unwrap().as_str(), "05971");
    }

    #[test]
    fn accepts_province_and_district_codes() {
        assert!(OfficialCode::parse("20").is_ok());
        assert!(OfficialCode::parse("178").is_ok());
    }

    #[test]
    fn refuses_letters_empty_and_wrong_lengths() {
        assert_eq!(OfficialCode::parse(""), Err(OfficialCodeError::Empty));
        assert!(matches!(
            OfficialCode::parse("2a"),
            Err(OfficialCodeError::NotDigits(_))
        ));
        assert_eq!(OfficialCode::parse("1"), Err(OfficialCodeError::WrongLength(1)));
        assert_eq!(OfficialCode::parse("123456"), Err(OfficialCodeError::WrongLength(6)));
    }

    #[test]
    fn refuses_a_bad_code_in_json() {
        let parsed: Result<OfficialCode, _> = serde_json::from_str("\"x1\"");
        assert!(parsed.is_err());
    }
}
