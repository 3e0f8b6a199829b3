//! The tools that build and test the app, installed when missing, at pinned
//! versions, from crates.io and the npm registry only (no prebuilt download):
//! the wasm32 target, Trunk, wasm-bindgen-cli at Cargo.lock's version, and
//! binaryen's wasm-opt from npm (never Debian's binaryen 108: its output crashes).

use crate::process::{answers, output, run};
use crate::project;
use crate::stages::timed;
use anyhow::{Context, bail};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Trunk's version: 0.22 needs a newer rustc than this machine's 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
/// binaryen's version on npm; Trunk.toml names it `version_132`.
pub const BINARYEN_VERSION: &str = "132.0.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The installed tools, and the environment that puts them first on `PATH`.
pub struct Toolchain {
    pub wasm_bindgen_version: String,
    bin_dirs: Vec<PathBuf>,
}

impl Toolchain {
    /// `PATH` with the project's tools first.
    pub fn path_env(&self) -> OsString {
        let mut dirs = self.bin_dirs.clone();
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).unwrap_or_default()
    }

    /// A `cargo` command in the workspace, with the tools on `PATH` and the
    /// shared target folder.
    pub fn cargo(&self, args: &[&str]) -> Command {
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command
            .args(args)
            .current_dir(project::root())
            .env("PATH", self.path_env())
            .env("CARGO_TARGET_DIR", project::target_dir());
        command
    }

    /// A Trunk command that uses exactly these tools and never downloads.
    pub fn trunk(&self, args: &[&str]) -> Command {
        let mut command = Command::new("trunk");
        command
            .args(args)
            .current_dir(project::root())
            .env("PATH", self.path_env())
            .env("CARGO_TARGET_DIR", project::target_dir())
            .env("TRUNK_OFFLINE", "true")
            .env("TRUNK_TOOLS_WASM_BINDGEN", &self.wasm_bindgen_version)
            .env("TRUNK_TOOLS_WASM_OPT", format!("version_{}", binaryen_major()));
        command
    }
}

/// Makes sure every build tool is present at its pinned version.
pub fn ensure() -> anyhow::Result<Toolchain> {
    println!("toolchain (cached in {})", project::cache_dir().display());
    let tools_dir = project::cache_dir().join("tools");
    let wasm_bindgen_version = locked_version("wasm-bindgen")?;
    check_trunk_toml(&wasm_bindgen_version)?;

    ensure_wasm_target()?;
    let trunk_root = tools_dir.join(format!("trunk-{TRUNK_VERSION}"));
    ensure_cargo_tool("trunk", TRUNK_VERSION, &trunk_root, &["--locked"], "trunk")?;
    let bindgen_root = tools_dir.join(format!("wasm-bindgen-{wasm_bindgen_version}"));
    // No --locked: wasm-bindgen-cli's lockfile wants a crate this registry lacks.
    ensure_cargo_tool(
        "wasm-bindgen-cli",
        &wasm_bindgen_version,
        &bindgen_root,
        &[],
        "wasm-bindgen",
    )?;
    let binaryen_dir = tools_dir.join(format!("binaryen-{BINARYEN_VERSION}"));
    ensure_wasm_opt(&binaryen_dir)?;

    Ok(Toolchain {
        wasm_bindgen_version,
        bin_dirs: vec![
            trunk_root.join("bin"),
            bindgen_root.join("bin"),
            binaryen_dir.join("node_modules").join(".bin"),
        ],
    })
}

/// The version of a package in Cargo.lock.
pub fn locked_version(package: &str) -> anyhow::Result<String> {
    let lock_path = project::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path).with_context(|| format!("cannot read {}", lock_path.display()))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"")
            && let Some(version) = lines.next().and_then(|next| next.trim().strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    bail!("{package} is not in Cargo.lock")
}

fn binaryen_major() -> &'static str {
    BINARYEN_VERSION.split('.').next().unwrap_or(BINARYEN_VERSION)
}

/// Trunk.toml must name the same wasm-bindgen as Cargo.lock, or Trunk run by
/// hand would look for another version.
fn check_trunk_toml(wasm_bindgen_version: &str) -> anyhow::Result<()> {
    let trunk_toml = std::fs::read_to_string(project::root().join("Trunk.toml")).context("cannot read Trunk.toml")?;
    let wanted = format!("wasm_bindgen = \"{wasm_bindgen_version}\"");
    if !trunk_toml.lines().any(|line| line.trim() == wanted) {
        bail!("Trunk.toml must say `{wanted}` to match Cargo.lock");
    }
    Ok(())
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .context("rustup is needed to add the wasm32 target")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("  {WASM_TARGET} target: present");
        return Ok(());
    }
    timed(&format!("{WASM_TARGET} target: installed"), || {
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
    })
}

fn ensure_cargo_tool(
    package: &str,
    version: &str,
    root: &Path,
    extra_args: &[&str],
    binary: &str,
) -> anyhow::Result<()> {
    let executable = root.join("bin").join(binary);
    let reported = output(Command::new(&executable).arg("--version")).unwrap_or_default();
    if reported.split_whitespace().nth(1) == Some(version) {
        println!("  {binary} {version}: present");
        return Ok(());
    }
    println!("  {binary} {version}: installing from crates.io (a few minutes, once per machine)");
    timed(&format!("{binary} {version}: installed"), || {
        let mut install = Command::new("cargo");
        install
            .args(["install", package, "--version", version, "--root"])
            .arg(root)
            .args(extra_args)
            // Tools build in their own folder, never in the project's target.
            .env_remove("CARGO_TARGET_DIR")
            .current_dir(root.parent().unwrap_or(root));
        std::fs::create_dir_all(root)?;
        run(&mut install)
    })
}

fn ensure_wasm_opt(dir: &Path) -> anyhow::Result<()> {
    let executable = dir.join("node_modules").join(".bin").join("wasm-opt");
    let reported = output(Command::new(&executable).arg("--version")).unwrap_or_default();
    if reported.split_whitespace().nth(2) == Some(binaryen_major()) {
        println!("  wasm-opt {}: present", binaryen_major());
        return Ok(());
    }
    if !answers("npm", &["--version"]) {
        bail!("npm is needed to install binaryen's wasm-opt (Debian: apt-get install -y npm)");
    }
    timed(
        &format!("wasm-opt {}: installed from the npm registry", binaryen_major()),
        || {
            std::fs::create_dir_all(dir)?;
            run(Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(dir)
                .arg(format!("binaryen@{BINARYEN_VERSION}")))
        },
    )
}
