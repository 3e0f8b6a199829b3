//! Chromium and its WebDriver, for the browser and end-to-end tests.

use crate::process::{apt_install, find_program};
use crate::stages::timed;
use anyhow::bail;
use std::path::PathBuf;

/// Where the browser and its driver are.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Finds Chromium and ChromeDriver, installing Debian's packages when they are
/// missing (on Debian, as root).
pub fn ensure() -> anyhow::Result<Browser> {
    if let Some(browser) = find() {
        println!(
            "  chromium: {}, chromedriver: {}",
            browser.chromium.display(),
            browser.chromedriver.display()
        );
        return Ok(browser);
    }
    println!("  chromium or chromedriver missing: installing Debian's packages");
    timed("chromium and chromium-driver: installed", || {
        apt_install(&["chromium", "chromium-driver"])
    })?;
    match find() {
        Some(browser) => Ok(browser),
        None => bail!("chromium and chromedriver are still not on PATH after installing them"),
    }
}

fn find() -> Option<Browser> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| find_program(&["/usr/bin/chromium", "chromium", "chromium-browser"]))?;
    let chromedriver = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| find_program(&["/usr/bin/chromedriver", "chromedriver"]))?;
    Some(Browser { chromium, chromedriver })
}

/// Finds pdftoppm (Debian's poppler-utils), which turns the printed report's
/// PDF into PNG for the end-to-end tests, installing it when missing.
pub fn ensure_pdftoppm() -> anyhow::Result<PathBuf> {
    let found = || {
        std::env::var_os("PDFTOPPM")
            .map(PathBuf::from)
            .or_else(|| find_program(&["/usr/bin/pdftoppm", "pdftoppm"]))
    };
    if let Some(path) = found() {
        println!("  pdftoppm: {}", path.display());
        return Ok(path);
    }
    println!("  pdftoppm missing: installing Debian's poppler-utils");
    timed("poppler-utils: installed", || apt_install(&["poppler-utils"]))?;
    match found() {
        Some(path) => Ok(path),
        None => bail!("pdftoppm is still not on PATH after installing poppler-utils"),
    }
}
