//! `cargo xtask bench`: wasm-put's `put` against raw `fetch`, ky, axios and two Rust/wasm
//! peers (gloo-net and reqwest, in `bench/peers/`), in one headless Chromium page.
//!
//! It builds the release `pkg/` and the peers, bundles ky (with the esbuild `pkg/` is
//! minified with) and copies axios's minified ES module, lays everything out in
//! `target/bench/site/` (`www/` at `/`, a copy of `pkg/` at `/pkg/`), serves that folder
//! with a second dev server (so the page and `/sink` are same-origin), and runs
//! `node bench/run.mjs`, which writes `target/bench/report.md` and `report.json`.
//! Timings never fail it; it fails only when something broke.
//!
//! Beside the contenders it builds two apps, only to be sized: the Rust example app
//! (`examples/rust`, on wasm-put without its `js` feature) and the same app on gloo-net
//! (`bench/peers/gloo-app`), both shrunk as `pkg/` is, into `www/apps/`.

use crate::build;
use crate::cmd::{self, output, step};
use crate::serve::DevServer;
use crate::tools;
use std::path::Path;
use std::process::Command;

/// The peers: their folder under `bench/peers/` and their wasm file's stem.
const PEERS: [(&str, &str); 2] = [
    ("gloo", "bench_peer_gloo"),
    ("reqwest", "bench_peer_reqwest"),
];

/// The Rust example app's twin on gloo-net: its folder under `bench/peers/` and its wasm
/// file's stem. Built in a cargo run of its own: built with the peers, its gloo-net
/// features (`json`) would be unified into the gloo peer's.
const APP_TWIN: (&str, &str) = ("gloo-app", "bench_peer_gloo_app");

/// Where the two apps go under `www/apps/` (`bench/run.mjs` reads them there), and their
/// wasm file's stem: the Rust example app on wasm-put, and its twin on gloo-net.
const APPS: [(&str, &str); 2] = [("wasm-put", "wasm_put_example"), ("gloo-net", APP_TWIN.1)];

/// Runs the whole benchmark.
pub fn run() -> Result<(), String> {
    let root = cmd::root();
    let browser = tools::chromium()?;
    let pkg = build::run()?;
    let bindgen = tools::wasm_bindgen_cli()?.join("wasm-bindgen");

    let out = root.join("target/bench");
    let site = out.join("site");
    let www = site.join("www");
    step("laying out target/bench/site/ (www/: the bench page, ky, axios, the peers, the apps; pkg/: a copy of pkg/)");
    if site.exists() {
        std::fs::remove_dir_all(&site)
            .map_err(|e| format!("cannot clear {}: {e}", site.display()))?;
    }
    copy_dir(&pkg, &site.join("pkg"))?;
    std::fs::create_dir_all(www.join("vendor"))
        .map_err(|e| format!("cannot create {}: {e}", www.display()))?;
    copy_file(&root.join("bench/page.html"), &www.join("index.html"))?;
    copy_file(&root.join("bench/page.mjs"), &www.join("page.mjs"))?;
    copy_file(
        &root.join("node_modules/axios/dist/esm/axios.min.js"),
        &www.join("vendor/axios.min.js"),
    )?;

    step("bundling ky for the browser (esbuild --bundle --minify)");
    cmd::run(
        Command::new(tools::esbuild())
            .arg(root.join("node_modules/ky/distribution/index.js"))
            .args([
                "--bundle",
                "--minify",
                "--format=esm",
                "--target=es2022",
                "--log-level=warning",
            ])
            .arg(format!(
                "--outfile={}",
                www.join("vendor/ky.min.js").display()
            )),
    )?;

    build_peers(&root, &bindgen, &www.join("peers"), &www.join("apps"))?;
    build_rust_example(&root, &bindgen, &www.join("apps"))?;

    step("starting a dev server on target/bench/site/");
    let mut server = DevServer::start_at(&site, 0, Some(3600))?;
    println!("serving {} at {}/", site.display(), server.url);

    step("running the benchmark in headless Chromium (bench/run.mjs; a few minutes)");
    let ran = cmd::run(
        Command::new("node")
            .arg(root.join("bench/run.mjs"))
            .arg("--url")
            .arg(&server.url)
            .arg("--site")
            .arg(&site)
            .arg("--out")
            .arg(&out)
            .env("CHROMIUM", &browser.chromium)
            .current_dir(&root),
    );
    // A server that went away mid-run shows as failed PUTs; say why.
    server.check_running()?;
    ran
}

/// Builds the peers in `bench/peers/` (their own workspace and lock file), runs
/// wasm-bindgen `--target web` on each, into `dest/<name>/`, then the same steps as `pkg/`
/// (`wasm-opt`, short import names, minified glue); the same for the example app's twin
/// on gloo-net, into `apps/gloo-net/`.
fn build_peers(root: &Path, bindgen: &Path, dest: &Path, apps: &Path) -> Result<(), String> {
    let peers = root.join("bench/peers");
    let target_dir = root.join("target/bench/peers-target");
    let cli = output(Command::new(bindgen).arg("--version")).unwrap_or_default();
    let locked = cmd::locked_version(&peers.join("Cargo.lock"), "wasm-bindgen")?;
    if cli != format!("wasm-bindgen {locked}") {
        return Err(format!(
            "bench/peers/Cargo.lock has wasm-bindgen {locked} but the CLI is `{cli}`; \
             pin the peers to the library's wasm-bindgen version"
        ));
    }

    let cargo_build = |stems: &[&str]| {
        let mut cargo = Command::new("cargo");
        cargo.args([
            "build",
            "--release",
            "--locked",
            "--target",
            "wasm32-unknown-unknown",
        ]);
        // Each package is named as its wasm file, with dashes.
        for stem in stems {
            cargo.args(["--package", &stem.replace('_', "-")]);
        }
        cmd::run(
            cargo
                .env("CARGO_TARGET_DIR", &target_dir)
                .current_dir(&peers),
        )
    };
    step("building the peers (gloo-net, reqwest) for wasm32 (release)");
    cargo_build(&PEERS.map(|(_, stem)| stem))?;
    step("building the example app's twin on gloo-net (bench/peers/gloo-app) for wasm32 (release)");
    cargo_build(&[APP_TWIN.1])?;

    let release = target_dir.join("wasm32-unknown-unknown/release");
    for (name, stem) in PEERS {
        step(&format!(
            "wasm-bindgen --target web, then the same shrinking as pkg/, for the {name} peer"
        ));
        bindgen_and_shrink(bindgen, &release, stem, &dest.join(name))?;
    }
    step("wasm-bindgen --target web, then the same shrinking as pkg/, for the app on gloo-net");
    bindgen_and_shrink(bindgen, &release, APP_TWIN.1, &apps.join(APPS[1].0))
}

/// Builds the Rust example app (`examples/rust`: wasm-put without its `js` feature) as
/// `cargo xtask test` does (release, wasm32), then wasm-bindgen `--target web` and the
/// same shrinking as `pkg/`, into `apps/wasm-put/`.
fn build_rust_example(root: &Path, bindgen: &Path, apps: &Path) -> Result<(), String> {
    step("building the Rust example app (examples/rust, release, wasm32)");
    build::build_wasm("wasm-put-example", &[])?;
    step("wasm-bindgen --target web, then the same shrinking as pkg/, for the example app");
    let (name, stem) = APPS[0];
    bindgen_and_shrink(
        bindgen,
        &root.join("target/wasm32-unknown-unknown/release"),
        stem,
        &apps.join(name),
    )
}

/// wasm-bindgen `--target web` on `release/<stem>.wasm` into `out`, then
/// [`build::shrink`], as for `pkg/`.
fn bindgen_and_shrink(
    bindgen: &Path,
    release: &Path,
    stem: &str,
    out: &Path,
) -> Result<(), String> {
    cmd::run(
        Command::new(bindgen)
            .args(["--target", "web", "--out-dir"])
            .arg(out)
            .arg(release.join(format!("{stem}.wasm"))),
    )?;
    build::shrink(out, stem)
}

fn copy_file(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", from.display()))?
            .path();
        let Some(name) = path.file_name() else {
            continue;
        };
        if path.is_dir() {
            copy_dir(&path, &to.join(name))?;
        } else {
            copy_file(&path, &to.join(name))?;
        }
    }
    Ok(())
}
