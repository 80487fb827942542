//! Installing what the commands need, only when it is missing, saying what is done.
//!
//! * the `wasm32-unknown-unknown` target (rustup);
//! * `wasm-bindgen-cli` at exactly the version in `Cargo.lock`, into `target/tools`;
//! * the npm packages of `package.json` (wasm-opt from `binaryen`, `playwright-core`);
//! * Debian's `chromium` and `chromium-driver`, for the browser tests.

use crate::cmd::{self, output, run, step};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Adds the wasm32 target with rustup when it is not installed.
pub fn wasm_target() -> Result<(), String> {
    let sysroot = output(Command::new("rustc").args(["--print", "sysroot"]))
        .ok_or("`rustc` is not on PATH; install Rust with rustup (https://rustup.rs)")?;
    if PathBuf::from(sysroot)
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .is_dir()
    {
        return Ok(());
    }
    step("installing the Rust target wasm32-unknown-unknown");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The `wasm-bindgen` version pinned in `Cargo.lock`.
fn wasm_bindgen_version() -> Result<String, String> {
    cmd::locked_version(&cmd::root().join("Cargo.lock"), "wasm-bindgen")
}

/// The folder of tools installed for this project.
pub fn tools_dir() -> PathBuf {
    cmd::root().join("target/tools")
}

/// `wasm-bindgen` and `wasm-bindgen-test-runner` of the pinned version, installing them
/// into `target/tools` when missing or of another version.
pub fn wasm_bindgen_cli() -> Result<PathBuf, String> {
    let version = wasm_bindgen_version()?;
    let bin = tools_dir().join("bin");
    let wasm_bindgen = bin.join("wasm-bindgen");
    let have = output(Command::new(&wasm_bindgen).arg("--version"));
    if have.as_deref() == Some(&format!("wasm-bindgen {version}"))
        && bin.join("wasm-bindgen-test-runner").is_file()
    {
        return Ok(bin);
    }
    step(&format!(
        "installing wasm-bindgen-cli {version} into target/tools (the version Cargo.lock pins; about 2 minutes)"
    ));
    run(Command::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--root",
        &tools_dir().to_string_lossy(),
    ]))?;
    Ok(bin)
}

/// Checks Node ≥ 18 and npm, and installs the npm packages of `package-lock.json`
/// into `node_modules` when they are missing or older than the lock file.
pub fn npm_packages() -> Result<(), String> {
    let version = output(Command::new("node").arg("--version")).ok_or(
        "Node.js is not installed; install Node 18 or newer (e.g. `apt-get install nodejs npm`)",
    )?;
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 18 {
        return Err(format!(
            "Node {version} is too old; wasm-put needs Node 18 or newer"
        ));
    }
    let root = cmd::root();
    let installed = root.join("node_modules/.package-lock.json");
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = match (
        modified(&installed),
        modified(&root.join("package-lock.json")),
    ) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    step("installing npm packages (binaryen for wasm-opt, esbuild, playwright-core) into node_modules");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&root))
}

/// `wasm-opt` from the npm package `binaryen`.
pub fn wasm_opt() -> PathBuf {
    cmd::root().join("node_modules/.bin/wasm-opt")
}

/// esbuild from the npm packages (`npm_packages` installs it).
pub fn esbuild() -> PathBuf {
    cmd::root().join("node_modules/.bin/esbuild")
}

/// Paths to Chromium and its ChromeDriver (`CHROMIUM` and `CHROMEDRIVER` override).
pub struct Browser {
    /// The browser binary.
    pub chromium: PathBuf,
    /// The matching ChromeDriver.
    pub chromedriver: PathBuf,
}

/// How long setting up Chromium may take (an `apt-get update` and install) before it
/// counts as hung.
pub const CHROMIUM_TIME_LIMIT: Duration = Duration::from_secs(15 * 60);

/// Chromium and ChromeDriver, installing Debian's packages when they are missing; stopped
/// past [`CHROMIUM_TIME_LIMIT`].
pub fn chromium() -> Result<Browser, String> {
    cmd::within(
        "setting up Chromium",
        CHROMIUM_TIME_LIMIT,
        find_or_install_chromium,
    )
}

/// Chromium and ChromeDriver, installing Debian's packages when they are missing.
fn find_or_install_chromium() -> Result<Browser, String> {
    let path = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(default))
    };
    let browser = Browser {
        chromium: path("CHROMIUM", "/usr/bin/chromium"),
        chromedriver: path("CHROMEDRIVER", "/usr/bin/chromedriver"),
    };
    if browser.chromium.is_file() && browser.chromedriver.is_file() {
        return Ok(browser);
    }
    step("installing Debian's chromium and chromium-driver for the browser tests");
    let root_user = output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| {
        let mut c = if root_user {
            Command::new("apt-get")
        } else if cmd::on_path("sudo") {
            let mut c = Command::new("sudo");
            c.args(["-n", "apt-get"]);
            c
        } else {
            return Err(
                "Chromium is missing and this user cannot install it; run as root: \
                 apt-get install -y chromium chromium-driver (or set CHROMIUM and CHROMEDRIVER)"
                    .to_string(),
            );
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut c)
    };
    apt(&["update", "-q"])?;
    apt(&["install", "-y", "-q", "chromium", "chromium-driver"])?;
    if browser.chromium.is_file() && browser.chromedriver.is_file() {
        Ok(browser)
    } else {
        Err(format!(
            "after installing, {} or {} is still missing",
            browser.chromium.display(),
            browser.chromedriver.display()
        ))
    }
}
