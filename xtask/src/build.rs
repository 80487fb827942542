//! `cargo xtask build`: the package in `pkg/`.

use crate::cmd::{self, step};
use crate::tools;
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// wasm-opt's features: those the Rust wasm32 target emits by default.
const WASM_OPT_FEATURES: [&str; 5] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-sign-ext",
];

/// Builds `pkg/` and returns its path.
pub fn run() -> Result<PathBuf, String> {
    tools::wasm_target()?;
    let bin = tools::wasm_bindgen_cli()?;
    tools::npm_packages()?;
    let root = cmd::root();
    let pkg = root.join("pkg");

    step("building the library for wasm32 (release)");
    cmd::run(
        Command::new("cargo")
            .args([
                "build",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "--package",
                "wasm-put",
            ])
            .current_dir(&root),
    )?;

    step("generating the JS bindings into pkg/ (wasm-bindgen --target web)");
    if pkg.exists() {
        std::fs::remove_dir_all(&pkg).map_err(|e| format!("cannot clear pkg/: {e}"))?;
    }
    let wasm = root.join("target/wasm32-unknown-unknown/release/wasm_put.wasm");
    cmd::run(
        Command::new(bin.join("wasm-bindgen"))
            .args(["--target", "web", "--out-dir"])
            .arg(&pkg)
            .arg(&wasm),
    )?;

    step("shrinking the wasm (wasm-opt -Oz)");
    let out = pkg.join("wasm_put_bg.wasm");
    cmd::run(
        Command::new(tools::wasm_opt())
            .arg("-Oz")
            .args(WASM_OPT_FEATURES)
            .arg(&out)
            .arg("-o")
            .arg(&out),
    )?;

    step("writing pkg/package.json");
    std::fs::write(pkg.join("package.json"), package_json()?)
        .map_err(|e| format!("cannot write pkg/package.json: {e}"))?;

    step("sizes");
    let shipped = shipped_files(&pkg)?;
    let mut total = (0, 0);
    for file in &shipped {
        let (raw, gz) = sizes(file)?;
        total = (total.0 + raw, total.1 + gz);
        let name = file
            .strip_prefix(&pkg)
            .unwrap_or(file)
            .display()
            .to_string();
        println!("  {name:<48} {raw:>9} B  {gz:>8} B gzip");
    }
    println!(
        "  {:<48} {:>9} B  {:>8} B gzip",
        "total shipped", total.0, total.1
    );
    println!("pkg/ is ready: {}", pkg.display());
    Ok(pkg)
}

/// What a user ships: the wasm, the JS glue and its snippets (not the `.d.ts`).
pub fn shipped_files(pkg: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = vec![pkg.join("wasm_put_bg.wasm")];
    files.extend(pkg_js_files(pkg)?);
    Ok(files)
}

/// Gzip (level 9) bytes of everything a user ships from `pkg/`.
pub fn shipped_gzip(pkg: &Path) -> Result<usize, String> {
    shipped_files(pkg)?
        .iter()
        .map(|f| sizes(f).map(|(_, gz)| gz))
        .sum()
}

/// The JS files a user ships: the glue and any snippets, not the `.d.ts`.
pub fn pkg_js_files(pkg: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut dirs = vec![pkg.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "js") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Raw and gzip (level 9) sizes of a file.
pub fn sizes(file: &Path) -> Result<(usize, usize), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&bytes)
        .and_then(|()| gz.finish())
        .map(|z| (bytes.len(), z.len()))
        .map_err(|e| format!("gzip failed: {e}"))
}

/// `pkg/package.json`, with the version and description of the crate.
fn package_json() -> Result<String, String> {
    let manifest = std::fs::read_to_string(cmd::root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let field = |name: &str| {
        manifest
            .lines()
            .find_map(|l| {
                l.strip_prefix(name)?
                    .trim_start()
                    .strip_prefix('=')?
                    .trim()
                    .strip_prefix('"')?
                    .strip_suffix('"')
            })
            .unwrap_or("")
            .to_string()
    };
    Ok(format!(
        r#"{{
  "name": "wasm-put",
  "version": "{version}",
  "description": "{description}",
  "license": "{license}",
  "repository": {{ "type": "git", "url": "{repository}" }},
  "type": "module",
  "main": "wasm_put.js",
  "types": "wasm_put.d.ts",
  "exports": {{
    ".": {{ "types": "./wasm_put.d.ts", "default": "./wasm_put.js" }},
    "./wasm_put_bg.wasm": "./wasm_put_bg.wasm"
  }},
  "files": ["wasm_put.js", "wasm_put.d.ts", "wasm_put_bg.wasm", "wasm_put_bg.wasm.d.ts", "snippets/"],
  "sideEffects": false,
  "keywords": ["fetch", "put", "http", "requests", "wasm", "webassembly"]
}}
"#,
        version = field("version"),
        description = field("description"),
        license = field("license"),
        repository = field("repository"),
    ))
}
