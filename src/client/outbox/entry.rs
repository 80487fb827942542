//! An outbox entry: what it keeps of a [`Put`] (the prepared URL, headers, body and fetch
//! options, stored as JS values), how a `Put` becomes one (refusing what cannot be
//! stored), and the plain object IndexedDB keeps it as.

use std::time::Duration;

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::client::body::BodyKind;
use crate::client::builder::Put;
use crate::client::platform;
use crate::client::request::Prepared;
use crate::client::retry::Retry;
use crate::error::{Error, ErrorKind};
use crate::rules::headers;
use crate::rules::message;
use crate::rules::options::{not_queued, spec_of, Caller, Key};

/// One stored PUT, as IndexedDB keeps it: a plain object of these fields in camelCase
/// (the body a string, bytes or a `Blob` as it was given, the fetch options a plain
/// object). Read and written field by field with `Reflect`: measured, a serde derive
/// through serde-wasm-bindgen cost the package several KB of gzip more.
pub(super) struct Entry {
    /// Absent until IndexedDB gives it (then the queue's order).
    pub(super) id: Option<u64>,
    /// Absent when none (an entry without a key is in no index).
    pub(super) key: Option<String>,
    pub(super) method: String,
    pub(super) url: String,
    pub(super) headers: Vec<(String, String)>,
    /// A string, an `ArrayBuffer` or view, a `Blob`, or `null` for none.
    pub(super) body: JsValue,
    /// fetch's options as set on a plain object, or `undefined`.
    pub(super) fetch: JsValue,
    pub(super) timeout_ms: Option<f64>,
    pub(super) total_timeout_ms: Option<f64>,
    /// The retries within one delivery (never a `should_retry`: a function is not stored).
    pub(super) retry: Option<Retry>,
    /// Whether a JS caller queued it: its delivery's messages then use the JS words.
    pub(super) js: bool,
    /// When it was queued, in ms since the Unix epoch.
    pub(super) queued_at: f64,
    /// Deliveries tried that will be tried again.
    pub(super) attempts: u32,
    /// Why the last delivery did not go through.
    pub(super) last_error: Option<String>,
    /// Not to be sent before this time (ms since the Unix epoch), but by `flush()` or on
    /// `online`.
    pub(super) not_before: f64,
}

impl Entry {
    /// The entry as a JS object.
    pub(super) fn to_js(&self) -> JsValue {
        let text = |v: &Option<String>| v.as_deref().map_or(JsValue::UNDEFINED, JsValue::from);
        let ms = |v: Option<f64>| v.map_or(JsValue::UNDEFINED, JsValue::from_f64);
        let headers: Array = self
            .headers
            .iter()
            .map(|(name, value)| Array::of2(&name.into(), &value.into()))
            .collect();
        // An entry without a key is in no index: IndexedDB indexes no `undefined`.
        let object = platform::object(&[
            ("key", text(&self.key)),
            ("method", JsValue::from_str(&self.method)),
            ("url", JsValue::from_str(&self.url)),
            ("headers", headers.into()),
            ("body", self.body.clone()),
            ("fetch", self.fetch.clone()),
            ("timeoutMs", ms(self.timeout_ms)),
            ("totalTimeoutMs", ms(self.total_timeout_ms)),
            (
                "retry",
                self.retry.as_ref().map_or(JsValue::UNDEFINED, retry_to_js),
            ),
            ("js", JsValue::from_bool(self.js)),
            ("queuedAt", JsValue::from_f64(self.queued_at)),
            ("attempts", JsValue::from(self.attempts)),
            ("lastError", text(&self.last_error)),
            ("notBefore", JsValue::from_f64(self.not_before)),
        ]);
        // No `id` at all until IndexedDB gives one: an `undefined` id it would refuse.
        if let Some(id) = self.id {
            let _ = Reflect::set(&object, &"id".into(), &JsValue::from_f64(id as f64));
        }
        object.into()
    }

    /// An entry read back from IndexedDB (a field of the wrong type reads as absent).
    pub(super) fn from_js(value: &JsValue) -> Entry {
        let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).unwrap_or_default();
        let number = |name: &str| field(name).as_f64();
        let headers = Array::from(&field("headers"))
            .iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect();
        Entry {
            id: number("id").map(|id| id as u64),
            key: field("key").as_string(),
            method: field("method").as_string().unwrap_or_default(),
            url: field("url").as_string().unwrap_or_default(),
            headers,
            body: field("body"),
            fetch: field("fetch"),
            timeout_ms: number("timeoutMs"),
            total_timeout_ms: number("totalTimeoutMs"),
            retry: stored_retry(&field("retry")),
            js: field("js").as_bool().unwrap_or(false),
            queued_at: number("queuedAt").unwrap_or_default(),
            attempts: number("attempts").unwrap_or_default() as u32,
            last_error: field("lastError").as_string(),
            not_before: number("notBefore").unwrap_or_default(),
        }
    }
}

/// A retry policy as stored: its numbers (a `should_retry` is never stored).
fn retry_to_js(retry: &Retry) -> JsValue {
    let ms = |wait: Duration| JsValue::from_f64(wait.as_secs_f64() * 1000.0);
    let codes: Array = retry
        .status_codes
        .iter()
        .map(|&c| JsValue::from(c))
        .collect();
    platform::object(&[
        ("limit", JsValue::from(retry.limit)),
        ("statusCodes", codes.into()),
        ("backoffMs", ms(retry.backoff)),
        ("maxBackoffMs", ms(retry.max_backoff)),
    ])
    .into()
}

/// A stored retry policy read back (a field of the wrong type reads as the default).
fn stored_retry(value: &JsValue) -> Option<Retry> {
    if !value.is_object() {
        return None;
    }
    let field = |name: &str| Reflect::get(value, &JsValue::from_str(name)).unwrap_or_default();
    let wait = |name: &str, default: Duration| {
        let ms = field(name).as_f64().unwrap_or(f64::NAN);
        Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(default)
    };
    let defaults = Retry::default();
    let codes = field("statusCodes");
    let status_codes = if Array::is_array(&codes) {
        Array::from(&codes)
            .iter()
            .filter_map(|c| c.as_f64())
            .filter(|c| (100.0..=599.0).contains(c))
            .map(|c| c as u16)
            .collect()
    } else {
        defaults.status_codes.clone()
    };
    let limit = field("limit").as_f64().unwrap_or(0.0).clamp(0.0, 100.0) as u32;
    Some(Retry {
        limit,
        status_codes,
        backoff: wait("backoffMs", defaults.backoff),
        max_backoff: wait("maxBackoffMs", defaults.max_backoff),
        should_retry: None,
    })
}

/// The option of `put` that an entry cannot keep, if it has one.
fn not_storable(put: &Put) -> Option<Key> {
    let keys = [
        (put.signal.is_some(), Key::Signal),
        (put.supersede.is_some(), Key::Supersede),
        (put.on_upload.is_some(), Key::OnUploadProgress),
        (put.on_download.is_some(), Key::OnDownloadProgress),
        (
            put.retry.as_ref().is_some_and(|r| r.should_retry.is_some()),
            Key::Retry,
        ),
    ];
    keys.into_iter().find(|(set, _)| *set).map(|(_, key)| key)
}

/// The entry that stores `put` with `key`, or why it cannot be stored.
pub(super) fn entry_of(put: Put, key: Option<String>) -> Result<Entry, Error> {
    let refusal = not_storable(&put).map(|key| not_queued(spec_of(key), put.caller));
    let method = put.method.as_str();
    if let Some(invalid) = refusal {
        return Err(Error::invalid(invalid, &message::target(method, &put.url)));
    }
    let js = put.caller == Caller::Js;
    let Prepared { request, plan } = Prepared::try_from(put)?;
    let mut headers = request.headers;
    let value = request.body.value;
    let body = match request.body.kind {
        BodyKind::Empty => JsValue::NULL,
        BodyKind::Text | BodyKind::Form | BodyKind::Json | BodyKind::Bytes | BodyKind::Blob => {
            value
        }
        BodyKind::Params => {
            // Stored as its text, with the type fetch gives URLSearchParams.
            if !headers
                .iter()
                .any(|(name, _)| headers::is_content_type(name))
            {
                let form = "application/x-www-form-urlencoded;charset=UTF-8";
                headers.push(("content-type".into(), form.into()));
            }
            value
                .unchecked_into::<web_sys::UrlSearchParams>()
                .to_string()
                .into()
        }
        BodyKind::FormData => {
            return Err(unstorable(
                &request.target,
                "FormData",
                "an object, a Map or URLSearchParams of its fields (or a Blob for a file)",
            ))
        }
        BodyKind::Stream => {
            return Err(unstorable(
                &request.target,
                "A ReadableStream",
                "a Blob or bytes",
            ))
        }
    };
    let fetch = js_sys::Object::new();
    request.fetch.apply(fetch.unchecked_ref());
    let fetch = if js_sys::Object::keys(&fetch).length() == 0 {
        JsValue::UNDEFINED
    } else {
        fetch.into()
    };
    Ok(Entry {
        id: None,
        key,
        method: request.method.as_str().to_string(),
        url: request.url,
        headers,
        body,
        fetch,
        timeout_ms: plan.timeout_ms,
        total_timeout_ms: plan.total_timeout_ms,
        retry: plan.retry,
        js,
        queued_at: js_sys::Date::now(),
        attempts: 0,
        last_error: None,
        not_before: 0.0,
    })
}

/// The refusal of a body (`what`) an entry cannot keep, with what to pass instead.
fn unstorable(target: &str, what: &str, instead: &str) -> Error {
    let detail = format!(
        "{what} body cannot be stored in an outbox (IndexedDB cannot keep it); pass {instead}"
    );
    Error::new(ErrorKind::InvalidInput, &detail, target)
}
