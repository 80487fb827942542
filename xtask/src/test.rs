//! `cargo xtask test`: every tier, each counted, ending with one summary line.
//!
//! 1. native: `cargo test --workspace` (the pure core, the dev server, xtask);
//! 2. `wasm-bindgen-test` against the dev server in Node (the hostile-call and leak
//!    tests also in the release profile that `pkg/` ships),
//! 3. in a headless Chromium page,
//! 4. and in a dedicated worker there;
//! 5. package: the built `pkg/` imported from Node and from a page in Chromium;
//! 6. end to end: the demo page in `www/` driven in headless Chromium;
//! 7. npm package: `pkg/` packed with `npm pack`, installed into `examples/node` and
//!    `examples/vite`, the Node example run, the Vite app built and driven in Chromium,
//!    `tests/ts/usage.ts` and both examples type-checked with `tsc`, and the README's API
//!    section checked against `pkg/wasm_put.d.ts` (`node --test tests/pkg/`); and the
//!    Rust example app (`examples/rust/`) built and driven in Chromium (`tests/example/`).

use crate::cmd::{self, show, step};
use crate::serve::DevServer;
use crate::{build, tools};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// The size budget of `pkg/`: gzip bytes of the wasm and the JS glue.
///
/// A ratchet: lower it as the package shrinks, never raise it without saying why. It
/// rose from 24,000 B when the whole call moved into Rust (std, serde-wasm-bindgen,
/// wasm-bindgen-futures, the response class) and the Rust API, `update()` and
/// `supersede` came: 86,760 B as of this figure, against a target of 40,000 B that is
/// not met (the README's figures say where the bytes go).
pub const SIZE_BUDGET_GZIP: usize = 87_000;

/// Counts of one tier.
#[derive(Default, Clone, Copy)]
struct Tally {
    passed: u64,
    failed: u64,
}

/// Runs every tier and prints `summary: N passed, M failed` last.
pub fn run() -> Result<(), String> {
    let root = cmd::root();
    let mut results: Vec<(&str, Result<Tally, String>)> = Vec::new();

    step("tier 1/7: native tests (cargo test --workspace)");
    results.push((
        "native",
        counted(
            Command::new("cargo")
                .args(["test", "--workspace"])
                .current_dir(&root),
        ),
    ));

    let built = build::run();
    step("size budget");
    results.push((
        "size budget",
        built
            .as_ref()
            .map_err(String::clone)
            .and_then(|pkg| build::shipped_gzip(pkg))
            .map(|gz| {
                let fits = gz <= SIZE_BUDGET_GZIP;
                println!(
                    "pkg/ ships {gz} B gzip; the budget is {SIZE_BUDGET_GZIP} B: {}",
                    if fits { "within" } else { "OVER BUDGET" }
                );
                Tally {
                    passed: u64::from(fits),
                    failed: u64::from(!fits),
                }
            }),
    ));
    let ready = built
        .and_then(|_| tools::chromium())
        .and_then(|browser| Ok((browser, DevServer::start(0, Some(3600))?)));
    match ready {
        Err(e) => results.push(("build, browser and dev server", Err(e))),
        Ok((browser, server)) => {
            println!("dev server for the tests: {}", server.url);
            let runner = tools::tools_dir().join("bin/wasm-bindgen-test-runner");
            let webdriver_json = root.join("target/webdriver.json");
            let wasm_tests = |mode: Option<&str>| {
                let mut c = Command::new("cargo");
                c.args([
                    "test",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--package",
                    "wasm-put",
                ])
                .current_dir(&root)
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
                .env("WASM_PUT_TEST_SERVER", &server.url)
                .env("CHROMEDRIVER", &browser.chromedriver)
                .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
                .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
                // The leak tests let the garbage collector free dropped responses first.
                .env("NODE_OPTIONS", "--expose-gc");
                if let Some(mode) = mode {
                    c.env(mode, "1");
                }
                c
            };
            let written = std::fs::write(&webdriver_json, webdriver_capabilities(&browser));
            // The library's tests, and the example's: a crate that depends on wasm-put.
            let both = |mode| {
                let mut c = wasm_tests(mode);
                c.args(["--package", "wasm-put-example"]);
                c
            };
            step("tier 2/7: wasm tests in Node (wasm-bindgen-test)");
            results.push(("wasm in Node", counted(&mut both(None))));
            let written =
                written.map_err(|e| format!("cannot write {}: {e}", webdriver_json.display()));
            step("tier 2/7, again in the release profile that pkg/ ships: the hostile-call and leak tests in Node");
            results.push((
                "wasm in Node (release)",
                counted(wasm_tests(None).args([
                    "--release",
                    "--test",
                    "robustness",
                    "--test",
                    "faults",
                ])),
            ));
            step("tier 3/7: wasm tests in a headless Chromium page (wasm-bindgen-test)");
            results.push((
                "wasm in a Chromium page",
                written
                    .clone()
                    .and_then(|()| counted(&mut both(Some("WASM_BINDGEN_USE_BROWSER")))),
            ));
            step("tier 4/7: wasm tests in a Chromium dedicated worker (wasm-bindgen-test)");
            results.push((
                "wasm in a Chromium worker",
                written
                    .and_then(|()| counted(&mut both(Some("WASM_BINDGEN_USE_DEDICATED_WORKER")))),
            ));
            let node_tests = |folder: &str| {
                let mut c = Command::new("node");
                c.args(["--test", "--test-reporter=spec", "--test-timeout=120000"])
                    .arg(folder)
                    .current_dir(&root)
                    .env("WASM_PUT_TEST_SERVER", &server.url)
                    .env("CHROMIUM", &browser.chromium);
                c
            };
            step("tier 5/7: the built package in Node and in Chromium (node --test)");
            results.push(("package", counted(&mut node_tests("tests/js/"))));
            step("tier 6/7: the demo page end to end in headless Chromium (node --test)");
            results.push(("end to end (demo)", counted(&mut node_tests("tests/e2e/"))));
            step("tier 7/7: the npm package: pack, install into examples/, run, build, tsc (node --test)");
            results.push(("npm package", counted(&mut node_tests("tests/pkg/"))));
            step("tier 7/7, and the Rust example app (examples/rust) driven in headless Chromium");
            let example = build::rust_example()
                .and_then(|site| DevServer::start_at(&site, 0, Some(3600)))
                .and_then(|example| {
                    counted(
                        node_tests("tests/example/").env("WASM_PUT_EXAMPLE_SERVER", &example.url),
                    )
                });
            results.push(("Rust example app", example));
        }
    }

    step("results");
    let mut total = Tally::default();
    let mut broken = Vec::new();
    for (name, result) in &results {
        match result {
            Ok(t) => {
                println!("  {name:<32} {:>5} passed {:>5} failed", t.passed, t.failed);
                total.passed += t.passed;
                total.failed += t.failed;
            }
            Err(e) => {
                println!("  {name:<32} did not finish: {e}");
                broken.push(*name);
                total.failed += 1;
            }
        }
    }
    println!(
        "\nsummary: {} passed, {} failed",
        total.passed, total.failed
    );
    if total.failed == 0 {
        Ok(())
    } else if broken.is_empty() {
        Err("some tests failed (see above)".into())
    } else {
        Err(format!("these tiers did not finish: {}", broken.join(", ")))
    }
}

/// Runs a test command, echoing its stdout while counting passes and failures from the
/// closing lines of `cargo test` (and wasm-bindgen-test) and of `node --test`.
/// A tier that exits non-zero but reported no failure counts as an error.
fn counted(cmd: &mut Command) -> Result<Tally, String> {
    println!("$ {}", show(cmd));
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{}`: {e}", show(cmd)))?;
    let mut tally = Tally::default();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            count_line(&line, &mut tally);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && tally.failed == 0 {
        return Err(format!("`{}` failed ({status})", show(cmd)));
    }
    Ok(tally)
}

/// Adds what one closing line of a test runner reports.
fn count_line(line: &str, tally: &mut Tally) {
    let number_after = |text: &str, word: &str| -> Option<u64> {
        let words: Vec<&str> = text.split([' ', ';']).collect();
        words
            .windows(2)
            .find(|w| w[1] == word)
            .and_then(|w| w[0].parse().ok())
    };
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("test result:") {
        tally.passed += number_after(rest, "passed").unwrap_or(0);
        tally.failed += number_after(rest, "failed").unwrap_or(0);
    } else if let Some(n) = line
        .strip_prefix("ℹ pass ")
        .and_then(|n| n.parse::<u64>().ok())
    {
        tally.passed += n;
    } else if let Some(n) = line
        .strip_prefix("ℹ fail ")
        .and_then(|n| n.parse::<u64>().ok())
    {
        tally.failed += n;
    }
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
    fn cargo_and_wasm_bindgen_test_closing_lines_are_counted() {
        let mut t = Tally::default();
        count_line(
            "test result: ok. 16 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            &mut t,
        );
        count_line("test result: FAILED. 3 passed; 2 failed; 0 ignored", &mut t);
        assert_eq!((t.passed, t.failed), (19, 2));
    }

    #[test]
    fn node_test_runner_closing_lines_are_counted() {
        let mut t = Tally::default();
        for line in ["ℹ tests 5", "ℹ pass 4", "ℹ fail 1", "ℹ skipped 0"] {
            count_line(line, &mut t);
        }
        assert_eq!((t.passed, t.failed), (4, 1));
    }

    #[test]
    fn other_lines_count_nothing() {
        let mut t = Tally::default();
        count_line("test put_sends_json ... ok", &mut t);
        count_line("passed 3 failed", &mut t);
        assert_eq!((t.passed, t.failed), (0, 0));
    }
}
