//! `cargo xtask test [TIER]`: every tier (or the one named), each counted as passed,
//! failed and skipped, under a time limit, against the counts recorded for it and for
//! each of its test files in `xtask/test-counts.toml`, ending with one summary line.
//!
//! The tiers, in order ([`TIERS`]): native (`cargo test --workspace`: the pure core, the
//! dev server, xtask); the size budget of `pkg/`; the wasm tests (`wasm-bindgen-test`
//! against the dev server) in Node, again in Node in the release profile `pkg/` ships, in
//! a headless Chromium page, dedicated worker, shared worker and service worker; the
//! built package in Node and Chromium (`tests/js/`); the demo end to end (`tests/e2e/`);
//! the npm package packed and installed into `examples/` (`tests/pkg/`); the Rust example
//! app driven in Chromium (`tests/example/`).

use crate::cmd::{self, step};
use crate::limit::Deadline;
use crate::serve::DevServer;
use crate::tally::{counted, Ran, Tally};
use crate::{build, record, tools};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The size budget of `pkg/`: gzip bytes of the wasm and the JS glue.
///
/// A ratchet: lower it as the package shrinks, never raise it without saying why. It
/// rose from 24,000 B when the whole call moved into Rust, to 87,000 B with the Rust API,
/// `update()` and `supersede`; it came down to 66,000 B when the JS options were read
/// through one table of option names instead of a serde-derived struct (65,155 B), and
/// rose to 67,000 B with the JS `put()`'s direct path (66,807 B as of this figure: 1.6 KB
/// that took 215 µs off a small call and 2.5 MB off 1,000 calls in flight), then to
/// 83,000 B with `create()` (82,910 B as of this figure: the client, its bearer refresh
/// and hooks, `shouldRetry` and `totalTimeout` cost 16.1 KB gzip, against a target of
/// 3,000 B), then to 106,500 B with `outbox()` (105,981 B as of this figure: IndexedDB,
/// the Web Lock, the tabs' channel, the delivery and the JS `Outbox` cost 23.2 KB gzip,
/// against a target of 5,000 B), then to 108,000 B when the outbox learnt to survive
/// other tabs and storage faults (107,767 B as of this figure: the takeover timer, the
/// `versionchange` close, the bounded open and `StorageError` cost 1.8 KB gzip). The
/// target of 40,000 B is not met; `cargo xtask size` shows where the bytes go.
pub const SIZE_BUDGET_GZIP: usize = 108_000;

/// One tier: the name `cargo xtask test NAME` takes, what it runs, and how long it may
/// take before it counts as hung (generous: compiling is part of some tiers).
struct Tier {
    name: &'static str,
    about: &'static str,
    minutes: u64,
}

/// Every tier, in the order `cargo xtask test` runs them.
const TIERS: [Tier; 12] = [
    Tier {
        name: "native",
        about: "native tests: the pure core, the dev server, xtask (cargo test --workspace --features wasm-put/js)",
        minutes: 30,
    },
    Tier {
        name: "size",
        about: "the size budget of pkg/",
        minutes: 1,
    },
    Tier {
        name: "node",
        about: "wasm tests in Node (wasm-bindgen-test)",
        minutes: 25,
    },
    Tier {
        name: "node-release",
        about: "the hostile-call and leak tests in Node, in the release profile pkg/ ships",
        minutes: 20,
    },
    Tier {
        name: "page",
        about: "wasm tests in a headless Chromium page",
        minutes: 20,
    },
    Tier {
        name: "worker",
        about: "wasm tests in a headless Chromium dedicated worker",
        minutes: 20,
    },
    Tier {
        name: "shared-worker",
        about: "wasm tests in a headless Chromium shared worker",
        minutes: 20,
    },
    Tier {
        name: "service-worker",
        about: "wasm tests in a headless Chromium service worker",
        minutes: 20,
    },
    Tier {
        name: "package",
        about: "the built package in Node and in Chromium (node --test tests/js/)",
        minutes: 10,
    },
    Tier {
        name: "e2e",
        about: "the demo page end to end in headless Chromium (node --test tests/e2e/)",
        minutes: 10,
    },
    Tier {
        name: "npm",
        about: "the npm package: pack, install into examples/, run, build, tsc (node --test tests/pkg/)",
        minutes: 20,
    },
    Tier {
        name: "example",
        about: "the Rust example app (examples/rust) driven in headless Chromium",
        minutes: 20,
    },
];

/// Test files of `tests/` that some wasm tiers cannot run: the tiers that run each, and
/// why the others cannot. Those others report its tests as skipped, with the reason.
const ONLY_IN: [(&str, &[&str], &str); 3] = [
    (
        "streams",
        &["node"],
        "streaming request bodies need HTTP/2 in Chromium, and the dev server speaks HTTP/1.1",
    ),
    (
        "outbox",
        &["page", "worker", "shared-worker", "service-worker"],
        "an outbox stores its entries in IndexedDB, which Node does not have \
         (tests/runtime.rs checks its NotSupportedError there)",
    ),
    (
        "pass_through",
        &["page", "worker", "shared-worker", "service-worker"],
        "Node's fetch has no document origin, referrer or cookie jar \
         for mode, referrerPolicy and credentials to act on",
    ),
];

/// The wasm tier of each runtime: the wasm-bindgen-test variable that picks it (Node
/// when none), and the name `tests/runtime.rs` checks it by.
fn wasm_runtime(tier: &str) -> Option<(Option<&'static str>, &'static str)> {
    Some(match tier {
        "node" | "node-release" => (None, "node"),
        "page" => (Some("WASM_BINDGEN_USE_BROWSER"), "page"),
        "worker" => (
            Some("WASM_BINDGEN_USE_DEDICATED_WORKER"),
            "dedicated worker",
        ),
        "shared-worker" => (Some("WASM_BINDGEN_USE_SHARED_WORKER"), "shared worker"),
        "service-worker" => (Some("WASM_BINDGEN_USE_SERVICE_WORKER"), "service worker"),
        _ => return None,
    })
}

/// Runs every tier, or only `only`, and prints `summary: N passed, M failed, K skipped`.
pub fn run(only: Option<&str>) -> Result<(), String> {
    if let Some(name) = only {
        if !TIERS.iter().any(|t| t.name == name) {
            let names: Vec<&str> = TIERS.iter().map(|t| t.name).collect();
            return Err(format!(
                "there is no tier named `{name}`; the tiers are: {}",
                names.join(", ")
            ));
        }
    }
    let names: Vec<&str> = TIERS.iter().map(|t| t.name).collect();
    let recorded = record::recorded_counts(&names)?;
    let mut setup = Setup::default();
    let mut results = Vec::new();
    let selected = TIERS.iter().filter(|t| only.is_none_or(|n| n == t.name));
    let count = selected.clone().count();
    for (i, tier) in selected.enumerate() {
        step(&format!(
            "tier {}/{count} `{}`: {}",
            i + 1,
            tier.name,
            tier.about
        ));
        let started = Instant::now();
        let outcome = run_tier(tier, &mut setup)
            .and_then(|ran| record::held_to_record(tier.name, &ran, recorded.get(tier.name)));
        results.push((tier.name, started.elapsed(), outcome));
    }
    record::report(&results)
}

/// What the tiers after the native one share, made on first use: the built `pkg/`, the
/// browser, and a dev server for the tests.
#[derive(Default)]
struct Setup {
    pkg: Option<Result<PathBuf, String>>,
    browser: Option<Result<tools::Browser, String>>,
    server: Option<DevServer>,
}

impl Setup {
    fn pkg(&mut self) -> Result<PathBuf, String> {
        self.pkg.get_or_insert_with(build::run).clone()
    }

    /// The browser, and the dev server for the tests, checked that it answers: one that
    /// stopped is replaced by a new one, which is said.
    fn browser_and_server(&mut self) -> Result<(&tools::Browser, &DevServer), String> {
        self.pkg()?;
        let browser = self
            .browser
            .get_or_insert_with(|| {
                let browser = tools::chromium()?;
                std::fs::write(webdriver_json(), webdriver_capabilities(&browser))
                    .map_err(|e| format!("cannot write {}: {e}", webdriver_json().display()))?;
                Ok(browser)
            })
            .as_ref()
            .map_err(String::clone)?;
        let mut server = self.server.take();
        if let Some(Err(why)) = server.as_mut().map(DevServer::answers) {
            println!("{why}; starting a new dev server for the tests");
            server = None;
        }
        let server = match server {
            Some(server) => server,
            None => {
                let server = DevServer::start(0, Some(server_lifetime().as_secs()))?;
                println!("dev server for the tests: {}", server.url);
                server
            }
        };
        Ok((browser, self.server.insert(server)))
    }
}

/// How long the dev server for the tests lives (it stops by itself, should this process
/// die without stopping it): every tier's limit run back to back, and those of building
/// `pkg/` and setting up Chromium.
fn server_lifetime() -> Duration {
    let tiers: u64 = TIERS.iter().map(|t| t.minutes * 60).sum();
    Duration::from_secs(tiers) + build::TIME_LIMIT + tools::CHROMIUM_TIME_LIMIT
}

/// Runs one tier and counts it, its test commands under the tier's one time limit, which
/// starts when the first of them does (building what they need has its own).
fn run_tier(tier: &Tier, setup: &mut Setup) -> Result<Ran, String> {
    let name = tier.name;
    let limit = || Deadline::after(Duration::from_secs(tier.minutes * 60));
    let root = cmd::root();
    if name == "native" {
        let mut c = Command::new("cargo");
        // The JS API's doc examples are compiled too: the package is built with it.
        c.args([
            "test",
            "--workspace",
            "--no-fail-fast",
            "--features",
            "wasm-put/js",
            MESSAGE_FORMAT,
        ])
        .current_dir(&root);
        return counted(name, &mut c, limit());
    }
    if name == "size" {
        let gz = build::shipped_gzip(&setup.pkg()?)?;
        let fits = gz <= SIZE_BUDGET_GZIP;
        println!(
            "pkg/ ships {gz} B gzip; the budget is {SIZE_BUDGET_GZIP} B: {}",
            if fits { "within" } else { "OVER BUDGET" }
        );
        return Ok(Ran {
            tally: Tally {
                passed: u64::from(fits),
                failed: u64::from(!fits),
                skipped: 0,
            },
            files: Default::default(),
        });
    }
    let (browser, server) = setup.browser_and_server()?;
    if let Some((variable, runtime)) = wasm_runtime(name) {
        let wasm_tests = |package: &str| {
            let mut c = Command::new("cargo");
            c.args([
                "test",
                "--no-fail-fast",
                "--target",
                "wasm32-unknown-unknown",
                MESSAGE_FORMAT,
            ])
            .args(["--package", package])
            .current_dir(&root)
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                tools::tools_dir().join("bin/wasm-bindgen-test-runner"),
            )
            .env("WASM_PUT_TEST_SERVER", &server.url)
            .env("WASM_PUT_TEST_RUNTIME", runtime)
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", webdriver_json())
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            // The leak tests let the garbage collector free dropped responses first.
            .env("NODE_OPTIONS", "--expose-gc");
            if let Some(variable) = variable {
                c.env(variable, "1");
            }
            c
        };
        // The library's tests drive the JS API too; the example app builds without it.
        let mut library = wasm_tests("wasm-put");
        library.args(["--features", "js"]);
        let mut ran = Ran::default();
        if name == "node-release" {
            library.args([
                "--release",
                "--test",
                "robustness",
                "--test",
                "faults",
                "--test",
                "runtime",
            ]);
            return counted(name, &mut library, limit());
        }
        library.arg("--lib");
        for file in test_files()? {
            match ONLY_IN.iter().find(|(f, _, _)| *f == file) {
                Some((_, tiers, why)) if !tiers.contains(&name) => {
                    let n = tests_in(&file)?;
                    println!("skipped here: tests/{file}.rs ({n} tests): {why}");
                    ran.tally.skipped += n;
                }
                _ => {
                    library.args(["--test", &file]);
                }
            }
        }
        let limit = limit();
        ran.add(counted(name, &mut library, limit)?);
        // A crate that depends on wasm-put: the contract's Rust example.
        ran.add(counted(name, &mut wasm_tests("wasm-put-example"), limit)?);
        return Ok(ran);
    }
    // One file at a time, one `node --test` each, to count each file: the e2e outage test
    // stops every PUT of the one dev server for a moment, and the files share it.
    let node_tests = |folder: &str, more_env: &[(&str, &str)]| -> Result<Ran, String> {
        let limit = limit();
        let mut ran = Ran::default();
        for file in node_test_files(&root.join(folder))? {
            let mut c = Command::new("node");
            c.args(["--test", "--test-reporter=spec", "--test-timeout=120000"])
                .arg(&file)
                .current_dir(&root)
                .env("WASM_PUT_TEST_SERVER", &server.url)
                .env("CHROMIUM", &browser.chromium)
                .envs(more_env.iter().copied());
            let one = counted(name, &mut c, limit)?;
            ran.tally.add(one.tally);
            ran.files.insert(file, one.tally.ran());
        }
        Ok(ran)
    };
    match name {
        "package" => node_tests("tests/js", &[]),
        "e2e" => node_tests("tests/e2e", &[]),
        "npm" => node_tests("tests/pkg", &[]),
        "example" => {
            let site = build::rust_example()?;
            let example = DevServer::start_at(&site, 0, Some(tier.minutes * 60 + 60))?;
            node_tests(
                "tests/example",
                &[("WASM_PUT_EXAMPLE_SERVER", &example.url)],
            )
        }
        other => Err(format!("the tier `{other}` has no command")),
    }
}

/// How `cargo test` is asked to name each test file's source ([`crate::files`]): JSON
/// lines for what it builds, its diagnostics still shown as text.
const MESSAGE_FORMAT: &str = "--message-format=json-render-diagnostics";

/// The test files `node --test FOLDER` would run: `*.test.mjs`, `.js` and `.cjs` under
/// `folder`, named from the repository root, sorted. None is an error: the folder's
/// tests went missing.
fn node_test_files(folder: &Path) -> Result<Vec<String>, String> {
    let root = cmd::root();
    let mut files = Vec::new();
    let mut dirs = vec![folder.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() && name != "node_modules" {
                dirs.push(path);
            } else if [".test.mjs", ".test.js", ".test.cjs"]
                .iter()
                .any(|end| name.ends_with(end))
            {
                let relative = path.strip_prefix(&root).unwrap_or(&path);
                files.push(relative.display().to_string());
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{} holds no test file (*.test.mjs)",
            folder.display()
        ));
    }
    Ok(files)
}

/// The stems of the library's integration test files (`tests/*.rs`), sorted.
fn test_files() -> Result<Vec<String>, String> {
    let dir = cmd::root().join("tests");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut stems: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter_map(|p| Some(p.file_stem()?.to_str()?.to_string()))
        .collect();
    stems.sort();
    Ok(stems)
}

/// How many `#[wasm_bindgen_test]` functions `tests/<stem>.rs` holds.
fn tests_in(stem: &str) -> Result<u64, String> {
    let path = cmd::root().join(format!("tests/{stem}.rs"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text.matches("#[wasm_bindgen_test]").count() as u64)
}

/// Where the WebDriver capabilities are written for wasm-bindgen-test-runner.
fn webdriver_json() -> PathBuf {
    cmd::root().join("target/webdriver.json")
}

/// WebDriver capabilities for headless Chromium in this sandbox: no background
/// networking (this machine has no internet), no GPU, no first-run work.
fn webdriver_capabilities(browser: &tools::Browser) -> String {
    format!(
        r#"{{"goog:chromeOptions":{{"binary":"{}","args":["headless=new","no-sandbox","disable-gpu","disable-quic","no-first-run","disable-background-networking","disable-component-update","disable-sync","disable-dev-shm-usage","js-flags=--expose-gc"]}}}}"#,
        browser.chromium.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_counts_name_only_tiers() {
        let names: Vec<&str> = TIERS.iter().map(|t| t.name).collect();
        let counts = record::recorded_counts(&names).unwrap();
        for tier in TIERS {
            assert!(
                counts.contains_key(tier.name),
                "no count recorded for {}",
                tier.name
            );
        }
    }

    #[test]
    fn each_tiers_recorded_files_add_up_to_its_total() {
        let names: Vec<&str> = TIERS.iter().map(|t| t.name).collect();
        for (tier, counts) in record::recorded_counts(&names).unwrap() {
            let sum: u64 = counts.files.values().sum();
            if !counts.files.is_empty() {
                assert_eq!(sum, counts.total, "the files of {tier}");
            }
        }
    }

    #[test]
    fn the_dev_server_for_the_tests_outlives_every_tier_and_setup_run_back_to_back() {
        let tiers: u64 = TIERS.iter().map(|t| t.minutes * 60).sum();
        let setup = build::TIME_LIMIT + tools::CHROMIUM_TIME_LIMIT;
        assert!(server_lifetime() >= Duration::from_secs(tiers) + setup);
    }

    #[test]
    fn node_tiers_run_each_test_file_of_their_folder_and_no_helper() {
        let files = node_test_files(&cmd::root().join("tests/js")).unwrap();
        assert!(
            files.contains(&"tests/js/package-node.test.mjs".to_string()),
            "{files:?}"
        );
        assert!(files.iter().all(|f| f.ends_with(".test.mjs")), "{files:?}");
        let err = node_test_files(&cmd::root().join("xtask/src")).unwrap_err();
        assert!(
            err.ends_with("xtask/src holds no test file (*.test.mjs)"),
            "{err}"
        );
    }

    #[test]
    fn every_wasm_tier_names_its_runtime_and_no_other_tier_does() {
        let wasm: Vec<&str> = TIERS
            .iter()
            .map(|t| t.name)
            .filter(|n| wasm_runtime(n).is_some())
            .collect();
        assert_eq!(
            wasm,
            [
                "node",
                "node-release",
                "page",
                "worker",
                "shared-worker",
                "service-worker"
            ]
        );
    }

    #[test]
    fn the_files_some_tiers_leave_out_exist_hold_tests_and_name_wasm_tiers() {
        for (stem, tiers, _) in ONLY_IN {
            assert!(tests_in(stem).unwrap() > 0, "tests/{stem}.rs");
            assert!(tiers.iter().all(|t| wasm_runtime(t).is_some()), "{tiers:?}");
        }
    }
}
