//! The checks of option values that need no JS, each refusal in the caller's words:
//! fetch's choices, `timeout`, `conflicts`, and `retry` (as a Rust `Retry`, or read from
//! JS numbers).

use super::options::{spec_of, Caller, Key};
use super::retry::{RetryProblem, MAX_LIMIT};
use super::Invalid;

/// Checks a fetch option's string against the values `fetch` accepts.
pub fn check_choice(caller: Caller, key: Key, value: &str) -> Result<(), Invalid> {
    let spec = spec_of(key);
    match spec.choices {
        Some(list) if !list.contains(&value) => {
            let choices: Vec<String> = list.iter().map(|v| format!("\"{v}\"")).collect();
            Err(Invalid::new(format!(
                "{} cannot be \"{value}\"; use one of {}",
                spec.named(caller),
                choices.join(", ")
            )))
        }
        _ => Ok(()),
    }
}

/// Checks `timeout`: finite and above zero, in ms.
pub fn check_timeout(caller: Caller, ms: f64) -> Result<f64, Invalid> {
    positive_ms(ms, caller, Key::Timeout, "Duration::from_secs(5)")
}

/// Checks `totalTimeout`: finite and above zero, in ms.
pub fn check_total_timeout(caller: Caller, ms: f64) -> Result<f64, Invalid> {
    positive_ms(ms, caller, Key::TotalTimeout, "Duration::from_secs(30)")
}

/// Checks the ms of the option `key`: finite and above zero. A JS caller is told what
/// the option table says it must be; a Rust caller, with `rust_example`.
fn positive_ms(ms: f64, caller: Caller, key: Key, rust_example: &str) -> Result<f64, Invalid> {
    if ms.is_finite() && ms > 0.0 {
        return Ok(ms);
    }
    let spec = spec_of(key);
    let named = spec.named(caller);
    Err(Invalid::new(match caller {
        Caller::Js => format!("{named} must be {}", spec.expects),
        Caller::Rust => format!("{named} must be above zero (e.g. {rust_example})"),
    }))
}

/// Checks `conflicts`: a whole number from 0 to 100.
pub fn check_conflicts(n: f64) -> Result<u32, Invalid> {
    if n.fract() == 0.0 && (0.0..=100.0).contains(&n) {
        Ok(n as u32)
    } else {
        Err(Invalid::new(
            "Option conflicts must be a whole number from 0 to 100 (e.g. 5)",
        ))
    }
}

/// What is wrong with a `retry`, in `caller`'s words.
pub fn retry_refused(caller: Caller, problem: RetryProblem) -> Invalid {
    Invalid::new(match (caller, problem) {
        (Caller::Js, RetryProblem::Limit) => format!(
            "Option retry must be a whole number of retries from 0 to {MAX_LIMIT}, or {{ limit, statusCodes, backoffMs, maxBackoffMs }}"
        ),
        (Caller::Rust, RetryProblem::Limit) => {
            format!("retry(…) allows at most {MAX_LIMIT} retries")
        }
        (Caller::Js, RetryProblem::StatusCode) => {
            "Option retry.statusCodes must list HTTP statuses from 100 to 599".into()
        }
        (Caller::Rust, RetryProblem::StatusCode) => {
            "retry(…): status_codes must list HTTP statuses from 100 to 599".into()
        }
    })
}

/// `retry` (or `retry.limit`) as given in JS: a whole number from 0 to [`MAX_LIMIT`].
pub fn retry_limit(n: f64) -> Result<u32, Invalid> {
    if n.fract() == 0.0 && (0.0..=f64::from(MAX_LIMIT)).contains(&n) {
        Ok(n as u32)
    } else {
        Err(retry_refused(Caller::Js, RetryProblem::Limit))
    }
}

/// One of `retry.statusCodes` as given in JS: a whole number from 100 to 599.
pub fn retry_status(n: f64) -> Result<u16, Invalid> {
    if n.fract() == 0.0 && (100.0..=599.0).contains(&n) {
        Ok(n as u16)
    } else {
        Err(retry_refused(Caller::Js, RetryProblem::StatusCode))
    }
}

/// `retry.backoffMs` or `retry.maxBackoffMs` (`name`) as given in JS: finite ms, 0 or
/// more.
pub fn retry_wait(name: &str, ms: f64) -> Result<std::time::Duration, Invalid> {
    // A `Duration` refuses NaN, infinities, negatives and overflow by itself.
    std::time::Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| {
        Invalid::new(format!(
            "Option retry.{name} must be a finite number of milliseconds, 0 or more"
        ))
    })
}
