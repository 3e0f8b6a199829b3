//! Natural area, held exactly as a whole number of square metres.

use crate::format;
use crate::language::Language;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Add;

/// A natural area, in square metres (exact, so that sums and thresholds never
/// suffer from rounding). Communes are written in km², villages in hectares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Area(u64);

const SQUARE_METRES_PER_HECTARE: u64 = 10_000;
const SQUARE_METRES_PER_KM2: u64 = 1_000_000;

/// Why a written area cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AreaParseError {
    #[error("an area is a number, found {0:?}")]
    NotANumber(String),
    #[error("an area cannot be negative")]
    Negative,
    #[error("an area has at most 4 decimals")]
    TooPrecise,
    #[error("the area is too large")]
    TooLarge,
}

impl Area {
    pub const ZERO: Area = Area(0);

    pub const fn from_square_metres(square_metres: u64) -> Self {
        Self(square_metres)
    }

    pub const fn from_hectares(hectares: u64) -> Self {
        Self(hectares * SQUARE_METRES_PER_HECTARE)
    }

    pub const fn from_km2(km2: u64) -> Self {
        Self(km2 * SQUARE_METRES_PER_KM2)
    }

    /// An area given in hundredths of a km² (`3088` = 30,88 km²).
    pub const fn from_km2_hundredths(hundredths: u64) -> Self {
        Self(hundredths * (SQUARE_METRES_PER_KM2 / 100))
    }

    pub const fn square_metres(self) -> u64 {
        self.0
    }

    /// Reads a number of km² as an officer types it: `30,88`, `30.88`, `1.234,5`.
    pub fn parse_km2(text: &str) -> Result<Self, AreaParseError> {
        parse_scaled(text, SQUARE_METRES_PER_KM2).map(Self)
    }

    /// Reads a number of hectares as an officer types it.
    pub fn parse_hectares(text: &str) -> Result<Self, AreaParseError> {
        parse_scaled(text, SQUARE_METRES_PER_HECTARE).map(Self)
    }

    /// The area in km², rounded to hundredths, written for `language`.
    pub fn km2_text(self, language: Language) -> String {
        format::hundredths((self.0 + 5_000) / 10_000, language)
    }

    /// The area in hectares, rounded to hundredths, written for `language`.
    pub fn hectares_text(self, language: Language) -> String {
        format::hundredths((self.0 + 50) / 100, language)
    }

    /// `self × percent / 100`, rounded down.
    pub fn percent(self, percent: u32) -> Area {
        Area(self.0.saturating_mul(u64::from(percent)) / 100)
    }

    pub fn saturating_sub(self, other: Area) -> Area {
        Area(self.0.saturating_sub(other.0))
    }
}

impl Add for Area {
    type Output = Area;
    fn add(self, other: Area) -> Area {
        Area(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Area {
    fn sum<I: Iterator<Item = Area>>(iter: I) -> Area {
        iter.fold(Area::ZERO, Add::add)
    }
}

impl fmt::Display for Area {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} km²", self.km2_text(Language::Vi))
    }
}

/// Reads a decimal written with either `,` or `.` as the decimal mark (the
/// last one when both appear, the other then being a thousands separator),
/// scaled to whole units of `scale` per unit.
fn parse_scaled(text: &str, scale: u64) -> Result<u64, AreaParseError> {
    let text = text.trim().replace([' ', '\u{a0}'], "");
    if text.starts_with('-') {
        return Err(AreaParseError::Negative);
    }
    let not_a_number = || AreaParseError::NotANumber(text.chars().take(30).collect());
    if text.is_empty()
        || !text
            .chars()
            .all(|character| character.is_ascii_digit() || character == ',' || character == '.')
    {
        return Err(not_a_number());
    }
    let decimal_mark = match (text.rfind(','), text.rfind('.')) {
        (Some(comma), Some(dot)) => Some(if comma > dot { ',' } else { '.' }),
        // One mark followed by exactly three digits, several times, is a thousands separator.
        (Some(_), None) if is_grouped(&text, ',') => None,
        (None, Some(_)) if is_grouped(&text, '.') => None,
        (Some(_), None) => Some(','),
        (None, Some(_)) => Some('.'),
        (None, None) => None,
    };
    let (whole, fraction) = match decimal_mark {
        Some(mark) => {
            let at = text.rfind(mark).unwrap_or(text.len());
            (&text[..at], &text[at + 1..])
        }
        None => (text.as_str(), ""),
    };
    // What is left of the decimal mark may hold only the other mark, as a
    // thousands separator between groups of three digits.
    let thousands = match decimal_mark {
        Some(',') => '.',
        Some(_) => ',',
        None => text
            .chars()
            .find(|character| !character.is_ascii_digit())
            .unwrap_or('.'),
    };
    let well_grouped = !whole.contains(thousands) || {
        let groups: Vec<&str> = whole.split(thousands).collect();
        (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|group| group.len() == 3)
    };
    if !well_grouped || decimal_mark.is_some_and(|mark| whole.contains(mark)) || fraction.contains([',', '.']) {
        return Err(not_a_number());
    }
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    if whole.is_empty() && fraction.is_empty() {
        return Err(not_a_number());
    }
    if fraction.len() > 4 {
        return Err(AreaParseError::TooPrecise);
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| AreaParseError::TooLarge)?
    };
    let fraction_value: u64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| not_a_number())?
    };
    let fraction_scale = 10u64.pow(fraction.len() as u32);
    whole
        .checked_mul(scale)
        .and_then(|scaled| scaled.checked_add(fraction_value * scale / fraction_scale))
        .ok_or(AreaParseError::TooLarge)
}

/// Whether `text` is digits grouped by threes with `separator` (`1.234.567`),
/// with more than one group or a group that a decimal would not have.
fn is_grouped(text: &str, separator: char) -> bool {
    let groups: Vec<&str> = text.split(separator).collect();
    groups.len() > 2
        && groups[0].len() <= 3
        && !groups[0].is_empty()
        && groups[1..].iter().all(|group| group.len() == 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_areas_as_officers_type_them() {
        assert_eq!(Area::parse_km2("30,88"), Ok(Area::from_km2_hundredths(3_088)));
        assert_eq!(Area::parse_km2("30.88"), Ok(Area::from_km2_hundredths(3_088)));
        assert_eq!(Area::parse_km2("1.234,5"), Ok(Area::from_km2_hundredths(123_450)));
        assert_eq!(Area::parse_km2("1,234.5"), Ok(Area::from_km2_hundredths(123_450)));
        assert_eq!(Area::parse_km2("1.234.567"), Ok(Area::from_km2(1_234_567)));
        assert_eq!(Area::parse_km2(" 50 "), Ok(Area::from_km2(50)));
        assert_eq!(Area::parse_hectares("12,5"), Ok(Area::from_square_metres(125_000)));
    }

    #[test]
    fn refuses_what_is_not_an_area() {
        assert_eq!(Area::parse_km2("-3"), Err(AreaParseError::Negative));
        assert!(matches!(Area::parse_km2("ba"), Err(AreaParseError::NotANumber(_))));
        assert!(matches!(Area::parse_km2(""), Err(AreaParseError::NotANumber(_))));
        assert!(matches!(Area::parse_km2("1,2,3"), Err(AreaParseError::NotANumber(_))));
        assert_eq!(Area::parse_km2("1,23456"), Err(AreaParseError::TooPrecise));
        assert_eq!(Area::parse_km2("99999999999999999999"), Err(AreaParseError::TooLarge));
    }

    #[test]
    fn writes_areas_in_each_language() {
        let quang_lang = Area::from_km2_hundredths(3_088);
        assert_eq!(quang_lang.km2_text(Language::Vi), "30,88");
        assert_eq!(quang_lang.km2_text(Language::En), "30.88");
        assert_eq!(Area::from_hectares(125).hectares_text(Language::Vi), "125");
        assert_eq!(quang_lang.to_string(), "30,88 km²");
    }
}
