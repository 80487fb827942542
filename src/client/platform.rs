//! Bindings to the globals the client uses. All are bound as globals (`globalThis`),
//! never through `window`, so the client runs in pages, workers and Node alike.

use js_sys::{Function, JsString, Promise, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch(url, init)`. Marked `catch`: a runtime may throw instead of
    /// rejecting for an init it cannot take.
    #[wasm_bindgen(js_name = fetch, catch)]
    pub fn fetch(url: &str, init: &web_sys::RequestInit) -> Result<Promise, JsValue>;

    /// `setTimeout(callback, ms)`: the timer's id.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout_unchecked(callback: &Function, ms: f64) -> JsValue;

    /// `clearTimeout(id)`.
    #[wasm_bindgen(js_name = clearTimeout)]
    pub fn clear_timeout(id: &JsValue);

    /// `performance.now()`, in ms.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn now_ms() -> f64;

    /// `JSON.parse(text)`, the text kept a JS string; throws a `SyntaxError`.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsString) -> Result<JsValue, JsValue>;

    /// The platform `TextDecoder`.
    pub type TextDecoder;

    /// `new TextDecoder(label)`: throws for a label it does not know.
    #[wasm_bindgen(constructor, catch)]
    pub fn new(label: &str) -> Result<TextDecoder, JsValue>;

    /// `decoder.decode(bytes)`: the text stays a JS string.
    #[wasm_bindgen(method)]
    pub fn decode(this: &TextDecoder, bytes: &Uint8Array) -> JsString;

    /// The platform `TextEncoder`.
    pub type TextEncoder;

    /// `new TextEncoder()`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TextEncoder;

    /// `encoder.encode(text)`, in JS memory.
    #[wasm_bindgen(method)]
    pub fn encode(this: &TextEncoder, text: &JsValue) -> Uint8Array;

    /// `Promise`, for `then` with plain JS functions.
    #[wasm_bindgen(js_name = Promise)]
    pub type AnyPromise;

    /// `promise.then(onFulfilled, onRejected)`.
    #[wasm_bindgen(method, js_class = "Promise", js_name = then)]
    pub fn then_both(this: &AnyPromise, on_fulfilled: &JsValue, on_rejected: &JsValue) -> Promise;

    /// `XMLHttpRequest`, for the one method web-sys binds only per body type.
    #[wasm_bindgen(js_name = XMLHttpRequest)]
    pub type AnyBodyXhr;

    /// `xhr.send(body)`, with any body `fetch` would take.
    #[wasm_bindgen(method, js_class = "XMLHttpRequest", js_name = send, catch)]
    pub fn send(this: &AnyBodyXhr, body: &JsValue) -> Result<(), JsValue>;
}

/// The longest wait `setTimeout` keeps: 2³¹ − 1 ms (about 24.8 days). A longer one would
/// fire at once.
const LONGEST_TIMER_MS: f64 = 2_147_483_647.0;

/// `setTimeout(callback, ms)`, the wait capped at the longest the platform keeps: the
/// timer's id.
pub fn set_timeout(callback: &Function, ms: f64) -> JsValue {
    set_timeout_unchecked(callback, ms.min(LONGEST_TIMER_MS))
}

/// A property of the global object, or `undefined`.
pub fn global(name: &str) -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name)).unwrap_or_default()
}

/// `location.href` of the page or worker, or `None` where there is none (Node).
pub fn location_href() -> Option<String> {
    let location = global("location");
    if location.is_undefined() || location.is_null() {
        return None;
    }
    js_sys::Reflect::get(&location, &JsValue::from_str("href"))
        .ok()?
        .as_string()
}

/// Whether `XMLHttpRequest` exists here (pages and dedicated workers; not Node, nor
/// service workers). Looked up once: a runtime does not gain or lose it.
pub fn has_xhr() -> bool {
    thread_local! {
        static HAS_XHR: bool = global("XMLHttpRequest").is_function();
    }
    HAS_XHR.with(|has| *has)
}

/// A plain object from `(name, value)` pairs (for the outbox's entries and the JS
/// adapter's events; `js` turns `outbox` on).
#[cfg(feature = "outbox")]
pub fn object(pairs: &[(&str, JsValue)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (name, value) in pairs {
        // Setting an own property of a new plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

/// The UTF-8 length of a JS string, measured in JS (the text is not copied into wasm).
pub fn utf8_len(text: &JsValue) -> f64 {
    f64::from(TextEncoder::new().encode(text).length())
}
