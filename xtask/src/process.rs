//! Running commands, with their output shown and their failure explained.

use anyhow::{Context, bail};
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A command's line as the user would type it.
pub fn describe(command: &Command) -> String {
    let mut words = vec![command.get_program().to_string_lossy().into_owned()];
    words.extend(command.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    words.join(" ")
}

/// Runs a command with its output shown; fails unless it exits with 0.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let line = describe(command);
    println!("  $ {line}");
    let status = command.status().with_context(|| format!("cannot start `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns its standard output; fails unless it exits with 0.
pub fn output(command: &mut Command) -> anyhow::Result<String> {
    let line = describe(command);
    let Output { status, stdout, stderr } = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot start `{line}`"))?;
    if !status.success() {
        bail!(
            "`{line}` failed ({status}): {}",
            String::from_utf8_lossy(&stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&stdout).into_owned())
}

/// Whether a program answers `program args…` with success.
pub fn answers(program: impl AsRef<OsStr>, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The first of `names` found on `PATH` (or as given, when it is a path).
pub fn find_program(names: &[&str]) -> Option<std::path::PathBuf> {
    for name in names {
        let candidate = Path::new(name);
        if candidate.is_absolute() && candidate.is_file() {
            return Some(candidate.to_path_buf());
        }
        let path = std::env::var_os("PATH")?;
        for dir in std::env::split_paths(&path) {
            let full = dir.join(name);
            if full.is_file() {
                return Some(full);
            }
        }
    }
    None
}

/// Whether this process runs as root.
pub fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0")
}

/// Whether this machine is Debian (or derived from it), where apt-get works.
pub fn is_debian() -> bool {
    Path::new("/etc/debian_version").is_file()
}

/// Installs Debian packages with apt-get, refreshing the package lists once if
/// the first attempt fails (a fresh machine may have none).
pub fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    if !is_debian() || !is_root() {
        bail!(
            "{} missing; this is not a Debian machine run as root, so install them yourself \
             (Debian: `apt-get install -y {}`)",
            packages.join(", "),
            packages.join(" ")
        );
    }
    let install = || {
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if install() {
        return Ok(());
    }
    run(Command::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if !install() {
        bail!("apt-get could not install {}", packages.join(" "));
    }
    Ok(())
}
