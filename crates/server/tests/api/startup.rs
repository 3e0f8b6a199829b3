//! What a start does to the database: reference units, the first administrator.

use crate::helpers::{ADMIN_PASSWORD, Backend, fresh_config, spawn_app};
use server::clock::Clock;
use server::db::ReferenceLoad;
use server::first_administrator::{FirstAdministrator, ensure_first_administrator};
use server::password::verify_password;
use server::{reference_data, startup};

crate::on_both_backends!(startup:
    a_second_start_loads_nothing_twice_and_keeps_the_administrator,
    the_first_administrator_has_the_given_password,
    without_a_given_password_one_is_generated_and_works,
    a_short_administrator_password_is_refused_and_creates_nothing,
);

pub async fn a_second_start_loads_nothing_twice_and_keeps_the_administrator(backend: Backend) {
    let app = spawn_app(backend).await;
    let reference = reference_data::lang_son_2024().unwrap();
    let again = app
        .database
        .load_reference_units(&reference.version, &reference.units, &reference.records())
        .await
        .unwrap();
    assert_eq!(again, ReferenceLoad::AlreadyLoaded);
    // A new version of the list writes only units that are not there yet.
    let newer = app
        .database
        .load_reference_units("lang_son_units_2024@other", &reference.units, &reference.records())
        .await
        .unwrap();
    assert_eq!(newer, ReferenceLoad::Loaded { inserted: 0 });
    startup::prepare(app.database.as_ref(), Some("another password"), &Clock::system())
        .await
        .unwrap();
    let hash = app.database.password_hash("admin").await.unwrap().unwrap();
    assert!(verify_password(ADMIN_PASSWORD, &hash), "the first password still works");
    let body = app.get_json("/api/v1/units?parent=20", 200).await;
    assert_eq!(body["children"].as_array().unwrap().len(), 65, "today's units, once");
}

pub async fn the_first_administrator_has_the_given_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let hash = app
        .database
        .password_hash("admin")
        .await
        .unwrap()
        .expect("admin exists");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(verify_password(ADMIN_PASSWORD, &hash));
    assert!(!verify_password("wrong password", &hash));
}

pub async fn without_a_given_password_one_is_generated_and_works(backend: Backend) {
    let (config, _dir) = fresh_config(backend, "/nonexistent".into()).await;
    let database = startup::open_database(&config).await.unwrap();
    let reference = reference_data::lang_son_2024().unwrap();
    database
        .load_reference_units(&reference.version, &reference.units, &reference.records())
        .await
        .unwrap();
    let province = &reference.units[0].code;
    let FirstAdministrator::CreatedWithGeneratedPassword(password) =
        ensure_first_administrator(database.as_ref(), province, None)
            .await
            .unwrap()
    else {
        panic!("a password is generated");
    };
    let hash = database.password_hash("admin").await.unwrap().unwrap();
    assert!(verify_password(&password, &hash));
    let again = ensure_first_administrator(database.as_ref(), province, None)
        .await
        .unwrap();
    assert_eq!(
        again,
        FirstAdministrator::AlreadyPresent,
        "never a second generated password"
    );
}

pub async fn a_short_administrator_password_is_refused_and_creates_nothing(backend: Backend) {
    let (config, _dir) = fresh_config(backend, "/nonexistent".into()).await;
    let database = startup::open_database(&config).await.unwrap();
    let error = startup::prepare(database.as_ref(), Some("short"), &Clock::system())
        .await
        .unwrap_err();
    assert!(format!("{error:#}").contains("at least 8 characters"), "{error:#}");
    assert!(!database.administrator_exists().await.unwrap());
}
