//! Officers as the rules see them: a role and a jurisdiction.

use crate::language::Bilingual;
use crate::sync_meta::OfficerId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What an officer may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Cán bộ xã: records village reviews, drafts village proposals.
    CommuneOfficer,
    /// Phòng Nội vụ huyện: reviews the communes' work, drafts commune proposals.
    DistrictOfficer,
    /// Sở Nội vụ: approves, sets the rule set, reports.
    ProvinceOfficer,
    /// Creates accounts; takes no part in the workflow.
    Administrator,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::CommuneOfficer,
        Role::DistrictOfficer,
        Role::ProvinceOfficer,
        Role::Administrator,
    ];

    /// The name stored and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::CommuneOfficer => "commune_officer",
            Role::DistrictOfficer => "district_officer",
            Role::ProvinceOfficer => "province_officer",
            Role::Administrator => "administrator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    pub fn label(self) -> Bilingual {
        match self {
            Role::CommuneOfficer => Bilingual::new("Cán bộ xã", "Commune officer"),
            Role::DistrictOfficer => Bilingual::new("Cán bộ huyện", "District officer"),
            Role::ProvinceOfficer => Bilingual::new("Cán bộ tỉnh", "Province officer"),
            Role::Administrator => Bilingual::new("Quản trị viên", "Administrator"),
        }
    }
}

/// An officer acting: who, in which role, over which unit (a commune, a
/// district or the province) and everything under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    pub id: OfficerId,
    pub role: Role,
    pub jurisdiction: Uuid,
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn role_names_read_back() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("mayor"), None);
    }
}
