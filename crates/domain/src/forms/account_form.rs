//! The accounts screen's "new account" form: every field as typed, read
//! into the request the server takes, each refusal under its field.

use super::FormErrors;
use crate::account::{check_jurisdiction, check_password, read_display_name, read_username};
use crate::officer::Role;
use crate::unit_kind::UnitLevel;
use crate::validation::{Field, Problem, ValidationError};
use crate::wire::{AssignmentRequest, CreateOfficerRequest};
use uuid::Uuid;

/// A new account as the administrator fills it in. The jurisdiction is a
/// unit picked from a list (its id and level); the password is generated
/// for the administrator to hand over, or typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountForm {
    pub username: String,
    pub display_name: String,
    pub role: Option<Role>,
    pub jurisdiction: Option<(Uuid, UnitLevel)>,
    pub password: String,
}

/// A role and the unit it works over: a new account's, or an account
/// reassigned ("Phân công lại").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AssignmentForm {
    pub role: Option<Role>,
    pub jurisdiction: Option<(Uuid, UnitLevel)>,
}

impl AssignmentForm {
    /// The request, or the problems of the role and the unit.
    pub fn read(&self) -> Result<AssignmentRequest, FormErrors> {
        let mut errors = FormErrors::default();
        self.read_into(&mut errors).filter(|_| errors.is_empty()).ok_or(errors)
    }

    fn read_into(&self, errors: &mut FormErrors) -> Option<AssignmentRequest> {
        let role = errors.take(
            self.role
                .ok_or_else(|| ValidationError::new(Field::Role, Problem::Required)),
        );
        let jurisdiction = match (role, self.jurisdiction) {
            (_, None) => errors.take(Err(ValidationError::new(Field::Jurisdiction, Problem::Required))),
            (Some(role), Some((id, level))) => errors.take(check_jurisdiction(role, level).map(|()| id)),
            (None, Some((id, _))) => Some(id),
        };
        Some(AssignmentRequest {
            role: role?,
            jurisdiction: jurisdiction?.to_string(),
        })
    }
}

impl AccountForm {
    /// The request, or every problem by field.
    pub fn read(&self) -> Result<CreateOfficerRequest, FormErrors> {
        let mut errors = FormErrors::default();
        let username = errors.take(read_username(&self.username));
        let display_name = errors.take(read_display_name(&self.display_name));
        let assignment = AssignmentForm {
            role: self.role,
            jurisdiction: self.jurisdiction,
        }
        .read_into(&mut errors);
        errors.take(check_password(&self.password));
        match (username, display_name, assignment) {
            (Some(username), Some(display_name), Some(assignment)) if errors.is_empty() => Ok(CreateOfficerRequest {
                username,
                display_name,
                role: assignment.role,
                jurisdiction: assignment.jurisdiction,
                password: self.password.clone(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::Language;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn commune() -> Uuid {
        Uuid::from_u128(7)
    }

    #[test]
    fn a_filled_form_reads_into_the_request() {
        let form = AccountForm {
            username: " HoangLan ".to_owned(),
            display_name: "Hoàng Thị  Lan".to_owned(),
            role: Some(Role::CommuneOfficer),
            jurisdiction: Some((commune(), UnitLevel::Commune)),
            password: "k7Pq-m2Xr-9Ts".to_owned(),
        };
        let request = form.read().unwrap();
        assert_eq!(request.username, "hoanglan");
        assert_eq!(request.display_name, "Hoàng Thị Lan");
        assert_eq!(request.jurisdiction, commune().to_string());
    }

    #[test]
    fn an_empty_form_names_every_field_by_its_label() {
        let errors = AccountForm::default().read().unwrap_err();
        let messages: Vec<String> = errors.0.iter().map(|error| error.message(Language::Vi)).collect();
        assert_eq!(
            messages,
            [
                "Tên đăng nhập: cần nhập.",
                "Họ và tên: không được để trống.",
                "Vai trò: cần nhập.",
                "Địa bàn phụ trách: cần nhập.",
                "Mật khẩu: cần ít nhất 8 ký tự, đang có 0.",
            ]
        );
    }

    #[test]
    fn a_commune_officer_over_the_province_is_refused_at_the_jurisdiction() {
        let form = AccountForm {
            username: "lan".to_owned(),
            display_name: "Lan".to_owned(),
            role: Some(Role::CommuneOfficer),
            jurisdiction: Some((commune(), UnitLevel::Province)),
            password: "12345678".to_owned(),
        };
        let errors = form.read().unwrap_err();
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.of(Field::Jurisdiction).unwrap().field, Field::Jurisdiction);
    }

    #[test]
    fn a_reassignment_needs_a_unit_of_the_new_roles_level() {
        let province = Uuid::from_u128(20);
        let to_province = AssignmentForm {
            role: Some(Role::ProvinceOfficer),
            jurisdiction: Some((province, UnitLevel::Province)),
        };
        assert_eq!(to_province.read().unwrap().jurisdiction, province.to_string());
        let kept_commune = AssignmentForm {
            role: Some(Role::ProvinceOfficer),
            jurisdiction: Some((commune(), UnitLevel::Commune)),
        };
        assert_eq!(
            kept_commune.read().unwrap_err().0[0].message(Language::Vi),
            "Địa bàn phụ trách: Cán bộ tỉnh phụ trách một đơn vị cấp tỉnh."
        );
    }
}
