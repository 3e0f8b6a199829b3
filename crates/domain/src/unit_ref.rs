//! How a unit is addressed from outside: by official code or by UUID.

use crate::official_code::OfficialCode;
use std::fmt;
use uuid::Uuid;

/// A reference to one unit as written in a URL: the official code of a
/// province, district or commune (`20`, `178`, `05971`), or the UUID of any unit
/// (villages and newly formed units have no official code).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnitRef {
    Code(OfficialCode),
    Id(Uuid),
}

/// Why a text is neither an official code nor a UUID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is neither an official unit code (2 to 5 digits) nor a unit id (a UUID)")]
pub struct UnitRefError(pub String);

impl UnitRef {
    /// Reads a reference: digits are an official code, anything else must be a UUID.
    pub fn parse(text: &str) -> Result<Self, UnitRefError> {
        let text = text.trim();
        let shortened = || UnitRefError(text.chars().take(40).collect());
        if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
            return OfficialCode::parse(text).map(UnitRef::Code).map_err(|_| shortened());
        }
        Uuid::parse_str(text).map(UnitRef::Id).map_err(|_| shortened())
    }
}

impl fmt::Display for UnitRef {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitRef::Code(code) => write!(formatter, "{code}"),
            UnitRef::Id(id) => write!(formatter, "{id}"),
        }
    }
}

/// The namespace of the ids given to units that carry an official code.
const OFFICIAL_UNIT_NAMESPACE: Uuid = Uuid::from_u128(0x5a9e_7c1d_0b3f_4e2a_9c61_d8f0_a4b2_e713);

/// The stable id of a unit with an official code: the same on every server and
/// every device that loads the reference data, so that ids never change when a
/// server is rebuilt from the official lists.
pub fn reference_unit_id(code: &OfficialCode) -> Uuid {
    Uuid::new_v5(&OFFICIAL_UNIT_NAMESPACE, format!("vn-unit:{code}").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn digits_are_an_official_code() {
        assert_eq!(
            UnitRef::parse("20"),
            Ok(UnitRef::Code(OfficialCode::parse("20").unwrap()))
        );
    }

    #[test]
    fn a_uuid_is_an_id() {
        let id = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
        assert_eq!(UnitRef::parse(&id.to_string()), Ok(UnitRef::Id(id)));
    }

    #[test]
    fn anything_else_is_refused_with_the_text_in_the_message() {
        let error = UnitRef::parse("abc").unwrap_err();
        assert!(error.to_string().contains("\"abc\""));
        assert!(UnitRef::parse("").is_err());
        assert!(UnitRef::parse("1234567").is_err());
    }

    #[test]
    fn reference_ids_are_stable_and_distinct() {
        let lang_son = OfficialCode::parse("20").unwrap();
        let city = OfficialCode::parse("178").unwrap();
        assert_eq!(reference_unit_id(&lang_son), reference_unit_id(&lang_son));
        assert_ne!(reference_unit_id(&lang_son), reference_unit_id(&city));
    }
}
