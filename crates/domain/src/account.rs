//! Officers' accounts as an administrator fills them in: the username, the
//! name shown, the password and the unit the role works over. Checked the
//! same way by the accounts screen (before anything is sent) and by the
//! server (where the account is made), so that a refusal names its field in
//! both places.

use crate::officer::Role;
use crate::unit_kind::UnitLevel;
use crate::unit_name::UnitName;
use crate::validation::{Field, Problem, ValidationError};
use std::ops::RangeInclusive;

/// How long a username may be, in characters.
pub const USERNAME_LENGTH: RangeInclusive<usize> = 3..=64;
/// How long a password may be, in characters.
pub const PASSWORD_LENGTH: RangeInclusive<usize> = 8..=256;
/// The characters of a generated password: no look-alikes (0/O, 1/l/I).
const PASSWORD_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A username as stored: trimmed, lower-case, 3 to 64 characters of a–z,
/// digits, '.', '_' or '-'.
pub fn read_username(text: &str) -> Result<String, ValidationError> {
    let username = text.trim().to_lowercase();
    let length = username.chars().count();
    if length == 0 {
        return Err(ValidationError::new(Field::Username, Problem::Required));
    }
    check_length(Field::Username, length, USERNAME_LENGTH)?;
    if !username
        .chars()
        .all(|character| character.is_ascii_alphanumeric() || matches!(character, '.' | '_' | '-'))
    {
        return Err(ValidationError::new(Field::Username, Problem::UsernameCharacters));
    }
    Ok(username)
}

/// The officer's name as shown (spaces collapsed), under "Họ và tên".
pub fn read_display_name(text: &str) -> Result<String, ValidationError> {
    UnitName::parse(text)
        .map(|name| name.to_string())
        .map_err(|error| ValidationError::new(Field::DisplayName, error.problem))
}

/// A password: 8 to 256 characters.
pub fn check_password(password: &str) -> Result<(), ValidationError> {
    check_length(Field::Password, password.chars().count(), PASSWORD_LENGTH)
}

/// A length within `allowed`, or the refusal of `field`.
fn check_length(field: Field, length: usize, allowed: RangeInclusive<usize>) -> Result<(), ValidationError> {
    if length < *allowed.start() {
        return Err(ValidationError::new(
            field,
            Problem::TooShort {
                min: *allowed.start(),
                found: length,
            },
        ));
    }
    if length > *allowed.end() {
        return Err(ValidationError::new(
            field,
            Problem::TooLong {
                max: *allowed.end(),
                found: length,
            },
        ));
    }
    Ok(())
}

/// The level of unit each role works over.
pub fn jurisdiction_level(role: Role) -> UnitLevel {
    match role {
        Role::CommuneOfficer => UnitLevel::Commune,
        Role::DistrictOfficer => UnitLevel::District,
        Role::ProvinceOfficer | Role::Administrator => UnitLevel::Province,
    }
}

/// Whether a unit of `level` suits `role`; the refusal names the field.
pub fn check_jurisdiction(role: Role, level: UnitLevel) -> Result<(), ValidationError> {
    let expected = jurisdiction_level(role);
    if level == expected {
        Ok(())
    } else {
        Err(ValidationError::new(
            Field::Jurisdiction,
            Problem::JurisdictionLevel { role, level: expected },
        ))
    }
}

/// A password made of `random` bytes (the caller draws them: the domain
/// makes no random numbers), one character per byte, from an alphabet
/// without look-alikes, for an administrator to read out or copy.
pub fn password_from(random: &[u8]) -> String {
    random
        .iter()
        .map(|byte| PASSWORD_ALPHABET[usize::from(*byte) % PASSWORD_ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_username_is_kept_in_lower_case_and_refused_by_its_label() {
        assert_eq!(read_username("  Can.Bo_Xa-1 ").unwrap(), "can.bo_xa-1");
        let short = read_username("ab").unwrap_err();
        assert_eq!(
            short.message(Language::Vi),
            "Tên đăng nhập: cần ít nhất 3 ký tự, đang có 2."
        );
        let accented = read_username("cán.bộ").unwrap_err();
        assert_eq!(accented.field, Field::Username);
        assert!(accented.message(Language::Vi).contains("không dấu"), "{accented}");
        assert_eq!(read_username("   ").unwrap_err().problem, Problem::Required);
        assert!(read_username(&"a".repeat(65)).is_err());
    }

    #[test]
    fn a_password_needs_eight_characters_counted_as_letters() {
        assert!(check_password("mậtkhẩu1").is_ok(), "8 letters, some accented");
        assert_eq!(
            check_password("ngắn").unwrap_err().message(Language::Vi),
            "Mật khẩu: cần ít nhất 8 ký tự, đang có 4."
        );
    }

    #[test]
    fn the_name_is_refused_under_its_own_label() {
        assert_eq!(read_display_name("  Hoàng   Thị  Lan ").unwrap(), "Hoàng Thị Lan");
        assert_eq!(
            read_display_name(" ").unwrap_err().message(Language::Vi),
            "Họ và tên: không được để trống."
        );
    }

    #[test]
    fn each_role_works_over_its_level() {
        assert!(check_jurisdiction(Role::CommuneOfficer, UnitLevel::Commune).is_ok());
        let refused = check_jurisdiction(Role::CommuneOfficer, UnitLevel::Province).unwrap_err();
        assert_eq!(
            refused.message(Language::Vi),
            "Địa bàn phụ trách: Cán bộ xã phụ trách một đơn vị cấp xã."
        );
        assert!(check_jurisdiction(Role::Administrator, UnitLevel::Province).is_ok());
    }

    #[test]
    fn a_generated_password_has_one_character_per_byte_and_no_look_alikes() {
        let password = password_from(&[0, 1, 2, 55, 56, 255, 128, 200, 17, 90, 33, 71]);
        assert_eq!(password.chars().count(), 12);
        assert!(check_password(&password).is_ok());
        assert!(!password.contains(['0', 'O', '1', 'l', 'I']));
        assert_ne!(password_from(&[1; 12]), password_from(&[2; 12]));
    }
}
