//! A database restored from a backup: the server's epoch changes, the device
//! sends again what it holds of its sent changes, and the server takes back
//! exactly what the backup lacks.

use crate::helpers::{Backend, PASSWORD, TestApp, fresh_config, spawn_app_on};
use crate::sync::Device;
use domain::Role;
use domain::sync::protocol::Outcome;
use domain::sync::{FieldChange, RecordType};
use serde_json::json;
use server::config::Config;
use server::http::Settings;
use sqlx::Connection;

crate::on_both_backends!(restore:
    a_restored_database_gets_back_every_change_the_devices_sent,
    a_version_from_before_a_restore_is_never_taken_for_a_later_one,
);

pub async fn a_restored_database_gets_back_every_change_the_devices_sent(backend: Backend) {
    let (config, data_dir) = fresh_config(backend, "/nonexistent".into()).await;
    let live = spawn_app_on(config.clone(), data_dir, Settings::default()).await;
    live.create_officer("can.bo.hvt", Role::CommuneOfficer, "06187").await;
    let mut tablet = Device::sign_in(&live, "can.bo.hvt", PASSWORD).await;
    let commune = domain::reform::reform_unit_id("lang_son_2025", &domain::OfficialCode::parse("06187").unwrap());
    let mut sent = Vec::new();
    let mut villages = Vec::new();
    for name in ["Khối 1", "Khối 2"] {
        let (id, mutation) = tablet.new_village(commune, name);
        villages.push(id);
        sent.push(mutation);
    }
    let first = tablet.push_ok(&live, &sent).await;
    let epoch_before = first.epoch.clone();

    // The nightly backup.
    let (backup_config, backup_dir, live) = take_backup(backend, &config, live).await;
    let mut later = Vec::new();
    for name in ["Khối 3", "Khối 4"] {
        let (id, mutation) = tablet.new_village(commune, name);
        villages.push(id);
        later.push(mutation);
    }
    tablet.push_ok(&live, &later).await;
    sent.extend(later);

    // The disk dies; the backup is restored, and the operator runs `new-epoch`.
    let restored = spawn_app_on(backup_config, backup_dir, Settings::default()).await;
    restored
        .database
        .set_epoch(&uuid::Uuid::new_v4().to_string())
        .await
        .unwrap();

    // The tablet makes one more change and syncs.
    let (fifth, fifth_mutation) = tablet.new_village(commune, "Khối 5");
    villages.push(fifth);
    let answer = tablet.push_ok(&restored, std::slice::from_ref(&fifth_mutation)).await;
    assert_ne!(answer.epoch, epoch_before, "the device sees a new epoch");
    assert_eq!(answer.expected_seq, 3, "the backup knows sequences 1 and 2 only");
    assert!(answer.results.is_empty());
    // As the device does on a new epoch: send again what it holds from there on.
    let mut resend: Vec<_> = sent
        .iter()
        .filter(|mutation| mutation.seq >= answer.expected_seq)
        .cloned()
        .collect();
    resend.push(fifth_mutation);
    let taken = tablet.push_ok(&restored, &resend).await;
    assert!(
        taken
            .results
            .iter()
            .all(|result| matches!(result.outcome, Outcome::Applied { revision: 1 })),
        "{taken:?}"
    );
    assert_eq!(taken.expected_seq, 6);

    let (records, _) = tablet.pull_all(&restored, 0).await;
    for id in &villages {
        let copies: Vec<_> = records.iter().filter(|record| record.id == *id).collect();
        assert_eq!(copies.len(), 1, "every change present once");
        assert_eq!(copies[0].revision, 1);
    }
}

/// Revisions restart from the backup's numbers: a device's base from before
/// the restore can carry the same number as a different version after it.
/// With the epoch in the version, the device's edit is merged against the
/// values it saw, and another officer's value is kept in a conflict, not lost.
pub async fn a_version_from_before_a_restore_is_never_taken_for_a_later_one(backend: Backend) {
    let (config, data_dir) = fresh_config(backend, "/nonexistent".into()).await;
    let live = spawn_app_on(config.clone(), data_dir, Settings::default()).await;
    for username in ["can.bo.a", "can.bo.b", "can.bo.c"] {
        live.create_officer(username, Role::CommuneOfficer, "06187").await;
    }
    let commune = domain::reform::reform_unit_id("lang_son_2025", &domain::OfficialCode::parse("06187").unwrap());
    let mut first = Device::sign_in(&live, "can.bo.a", PASSWORD).await;
    let mut second = Device::sign_in(&live, "can.bo.b", PASSWORD).await;
    let (village, create) = first.new_village(commune, "Khối 1");
    first.push_ok(&live, &[create]).await;

    let (backup_config, backup_dir, live) = take_backup(backend, &config, live).await;

    // After the backup: the second officer renames it (revision 2), the first
    // officer's tablet pulls that version; the second tablet is then lost.
    let rename = |device: &mut Device, base: u64, old: &str, new: &str| {
        device.mutation(
            RecordType::Unit,
            village,
            base,
            vec![FieldChange {
                field: "name".to_owned(),
                old: Some(json!(old)),
                new: Some(json!(new)),
            }],
        )
    };
    let lost = rename(&mut second, 1, "Khối 1", "Khối 1 Bắc");
    second.push_ok(&live, &[lost]).await;
    let (records, _) = first.pull_all(&live, 0).await;
    let seen = records.iter().rev().find(|record| record.id == village).unwrap();
    assert_eq!(seen.revision, 2);
    let seen_epoch = seen.body_value().unwrap()["meta"]["epoch"].as_str().map(str::to_owned);
    assert!(seen_epoch.is_some(), "a revision carries the epoch it was written in");

    // Restored, with a new epoch: a third officer renames it, again revision 2.
    let restored = spawn_app_on(backup_config, backup_dir, Settings::default()).await;
    restored
        .database
        .set_epoch(&uuid::Uuid::new_v4().to_string())
        .await
        .unwrap();
    let mut third = Device::sign_in(&restored, "can.bo.c", PASSWORD).await;
    let renamed = rename(&mut third, 1, "Khối 1", "Khối 1 Nam");
    third.push_ok(&restored, &[renamed]).await;

    // The first tablet edits the name it saw, based on "revision 2" of the old epoch.
    let mut edit = rename(&mut first, 2, "Khối 1 Bắc", "Khối 1 Đông");
    edit.base_epoch = seen_epoch;
    let answer = first.push_ok(&restored, &[edit]).await;
    assert_eq!(
        answer.results[0].outcome,
        Outcome::Conflict {
            revision: 3,
            fields: vec!["name".to_owned()]
        },
        "{answer:?}"
    );
    let (records, _) = third.pull_all(&restored, 0).await;
    let now = records.iter().rev().find(|record| record.id == village).unwrap();
    assert_eq!(
        now.body_value().unwrap()["name"],
        "Khối 1 Nam",
        "the third officer's name is not silently overwritten"
    );
    let conflict = &now.conflicts[0];
    assert_eq!(
        conflict.values.client,
        Some(json!("Khối 1 Đông")),
        "the tablet's value is kept"
    );
}

/// The nightly backup of `live`'s database: its config and directory, and
/// the live server (reopened after the copy on PostgreSQL).
async fn take_backup(backend: Backend, config: &Config, live: TestApp) -> (Config, tempfile::TempDir, TestApp) {
    let backup_dir = tempfile::tempdir().unwrap();
    let backup_config = match backend {
        Backend::Sqlite => {
            let file = config.data_dir.join(server::db::SQLITE_FILE_NAME);
            let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
                .await
                .unwrap();
            let copy = backup_dir.path().join(server::db::SQLITE_FILE_NAME);
            sqlx::query(&format!("VACUUM INTO '{}'", copy.display()))
                .execute(&mut connection)
                .await
                .unwrap();
            server::config::Config {
                data_dir: backup_dir.path().to_path_buf(),
                ..config.clone()
            }
        }
        Backend::Postgres => {
            let url = config.database_url.clone().unwrap();
            live.database.close().await;
            let name = format!("sapxep_backup_{}", uuid::Uuid::new_v4().simple());
            let (base, original) = url.rsplit_once('/').unwrap();
            let mut admin = sqlx::PgConnection::connect(&format!("{base}/postgres")).await.unwrap();
            // A template copy needs the database to itself: connections the
            // closed pool has not finished closing are ended first.
            sqlx::query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            )
            .bind(original)
            .execute(&mut admin)
            .await
            .unwrap();
            sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {original}"))
                .execute(&mut admin)
                .await
                .unwrap();
            server::config::Config {
                database_url: Some(format!("{base}/{name}")),
                ..config.clone()
            }
        }
    };
    let live = match backend {
        Backend::Sqlite => live,
        Backend::Postgres => spawn_app_on(config.clone(), tempfile::tempdir().unwrap(), Settings::default()).await,
    };
    (backup_config, backup_dir, live)
}
