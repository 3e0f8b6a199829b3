//! The types that travel between the app and the server, as JSON.

use crate::official_code::OfficialCode;
use crate::unit_kind::UnitKind;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One unit as a list shows it: enough to name it, place it and count what is under it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub id: Uuid,
    pub code: Option<OfficialCode>,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<Uuid>,
    /// How many units lie directly under this one.
    pub child_count: u32,
}

/// The answer to `GET /api/v1/units?parent=…`: the parent and its children.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitChildren {
    pub parent: UnitSummary,
    pub children: Vec<UnitSummary>,
}

/// The body of every error the API answers: a stable machine-readable code
/// that the app turns into a Vietnamese message, and an English sentence that
/// names the problem for people reading logs or using the API directly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

/// What went wrong, in a form both machines and people can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorDetail {
    pub code: String,
    pub message: String,
    /// The id under which the server logged the request, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
