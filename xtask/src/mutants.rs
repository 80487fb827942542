//! `cargo xtask mutants`: mutation testing of the pure core (`src/rules/`) with
//! cargo-mutants, against the host tests only (the library's unit tests and
//! `tests/properties.rs`; the other files of `tests/` are wasm32-only).
//!
//! cargo-mutants is installed into `target/tools` when missing. It mutates a copy of
//! the tree, one mutant at a time, and writes its report to `target/mutants/mutants.out`.
//! The command fails when a mutant is missed (no test fails with it), naming each one.
//!
//! Left out as equivalent: the two `|` → `^` in `base64_into`, which join three bytes
//! shifted into disjoint bits, where `|` and `^` give the same number.

use crate::cmd::{self, output, run, step};
use crate::tools;
use std::path::PathBuf;
use std::process::Command;

/// The mutants that behave exactly as the code (see the module doc), as a regex.
const EQUIVALENT: &str = r"replace \| with \^ in base64_into";

/// `cargo-mutants` in `target/tools/bin`, installed there when missing.
fn cargo_mutants() -> Result<PathBuf, String> {
    let bin = tools::tools_dir().join("bin/cargo-mutants");
    if output(Command::new(&bin).args(["mutants", "--version"])).is_some() {
        return Ok(bin);
    }
    step("installing cargo-mutants into target/tools for mutation testing (about 5 minutes)");
    run(Command::new("cargo").args([
        "install",
        "cargo-mutants",
        "--root",
        &tools::tools_dir().to_string_lossy(),
    ]))?;
    Ok(bin)
}

/// Runs `cargo xtask mutants`.
pub fn run_mutants() -> Result<(), String> {
    let bin = cargo_mutants()?;
    let root = cmd::root();
    let out = root.join("target/mutants");
    step("mutation testing src/rules/ against the host tests (cargo mutants; several minutes)");
    let result = run(Command::new(&bin)
        .arg("mutants")
        .args(["--file", "src/rules/**", "--exclude-re", EQUIVALENT])
        .arg("--output")
        .arg(&out)
        .args(["--", "--lib", "--test", "properties"])
        .current_dir(&root));
    let missed = std::fs::read_to_string(out.join("mutants.out/missed.txt")).unwrap_or_default();
    if !missed.trim().is_empty() {
        return Err(format!(
            "these mutants were missed (no test fails with them); add a test that tells \
             each from the code:\n{}",
            missed.trim_end()
        ));
    }
    result
}
