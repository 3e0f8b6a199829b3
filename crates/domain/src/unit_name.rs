//! The name of a unit, checked.

use crate::validation::{Field, Problem, ValidationError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// A unit's name as written officially ("Thôn Nà Pàn", "Xã Quang Lang"):
/// trimmed, single-spaced, 1 to 120 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitName(String);

impl UnitName {
    /// Checks and normalises a name typed by an officer.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let normalised = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if normalised.is_empty() {
            return Err(ValidationError::new(Field::Name, Problem::Empty));
        }
        let length = normalised.chars().count();
        if length > MAX_NAME_CHARS {
            return Err(ValidationError::new(
                Field::Name,
                Problem::TooLong {
                    max: MAX_NAME_CHARS,
                    found: length,
                },
            ));
        }
        if normalised.chars().any(char::is_control) {
            return Err(ValidationError::new(Field::Name, Problem::ControlCharacters));
        }
        Ok(Self(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether two names name the same unit among its siblings: the same
/// words, whatever the case and spacing ("Thôn Nà Lẹng", "thôn  nà lẹng");
/// the tone marks count ("Nà Lẹng" and "Nà Leng" are two names).
pub fn same_unit_name(a: &str, b: &str) -> bool {
    let words = |text: &str| text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

/// Refuses a name that a sibling in force already has (two "Thôn Nà Lẹng"
/// in one commune), naming the sibling and the parent.
pub fn check_unique_among<'a>(
    name: &str,
    siblings: impl IntoIterator<Item = &'a str>,
    parent: &str,
) -> Result<(), ValidationError> {
    match siblings.into_iter().find(|sibling| same_unit_name(sibling, name)) {
        Some(sibling) => Err(ValidationError::new(
            Field::Name,
            Problem::DuplicateName {
                unit: sibling.to_owned(),
                parent: parent.to_owned(),
            },
        )),
        None => Ok(()),
    }
}

/// A sibling whose name is the same once diacritics, case and the village
/// kind's word are set aside ("Bản Nà Leng" beside "Thôn Nà Lẹng"): not
/// refused — two villages may differ by a tone mark — but worth a warning
/// before saving, since it is most often the same village typed twice.
pub fn similar_sibling<'a>(name: &str, siblings: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let key = crate::import::plan::import_key(name);
    if key.is_empty() {
        return None;
    }
    siblings
        .into_iter()
        .find(|sibling| !same_unit_name(sibling, name) && crate::import::plan::import_key(sibling) == key)
}

/// The warning for a name like a sibling's, in both languages.
pub fn similar_name_warning(sibling: &str, parent: &str) -> crate::language::Bilingual {
    crate::language::Bilingual::new(
        format!(
            "{parent} đã có {sibling}, gần giống tên này. Nếu là cùng một thôn, hãy sửa thôn đã có thay vì thêm mới."
        ),
        format!(
            "{parent} already has {sibling}, a name close to this one. If it is the same village, edit that one instead."
        ),
    )
}

impl fmt::Display for UnitName {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl TryFrom<String> for UnitName {
    type Error = ValidationError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<UnitName> for String {
    fn from(name: UnitName) -> Self {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_name_like_a_siblings_but_for_tone_marks_or_kind_is_found_as_similar() {
        let siblings = ["Thôn Nà Lẹng", "Thôn Cốc Lùng"];
        assert_eq!(similar_sibling("Bản Nà Leng", siblings), Some("Thôn Nà Lẹng"));
        assert_eq!(similar_sibling("thôn na leng", siblings), Some("Thôn Nà Lẹng"));
        assert_eq!(
            similar_sibling("Thôn Nà Lẹng", siblings),
            None,
            "the same name is refused, not warned"
        );
        assert_eq!(similar_sibling("Thôn Nà Pàn", siblings), None);
        assert_eq!(similar_sibling("", siblings), None);
    }

    #[test]
    fn trims_and_single_spaces() {
        assert_eq!(UnitName::parse("  Thôn   Nà  Pàn ").unwrap().as_str(), "Thôn Nà Pàn");
    }

    #[test]
    fn refuses_empty_long_and_control_characters() {
        assert_eq!(UnitName::parse("   ").unwrap_err().problem, Problem::Empty);
        let long = "a".repeat(121);
        assert_eq!(
            UnitName::parse(&long).unwrap_err().problem,
            Problem::TooLong { max: 120, found: 121 }
        );
        assert_eq!(
            UnitName::parse("Thôn\u{7}A").unwrap_err().problem,
            Problem::ControlCharacters
        );
        assert!(UnitName::parse(&"ă".repeat(120)).is_ok(), "120 Vietnamese letters fit");
    }
}
