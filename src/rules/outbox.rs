//! The rules of an outbox's delivery: what an answer does to an entry, how long to wait
//! before trying it again, when it is too old, and the checks of `outbox()`'s name and
//! options. Pure, tested on the host; `client::outbox` stores, sends and waits.

use super::options::Caller;
use super::retry;
use super::Invalid;

/// The default cap on one wait between deliveries of an entry, in ms (`maxBackoffMs`).
pub const DEFAULT_MAX_BACKOFF_MS: f64 = 60_000.0;

/// The default age past which an entry is given up, in ms (`maxAgeMs`): 7 days.
pub const DEFAULT_MAX_AGE_MS: f64 = 7.0 * 24.0 * 60.0 * 60.0 * 1000.0;

/// The timeout of each attempt of a delivery whose entry has none of its own, in ms.
pub const DELIVERY_TIMEOUT_MS: f64 = 30_000.0;

/// The first wait after a failed delivery, in ms; each further one doubles it.
pub const FIRST_BACKOFF_MS: f64 = 1_000.0;

/// How much longer than the head entry's wait a tab that did not try it waits before
/// trying it itself, in ms: the tab that tried goes first while it lives, and the others
/// take over when it is gone.
pub const TAKEOVER_GRACE_MS: f64 = 1_000.0;

/// How long opening an outbox's database may wait, in ms, before `outbox()` gives up:
/// an open waits while another tab holds the database open through its deletion or
/// upgrade.
pub const OPEN_BOUND_MS: f64 = 10_000.0;

/// When a tab that heard another tab change the queue tries its head entry itself:
/// at the entry's own time (`not_before_ms`, or now when that has passed) plus
/// [`TAKEOVER_GRACE_MS`], or `None` when the try it has `planned_ms` comes no later.
pub fn takeover_at(not_before_ms: f64, now_ms: f64, planned_ms: Option<f64>) -> Option<f64> {
    let due = not_before_ms.max(now_ms) + TAKEOVER_GRACE_MS;
    match planned_ms {
        Some(planned) if planned <= due => None,
        _ => Some(due),
    }
}

/// What an answer does to the entry it answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Delivered: removed, `onSent`.
    Sent,
    /// An answer that trying again cannot change: removed, `onFailed`.
    Failed,
    /// Kept at the head of the queue and tried again later.
    Again,
}

/// The verdict on an answer with `status`: `2xx` sent; `408`, `429` and `5xx` again;
/// any other failed.
pub fn verdict(status: u16) -> Verdict {
    match status {
        200..=299 => Verdict::Sent,
        408 | 429 | 500..=599 => Verdict::Again,
        _ => Verdict::Failed,
    }
}

/// The wait in ms before the next delivery of an entry whose delivery has now failed
/// `attempts` times (1 or more): `Retry-After` when the answer had one, otherwise a
/// backoff from [`FIRST_BACKOFF_MS`] doubling each time, with `jitter` in [0, 1); never
/// more than `max_backoff_ms`.
pub fn wait_ms(
    attempts: u32,
    retry_after_ms: Option<f64>,
    max_backoff_ms: f64,
    jitter: f64,
) -> f64 {
    let retry = attempts.saturating_sub(1);
    retry::delay_ms(
        FIRST_BACKOFF_MS,
        max_backoff_ms,
        retry,
        jitter,
        retry_after_ms,
    )
}

/// Whether an entry queued at `queued_at_ms` is past `max_age_ms` at `now_ms` (all in ms
/// since the Unix epoch).
pub fn expired(queued_at_ms: f64, now_ms: f64, max_age_ms: f64) -> bool {
    now_ms - queued_at_ms > max_age_ms
}

/// The message of an entry given up for its age.
pub fn too_old(max_age_ms: f64) -> String {
    format!(
        "The entry waited more than maxAgeMs ({} ms) to be delivered, and was given up",
        super::message::whole_ms(max_age_ms)
    )
}

/// The options `outbox()` takes: JS name, the `OpenOutbox` method, what it must be.
pub const OUTBOX_OPTIONS: [(&str, &str, &str); 5] = [
    (
        "onSent",
        "on_sent",
        "a function ({ id, key, response }) => void",
    ),
    (
        "onFailed",
        "on_failed",
        "a function ({ id, key, response, error }) => void",
    ),
    ("onChange", "on_change", "a function ({ pending }) => void"),
    (
        "maxBackoffMs",
        "max_backoff",
        "a finite number of milliseconds above 0 (default 60000)",
    ),
    (
        "maxAgeMs",
        "max_age",
        "a finite number of milliseconds above 0 (default 604800000, 7 days)",
    ),
];

/// The option of `outbox()` named `name` in JS (its JS name, `OpenOutbox` method and what
/// it must be), or the refusal that names it and lists those there are.
pub fn check_key(name: &str) -> Result<(&str, &str, &str), Invalid> {
    if let Some(option) = OUTBOX_OPTIONS.iter().find(|(js, _, _)| *js == name) {
        return Ok(*option);
    }
    let names: Vec<&str> = OUTBOX_OPTIONS.iter().map(|(js, _, _)| *js).collect();
    Err(Invalid::new(format!(
        "Unknown option \"{name}\" of outbox(); the options are {}",
        names.join(", ")
    )))
}

/// Checks a duration option of `outbox()` (`js` its JS name), given by `caller`: finite
/// and above zero, in ms. The refusal names it as the caller wrote it.
pub fn check_ms(js: &str, caller: Caller, ms: f64) -> Result<f64, Invalid> {
    if ms.is_finite() && ms > 0.0 {
        return Ok(ms);
    }
    let (_, rust, what) =
        check_key(js).unwrap_or((js, js, "a finite number of milliseconds above 0"));
    // The value is not shown: formatting a float would cost the wasm 14 KB.
    Err(Invalid::new(match caller {
        Caller::Js => format!("Option {js} must be {what}"),
        Caller::Rust => format!("{rust}(…) must be a Duration above zero"),
    }))
}

/// Checks an outbox's name: a non-empty string.
pub fn check_name(name: &str) -> Result<(), Invalid> {
    if name.trim().is_empty() {
        return Err(Invalid::new(
            "An outbox needs a name (e.g. outbox('notes')): the entries of one name are one queue",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_that_did_not_try_the_head_takes_over_a_grace_after_its_time() {
        let grace = TAKEOVER_GRACE_MS;
        // A head waiting until 5,000 (now 1,000): tried at 5,000 plus the grace.
        assert_eq!(takeover_at(5_000.0, 1_000.0, None), Some(5_000.0 + grace));
        // A head already due: a grace from now.
        assert_eq!(takeover_at(500.0, 1_000.0, None), Some(1_000.0 + grace));
        // A try planned no later stands; a later one is brought forward.
        assert_eq!(takeover_at(5_000.0, 1_000.0, Some(5_000.0 + grace)), None);
        assert_eq!(takeover_at(5_000.0, 1_000.0, Some(2_000.0)), None);
        assert_eq!(
            takeover_at(5_000.0, 1_000.0, Some(5_001.0 + grace)),
            Some(5_000.0 + grace)
        );
    }

    #[test]
    fn two_hundreds_are_sent_and_answers_retrying_cannot_change_fail() {
        for status in [200, 201, 204, 299] {
            assert_eq!(verdict(status), Verdict::Sent, "{status}");
        }
        for status in [301, 304, 400, 401, 403, 404, 409, 412, 413, 422] {
            assert_eq!(verdict(status), Verdict::Failed, "{status}");
        }
        for status in [408, 429, 500, 502, 503, 504, 599] {
            assert_eq!(verdict(status), Verdict::Again, "{status}");
        }
    }

    #[test]
    fn the_wait_doubles_from_one_second_and_keeps_to_its_cap() {
        assert_eq!(wait_ms(1, None, 60_000.0, 1.0), 1_000.0);
        assert_eq!(wait_ms(2, None, 60_000.0, 1.0), 2_000.0);
        assert_eq!(wait_ms(3, None, 60_000.0, 0.0), 2_000.0);
        assert_eq!(wait_ms(30, None, 60_000.0, 1.0), 60_000.0);
        assert_eq!(wait_ms(0, None, 60_000.0, 1.0), 1_000.0);
    }

    #[test]
    fn retry_after_is_the_wait_up_to_the_cap() {
        assert_eq!(wait_ms(5, Some(1_000.0), 60_000.0, 0.5), 1_000.0);
        assert_eq!(wait_ms(1, Some(120_000.0), 60_000.0, 0.5), 60_000.0);
    }

    #[test]
    fn the_default_max_age_is_the_seven_days_the_options_name() {
        assert_eq!(DEFAULT_MAX_AGE_MS, 604_800_000.0);
        let (_, _, what) = check_key("maxAgeMs").unwrap();
        assert!(what.contains("default 604800000, 7 days"), "{what}");
    }

    #[test]
    fn an_entry_expires_only_past_its_max_age() {
        assert!(!expired(1_000.0, 2_000.0, 1_000.0));
        assert!(expired(1_000.0, 2_001.0, 1_000.0));
        assert!(too_old(1_500.0).contains("1500 ms"));
    }

    #[test]
    fn outbox_options_are_checked_by_name_and_value() {
        assert!(check_key("onSent").is_ok());
        let unknown = check_key("onsent").unwrap_err().detail;
        assert!(
            unknown.contains("\"onsent\"") && unknown.contains("maxAgeMs"),
            "{unknown}"
        );
        assert_eq!(check_ms("maxAgeMs", Caller::Js, 10.0), Ok(10.0));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let refused = check_ms("maxBackoffMs", Caller::Js, bad)
                .unwrap_err()
                .detail;
            assert!(
                refused.starts_with("Option maxBackoffMs must be"),
                "{refused}"
            );
        }
        let refused = check_ms("maxAgeMs", Caller::Rust, 0.0).unwrap_err().detail;
        assert_eq!(refused, "max_age(…) must be a Duration above zero");
        assert!(check_name("notes").is_ok());
        assert!(check_name(" ").is_err());
    }
}
