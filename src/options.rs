//! The `options` argument: validation of each option (pure) and, on wasm, its parsing
//! into one struct, unknown keys refused by name.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{push_quoted, push_uint, PutError};
use crate::retry::{RetryPolicy, MAX_LIMIT};

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

/// The keys `options` may hold.
pub const KNOWN: [&str; 18] = [
    "json",
    "params",
    "timeout",
    "signal",
    "retry",
    "auth",
    "throwHttpErrors",
    "onUploadProgress",
    "onDownloadProgress",
    "credentials",
    "mode",
    "cache",
    "redirect",
    "referrer",
    "referrerPolicy",
    "integrity",
    "keepalive",
    "priority",
];

/// The keys `options.retry` may hold, as an object.
pub const KNOWN_RETRY: [&str; 4] = ["limit", "statusCodes", "backoffMs", "maxBackoffMs"];

/// Refuses a key that is not in `known`, naming it and listing what is.
pub fn check_key(key: &str, known: &[&str], prefix: &str) -> Result<(), PutError> {
    if known.contains(&key) {
        return Ok(());
    }
    let mut d = String::from("Unknown option ");
    push_quoted(&mut d, prefix);
    d.pop();
    d.push_str(key);
    d.push('"');
    d.push_str("; the options are");
    for (i, k) in known.iter().enumerate() {
        d.push_str(if i == 0 { " " } else { ", " });
        d.push_str(prefix);
        d.push_str(k);
    }
    Err(PutError::invalid_input(d))
}

/// Checks a string pass-through option against the values `fetch` accepts.
pub fn check_choice(option: &str, value: &str) -> Result<(), PutError> {
    let allowed = PASS_THROUGH
        .iter()
        .find(|(name, _)| *name == option)
        .and_then(|(_, allowed)| *allowed);
    match allowed {
        Some(list) if !list.contains(&value) => {
            let mut d = String::from("Option ");
            d.push_str(option);
            d.push_str(" cannot be ");
            push_quoted(&mut d, value);
            d.push_str("; use one of");
            for (i, v) in list.iter().enumerate() {
                d.push_str(if i == 0 { " " } else { ", " });
                push_quoted(&mut d, v);
            }
            Err(PutError::invalid_input(d))
        }
        _ => Ok(()),
    }
}

/// Whether `x` is a whole number that fits an `i64` (`f64::fract` is not in `core`).
fn whole(x: f64) -> bool {
    x == (x as i64) as f64
}

/// Checks `timeout`: finite and above zero, in ms.
pub fn check_timeout(ms: f64) -> Result<f64, PutError> {
    if ms.is_finite() && ms > 0.0 {
        Ok(ms)
    } else {
        Err(PutError::invalid_input(
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
pub fn retry_policy(input: &RetryInput) -> Result<RetryPolicy, PutError> {
    let mut policy = RetryPolicy::default();
    if let Some(limit) = input.limit {
        if !(whole(limit) && (0.0..=f64::from(MAX_LIMIT)).contains(&limit)) {
            let mut d = String::from("Option retry must be a whole number of retries from 0 to ");
            push_uint(&mut d, u64::from(MAX_LIMIT));
            d.push_str(", or { limit, statusCodes, backoffMs, maxBackoffMs }");
            return Err(PutError::invalid_input(d));
        }
        policy.limit = limit as u32;
    }
    if let Some(codes) = &input.status_codes {
        let mut out = Vec::with_capacity(codes.len());
        for &c in codes {
            if !whole(c) || !(100.0..=599.0).contains(&c) {
                return Err(PutError::invalid_input(
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
                let mut d = String::from("Option ");
                d.push_str(name);
                d.push_str(" must be a finite number of milliseconds, 0 or more");
                return Err(PutError::invalid_input(d));
            }
            *slot = ms;
        }
    }
    Ok(policy)
}

/// The `Authorization` value for HTTP Basic (RFC 7617, UTF-8).
pub fn basic_auth(user: &str, password: &str) -> Result<String, PutError> {
    if user.contains(':') {
        return Err(PutError::invalid_input(
            "Option auth: a Basic user name cannot hold \":\" (RFC 7617)",
        ));
    }
    if user.chars().chain(password.chars()).any(char::is_control) {
        return Err(PutError::invalid_input(
            "Option auth: the user name and password cannot hold control characters",
        ));
    }
    let mut plain = String::with_capacity(user.len() + password.len() + 1);
    plain.push_str(user);
    plain.push(':');
    plain.push_str(password);
    let mut out = String::from("Basic ");
    base64_into(&mut out, plain.as_bytes());
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

#[cfg(target_arch = "wasm32")]
pub use binding::{parse, Options};

#[cfg(target_arch = "wasm32")]
mod binding {
    use super::*;
    use crate::js;
    use wasm_bindgen::{JsCast, JsValue};

    /// `Option <name> must be <what>, not <what it is>`.
    fn wrong_type(name: &str, what: &str, v: &JsValue) -> PutError {
        let mut d = String::from("Option ");
        d.push_str(name);
        d.push_str(" must be ");
        d.push_str(what);
        d.push_str(", not ");
        d.push_str(js::describe(v));
        PutError::invalid_input(d)
    }

    fn present(v: JsValue) -> Option<JsValue> {
        (!v.is_null() && !v.is_undefined()).then_some(v)
    }

    fn number(v: JsValue, name: &str) -> Result<Option<f64>, PutError> {
        present(v)
            .map(|v| v.as_f64().ok_or_else(|| wrong_type(name, "a number", &v)))
            .transpose()
    }

    fn boolean(v: JsValue, name: &str) -> Result<Option<bool>, PutError> {
        present(v)
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| wrong_type(name, "true or false", &v))
            })
            .transpose()
    }

    fn string(v: JsValue, name: &str) -> Result<Option<String>, PutError> {
        present(v)
            .map(|v| {
                v.as_string()
                    .ok_or_else(|| wrong_type(name, "a string", &v))
            })
            .transpose()
    }

    fn function(v: JsValue, name: &str) -> Result<Option<js_sys::Function>, PutError> {
        present(v)
            .map(|v| {
                v.dyn_into::<js_sys::Function>()
                    .map_err(|v| wrong_type(name, "a function ({ loaded, total }) => void", &v))
            })
            .transpose()
    }

    /// An array of numbers (`retry.statusCodes`).
    fn numbers(v: JsValue, name: &str) -> Result<Option<Vec<f64>>, PutError> {
        let Some(v) = present(v) else {
            return Ok(None);
        };
        let what = "an array of numbers";
        if !js::is_array(&v) {
            return Err(wrong_type(name, what, &v));
        }
        let items = js::array_from(&v).map_err(|_| wrong_type(name, what, &v))?;
        let mut out = Vec::with_capacity(items.length() as usize);
        for item in items.iter() {
            out.push(item.as_f64().ok_or_else(|| wrong_type(name, what, &v))?);
        }
        Ok(Some(out))
    }

    /// `auth`: `[user, password]`, both strings.
    fn credentials(v: JsValue) -> Result<Option<(String, String)>, PutError> {
        let Some(v) = present(v) else {
            return Ok(None);
        };
        let what = "[user, password], two strings";
        let pair = js::is_array(&v)
            .then(|| js::array_from(&v).ok())
            .flatten()
            .filter(|a| a.length() == 2)
            .and_then(|a| Some((a.get(0).as_string()?, a.get(1).as_string()?)));
        pair.map(Some).ok_or_else(|| wrong_type("auth", what, &v))
    }

    /// Reads the own enumerable keys of a plain object, each value into the slot of its
    /// key's index in `known` (`slots` is as long as `known`), refusing any other key
    /// (`prefix` names the object in messages). The values are kept as they are; their
    /// types are checked by the caller, with messages that name the option.
    fn read(
        value: &JsValue,
        known: &[&str],
        prefix: &str,
        slots: &mut [JsValue],
    ) -> Result<(), PutError> {
        let entries = js::entries(value).map_err(|e| PutError::reading_threw("the options", e))?;
        for entry in entries.iter() {
            let key = js_sys::Reflect::get_u32(&entry, 0)
                .ok()
                .and_then(|k| k.as_string())
                .unwrap_or_default();
            match known
                .iter()
                .position(|k| *k == key)
                .and_then(|at| slots.get_mut(at))
            {
                Some(slot) => *slot = js_sys::Reflect::get_u32(&entry, 1).unwrap_or_default(),
                None => check_key(&key, known, prefix)?,
            }
        }
        Ok(())
    }

    /// The options of one call, checked.
    #[derive(Default)]
    pub struct Options {
        /// `json`: a value to send as JSON (not yet stringified).
        pub json: Option<JsValue>,
        /// `params`: query pairs to append.
        pub params: Option<JsValue>,
        /// `timeout` in ms, per attempt, through the whole body.
        pub timeout: Option<f64>,
        /// `signal`: the caller's abort signal.
        pub signal: Option<web_sys::AbortSignal>,
        /// `retry`.
        pub retry: RetryPolicy,
        /// `auth`, as the `Authorization` value.
        pub authorization: Option<String>,
        /// `throwHttpErrors`.
        pub throw_http_errors: bool,
        /// `onUploadProgress`.
        pub on_upload_progress: Option<js_sys::Function>,
        /// `onDownloadProgress`.
        pub on_download_progress: Option<js_sys::Function>,
        /// The pass-through options, to set on the `RequestInit` as they are.
        pub pass_through: Vec<(&'static str, JsValue)>,
    }

    /// Parses and checks the `options` argument (`null`/`undefined`: all defaults).
    /// `kind` is what `kindOf` (`src/run.js`) says of `value`.
    pub fn parse(value: &JsValue, kind: u8) -> Result<Options, PutError> {
        if js::kind::is_absent(kind) {
            return Ok(Options::default());
        }
        if kind != js::kind::PLAIN {
            let mut d = String::from("The options must be a plain object, not ");
            d.push_str(js::describe(value));
            return Err(PutError::invalid_input(d));
        }
        let mut raw: [JsValue; KNOWN.len()] = Default::default();
        read(value, &KNOWN, "", &mut raw)?;
        // Takes the value of option `key` (one of `KNOWN`).
        let mut take = |key: &str| {
            KNOWN
                .iter()
                .position(|k| *k == key)
                .and_then(|at| raw.get_mut(at))
                .map(core::mem::take)
                .unwrap_or_default()
        };
        let signal = present(take("signal"))
            .map(|s| {
                if js::kind(&s) == js::kind::SIGNAL {
                    Ok(s.unchecked_into::<web_sys::AbortSignal>())
                } else {
                    Err(wrong_type("signal", "an AbortSignal", &s))
                }
            })
            .transpose()?;
        let retry = match present(take("retry")) {
            None => RetryPolicy::default(),
            Some(r) => retry(r)?,
        };
        let mut pass_through = Vec::new();
        for (name, _) in PASS_THROUGH {
            let value = take(name);
            if name == "keepalive" {
                if let Some(k) = boolean(value, name)? {
                    pass_through.push((name, JsValue::from(k)));
                }
            } else if let Some(v) = string(value, name)? {
                check_choice(name, &v)?;
                pass_through.push((name, JsValue::from(v)));
            }
        }
        Ok(Options {
            json: present(take("json")),
            params: present(take("params")),
            timeout: number(take("timeout"), "timeout")?
                .map(check_timeout)
                .transpose()?,
            signal,
            retry,
            authorization: credentials(take("auth"))?
                .map(|(user, password)| basic_auth(&user, &password))
                .transpose()?,
            throw_http_errors: boolean(take("throwHttpErrors"), "throwHttpErrors")?
                .unwrap_or(false),
            on_upload_progress: function(take("onUploadProgress"), "onUploadProgress")?,
            on_download_progress: function(take("onDownloadProgress"), "onDownloadProgress")?,
            pass_through,
        })
    }

    /// `retry`: a count, or `{ limit, statusCodes, backoffMs, maxBackoffMs }`.
    fn retry(r: JsValue) -> Result<RetryPolicy, PutError> {
        let input = if let Some(limit) = r.as_f64() {
            RetryInput {
                limit: Some(limit),
                ..RetryInput::default()
            }
        } else if js::is_plain_object(&r) {
            let mut raw: [JsValue; KNOWN_RETRY.len()] = Default::default();
            read(&r, &KNOWN_RETRY, "retry.", &mut raw)?;
            let [limit, status_codes, backoff_ms, max_backoff_ms] = raw;
            RetryInput {
                limit: number(limit, "retry.limit")?,
                status_codes: numbers(status_codes, "retry.statusCodes")?,
                backoff_ms: number(backoff_ms, "retry.backoffMs")?,
                max_backoff_ms: number(max_backoff_ms, "retry.maxBackoffMs")?,
            }
        } else {
            return Err(wrong_type(
                "retry",
                "a count or { limit, statusCodes, backoffMs, maxBackoffMs }",
                &r,
            ));
        };
        retry_policy(&input)
    }
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
