//! Where the project and its build outputs are.

use std::path::PathBuf;

/// The workspace root (the folder of the root `Cargo.toml`).
pub fn root() -> PathBuf {
    // Cargo sets it when it runs the xtask, for this checkout; the path baked
    // in at build time may be another clone's that shares the build cache.
    let xtask_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    xtask_dir.parent().map(PathBuf::from).unwrap_or(xtask_dir)
}

/// The folder for this user's cached tools and builds, shared by every clone
/// of the project on the machine: `$SAPXEP_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/sapxep`, else `~/.cache/sapxep`.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SAPXEP_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("sapxep");
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/tmp"), PathBuf::from);
    home.join(".cache").join("sapxep")
}

/// Cargo's target folder for the builds the xtask starts: `$CARGO_TARGET_DIR`
/// when set, else one folder in the cache shared by every clone, so that a
/// fresh clone (as CI makes) does not rebuild every dependency. Cargo's own
/// fingerprints decide what is rebuilt, so sharing is safe.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| cache_dir().join("target"), PathBuf::from)
}

/// The built app, as Trunk writes it and the server serves it.
pub fn dist_dir() -> PathBuf {
    root().join("dist")
}
