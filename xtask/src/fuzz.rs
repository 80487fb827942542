//! `cargo xtask fuzz [--seconds N] [TARGET…]`: runs each cargo-fuzz target of `fuzz/`
//! for a bounded time (20 s by default), one after the other, and ends with a table
//! of executions and crashes.
//!
//! libFuzzer needs the nightly toolchain (it is not installed here: without it this
//! says so and fails). cargo-fuzz is installed into `target/tools` when missing. The
//! corpus grows in `fuzz/corpus/TARGET` (git-ignored), seeded from the small
//! `fuzz/seeds/TARGET`; a crash is saved in `fuzz/artifacts/TARGET` and printed.

use crate::cmd::{self, output, run, show, step};
use crate::tools;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Seconds per target when `--seconds` is not given.
pub const DEFAULT_SECONDS: u64 = 20;

/// Every target of `fuzz/Cargo.toml`, in the order they run.
pub const TARGETS: [&str; 5] = ["http_date", "backoff", "form", "headers", "options"];

/// What one target's run gave.
struct Outcome {
    target: &'static str,
    runs: Option<u64>,
    crashed: bool,
}

/// Reads `--seconds N` and target names.
fn parse_args(args: &[String]) -> Result<(u64, Vec<&'static str>), String> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--seconds" || arg.starts_with("--seconds=") {
            let value = match arg.strip_prefix("--seconds=") {
                Some(v) => v.to_string(),
                None => args
                    .next()
                    .cloned()
                    .ok_or("--seconds needs a number of seconds")?,
            };
            seconds =
                value.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                    format!("--seconds takes a whole number above 0, not `{value}`")
                })?;
        } else if let Some(&t) = TARGETS.iter().find(|t| **t == arg.as_str()) {
            targets.push(t);
        } else {
            return Err(format!(
                "unknown fuzz target or flag `{arg}`; the targets are {}\n\nusage: cargo xtask fuzz [--seconds N] [TARGET…]",
                TARGETS.join(", ")
            ));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    Ok((seconds, targets))
}

/// Fails with a clear message when the nightly toolchain is missing.
fn nightly() -> Result<String, String> {
    output(Command::new("rustup").args(["run", "nightly", "rustc", "--version"])).ok_or_else(|| {
        "cargo fuzz needs the nightly Rust toolchain (libFuzzer's sanitizer flags), and it is \
         not installed; install it with `rustup toolchain install nightly --profile minimal` \
         and run `cargo xtask fuzz` again"
            .to_string()
    })
}

/// `cargo-fuzz` in `target/tools/bin`, installed there when missing.
fn cargo_fuzz() -> Result<(), String> {
    let bin = tools::tools_dir().join("bin/cargo-fuzz");
    if output(Command::new(&bin).arg("--version")).is_some() {
        return Ok(());
    }
    step("installing cargo-fuzz into target/tools (about a minute)");
    run(Command::new("cargo").args([
        "install",
        "cargo-fuzz",
        "--locked",
        "--root",
        &tools::tools_dir().to_string_lossy(),
    ]))
}

/// `cargo +nightly fuzz …` from the repository root, finding cargo-fuzz in
/// `target/tools/bin`, building into `target/fuzz`.
fn cargo_fuzz_command(root: &Path) -> Command {
    let tools_bin = tools::tools_dir().join("bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![tools_bin];
    paths.extend(std::env::split_paths(&path));
    let mut c = Command::new("cargo");
    c.arg("+nightly")
        .arg("fuzz")
        .current_dir(root)
        .env("PATH", std::env::join_paths(paths).unwrap_or(path))
        .env("CARGO_TARGET_DIR", root.join("target/fuzz"))
        // Set by the `cargo run` that started xtask; they would pin the stable tools.
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC")
        .env_remove("CARGO");
    c
}

/// Runs `cargo xtask fuzz`.
pub fn run_fuzz(args: &[String]) -> Result<(), String> {
    let (seconds, targets) = parse_args(args)?;
    step("checking for the nightly toolchain");
    println!("{}", nightly()?);
    cargo_fuzz()?;
    let root = cmd::root();

    step("building the fuzz targets (cargo +nightly fuzz build)");
    run(cargo_fuzz_command(&root).args(["build", "--release"]))?;

    let mut outcomes = Vec::new();
    for target in targets {
        step(&format!("fuzzing {target} for {seconds} s"));
        let corpus = root.join("fuzz/corpus").join(target);
        std::fs::create_dir_all(&corpus)
            .map_err(|e| format!("cannot create {}: {e}", corpus.display()))?;
        let mut c = cargo_fuzz_command(&root);
        c.args(["run", "--release", target])
            .arg(&corpus)
            .arg(root.join("fuzz/seeds").join(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-max_len=4096")
            .arg("-rss_limit_mb=2048")
            .arg("-print_final_stats=1");
        let dict = root.join("fuzz/dicts").join(format!("{target}.dict"));
        if dict.is_file() {
            c.arg(format!("-dict={}", dict.display()));
        }
        outcomes.push(fuzz_one(target, &mut c)?);
    }

    step("fuzz results");
    let mut crashed = Vec::new();
    for o in &outcomes {
        let runs = o.runs.map_or("?".to_string(), |n| n.to_string());
        let verdict = if o.crashed { "CRASHED" } else { "no crash" };
        println!("  {:<10} {runs:>12} execs  {verdict}", o.target);
        if o.crashed {
            crashed.push(o.target);
        }
    }
    if crashed.is_empty() {
        println!("\nfuzz: {} targets, no crash", outcomes.len());
        Ok(())
    } else {
        Err(format!(
            "these targets crashed: {} (inputs in fuzz/artifacts/; replay one with \
             `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/FILE`)",
            crashed.join(", ")
        ))
    }
}

/// Runs one target, echoing libFuzzer's output without its per-input progress lines,
/// and reads the number of executions from its `Done N runs` line.
fn fuzz_one(target: &'static str, c: &mut Command) -> Result<Outcome, String> {
    println!("$ {}", show(c));
    let mut child = c
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{}`: {e}", show(c)))?;
    let mut runs = None;
    let mut in_dictionary = false;
    if let Some(err) = child.stderr.take() {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if let Some(n) = done_runs(&line) {
                runs = Some(n);
            }
            // The "recommended dictionary" libFuzzer prints at the end is left out.
            if line.starts_with("###### Recommended dictionary") {
                in_dictionary = true;
            }
            if !in_dictionary && !is_progress(&line) {
                eprintln!("{line}");
            }
            if line.starts_with("###### End of recommended dictionary") {
                in_dictionary = false;
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok(Outcome {
        target,
        runs,
        crashed: !status.success(),
    })
}

/// `Done 123456 runs in 21 second(s)` (or the final stats' `executed_units`) gives 123456.
fn done_runs(line: &str) -> Option<u64> {
    let rest = line
        .strip_prefix("Done ")
        .or_else(|| line.strip_prefix("stat::number_of_executed_units:"))?;
    rest.split_whitespace().next()?.parse().ok()
}

/// libFuzzer's lines about each new input (`#1234 NEW cov: …`) and pulses.
fn is_progress(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next().is_some_and(|w| w.starts_with('#'))
        && words
            .next()
            .is_some_and(|w| ["NEW", "REDUCE", "pulse", "RELOAD"].contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn seconds_and_targets_are_read_and_default_to_all_for_20_s() {
        assert_eq!(parse_args(&[]).unwrap(), (20, TARGETS.to_vec()));
        assert_eq!(
            parse_args(&args(&["--seconds", "5", "form"])).unwrap(),
            (5, vec!["form"])
        );
        assert_eq!(parse_args(&args(&["--seconds=7"])).unwrap().0, 7);
        assert!(parse_args(&args(&["--seconds", "0"])).is_err());
        assert!(parse_args(&args(&["--seconds"])).is_err());
        assert!(parse_args(&args(&["nope"]))
            .unwrap_err()
            .contains("http_date"));
    }

    #[test]
    fn libfuzzer_lines_are_read() {
        assert_eq!(
            done_runs("Done 1234567 runs in 21 second(s)"),
            Some(1_234_567)
        );
        assert_eq!(done_runs("stat::number_of_executed_units: 99"), Some(99));
        assert_eq!(done_runs("#1234 DONE cov: 1"), None);
        assert!(is_progress("#512\tNEW    cov: 88 ft: 120 corp: 9/300b"));
        assert!(is_progress("#65536\tpulse  cov: 88 ft: 120 corp: 9/300b"));
        assert!(!is_progress("#1234567\tDONE   cov: 88 ft: 120"));
        assert!(!is_progress("==123== ERROR: libFuzzer: deadly signal"));
    }

    #[test]
    fn every_target_has_a_seed_folder_and_a_cargo_entry() {
        let root = cmd::root();
        let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap();
        for t in TARGETS {
            assert!(root.join("fuzz/seeds").join(t).is_dir(), "{t}");
            assert!(manifest.contains(&format!("name = \"{t}\"")), "{t}");
        }
    }
}
