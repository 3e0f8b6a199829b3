//! The `sapxep-server` binary as deployment scripts run it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
}

fn start(data_dir: &std::path::Path, extra_env: &[(&str, &str)]) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sapxep-server"));
    command
        .env("SAPXEP_ADDR", "127.0.0.1:0")
        .env("SAPXEP_DATA_DIR", data_dir)
        .env("SAPXEP_APP_DIR", data_dir.join("no-app"))
        .env_remove("DATABASE_URL")
        .env_remove("SAPXEP_ADMIN_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in extra_env {
        command.env(name, value);
    }
    let mut child = command.spawn().expect("the server binary starts");
    let (sender, lines) = mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let sender = sender.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
    }
    Running { child, lines }
}

impl Running {
    /// Reads lines until one contains `needle`; returns everything read.
    fn read_until(&self, needle: &str) -> String {
        let mut seen = String::new();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(60)) {
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(needle) {
                return seen;
            }
        }
        panic!("never saw {needle:?}; output:\n{seen}");
    }

    fn terminate(mut self) -> (std::process::ExitStatus, String) {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let status = self.child.wait().unwrap();
        let rest: String = self.lines.try_iter().map(|line| line + "\n").collect();
        (status, rest)
    }
}

#[test]
fn first_start_prints_the_password_once_and_sigterm_stops_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let first = start(data.path(), &[]);
    let output = first.read_until("listening on http://127.0.0.1:");
    assert!(
        output.contains("First administrator: username admin, password "),
        "{output}"
    );
    assert!(output.contains("206 of 206 new"), "{output}");
    let (status, rest) = first.terminate();
    assert!(status.success(), "{status}: {rest}");
    assert!(rest.contains("stopped"), "{rest}");
    assert!(data.path().join("sapxep.sqlite3").is_file());

    let second = start(data.path(), &[]);
    let output = second.read_until("listening on");
    assert!(output.contains("already loaded"), "{output}");
    assert!(output.contains("administrator: present"), "{output}");
    assert!(
        !output.contains("password "),
        "the password is never shown again: {output}"
    );
    let (status, _) = second.terminate();
    assert!(status.success());
}

#[test]
fn a_bad_database_url_is_a_clear_error_not_a_panic() {
    let data = tempfile::tempdir().unwrap();
    let mut running = start(data.path(), &[("DATABASE_URL", "mysql://localhost/sapxep")]);
    let status = running.child.wait().unwrap();
    let output: String = running.lines.iter().map(|line| line + "\n").collect();
    assert_eq!(status.code(), Some(1), "{output}");
    assert!(output.contains("unsupported DATABASE_URL scheme \"mysql\""), "{output}");
    assert!(!output.contains("panicked"), "{output}");
}

/// Runs `sapxep-server <args>` against the data folder and returns its output.
fn command(data_dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_sapxep-server"))
        .args(args)
        .env("SAPXEP_DATA_DIR", data_dir)
        .env("SAPXEP_ADMIN_PASSWORD", "mật khẩu quản trị")
        .env_remove("DATABASE_URL")
        .output()
        .expect("the server binary runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

fn sign_in(base: &str, username: &str, password: &str) -> (u16, String) {
    let body = serde_json::json!({ "username": username, "password": password }).to_string();
    let output = Command::new("curl")
        .args([
            "-s",
            "-o",
            "-",
            "-w",
            "\n%{http_code}",
            "-H",
            "content-type: application/json",
            "-d",
            &body,
        ])
        .arg(format!("{base}/api/v1/sessions"))
        .output()
        .expect("curl runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').unwrap_or_default();
    (status.trim().parse().unwrap_or(0), body.to_owned())
}

fn me(base: &str, token: &str) -> (u16, String) {
    let output = Command::new("curl")
        .args([
            "-s",
            "-o",
            "-",
            "-w",
            "\n%{http_code}",
            "-H",
            &format!("authorization: Bearer {token}"),
        ])
        .arg(format!("{base}/api/v1/me"))
        .output()
        .expect("curl runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let (body, status) = text.rsplit_once('\n').unwrap_or_default();
    (status.trim().parse().unwrap_or(0), body.to_owned())
}

#[test]
fn the_cli_manages_an_account_end_to_end() {
    let data = tempfile::tempdir().unwrap();
    let (created, output) = command(
        data.path(),
        &[
            "create-user",
            "--username",
            "can.bo.hvt",
            "--display-name",
            "Nông Thị Hoa",
            "--role",
            "commune_officer",
            "--jurisdiction",
            "06187",
        ],
    );
    assert!(created, "{output}");
    let password = output
        .lines()
        .find_map(|line| line.strip_prefix("password: "))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let (again, output) = command(
        data.path(),
        &[
            "create-user",
            "--username",
            "can.bo.hvt",
            "--display-name",
            "X",
            "--role",
            "commune_officer",
            "--jurisdiction",
            "06187",
        ],
    );
    assert!(!again && output.contains("taken"), "{output}");
    let (bad_role, output) = command(
        data.path(),
        &[
            "assign",
            "--username",
            "can.bo.hvt",
            "--role",
            "mayor",
            "--jurisdiction",
            "06187",
        ],
    );
    assert!(!bad_role && output.contains("unknown role \"mayor\""), "{output}");

    // The server runs on the same database while the CLI changes accounts.
    let server = start(data.path(), &[("SAPXEP_ADMIN_PASSWORD", "mật khẩu quản trị")]);
    let output = server.read_until("listening on http://");
    let base = output
        .lines()
        .find_map(|line| line.strip_prefix("listening on "))
        .unwrap()
        .trim()
        .to_owned();
    let (status, body) = sign_in(&base, "can.bo.hvt", &password);
    assert_eq!(status, 201, "{body}");
    let token = serde_json::from_str::<serde_json::Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let (assigned, output) = command(
        data.path(),
        &[
            "assign",
            "--username",
            "can.bo.hvt",
            "--role",
            "province_officer",
            "--jurisdiction",
            "20",
        ],
    );
    assert!(assigned, "{output}");
    let (status, body) = me(&base, &token);
    assert_eq!(status, 200);
    assert!(
        body.contains("\"role\":\"province_officer\"") && body.contains("Tỉnh Lạng Sơn"),
        "{body}"
    );

    let (revoked, output) = command(data.path(), &["revoke", "--username", "can.bo.hvt"]);
    assert!(
        revoked && output.contains("1 session(s) of can.bo.hvt revoked"),
        "{output}"
    );
    assert_eq!(me(&base, &token).0, 401, "the revoked token stops working");

    let (reset, output) = command(
        data.path(),
        &[
            "reset-password",
            "--username",
            "can.bo.hvt",
            "--password",
            "mật khẩu mới 2026",
        ],
    );
    assert!(reset, "{output}");
    assert_eq!(
        sign_in(&base, "can.bo.hvt", &password).0,
        401,
        "the old password no longer works"
    );
    assert_eq!(sign_in(&base, "can.bo.hvt", "mật khẩu mới 2026").0, 201);
    let (status, _) = server.terminate();
    assert!(status.success());
}

/// Two servers on one PostgreSQL database, started on the day a decision
/// takes effect: the decision is carried out once, not once per server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: TEST_POSTGRES_URL and --include-ignored (cargo xtask test does both)"]
async fn two_servers_on_one_postgresql_carry_a_decision_out_once() {
    use crate::procedure_support::*;
    use domain::proposal::workflow::{Status, Transition};
    use domain::proposal::{MergeTarget, Part};
    use domain::sync::RecordType;
    use domain::{Area, Role, UnitKind, UnitLevel, UnitName};

    let (config, data_dir) =
        crate::helpers::fresh_config(crate::helpers::Backend::Postgres, "/nonexistent".into()).await;
    let database_url = config.database_url.clone().unwrap();
    // A province of June 2025 (the 2018 procedure, its districts), as the
    // other stories of that procedure.
    let settings = server::http::Settings {
        clock: server::clock::Clock::starting_at(server::clock::parse_start(crate::helpers::BEFORE_REFORM).unwrap()),
        ..server::http::Settings::default()
    };
    let app = crate::helpers::spawn_app_on(config, data_dir, settings).await;
    let mut commune = Tablet::new(&app, "can.bo.xa", Role::CommuneOfficer, "05971").await;
    let mut district = Tablet::new(&app, "can.bo.huyen", Role::DistrictOfficer, "178").await;
    let mut province = Tablet::new(&app, "can.bo.tinh", Role::ProvinceOfficer, "20").await;
    let by = commune.officer();
    let villages = [
        new_unit("Khối 31", UnitKind::ResidentialGroup, code("05971"), by),
        new_unit("Khối 32", UnitKind::ResidentialGroup, code("05971"), by),
    ];
    for village in &villages {
        commune.save_ok(&app, RecordType::Unit, village.id, village).await;
    }
    let new_village = uuid::Uuid::now_v7();
    let mut proposal = merger(
        UnitLevel::Village,
        villages
            .iter()
            .map(|village| {
                source(
                    village.id,
                    village.name.as_str(),
                    Part::Whole,
                    figures(80, 320, Area::from_hectares(9)),
                )
            })
            .collect(),
        MergeTarget::NewUnit {
            id: new_village,
            name: UnitName::parse("Khối 31-32").unwrap(),
            kind: UnitKind::ResidentialGroup,
            parent_id: code("05971"),
        },
        by,
    );
    proposal.consultations = villages.iter().map(|village| passing(village.id, 80)).collect();
    commune
        .save_ok(&app, RecordType::Proposal, proposal.id, &proposal)
        .await;
    commune
        .step_ok(&app, &mut proposal, Transition::Submit, Status::Submitted)
        .await;
    let effective = (0..2).fold(today(), |date, _| date.succ_opt().unwrap());
    decide(&app, &mut district, &mut province, &mut proposal, effective).await;
    assert!(commune.proposal(&app, proposal.id).await.carried_out.is_none());

    let day = effective.to_string();
    let environment = [
        ("DATABASE_URL", database_url.as_str()),
        ("SAPXEP_CLOCK_START", day.as_str()),
    ];
    let (first_dir, second_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, second) = (
        start(first_dir.path(), &environment),
        start(second_dir.path(), &environment),
    );
    let mut output = first.read_until("listening on");
    output.push_str(&second.read_until("listening on"));
    // Each looks for due decisions at start; wait until the province's database says it is done.
    let mut carried = None;
    for _ in 0..100 {
        let found = commune.proposal(&app, proposal.id).await;
        if found.carried_out.is_some() {
            carried = Some(found);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(carried.is_some(), "a server carried the decision out");
    tokio::time::sleep(Duration::from_millis(500)).await;
    for running in [first, second] {
        output.push_str(&running.terminate().1);
    }
    let records = commune.pull(&app).await;
    let created = records
        .iter()
        .find(|record| record.id == new_village)
        .expect("the new village");
    assert_eq!(created.revision, 1, "created once");
    let reviews = records
        .iter()
        .filter(|record| record.record_type == RecordType::VillageReview)
        .filter(|record| {
            record
                .body
                .as_ref()
                .is_some_and(|body| body.get().contains(&new_village.to_string()))
        })
        .count();
    assert_eq!(reviews, 1, "one review of the new figures");
    assert_eq!(
        output.matches("an effective decision was carried out").count(),
        1,
        "one server did it: {output}"
    );
}

/// A test certificate for 127.0.0.1 and localhost (100 years), with its key.
fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn with_a_certificate_the_server_speaks_https_and_refuses_half_a_setting() {
    let data = tempfile::tempdir().unwrap();
    let (cert, key) = (fixture("tls-test-cert.pem"), fixture("tls-test-key.pem"));
    let running = start(data.path(), &[("SAPXEP_TLS_CERT", &cert), ("SAPXEP_TLS_KEY", &key)]);
    let output = running.read_until("listening on https://127.0.0.1:");
    let address = output
        .lines()
        .find_map(|line| line.strip_prefix("listening on "))
        .unwrap()
        .trim()
        .to_owned();
    // curl trusts the test certificate and nothing else: a real TLS handshake.
    let answer = Command::new("curl")
        .args(["-sS", "--fail", "--cacert", &cert])
        .arg(format!("{address}/api/health"))
        .output()
        .expect("curl runs");
    assert!(answer.status.success(), "{}", String::from_utf8_lossy(&answer.stderr));
    assert!(String::from_utf8_lossy(&answer.stdout).contains("ok"), "{answer:?}");
    let plain = Command::new("curl")
        .args(["-sS", "--max-time", "5"])
        .arg(address.replace("https://", "http://") + "/api/health")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&plain.stdout).contains("\"ok\""),
        "plain HTTP is not served on the HTTPS port"
    );
    let (status, rest) = running.terminate();
    assert!(status.success(), "{status}: {rest}");
    assert!(rest.contains("stopped"), "{rest}");

    // A certificate without its key: a clear refusal before anything listens.
    let half = start(data.path(), &[("SAPXEP_TLS_CERT", &cert)]);
    let output = half.read_until("SAPXEP_TLS_KEY");
    assert!(
        output.contains("SAPXEP_TLS_CERT and SAPXEP_TLS_KEY go together: SAPXEP_TLS_KEY is missing"),
        "{output}"
    );
    let (status, _) = half.terminate();
    assert!(!status.success());
}
