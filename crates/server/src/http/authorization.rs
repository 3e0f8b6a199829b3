//! Authorization in one place: every route states what it needs in `ROUTES`,
//! and every handler asks `authorize` with its route and the unit the request
//! concerns. The caller is derived from the token on the server, never from
//! the request body.

use super::{ApiError, AppState};
use crate::accounts::{self, Caller};
use axum::http::StatusCode;
use domain::Role;
use uuid::Uuid;

/// What a route needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone.
    Public,
    /// Anyone for the official units (province, districts, communes: public
    /// reference data); a village only for a signed-in officer whose
    /// jurisdiction holds it.
    ReferenceOrInside,
    /// Any signed-in officer.
    SignedIn,
    /// One of these roles, and the unit concerned inside the caller's jurisdiction.
    RolesInside(&'static [Role]),
}

/// A route of the API and what it needs.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const ADMINISTRATOR: &[Role] = &[Role::Administrator];
const PROVINCE: &[Role] = &[Role::ProvinceOfficer];
const OFFICERS_AND_ADMINISTRATOR: &[Role] = &[
    Role::CommuneOfficer,
    Role::DistrictOfficer,
    Role::ProvinceOfficer,
    Role::Administrator,
];

pub const HEALTH: Route = Route {
    method: "GET",
    path: "/api/health",
    access: Access::Public,
};
pub const OPENAPI: Route = Route {
    method: "GET",
    path: "/api/openapi.json",
    access: Access::Public,
};
pub const UNIT_CHILDREN: Route = Route {
    method: "GET",
    path: "/api/v1/units",
    access: Access::ReferenceOrInside,
};
pub const UNIT: Route = Route {
    method: "GET",
    path: "/api/v1/units/{unit}",
    access: Access::ReferenceOrInside,
};
pub const UNIT_HISTORY: Route = Route {
    method: "GET",
    path: "/api/v1/units/{unit}/history",
    access: Access::RolesInside(OFFICERS_AND_ADMINISTRATOR),
};
pub const UNIT_CODE: Route = Route {
    method: "PUT",
    path: "/api/v1/units/{unit}/code",
    access: Access::RolesInside(PROVINCE),
};
pub const UNITS_AWAITING: Route = Route {
    method: "GET",
    path: "/api/v1/units/awaiting-assignment",
    access: Access::RolesInside(PROVINCE),
};
pub const UNIT_PARENT: Route = Route {
    method: "PUT",
    path: "/api/v1/units/{unit}/parent",
    access: Access::RolesInside(PROVINCE),
};
pub const RULE_SETS: Route = Route {
    method: "GET",
    path: "/api/v1/rule-sets",
    access: Access::Public,
};
pub const SIGN_IN: Route = Route {
    method: "POST",
    path: "/api/v1/sessions",
    access: Access::Public,
};
pub const SIGN_OUT: Route = Route {
    method: "DELETE",
    path: "/api/v1/sessions/current",
    access: Access::SignedIn,
};
pub const ME: Route = Route {
    method: "GET",
    path: "/api/v1/me",
    access: Access::SignedIn,
};
pub const OFFICERS: Route = Route {
    method: "GET",
    path: "/api/v1/officers",
    access: Access::RolesInside(ADMINISTRATOR),
};
pub const CREATE_OFFICER: Route = Route {
    method: "POST",
    path: "/api/v1/officers",
    access: Access::RolesInside(ADMINISTRATOR),
};
pub const RESET_PASSWORD: Route = Route {
    method: "POST",
    path: "/api/v1/officers/{id}/password",
    access: Access::RolesInside(ADMINISTRATOR),
};
pub const REVOKE: Route = Route {
    method: "POST",
    path: "/api/v1/officers/{id}/revoke",
    access: Access::RolesInside(ADMINISTRATOR),
};
pub const OFFICER_HISTORY: Route = Route {
    method: "GET",
    path: "/api/v1/officers/{id}/history",
    access: Access::RolesInside(ADMINISTRATOR),
};
pub const ASSIGN: Route = Route {
    method: "PUT",
    path: "/api/v1/officers/{id}/assignment",
    access: Access::RolesInside(ADMINISTRATOR),
};
pub const SET_DISABLED: Route = Route {
    method: "PUT",
    path: "/api/v1/officers/{id}/disabled",
    access: Access::RolesInside(ADMINISTRATOR),
};

pub const SYNC_PUSH: Route = Route {
    method: "POST",
    path: "/api/v1/sync/push",
    access: Access::SignedIn,
};
pub const SYNC_PULL: Route = Route {
    method: "GET",
    path: "/api/v1/sync/pull",
    access: Access::SignedIn,
};
pub const SYNC_QUARANTINE: Route = Route {
    method: "GET",
    path: "/api/v1/sync/quarantine",
    access: Access::RolesInside(ADMINISTRATOR),
};

pub const SHEET_ROWS: Route = Route {
    method: "POST",
    path: "/api/v1/sheets/rows",
    access: Access::SignedIn,
};
pub const SHEET_WORKBOOK: Route = Route {
    method: "POST",
    path: "/api/v1/sheets/workbook",
    access: Access::SignedIn,
};
pub const REPORT_PROGRESS: Route = Route {
    method: "GET",
    path: "/api/v1/reports/progress",
    access: Access::RolesInside(OFFICERS_AND_ADMINISTRATOR),
};

/// Every route of the API. (A push is also checked mutation by mutation:
/// role and jurisdiction against each record, in `sync::rules`.)
pub const ROUTES: [Route; 25] = [
    HEALTH,
    OPENAPI,
    UNIT_CHILDREN,
    UNIT,
    UNIT_HISTORY,
    UNIT_CODE,
    UNITS_AWAITING,
    UNIT_PARENT,
    RULE_SETS,
    SIGN_IN,
    SIGN_OUT,
    ME,
    OFFICERS,
    CREATE_OFFICER,
    RESET_PASSWORD,
    REVOKE,
    OFFICER_HISTORY,
    ASSIGN,
    SET_DISABLED,
    SYNC_PUSH,
    SYNC_PULL,
    SYNC_QUARANTINE,
    REPORT_PROGRESS,
    SHEET_ROWS,
    SHEET_WORKBOOK,
];

/// The unit a request concerns.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub id: Uuid,
    /// Whether it has an official code (public reference data).
    pub official: bool,
}

/// Decides whether `caller` may take `route` for `targets` (every one must
/// pass). Answers 401 without a caller where one is needed, 403 for a wrong
/// role or a unit outside the jurisdiction.
pub async fn authorize(
    state: &AppState,
    caller: Option<&Caller>,
    route: &Route,
    targets: &[Target],
) -> Result<(), ApiError> {
    let signed_in = || {
        caller.ok_or_else(|| super::caller::unauthorized("sign_in_required", "this route needs a signed-in officer"))
    };
    match route.access {
        Access::Public => Ok(()),
        Access::SignedIn => signed_in().map(|_| ()),
        Access::ReferenceOrInside => {
            for target in targets.iter().filter(|target| !target.official) {
                inside(state, signed_in()?, target.id).await?;
            }
            Ok(())
        }
        Access::RolesInside(roles) => {
            let caller = signed_in()?;
            if !roles.contains(&caller.role) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "wrong_role",
                    format!("{} {} needs the role {}", route.method, route.path, roles_text(roles)),
                ));
            }
            for target in targets {
                inside(state, caller, target.id).await?;
            }
            Ok(())
        }
    }
}

async fn inside(state: &AppState, caller: &Caller, unit: Uuid) -> Result<(), ApiError> {
    if accounts::within(state.database.as_ref(), caller.jurisdiction, unit).await? {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "outside_jurisdiction",
            format!("unit {unit} lies outside your jurisdiction"),
        ))
    }
}

fn roles_text(roles: &[Role]) -> String {
    roles.iter().map(|role| role.as_str()).collect::<Vec<_>>().join(" or ")
}
