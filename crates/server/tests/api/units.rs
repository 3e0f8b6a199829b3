//! `GET /api/v1/units`: the hierarchy as the app reads it.

use crate::helpers::{Backend, spawn_app, spawn_app_before_reform};

crate::on_both_backends!(units:
    a_fresh_server_lists_the_65_communes_and_wards_of_today,
    the_province_lists_its_11_districts_with_their_194_communes,
    a_district_is_found_by_its_code_and_by_its_id,
    an_unknown_unit_is_a_json_404_that_names_it,
    a_malformed_unit_reference_is_a_json_400_that_names_it,
    a_missing_parent_is_a_json_400,
    an_unknown_api_route_is_a_json_404,
    health_names_the_backend,
);

pub async fn a_fresh_server_lists_the_65_communes_and_wards_of_today(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = app.get_json("/api/v1/units?parent=20", 200).await;
    let units = body["children"].as_array().unwrap();
    assert_eq!(units.len(), 65, "directly under the province since 1/7/2025");
    let count = |kind: &str| units.iter().filter(|unit| unit["kind"] == kind).count();
    assert_eq!((count("commune"), count("ward")), (61, 4));
    let named = |code: &str| {
        units
            .iter()
            .find(|unit| unit["code"] == code)
            .unwrap_or_else(|| panic!("{code} is listed"))
    };
    assert_eq!(named("06187")["name"], "Phường Kỳ Lừa");
    assert_eq!(named("06172")["name"], "Xã Hoàng Văn Thụ");
    // A code names the unit in force; the one that held it before is kept.
    let one = app.get_json("/api/v1/units/06187", 200).await;
    assert_eq!(one["name"], "Phường Kỳ Lừa");

    let with_ended = app.get_json("/api/v1/units?parent=20&include=ended", 200).await;
    let districts: Vec<&serde_json::Value> = with_ended["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|unit| unit["kind"] == "district" || unit["kind"] == "provincial_city")
        .collect();
    assert_eq!(districts.len(), 11, "the districts, ended");
    for district in districts {
        assert_eq!(district["lifecycle"]["effective"], "2025-07-01", "{district}");
    }
}

/// The province as a server running in June 2025 listed it.
pub async fn the_province_lists_its_11_districts_with_their_194_communes(backend: Backend) {
    let app = spawn_app_before_reform(backend).await;
    let body = app.get_json("/api/v1/units?parent=20", 200).await;
    assert_eq!(body["parent"]["name"], "Tỉnh Lạng Sơn");
    assert_eq!(body["parent"]["kind"], "province");
    let districts = body["children"].as_array().unwrap();
    assert_eq!(districts.len(), 11);
    assert_eq!(districts[0]["name"], "Thành phố Lạng Sơn", "official order: by code");
    assert_eq!(districts[0]["kind"], "provincial_city");
    let communes: u64 = districts
        .iter()
        .map(|district| district["child_count"].as_u64().unwrap())
        .sum();
    assert_eq!(communes, 194);
    let huu_lung = districts
        .iter()
        .find(|district| district["name"] == "Huyện Hữu Lũng")
        .unwrap();
    assert_eq!(huu_lung["child_count"], 23);
}

pub async fn a_district_is_found_by_its_code_and_by_its_id(backend: Backend) {
    let app = spawn_app_before_reform(backend).await;
    let by_code = app.get_json("/api/v1/units?parent=180", 200).await;
    assert_eq!(by_code["parent"]["name"], "Huyện Tràng Định");
    assert_eq!(by_code["children"].as_array().unwrap().len(), 20);
    let id = by_code["parent"]["id"].as_str().unwrap();
    let by_id = app.get_json(&format!("/api/v1/units?parent={id}"), 200).await;
    assert_eq!(by_id, by_code);
    let one = app.get_json("/api/v1/units/05971", 200).await;
    assert_eq!(one["name"], "Phường Hoàng Văn Thụ");
    assert_eq!(one["code"], "05971", "leading zero kept");
    assert_eq!(one["child_count"], 0);
}

pub async fn an_unknown_unit_is_a_json_404_that_names_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = app.get_json("/api/v1/units?parent=99", 404).await;
    assert_eq!(body["error"]["code"], "unit_not_found");
    assert_eq!(body["error"]["message"], "there is no unit with official code 99");
    let id = "0190a0a0-0000-7000-8000-000000000000";
    let body = app.get_json(&format!("/api/v1/units/{id}"), 404).await;
    assert!(body["error"]["message"].as_str().unwrap().contains(id));
}

pub async fn a_malformed_unit_reference_is_a_json_400_that_names_it(backend: Backend) {
    let app = spawn_app(backend).await;
    for bad in [
        "abc",
        "1234567",
        "2",
        "-20",
        "20.5",
        "%00",
        "%27%3B%20DROP%20TABLE%20units%3B--",
    ] {
        let body = app.get_json(&format!("/api/v1/units?parent={bad}"), 400).await;
        assert_eq!(body["error"]["code"], "invalid_unit_ref", "parent={bad}");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("neither an official unit code"),
            "parent={bad}"
        );
    }
    // The longest URI a client can send (the http crate stops at 64 KiB).
    let huge = "9".repeat(60_000);
    let body = app.get_json(&format!("/api/v1/units/{huge}"), 400).await;
    assert_eq!(body["error"]["code"], "invalid_unit_ref");
    assert!(
        body["error"]["message"].as_str().unwrap().len() < 200,
        "the message does not echo 60 kB"
    );
    let body = app.get_json("/api/v1/units?parent=20", 200).await;
    assert_eq!(body["children"].as_array().unwrap().len(), 65, "nothing was harmed");
}

pub async fn a_missing_parent_is_a_json_400(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = app.get_json("/api/v1/units", 400).await;
    assert_eq!(body["error"]["code"], "invalid_query");
    assert!(body["error"]["message"].as_str().unwrap().contains("parent"));
    let body = app.get_json("/api/v1/units?parent=20&colour=red", 400).await;
    assert!(body["error"]["message"].as_str().unwrap().contains("colour"));
}

pub async fn an_unknown_api_route_is_a_json_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = app.get_json("/api/v1/nothing-here", 404).await;
    assert_eq!(body["error"]["code"], "no_such_route");
    assert_eq!(
        body["error"]["message"],
        "there is no API route at /api/v1/nothing-here"
    );
}

pub async fn health_names_the_backend(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = app.get_json("/api/health", 200).await;
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgresql",
    };
    assert_eq!(body["database"], expected);
}
