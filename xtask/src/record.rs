//! The counts recorded for each tier in `xtask/test-counts.toml`, in all and by test
//! file, held against what the tier ran, and the report of all tiers that ends
//! `cargo xtask test`.

use crate::cmd::{self, step};
use crate::tally::{Ran, Tally};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// Where the counts are recorded: the fewest tests each tier, and each of its test files,
/// may run.
fn counts_file() -> PathBuf {
    cmd::root().join("xtask/test-counts.toml")
}

/// The counts recorded for one tier: a table `[TIER]` with `total`, and `[TIER.files]`
/// with one count per test file, named from the repository root.
#[derive(Deserialize, Default, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    /// The fewest tests the tier may run.
    pub total: u64,
    /// The fewest tests each test file may run in the tier.
    #[serde(default)]
    pub files: BTreeMap<String, u64>,
}

/// The recorded counts, by tier name. Every name must be one of `tiers`.
pub fn recorded_counts(tiers: &[&str]) -> Result<BTreeMap<String, Recorded>, String> {
    let path = counts_file();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_counts(&text, tiers).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses the text of a counts file; every tier it names must be one of `tiers`.
fn parse_counts(text: &str, tiers: &[&str]) -> Result<BTreeMap<String, Recorded>, String> {
    let counts: BTreeMap<String, Recorded> =
        toml::from_str(text).map_err(|e| format!("cannot parse the counts: {e}"))?;
    match counts.keys().find(|k| !tiers.contains(&k.as_str())) {
        Some(k) => Err(format!("the counts name `{k}`, which is no tier")),
        None => Ok(counts),
    }
}

/// A tier that ran no test fails, and so does one that ran fewer than recorded in all,
/// or in any test file recorded for it, or did not run such a file: its tests went
/// missing. A tier or file that ran more is told to raise its count.
pub fn held_to_record(name: &str, ran: &Ran, recorded: Option<&Recorded>) -> Result<Tally, String> {
    if ran.tally.ran() == 0 {
        return Err(format!("the {name} tier ran no test"));
    }
    let none = Recorded::default();
    let (missing, raise) = compared(name, ran, recorded.unwrap_or(&none));
    let file = counts_file();
    for line in &raise {
        println!("{line} in {}", file.display());
    }
    if missing.is_empty() {
        return Ok(ran.tally);
    }
    Err(format!(
        "tests went missing (or, if they were removed on purpose, lower the counts in {}):\n    {}",
        file.display(),
        missing.join("\n    ")
    ))
}

/// What ran against what is recorded: the counts that fell short (tests went missing),
/// and those to raise.
fn compared(name: &str, ran: &Ran, recorded: &Recorded) -> (Vec<String>, Vec<String>) {
    let mut missing = Vec::new();
    let mut raise = Vec::new();
    let total = ran.tally.ran();
    if total < recorded.total {
        missing.push(format!(
            "the {name} tier ran {total} tests, fewer than the {} recorded",
            recorded.total
        ));
    } else if total > recorded.total {
        raise.push(format!(
            "the {name} tier ran {total} tests, more than the {} recorded: raise its total",
            recorded.total
        ));
    }
    for (path, &want) in &recorded.files {
        match ran.files.get(path) {
            None => missing.push(format!(
                "the {name} tier did not run {path}, which is recorded with {want} tests"
            )),
            Some(&n) if n < want => missing.push(format!(
                "the {name} tier ran {n} tests of {path}, fewer than the {want} recorded"
            )),
            Some(&n) if n > want => raise.push(format!(
                "the {name} tier ran {n} tests of {path}, more than the {want} recorded: raise its count"
            )),
            Some(_) => {}
        }
    }
    for (path, &n) in &ran.files {
        if n > 0 && !recorded.files.contains_key(path) {
            raise.push(format!(
                "the {name} tier ran {n} tests of {path}, which has no count recorded: add \"{path}\" = {n} to [{name}.files]"
            ));
        }
    }
    (missing, raise)
}

/// Prints each tier's counts and the summary line; an error when anything failed.
pub fn report(results: &[(&str, Duration, Result<Tally, String>)]) -> Result<(), String> {
    step("results");
    let mut total = Tally::default();
    let mut broken = Vec::new();
    for (name, took, result) in results {
        let took = format!("{:>4} s", took.as_secs());
        match result {
            Ok(t) => {
                println!(
                    "  {name:<16} {:>5} passed {:>5} failed {:>5} skipped  {took}",
                    t.passed, t.failed, t.skipped
                );
                total.add(*t);
            }
            Err(e) => {
                println!("  {name:<16} did not finish ({took}): {e}");
                broken.push(*name);
                total.failed += 1;
            }
        }
    }
    println!(
        "\nsummary: {} passed, {} failed, {} skipped",
        total.passed, total.failed, total.skipped
    );
    if total.failed == 0 {
        Ok(())
    } else if broken.is_empty() {
        Err("some tests failed (see above)".into())
    } else {
        Err(format!("these tiers did not finish: {}", broken.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIERS: [&str; 2] = ["native", "node"];

    fn ran(total: u64, files: &[(&str, u64)]) -> Ran {
        Ran {
            tally: Tally {
                passed: total,
                failed: 0,
                skipped: 4,
            },
            files: files.iter().map(|(f, n)| (f.to_string(), *n)).collect(),
        }
    }

    fn recorded(total: u64, files: &[(&str, u64)]) -> Recorded {
        Recorded {
            total,
            files: files.iter().map(|(f, n)| (f.to_string(), *n)).collect(),
        }
    }

    #[test]
    fn the_counts_are_read_per_tier_with_their_files() {
        let counts = parse_counts(
            "[native]\ntotal = 12\n\n[native.files]\n\"src/lib.rs\" = 5\n\"tests/client.rs\" = 7\n\n[node]\ntotal = 3\n",
            &TIERS,
        )
        .unwrap();
        assert_eq!(
            counts["native"],
            recorded(12, &[("src/lib.rs", 5), ("tests/client.rs", 7)])
        );
        assert_eq!(counts["node"], recorded(3, &[]));
    }

    #[test]
    fn counts_that_name_no_tier_or_an_unknown_field_or_no_total_are_refused() {
        let err = parse_counts("[nodes]\ntotal = 3\n", &TIERS).unwrap_err();
        assert!(
            err.contains("the counts name `nodes`, which is no tier"),
            "{err}"
        );
        let err = parse_counts("[node]\ntotal = 3\nfile = {}\n", &TIERS).unwrap_err();
        assert!(err.contains("unknown field `file`"), "{err}");
        let err = parse_counts("[node.files]\n\"a.rs\" = 3\n", &TIERS).unwrap_err();
        assert!(err.contains("missing field `total`"), "{err}");
        let err = parse_counts("node = 3\n", &TIERS).unwrap_err();
        assert!(err.contains("cannot parse the counts"), "{err}");
    }

    #[test]
    fn a_tier_that_ran_nothing_or_fewer_than_recorded_fails() {
        assert!(held_to_record("node", &Ran::default(), None)
            .unwrap_err()
            .contains("the node tier ran no test"));
        let some = ran(9, &[]);
        let err = held_to_record("node", &some, Some(&recorded(10, &[]))).unwrap_err();
        assert!(
            err.contains("the node tier ran 9 tests, fewer than the 10 recorded"),
            "{err}"
        );
        assert_eq!(
            held_to_record("node", &some, Some(&recorded(9, &[]))),
            Ok(some.tally)
        );
        assert_eq!(
            held_to_record("node", &some, Some(&recorded(3, &[]))),
            Ok(some.tally)
        );
    }

    #[test]
    fn a_file_that_ran_fewer_than_recorded_fails_the_tier_naming_both_numbers() {
        let some = ran(9, &[("tests/client.rs", 4), ("src/lib.rs", 5)]);
        let counts = recorded(9, &[("tests/client.rs", 5), ("src/lib.rs", 4)]);
        let err = held_to_record("node", &some, Some(&counts)).unwrap_err();
        assert!(
            err.contains("the node tier ran 4 tests of tests/client.rs, fewer than the 5 recorded"),
            "{err}"
        );
        assert!(!err.contains("src/lib.rs"), "{err}");
    }

    #[test]
    fn a_recorded_file_that_did_not_run_fails_the_tier() {
        let some = ran(9, &[("src/lib.rs", 9)]);
        let counts = recorded(9, &[("tests/client.rs", 2), ("src/lib.rs", 7)]);
        let err = held_to_record("node", &some, Some(&counts)).unwrap_err();
        assert!(
            err.contains(
                "the node tier did not run tests/client.rs, which is recorded with 2 tests"
            ),
            "{err}"
        );
    }

    #[test]
    fn files_that_ran_more_or_unrecorded_pass_and_are_told_to_raise_their_counts() {
        let some = ran(
            10,
            &[
                ("src/lib.rs", 6),
                ("tests/new.rs", 4),
                ("tests/empty.rs", 0),
            ],
        );
        let counts = recorded(9, &[("src/lib.rs", 5)]);
        assert_eq!(held_to_record("node", &some, Some(&counts)), Ok(some.tally));
        let (missing, raise) = compared("node", &some, &counts);
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(
            raise,
            [
                "the node tier ran 10 tests, more than the 9 recorded: raise its total",
                "the node tier ran 6 tests of src/lib.rs, more than the 5 recorded: raise its count",
                "the node tier ran 4 tests of tests/new.rs, which has no count recorded: \
                 add \"tests/new.rs\" = 4 to [node.files]",
            ]
        );
    }
}
