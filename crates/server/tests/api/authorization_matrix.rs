//! Every route × every role × a unit inside or outside the caller's
//! jurisdiction, against an expectation written here by hand (not derived
//! from the server's own route table, which it would then merely repeat).

use crate::helpers::{ADMIN_PASSWORD, Backend, PASSWORD, TestApp, spawn_app};
use domain::{Lifecycle, OfficerId, OfficialCode, Role, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitName};
use reqwest::Method;
use server::http::authorization::ROUTES;
use uuid::Uuid;

crate::on_both_backends!(authorization_matrix: every_route_every_role_inside_and_outside);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Commune,
    District,
    Province,
    Administrator,
}

const EVERYONE: [Who; 5] = [
    Who::Anonymous,
    Who::Commune,
    Who::District,
    Who::Province,
    Who::Administrator,
];

/// What one caller reaches: units and accounts inside and outside their jurisdiction.
struct Targets {
    village: [Uuid; 2],
    commune: [String; 2],
    officer: [Uuid; 2],
    jurisdiction: [&'static str; 2],
}

fn unit(id: Uuid, code: Option<&str>, name: &str, kind: UnitKind, parent: Option<Uuid>) -> Unit {
    Unit {
        id,
        code: code.map(|code| OfficialCode::parse(code).unwrap()),
        name: UnitName::parse(name).unwrap(),
        kind,
        parent_id: parent,
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes::default(),
        meta: SyncMeta::created(Timestamp(0), OfficerId(Uuid::nil())),
    }
}

/// Lạng Sơn (loaded at start) plus another province, a village in each of
/// three communes, and an officer in each.
async fn world(app: &TestApp) -> (Uuid, Uuid, Uuid, Uuid, Uuid, Uuid) {
    let code_id = |code: &str| domain::reference_unit_id(&OfficialCode::parse(code).unwrap());
    let other_province = code_id("99");
    let other_district = code_id("998");
    let other_commune = code_id("99998");
    for other in [
        unit(other_province, Some("99"), "Tỉnh Khác", UnitKind::Province, None),
        unit(
            other_district,
            Some("998"),
            "Huyện Khác",
            UnitKind::District,
            Some(other_province),
        ),
        unit(
            other_commune,
            Some("99998"),
            "Xã Khác",
            UnitKind::Commune,
            Some(other_district),
        ),
    ] {
        server::sync::unit_edits::place_unit(&app.database, &other, Timestamp(0))
            .await
            .unwrap();
    }
    // 05971 lies in Thành phố Lạng Sơn (178); 06049 (Xã Kháng Chiến) in Huyện Tràng Định (180).
    let village_in = Uuid::now_v7();
    let village_next_district = Uuid::now_v7();
    let village_far = Uuid::now_v7();
    for (id, name, commune) in [
        (village_in, "Khối 1", code_id("05971")),
        (village_next_district, "Thôn Nà Pàn", code_id("06049")),
        (village_far, "Thôn Xa", other_commune),
    ] {
        let village = unit(id, None, name, UnitKind::Village, Some(commune));
        server::sync::unit_edits::place_unit(&app.database, &village, Timestamp(0))
            .await
            .unwrap();
    }
    let officer_in = app.create_officer("target.in", Role::CommuneOfficer, "05971").await;
    let officer_far = app.create_officer("target.far", Role::CommuneOfficer, "99998").await;
    app.create_officer("who.commune", Role::CommuneOfficer, "05971").await;
    app.create_officer("who.district", Role::DistrictOfficer, "178").await;
    app.create_officer("who.province", Role::ProvinceOfficer, "20").await;
    (
        village_in,
        village_next_district,
        village_far,
        officer_in,
        officer_far,
        other_commune,
    )
}

/// The expected status of a route for a caller, inside or outside their jurisdiction.
fn expected(method: &str, path: &str, who: Who, inside: bool) -> u16 {
    let anonymous = who == Who::Anonymous;
    let admin = who == Who::Administrator;
    let place = |ok: u16| if inside { ok } else { 403 };
    match (method, path) {
        ("GET", "/api/health" | "/api/openapi.json" | "/api/v1/rule-sets") => 200,
        ("POST", "/api/v1/sessions") => 201,
        // Any officer may have a workbook read (an empty body is no workbook) or written.
        ("POST", "/api/v1/sheets/rows") => {
            if anonymous {
                401
            } else {
                400
            }
        }
        ("POST", "/api/v1/sheets/workbook") => {
            if anonymous {
                401
            } else {
                200
            }
        }
        (
            "GET",
            "/api/v1/units" | "/api/v1/units/{unit}" | "/api/v1/units/{unit}/history" | "/api/v1/reports/progress",
        ) => {
            if anonymous {
                401
            } else {
                place(200)
            }
        }
        // Only the province records an official code.
        ("PUT", "/api/v1/units/{unit}/code") => match who {
            Who::Anonymous => 401,
            Who::Province => place(200),
            _ => 403,
        },
        // Only the province places the villages of a divided commune; a
        // village that is not waiting is refused by the domain, not the role.
        ("GET", "/api/v1/units/awaiting-assignment") => match who {
            Who::Anonymous => 401,
            Who::Province => 200,
            _ => 403,
        },
        ("PUT", "/api/v1/units/{unit}/parent") => match who {
            Who::Anonymous => 401,
            Who::Province => place(409),
            _ => 403,
        },
        ("DELETE", "/api/v1/sessions/current") => {
            if anonymous {
                401
            } else {
                204
            }
        }
        // Signed in is enough for the route; each pushed mutation is then
        // checked against its record (the sync tests show that).
        ("POST", "/api/v1/sync/push") | ("GET", "/api/v1/sync/pull") => {
            if anonymous {
                401
            } else {
                200
            }
        }
        ("GET", "/api/v1/sync/quarantine") => match (anonymous, admin) {
            (true, _) => 401,
            (false, false) => 403,
            (false, true) => 200,
        },
        ("GET", "/api/v1/me") => {
            if anonymous {
                401
            } else {
                200
            }
        }
        ("GET", "/api/v1/officers") => match (anonymous, admin) {
            (true, _) => 401,
            (false, false) => 403,
            (false, true) => 200,
        },
        (
            _,
            "/api/v1/officers"
            | "/api/v1/officers/{id}/password"
            | "/api/v1/officers/{id}/revoke"
            | "/api/v1/officers/{id}/history"
            | "/api/v1/officers/{id}/assignment"
            | "/api/v1/officers/{id}/disabled",
        ) => {
            let ok = match path {
                "/api/v1/officers" => 201,
                "/api/v1/officers/{id}/password" => 204,
                _ => 200,
            };
            match (anonymous, admin) {
                (true, _) => 401,
                (false, false) => 403,
                (false, true) => place(ok),
            }
        }
        other => panic!("no expectation written for {other:?}: write one when adding a route"),
    }
}

pub async fn every_route_every_role_inside_and_outside(backend: Backend) {
    let app = spawn_app(backend).await;
    let (village_in, village_next_district, village_far, officer_in, officer_far, _other_commune) = world(&app).await;
    let targets = |who: Who| -> Targets {
        // Outside: for commune and district officers, a village of another
        // district; for the province and its administrator, another province.
        let (village_out, commune_out) = match who {
            Who::Commune | Who::District | Who::Anonymous => (village_next_district, "06049".to_owned()),
            Who::Province | Who::Administrator => (village_far, "99998".to_owned()),
        };
        Targets {
            village: [village_in, village_out],
            commune: ["05971".to_owned(), commune_out],
            officer: [officer_in, officer_far],
            jurisdiction: ["05974", "99998"],
        }
    };
    let mut checked = 0;
    let mut counter = 0;
    for route in ROUTES {
        for who in EVERYONE {
            for inside in [true, false] {
                counter += 1;
                let targets = targets(who);
                let at = usize::from(!inside);
                let mut path = route
                    .path
                    .replace("{unit}", &targets.village[at].to_string())
                    .replace("{id}", &targets.officer[at].to_string());
                if route.path == "/api/v1/units" {
                    path = format!("{path}?parent={}", targets.commune[at]);
                }
                if route.path == "/api/v1/reports/progress" {
                    path = format!("{path}?unit={}", targets.village[at]);
                }
                let mut request = app
                    .client
                    .request(Method::from_bytes(route.method.as_bytes()).unwrap(), app.url(&path));
                request = match (route.method, route.path) {
                    ("POST", "/api/v1/sessions") => {
                        request.json(&serde_json::json!({ "username": "target.in", "password": PASSWORD }))
                    }
                    ("POST", "/api/v1/officers") => request.json(&serde_json::json!({
                        "username": format!("new.officer.{counter}"),
                        "display_name": "Cán bộ mới",
                        "role": "commune_officer",
                        "jurisdiction": targets.jurisdiction[at],
                        "password": "mật khẩu mới",
                    })),
                    ("POST", "/api/v1/sheets/workbook") => request
                        .json(&serde_json::json!({ "title": "Danh sách", "header": ["Tên"], "rows": [["Thôn A"]] })),
                    ("POST", "/api/v1/sync/push") => {
                        request.json(&serde_json::json!({ "device_id": Uuid::now_v7(), "mutations": [] }))
                    }
                    ("POST", "/api/v1/officers/{id}/password") => {
                        request.json(&serde_json::json!({ "password": "mật khẩu mới" }))
                    }
                    // A code of its own each time: a code is unique among the units in force.
                    ("PUT", "/api/v1/units/{unit}/code") => {
                        request.json(&serde_json::json!({ "code": format!("{}", 90_000 + counter) }))
                    }
                    ("PUT", "/api/v1/units/{unit}/parent") => {
                        request.json(&serde_json::json!({ "parent": targets.village[at] }))
                    }
                    // Enabled (a no-op on an active account): other routes sign in as the target.
                    ("PUT", "/api/v1/officers/{id}/disabled") => {
                        request.json(&serde_json::json!({ "disabled": false }))
                    }
                    ("PUT", "/api/v1/officers/{id}/assignment") => request.json(&serde_json::json!({
                        "role": "commune_officer",
                        "jurisdiction": targets.jurisdiction[at],
                    })),
                    _ => request,
                };
                // A fresh session per request: some routes end sessions.
                let username = match who {
                    Who::Anonymous => None,
                    Who::Commune => Some(("who.commune", PASSWORD)),
                    Who::District => Some(("who.district", PASSWORD)),
                    Who::Province => Some(("who.province", PASSWORD)),
                    Who::Administrator => Some(("admin", ADMIN_PASSWORD)),
                };
                if let Some((username, password)) = username {
                    request = request.bearer_auth(app.sign_in(username, password).await);
                }
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                let want = expected(route.method, route.path, who, inside);
                let body = response.text().await.unwrap_or_default();
                assert_eq!(
                    status, want,
                    "{} {} as {who:?}, inside: {inside}: {body}",
                    route.method, route.path
                );
                if status == 403 || status == 401 {
                    assert!(body.contains("\"code\""), "a refusal names its reason: {body}");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, ROUTES.len() * 10);
}
