//! Resolving a conflict the server reported: the officer's chosen value goes
//! into the record's field, saved with an outbox entry that names the
//! conflict it resolves (the resolution is itself a mutation).

use crate::clock::now;
use crate::store::{Review, Store, SyncedRecord};
use domain::OfficerId;
use domain::sync::RecordType;
use domain::sync::protocol::Conflict;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What a record's field is called on the conflicts page.
pub fn field_label(field: &str) -> String {
    let label = match field {
        "name" => "Tên",
        "kind" => "Loại đơn vị",
        "parent_id" => "Đơn vị cấp trên",
        "households" => "Số hộ",
        "population" => "Số nhân khẩu",
        "area" => "Diện tích (m²)",
        "non_professional_workers" => "Người hoạt động không chuyên trách",
        "ethnic_minority_percent" => "Tỷ lệ dân tộc thiểu số (%)",
        "special_status" => "Yếu tố đặc thù",
        "location" => "Vị trí",
        "reviewed_on" => "Ngày rà soát",
        "notes" => "Ghi chú",
        "cadres" => "Cán bộ",
        "civil_servants" => "Công chức",
        "category" => "Phân loại",
        "lifecycle" => "Tình trạng",
        "attributes" => "Thuộc tính",
        "border_commune" => "Xã biên giới",
        "mountainous" => "Miền núi",
        "consultations" => "Lấy ý kiến cử tri",
        "sources" => "Đơn vị sắp xếp",
        "action" => "Nội dung sắp xếp",
        other => other,
    };
    label.to_owned()
}

/// A value as the officer reads it: text without quotes, yes/no in words,
/// the parts of a compound value each with its label.
pub fn value_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "(trống)".to_owned(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(true)) => "có".to_owned(),
        Some(Value::Bool(false)) => "không".to_owned(),
        Some(Value::Object(parts)) => parts
            .iter()
            .map(|(name, part)| format!("{}: {}", field_label(name), value_text(Some(part))))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

/// A value as the edit box starts from: text as it is, anything else as JSON.
pub fn edit_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// Reads what the officer typed as a value of the same shape as `like`.
pub fn typed_value(text: &str, like: Option<&Value>) -> Value {
    match like {
        Some(Value::String(_)) | None | Some(Value::Null) => Value::String(text.trim().to_owned()),
        Some(_) => serde_json::from_str(text.trim()).unwrap_or_else(|_| Value::String(text.trim().to_owned())),
    }
}

fn with_field<R: Serialize + DeserializeOwned>(record: &R, field: &str, value: Value) -> Result<R, String> {
    let mut json = serde_json::to_value(record).map_err(|error| error.to_string())?;
    let Some(object) = json.as_object_mut() else {
        return Err("Bản ghi không đọc được.".to_owned());
    };
    object.insert(field.to_owned(), value);
    serde_json::from_value(json).map_err(|_| "Giá trị không hợp lệ cho ô này; hãy kiểm tra lại.".to_owned())
}

/// A store failure as the officer reads it.
fn said(error: crate::store::StoreError) -> String {
    error.message(crate::i18n::current())
}

/// Saves the record with the chosen value; its stored standing stays.
async fn save<R: SyncedRecord>(store: &Store, record: &R, by: OfficerId, conflict: &Conflict) -> Result<(), String> {
    store
        .save_resolving(record, by, now(), None, &[conflict.id])
        .await
        .map(|_| ())
        .map_err(said)
}

/// Puts `value` into the conflicted field and queues the resolution.
pub async fn resolve(store: &Store, conflict: &Conflict, value: Value, by: OfficerId) -> Result<(), String> {
    let missing = || "Bản ghi không còn trên máy; hãy đồng bộ.".to_owned();
    let field = conflict.values.field.as_str();
    match conflict.record_type {
        RecordType::Unit => {
            let entry = store
                .unit(conflict.record_id)
                .await
                .map_err(said)?
                .ok_or_else(missing)?;
            save(store, &with_field(&entry.unit, field, value)?, by, conflict).await
        }
        RecordType::VillageReview | RecordType::CommuneReview => {
            let review = store
                .review(conflict.record_id)
                .await
                .map_err(said)?
                .ok_or_else(missing)?;
            let review: Review = with_field(&review, field, value)?;
            save(store, &review, by, conflict).await?;
            store.derive_standing(review.unit_id()).await.map(|_| ()).map_err(said)
        }
        RecordType::Proposal => {
            let proposal = store
                .proposal(conflict.record_id)
                .await
                .map_err(said)?
                .ok_or_else(missing)?;
            save(store, &with_field(&proposal, field, value)?, by, conflict).await
        }
        RecordType::RuleSet => Err("Bộ tiêu chuẩn do tỉnh quản lý; không sửa trên máy.".to_owned()),
        RecordType::TargetReport => {
            let report = store
                .target_report(conflict.record_id)
                .await
                .map_err(said)?
                .ok_or_else(missing)?;
            save(store, &with_field(&report, field, value)?, by, conflict).await
        }
    }
}
