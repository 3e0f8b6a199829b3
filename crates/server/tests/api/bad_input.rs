//! Bad input of every class answered with a 4xx and a JSON error that names
//! the problem: never a 500, never a panic.

use crate::helpers::{ADMIN_PASSWORD, Backend, spawn_app};

crate::on_both_backends!(bad_input: every_class_of_bad_input_is_a_named_4xx);

async fn expect(app: &crate::helpers::TestApp, request: reqwest::RequestBuilder, status: u16, code: &str, names: &str) {
    let response = request.send().await.expect("the server answers");
    let got = response.status().as_u16();
    let body: serde_json::Value = response.json().await.expect("a JSON error body");
    assert_eq!(got, status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(names), "the message names {names:?}: {message}");
    assert!(message.len() <= 600, "the message does not echo the input");
    let _ = app;
}

pub async fn every_class_of_bad_input_is_a_named_4xx(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in("admin", ADMIN_PASSWORD).await;
    let post = |path: &str| app.client.post(app.url(path)).bearer_auth(&admin);
    let officers = "/api/v1/officers";
    let officer = serde_json::json!({
        "username": "can.bo.moi", "display_name": "Cán bộ mới", "role": "commune_officer",
        "jurisdiction": "05971", "password": "mật khẩu mới",
    });

    // Malformed JSON.
    let broken = post(officers)
        .header("content-type", "application/json")
        .body("{\"username\": ");
    expect(&app, broken, 400, "invalid_json", "EOF").await;
    // Not JSON at all, by content type.
    expect(
        &app,
        post(officers).body("username=x"),
        415,
        "unsupported_media_type",
        "Content-Type",
    )
    .await;
    // An unknown field.
    let mut unknown = officer.clone();
    unknown["is_admin"] = serde_json::json!(true);
    expect(
        &app,
        post(officers).json(&unknown),
        422,
        "invalid_body",
        "unknown field `is_admin`",
    )
    .await;
    // A wrong type, and a negative number where text belongs.
    let mut wrong = officer.clone();
    wrong["role"] = serde_json::json!(7);
    // (serde reads an enum from a number as a syntax error: still named, still a 4xx.)
    expect(&app, post(officers).json(&wrong), 400, "invalid_json", "role").await;
    let mut negative = officer.clone();
    negative["username"] = serde_json::json!(-5);
    expect(
        &app,
        post(officers).json(&negative),
        422,
        "invalid_body",
        "invalid type: integer `-5`",
    )
    .await;
    // A role that does not exist.
    let mut role = officer.clone();
    role["role"] = serde_json::json!("mayor");
    expect(
        &app,
        post(officers).json(&role),
        422,
        "invalid_body",
        "unknown variant `mayor`",
    )
    .await;
    // A missing field.
    let mut missing = officer.clone();
    missing.as_object_mut().unwrap().remove("password");
    expect(
        &app,
        post(officers).json(&missing),
        422,
        "invalid_body",
        "missing field `password`",
    )
    .await;
    // An id that is not a UUID.
    let reset = post("/api/v1/officers/not-a-uuid/password").json(&serde_json::json!({ "password": "mật khẩu mới" }));
    expect(&app, reset, 400, "invalid_path", "UUID").await;
    // A string of 1 MB.
    let mut huge = officer.clone();
    huge["display_name"] = serde_json::json!("a".repeat(1_000_000));
    expect(&app, post(officers).json(&huge), 422, "invalid_field", "Full name").await;
    // A body over the limit.
    let mut over = officer.clone();
    over["display_name"] = serde_json::json!("a".repeat(2_000_000));
    // Refused before it is read whole, so the server closes that connection:
    // the request says so, and the next one does not go out on a dead one.
    let over = post(officers).header("connection", "close").json(&over);
    expect(&app, over, 413, "body_too_large", "length limit").await;
    // JSON nested deeper than any request needs: refused at the first level
    // that has the wrong shape, never recursed into (no stack to exhaust).
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep = post(officers).header("content-type", "application/json").body(deep);
    expect(&app, deep, 422, "invalid_body", "invalid type: sequence").await;
    let deep_field = format!("{{\"username\": {}{}}}", "{\"a\":".repeat(50_000), "1}".repeat(50_000));
    let deep_field = post(officers)
        .header("content-type", "application/json")
        .body(deep_field);
    expect(&app, deep_field, 422, "invalid_body", "username").await;
    // A username out of shape, a short password, a jurisdiction that is not a unit.
    let mut username = officer.clone();
    username["username"] = serde_json::json!("Cán bộ");
    expect(&app, post(officers).json(&username), 422, "invalid_field", "Username").await;
    // The refusal itself travels too, for the app to say it in Vietnamese.
    let refused: domain::wire::ApiErrorBody = post(officers)
        .json(&username)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let refused = refused.error.invalid.expect("the field refused");
    assert_eq!(
        refused.message(domain::Language::Vi),
        "Tên đăng nhập: chỉ gồm chữ cái a–z không dấu, chữ số và các dấu '.', '_', '-'."
    );
    let mut password = officer.clone();
    password["password"] = serde_json::json!("short");
    expect(&app, post(officers).json(&password), 422, "invalid_field", "Password").await;
    let mut nowhere = officer.clone();
    nowhere["jurisdiction"] = serde_json::json!("88888");
    expect(&app, post(officers).json(&nowhere), 404, "unit_not_found", "88888").await;
    let mut level = officer.clone();
    level["jurisdiction"] = serde_json::json!("178");
    expect(&app, post(officers).json(&level), 422, "invalid_field", "Jurisdiction").await;
    // A username taken.
    assert_eq!(post(officers).json(&officer).send().await.unwrap().status(), 201);
    expect(&app, post(officers).json(&officer), 409, "username_taken", "can.bo.moi").await;
    // A sign-in with absurd lengths.
    let sign_in = app
        .client
        .post(app.url("/api/v1/sessions"))
        .json(&serde_json::json!({ "username": "a".repeat(100_000), "password": "x" }));
    expect(&app, sign_in, 401, "invalid_credentials", "wrong").await;
    // And the server still answers.
    assert_eq!(app.get("/api/health").await.status(), 200);
}
