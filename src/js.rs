//! Bindings to the JS platform that `put` uses.
//!
//! Every import that can run caller code (getters, proxies, `toString`) or can throw is
//! marked `catch`, so a throw becomes an `Err` here instead of unwinding through wasm.

use alloc::string::String;

use js_sys::{Array, JsString, Object, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Object.entries(v)`: runs getters, so it may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    pub fn entries(v: &JsValue) -> Result<Array, JsValue>;

    /// `Array.from(v)`: the entries of a `Map` or `Headers`, or a copy of an array.
    #[wasm_bindgen(js_namespace = Array, js_name = from, catch)]
    pub fn array_from(v: &JsValue) -> Result<Array, JsValue>;

    /// `String(v)`: may run a caller's `toString`.
    #[wasm_bindgen(js_name = String, catch)]
    pub fn to_js_string(v: &JsValue) -> Result<JsString, JsValue>;

    /// The platform `URL`. Its strings stay JS strings (`JsString`) where Rust only needs
    /// to hand them on: each copy into wasm memory and back costs time on every call.
    #[wasm_bindgen(js_name = URL)]
    pub type JsUrl;

    /// `new URL(url, base)`; `base` may be `undefined`.
    #[wasm_bindgen(constructor, js_class = URL, catch)]
    pub fn new(url: &JsString, base: &JsValue) -> Result<JsUrl, JsValue>;

    /// `url.href`.
    #[wasm_bindgen(method, getter)]
    pub fn href(this: &JsUrl) -> JsString;

    /// `url.protocol`, e.g. `https:`.
    #[wasm_bindgen(method, getter)]
    pub fn protocol(this: &JsUrl) -> String;

    /// `url.search`, with its `?`.
    #[wasm_bindgen(method, getter)]
    pub fn search(this: &JsUrl) -> String;

    /// Sets `url.search`.
    #[wasm_bindgen(method, setter)]
    pub fn set_search(this: &JsUrl, search: &str);

    /// Sets `url.username`.
    #[wasm_bindgen(method, setter)]
    pub fn set_username(this: &JsUrl, username: &str);

    /// Sets `url.password`.
    #[wasm_bindgen(method, setter)]
    pub fn set_password(this: &JsUrl, password: &str);
}

#[wasm_bindgen(module = "/src/response.js")]
extern "C" {
    /// `new Error(message, { cause })` with `name` set.
    #[wasm_bindgen(js_name = putError)]
    pub fn put_error(name: &str, message: &str, cause: &JsValue) -> JsValue;
}

#[wasm_bindgen(module = "/src/run.js")]
extern "C" {
    /// `url` resolved and checked: its href (a string) when it passes, else a number: the
    /// [`url_flags`] bits saying what is wrong, or 8 when `url` is not a string.
    /// Remembers the last URL that passed.
    #[wasm_bindgen(js_name = resolveUrl)]
    pub fn resolve_url(url: &JsValue) -> JsValue;

    /// `url` resolved against [`base_for`]'s base: a `URL`, or `null` when it is none.
    #[wasm_bindgen(js_name = parseUrl)]
    pub fn parse_url(url: &JsString) -> JsValue;

    /// [`kind`] of three values at once: `a | b << 5 | c << 10`. Never throws.
    #[wasm_bindgen(js_name = kindsOf)]
    pub fn kinds(a: &JsValue, b: &JsValue, c: &JsValue) -> u32;

    /// What `v` is, one of the [`kind`] numbers. Never throws.
    #[wasm_bindgen(js_name = kindOf)]
    pub fn kind(v: &JsValue) -> u8;

    /// The base to resolve `url` against: `undefined` for a `scheme://` URL, else
    /// `location.href`, or `null` where there is no location (Node).
    #[wasm_bindgen(js_name = baseFor)]
    pub fn base_for(url: &JsString) -> JsValue;

    /// Sends a checked call and resolves to its `PutResponse` (`src/run.js`): the
    /// attempts, their timeout and abort, progress, and the waits the `RetryPlan` asks for.
    /// `extra` holds the pass-through options, when there are any.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        url: &JsString,
        headers: Option<&web_sys::Headers>,
        body: &JsValue,
        extra: Option<&Object>,
        timeout: Option<f64>,
        signal: Option<&web_sys::AbortSignal>,
        retry: Option<crate::fetch::RetryPlan>,
        limit: u32,
        on_upload: Option<&js_sys::Function>,
        on_download: Option<&js_sys::Function>,
        throw_http_errors: bool,
        stream: bool,
    ) -> Promise;
}

/// `String(v)` as a Rust string; `None` if the conversion throws.
pub fn string_of(v: &JsValue) -> Option<String> {
    match v.as_string() {
        Some(s) => Some(s),
        None => to_js_string(v).ok().map(String::from),
    }
}

/// The bits [`resolve_url`] answers with, as `urlFlags` in `src/run.js` sets them.
pub mod url_flags {
    /// Not a URL (or nothing to resolve a relative one against).
    pub const NOT_A_URL: u8 = 1;
    /// The scheme is not `http:` or `https:`. Else the one bit left, 4, says that it
    /// holds a user name or a password.
    pub const NOT_HTTP: u8 = 2;
}

/// The kinds of value [`kind`] tells apart, in the order of `kindOf` in `src/run.js`.
pub mod kind {
    /// `null`.
    pub const NULL: u8 = 0;
    /// `undefined`.
    pub const UNDEFINED: u8 = 1;
    /// A string.
    pub const STRING: u8 = 2;
    /// A number.
    pub const NUMBER: u8 = 3;
    /// A boolean.
    pub const BOOLEAN: u8 = 4;
    /// A bigint.
    pub const BIGINT: u8 = 5;
    /// An array (`Array.isArray`).
    pub const ARRAY: u8 = 8;
    /// A plain object: `{…}` or `Object.create(null)`.
    pub const PLAIN: u8 = 9;
    /// An `ArrayBuffer` or any `ArrayBufferView`.
    pub const BYTES: u8 = 10;
    /// A `URL`.
    pub const URL: u8 = 11;
    /// A `Blob` (or `File`).
    pub const BLOB: u8 = 12;
    /// A `FormData`.
    pub const FORM_DATA: u8 = 13;
    /// A `URLSearchParams`.
    pub const SEARCH_PARAMS: u8 = 14;
    /// A `ReadableStream`.
    pub const STREAM: u8 = 15;
    /// A `Map`.
    pub const MAP: u8 = 16;
    /// A `Headers`.
    pub const HEADERS: u8 = 17;
    /// An `AbortSignal`.
    pub const SIGNAL: u8 = 18;

    /// Whether `kind` is `null` or `undefined`: no value given.
    pub fn is_absent(kind: u8) -> bool {
        kind == NULL || kind == UNDEFINED
    }
}

/// Whether `v` is a plain object: `{…}` or `Object.create(null)`.
pub fn is_plain_object(v: &JsValue) -> bool {
    kind(v) == kind::PLAIN
}

/// Whether `v` is an array (`false` for a revoked proxy, whose test throws).
pub fn is_array(v: &JsValue) -> bool {
    kind(v) == kind::ARRAY
}

/// A few words on what `v` is, for messages: `a number`, `null`, `an array`, …
pub fn describe(v: &JsValue) -> &'static str {
    const WORDS: [&str; 10] = [
        "null",
        "undefined",
        "a string",
        "a number",
        "a boolean",
        "a bigint",
        "a symbol",
        "a function",
        "an array",
        "a plain object",
    ];
    WORDS
        .get(usize::from(kind(v)))
        .copied()
        .unwrap_or("an object")
}
