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
