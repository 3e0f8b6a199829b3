//! The 2025 reform carried out by the server at start on a database made
//! with the 2024 list (a server that ran before 1/7/2025): 65 units directly
//! under the province, the districts ended, every village kept and placed
//! (those of a divided commune waiting), and a second start changing nothing.

use crate::helpers::{Backend, spawn_app_before_reform};
use crate::procedure_support::*;
use domain::sync::RecordType;
use domain::wire::{UnitChildren, UnitSummary};
use domain::{Lifecycle, Role, UnitKind, UnitLevel};
use server::reference_data::{lang_son_2024, reform_2025};
use server::startup;
use server::sync::procedure::{ReformOutcome, carry_out_reform};

crate::on_both_backends!(reform:
    the_reform_leaves_65_units_under_the_province_and_keeps_every_village,
);

/// Xã Khánh Long, merged whole into Xã Đoàn Kết (06001).
const WHOLE: &str = "05998";
/// Xã Bính Xá, divided between Xã Đình Lập and Xã Kiên Mộc.
const DIVIDED: &str = "06622";

/// An answer's body, which must be a 200.
async fn json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> T {
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub async fn the_reform_leaves_65_units_under_the_province_and_keeps_every_village(backend: Backend) {
    // The server ran in June 2025, on the 2024 tree.
    let app = spawn_app_before_reform(backend).await;
    let reform = reform_2025::lang_son_2025(&lang_son_2024().unwrap()).unwrap();

    // Villages recorded before the reform, with their reviews.
    let mut whole_officer = Tablet::new(&app, "can.bo.khanh.long", Role::CommuneOfficer, WHOLE).await;
    let mut divided_officer = Tablet::new(&app, "can.bo.binh.xa", Role::CommuneOfficer, DIVIDED).await;
    let mut placed = Vec::new();
    for (officer, commune, name) in [
        (&mut whole_officer, WHOLE, "Thôn Nà Pàn"),
        (&mut divided_officer, DIVIDED, "Thôn Khe Mò"),
    ] {
        let by = officer.officer();
        let village = new_unit(name, UnitKind::Village, code(commune), by);
        officer.save_ok(&app, RecordType::Unit, village.id, &village).await;
        let review = village_review(village.id, 120, 480, 30, today(), by);
        officer
            .save_ok(&app, RecordType::VillageReview, review.id, &review)
            .await;
        placed.push((village.id, review.id));
    }

    let district_officer = app
        .create_officer("can.bo.trang.dinh", Role::DistrictOfficer, "180")
        .await;
    let before: UnitChildren = json(app.get("/api/v1/units?parent=20").await).await;
    assert_eq!(before.children.len(), 11, "before 1/7/2025: the districts");

    // It starts again today: the reform is carried out at start, once.
    let now = server::db::now();
    app.clock.set(now);
    startup::prepare(&app.database, None, &app.clock).await.unwrap();
    let done = carry_out_reform(&app.database, &reform, now).await.unwrap();
    assert_eq!(done, ReformOutcome::AlreadyDone, "carried out by the start");

    let province = code("20");
    let listed: UnitChildren = json(app.get(&format!("/api/v1/units?parent={province}")).await).await;
    assert_eq!(listed.children.len(), 65, "the units directly under the province today");
    let count = |kind| listed.children.iter().filter(|unit| unit.kind == kind).count();
    assert_eq!((count(UnitKind::Commune), count(UnitKind::Ward)), (61, 4));
    let named = |code: &str| -> &UnitSummary {
        listed
            .children
            .iter()
            .find(|unit| unit.code.as_ref().is_some_and(|held| held.as_str() == code))
            .unwrap_or_else(|| panic!("{code} is listed"))
    };
    assert_eq!(named("06187").name, "Phường Kỳ Lừa");
    assert_eq!(named("06172").name, "Xã Hoàng Văn Thụ");
    assert!(
        matches!(named("06187").lifecycle, Some(Lifecycle::Active { since: Some(since) }) if since == date("2025-07-01"))
    );
    // A code names the unit in force.
    let by_code: UnitSummary = json(app.get("/api/v1/units/06187").await).await;
    assert_eq!(by_code.name, "Phường Kỳ Lừa");

    let with_ended: UnitChildren = json(app.get(&format!("/api/v1/units?parent={province}&include=ended")).await).await;
    let districts: Vec<&UnitSummary> = with_ended
        .children
        .iter()
        .filter(|unit| unit.kind.level() == UnitLevel::District)
        .collect();
    assert_eq!(districts.len(), 11);
    for district in &districts {
        assert!(
            matches!(district.lifecycle, Some(Lifecycle::Dissolved { effective, .. }) if effective == date("2025-07-01")),
            "{}: {:?}",
            district.name,
            district.lifecycle
        );
    }

    // The village of a commune merged whole moved, with its review.
    let province_officer = Tablet::new(&app, "can.bo.tinh", Role::ProvinceOfficer, "20").await;
    let doan_ket = named("06001").id;
    let moved = province_officer.unit(&app, placed[0].0).await;
    assert_eq!(moved.parent_id, Some(doan_ket), "Nà Pàn now lies in Xã Đoàn Kết");
    assert_eq!(moved.figures.as_ref().and_then(|figures| figures.households), Some(120));
    let khanh_long = province_officer.unit(&app, code(WHOLE)).await;
    assert!(matches!(khanh_long.lifecycle, Some(Lifecycle::MergedInto { unit_id, .. }) if unit_id == doan_ket));
    // The village of the divided commune stays, waiting to be placed.
    let waiting = province_officer.unit(&app, placed[1].0).await;
    assert_eq!(waiting.parent_id, Some(code(DIVIDED)));
    let binh_xa = province_officer.unit(&app, code(DIVIDED)).await;
    let Some(Lifecycle::DividedAmong { unit_ids, .. }) = &binh_xa.lifecycle else {
        panic!("Bính Xá is divided: {:?}", binh_xa.lifecycle)
    };
    assert_eq!(unit_ids, &vec![named("06613").id, named("06625").id]);

    // "Chờ phân về xã mới": the province places it under one of the receivers.
    let province_token = &province_officer.device.token;
    let listed: Vec<UnitChildren> = json(app.get_as(province_token, "/api/v1/units/awaiting-assignment").await).await;
    assert_eq!(listed.len(), 1, "only Bính Xá has villages left");
    assert_eq!(listed[0].parent.id, code(DIVIDED));
    assert_eq!(listed[0].children.len(), 1);
    assert_eq!(listed[0].children[0].id, placed[1].0);
    // The accounts followed: Khánh Long's officer is now Đoàn Kết's (and says
    // so in the account's history); Bính Xá's and the district's wait for an
    // administrator and are told why at sign-in.
    let commune_token = app.sign_in("can.bo.khanh.long", crate::helpers::PASSWORD).await;
    let me: serde_json::Value = app.get_as(&commune_token, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["jurisdiction"]["name"], "Xã Đoàn Kết", "{me}");
    let admin = app.sign_in("admin", crate::helpers::ADMIN_PASSWORD).await;
    let history: serde_json::Value = app
        .get_as(
            &admin,
            &format!("/api/v1/officers/{}/history", whole_officer.officer().0),
        )
        .await
        .json()
        .await
        .unwrap();
    let lines = history
        .as_array()
        .expect("the account's history, as the administrator reads it");
    assert_eq!(lines.len(), 1, "{history}");
    assert_eq!(
        lines[0]["summary"],
        "Chuyển theo đơn vị: Xã Khánh Long được sáp nhập vào Xã Đoàn Kết từ ngày 01/07/2025."
    );
    for (username, why) in [
        (
            "can.bo.binh.xa",
            "Xã Bính Xá đã được chia về Xã Đình Lập, Xã Kiên Mộc từ ngày 01/07/2025.",
        ),
        (
            "can.bo.trang.dinh",
            "Huyện Tràng Định đã kết thúc hoạt động từ ngày 01/07/2025.",
        ),
    ] {
        let answer = app.sign_in_response(username, crate::helpers::PASSWORD).await;
        assert_eq!(answer.status(), 403, "{username}");
        let body: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(body["error"]["code"], "awaiting_reassignment");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(why), "{message}");
        assert!(message.contains("Quản trị viên cần phân công lại"), "{message}");
    }
    let admin = app.sign_in("admin", crate::helpers::ADMIN_PASSWORD).await;
    let listed: Vec<serde_json::Value> = app.get_as(&admin, "/api/v1/officers").await.json().await.unwrap();
    let waiting: Vec<&str> = listed
        .iter()
        .filter(|officer| officer["reassignment_reason"].is_string())
        .map(|officer| officer["username"].as_str().unwrap())
        .collect();
    assert_eq!(
        waiting,
        vec!["can.bo.binh.xa", "can.bo.trang.dinh"],
        "listed for the administrator"
    );
    // Reassigned, the district's officer signs in again.
    let assigned = app
        .client
        .put(app.url(&format!("/api/v1/officers/{district_officer}/assignment")))
        .bearer_auth(&admin)
        .json(&serde_json::json!({ "role": "commune_officer", "jurisdiction": "06001" }))
        .send()
        .await
        .unwrap();
    assert_eq!(assigned.status(), 200, "{}", assigned.text().await.unwrap());
    app.sign_in("can.bo.trang.dinh", crate::helpers::PASSWORD).await;

    let refused = app.get_as(&commune_token, "/api/v1/units/awaiting-assignment").await;
    assert_eq!(refused.status(), 403, "the province places villages");
    let place = |parent: uuid::Uuid| {
        app.client
            .put(app.url(&format!("/api/v1/units/{}/parent", placed[1].0)))
            .bearer_auth(province_token)
            .json(&serde_json::json!({ "parent": parent }))
            .send()
    };
    let wrong = place(doan_ket).await.unwrap();
    assert_eq!(wrong.status(), 409, "Đoàn Kết received no part of Bính Xá");
    let body = wrong.text().await.unwrap();
    assert!(body.contains("not_a_receiver"), "{body}");
    let kien_moc = named("06625").id;
    let done = place(kien_moc).await.unwrap();
    assert_eq!(done.status(), 200);
    let now_placed = province_officer.unit(&app, placed[1].0).await;
    assert_eq!(now_placed.parent_id, Some(kien_moc));
    assert_eq!(
        now_placed.figures.as_ref().and_then(|figures| figures.households),
        Some(120),
        "with its review"
    );
    let again = place(kien_moc).await.unwrap();
    assert_eq!(again.status(), 409, "placed once: it no longer waits");
    let listed: Vec<UnitChildren> = json(app.get_as(province_token, "/api/v1/units/awaiting-assignment").await).await;
    assert!(listed.is_empty(), "nothing waits");

    // Once: a second run changes nothing.
    let (everything, cursor) = province_officer.device.pull_all(&app, 0).await;
    assert!(everything.len() > 65 + 206, "the old units and the new ones");
    startup::prepare(&app.database, None, &app.clock).await.unwrap();
    let (changes, _) = province_officer.device.pull_all(&app, cursor).await;
    assert!(changes.is_empty(), "nothing written again: {} records", changes.len());
}
