//! Building the app in release with Trunk, and reporting what a tablet downloads.

use crate::project;
use crate::stages::timed;
use crate::toolchain::Toolchain;
use anyhow::Context;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::Path;

/// What the app costs a tablet to download, file by file.
pub struct TransferSize {
    pub files: Vec<(String, u64, u64)>,
}

impl TransferSize {
    pub fn total_gzip(&self) -> u64 {
        self.files.iter().map(|(_, _, gzip)| gzip).sum()
    }

    pub fn total_raw(&self) -> u64 {
        self.files.iter().map(|(_, raw, _)| raw).sum()
    }
}

/// Builds the app in release into `dist/` and prints its transfer size.
pub fn build_release(tools: &Toolchain) -> anyhow::Result<TransferSize> {
    timed("app built in release with Trunk", || {
        crate::process::run(&mut tools.trunk(&["build", "--release"]))
    })?;
    print_transfer_size()
}

/// Measures and prints what loading the app from `dist/` transfers.
pub fn print_transfer_size() -> anyhow::Result<TransferSize> {
    let size = transfer_size(&project::dist_dir())?;
    println!("  transfer size of the app (wasm + js + css + html), gzip level 6:");
    for (name, raw, gzip) in &size.files {
        println!("    {name:<48} {:>9} raw {:>9} gzip", kib(*raw), kib(*gzip));
    }
    println!(
        "    {:<48} {:>9} raw {:>9} gzip",
        "total",
        kib(size.total_raw()),
        kib(size.total_gzip())
    );
    Ok(size)
}

/// The raw and gzip sizes of the files in `dist` that load the app.
pub fn transfer_size(dist: &Path) -> anyhow::Result<TransferSize> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("cannot read {}", dist.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !["wasm", "js", "css", "html"]
            .iter()
            .any(|ext| name.ends_with(&format!(".{ext}")))
        {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
        encoder.write_all(&bytes)?;
        let gzip = encoder.finish()?.len() as u64;
        files.push((name, bytes.len() as u64, gzip));
    }
    files.sort();
    Ok(TransferSize { files })
}

pub fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// Builds the app unless `dist/` was built from exactly the current sources.
pub fn build_release_if_changed(tools: &Toolchain) -> anyhow::Result<TransferSize> {
    let stamp_path = project::dist_dir().join(".build-fingerprint");
    let fingerprint = sources_fingerprint()?;
    let built = std::fs::read_to_string(&stamp_path).unwrap_or_default();
    if built.trim() == fingerprint && project::dist_dir().join("index.html").is_file() {
        println!("  app: dist/ is up to date with the sources");
        return print_transfer_size();
    }
    let size = build_release(tools)?;
    std::fs::write(&stamp_path, fingerprint)?;
    Ok(size)
}

/// A fingerprint of everything the app is built from: its sources, the domain
/// crate, the manifests and the lockfile, the tool pins.
fn sources_fingerprint() -> anyhow::Result<String> {
    let root = project::root();
    let mut files = Vec::new();
    for input in [
        "src",
        "style",
        "public",
        "crates/domain",
        "index.html",
        "Cargo.toml",
        "Cargo.lock",
        "Trunk.toml",
    ] {
        collect_files(&root.join(input), &mut files)?;
    }
    files.sort();
    // FNV-1a over names and contents: a cache key, not a security measure.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let name = file.strip_prefix(&root).unwrap_or(&file).to_string_lossy().into_owned();
        for byte in name.bytes().chain([0]).chain(std::fs::read(&file)?).chain([0]) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    Ok(format!("{hash:016x}-{}", crate::toolchain::TRUNK_VERSION))
}

fn collect_files(path: &Path, files: &mut Vec<std::path::PathBuf>) -> anyhow::Result<()> {
    if path.is_file() {
        files.push(path.to_path_buf());
    } else if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            collect_files(&entry?.path(), files)?;
        }
    }
    Ok(())
}
