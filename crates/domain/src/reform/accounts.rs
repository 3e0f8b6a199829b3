//! What becomes of an officer's account when the unit it is over ends: a
//! commune officer of a commune merged whole follows it to the new commune;
//! an officer of a divided commune or of a dissolved district waits for an
//! administrator to reassign them, and is told why when signing in.

use crate::format::date_vi;
use crate::officer::Role;
use crate::unit::Lifecycle;
use uuid::Uuid;

/// An account's fate after its unit's lifecycle changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountAfter {
    /// Nothing to do: the unit is in force (or the role is over the province).
    Keep,
    /// Moves to the unit that took the old one in whole; the sentence for the
    /// account's history.
    Follow { unit_id: Uuid, summary: String },
    /// Waits for an administrator; why, as the officer reads it at sign-in.
    Reassign { reason: String },
}

/// The account of an officer of `role` over `unit_name`, which is now
/// `lifecycle`; `name_of` names the units it went to.
pub fn account_after(
    role: Role,
    unit_name: &str,
    lifecycle: &Lifecycle,
    name_of: impl Fn(Uuid) -> String,
) -> AccountAfter {
    if matches!(role, Role::ProvinceOfficer | Role::Administrator) {
        return AccountAfter::Keep;
    }
    let ask = "Quản trị viên cần phân công lại địa bàn cho tài khoản này.";
    match lifecycle {
        Lifecycle::MergedInto { unit_id, effective, .. } if role == Role::CommuneOfficer => AccountAfter::Follow {
            unit_id: *unit_id,
            summary: format!(
                "Chuyển theo đơn vị: {unit_name} được sáp nhập vào {} từ ngày {}.",
                name_of(*unit_id),
                date_vi(*effective)
            ),
        },
        Lifecycle::MergedInto { unit_id, effective, .. } => AccountAfter::Reassign {
            reason: format!(
                "{unit_name} đã được sáp nhập vào {} từ ngày {}. {ask}",
                name_of(*unit_id),
                date_vi(*effective)
            ),
        },
        Lifecycle::DividedAmong {
            unit_ids, effective, ..
        } => AccountAfter::Reassign {
            reason: format!(
                "{unit_name} đã được chia về {} từ ngày {}. {ask}",
                unit_ids.iter().map(|id| name_of(*id)).collect::<Vec<_>>().join(", "),
                date_vi(*effective)
            ),
        },
        Lifecycle::Dissolved { effective, .. } => AccountAfter::Reassign {
            reason: format!(
                "{unit_name} đã kết thúc hoạt động từ ngày {}. {ask}",
                date_vi(*effective)
            ),
        },
        Lifecycle::Active { .. } | Lifecycle::Proposed { .. } => AccountAfter::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()
    }

    #[test]
    fn a_commune_officer_follows_a_commune_merged_whole_and_a_district_officer_waits() {
        let into = Uuid::from_u128(7);
        let merged = Lifecycle::MergedInto {
            unit_id: into,
            proposal_id: Uuid::nil(),
            effective: day(),
        };
        let name = |_| "Xã Đoàn Kết".to_owned();
        assert_eq!(
            account_after(Role::CommuneOfficer, "Xã Khánh Long", &merged, name),
            AccountAfter::Follow {
                unit_id: into,
                summary: "Chuyển theo đơn vị: Xã Khánh Long được sáp nhập vào Xã Đoàn Kết từ ngày 01/07/2025."
                    .to_owned()
            }
        );
        let dissolved = Lifecycle::Dissolved {
            proposal_id: Uuid::nil(),
            effective: day(),
        };
        let AccountAfter::Reassign { reason } =
            account_after(Role::DistrictOfficer, "Huyện Tràng Định", &dissolved, name)
        else {
            panic!("a district officer waits")
        };
        assert!(reason.starts_with("Huyện Tràng Định đã kết thúc hoạt động từ ngày 01/07/2025."));
        let divided = Lifecycle::DividedAmong {
            unit_ids: vec![Uuid::from_u128(1), Uuid::from_u128(2)],
            proposal_ids: Vec::new(),
            effective: day(),
        };
        let names = |id: Uuid| {
            if id == Uuid::from_u128(1) {
                "Xã Đình Lập"
            } else {
                "Xã Kiên Mộc"
            }
            .to_owned()
        };
        let AccountAfter::Reassign { reason } = account_after(Role::CommuneOfficer, "Xã Bính Xá", &divided, names)
        else {
            panic!("an officer of a divided commune waits")
        };
        assert!(reason.contains("được chia về Xã Đình Lập, Xã Kiên Mộc"), "{reason}");
        assert_eq!(
            account_after(Role::ProvinceOfficer, "Tỉnh Lạng Sơn", &dissolved, name),
            AccountAfter::Keep
        );
    }
}
