//! `cargo xtask`: the project's commands. Each installs what it is missing and says so.
//!
//! * `cargo xtask demo [--port N]`: build `pkg/` and serve the demo with the dev API.
//! * `cargo xtask test [TIER]`: every test tier (or the one named), ending with one summary line.
//! * `cargo xtask build`: `pkg/` (wasm-bindgen `--target web`, `wasm-opt -Oz`).
//! * `cargo xtask size`: the bytes of the package's and the Rust example's wasm by crate and
//!   by module of ours; `target/size-report.md`.
//! * `cargo xtask fuzz [--seconds N] [TARGET…]`: each cargo-fuzz target of `fuzz/` for N s (nightly).
//! * `cargo xtask bench`: `put` against fetch, ky, axios and Rust/wasm peers; `target/bench/report.md`.
//! * `cargo xtask mutants`: cargo-mutants over `src/rules/` with the host tests; fails on a missed mutant.

mod bench;
mod build;
mod cmd;
mod files;
mod fuzz;
mod limit;
mod mutants;
mod record;
mod serve;
mod size;
mod tally;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  demo [--port N]   build pkg/ and serve the demo at http://127.0.0.1:8080/ (or N) until stopped
  test [TIER]       run every test tier, or only TIER (an unknown name lists the tiers)
  build             build pkg/: wasm_put.js, wasm_put_bg.wasm (wasm-opt'd), wasm_put.d.ts, package.json
  size              build pkg/ and the Rust example, and tell where their wasm bytes go, by crate
                    and by module of wasm_put (tables also in target/size-report.md)
  fuzz [--seconds N] [TARGET...]
                    run each cargo-fuzz target of fuzz/ for N seconds (default 20; needs nightly)
  bench             benchmark put against fetch, ky, axios and Rust/wasm peers in headless Chromium
                    (report in target/bench/report.md; BENCH_ROUNDS_SCALE=0.2 for a quick run)
  mutants           mutation-test src/rules/ with cargo-mutants against the host tests; fails
                    when a mutant is missed (report in target/mutants/mutants.out)

Each command installs what is missing (the wasm32 target, wasm-bindgen-cli into
target/tools, npm packages into node_modules, Chromium for the browser tests) and
prints each step it takes.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("build") => no_more_args(&args).and_then(|()| build::run().map(|_| ())),
        Some("test") => match &args[1..] {
            [] => test::run(None),
            [tier] => test::run(Some(tier)),
            [_, extra, ..] => Err(format!("unexpected argument `{extra}`\n\n{USAGE}")),
        },
        Some("size") => no_more_args(&args).and_then(|()| size::run()),
        Some("bench") => no_more_args(&args).and_then(|()| bench::run()),
        Some("demo") => serve::demo(&args[1..]),
        Some("fuzz") => fuzz::run_fuzz(&args[1..]),
        Some("mutants") => no_more_args(&args).and_then(|()| mutants::run_mutants()),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn no_more_args(args: &[String]) -> Result<(), String> {
    match args.get(1) {
        Some(extra) => Err(format!("unexpected argument `{extra}`\n\n{USAGE}")),
        None => Ok(()),
    }
}
