//! The real server, started on a free loopback port with a fresh SQLite
//! database for browser tests and benchmarks, and stopped when dropped.

use crate::temp_dir::TempDir;
use anyhow::{Context, bail};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The administrator's password on test servers.
pub const ADMIN_PASSWORD: &str = "test-admin-password";

pub struct TestServer {
    pub url: String,
    child: Child,
    _data_dir: TempDir,
}

impl TestServer {
    /// Starts `binary` with `env` added, and waits until it listens.
    pub fn start(binary: &Path, env: &[(&str, &str)]) -> anyhow::Result<Self> {
        let data_dir = TempDir::new(&format!("sapxep-test-server-{}", std::process::id()))?;
        let mut command = Command::new(binary);
        command
            .env("SAPXEP_ADDR", "127.0.0.1:0")
            .env("SAPXEP_DATA_DIR", data_dir.path())
            .env("SAPXEP_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("SAPXEP_APP_DIR", crate::project::dist_dir())
            .env_remove("DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let (found, listening) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let mut sent = false;
            // Reads to the end, so that the server never blocks on a full pipe.
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                if !sent && let Some(at) = line.find("listening on ") {
                    let url = line[at + "listening on ".len()..].trim().to_owned();
                    let _ = found.send(url);
                    sent = true;
                }
                line.clear();
            }
        });
        match listening.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => Ok(Self {
                url,
                child,
                _data_dir: data_dir,
            }),
            Err(_) => {
                let _ = child.kill();
                bail!("the test server did not start listening within 60 s")
            }
        }
    }

    /// A loopback address with a port free right now.
    pub fn free_loopback_address() -> anyhow::Result<String> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        Ok(listener.local_addr()?.to_string())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
