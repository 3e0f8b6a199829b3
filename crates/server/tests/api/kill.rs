//! `kill -9` at any moment of a push: after a restart and the device's retry,
//! nothing is applied twice and nothing half-applied.

use crate::helpers::{Backend, fresh_postgres_database};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use uuid::Uuid;

crate::on_both_backends!(kill: a_server_killed_mid_push_applies_each_change_exactly_once);

struct Server {
    child: Child,
    base: String,
}

fn start(data_dir: &std::path::Path, database_url: Option<&str>) -> Server {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sapxep-server"));
    command
        .env("SAPXEP_ADDR", "127.0.0.1:0")
        .env("SAPXEP_DATA_DIR", data_dir)
        .env("SAPXEP_ADMIN_PASSWORD", "mật khẩu quản trị")
        .env("SAPXEP_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    match database_url {
        Some(url) => command.env("DATABASE_URL", url),
        None => command.env_remove("DATABASE_URL"),
    };
    let mut child = command.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines.next().expect("the server starts").unwrap();
        if let Some(address) = line.strip_prefix("listening on ") {
            break address.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server { child, base }
}

impl Server {
    fn kill_9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn village(device: Uuid, officer: &str, seq: u64, commune: Uuid) -> (Uuid, Value) {
    let id = Uuid::now_v7();
    let changes = json!([
        {"field": "attributes", "old": null, "new": {"border_commune": false, "mountainous": false}},
        {"field": "code", "old": null, "new": null},
        {"field": "kind", "old": null, "new": "village"},
        {"field": "lifecycle", "old": null, "new": {"state": "active", "since": null}},
        {"field": "name", "old": null, "new": format!("Thôn {seq}")},
        {"field": "parent_id", "old": null, "new": commune},
    ]);
    let mutation = json!({
        "mutation_id": Uuid::now_v7(), "device_id": device, "seq": seq, "record_type": "unit", "record_id": id,
        "base_revision": 0, "changes": changes, "officer_id": officer, "at": 1_795_834_800_000_i64 + seq as i64,
    });
    (id, mutation)
}

pub async fn a_server_killed_mid_push_applies_each_change_exactly_once(backend: Backend) {
    let database_url = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(fresh_postgres_database().await),
    };
    let data = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_sapxep-server"))
        .args([
            "create-user",
            "--username",
            "can.bo.hvt",
            "--display-name",
            "Cán bộ",
            "--role",
            "commune_officer",
        ])
        .args(["--jurisdiction", "06187", "--password", "mật khẩu cán bộ"])
        .env("SAPXEP_DATA_DIR", data.path())
        .env("SAPXEP_ADMIN_PASSWORD", "mật khẩu quản trị")
        .envs(database_url.iter().map(|url| ("DATABASE_URL", url.as_str())))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let client = reqwest::Client::new();
    let commune = domain::reform::reform_unit_id("lang_son_2025", &domain::OfficialCode::parse("06187").unwrap());
    let device = Uuid::new_v4();
    let mut server = start(data.path(), database_url.as_deref());
    let sign_in = |base: String| {
        let client = client.clone();
        async move {
            let answer: Value = client
                .post(format!("{base}/api/v1/sessions"))
                .json(&json!({"username": "can.bo.hvt", "password": "mật khẩu cán bộ"}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            (
                answer["token"].as_str().unwrap().to_owned(),
                answer["officer"]["id"].as_str().unwrap().to_owned(),
            )
        }
    };
    let (mut token, officer) = sign_in(server.base.clone()).await;

    // The device's outbox: 8 batches of 60 new villages.
    let mut outbox: Vec<(Uuid, Value)> = (1..=480).map(|seq| village(device, &officer, seq, commune)).collect();
    let mut acknowledged = 0usize;
    let mut kills = 0;
    let mut random: u64 = 0x5a9e_7c1d;
    while acknowledged < outbox.len() {
        let batch: Vec<Value> = outbox[acknowledged..(acknowledged + 60).min(outbox.len())]
            .iter()
            .map(|(_, m)| m.clone())
            .collect();
        let request = client
            .post(format!("{}/api/v1/sync/push", server.base))
            .bearer_auth(&token)
            .json(&json!({"device_id": device, "mutations": batch}))
            .send();
        random = random.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let kill_after = Duration::from_millis((random >> 33) % 60);
        let outcome = if kills < 6 && (random >> 20).is_multiple_of(2) {
            // Kill the server while this push may be anywhere: before, during or after its commit.
            tokio::select! {
                answer = request => Some(answer),
                () = tokio::time::sleep(kill_after) => None,
            }
        } else {
            Some(request.await)
        };
        match outcome {
            Some(Ok(answer)) if answer.status() == 200 => {
                let body: Value = answer.json().await.unwrap();
                acknowledged = body["expected_seq"].as_u64().unwrap() as usize - 1;
            }
            _ => {
                // No answer: the device does not know whether it committed. Restart and resend.
                server.kill_9();
                kills += 1;
                server = start(data.path(), database_url.as_deref());
                token = sign_in(server.base.clone()).await.0;
            }
        }
    }
    assert!(kills > 0, "the test killed the server at least once");
    // Every village once, at revision 1; the device's sequence exactly at the end.
    let mut cursor = 0;
    let mut seen = std::collections::HashMap::new();
    loop {
        let page: Value = client
            .get(format!("{}/api/v1/sync/pull?since={cursor}&limit=2000", server.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for record in page["records"].as_array().unwrap() {
            *seen.entry(record["id"].as_str().unwrap().to_owned()).or_insert(0) += 1;
            if record["record_type"] == "unit" && record["body"]["kind"] == "village" {
                assert_eq!(record["revision"], 1, "applied once");
            }
        }
        cursor = page["next_cursor"].as_u64().unwrap();
        if !page["more"].as_bool().unwrap() {
            break;
        }
    }
    outbox.retain(|(id, _)| seen.get(&id.to_string()) != Some(&1));
    assert!(outbox.is_empty(), "{} changes lost or doubled", outbox.len());
    let last = client
        .post(format!("{}/api/v1/sync/push", server.base))
        .bearer_auth(&token)
        .json(&json!({"device_id": device, "mutations": []}))
        .send()
        .await
        .unwrap();
    let body: Value = last.json().await.unwrap();
    assert_eq!(body["expected_seq"], 481);
    server.kill_9();
}
