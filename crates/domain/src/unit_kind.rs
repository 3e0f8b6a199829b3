//! The kinds of administrative unit and the level of the hierarchy each belongs to.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The level of a unit in the hierarchy. The district level is optional: the
/// 2025 reform removed it, and a hierarchy without districts works too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitLevel {
    Province,
    District,
    Commune,
    Village,
}

/// What kind of administrative unit a unit is, as the law names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UnitKind {
    /// Tỉnh.
    Province,
    /// Thành phố thuộc tỉnh (a provincial city, district level).
    ProvincialCity,
    /// Huyện.
    District,
    /// Thị xã.
    Town,
    /// Xã.
    Commune,
    /// Phường.
    Ward,
    /// Thị trấn.
    Township,
    /// Thôn.
    Village,
    /// Bản.
    Hamlet,
    /// Khối phố.
    UrbanQuarter,
    /// Tổ dân phố.
    ResidentialGroup,
}

/// A kind name that is not one of the kinds the law knows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind of administrative unit: {0:?}")]
pub struct UnitKindError(pub String);

impl UnitKind {
    /// Every kind, in the order of the hierarchy.
    pub const ALL: [UnitKind; 11] = [
        UnitKind::Province,
        UnitKind::ProvincialCity,
        UnitKind::District,
        UnitKind::Town,
        UnitKind::Commune,
        UnitKind::Ward,
        UnitKind::Township,
        UnitKind::Village,
        UnitKind::Hamlet,
        UnitKind::UrbanQuarter,
        UnitKind::ResidentialGroup,
    ];

    /// The level of the hierarchy this kind of unit belongs to.
    pub fn level(self) -> UnitLevel {
        match self {
            UnitKind::Province => UnitLevel::Province,
            UnitKind::ProvincialCity | UnitKind::District | UnitKind::Town => UnitLevel::District,
            UnitKind::Commune | UnitKind::Ward | UnitKind::Township => UnitLevel::Commune,
            UnitKind::Village | UnitKind::Hamlet | UnitKind::UrbanQuarter | UnitKind::ResidentialGroup => {
                UnitLevel::Village
            }
        }
    }

    /// The Vietnamese name of the kind, as it is written before a unit's name.
    pub fn vietnamese(self) -> &'static str {
        match self {
            UnitKind::Province => "Tỉnh",
            UnitKind::ProvincialCity => "Thành phố",
            UnitKind::District => "Huyện",
            UnitKind::Town => "Thị xã",
            UnitKind::Commune => "Xã",
            UnitKind::Ward => "Phường",
            UnitKind::Township => "Thị trấn",
            UnitKind::Village => "Thôn",
            UnitKind::Hamlet => "Bản",
            UnitKind::UrbanQuarter => "Khối phố",
            UnitKind::ResidentialGroup => "Tổ dân phố",
        }
    }

    /// The English name of the kind.
    pub fn english(self) -> &'static str {
        match self {
            UnitKind::Province => "province",
            UnitKind::ProvincialCity => "provincial city",
            UnitKind::District => "district",
            UnitKind::Town => "town",
            UnitKind::Commune => "commune",
            UnitKind::Ward => "ward",
            UnitKind::Township => "township",
            UnitKind::Village => "village",
            UnitKind::Hamlet => "hamlet",
            UnitKind::UrbanQuarter => "urban quarter",
            UnitKind::ResidentialGroup => "residential group",
        }
    }

    /// Reads the Vietnamese kind name used in official lists ("Huyện",
    /// "Thị trấn"), ignoring case.
    pub fn from_vietnamese(name: &str) -> Result<Self, UnitKindError> {
        let wanted = name.trim().to_lowercase();
        UnitKind::ALL
            .into_iter()
            .find(|kind| kind.vietnamese().to_lowercase() == wanted)
            .ok_or_else(|| UnitKindError(name.to_owned()))
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.vietnamese())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_the_kind_names_of_the_official_lists() {
        assert_eq!(UnitKind::from_vietnamese("Huyện"), Ok(UnitKind::District));
        assert_eq!(UnitKind::from_vietnamese("Thành phố"), Ok(UnitKind::ProvincialCity));
        assert_eq!(UnitKind::from_vietnamese("thị trấn"), Ok(UnitKind::Township));
        assert_eq!(UnitKind::from_vietnamese("Phường"), Ok(UnitKind::Ward));
        assert!(UnitKind::from_vietnamese("Quận 1").is_err());
    }

    #[test]
    fn every_kind_reads_back_from_its_own_name() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::from_vietnamese(kind.vietnamese()), Ok(kind));
        }
    }

    #[test]
    fn places_each_kind_on_its_level() {
        assert_eq!(UnitKind::Township.level(), UnitLevel::Commune);
        assert_eq!(UnitKind::ProvincialCity.level(), UnitLevel::District);
        assert_eq!(UnitKind::ResidentialGroup.level(), UnitLevel::Village);
    }
}
