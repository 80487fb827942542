//! `cargo xtask build`: the package in `pkg/`.

use crate::cmd::{self, step};
use crate::tools;
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// wasm-opt's features: those the Rust wasm32 target emits by default.
const WASM_OPT_FEATURES: [&str; 5] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-sign-ext",
];

/// How long building `pkg/` may take, installing what it needs included (wasm-bindgen-cli
/// is compiled from source: minutes on a small machine), before it counts as hung.
pub const TIME_LIMIT: Duration = Duration::from_secs(30 * 60);

/// Builds `pkg/` and returns its path; stopped past [`TIME_LIMIT`].
pub fn run() -> Result<PathBuf, String> {
    cmd::within("building pkg/", TIME_LIMIT, build_pkg)
}

/// Builds `pkg/`: the library's wasm, its bindings, shrunk, and the package's files.
fn build_pkg() -> Result<PathBuf, String> {
    tools::wasm_target()?;
    let bin = tools::wasm_bindgen_cli()?;
    tools::npm_packages()?;
    let root = cmd::root();
    let pkg = root.join("pkg");

    step("building the library with its JS API for wasm32 (release, --features js)");
    build_wasm("wasm-put", &["--features", "js"])?;

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

    step("shrinking: wasm-opt -Oz on the wasm, esbuild --minify on the glue");
    shrink(&pkg, "wasm_put")?;

    step("writing pkg/package.json, the Node entry, the README, CHANGELOG and licences");
    package_files(&root, &pkg)?;

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

/// `cargo build --release --target wasm32-unknown-unknown --package <package> <more>`.
pub fn build_wasm(package: &str, more: &[&str]) -> Result<(), String> {
    cmd::run(
        Command::new("cargo")
            .args([
                "build",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "--package",
                package,
            ])
            .args(more)
            .current_dir(cmd::root()),
    )
}

/// Builds the Rust example app (`examples/rust/`) into a site the dev server can serve:
/// its page as `www/index.html`, its wasm and glue in `pkg/`. Returns the site folder.
pub fn rust_example() -> Result<PathBuf, String> {
    let root = cmd::root();
    let bin = tools::wasm_bindgen_cli()?;
    step("building the Rust example app (examples/rust, release, wasm32)");
    build_wasm("wasm-put-example", &[])?;
    let site = root.join("target/example-rust");
    if site.exists() {
        std::fs::remove_dir_all(&site)
            .map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    std::fs::create_dir_all(site.join("www"))
        .map_err(|e| format!("cannot create {}: {e}", site.display()))?;
    cmd::run(
        Command::new(bin.join("wasm-bindgen"))
            .args(["--target", "web", "--out-dir"])
            .arg(site.join("pkg"))
            .arg(root.join("target/wasm32-unknown-unknown/release/wasm_put_example.wasm")),
    )?;
    std::fs::copy(
        root.join("examples/rust/index.html"),
        site.join("www/index.html"),
    )
    .map_err(|e| format!("cannot copy the example's page: {e}"))?;
    Ok(site)
}

/// Shrinks a wasm-bindgen output folder in place: `wasm-opt` on `STEM_bg.wasm`, esbuild
/// on its JS glue and snippets. `pkg/` and the bench's peers both go through it, so
/// their sizes compare like with like.
pub fn shrink(dir: &Path, stem: &str) -> Result<(), String> {
    shrink_wasm(&dir.join(format!("{stem}_bg.wasm")), &[])?;
    for file in pkg_js_files(dir)? {
        minify_js(&file)?;
    }
    Ok(())
}

/// Runs `wasm-opt -Oz --converge` on `wasm` in place, with the features the Rust target
/// emits, dropping the custom sections nothing reads; `more` are further options
/// (`cargo xtask size` adds `-g` to keep the function names).
pub fn shrink_wasm(wasm: &Path, more: &[&str]) -> Result<(), String> {
    cmd::run(
        Command::new(tools::wasm_opt())
            .arg("-Oz")
            .args(more)
            // Run the passes until the size stops falling; drop the two custom sections
            // (toolchain names, target features) that nothing reads at run time.
            .args(["--converge", "--strip-producers", "--strip-target-features"])
            .args(WASM_OPT_FEATURES)
            .arg(wasm)
            .arg("-o")
            .arg(wasm),
    )
}

/// Minifies one ES module in place with esbuild, keeping its imports and exports as they
/// are, and its names.
fn minify_js(file: &Path) -> Result<(), String> {
    cmd::run(
        Command::new(tools::esbuild())
            .arg(file)
            .args([
                // Whitespace and syntax only: the glue's names stay, so `PutResponse` is
                // still `PutResponse` in logs and `constructor.name`, without the
                // naming calls `--keep-names` would add to every call's closures.
                "--minify-whitespace",
                "--minify-syntax",
                "--format=esm",
                "--legal-comments=none",
                "--allow-overwrite",
                "--log-level=warning",
            ])
            .arg(format!("--outfile={}", file.display())),
    )
}

/// What a web app ships: the wasm and the JS glue (not the `.d.ts`, nor the Node entry
/// `node.js`).
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

/// The JS files a web app ships: the glue and any snippets, not the `.d.ts` nor the Node
/// entry.
pub fn pkg_js_files(pkg: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let node_entry = pkg.join(NODE_ENTRY[0]);
    let mut dirs = vec![pkg.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "js") && path != node_entry {
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
    Ok((bytes.len(), gzip_len(&bytes)?))
}

/// Gzip (level 9) size of `bytes`.
pub fn gzip_len(bytes: &[u8]) -> Result<usize, String> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(bytes)
        .and_then(|()| gz.finish())
        .map(|z| z.len())
        .map_err(|e| format!("gzip failed: {e}"))
}

/// The Node entry, hand-written in `js/` and copied into `pkg/`: `node.js` instantiates
/// the wasm from the file beside it on import, `node.d.ts` re-exports the types.
pub const NODE_ENTRY: [&str; 2] = ["node.js", "node.d.ts"];

/// Files of the repository root that go into the package as they are.
const DOCS: [&str; 4] = ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"];

/// Everything of `pkg/` that wasm-bindgen does not write: the Node entry, the README,
/// CHANGELOG and licences, and `package.json`.
fn package_files(root: &Path, pkg: &Path) -> Result<(), String> {
    let copies = NODE_ENTRY
        .iter()
        .map(|name| (root.join("js").join(name), pkg.join(name)))
        .chain(DOCS.iter().map(|name| (root.join(name), pkg.join(name))));
    for (from, to) in copies {
        std::fs::copy(&from, &to)
            .map_err(|e| format!("cannot copy {} into pkg/: {e}", from.display()))?;
    }
    std::fs::write(pkg.join("package.json"), package_json()?)
        .map_err(|e| format!("cannot write pkg/package.json: {e}"))
}

/// A string field of the `[package]` table of `Cargo.toml` (`""` when missing).
fn manifest_field(manifest: &toml::Table, name: &str) -> String {
    manifest
        .get("package")
        .and_then(|p| p.get(name))
        .and_then(toml::Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// `pkg/package.json`, with the version, description, licence and repository of the
/// crate.
///
/// `exports` sends Node (the `node` condition) to `node.js`, which is ready on import, and
/// everything else (browsers, bundlers: `browser` and `default`) to the web glue, which
/// needs `await init()`. TypeScript gets `node.d.ts` or `wasm_put.d.ts` the same way.
/// `sideEffects` names `node.js` alone: it instantiates the wasm on import, so a bundler
/// must not skip it even though it only re-exports.
fn package_json() -> Result<String, String> {
    let text = std::fs::read_to_string(cmd::root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let manifest: toml::Table =
        toml::from_str(&text).map_err(|e| format!("cannot parse Cargo.toml: {e}"))?;
    let field = |name: &str| manifest_field(&manifest, name);
    let repository = field("repository");
    let git = format!(
        "git+{}.git",
        repository.trim_end_matches('/').trim_end_matches(".git")
    );
    let json = serde_json::json!({
        "name": "wasm-put",
        "version": field("version"),
        "description": field("description"),
        "license": field("license"),
        "repository": { "type": "git", "url": git },
        "homepage": format!("{repository}#readme"),
        "type": "module",
        "main": "./wasm_put.js",
        "module": "./wasm_put.js",
        "types": "./wasm_put.d.ts",
        "exports": {
            ".": {
                "browser": { "types": "./wasm_put.d.ts", "default": "./wasm_put.js" },
                "node": { "types": "./node.d.ts", "default": "./node.js" },
                "types": "./wasm_put.d.ts",
                "default": "./wasm_put.js"
            },
            "./wasm_put_bg.wasm": "./wasm_put_bg.wasm",
            "./package.json": "./package.json"
        },
        "files": [
            "wasm_put.js",
            "wasm_put.d.ts",
            "wasm_put_bg.wasm",
            "wasm_put_bg.wasm.d.ts",
            "node.js",
            "node.d.ts",
            "README.md",
            "CHANGELOG.md",
            "LICENSE-MIT",
            "LICENSE-APACHE"
        ],
        "sideEffects": ["./node.js"],
        "engines": { "node": ">=18" },
        "keywords": ["fetch", "put", "http", "requests", "wasm", "webassembly"]
    });
    serde_json::to_string_pretty(&json)
        .map(|text| text + "\n")
        .map_err(|e| format!("cannot write package.json: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_fields_come_from_the_package_table_only() {
        let manifest: toml::Table = toml::from_str(
            "[package]\nname = \"wasm-put\"\nversion = \"1.2.3\"\n\n[dependencies]\nversion = \"9\"\n",
        )
        .unwrap();
        assert_eq!(manifest_field(&manifest, "version"), "1.2.3");
        assert_eq!(manifest_field(&manifest, "license"), "");
    }

    #[test]
    fn package_json_names_the_crate_version_and_both_entries() {
        let json: serde_json::Value = serde_json::from_str(&package_json().unwrap()).unwrap();
        let text = std::fs::read_to_string(cmd::root().join("Cargo.toml")).unwrap();
        let manifest: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(json["version"], manifest_field(&manifest, "version"));
        assert_eq!(json["license"], "MIT OR Apache-2.0");
        assert_eq!(json["exports"]["."]["node"]["default"], "./node.js");
        let files = json["files"].as_array().unwrap();
        for file in NODE_ENTRY.iter().chain(DOCS.iter()) {
            assert!(files.iter().any(|f| f == file), "files lacks {file}");
        }
    }
}
