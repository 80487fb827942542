//! Counting what a test command ran: passed, failed and skipped, read from the closing
//! lines of `cargo test` (libtest and wasm-bindgen-test) and of `node --test`, in all and
//! by test file, under a time limit that stops a hung command instead of waiting for it.

use crate::cmd::{self, show};
use crate::files::{Line, TestFiles};
use crate::limit::{run_within, Deadline, Ended};
use std::collections::BTreeMap;
use std::process::Command;

/// Counts of one tier.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    /// Tests that ran and passed.
    pub passed: u64,
    /// Tests that ran and failed (Node's `cancelled` too: a test cut short did not pass).
    pub failed: u64,
    /// Tests that did not run here: libtest's `ignored`, Node's `skipped` and `todo`, and
    /// the test files a tier leaves out, each with its reason.
    pub skipped: u64,
}

/// What a tier ran: its counts, and how many tests ran (passed or failed) in each test
/// file, named from the repository root.
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    /// The counts of the whole tier.
    pub tally: Tally,
    /// Tests that ran, by test file.
    pub files: BTreeMap<String, u64>,
}

impl Ran {
    /// Adds `other` to this one: its counts, and its files' counts.
    pub fn add(&mut self, other: Ran) {
        self.tally.add(other.tally);
        for (file, n) in other.files {
            *self.files.entry(file).or_insert(0) += n;
        }
    }
}

impl Tally {
    /// Adds `other` to this tally.
    pub fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }

    /// How many tests ran: passed or failed.
    pub fn ran(&self) -> u64 {
        self.passed + self.failed
    }
}

/// Runs a test command, echoing its output while counting its closing lines, each under
/// the test file it belongs to (see [`TestFiles`]; a command that names no file, such as
/// `node --test` of one file, counts only to the tally). The command and everything it
/// started are killed when it runs past `limit`, which fails the tier with a message
/// naming it. A command that exits non-zero but reported no failure is an error too (it
/// broke before its tests could say so).
pub fn counted(tier: &str, cmd: &mut Command, limit: Deadline) -> Result<Ran, String> {
    println!("$ {}", show(cmd));
    let root = cmd::root();
    let mut files = TestFiles::new(&root);
    let mut file: Option<String> = None;
    let mut ran = Ran::default();
    let ended = run_within(cmd, limit.left(), |line| match files.read(line) {
        Line::Message => {}
        Line::File(name) => {
            println!("{line}");
            ran.files.entry(name.clone()).or_insert(0);
            file = Some(name);
        }
        Line::Other => {
            println!("{line}");
            let mut counts = Tally::default();
            count_line(line, &mut counts);
            ran.tally.add(counts);
            if let Some(name) = &file {
                *ran.files.entry(name.clone()).or_insert(0) += counts.ran();
            }
        }
    })?;
    let status = match ended {
        Ended::Exited(status) => status,
        Ended::Stopped => {
            return Err(format!(
                "the {tier} tier ran past its time limit of {} s and was stopped; \
                 a test there hangs (see its last lines above)",
                limit.limit.as_secs()
            ))
        }
    };
    if !status.success() && ran.tally.failed == 0 {
        return Err(format!("`{}` failed ({status})", show(cmd)));
    }
    Ok(ran)
}

/// Adds what one closing line of a test runner reports.
pub fn count_line(line: &str, tally: &mut Tally) {
    let number_after = |text: &str, word: &str| -> u64 {
        let words: Vec<&str> = text.split([' ', ';']).collect();
        words
            .windows(2)
            .find(|w| w[1] == word)
            .and_then(|w| w[0].parse().ok())
            .unwrap_or(0)
    };
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("test result:") {
        tally.passed += number_after(rest, "passed");
        tally.failed += number_after(rest, "failed");
        tally.skipped += number_after(rest, "ignored");
        return;
    }
    let Some((word, n)) = line
        .strip_prefix("ℹ ")
        .and_then(|rest| rest.split_once(' '))
        .and_then(|(word, n)| Some((word, n.parse::<u64>().ok()?)))
    else {
        return;
    };
    match word {
        "pass" => tally.passed += n,
        "fail" | "cancelled" => tally.failed += n,
        "skipped" | "todo" => tally.skipped += n,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn tally_of(lines: &[&str]) -> Tally {
        let mut t = Tally::default();
        for line in lines {
            count_line(line, &mut t);
        }
        t
    }

    #[test]
    fn cargo_and_wasm_bindgen_test_closing_lines_are_counted_with_their_ignored() {
        let t = tally_of(&[
            "test result: ok. 16 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.00s",
            "test result: FAILED. 3 passed; 2 failed; 1 ignored",
        ]);
        assert_eq!(
            t,
            Tally {
                passed: 19,
                failed: 2,
                skipped: 3
            }
        );
    }

    #[test]
    fn node_test_runner_closing_lines_are_counted_cancelled_as_failed() {
        let t = tally_of(&[
            "ℹ tests 9",
            "ℹ suites 0",
            "ℹ pass 4",
            "ℹ fail 1",
            "ℹ cancelled 1",
            "ℹ skipped 2",
            "ℹ todo 1",
            "ℹ duration_ms 12.5",
        ]);
        assert_eq!(
            t,
            Tally {
                passed: 4,
                failed: 2,
                skipped: 3
            }
        );
    }

    #[test]
    fn other_lines_count_nothing() {
        let t = tally_of(&[
            "test put_sends_json ... ok",
            "passed 3 failed",
            "ℹ pass many",
        ]);
        assert_eq!(t, Tally::default());
    }

    #[test]
    fn a_command_past_its_limit_is_stopped_and_its_tier_named() {
        let err = counted(
            "sleepy",
            Command::new("sh").args(["-c", "echo 'ℹ pass 1'; sleep 30 & sleep 30"]),
            Deadline::after(Duration::from_millis(500)),
        )
        .unwrap_err();
        assert!(
            err.contains("the sleepy tier ran past its time limit"),
            "{err}"
        );
    }

    #[test]
    fn a_command_that_fails_without_a_failed_test_is_an_error() {
        let err = counted(
            "broken",
            &mut Command::new("false"),
            Deadline::after(Duration::from_secs(30)),
        )
        .unwrap_err();
        assert!(err.contains("failed"), "{err}");
    }

    #[test]
    fn a_command_within_its_limit_is_counted() {
        let t = counted(
            "quick",
            Command::new("sh").args(["-c", "echo 'ℹ pass 2'; echo 'ℹ skipped 1'"]),
            Deadline::after(Duration::from_secs(30)),
        )
        .unwrap();
        assert_eq!((t.tally.passed, t.tally.skipped), (2, 1));
        assert!(t.files.is_empty(), "{:?}", t.files);
    }

    #[test]
    fn each_test_binarys_results_count_to_the_file_cargo_named_before_them() {
        // As cargo writes them: the file names on stderr, the results on stdout.
        let script = "\
            echo '     Running unittests src/lib.rs (target/debug/deps/wasm_put-1)' >&2; \
            echo 'test result: ok. 5 passed; 0 failed; 1 ignored'; \
            echo '     Running tests/client.rs (target/debug/deps/client-2)' >&2; \
            echo 'test result: FAILED. 3 passed; 1 failed; 0 ignored'; \
            echo '     Running tests/empty.rs (target/debug/deps/empty-3)' >&2; \
            echo '   Doc-tests wasm_put' >&2; \
            echo 'test result: ok. 2 passed; 0 failed; 0 ignored'; \
            exit 101";
        let ran = counted(
            "files",
            Command::new("sh").args(["-c", script]),
            Deadline::after(Duration::from_secs(30)),
        )
        .unwrap();
        let files: Vec<(&str, u64)> = ran.files.iter().map(|(f, n)| (f.as_str(), *n)).collect();
        assert_eq!(
            files,
            [
                ("src/lib.rs", 5),
                ("tests/client.rs", 4),
                ("tests/empty.rs", 0),
                ("wasm_put (doc tests)", 2)
            ]
        );
        assert_eq!(
            ran.tally,
            Tally {
                passed: 10,
                failed: 1,
                skipped: 1
            }
        );
    }
}
