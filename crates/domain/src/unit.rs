//! An administrative unit: where it sits in the hierarchy and where it is in
//! its life. The hierarchy is data: any unit may have a parent of any higher
//! level, so a province without districts works as well as one with them.

use crate::official_code::OfficialCode;
use crate::sync_meta::SyncMeta;
use crate::unit_kind::{UnitKind, UnitLevel};
use crate::unit_name::UnitName;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One administrative unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// A UUIDv7 made where the unit was created; for units with an official
    /// code, `reference_unit_id(code)`.
    pub id: Uuid,
    pub code: Option<OfficialCode>,
    pub name: UnitName,
    pub kind: UnitKind,
    pub parent_id: Option<Uuid>,
    pub lifecycle: Lifecycle,
    /// Facts about the unit that the rules need and that do not change with
    /// each review.
    #[serde(default)]
    pub attributes: UnitAttributes,
    pub meta: SyncMeta,
}

impl Unit {
    pub fn level(&self) -> UnitLevel {
        self.kind.level()
    }

    pub fn is_active(&self) -> bool {
        self.lifecycle.is_active()
    }
}

/// Standing facts about a unit that classification depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitAttributes {
    /// A commune on the national border (xã biên giới): its villages have a
    /// lower household standard. No public list exists; officers record it.
    #[serde(default)]
    pub border_commune: bool,
    /// Mountainous or highland (miền núi, vùng cao): every xã of Lạng Sơn is.
    #[serde(default)]
    pub mountainous: bool,
}

/// Where a unit is in its life. Nothing is ever deleted: a merged unit stays,
/// marked as merged, with the decision that merged it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Lifecycle {
    /// In existence (since a date, when known).
    Active { since: Option<NaiveDate> },
    /// A unit that a proposal would create; it exists once the proposal takes effect.
    Proposed { proposal_id: Uuid },
    /// Merged, whole, into another unit.
    MergedInto {
        unit_id: Uuid,
        proposal_id: Uuid,
        effective: NaiveDate,
    },
    /// Divided among several units, each taking a share.
    DividedAmong {
        unit_ids: Vec<Uuid>,
        proposal_ids: Vec<Uuid>,
        effective: NaiveDate,
    },
    /// Dissolved (giải thể).
    Dissolved { proposal_id: Uuid, effective: NaiveDate },
}

impl Lifecycle {
    pub fn is_active(&self) -> bool {
        matches!(self, Lifecycle::Active { .. })
    }

    /// Whether the unit has ended (merged, divided or dissolved).
    pub fn has_ended(&self) -> bool {
        matches!(
            self,
            Lifecycle::MergedInto { .. } | Lifecycle::DividedAmong { .. } | Lifecycle::Dissolved { .. }
        )
    }
}

/// A place on the ground, as the tablet's GPS gives it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    /// The GPS accuracy in metres, when known.
    pub accuracy_m: Option<f64>,
}

impl Location {
    /// The `geo:` address (RFC 5870) that opens the device's maps app at the
    /// place, with its accuracy when known.
    pub fn geo_uri(&self) -> String {
        let place = format!("geo:{:.6},{:.6}", self.latitude, self.longitude);
        match self.accuracy_m {
            Some(accuracy) => format!("{place};u={}", accuracy.round()),
            None => place,
        }
    }

    /// The distance along the Earth's surface, in metres (haversine).
    pub fn distance_m(&self, other: &Location) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let half_dlat = (other.latitude - self.latitude).to_radians() / 2.0;
        let half_dlon = (other.longitude - self.longitude).to_radians() / 2.0;
        let a = half_dlat.sin().powi(2) + lat1.cos() * lat2.cos() * half_dlon.sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }

    /// Checks that the coordinates lie on Earth and the accuracy is sane.
    pub fn validate(&self) -> Result<(), crate::validation::ValidationError> {
        use crate::validation::{Field, Problem, ValidationError};
        let out_of_range = |min: &str, max: &str| {
            ValidationError::new(
                Field::Location,
                Problem::OutOfRange {
                    min: min.to_owned(),
                    max: max.to_owned(),
                },
            )
        };
        if !(-90.0..=90.0).contains(&self.latitude) {
            return Err(out_of_range("-90", "90"));
        }
        if !(-180.0..=180.0).contains(&self.longitude) {
            return Err(out_of_range("-180", "180"));
        }
        if let Some(accuracy) = self.accuracy_m
            && !(0.0..=100_000.0).contains(&accuracy)
        {
            return Err(out_of_range("0", "100000"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_place_opens_in_the_maps_app() {
        let place = Location {
            latitude: 22.3868,
            longitude: 106.262,
            accuracy_m: Some(12.4),
        };
        assert_eq!(place.geo_uri(), "geo:22.386800,106.262000;u=12");
        let unknown = Location {
            accuracy_m: None,
            ..place
        };
        assert_eq!(unknown.geo_uri(), "geo:22.386800,106.262000");
    }

    #[test]
    fn distance_between_two_communes_of_lang_son() {
        // Phường Hoàng Văn Thụ and Phường Tam Thanh, about 1.4 km apart.
        let hoang_van_thu = Location {
            latitude: 21.865648,
            longitude: 106.757756,
            accuracy_m: None,
        };
        let tam_thanh = Location {
            latitude: 21.854371,
            longitude: 106.752238,
            accuracy_m: None,
        };
        let distance = hoang_van_thu.distance_m(&tam_thanh);
        assert!((1_300.0..1_500.0).contains(&distance), "{distance}");
        assert_eq!(hoang_van_thu.distance_m(&hoang_van_thu), 0.0);
    }

    #[test]
    fn locations_off_the_earth_are_refused() {
        assert!(
            Location {
                latitude: 91.0,
                longitude: 0.0,
                accuracy_m: None
            }
            .validate()
            .is_err()
        );
        assert!(
            Location {
                latitude: 0.0,
                longitude: 181.0,
                accuracy_m: None
            }
            .validate()
            .is_err()
        );
        assert!(
            Location {
                latitude: 21.8,
                longitude: 106.7,
                accuracy_m: Some(-1.0)
            }
            .validate()
            .is_err()
        );
        assert!(
            Location {
                latitude: 21.8,
                longitude: 106.7,
                accuracy_m: Some(8.0)
            }
            .validate()
            .is_ok()
        );
    }
}
