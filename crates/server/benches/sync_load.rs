//! Load on the sync API: 200 devices, each of its own officer, syncing at
//! once against the real server on loopback (SQLite, in this process on its
//! own runtime), over real HTTP. Each round a device pushes 20 new villages
//! (gzip body) and pulls its commune's changes (gzip answer). Prints the
//! latency of each kind of request (p50, p99, max), the errors, and the bytes
//! on the wire per record both ways against the raw JSON, with raw SQL
//! inserts of the same records as the floor. Run by `cargo xtask bench`.

use domain::sync::protocol::{PullResponse, PushRequest, PushResponse};
use domain::sync::{Mutation, RecordType, diff};
use domain::{Lifecycle, OfficerId, Role, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitName};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use server::config::Config;
use server::http::{AppState, Settings, router};
use server::startup;
use std::io::{Read, Write};
use std::time::{Duration, Instant};
use uuid::Uuid;

const DEVICES: usize = 200;
const ROUNDS: usize = 3;
const EDITS_PER_PUSH: usize = 20;
const PASSWORD: &str = "mật khẩu đo tải";

struct Device {
    id: Uuid,
    officer: Uuid,
    commune: Uuid,
    token: String,
    seq: u64,
    cursor: u64,
}

#[derive(Default)]
struct Tally {
    push_ms: Vec<f64>,
    pull_ms: Vec<f64>,
    errors: Vec<String>,
    push_raw: usize,
    push_wire: usize,
    pushed: usize,
    pull_raw: usize,
    pull_wire: usize,
    pulled: usize,
}

fn main() {
    let data_dir = tempfile::tempdir().unwrap();
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (address, communes) = server_runtime.block_on(start_server(data_dir.path().to_path_buf()));
    let client_runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    client_runtime.block_on(load(address, communes, data_dir.path()));
    drop(server_runtime);
}

async fn start_server(data_dir: std::path::PathBuf) -> (String, Vec<(Uuid, String)>) {
    let config = Config::for_data_dir(data_dir.clone(), data_dir);
    let database = startup::open_database(&config).await.unwrap();
    startup::prepare(database.as_ref(), Some(PASSWORD), &server::clock::Clock::system())
        .await
        .unwrap();
    let reference = server::reference_data::lang_son_2024().unwrap();
    let communes: Vec<(Uuid, String)> = reference
        .units
        .iter()
        .filter(|unit| unit.kind.level() == domain::UnitLevel::Commune)
        .map(|unit| (unit.id, unit.code.to_string()))
        .collect();
    // The 200 accounts, made directly (as the CLI would).
    let mut made = tokio::task::JoinSet::new();
    for index in 0..DEVICES {
        let database = database.clone();
        let code = communes[index % communes.len()].1.clone();
        made.spawn(async move {
            server::accounts::create_officer(
                database.as_ref(),
                &format!("tai.{index}"),
                "Đo tải",
                Role::CommuneOfficer,
                &code,
                PASSWORD,
            )
            .await
            .unwrap();
        });
    }
    made.join_all().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let app = router(AppState::with_settings(
        database,
        std::path::PathBuf::from("."),
        Settings::default(),
    ));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    (address, communes)
}

async fn load(address: String, communes: Vec<(Uuid, String)>, data_dir: &std::path::Path) {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(DEVICES)
        .build()
        .unwrap();
    let mut devices = Vec::new();
    let mut signing = tokio::task::JoinSet::new();
    for index in 0..DEVICES {
        let (http, address) = (http.clone(), address.clone());
        let commune = communes[index % communes.len()].0;
        signing.spawn(async move {
            let signed: serde_json::Value = http
                .post(format!("{address}/api/v1/sessions"))
                .json(&serde_json::json!({ "username": format!("tai.{index}"), "password": PASSWORD }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            Device {
                id: Uuid::new_v4(),
                officer: signed["officer"]["id"].as_str().unwrap().parse().unwrap(),
                commune,
                token: signed["token"].as_str().unwrap().to_owned(),
                seq: 0,
                cursor: 0,
            }
        });
    }
    while let Some(device) = signing.join_next().await {
        devices.push(device.unwrap());
    }

    single_device(&http, &address, &mut devices[0]).await;

    println!("BENCH sync API under load: {DEVICES} devices at once, {ROUNDS} rounds, server on loopback (SQLite)");
    let mut tally = Tally::default();
    let started = Instant::now();
    for _ in 0..ROUNDS {
        let mut round = tokio::task::JoinSet::new();
        for mut device in devices.drain(..) {
            let (http, address) = (http.clone(), address.clone());
            round.spawn(async move {
                let mut tally = Tally::default();
                sync(&http, &address, &mut device, &mut tally).await;
                (device, tally)
            });
        }
        while let Some(done) = round.join_next().await {
            let (device, part) = done.unwrap();
            devices.push(device);
            tally.push_ms.extend(part.push_ms);
            tally.pull_ms.extend(part.pull_ms);
            tally.errors.extend(part.errors);
            tally.push_raw += part.push_raw;
            tally.push_wire += part.push_wire;
            tally.pushed += part.pushed;
            tally.pull_raw += part.pull_raw;
            tally.pull_wire += part.pull_wire;
            tally.pulled += part.pulled;
        }
    }
    let elapsed = started.elapsed();
    let (push_p50, push_p99, push_max) = percentiles(&mut tally.push_ms);
    let (pull_p50, pull_p99, pull_max) = percentiles(&mut tally.pull_ms);
    let p99 = push_p99.max(pull_p99);
    println!(
        "BENCH  push ({EDITS_PER_PUSH} edits)   p50 {push_p50:>6.1} ms  p99 {push_p99:>6.1} ms  max {push_max:>6.1} ms  ({} requests)",
        tally.push_ms.len()
    );
    println!(
        "BENCH  pull             p50 {pull_p50:>6.1} ms  p99 {pull_p99:>6.1} ms  max {pull_max:>6.1} ms  ({} requests)",
        tally.pull_ms.len()
    );
    println!(
        "BENCH  {} mutations applied in {:.1} s; errors: {}; target p99 < 250 ms and no error: {}",
        tally.pushed,
        elapsed.as_secs_f64(),
        tally.errors.len(),
        if p99 < 250.0 && tally.errors.is_empty() {
            "met"
        } else {
            "MISSED"
        }
    );
    for error in tally.errors.iter().take(5) {
        println!("BENCH    error: {error}");
    }
    println!(
        "BENCH  push on the wire: {:.0} B per record gzip vs {:.0} B raw JSON ({:.2}×)",
        tally.push_wire as f64 / tally.pushed.max(1) as f64,
        tally.push_raw as f64 / tally.pushed.max(1) as f64,
        tally.push_wire as f64 / tally.push_raw.max(1) as f64
    );
    println!(
        "BENCH  pull on the wire: {:.0} B per record gzip vs {:.0} B raw JSON ({:.2}×; target < 0.5×: {})",
        tally.pull_wire as f64 / tally.pulled.max(1) as f64,
        tally.pull_raw as f64 / tally.pulled.max(1) as f64,
        tally.pull_wire as f64 / tally.pull_raw.max(1) as f64,
        if (tally.pull_wire as f64) < 0.5 * tally.pull_raw as f64 {
            "met"
        } else {
            "MISSED"
        }
    );
    sql_floor(data_dir, tally.pushed).await;
}

/// One device's round: push its new villages, then pull.
async fn sync(http: &reqwest::Client, address: &str, device: &mut Device, tally: &mut Tally) {
    let mutations: Vec<Mutation> = (0..EDITS_PER_PUSH).map(|_| new_village(device)).collect();
    let body = serde_json::to_vec(&PushRequest {
        device_id: device.id,
        mutations,
    })
    .unwrap();
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(&body).unwrap();
    let compressed = encoder.finish().unwrap();
    tally.push_raw += body.len();
    tally.push_wire += compressed.len();
    let started = Instant::now();
    let answer = http
        .post(format!("{address}/api/v1/sync/push"))
        .bearer_auth(&device.token)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(compressed)
        .timeout(Duration::from_secs(30))
        .send()
        .await;
    match answer {
        Ok(response) if response.status().is_success() => {
            let bytes = response.bytes().await.unwrap_or_default();
            tally.push_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            match serde_json::from_slice::<PushResponse>(&bytes) {
                Ok(answer) if answer.results.len() == EDITS_PER_PUSH => tally.pushed += EDITS_PER_PUSH,
                Ok(answer) => tally
                    .errors
                    .push(format!("push took {} of {EDITS_PER_PUSH}", answer.results.len())),
                Err(error) => tally.errors.push(format!("push answer: {error}")),
            }
        }
        Ok(response) => tally.errors.push(format!("push: HTTP {}", response.status())),
        Err(error) => tally.errors.push(format!("push: {error}")),
    }

    let started = Instant::now();
    let answer = http
        .get(format!("{address}/api/v1/sync/pull?since={}&limit=1000", device.cursor))
        .bearer_auth(&device.token)
        .header("accept-encoding", "gzip")
        .timeout(Duration::from_secs(30))
        .send()
        .await;
    match answer {
        Ok(response) if response.status().is_success() => {
            let gzipped = response
                .headers()
                .get("content-encoding")
                .is_some_and(|value| value == "gzip");
            let wire = response.bytes().await.unwrap_or_default();
            tally.pull_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            let mut raw = Vec::new();
            if gzipped {
                GzDecoder::new(&wire[..]).read_to_end(&mut raw).unwrap();
            } else {
                raw = wire.to_vec();
            }
            match serde_json::from_slice::<PullResponse>(&raw) {
                Ok(page) => {
                    device.cursor = page.next_cursor;
                    tally.pulled += page.records.len();
                    tally.pull_raw += raw.len();
                    tally.pull_wire += wire.len();
                }
                Err(error) => tally.errors.push(format!("pull answer: {error}")),
            }
        }
        Ok(response) => tally.errors.push(format!("pull: HTTP {}", response.status())),
        Err(error) => tally.errors.push(format!("pull: {error}")),
    }
}

/// One device pushes 10,000 new villages in batches of 500, as the app's
/// engine does: the server's share of the app's push benchmark.
async fn single_device(http: &reqwest::Client, address: &str, device: &mut Device) {
    let started = Instant::now();
    let mut server_ms = 0.0;
    for _ in 0..20 {
        let mutations: Vec<Mutation> = (0..500).map(|_| new_village(device)).collect();
        let body = serde_json::to_vec(&PushRequest {
            device_id: device.id,
            mutations,
        })
        .unwrap();
        let sent = Instant::now();
        let response = http
            .post(format!("{address}/api/v1/sync/push"))
            .bearer_auth(&device.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        let _ = response.bytes().await;
        server_ms += sent.elapsed().as_secs_f64() * 1000.0;
    }
    println!(
        "BENCH one device pushes 10,000 new villages in 20 batches: {:.0} ms on the server's side ({:.0} ms in all)",
        server_ms,
        started.elapsed().as_secs_f64() * 1000.0
    );
}

fn new_village(device: &mut Device) -> Mutation {
    device.seq += 1;
    let id = Uuid::now_v7();
    let village = Unit {
        id,
        code: None,
        // Unique in the commune (the server refuses a second village of a name).
        name: UnitName::parse(&format!(
            "Thôn Nà Pàn {} {}",
            &device.id.simple().to_string()[..8],
            device.seq
        ))
        .unwrap(),
        kind: UnitKind::Village,
        parent_id: Some(device.commune),
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes::default(),
        meta: SyncMeta::created(Timestamp(0), OfficerId(device.officer)),
    };
    Mutation {
        mutation_id: Uuid::now_v7(),
        device_id: device.id,
        seq: device.seq,
        record_type: RecordType::Unit,
        record_id: id,
        base_revision: 0,
        base_epoch: None,
        changes: diff(None, &serde_json::to_value(&village).unwrap()),
        officer_id: OfficerId(device.officer),
        at: Timestamp(1_795_834_800_000),
        resolves: Vec::new(),
    }
}

fn percentiles(times: &mut [f64]) -> (f64, f64, f64) {
    if times.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    times.sort_by(f64::total_cmp);
    let at = |fraction: f64| times[((times.len() as f64 * fraction).ceil() as usize).clamp(1, times.len()) - 1];
    (at(0.5), at(0.99), times[times.len() - 1])
}

/// The floor: the same number of records inserted with raw SQL into a table
/// of the same shape, in one transaction per 20 (as the pushes were).
async fn sql_floor(data_dir: &std::path::Path, records: usize) {
    use sqlx::ConnectOptions;
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(data_dir.join("floor.sqlite3"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
    let mut connection = options.connect().await.unwrap();
    sqlx::query("CREATE TABLE records (id TEXT PRIMARY KEY, body TEXT NOT NULL, change_seq INTEGER NOT NULL)")
        .execute(&mut connection)
        .await
        .unwrap();
    let body = serde_json::json!({"name": "Thôn Nà Pàn", "kind": "village", "attributes": {"border_commune": false}})
        .to_string();
    let started = Instant::now();
    let mut seq = 0i64;
    for _ in 0..records.div_ceil(EDITS_PER_PUSH) {
        let mut transaction = sqlx::Connection::begin(&mut connection).await.unwrap();
        for _ in 0..EDITS_PER_PUSH {
            seq += 1;
            sqlx::query("INSERT INTO records (id, body, change_seq) VALUES (?, ?, ?)")
                .bind(Uuid::now_v7().to_string())
                .bind(&body)
                .bind(seq)
                .execute(&mut *transaction)
                .await
                .unwrap();
        }
        transaction.commit().await.unwrap();
    }
    println!(
        "BENCH  floor: raw SQL, {records} inserts in transactions of {EDITS_PER_PUSH}, one connection: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
