//! The `options` of a call: their names, what each may hold, and the checks that need
//! no JS: the pass-through choices, `timeout`, `retry`, Basic auth and query merging.

use super::retry::{RetryPolicy, MAX_LIMIT};
use super::Invalid;

/// The options handed to `fetch` as they are, with the values each may take
/// (`None`: any string, or a boolean for `keepalive`).
pub const PASS_THROUGH: [(&str, Option<&[&str]>); 9] = [
    ("credentials", Some(&["omit", "same-origin", "include"])),
    ("mode", Some(&["cors", "no-cors", "same-origin"])),
    (
        "cache",
        Some(&[
            "default",
            "no-store",
            "reload",
            "no-cache",
            "force-cache",
            "only-if-cached",
        ]),
    ),
    ("redirect", Some(&["follow", "error", "manual"])),
    ("referrer", None),
    (
        "referrerPolicy",
        Some(&[
            "",
            "no-referrer",
            "no-referrer-when-downgrade",
            "same-origin",
            "origin",
            "strict-origin",
            "origin-when-cross-origin",
            "strict-origin-when-cross-origin",
            "unsafe-url",
        ]),
    ),
    ("integrity", None),
    ("keepalive", None),
    ("priority", Some(&["high", "low", "auto"])),
];

/// The keys `options` may hold, each with what its value must be (for messages).
pub const KNOWN: [(&str, &str); 21] = [
    ("json", "a JSON value"),
    (
        "params",
        "a plain object, a Map, URLSearchParams or an array of [name, value] pairs",
    ),
    (
        "timeout",
        "a finite number of milliseconds above 0 (e.g. 5000)",
    ),
    ("signal", "an AbortSignal"),
    (
        "retry",
        "a count or { limit, statusCodes, backoffMs, maxBackoffMs }",
    ),
    ("auth", "[user, password], two strings"),
    ("throwHttpErrors", "true or false"),
    ("onUploadProgress", "a function ({ loaded, total }) => void"),
    (
        "onDownloadProgress",
        "a function ({ loaded, total }) => void",
    ),
    ("credentials", "a string"),
    ("mode", "a string"),
    ("cache", "a string"),
    ("redirect", "a string"),
    ("referrer", "a string"),
    ("referrerPolicy", "a string"),
    ("integrity", "a string"),
    ("keepalive", "true or false"),
    ("priority", "a string"),
    ("ifMatch", "an ETag string (or \"*\")"),
    ("createOnly", "true or false"),
    ("supersede", "true (keyed by the URL) or a string key"),
];

/// The keys of `put()`'s options that `update()` does not take: it makes the body and
/// the conditions itself, and runs its own PUTs one after the other.
pub const NOT_FOR_UPDATE: [&str; 4] = ["json", "ifMatch", "createOnly", "supersede"];

/// The keys `update()`'s options hold beyond `put()`'s.
pub const UPDATE_ONLY: [(&str, &str); 2] = [
    (
        "conflicts",
        "a whole number of times to start again after a 412 (e.g. 5)",
    ),
    (
        "headers",
        "a plain object, a Headers, a Map or an array of [name, value] pairs",
    ),
];

/// The keys `update()`'s options may hold.
pub fn known_for_update() -> Vec<(&'static str, &'static str)> {
    KNOWN
        .iter()
        .filter(|(k, _)| !NOT_FOR_UPDATE.contains(k))
        .chain(UPDATE_ONLY.iter())
        .copied()
        .collect()
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

/// The keys `options.retry` may hold, as an object, each with what its value must be.
pub const KNOWN_RETRY: [(&str, &str); 4] = [
    ("limit", "a whole number of retries"),
    ("statusCodes", "an array of numbers"),
    ("backoffMs", "a number of milliseconds"),
    ("maxBackoffMs", "a number of milliseconds"),
];

/// What the value of `key` must be, among `known`; `None` for an unknown key.
pub fn expected(key: &str, known: &[(&str, &'static str)]) -> Option<&'static str> {
    known.iter().find(|(k, _)| *k == key).map(|(_, what)| *what)
}

/// Refuses a key that is not in `known`, naming it and listing what is
/// (`prefix` names the object: `""` or `"retry."`).
pub fn check_key(key: &str, known: &[(&str, &str)], prefix: &str) -> Result<(), Invalid> {
    if known.iter().any(|(k, _)| *k == key) {
        return Ok(());
    }
    let names: Vec<String> = known.iter().map(|(k, _)| format!("{prefix}{k}")).collect();
    Err(Invalid::new(format!(
        "Unknown option \"{prefix}{key}\"; the options are {}",
        names.join(", ")
    )))
}

/// `Option <name> must be <what>, not <what it is>`.
pub fn wrong_type(name: &str, what: &str, found: &str) -> Invalid {
    Invalid::new(format!("Option {name} must be {what}, not {found}"))
}

/// Checks a string pass-through option against the values `fetch` accepts.
pub fn check_choice(option: &str, value: &str) -> Result<(), Invalid> {
    let allowed = PASS_THROUGH
        .iter()
        .find(|(name, _)| *name == option)
        .and_then(|(_, allowed)| *allowed);
    match allowed {
        Some(list) if !list.contains(&value) => {
            let choices: Vec<String> = list.iter().map(|v| format!("\"{v}\"")).collect();
            Err(Invalid::new(format!(
                "Option {option} cannot be \"{value}\"; use one of {}",
                choices.join(", ")
            )))
        }
        _ => Ok(()),
    }
}

/// Checks `timeout`: finite and above zero, in ms.
pub fn check_timeout(ms: f64) -> Result<f64, Invalid> {
    if ms.is_finite() && ms > 0.0 {
        Ok(ms)
    } else {
        Err(Invalid::new(
            "Option timeout must be a finite number of milliseconds above 0 (e.g. 5000)",
        ))
    }
}

/// The `retry` option as numbers, before checking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RetryInput {
    /// `limit` (or the bare count).
    pub limit: Option<f64>,
    /// `statusCodes`.
    pub status_codes: Option<Vec<f64>>,
    /// `backoffMs`.
    pub backoff_ms: Option<f64>,
    /// `maxBackoffMs`.
    pub max_backoff_ms: Option<f64>,
}

/// Checks the `retry` option and makes the policy.
pub fn retry_policy(input: &RetryInput) -> Result<RetryPolicy, Invalid> {
    let mut policy = RetryPolicy::default();
    if let Some(limit) = input.limit {
        if !(limit.fract() == 0.0 && (0.0..=f64::from(MAX_LIMIT)).contains(&limit)) {
            return Err(Invalid::new(format!(
                "Option retry must be a whole number of retries from 0 to {MAX_LIMIT}, or {{ limit, statusCodes, backoffMs, maxBackoffMs }}"
            )));
        }
        policy.limit = limit as u32;
    }
    if let Some(codes) = &input.status_codes {
        let mut out = Vec::with_capacity(codes.len());
        for &c in codes {
            if c.fract() != 0.0 || !(100.0..=599.0).contains(&c) {
                return Err(Invalid::new(
                    "Option retry.statusCodes must list HTTP statuses from 100 to 599",
                ));
            }
            out.push(c as u16);
        }
        policy.status_codes = out.into();
    }
    for (value, name, slot) in [
        (input.backoff_ms, "retry.backoffMs", &mut policy.backoff_ms),
        (
            input.max_backoff_ms,
            "retry.maxBackoffMs",
            &mut policy.max_backoff_ms,
        ),
    ] {
        if let Some(ms) = value {
            if !(ms.is_finite() && ms >= 0.0) {
                return Err(Invalid::new(format!(
                    "Option {name} must be a finite number of milliseconds, 0 or more"
                )));
            }
            *slot = ms;
        }
    }
    Ok(policy)
}

/// The `Authorization` value for HTTP Basic (RFC 7617, UTF-8).
pub fn basic_auth(user: &str, password: &str) -> Result<String, Invalid> {
    if user.contains(':') {
        return Err(Invalid::new(
            "Option auth: a Basic user name cannot hold \":\" (RFC 7617)",
        ));
    }
    if user.chars().chain(password.chars()).any(char::is_control) {
        return Err(Invalid::new(
            "Option auth: the user name and password cannot hold control characters",
        ));
    }
    let mut out = String::from("Basic ");
    base64_into(&mut out, format!("{user}:{password}").as_bytes());
    Ok(out)
}

/// Appends standard base64 (with padding) of `bytes`.
pub fn base64_into(out: &mut String, bytes: &[u8]) {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
}

/// Appends `extra` (an encoded query) to `search` (a URL's `search`, with or without
/// its `?`), keeping every pair already there. Returns the new search without `?`.
pub fn merge_query(search: &str, extra: &str) -> String {
    let existing = search.strip_prefix('?').unwrap_or(search);
    let mut out = String::with_capacity(existing.len() + extra.len() + 1);
    out.push_str(existing);
    if !existing.is_empty() && !extra.is_empty() && !existing.ends_with('&') {
        out.push('&');
    }
    out.push_str(extra);
    out
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
