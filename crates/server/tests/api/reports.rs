//! The progress report of an area, from the server: the dashboard's figures
//! computed on the province's data (the same domain function the tablet runs
//! on its own), as JSON and as CSV for Excel.

use crate::helpers::{Backend, spawn_app};
use crate::procedure_support::*;
use domain::sync::RecordType;
use domain::{Role, UnitKind};

crate::on_both_backends!(reports:
    a_communes_progress_counts_its_villages_and_opens_in_excel,
);

/// Xã Hoàng Văn Thụ (06172) and Phường Kỳ Lừa (06187), two of the 65 units.
const COMMUNE: &str = "06172";
const OTHER: &str = "06187";

pub async fn a_communes_progress_counts_its_villages_and_opens_in_excel(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tablet = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, COMMUNE).await;
    let by = tablet.officer();
    let commune = app.get_json(&format!("/api/v1/units/{COMMUNE}"), 200).await;
    let commune: uuid::Uuid = commune["id"].as_str().unwrap().parse().unwrap();
    for (name, households) in [("Thôn Nà Pàn", 40), ("Thôn Còn Nưa", 160), ("Thôn Bó Củng", 0)] {
        let village = new_unit(name, UnitKind::Village, commune, by);
        tablet.save_ok(&app, RecordType::Unit, village.id, &village).await;
        if households > 0 {
            let review = village_review(village.id, households, households * 4, 30, date("2026-10-01"), by);
            tablet
                .save_ok(&app, RecordType::VillageReview, review.id, &review)
                .await;
        }
    }
    let token = tablet.device.token.clone();

    let response = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={COMMUNE}"))
        .await;
    assert_eq!(response.status(), 200);
    let report: serde_json::Value = response.json().await.unwrap();
    assert_eq!(report["name"], "Xã Hoàng Văn Thụ");
    let board = &report["dashboard"];
    let villages = &board["report"]["scopes"][0]["villages"];
    assert_eq!(
        (villages["before"].as_u64(), villages["after"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(board["villages_below_standard"], 1, "Nà Pàn: 40 households");
    assert_eq!(board["villages_unreviewed"], 1, "Bó Củng has no review");
    assert_eq!(
        board["report"]["village_workers"]["recorded_after"], 6,
        "two reviews of 3 workers"
    );

    let response = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={COMMUNE}&format=csv"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a byte-order mark for Excel");
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(
        text.contains("Xã Hoàng Văn Thụ,\"Thôn, tổ dân phố\",3,3,3,0,0.00"),
        "{text}"
    );
    assert!(text.contains("Chưa đạt tiêu chuẩn,\"Thôn, tổ dân phố\",1"), "{text}");
    assert!(
        text.contains("\n\nChưa đạt tiêu chuẩn"),
        "a blank line before each block: {text}"
    );
    assert!(!text.contains("\"\""), "no empty cell stands for a blank line: {text}");

    // The province's report holds the commune and its villages.
    app.create_officer("can.bo.tinh", Role::ProvinceOfficer, "20").await;
    let province = app.sign_in("can.bo.tinh", crate::helpers::PASSWORD).await;
    let response = app.get_as(&province, "/api/v1/reports/progress?unit=20").await;
    assert_eq!(response.status(), 200);
    let report: serde_json::Value = response.json().await.unwrap();
    let scopes = report["dashboard"]["report"]["scopes"].as_array().unwrap();
    let row = scopes
        .iter()
        .find(|scope| scope["unit_id"] == commune.to_string())
        .expect("the commune is a row of the province's report");
    assert_eq!(row["villages"]["after"], 3);
    assert!(
        scopes[0]["villages"]["after"].as_u64().unwrap() >= 3,
        "the province counts the villages of its communes"
    );
    assert_eq!(report["dashboard"]["villages_below_standard"], 1);

    // Another commune's figures are not this officer's; nobody's without a session.
    let response = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={OTHER}"))
        .await;
    assert_eq!(response.status(), 403);
    let response = app.get(&format!("/api/v1/reports/progress?unit={COMMUNE}")).await;
    assert_eq!(response.status(), 401);
    let response = app
        .get_as(&token, &format!("/api/v1/reports/progress?unit={COMMUNE}&format=pdf"))
        .await;
    assert_eq!(response.status(), 400, "an unknown format is named, not a 500");
}
