//! Running commands: each is printed before it runs, and a failure says which one.
//! Within a step given a time limit ([`within`]), each runs under what is left of it.

use crate::limit::{run_within, Deadline, Ended};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

thread_local! {
    /// The step this thread is in and its time limit, if any ([`within`]).
    static STEP: Cell<Option<(&'static str, Deadline)>> = const { Cell::new(None) };
}

/// Runs `work`, a step named `step` (“building pkg/”), with every command it [`run`]s
/// under what is left of `limit`: one that runs past it is stopped, with everything it
/// started, and the step fails naming itself and its limit. Within a step already under
/// a limit, the sooner end holds.
pub fn within<T>(
    step: &'static str,
    limit: Duration,
    work: impl FnOnce() -> Result<T, String>,
) -> Result<T, String> {
    let outer = STEP.get();
    STEP.set(match outer {
        Some((_, ends)) if ends.left() <= limit => outer,
        _ => Some((step, Deadline::after(limit))),
    });
    let result = work();
    STEP.set(outer);
    result
}

/// The repository root (the folder above `xtask/`).
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// Prints a step heading.
pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// A command line as it would be typed, for messages.
pub fn show(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs `cmd` to the end, printing it first; an error names it. Within a step under a
/// time limit ([`within`]), it is stopped at the step's end.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    println!("$ {}", show(cmd));
    let status = match STEP.get() {
        None => cmd
            .status()
            .map_err(|e| format!("could not start `{}`: {e}", show(cmd)))?,
        Some((step, deadline)) => {
            match run_within(cmd, deadline.left(), |line| println!("{line}"))? {
                Ended::Exited(status) => status,
                Ended::Stopped => {
                    return Err(format!(
                        "{step} ran past its time limit of {} s and was stopped (during `{}`)",
                        deadline.limit.as_secs(),
                        show(cmd)
                    ))
                }
            }
        }
    };
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", show(cmd)))
    }
}

/// Runs `cmd` quietly and returns its trimmed stdout, or `None` if it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether `program` can be found on `PATH`.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|p| p.join(program).is_file()))
        .unwrap_or(false)
}

/// The version of package `name` in the `Cargo.lock` at `lock`.
pub fn locked_version(lock: &Path, name: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(lock)
        .map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    let parsed: toml::Table =
        toml::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", lock.display()))?;
    parsed
        .get("package")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .find(|p| p.get("name").and_then(toml::Value::as_str) == Some(name))
        .and_then(|p| p.get("version").and_then(toml::Value::as_str))
        .map(str::to_string)
        .ok_or_else(|| format!("{} names no {name}", lock.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_of_a_step_past_its_limit_is_stopped_naming_the_step_and_limit() {
        let started = std::time::Instant::now();
        let err = within("sleeping on purpose", Duration::from_secs(1), || {
            run(&mut Command::new("true"))?;
            run(Command::new("sleep").arg("30"))
        })
        .unwrap_err();
        assert_eq!(
            err,
            "sleeping on purpose ran past its time limit of 1 s and was stopped (during `sleep 30`)"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        // Outside the step, no limit is left behind.
        assert_eq!(STEP.get().map(|(step, _)| step), None);
    }

    #[test]
    fn within_a_step_the_sooner_end_holds_and_failures_still_name_the_command() {
        let err = within("the outer step", Duration::from_secs(1), || {
            within("the inner step", Duration::from_secs(600), || {
                run(Command::new("sleep").arg("30"))
            })
        })
        .unwrap_err();
        assert!(
            err.starts_with("the outer step ran past its time limit of 1 s"),
            "{err}"
        );
        let err = within("a step", Duration::from_secs(30), || {
            run(&mut Command::new("false"))
        })
        .unwrap_err();
        assert_eq!(err, "`false` failed (exit status: 1)");
    }
}
