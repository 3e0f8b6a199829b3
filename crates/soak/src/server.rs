//! The real server binary as the simulation runs it: a database of its own
//! per history (a copy of a prepared template), started on a free loopback
//! port, killed with SIGKILL and started again, backed up while stopped and
//! restored with `new-epoch`, its accounts changed through its own CLI.

use anyhow::{Context, bail};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The password of every simulated account.
pub const PASSWORD: &str = "soak-password-1";
/// The first administrator's password on the template.
const ADMIN_PASSWORD: &str = "soak-admin-password";

/// Where a history's database lives.
#[derive(Clone, Debug)]
pub enum Backend {
    /// The embedded SQLite file, in a folder of its own.
    Sqlite,
    /// A database on this PostgreSQL server (the URL of its `postgres` database).
    Postgres { admin_url: String },
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres { .. } => "PostgreSQL",
        }
    }
}

/// One database: a folder (SQLite) or a database name (PostgreSQL).
#[derive(Clone, Debug)]
pub struct Database {
    backend: Backend,
    /// SQLite: the data folder. PostgreSQL: unused.
    dir: PathBuf,
    /// PostgreSQL: the database's name.
    name: String,
}

impl Database {
    fn env(&self, command: &mut Command) {
        match &self.backend {
            Backend::Sqlite => {
                command.env("SAPXEP_DATA_DIR", &self.dir).env_remove("DATABASE_URL");
            }
            Backend::Postgres { admin_url } => {
                command
                    .env("SAPXEP_DATA_DIR", &self.dir)
                    .env("DATABASE_URL", with_database(admin_url, &self.name));
            }
        }
    }

    /// A copy of this database (the server stopped) as `name`.
    fn copy_as(&self, root: &Path, name: &str) -> anyhow::Result<Database> {
        let copy = Database {
            backend: self.backend.clone(),
            dir: root.join(name),
            name: name.to_owned(),
        };
        match &self.backend {
            Backend::Sqlite => copy_dir(&self.dir, &copy.dir)?,
            Backend::Postgres { admin_url } => {
                std::fs::create_dir_all(&copy.dir)?;
                psql(
                    admin_url,
                    &format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
                        self.name
                    ),
                )?;
                psql(admin_url, &format!("DROP DATABASE IF EXISTS {name}"))?;
                psql(admin_url, &format!("CREATE DATABASE {name} TEMPLATE {}", self.name))?;
            }
        }
        Ok(copy)
    }

    /// Puts `backup` in this database's place (the server stopped).
    fn replace_with(&self, root: &Path, backup: &Database) -> anyhow::Result<()> {
        match &self.backend {
            Backend::Sqlite => {
                std::fs::remove_dir_all(&self.dir)?;
                copy_dir(&backup.dir, &self.dir)
            }
            Backend::Postgres { .. } => {
                self.drop_database()?;
                backup.copy_as(root, &self.name).map(|_| ())
            }
        }
    }

    pub fn drop_database(&self) -> anyhow::Result<()> {
        if let Backend::Postgres { admin_url } = &self.backend {
            psql(
                admin_url,
                &format!(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
                    self.name
                ),
            )?;
            psql(admin_url, &format!("DROP DATABASE IF EXISTS {}", self.name))?;
        }
        Ok(())
    }
}

fn with_database(admin_url: &str, name: &str) -> String {
    match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => format!("{admin_url}/{name}"),
    }
}

/// PostgreSQL's client: Debian's, beside the server binaries, or on the PATH.
fn psql_binary() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let psql = entry.path().join("bin").join("psql");
            psql.is_file().then_some((version, psql))
        })
        .collect();
    found.sort();
    found.pop().map_or_else(|| PathBuf::from("psql"), |(_, psql)| psql)
}

fn psql(url: &str, statement: &str) -> anyhow::Result<()> {
    let output = Command::new(psql_binary())
        .args([url, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement])
        .stdin(Stdio::null())
        .output()
        .context("cannot run psql")?;
    if !output.status.success() {
        bail!("psql {statement}: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// The server binary and where its histories' databases go.
#[derive(Clone, Debug)]
pub struct Installation {
    pub binary: PathBuf,
    pub root: PathBuf,
    pub app_dir: PathBuf,
    pub backend: Backend,
}

impl Installation {
    fn command(&self, database: &Database) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .env("SAPXEP_APP_DIR", &self.app_dir)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null());
        database.env(&mut command);
        command
    }

    /// Runs one of the server's CLI commands on `database`.
    pub fn cli(&self, database: &Database, arguments: &[&str]) -> anyhow::Result<()> {
        let output = self
            .command(database)
            .args(arguments)
            .output()
            .with_context(|| format!("cannot run {}", self.binary.display()))?;
        if !output.status.success() {
            bail!(
                "sapxep-server {}: {}",
                arguments.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }

    /// The template every history starts from: migrated, reference data and
    /// the 2025 reform loaded, the simulated accounts created.
    pub fn template(&self, accounts: &[(&str, &str, &str)]) -> anyhow::Result<Database> {
        let database = Database {
            backend: self.backend.clone(),
            dir: self.root.join("template"),
            name: "sapxep_soak_template".to_owned(),
        };
        std::fs::create_dir_all(&database.dir)?;
        if let Backend::Postgres { admin_url } = &self.backend {
            database.drop_database()?;
            psql(admin_url, &format!("CREATE DATABASE {}", database.name))?;
        }
        let mut first = self.command(&database);
        first.env("SAPXEP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        let mut server = Running::start(first)?;
        server.stop();
        for (username, role, jurisdiction) in accounts {
            self.cli(
                &database,
                &[
                    "create-user",
                    "--username",
                    username,
                    "--display-name",
                    username,
                    "--role",
                    role,
                    "--jurisdiction",
                    jurisdiction,
                    "--password",
                    PASSWORD,
                ],
            )?;
        }
        Ok(database)
    }

    /// A history's own database, copied from the template.
    pub fn database_for(&self, template: &Database, history: u64) -> anyhow::Result<Database> {
        template.copy_as(&self.root, &format!("sapxep_soak_h{history}"))
    }
}

/// A server process serving one history's database.
pub struct Server {
    installation: Installation,
    pub database: Database,
    running: Option<Running>,
    /// The backup taken during this history, if any.
    backup: Option<Database>,
}

impl Server {
    pub fn start(installation: Installation, database: Database) -> anyhow::Result<Self> {
        let running = Running::start(installation.command(&database))?;
        Ok(Self {
            installation,
            database,
            running: Some(running),
            backup: None,
        })
    }

    /// The address it listens on now (it changes at each start).
    pub fn url(&self) -> Option<&str> {
        self.running.as_ref().map(|running| running.url.as_str())
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// SIGKILL: no shutdown, whatever is in flight.
    pub fn kill(&mut self) {
        if let Some(mut running) = self.running.take() {
            running.kill();
        }
    }

    /// Started again on the same database, if it was stopped.
    pub fn ensure_running(&mut self) -> anyhow::Result<()> {
        if self.running.is_none() {
            self.running = Some(Running::start(self.installation.command(&self.database))?);
        }
        Ok(())
    }

    /// The nightly backup: taken with the server stopped (killed: a crash
    /// copy, which SQLite and PostgreSQL recover), then the server runs on.
    pub fn back_up(&mut self) -> anyhow::Result<()> {
        self.kill();
        let name = format!("{}_backup", self.database.name);
        self.backup = Some(self.database.copy_as(&self.installation.root, &name)?);
        self.ensure_running()
    }

    /// The disk is lost: the backup is put back, the operator runs
    /// `new-epoch`, the server starts on it. Whether there was one.
    pub fn restore(&mut self) -> anyhow::Result<bool> {
        let Some(backup) = self.backup.take() else {
            return Ok(false);
        };
        self.kill();
        self.database.replace_with(&self.installation.root, &backup)?;
        backup.drop_database()?;
        self.installation.cli(&self.database, &["new-epoch"])?;
        self.ensure_running()?;
        Ok(true)
    }

    pub fn has_backup(&self) -> bool {
        self.backup.is_some()
    }

    /// An account's new role and jurisdiction, through the server's CLI.
    pub fn assign(&self, username: &str, role: &str, jurisdiction: &str) -> anyhow::Result<()> {
        self.installation.cli(
            &self.database,
            &[
                "assign",
                "--username",
                username,
                "--role",
                role,
                "--jurisdiction",
                jurisdiction,
            ],
        )
    }

    /// Stops the server and removes the history's databases.
    pub fn finish(mut self) -> anyhow::Result<()> {
        if let Some(mut running) = self.running.take() {
            running.stop();
        }
        if let Some(backup) = self.backup.take() {
            backup.drop_database()?;
        }
        self.database.drop_database()?;
        if self.database.dir.exists() {
            std::fs::remove_dir_all(&self.database.dir)?;
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

struct Running {
    url: String,
    child: Child,
}

impl Running {
    fn start(mut command: Command) -> anyhow::Result<Self> {
        command
            .env("SAPXEP_ADDR", "127.0.0.1:0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = command.spawn().context("cannot start the server")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let (found, listening) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let mut sent = false;
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                if !sent && let Some(at) = line.find("listening on ") {
                    let _ = found.send(line[at + "listening on ".len()..].trim().to_owned());
                    sent = true;
                }
                line.clear();
            }
        });
        match listening.recv_timeout(Duration::from_secs(120)) {
            Ok(url) => Ok(Self { url, child }),
            Err(_) => {
                let _ = child.kill();
                let status = child.wait().ok();
                bail!("the server did not start listening (exit: {status:?})")
            }
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, and a wait for the graceful shutdown.
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..200 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        self.kill();
    }
}
