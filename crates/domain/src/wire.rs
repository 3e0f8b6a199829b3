//! The types that travel between the app and the server, as JSON.

use crate::official_code::OfficialCode;
use crate::unit_kind::UnitKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One unit as a list shows it: enough to name it, place it and count what
/// is under it, where it is in its life, its latest figures and its standing
/// against the rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSummary {
    pub id: Uuid,
    /// Its official code (kept after it ended: a code can name another unit since).
    pub code: Option<OfficialCode>,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<Uuid>,
    /// How many units in force lie directly under this one.
    pub child_count: u32,
    /// `{"state": "active", "since"}`, `"merged_into"` (with `unit_id`,
    /// `proposal_id`, `effective`), `"divided_among"`, `"dissolved"`, `"proposed"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub lifecycle: Option<crate::unit::Lifecycle>,
    /// The latest reviewed figures, when the unit has been reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<UnitFigures>,
    /// Its standing by the rule set of its latest review, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing: Option<UnitStanding>,
}

impl UnitSummary {
    /// Whether the unit is in force (not merged, divided or dissolved).
    pub fn in_force(&self) -> bool {
        !self.lifecycle.as_ref().is_some_and(crate::unit::Lifecycle::has_ended)
    }
}

/// A unit's latest reviewed figures and the review they come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitFigures {
    /// Villages only.
    pub households: Option<u32>,
    pub population: u32,
    /// In square metres.
    #[cfg_attr(feature = "openapi", schema(value_type = u64))]
    pub area: crate::measure::Area,
    pub review_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub reviewed_on: chrono::NaiveDate,
}

/// A unit's standing: the rule set that measured it, the figures compared,
/// and why, in one sentence in each language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitStanding {
    /// `meets`, `below_standard`, `below_merge_threshold` or `exempt`.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub standing: crate::rules::classification::Standing,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rule_set_id: crate::rules::RuleSetId,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub rule_set_title: crate::language::Bilingual,
    /// The review's date lies after the rule set ended and no successor
    /// was in the book: measured by the last one known.
    pub lapsed: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub comparisons: Vec<crate::rules::classification::Comparison>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub explanation: crate::language::Bilingual,
    /// The standard applied, in words ("Nghị định 185/2026/NĐ-CP: thôn ở
    /// vùng trung du và miền núi phía Bắc cần từ 150 hộ").
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub rule: crate::language::Bilingual,
    pub review_id: Uuid,
}

/// `GET /api/v1/units/{unit}/history`: what touched a unit, in date order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitHistory {
    pub unit: UnitSummary,
    pub events: Vec<UnitEvent>,
}

/// One thing that happened to a unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitEvent {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: chrono::NaiveDate,
    /// `review`, `proposal` (drafted), or `decision` (a step of a proposal).
    pub kind: String,
    /// The review's or the proposal's id.
    pub record_id: Uuid,
    /// What happened, in each language.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub summary: crate::language::Bilingual,
}

/// `PUT /api/v1/units/{unit}/code`: the province records a unit's official code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// Two to five digits, as the national list writes it (`06187`).
    pub code: String,
}

/// `PUT /api/v1/units/{unit}/parent`: the province places a village of a
/// divided commune under one of the units that received a part of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ParentRequest {
    /// The receiving unit's id.
    pub parent: Uuid,
}

/// The answer to `GET /api/v1/units?parent=…`: the parent and its children.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitChildren {
    pub parent: UnitSummary,
    pub children: Vec<UnitSummary>,
}

/// The body of every error the API answers: a stable machine-readable code
/// that the app turns into a Vietnamese message, and an English sentence that
/// names the problem for people reading logs or using the API directly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

/// What went wrong, in a form both machines and people can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorDetail {
    pub code: String,
    pub message: String,
    /// The id under which the server logged the request, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For `invalid_field`: the field refused and why, which a client says
    /// in its officer's language ("Tên đăng nhập: cần ít nhất 3 ký tự…").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub invalid: Option<crate::validation::ValidationError>,
}

/// `POST /api/v1/sessions`: signing in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
    /// The device signing in (its sync id): the session's pushes must come
    /// under it. A client that gives none is tied to the first device it
    /// pushes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<Uuid>,
}

/// An officer as the app shows them: who, in which role, over which unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerProfile {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: crate::officer::Role,
    pub jurisdiction: UnitSummary,
    /// Set when the account is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<crate::sync_meta::Timestamp>,
    /// Set when the account's unit ended in a reform and an administrator
    /// must reassign it: why, in Vietnamese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reassignment_reason: Option<String>,
}

/// The answer to a sign-in: an opaque token for the `Authorization: Bearer`
/// header, valid until `expires_at` unless revoked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInResponse {
    pub token: String,
    pub expires_at: crate::sync_meta::Timestamp,
    pub officer: OfficerProfile,
}

/// `POST /api/v1/officers`: an administrator creates an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOfficerRequest {
    pub username: String,
    pub display_name: String,
    pub role: crate::officer::Role,
    /// The unit the officer works over: an official code or a unit id.
    pub jurisdiction: String,
    pub password: String,
}

/// `POST /api/v1/officers/{id}/password`: an administrator sets a new password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordRequest {
    pub password: String,
}

/// `PUT /api/v1/officers/{id}/assignment`: a new role or jurisdiction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignmentRequest {
    pub role: crate::officer::Role,
    pub jurisdiction: String,
}

/// `PUT /api/v1/officers/{id}/disabled`: an administrator disables an
/// account (its sessions end) or enables it again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisabledRequest {
    pub disabled: bool,
}

/// `GET /api/v1/rule-sets`: every rule set known, and those in force today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleSetsResponse {
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub rule_sets: Vec<crate::rules::RuleSet>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub village_in_force: Option<crate::rules::RuleSetId>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub commune_in_force: Option<crate::rules::RuleSetId>,
}

/// `GET /api/v1/reports/progress?unit=…`: the progress of a unit's area as
/// the server computes it from the province's data (the dashboard the device
/// computes from its own, by the same domain function).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressResponse {
    pub unit_id: Uuid,
    pub name: String,
    /// The day the figures are for (the server's today, in Vietnam).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub on: chrono::NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub dashboard: crate::progress::Dashboard,
}
