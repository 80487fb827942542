//! The `options` argument of the JS `put()`, read with serde-wasm-bindgen into one
//! struct and applied to the client's [`Put`].
//!
//! serde-wasm-bindgen does not refuse unknown keys (`deny_unknown_fields` is ignored,
//! and a `flatten` catch-all cannot hold preserved JS values), so the keys are checked
//! against [`options::KNOWN`] first. A value of the wrong type fails the whole struct;
//! the message then names the option by reading each alone.

use js_sys::{Function, Object, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::values::{self, Kind};
use crate::client::{Progress, Put};
use crate::rules::options::{self, RetryInput, KNOWN, KNOWN_RETRY, PASS_THROUGH};
use crate::rules::Invalid;

#[wasm_bindgen]
extern "C" {
    /// `console.error(message, error)`.
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str, error: &JsValue);
}

/// The options of one call, as given. JS-only values are kept as they are.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Options {
    #[serde(with = "serde_wasm_bindgen::preserve")]
    json: JsValue,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    params: JsValue,
    timeout: Option<f64>,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    signal: JsValue,
    retry: Option<RetryOption>,
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
    if_match: Option<String>,
    create_only: Option<bool>,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    supersede: JsValue,
    conflicts: Option<f64>,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    headers: JsValue,
}

/// `retry`: a count, or the policy as an object.
#[derive(Deserialize)]
#[serde(untagged)]
enum RetryOption {
    Count(f64),
    Policy(RetryObject),
}

/// `retry` as an object.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct RetryObject {
    limit: Option<f64>,
    status_codes: Option<Vec<f64>>,
    backoff_ms: Option<f64>,
    max_backoff_ms: Option<f64>,
}

/// What the options say beyond the request itself.
#[derive(Default)]
pub struct Extra {
    /// `throwHttpErrors`.
    pub throw_http_errors: bool,
    /// Whether `json` was given (then `data` may not be).
    pub has_json: bool,
    /// `update()`'s `conflicts`.
    pub conflicts: Option<u32>,
    /// `update()`'s `headers`.
    pub headers: JsValue,
}

/// Which function the options are for: their keys differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum For {
    /// `put()`.
    Put,
    /// `update()`.
    Update,
}

/// Reads `value` (`null`/`undefined`: all defaults), the options of `of`, into `put`.
pub fn apply(value: &JsValue, put: Put, of: For) -> (Put, Extra) {
    let known = match of {
        For::Put => KNOWN.to_vec(),
        For::Update => options::known_for_update(),
    };
    match read(value, &known) {
        Ok(Some(options)) => apply_read(options, put),
        Ok(None) => (put, Extra::default()),
        Err(invalid) => {
            let mut put = put;
            put.fail(invalid);
            (put, Extra::default())
        }
    }
}

/// The options, checked for unknown keys and deserialized.
fn read(value: &JsValue, known: &[(&str, &'static str)]) -> Result<Option<Options>, Invalid> {
    let kind = Kind::of(value);
    if kind.is_absent() {
        return Ok(None);
    }
    if kind != Kind::Plain {
        return Err(Invalid::new(format!(
            "The options must be a plain object, not {}",
            kind.describe()
        )));
    }
    let entries = values::pairs(value, kind, "options")?;
    for (key, v) in &entries {
        let key = key.as_string().unwrap_or_default();
        options::check_key(&key, known, "")?;
        if key == "retry" && Kind::of(v) == Kind::Plain {
            for (inner, _) in values::pairs(v, Kind::Plain, "options.retry")? {
                options::check_key(
                    &inner.as_string().unwrap_or_default(),
                    &KNOWN_RETRY,
                    "retry.",
                )?;
            }
        }
    }
    match serde_wasm_bindgen::from_value::<Options>(value.clone()) {
        Ok(options) => Ok(Some(options)),
        Err(_) => Err(wrong_type(&entries, known)),
    }
}

/// The first option whose value does not deserialize alone, named in an [`Invalid`].
fn wrong_type(entries: &[(JsValue, JsValue)], known: &[(&str, &'static str)]) -> Invalid {
    let alone = |key: &JsValue, v: &JsValue| {
        let one = Object::new();
        let _ = Reflect::set(&one, key, v);
        JsValue::from(one)
    };
    for (key, v) in entries {
        if serde_wasm_bindgen::from_value::<Options>(alone(key, v)).is_ok() {
            continue;
        }
        let name = key.as_string().unwrap_or_default();
        let kind = Kind::of(v);
        if name == "retry" && kind == Kind::Plain {
            for (inner, w) in values::pairs(v, kind, "options.retry").unwrap_or_default() {
                if serde_wasm_bindgen::from_value::<RetryObject>(alone(&inner, &w)).is_err() {
                    let inner = inner.as_string().unwrap_or_default();
                    let what = options::expected(&inner, &KNOWN_RETRY).unwrap_or("");
                    return options::wrong_type(
                        &format!("retry.{inner}"),
                        what,
                        Kind::of(&w).describe(),
                    );
                }
            }
        }
        let what = options::expected(&name, known).unwrap_or("");
        return options::wrong_type(&name, what, kind.describe());
    }
    Invalid::new("The options could not be read")
}

/// `value` when it is given (not `null` or `undefined`).
fn given(value: JsValue) -> Option<JsValue> {
    (!Kind::of(&value).is_absent()).then_some(value)
}

fn apply_read(o: Options, mut put: Put) -> (Put, Extra) {
    let mut extra = Extra {
        throw_http_errors: o.throw_http_errors.unwrap_or(false),
        has_json: given(o.json.clone()).is_some(),
        conflicts: None,
        headers: o.headers,
    };
    if let Some(n) = o.conflicts {
        match options::check_conflicts(n) {
            Ok(n) => extra.conflicts = Some(n),
            Err(invalid) => put.fail(invalid),
        }
    }
    match Kind::of(&o.supersede) {
        k if k.is_absent() => {}
        Kind::Boolean if o.supersede.is_truthy() => put = put.supersede_by_url(),
        Kind::Boolean => {}
        Kind::String => put = put.supersede(o.supersede.as_string().unwrap_or_default()),
        kind => put.fail(options::wrong_type(
            "supersede",
            options::expected("supersede", &KNOWN).unwrap_or(""),
            kind.describe(),
        )),
    }
    if let Some(params) = given(o.params) {
        let kind = Kind::of(&params);
        let text = if kind == Kind::Params {
            values::js_string_of(&params, "options.params").map(String::from)
        } else {
            values::form(&params, kind, "params")
        };
        match text {
            Ok(text) => put = put.query_text(&text),
            Err(invalid) => put.fail(invalid),
        }
    }
    if let Some(ms) = o.timeout {
        put = put.timeout_ms(ms);
    }
    if let Some(signal) = given(o.signal) {
        match signal.dyn_into::<web_sys::AbortSignal>() {
            Ok(signal) => put = put.signal(&signal),
            Err(v) => put.fail(options::wrong_type(
                "signal",
                "an AbortSignal",
                Kind::of(&v).describe(),
            )),
        }
    }
    if let Some(retry) = o.retry {
        let input = match retry {
            RetryOption::Count(limit) => RetryInput {
                limit: Some(limit),
                ..RetryInput::default()
            },
            RetryOption::Policy(p) => RetryInput {
                limit: p.limit,
                status_codes: p.status_codes,
                backoff_ms: p.backoff_ms,
                max_backoff_ms: p.max_backoff_ms,
            },
        };
        put = put.retry_policy(options::retry_policy(&input));
    }
    if let Some((user, password)) = o.auth {
        put = put.basic_auth(&user, &password);
    }
    for (name, callback) in [
        ("onUploadProgress", o.on_upload_progress),
        ("onDownloadProgress", o.on_download_progress),
    ] {
        let Some(callback) = given(callback) else {
            continue;
        };
        let found = Kind::of(&callback).describe();
        let Ok(f) = callback.dyn_into::<Function>() else {
            let what = options::expected(name, &KNOWN).unwrap_or("");
            put.fail(options::wrong_type(name, what, found));
            continue;
        };
        let report = move |p: Progress| call_progress(&f, p);
        put = if name == "onUploadProgress" {
            put.on_upload_progress(report)
        } else {
            put.on_download_progress(report)
        };
    }
    let strings = [
        ("credentials", o.credentials),
        ("mode", o.mode),
        ("cache", o.cache),
        ("redirect", o.redirect),
        ("referrer", o.referrer),
        ("referrerPolicy", o.referrer_policy),
        ("integrity", o.integrity),
        ("priority", o.priority),
    ];
    debug_assert_eq!(strings.len() + 1, PASS_THROUGH.len());
    for (name, value) in strings {
        if let Some(value) = value {
            match options::check_choice(name, &value) {
                Ok(()) => put = put.pass_through(name, &JsValue::from(value)),
                Err(invalid) => put.fail(invalid),
            }
        }
    }
    if let Some(keepalive) = o.keepalive {
        put = put.keepalive(keepalive);
    }
    if let Some(etag) = o.if_match {
        put = put.if_match(&etag);
    }
    if o.create_only == Some(true) {
        put = put.create_only();
    }
    if extra.has_json {
        put = put.json_value(&o.json);
    }
    (put, extra)
}

/// Calls a JS progress callback with `{ loaded, total }`; a throw is logged, and the
/// transfer goes on.
fn call_progress(f: &Function, p: Progress) {
    let event = Object::new();
    let total = p.total.map_or(JsValue::NULL, |t| JsValue::from(t as f64));
    let _ = Reflect::set(&event, &"loaded".into(), &JsValue::from(p.loaded as f64));
    let _ = Reflect::set(&event, &"total".into(), &total);
    if let Err(error) = f.call1(&JsValue::NULL, &event) {
        console_error(
            "wasm-put: a progress callback threw; the transfer goes on",
            &error,
        );
    }
}
