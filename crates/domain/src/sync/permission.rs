//! Who may write which record: the same answer on the tablet (which offers
//! or hides an edit) and on the server (which refuses a push). Jurisdiction
//! is checked separately, against where the record lies (`scope`).

use super::RecordType;
use crate::officer::Role;
use crate::unit_kind::UnitLevel;

/// Whether `role` may write a record of this type about a unit at `level`
/// (`None` when the record names no unit level, as a rule set).
pub fn may_write(role: Role, record_type: RecordType, level: Option<UnitLevel>) -> bool {
    use Role::*;
    match (record_type, role) {
        (_, Administrator) => false,
        (RecordType::RuleSet | RecordType::TargetReport, role) => role == ProvinceOfficer,
        // Villages are the officers' own; the official units (and their
        // attributes, such as a border commune) are the province's.
        (RecordType::Unit, role) => match level {
            Some(UnitLevel::Village) => true,
            _ => role == ProvinceOfficer,
        },
        (RecordType::VillageReview | RecordType::CommuneReview | RecordType::Proposal, _) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn only_the_province_edits_a_commune_and_nobody_but_officers_writes() {
        let commune = Some(UnitLevel::Commune);
        assert!(may_write(Role::ProvinceOfficer, RecordType::Unit, commune));
        assert!(!may_write(Role::CommuneOfficer, RecordType::Unit, commune));
        assert!(!may_write(Role::DistrictOfficer, RecordType::Unit, commune));
        assert!(may_write(
            Role::CommuneOfficer,
            RecordType::Unit,
            Some(UnitLevel::Village)
        ));
        assert!(!may_write(
            Role::Administrator,
            RecordType::VillageReview,
            Some(UnitLevel::Village)
        ));
        assert!(!may_write(Role::DistrictOfficer, RecordType::RuleSet, None));
    }
}
