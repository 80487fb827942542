//! Bindings to the JS platform that `put` uses.
//!
//! Every import that can run caller code (getters, proxies, `toString`) or can throw is
//! marked `catch`, so a throw becomes an `Err` here instead of unwinding through wasm.

use js_sys::{Array, JsString, Object, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`: works in windows, workers and Node, never `window.fetch`.
    #[wasm_bindgen(js_name = fetch, catch)]
    pub fn fetch(url: &str, init: &web_sys::RequestInit) -> Result<Promise, JsValue>;

    /// `setTimeout(f, ms, arg)`: calls `f(arg)` after `ms`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(f: &js_sys::Function, ms: f64, arg: &JsValue) -> JsValue;

    /// `clearTimeout(timer)`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(timer: &JsValue);

    /// `performance.now()`, in ms.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn now() -> f64;

    /// `Object.getPrototypeOf(v)`.
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    pub fn prototype_of(v: &JsValue) -> Result<JsValue, JsValue>;

    /// `Object.prototype`.
    #[wasm_bindgen(thread_local_v2, js_namespace = Object, js_name = prototype)]
    pub static OBJECT_PROTOTYPE: Object;

    /// `Object.entries(v)`: runs getters, so it may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    pub fn entries(v: &JsValue) -> Result<Array, JsValue>;

    /// `Array.isArray(v)`: throws on a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    pub fn is_array(v: &JsValue) -> Result<bool, JsValue>;

    /// `Array.from(v)`: the entries of a `Map` or `Headers`, or a copy of an array.
    #[wasm_bindgen(js_namespace = Array, js_name = from, catch)]
    pub fn array_from(v: &JsValue) -> Result<Array, JsValue>;

    /// `String(v)`: may run a caller's `toString`.
    #[wasm_bindgen(js_name = String, catch)]
    pub fn to_js_string(v: &JsValue) -> Result<JsString, JsValue>;
}

#[wasm_bindgen(module = "/src/response.js")]
extern "C" {
    /// The response object of the contract (`src/response.js`).
    pub type PutResponse;

    /// Builds a `PutResponse` from a fetch `Response` (or the XMLHttpRequest path's
    /// result) and its whole body.
    #[wasm_bindgen(constructor)]
    pub fn new(
        response: &JsValue,
        content: &js_sys::Uint8Array,
        elapsed: f64,
        charset: Option<&str>,
    ) -> PutResponse;

    /// `new Error(message, { cause })` with `name` set.
    #[wasm_bindgen(js_name = putError)]
    pub fn put_error(name: &str, message: &str, cause: &JsValue) -> JsValue;

    /// The `HttpError` of a response that is not 2xx.
    #[wasm_bindgen(js_name = httpError)]
    pub fn http_error(response: &JsValue) -> JsValue;

    /// The response's `ok`.
    #[wasm_bindgen(method, getter)]
    pub fn ok(this: &PutResponse) -> bool;
}

#[wasm_bindgen(module = "/src/xhr.js")]
extern "C" {
    /// Whether `XMLHttpRequest` exists here.
    #[wasm_bindgen(js_name = hasXhr)]
    pub fn has_xhr() -> bool;

    /// PUT through XMLHttpRequest with upload progress (`src/xhr.js`).
    #[wasm_bindgen(js_name = xhrPut, catch)]
    pub fn xhr_put(
        url: &str,
        headers: &web_sys::Headers,
        body: &JsValue,
        signal: Option<&web_sys::AbortSignal>,
        with_credentials: bool,
        on_upload: &js_sys::Function,
        on_download: Option<&js_sys::Function>,
    ) -> Result<Promise, JsValue>;

    /// The body to hand to the transport: in browsers, a large byte or string body as a
    /// `Blob`, which Chromium uploads markedly faster; anything else as it is.
    #[wasm_bindgen(js_name = fastBody)]
    pub fn fast_body(body: &JsValue) -> JsValue;

    /// Reports upload progress once, for a body sent by fetch.
    #[wasm_bindgen(js_name = uploadDone)]
    pub fn upload_done(callback: &js_sys::Function, body: &JsValue);

    /// Calls a download progress callback with `{ loaded, total }`.
    #[wasm_bindgen(js_name = downloadProgress)]
    pub fn download_progress(callback: &js_sys::Function, loaded: f64, total: Option<f64>);

    /// Waits `ms`, or rejects when `signal` aborts.
    #[wasm_bindgen(catch)]
    pub fn sleep(ms: f64, signal: Option<&web_sys::AbortSignal>) -> Result<Promise, JsValue>;
}

/// Reads `object[key]`; `None` if it throws or is not there.
pub fn get(object: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// `String(v)` as a Rust string; `None` if the conversion throws.
pub fn string_of(v: &JsValue) -> Option<String> {
    match v.as_string() {
        Some(s) => Some(s),
        None => to_js_string(v).ok().map(String::from),
    }
}

/// Whether `v` is a plain object: `{…}` or `Object.create(null)`.
pub fn is_plain_object(v: &JsValue) -> bool {
    if !v.is_object() || v.is_function() {
        return false;
    }
    match prototype_of(v) {
        Ok(proto) => proto.is_null() || OBJECT_PROTOTYPE.with(|p| proto == **p),
        Err(_) => false,
    }
}

/// A few words on what `v` is, for messages: `a number`, `null`, `an array`, …
pub fn describe(v: &JsValue) -> &'static str {
    if v.is_null() {
        "null"
    } else if v.is_undefined() {
        "undefined"
    } else if v.is_string() {
        "a string"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if v.is_symbol() {
        "a symbol"
    } else if v.is_bigint() {
        "a bigint"
    } else if v.is_function() {
        "a function"
    } else if is_array(v).unwrap_or(false) {
        "an array"
    } else if is_plain_object(v) {
        "a plain object"
    } else {
        "an object"
    }
}
