//! Running a command under a time limit: its stdout and stderr are read as one stream of
//! lines, in the order it wrote them, and past the limit the command and every process
//! under it are killed instead of waited for. The test tiers, building `pkg/` and
//! setting up Chromium all run their commands through [`run_within`].

use crate::cmd::{output, show};
use std::io::{BufRead, BufReader};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// How long the output is still read after the command exits: a process it left behind
/// may hold the pipe open, and is not waited for longer than this.
const DRAIN: Duration = Duration::from_secs(5);

/// A time limit and when it ends, shared by the commands run under it one after another.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    /// The whole limit, for messages.
    pub limit: Duration,
    ends: Instant,
}

impl Deadline {
    /// A limit of `limit` from now.
    pub fn after(limit: Duration) -> Self {
        Deadline {
            limit,
            ends: Instant::now() + limit,
        }
    }

    /// What is left of it (nothing once it has passed).
    pub fn left(&self) -> Duration {
        self.ends.saturating_duration_since(Instant::now())
    }
}

/// How a command run under a limit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// It exited by itself, with this status.
    Exited(ExitStatus),
    /// It ran past its limit and was killed, with everything it started.
    Stopped,
}

/// Runs `cmd`, handing each line it writes (stdout and stderr merged) to `each_line`,
/// and kills it with its process tree once it runs past `limit`. An error only when it
/// cannot be started or waited for.
pub fn run_within(
    cmd: &mut Command,
    limit: Duration,
    mut each_line: impl FnMut(&str),
) -> Result<Ended, String> {
    let shown = show(cmd);
    let cannot = |e: std::io::Error| format!("could not start `{shown}`: {e}");
    let (reader, writer) = std::io::pipe().map_err(cannot)?;
    let spawned = writer
        .try_clone()
        .and_then(|copy| cmd.stdout(copy).stderr(writer).spawn())
        .map_err(cannot);
    // The command keeps its copies of the pipe's writing end until told otherwise: drop
    // them, or the pipe never reaches its end.
    cmd.stdout(Stdio::inherit()).stderr(Stdio::inherit());
    let mut child = spawned?;
    let (send, lines) = mpsc::channel();
    thread::spawn(move || {
        // Bytes, not `lines()`: a line that is not UTF-8 must not end the reading, which
        // would leave the command writing into a pipe nobody reads.
        let mut reader = BufReader::new(reader);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            let text = String::from_utf8_lossy(&line);
            if send
                .send(text.trim_end_matches(['\n', '\r']).to_string())
                .is_err()
            {
                break;
            }
            line.clear();
        }
    });
    let started = Instant::now();
    let mut stopped = false;
    let mut exited: Option<(ExitStatus, Instant)> = None;
    let mut open = true;
    loop {
        if open {
            match lines.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => each_line(&line),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => open = false,
            }
        } else {
            thread::sleep(Duration::from_millis(100));
        }
        if exited.is_none() {
            let status = child
                .try_wait()
                .map_err(|e| format!("waiting for `{shown}`: {e}"))?;
            exited = status.map(|s| (s, Instant::now()));
        }
        match exited {
            Some((status, at)) if !open || at.elapsed() > DRAIN => {
                return Ok(if stopped {
                    Ended::Stopped
                } else {
                    Ended::Exited(status)
                });
            }
            None if !stopped && started.elapsed() > limit => {
                kill_tree(child.id());
                stopped = true;
            }
            _ => {}
        }
    }
}

/// Kills process `pid` and every process under it (Linux: read from `/proc`), so none is
/// left holding the output pipe. Each one found is stopped first, and the tree read
/// again until it holds no new process: one that was starting a child when the tree was
/// first read cannot leave that child behind.
fn kill_tree(pid: u32) {
    let mut tree = vec![pid];
    for _ in 0..10 {
        signal("-STOP", &tree);
        let mut found = vec![pid];
        let mut i = 0;
        while i < found.len() {
            found.extend(children_of(found[i]));
            i += 1;
        }
        let new: Vec<u32> = found.into_iter().filter(|p| !tree.contains(p)).collect();
        if new.is_empty() {
            break;
        }
        tree.extend(new);
    }
    signal("-KILL", &tree);
}

/// Sends `signal` (`-STOP`, `-KILL`) to each of `pids`.
fn signal(signal: &str, pids: &[u32]) {
    let pids: Vec<String> = pids.iter().map(u32::to_string).collect();
    let _ = output(Command::new("kill").arg(signal).args(&pids));
}

/// The processes whose parent is `pid`.
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| parent_of(*child) == Some(pid))
        .collect()
}

/// The parent of `pid`, from `/proc/<pid>/stat` (the field after the parenthesized name).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(script: &str, limit: Duration) -> (Ended, Vec<String>, Duration) {
        let started = Instant::now();
        let mut seen = Vec::new();
        let ended = run_within(
            Command::new("sh").args(["-c", script]),
            limit,
            |line: &str| seen.push(line.to_string()),
        )
        .unwrap();
        (ended, seen, started.elapsed())
    }

    #[test]
    fn stdout_and_stderr_arrive_as_one_stream_in_the_order_written() {
        let (ended, seen, _) = lines_of(
            "echo one; echo two >&2; echo three; echo four >&2; exit 3",
            Duration::from_secs(30),
        );
        assert_eq!(seen, ["one", "two", "three", "four"]);
        assert!(
            matches!(ended, Ended::Exited(s) if s.code() == Some(3)),
            "{ended:?}"
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_shown_with_replacements_and_the_rest_still_read() {
        let (ended, seen, _) = lines_of(
            "printf 'caf\\351\\n'; echo after; printf 'no newline'",
            Duration::from_secs(30),
        );
        assert_eq!(seen, ["caf\u{FFFD}", "after", "no newline"]);
        assert!(
            matches!(ended, Ended::Exited(s) if s.success()),
            "{ended:?}"
        );
    }

    #[test]
    fn a_command_past_its_limit_is_killed_with_what_it_started() {
        let (ended, seen, took) = lines_of("sleep 30 & echo $!; sleep 30", Duration::from_secs(2));
        assert_eq!(ended, Ended::Stopped);
        let left_behind: u32 = seen[0].parse().unwrap();
        // Every holder of the pipe is gone: its end came at once, not after DRAIN.
        assert!(took < DRAIN, "took {took:?}");
        // Killed, it may take a moment to be scheduled and exit: it must within seconds,
        // not the 30 it would sleep.
        let gone = || {
            let state = std::fs::read_to_string(format!("/proc/{left_behind}/stat"));
            state.as_deref().map_or(true, |s| s.contains(") Z "))
        };
        let waited = Instant::now();
        while !gone() && waited.elapsed() < Duration::from_secs(5) {
            thread::sleep(Duration::from_millis(50));
        }
        assert!(gone(), "the background sleep still runs");
    }

    #[test]
    fn a_process_left_behind_holding_the_pipe_is_not_waited_for() {
        // The background sleep outlives sh, which exits at once, and keeps the pipe open.
        let (ended, seen, took) = lines_of("echo done; sleep 30 &", Duration::from_secs(60));
        assert!(
            matches!(ended, Ended::Exited(s) if s.success()),
            "{ended:?}"
        );
        assert_eq!(seen, ["done"]);
        assert!(took < Duration::from_secs(15), "took {took:?}");
    }
}
