//! The `options` argument: validation of each option (pure) and, on wasm, its parsing
//! with serde-wasm-bindgen into one struct, unknown keys refused by name.

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
        if !(limit.fract() == 0.0 && (0.0..=f64::from(MAX_LIMIT)).contains(&limit)) {
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
            if c.fract() != 0.0 || !(100.0..=599.0).contains(&c) {
                return Err(PutError::invalid_input(
                    "Option retry.statusCodes must list HTTP statuses from 100 to 599",
                ));
            }
            out.push(c as u16);
        }
        policy.status_codes = out;
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
            chunk[0],
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
    use serde::Deserialize;
    use wasm_bindgen::{JsCast, JsValue};

    /// The options object as JS gives it; unknown keys are refused by name.
    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields, rename_all = "camelCase", default)]
    struct Raw {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        json: JsValue,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        params: JsValue,
        timeout: Option<f64>,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        signal: JsValue,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        retry: JsValue,
        auth: Option<(String, String)>,
        throw_http_errors: Option<bool>,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        on_upload_progress: JsValue,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        on_download_progress: JsValue,
        credentials: Option<String>,
        mode: Option<String>,
        cache: Option<String>,
        redirect: Option<String>,
        referrer: Option<String>,
        referrer_policy: Option<String>,
        integrity: Option<String>,
        keepalive: Option<bool>,
        priority: Option<String>,
    }

    /// `retry` as an object.
    #[derive(Deserialize, Default)]
    #[serde(deny_unknown_fields, rename_all = "camelCase", default)]
    struct RawRetry {
        limit: Option<f64>,
        status_codes: Option<Vec<f64>>,
        backoff_ms: Option<f64>,
        max_backoff_ms: Option<f64>,
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

    /// Deserializes a plain object into `T` after refusing any key not in `known`
    /// (serde-wasm-bindgen reads only the fields a struct names, so it cannot see them).
    fn deserialize<T: for<'de> Deserialize<'de>>(
        value: JsValue,
        known: &[&str],
        prefix: &str,
    ) -> Result<T, PutError> {
        let entries = js::entries(&value).map_err(|e| {
            PutError::invalid_input("Reading the options threw an exception (see cause)")
                .with_cause(e)
        })?;
        for entry in entries.iter() {
            let key = js_sys::Reflect::get_u32(&entry, 0)
                .ok()
                .and_then(|k| k.as_string())
                .unwrap_or_default();
            check_key(&key, known, prefix)?;
        }
        let de = serde_wasm_bindgen::Deserializer::from(value);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let mut d = String::from("Option ");
            d.push_str(prefix.trim_end_matches('.'));
            let path = e.path().to_string();
            if path != "." {
                if !prefix.is_empty() {
                    d.push('.');
                }
                d.push_str(&path);
            }
            d.push_str(" is invalid: ");
            d.push_str(&e.into_inner().to_string());
            PutError::invalid_input(d)
        })
    }

    fn function(value: JsValue, name: &str) -> Result<Option<js_sys::Function>, PutError> {
        if value.is_null() || value.is_undefined() {
            return Ok(None);
        }
        value.dyn_into::<js_sys::Function>().map(Some).map_err(|v| {
            let mut d = String::from("Option ");
            d.push_str(name);
            d.push_str(" must be a function ({ loaded, total }) => void, not ");
            d.push_str(js::describe(&v));
            PutError::invalid_input(d)
        })
    }

    fn present(v: JsValue) -> Option<JsValue> {
        (!v.is_null() && !v.is_undefined()).then_some(v)
    }

    /// Parses and checks the `options` argument (`null`/`undefined`: all defaults).
    pub fn parse(value: &JsValue) -> Result<Options, PutError> {
        if value.is_null() || value.is_undefined() {
            return Ok(Options::default());
        }
        if !js::is_plain_object(value) {
            let mut d = String::from("The options must be a plain object, not ");
            d.push_str(js::describe(value));
            return Err(PutError::invalid_input(d));
        }
        let raw: Raw = deserialize(value.clone(), &KNOWN, "")?;
        let signal = match present(raw.signal) {
            None => None,
            Some(s) => Some(s.dyn_into::<web_sys::AbortSignal>().map_err(|v| {
                let mut d = String::from("Option signal must be an AbortSignal, not ");
                d.push_str(js::describe(&v));
                PutError::invalid_input(d)
            })?),
        };
        let retry = match present(raw.retry) {
            None => RetryPolicy::default(),
            Some(r) => {
                let input = match r.as_f64() {
                    Some(limit) => RetryInput {
                        limit: Some(limit),
                        ..RetryInput::default()
                    },
                    None if js::is_plain_object(&r) => {
                        let raw: RawRetry = deserialize(r, &KNOWN_RETRY, "retry.")?;
                        RetryInput {
                            limit: raw.limit,
                            status_codes: raw.status_codes,
                            backoff_ms: raw.backoff_ms,
                            max_backoff_ms: raw.max_backoff_ms,
                        }
                    }
                    None => {
                        let mut d = String::from("Option retry must be a count or { limit, statusCodes, backoffMs, maxBackoffMs }, not ");
                        d.push_str(js::describe(&r));
                        return Err(PutError::invalid_input(d));
                    }
                };
                retry_policy(&input)?
            }
        };
        let mut pass_through = Vec::new();
        for (name, value) in [
            ("credentials", raw.credentials),
            ("mode", raw.mode),
            ("cache", raw.cache),
            ("redirect", raw.redirect),
            ("referrer", raw.referrer),
            ("referrerPolicy", raw.referrer_policy),
            ("integrity", raw.integrity),
            ("priority", raw.priority),
        ] {
            if let Some(v) = value {
                check_choice(name, &v)?;
                pass_through.push((name, JsValue::from(v)));
            }
        }
        if let Some(k) = raw.keepalive {
            pass_through.push(("keepalive", JsValue::from(k)));
        }
        Ok(Options {
            json: present(raw.json),
            params: present(raw.params),
            timeout: raw.timeout.map(check_timeout).transpose()?,
            signal,
            retry,
            authorization: raw
                .auth
                .map(|(user, password)| basic_auth(&user, &password))
                .transpose()?,
            throw_http_errors: raw.throw_http_errors.unwrap_or(false),
            on_upload_progress: function(raw.on_upload_progress, "onUploadProgress")?,
            on_download_progress: function(raw.on_download_progress, "onDownloadProgress")?,
            pass_through,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_through_choices_are_checked_by_name() {
        assert!(check_choice("credentials", "include").is_ok());
        assert!(check_choice("referrer", "anything").is_ok());
        let e = check_choice("mode", "navigate").unwrap_err();
        assert!(e.detail.contains("Option mode cannot be \"navigate\""));
        assert!(e.detail.contains("\"no-cors\""));
    }

    #[test]
    fn unknown_keys_are_named_with_the_known_ones() {
        assert!(check_key("timeout", &KNOWN, "").is_ok());
        let e = check_key("timout", &KNOWN, "").unwrap_err();
        assert!(e
            .detail
            .starts_with("Unknown option \"timout\"; the options are json, params, timeout"));
        let e = check_key("limt", &KNOWN_RETRY, "retry.").unwrap_err();
        assert!(e.detail.starts_with("Unknown option \"retry.limt\""));
        assert!(e.detail.contains("retry.limit"));
    }

    #[test]
    fn timeout_must_be_finite_and_positive() {
        assert_eq!(check_timeout(5000.0).unwrap(), 5000.0);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(check_timeout(bad).is_err());
        }
    }

    #[test]
    fn retry_count_and_object_make_a_policy() {
        let p = retry_policy(&RetryInput {
            limit: Some(3.0),
            ..RetryInput::default()
        })
        .unwrap();
        assert_eq!(p.limit, 3);
        assert_eq!(p.backoff_ms, 300.0);
        let p = retry_policy(&RetryInput {
            limit: Some(2.0),
            status_codes: Some(vec![503.0, 418.0]),
            backoff_ms: Some(10.0),
            max_backoff_ms: Some(50.0),
        })
        .unwrap();
        assert_eq!(p.status_codes, vec![503, 418]);
        assert_eq!((p.backoff_ms, p.max_backoff_ms), (10.0, 50.0));
    }

    #[test]
    fn bad_retry_values_are_refused_naming_the_field() {
        let bad = |input: RetryInput| retry_policy(&input).unwrap_err().detail;
        assert!(bad(RetryInput {
            limit: Some(1.5),
            ..Default::default()
        })
        .contains("whole number"));
        assert!(bad(RetryInput {
            limit: Some(-1.0),
            ..Default::default()
        })
        .contains("retry"));
        assert!(bad(RetryInput {
            limit: Some(1e9),
            ..Default::default()
        })
        .contains("100"));
        assert!(bad(RetryInput {
            status_codes: Some(vec![99.0]),
            ..Default::default()
        })
        .contains("statusCodes"));
        assert!(bad(RetryInput {
            backoff_ms: Some(f64::NAN),
            ..Default::default()
        })
        .contains("retry.backoffMs"));
        assert!(bad(RetryInput {
            max_backoff_ms: Some(-1.0),
            ..Default::default()
        })
        .contains("retry.maxBackoffMs"));
    }

    #[test]
    fn basic_auth_is_base64_of_user_colon_password() {
        assert_eq!(
            basic_auth("Aladdin", "open sesame").unwrap(),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(
            basic_auth("user", "pässwörd").unwrap(),
            "Basic dXNlcjpww6Rzc3fDtnJk"
        );
        assert!(basic_auth("a:b", "c").is_err());
        assert!(basic_auth("a", "c\nd").is_err());
    }

    #[test]
    fn base64_pads_as_the_standard_says() {
        for (input, out) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
        ] {
            let mut s = String::new();
            base64_into(&mut s, input.as_bytes());
            assert_eq!(s, out);
        }
    }

    #[test]
    fn query_merging_keeps_existing_pairs() {
        assert_eq!(merge_query("", "a=1"), "a=1");
        assert_eq!(merge_query("?x=1", "a=1"), "x=1&a=1");
        assert_eq!(merge_query("?x=1&", "a=1"), "x=1&a=1");
        assert_eq!(merge_query("?x=1", ""), "x=1");
        assert_eq!(merge_query("?a=1", "a=2"), "a=1&a=2");
    }
}
