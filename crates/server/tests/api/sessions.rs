//! Signing in and out: right and wrong passwords, the rate limits, tokens
//! that expire or are revoked.

use crate::helpers::{ADMIN_PASSWORD, Backend, PASSWORD, spawn_app, spawn_app_with};
use domain::Role;
use server::http::Settings;
use std::time::Duration;

crate::on_both_backends!(sessions:
    a_right_password_opens_a_session_and_a_wrong_one_does_not,
    five_failures_lock_the_account_for_a_while,
    twenty_failures_from_one_address_lock_the_address,
    signing_out_revokes_the_token_at_once,
    a_token_expires,
    an_administrator_revokes_every_session_of_an_account,
    a_new_password_ends_the_old_sessions,
    a_disabled_account_cannot_sign_in_until_it_is_enabled_again,
);

pub async fn a_right_password_opens_a_session_and_a_wrong_one_does_not(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_officer("can.bo.hvt", Role::CommuneOfficer, "05971").await;
    let response = app.sign_in_response("can.bo.hvt", PASSWORD).await;
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["token"].as_str().unwrap().len(), 64);
    assert_eq!(body["officer"]["role"], "commune_officer");
    assert_eq!(body["officer"]["jurisdiction"]["name"], "Phường Hoàng Văn Thụ");
    let me = app.get_as(body["token"].as_str().unwrap(), "/api/v1/me").await;
    assert_eq!(me.status(), 200);
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["username"], "can.bo.hvt");
    assert!(me.get("password_hash").is_none(), "never the hash");

    for (username, password) in [
        ("can.bo.hvt", "sai mật khẩu"),
        ("nobody", PASSWORD),
        ("CAN.BO.HVT", "sai"),
    ] {
        let response = app.sign_in_response(username, password).await;
        assert_eq!(response.status(), 401, "{username}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(
            body["error"]["code"], "invalid_credentials",
            "the same answer for a wrong name and a wrong password"
        );
    }
    let without = app.get("/api/v1/me").await;
    assert_eq!(without.status(), 401);
    let body: serde_json::Value = without.json().await.unwrap();
    assert_eq!(body["error"]["code"], "sign_in_required");
}

pub async fn five_failures_lock_the_account_for_a_while(backend: Backend) {
    let app = spawn_app(backend).await;
    app.create_officer("can.bo.tt", Role::CommuneOfficer, "05974").await;
    for attempt in 1..=5 {
        assert_eq!(
            app.sign_in_response("can.bo.tt", "đoán thử").await.status(),
            401,
            "attempt {attempt}"
        );
    }
    let locked = app.sign_in_response("can.bo.tt", PASSWORD).await;
    assert_eq!(locked.status(), 429, "even the right password waits");
    let body: serde_json::Value = locked.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts");
    assert_eq!(
        app.sign_in_response("admin", ADMIN_PASSWORD).await.status(),
        201,
        "another account is not locked"
    );
}

pub async fn twenty_failures_from_one_address_lock_the_address(backend: Backend) {
    let app = spawn_app(backend).await;
    for attempt in 0..20 {
        let status = app
            .sign_in_response(&format!("guess{attempt}"), "đoán thử")
            .await
            .status();
        assert_eq!(status, 401, "attempt {attempt}");
    }
    assert_eq!(
        app.sign_in_response("admin", ADMIN_PASSWORD).await.status(),
        429,
        "the address is locked"
    );
}

pub async fn signing_out_revokes_the_token_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.sign_in("admin", ADMIN_PASSWORD).await;
    let out = app
        .client
        .delete(app.url("/api/v1/sessions/current"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let after = app.get_as(&token, "/api/v1/me").await;
    assert_eq!(after.status(), 401);
    let body: serde_json::Value = after.json().await.unwrap();
    assert_eq!(body["error"]["code"], "session_revoked");
    let forged = app.get_as(&"0".repeat(64), "/api/v1/me").await;
    let body: serde_json::Value = forged.json().await.unwrap();
    assert_eq!(body["error"]["code"], "session_invalid");
}

pub async fn a_token_expires(backend: Backend) {
    let settings = Settings {
        session_lifetime: Duration::from_millis(700),
        ..Settings::default()
    };
    let app = spawn_app_with(backend, "/nonexistent".into(), settings).await;
    let token = app.sign_in("admin", ADMIN_PASSWORD).await;
    assert_eq!(app.get_as(&token, "/api/v1/me").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(900)).await;
    let expired = app.get_as(&token, "/api/v1/me").await;
    assert_eq!(expired.status(), 401);
    let body: serde_json::Value = expired.json().await.unwrap();
    assert_eq!(body["error"]["code"], "session_expired");
}

pub async fn an_administrator_revokes_every_session_of_an_account(backend: Backend) {
    let app = spawn_app(backend).await;
    let officer = app.create_officer("can.bo.vt", Role::CommuneOfficer, "05977").await;
    let tablet = app.sign_in("can.bo.vt", PASSWORD).await;
    let phone = app.sign_in("can.bo.vt", PASSWORD).await;
    let admin = app.sign_in("admin", ADMIN_PASSWORD).await;
    let revoked = app
        .client
        .post(app.url(&format!("/api/v1/officers/{officer}/revoke")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    let body: serde_json::Value = revoked.json().await.unwrap();
    assert_eq!(body["sessions_revoked"], 2);
    for token in [tablet, phone] {
        assert_eq!(app.get_as(&token, "/api/v1/me").await.status(), 401);
    }
    assert_eq!(
        app.get_as(&admin, "/api/v1/me").await.status(),
        200,
        "the administrator's own session lives on"
    );
}

pub async fn a_new_password_ends_the_old_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let officer = app.create_officer("can.bo.dk", Role::CommuneOfficer, "05980").await;
    let old = app.sign_in("can.bo.dk", PASSWORD).await;
    let admin = app.sign_in("admin", ADMIN_PASSWORD).await;
    let reset = app
        .client
        .post(app.url(&format!("/api/v1/officers/{officer}/password")))
        .bearer_auth(&admin)
        .json(&serde_json::json!({ "password": "mật khẩu mới 2026" }))
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), 204);
    assert_eq!(app.get_as(&old, "/api/v1/me").await.status(), 401);
    assert_eq!(app.sign_in_response("can.bo.dk", PASSWORD).await.status(), 401);
    assert_eq!(
        app.sign_in_response("can.bo.dk", "mật khẩu mới 2026").await.status(),
        201
    );
}

pub async fn a_disabled_account_cannot_sign_in_until_it_is_enabled_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let officer = app.create_officer("can.bo.khoa", Role::CommuneOfficer, "05977").await;
    let tablet = app.sign_in("can.bo.khoa", PASSWORD).await;
    let admin = app.sign_in("admin", ADMIN_PASSWORD).await;
    let set = |disabled: bool, id: String| {
        app.client
            .put(app.url(&format!("/api/v1/officers/{id}/disabled")))
            .bearer_auth(&admin)
            .json(&serde_json::json!({ "disabled": disabled }))
            .send()
    };
    let disabled = set(true, officer.to_string()).await.unwrap();
    assert_eq!(disabled.status(), 200);
    let profile: serde_json::Value = disabled.json().await.unwrap();
    assert!(profile["disabled_at"].is_i64(), "{profile}");
    assert_eq!(
        app.get_as(&tablet, "/api/v1/me").await.status(),
        401,
        "its sessions ended"
    );
    let refused = app.sign_in_response("can.bo.khoa", PASSWORD).await;
    assert_eq!(refused.status(), 403);
    let body: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "account_disabled");

    let enabled = set(false, officer.to_string()).await.unwrap();
    assert_eq!(enabled.status(), 200);
    let profile: serde_json::Value = enabled.json().await.unwrap();
    assert!(profile.get("disabled_at").is_none(), "{profile}");
    app.sign_in("can.bo.khoa", PASSWORD).await;

    // The administrator's own account stays open, and the history says what happened.
    let me: serde_json::Value = app.get_as(&admin, "/api/v1/me").await.json().await.unwrap();
    let own = set(true, me["id"].as_str().unwrap().to_owned()).await.unwrap();
    assert_eq!(own.status(), 409);
    let body: serde_json::Value = own.json().await.unwrap();
    assert_eq!(body["error"]["code"], "cannot_disable_self");
    let history: serde_json::Value = app
        .get_as(&admin, &format!("/api/v1/officers/{officer}/history"))
        .await
        .json()
        .await
        .unwrap();
    let said: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["summary"].as_str().unwrap())
        .collect();
    assert_eq!(said, ["Tài khoản bị khoá", "Tài khoản được mở lại"]);
}
