//! A throw-away PostgreSQL cluster for the server's tests: in a temporary
//! folder, on a free loopback port, stopped and removed when dropped.

use crate::process::{apt_install, output, run};
use crate::stages::timed;
use anyhow::Context;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

/// A running cluster, or one given by `TEST_POSTGRES_URL`.
pub struct TestPostgres {
    pub url: String,
    cluster: Option<Cluster>,
}

struct Cluster {
    bin_dir: PathBuf,
    data_dir: PathBuf,
    run_as_postgres: bool,
}

/// Uses `TEST_POSTGRES_URL` when set, else starts a throw-away cluster
/// (installing Debian's `postgresql` when no server binaries are found).
pub fn start() -> anyhow::Result<TestPostgres> {
    if let Ok(url) = std::env::var("TEST_POSTGRES_URL") {
        println!("  PostgreSQL: using TEST_POSTGRES_URL");
        return Ok(TestPostgres { url, cluster: None });
    }
    let bin_dir = match find_bin_dir() {
        Some(dir) => dir,
        None => {
            println!("  PostgreSQL server missing: installing Debian's postgresql");
            timed("postgresql: installed", || apt_install(&["postgresql"]))?;
            find_bin_dir().context("PostgreSQL's initdb is still missing after installing postgresql")?
        }
    };
    timed("PostgreSQL: throw-away cluster started", || start_cluster(bin_dir))
}

fn find_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn start_cluster(bin_dir: PathBuf) -> anyhow::Result<TestPostgres> {
    // PostgreSQL refuses to run as root: then the cluster belongs to `postgres`.
    let run_as_postgres = crate::process::is_root();
    let data_dir = std::env::temp_dir().join(format!("sapxep-test-pg-{}", std::process::id()));
    if data_dir.exists() {
        std::fs::remove_dir_all(&data_dir)?;
    }
    std::fs::create_dir_all(&data_dir)?;
    if run_as_postgres {
        run(Command::new("chown").arg("postgres:postgres").arg(&data_dir))
            .context("the postgres user is needed to run PostgreSQL as root")?;
    }
    let cluster = Cluster {
        bin_dir,
        data_dir,
        run_as_postgres,
    };
    let port = free_port()?;
    output(
        cluster
            .command("initdb")
            .args([
                "--auth=trust",
                "--username=postgres",
                "--encoding=UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(cluster.pgdata()),
    )?;
    let options = format!(
        "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        cluster.data_dir.display()
    );
    output(
        cluster
            .command("pg_ctl")
            .args(["-w", "-t", "60", "-D"])
            .arg(cluster.pgdata())
            .arg("-l")
            .arg(cluster.data_dir.join("server.log"))
            .args(["-o", &options, "start"]),
    )?;
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    Ok(TestPostgres {
        url,
        cluster: Some(cluster),
    })
}

impl Cluster {
    fn pgdata(&self) -> PathBuf {
        self.data_dir.join("pgdata")
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin_dir.join(program);
        if self.run_as_postgres {
            let mut command = Command::new("runuser");
            command
                .args(["-u", "postgres", "--"])
                .arg(program)
                .current_dir(&self.data_dir);
            command
        } else {
            let mut command = Command::new(program);
            command.current_dir(&self.data_dir);
            command
        }
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        if let Some(cluster) = &self.cluster {
            let _ = output(
                cluster
                    .command("pg_ctl")
                    .args(["-m", "immediate", "-D"])
                    .arg(cluster.pgdata())
                    .arg("stop"),
            );
            let _ = std::fs::remove_dir_all(&cluster.data_dir);
        }
    }
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
