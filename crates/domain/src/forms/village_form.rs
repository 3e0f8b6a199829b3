//! A new village: its kind and name, under a commune.

use super::FormErrors;
use crate::sync_meta::{OfficerId, SyncMeta, Timestamp};
use crate::unit::{Lifecycle, Unit, UnitAttributes};
use crate::unit_kind::{UnitKind, UnitLevel};
use crate::unit_name::UnitName;
use crate::validation::{Field, Problem, ValidationError};
use uuid::Uuid;

/// The new-village form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewVillageForm {
    /// "Nà Pàn" or "Thôn Nà Pàn": the kind is written before it when missing.
    pub name: String,
    pub kind: Option<UnitKind>,
    /// The names of the commune's villages in force: a new one may not repeat one.
    pub existing_names: Vec<String>,
}

/// The official name: the kind's word, then the name typed, unless the
/// officer wrote the kind already ("Nà Pàn" → "Thôn Nà Pàn").
pub fn village_name(kind: UnitKind, typed: &str) -> Result<UnitName, ValidationError> {
    let typed = typed.trim();
    let prefix = kind.vietnamese();
    let written = typed
        .get(..prefix.len())
        .is_some_and(|start| start.to_lowercase() == prefix.to_lowercase())
        && typed[prefix.len()..].starts_with(' ');
    if typed.is_empty() || written {
        UnitName::parse(typed)
    } else {
        UnitName::parse(&format!("{prefix} {typed}"))
    }
}

/// The warning for a village name, as typed with its kind, that is like one
/// of `others` of the commune but for tone marks, case or the kind's word.
fn similar_name(
    kind: Option<UnitKind>,
    typed: &str,
    others: &[String],
    commune_name: &str,
) -> Option<crate::language::Bilingual> {
    let name = village_name(kind.unwrap_or(UnitKind::Village), typed).ok()?;
    crate::unit_name::similar_sibling(name.as_str(), others.iter().map(String::as_str))
        .map(|sibling| crate::unit_name::similar_name_warning(sibling, commune_name))
}

/// The kind chosen, which must be one of a village.
fn village_kind(kind: Option<UnitKind>, name: &str) -> Result<UnitKind, ValidationError> {
    match kind {
        Some(kind) if kind.level() == UnitLevel::Village => Ok(kind),
        Some(_) => Err(ValidationError::new(
            Field::Kind,
            Problem::WrongLevel { unit: name.to_owned() },
        )),
        None => Err(ValidationError::new(Field::Kind, Problem::Required)),
    }
}

impl NewVillageForm {
    /// The kinds of village the form offers, in the order it offers them.
    pub const KINDS: [UnitKind; 4] = [
        UnitKind::Village,
        UnitKind::Hamlet,
        UnitKind::UrbanQuarter,
        UnitKind::ResidentialGroup,
    ];

    /// A warning when the name is like another village's of the commune but
    /// for tone marks, case or the kind's word (not a refusal).
    pub fn similar_name(&self, commune_name: &str) -> Option<crate::language::Bilingual> {
        similar_name(self.kind, &self.name, &self.existing_names, commune_name)
    }

    /// The village, or every problem: a name, and a kind of the village level.
    pub fn read(&self, id: Uuid, commune: &Unit, by: OfficerId, at: Timestamp) -> Result<Unit, FormErrors> {
        let mut errors = FormErrors::default();
        if commune.level() != UnitLevel::Commune {
            errors.push(ValidationError::new(
                Field::Parent,
                Problem::WrongLevel {
                    unit: commune.name.as_str().to_owned(),
                },
            ));
        }
        let kind = errors.take(village_kind(self.kind, &self.name));
        let name = errors.take(village_name(kind.unwrap_or(UnitKind::Village), &self.name));
        if let Some(name) = &name {
            errors.take(crate::unit_name::check_unique_among(
                name.as_str(),
                self.existing_names.iter().map(String::as_str),
                commune.name.as_str(),
            ));
        }
        match (kind, name) {
            (Some(kind), Some(name)) if errors.is_empty() => Ok(Unit {
                id,
                code: None,
                name,
                kind,
                parent_id: Some(commune.id),
                lifecycle: Lifecycle::Active { since: None },
                attributes: UnitAttributes::default(),
                meta: SyncMeta::created(at, by),
            }),
            _ => Err(errors),
        }
    }
}

/// A village corrected: its kind and name, the rest kept (its place, its
/// life, its bookkeeping). The name may not repeat another village in force
/// of the commune (without diacritics' case and the kind's word).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditVillageForm {
    pub name: String,
    pub kind: Option<UnitKind>,
    /// The names of the commune's other villages in force.
    pub other_names: Vec<String>,
    /// The commune's name, for the message.
    pub commune_name: String,
}

impl EditVillageForm {
    /// The form filled with the village as it is.
    pub fn of(village: &Unit, other_names: Vec<String>, commune_name: String) -> Self {
        Self {
            name: village.name.as_str().to_owned(),
            kind: Some(village.kind),
            other_names,
            commune_name,
        }
    }

    /// A warning when the new name is like another village's of the commune
    /// but for tone marks, case or the kind's word (not a refusal).
    pub fn similar_name(&self) -> Option<crate::language::Bilingual> {
        similar_name(self.kind, &self.name, &self.other_names, &self.commune_name)
    }

    /// The village with its new kind and name, or every problem.
    pub fn read(&self, village: &Unit) -> Result<Unit, FormErrors> {
        let mut errors = FormErrors::default();
        if !village.is_active() {
            errors.push(ValidationError::new(
                Field::Name,
                Problem::WrongLevel {
                    unit: village.name.as_str().to_owned(),
                },
            ));
        }
        let kind = errors.take(village_kind(self.kind, &self.name));
        let name = errors.take(village_name(kind.unwrap_or(village.kind), &self.name));
        if let Some(name) = &name {
            errors.take(crate::unit_name::check_unique_among(
                name.as_str(),
                self.other_names.iter().map(String::as_str),
                &self.commune_name,
            ));
        }
        match (kind, name) {
            (Some(kind), Some(name)) if errors.is_empty() => Ok(Unit {
                name,
                kind,
                ..village.clone()
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_name_the_commune_has_already_is_refused() {
        let commune = Unit {
            id: Uuid::from_u128(1),
            code: None,
            name: UnitName::parse("Xã Hoàng Văn Thụ").unwrap(),
            kind: UnitKind::Commune,
            parent_id: None,
            lifecycle: Lifecycle::Active { since: None },
            attributes: UnitAttributes::default(),
            meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
        };
        let form = NewVillageForm {
            name: "nà  lẹng".to_owned(),
            kind: Some(UnitKind::Village),
            existing_names: vec!["Thôn Nà Lẹng".to_owned(), "Thôn Khòn Pảng".to_owned()],
        };
        let errors = form
            .read(Uuid::from_u128(2), &commune, OfficerId(Uuid::nil()), Timestamp(0))
            .unwrap_err();
        assert_eq!(
            errors.of(Field::Name).unwrap().message(crate::Language::Vi),
            "Tên: Xã Hoàng Văn Thụ đã có Thôn Nà Lẹng; hãy đặt tên khác hoặc sửa thôn đã có."
        );
        let other = NewVillageForm {
            name: "Nà Leng".to_owned(),
            ..form
        };
        assert!(
            other
                .read(Uuid::from_u128(2), &commune, OfficerId(Uuid::nil()), Timestamp(0))
                .is_ok(),
            "another tone mark, another name"
        );
        assert_eq!(
            other.similar_name("Xã Đoàn Kết").map(|warning| warning.vi),
            Some(
                "Xã Đoàn Kết đã có Thôn Nà Lẹng, gần giống tên này. Nếu là cùng một thôn, hãy sửa thôn đã có thay vì thêm mới."
                    .to_owned()
            ),
            "but it is warned"
        );
    }

    #[test]
    fn a_village_is_renamed_and_its_kind_corrected_keeping_the_rest() {
        let village = Unit {
            id: Uuid::from_u128(2),
            code: None,
            name: UnitName::parse("Thôn Khuổi Lương").unwrap(),
            kind: UnitKind::Village,
            parent_id: Some(Uuid::from_u128(1)),
            lifecycle: Lifecycle::Active { since: None },
            attributes: UnitAttributes {
                mountainous: true,
                ..UnitAttributes::default()
            },
            meta: SyncMeta::created(Timestamp(5), OfficerId(Uuid::nil())),
        };
        let others = vec!["Thôn Nà Pàn".to_owned()];
        let mut form = EditVillageForm::of(&village, others, "Xã Đoàn Kết".to_owned());
        assert_eq!(form.name, "Thôn Khuổi Lương");
        form.name = "Khuổi Luông".to_owned();
        form.kind = Some(UnitKind::Hamlet);
        let edited = form.read(&village).unwrap();
        assert_eq!(edited.name.as_str(), "Bản Khuổi Luông");
        assert_eq!(edited.kind, UnitKind::Hamlet);
        assert_eq!(
            (edited.id, edited.parent_id, edited.attributes, edited.meta.clone()),
            (
                village.id,
                village.parent_id,
                village.attributes.clone(),
                village.meta.clone()
            )
        );
        form.name = "thôn nà pàn".to_owned();
        form.kind = Some(UnitKind::Village);
        assert_eq!(
            form.read(&village)
                .unwrap_err()
                .of(Field::Name)
                .unwrap()
                .message(crate::Language::Vi),
            "Tên: Xã Đoàn Kết đã có Thôn Nà Pàn; hãy đặt tên khác hoặc sửa thôn đã có."
        );
    }

    #[test]
    fn the_kind_is_written_before_the_name_once() {
        let name = |kind, typed| village_name(kind, typed).map(|name| name.as_str().to_owned());
        assert_eq!(name(UnitKind::Village, " Nà  Pàn ").unwrap(), "Thôn Nà Pàn");
        assert_eq!(name(UnitKind::Village, "thôn Nà Pàn").unwrap(), "thôn Nà Pàn");
        assert_eq!(name(UnitKind::Hamlet, "Bản Chắt").unwrap(), "Bản Chắt");
        assert_eq!(name(UnitKind::Hamlet, "Bảng").unwrap(), "Bản Bảng");
        assert_eq!(
            name(UnitKind::Village, "  ").unwrap_err(),
            ValidationError::new(Field::Name, Problem::Empty)
        );
    }
}
