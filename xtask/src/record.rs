//! The count recorded for each tier in `xtask/test-counts.toml`, held against what the
//! tier ran, and the report of all tiers that ends `cargo xtask test`.

use crate::cmd::{self, step};
use crate::tally::Tally;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// Where the counts are recorded: the fewest tests each tier may run.
fn counts_file() -> PathBuf {
    cmd::root().join("xtask/test-counts.toml")
}

/// The recorded counts, by tier name. Every name must be one of `tiers`.
pub fn recorded_counts(tiers: &[&str]) -> Result<BTreeMap<String, u64>, String> {
    let path = counts_file();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let counts: BTreeMap<String, u64> =
        toml::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    match counts.keys().find(|k| !tiers.contains(&k.as_str())) {
        Some(k) => Err(format!("{} names `{k}`, which is no tier", path.display())),
        None => Ok(counts),
    }
}

/// A tier that ran no test, or fewer than recorded, fails: its tests went missing.
pub fn held_to_record(name: &str, tally: Tally, recorded: Option<u64>) -> Result<Tally, String> {
    let recorded = recorded.unwrap_or(0);
    if tally.ran() == 0 {
        return Err(format!("the {name} tier ran no test"));
    }
    if tally.ran() < recorded {
        return Err(format!(
            "the {name} tier ran {} tests, fewer than the {recorded} recorded in {}: \
             tests went missing (or, if they were removed on purpose, lower the count there)",
            tally.ran(),
            counts_file().display()
        ));
    }
    if tally.ran() > recorded {
        println!(
            "the {name} tier ran {} tests, more than the {recorded} recorded: raise its count in {}",
            tally.ran(),
            counts_file().display()
        );
    }
    Ok(tally)
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

    #[test]
    fn a_tier_that_ran_nothing_or_fewer_than_recorded_fails() {
        let none = Tally::default();
        assert!(held_to_record("node", none, None)
            .unwrap_err()
            .contains("ran no test"));
        let some = Tally {
            passed: 9,
            failed: 0,
            skipped: 4,
        };
        let err = held_to_record("node", some, Some(10)).unwrap_err();
        assert!(
            err.contains("ran 9 tests, fewer than the 10 recorded"),
            "{err}"
        );
        assert_eq!(held_to_record("node", some, Some(9)), Ok(some));
        assert_eq!(held_to_record("node", some, Some(3)), Ok(some));
    }
}
