//! The `options` argument of the JS `put()` and `update()`, read key by key through the
//! one table of option names (`rules::option_table::OPTIONS`) and applied to the client's
//! [`Put`].
//!
//! Every key is looked up first, so an unknown one is refused by name before anything
//! else; then each value is checked for its type (the message names the option and what
//! it must be) and handed to the builder method of the same option.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

use super::values::{self, Kind};
use crate::client::object;
use crate::client::{Progress, Put, Retry};
pub use crate::rules::options::For;
use crate::rules::options::{self, Key, Spec, RETRY_FIELDS};
use crate::rules::{option_checks, Invalid};

#[wasm_bindgen]
extern "C" {
    /// `console.error(message, error)`.
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    pub(super) fn console_error(message: &str, error: &JsValue);
}

/// What the options say beyond the request itself.
#[derive(Default)]
pub struct Extra {
    /// `throwHttpErrors`, when given.
    pub throw_http_errors: Option<bool>,
    /// Whether `json` was given (then `data` may not be).
    pub has_json: bool,
    /// `update()`'s `conflicts`.
    pub conflicts: Option<u32>,
    /// `update()`'s and `create()`'s `headers`.
    pub headers: JsValue,
    /// `create()`'s `baseUrl`, `bearer` and `hooks`, as given (read by the client).
    pub base_url: Option<JsValue>,
    /// See `base_url`.
    pub bearer: Option<JsValue>,
    /// See `base_url`.
    pub hooks: Option<JsValue>,
}

/// Reads `value` (`null`/`undefined`: all defaults), the options of `of`, into `put`.
pub fn apply(value: &JsValue, mut put: Put, of: For) -> (Put, Extra) {
    let mut extra = Extra::default();
    match entries(value, of) {
        Ok(entries) => {
            for (spec, v) in entries {
                put = apply_one(put, &mut extra, spec, v);
            }
        }
        Err(invalid) => put.fail(invalid),
    }
    (put, extra)
}

/// The options given (not `null` or `undefined`), each with its entry of the table.
fn entries(value: &JsValue, of: For) -> Result<Vec<(&'static Spec, JsValue)>, Invalid> {
    let mut given = Vec::new();
    for (key, v) in values::option_pairs(value, "options")? {
        let spec = options::check_key(&key.as_string().unwrap_or_default(), of)?;
        if !Kind::of(&v).is_absent() {
            given.push((spec, v));
        }
    }
    Ok(given)
}

/// `Option <name> must be <what it must be>, not <what v is>`.
fn wrong_type(spec: &Spec, v: &JsValue) -> Invalid {
    options::wrong_type(spec.js, spec.expects, Kind::of(v).describe())
}

/// Applies one option, given (`v` is neither `null` nor `undefined`).
fn apply_one(put: Put, extra: &mut Extra, spec: &Spec, v: JsValue) -> Put {
    let refused = |mut put: Put, invalid: Invalid| {
        put.fail(invalid);
        put
    };
    match spec.key {
        Key::Json => {
            extra.has_json = true;
            put.json_value(&v)
        }
        Key::Params => {
            let kind = Kind::of(&v);
            let text = if kind == Kind::Params {
                values::js_string_of(&v, "options.params").map(String::from)
            } else {
                values::form(&v, kind, "params")
            };
            match text {
                Ok(text) => put.query_text(&text),
                Err(invalid) => refused(put, invalid),
            }
        }
        Key::Timeout => match v.as_f64() {
            Some(ms) => put.timeout_ms(ms),
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::TotalTimeout => match v.as_f64() {
            Some(ms) => put.total_timeout_ms(ms),
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::Signal => match v.dyn_into::<web_sys::AbortSignal>() {
            Ok(signal) => put.signal(&signal),
            Err(v) => refused(put, wrong_type(spec, &v)),
        },
        Key::Retry => match retry(spec, &v) {
            Ok(retry) => put.retry(retry),
            Err(invalid) => refused(put, invalid),
        },
        Key::Auth => match two_strings(&v) {
            Some((user, password)) => put.basic_auth(&user, &password),
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::ThrowHttpErrors => match v.as_bool() {
            Some(on) => {
                extra.throw_http_errors = Some(on);
                put
            }
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::OnUploadProgress | Key::OnDownloadProgress => match v.dyn_into::<Function>() {
            Ok(f) => {
                let report = move |p: Progress| call_progress(&f, p);
                if spec.key == Key::OnUploadProgress {
                    put.on_upload_progress(report)
                } else {
                    put.on_download_progress(report)
                }
            }
            Err(v) => refused(put, wrong_type(spec, &v)),
        },
        Key::Credentials
        | Key::Mode
        | Key::Cache
        | Key::Redirect
        | Key::Referrer
        | Key::ReferrerPolicy
        | Key::Integrity
        | Key::Priority => match v.as_string() {
            Some(text) => put.fetch_option(spec.key, &text),
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::Keepalive => match v.as_bool() {
            Some(on) => put.keepalive(on),
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::IfMatch => match v.as_string() {
            Some(etag) => put.if_match(&etag),
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::CreateOnly => match v.as_bool() {
            Some(true) => put.create_only(),
            Some(false) => put,
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::Supersede => match (v.as_bool(), v.as_string()) {
            (Some(true), _) => put.supersede_by_url(),
            (Some(false), _) => put.no_supersede(),
            (None, Some(key)) => put.supersede(key),
            (None, None) => refused(put, wrong_type(spec, &v)),
        },
        Key::Conflicts => match v.as_f64().map(option_checks::check_conflicts) {
            Some(Ok(n)) => {
                extra.conflicts = Some(n);
                put
            }
            Some(Err(invalid)) => refused(put, invalid),
            None => refused(put, wrong_type(spec, &v)),
        },
        Key::Headers => {
            extra.headers = v;
            put
        }
        Key::BaseUrl => {
            extra.base_url = Some(v);
            put
        }
        Key::Bearer => {
            extra.bearer = Some(v);
            put
        }
        Key::Hooks => {
            extra.hooks = Some(v);
            put
        }
        Key::Key => match v.as_string() {
            Some(key) => put.key(key),
            None => refused(put, wrong_type(spec, &v)),
        },
    }
}

/// `retry`: a count, or `{ limit, statusCodes, backoffMs, maxBackoffMs, shouldRetry }`.
fn retry(spec: &Spec, v: &JsValue) -> Result<Retry, Invalid> {
    if let Some(n) = v.as_f64() {
        return option_checks::retry_limit(n).map(Retry::from);
    }
    let kind = Kind::of(v);
    if kind != Kind::Plain {
        return Err(wrong_type(spec, v));
    }
    let mut retry = Retry::default();
    for (name, w) in values::pairs(v, kind, "options.retry")? {
        let name = name.as_string().unwrap_or_default();
        options::check_retry_key(&name)?;
        if Kind::of(&w).is_absent() {
            continue;
        }
        let number = |w: &JsValue| w.as_f64().ok_or_else(|| retry_field_refused(&name, w));
        match name.as_str() {
            "limit" => retry.limit = option_checks::retry_limit(number(&w)?)?,
            "statusCodes" if Kind::of(&w) != Kind::Array => {
                return Err(retry_field_refused(&name, &w));
            }
            "statusCodes" => {
                let mut codes = Vec::new();
                for code in values::items(&w, "options.retry.statusCodes")?.iter() {
                    codes.push(option_checks::retry_status(number(&code)?)?);
                }
                retry.status_codes = codes;
            }
            "backoffMs" => retry.backoff = option_checks::retry_wait(&name, number(&w)?)?,
            "shouldRetry" => match w.dyn_into::<Function>() {
                Ok(decide) => retry = retry.should_retry(super::callbacks::should_retry(decide)),
                Err(w) => return Err(retry_field_refused(&name, &w)),
            },
            _ => retry.max_backoff = option_checks::retry_wait(&name, number(&w)?)?,
        }
    }
    Ok(retry)
}

/// `Option retry.<name> must be <what it must be>, not <what w is>`.
fn retry_field_refused(name: &str, w: &JsValue) -> Invalid {
    let expects = RETRY_FIELDS
        .iter()
        .find(|(js, _, _)| *js == name)
        .map_or("", |(_, _, what)| *what);
    options::wrong_type(&format!("retry.{name}"), expects, Kind::of(w).describe())
}

/// `[user, password]`: an array of exactly two strings.
fn two_strings(v: &JsValue) -> Option<(String, String)> {
    if Kind::of(v) != Kind::Array {
        return None;
    }
    let items: Array = values::items(v, "options.auth").ok()?;
    if items.length() != 2 {
        return None;
    }
    Some((items.get(0).as_string()?, items.get(1).as_string()?))
}

/// Calls a JS progress callback with `{ loaded, total }`; a throw is logged, and the
/// transfer goes on.
fn call_progress(f: &Function, p: Progress) {
    let total = p.total.map_or(JsValue::NULL, |t| JsValue::from(t as f64));
    let event = object(&[("loaded", JsValue::from(p.loaded as f64)), ("total", total)]);
    if let Err(error) = f.call1(&JsValue::NULL, &event) {
        console_error(
            "wasm-put: a progress callback threw; the transfer goes on",
            &error,
        );
    }
}
