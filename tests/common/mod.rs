//! Helpers for the wasm tests: the dev server's address, building JS values, calling `put`.
#![allow(dead_code)]

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The dev server `cargo xtask test` started for this run, e.g. `http://127.0.0.1:41234`.
pub fn server() -> &'static str {
    match option_env!("WASM_PUT_TEST_SERVER") {
        Some(url) => url,
        None => panic!("WASM_PUT_TEST_SERVER is not set: run the tests with `cargo xtask test`"),
    }
}

/// `server() + path`.
pub fn at(path: &str) -> JsValue {
    JsValue::from(format!("{}{}", server(), path))
}

/// A resource path no other test uses.
pub fn fresh_resource(prefix: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("/resources/{prefix}-{n}")
}

/// A fresh key for `/flaky/{key}` and the like: a key no other test uses.
pub fn fresh_key(prefix: &str) -> String {
    fresh_resource(prefix).replace("/resources/", "")
}

/// A plain object from pairs.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

/// A JS array.
pub fn arr(items: &[JsValue]) -> JsValue {
    items.iter().collect::<Array>().into()
}

/// Calls `put` and waits for it.
pub async fn put(url: JsValue, headers: JsValue, data: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(wasm_put::js::put(url, headers, data, JsValue::UNDEFINED)).await
}

/// Calls `put` with options and waits for it.
pub async fn put_with(
    url: JsValue,
    headers: JsValue,
    data: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    JsFuture::from(wasm_put::js::put(url, headers, data, options)).await
}

/// Whether this runtime has a page or worker location (browsers do, Node does not).
pub fn has_location() -> bool {
    !Reflect::get(&js_sys::global(), &"location".into())
        .unwrap()
        .is_undefined()
}

/// Whether this runtime has XMLHttpRequest (pages and dedicated workers).
pub fn has_xhr() -> bool {
    !Reflect::get(&js_sys::global(), &"XMLHttpRequest".into())
        .unwrap()
        .is_undefined()
}

/// Runs JS source as a function body and returns its value (for values Rust cannot
/// make, such as a getter that throws or a cyclic object).
pub fn js_eval(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body)
        .call0(&JsValue::UNDEFINED)
        .unwrap()
}

/// The size of wasm memory in bytes.
pub fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

/// `v[key]`.
pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

/// `v[key]` as a number.
pub fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

/// `v[key]` as a string.
pub fn string(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

/// Calls method `name` of `v` with no arguments.
pub fn call(v: &JsValue, name: &str) -> Result<JsValue, JsValue> {
    get(v, name).unchecked_into::<js_sys::Function>().call0(v)
}

/// The parsed JSON body of a response.
pub fn json(res: &JsValue) -> JsValue {
    call(res, "json").expect("the body is JSON")
}

/// `JSON.stringify(v)`.
pub fn stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).unwrap().into()
}

/// The bytes of a `Uint8Array`.
pub fn bytes(v: &JsValue) -> Vec<u8> {
    v.dyn_ref::<Uint8Array>().expect("a Uint8Array").to_vec()
}

/// Checks that `err` is an `Error` named `name` whose message holds every part of `says`.
pub fn assert_error(err: &JsValue, name: &str, says: &[&str]) {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "not an Error: {err:?}"
    );
    assert_eq!(string(err, "name"), name);
    let message = string(err, "message");
    for part in says {
        assert!(message.contains(part), "message {message:?} lacks {part:?}");
    }
}

/// Frees a `PutResponse` now (wasm-bindgen's `free()`), as a caller done with it may;
/// one left to the garbage collector is freed by its finalizer later.
pub fn free(res: &JsValue) {
    call(res, "free").unwrap();
}

/// Lets the garbage collector free what the calls left to it: the `PutResponse`s a
/// test dropped are freed in wasm memory by their finalizers. Runs `gc()` where the
/// runtime exposes it (`cargo xtask test` starts Node and Chromium with `--expose-gc`),
/// then waits for the finalizers, twice.
pub async fn collect_garbage() {
    let collect = js_eval(
        "return async () => { for (let i = 0; i < 2; i++) { globalThis.gc?.(); \
         await new Promise((r) => setTimeout(r, 50)); } };",
    );
    let promise = collect
        .unchecked_ref::<js_sys::Function>()
        .call0(&JsValue::NULL)
        .unwrap();
    JsFuture::from(promise.unchecked_into::<js_sys::Promise>())
        .await
        .unwrap();
}

/// Counts the timers set from wasm with the global `setTimeout` that have neither fired
/// nor been cleared, from `start()` until it is dropped (which puts `setTimeout` and
/// `clearTimeout` back). It wraps the globals the library calls, so it counts alike in
/// Node, pages and workers; timers the runtime sets for itself (Node's fetch keeps one)
/// have no wasm frame on their stack and are not counted.
pub struct TimerWatch {
    live: js_sys::Function,
    restore: js_sys::Function,
}

impl TimerWatch {
    /// Starts counting.
    pub fn start() -> TimerWatch {
        let pair: Array = js_eval(
            "const set = globalThis.setTimeout, clear = globalThis.clearTimeout, live = new Set();\
             globalThis.setTimeout = function (f, ms, ...args) {\
               const id = set.call(globalThis, function (...a) { live.delete(id); return typeof f === 'function' ? f.apply(this, a) : undefined; }, ms, ...args);\
               if (/wasm-function\\[/.test(new Error().stack)) live.add(id); return id; };\
             globalThis.clearTimeout = function (id) { live.delete(id); return clear.call(globalThis, id); };\
             return [() => live.size, () => { globalThis.setTimeout = set; globalThis.clearTimeout = clear; }];",
        )
        .unchecked_into();
        TimerWatch {
            live: pair.get(0).unchecked_into(),
            restore: pair.get(1).unchecked_into(),
        }
    }

    /// Timers set since `start()` that are still pending.
    pub fn live(&self) -> f64 {
        self.live.call0(&JsValue::NULL).unwrap().as_f64().unwrap()
    }
}

impl Drop for TimerWatch {
    fn drop(&mut self) {
        let _ = self.restore.call0(&JsValue::NULL);
    }
}

/// Counts the `abort` listeners on one signal, in every runtime: the signal's own
/// `addEventListener` and `removeEventListener` are wrapped. Returns `() => number`.
pub fn abort_listeners(signal: &web_sys::AbortSignal) -> js_sys::Function {
    js_eval(
        "return (signal) => { const live = new Set();\
           signal.addEventListener = function (type, f, ...rest) { if (type === 'abort') live.add(f); return EventTarget.prototype.addEventListener.call(this, type, f, ...rest); };\
           signal.removeEventListener = function (type, f, ...rest) { if (type === 'abort') live.delete(f); return EventTarget.prototype.removeEventListener.call(this, type, f, ...rest); };\
           return () => live.size; };",
    )
    .unchecked_into::<js_sys::Function>()
    .call1(&JsValue::NULL, signal)
    .unwrap()
    .unchecked_into()
}

/// Calls a `() => number` and reads the number.
pub fn count_of(f: &js_sys::Function) -> f64 {
    f.call0(&JsValue::NULL).unwrap().as_f64().unwrap()
}

/// `future`'s output if it finishes within `ms`, else `None` (the future is dropped
/// then). The timer is cleared either way.
pub async fn finished_within<F: std::future::Future>(ms: i32, future: F) -> Option<F::Output> {
    use std::future::Future;
    use std::task::Poll;
    // `[promise, cancel]`: the timer is cleared once the future is done.
    let timer: Array = js_eval(
        "return (ms) => { let id; const p = new Promise((r) => { id = setTimeout(r, ms); }); \
         return [p, () => clearTimeout(id)]; };",
    )
    .unchecked_into::<js_sys::Function>()
    .call1(&JsValue::NULL, &ms.into())
    .unwrap()
    .unchecked_into();
    let cancel: js_sys::Function = timer.get(1).unchecked_into();
    let mut timer = std::pin::pin!(JsFuture::from(
        timer.get(0).unchecked_into::<js_sys::Promise>()
    ));
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(out) = future.as_mut().poll(cx) {
            let _ = cancel.call0(&JsValue::NULL);
            return Poll::Ready(Some(out));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// Waits for `future`, failing the test with `what` if it is still not done after
/// `ms`: a bound only against hanging, far above any time the call should take (the
/// bench measures speed, not the tests).
pub async fn within<F: std::future::Future>(ms: i32, what: &str, future: F) -> F::Output {
    match finished_within(ms, future).await {
        Some(out) => out,
        None => panic!("{what}: still not done after {ms} ms"),
    }
}

/// A dev server path read with the platform `fetch`, not with wasm-put: its body as
/// `how` says (`"json"` or `"text"`).
pub async fn plain_read(path: &str, how: &str) -> JsValue {
    let read = js_eval("return (url, how) => fetch(url).then((r) => r[how]());")
        .unchecked_into::<js_sys::Function>()
        .call2(&JsValue::NULL, &at(path), &how.into())
        .unwrap();
    JsFuture::from(read.unchecked_into::<js_sys::Promise>())
        .await
        .unwrap()
}

/// What the dev server saw at `path` (without its query): `GET /seen{path}`, read with
/// the platform `fetch`, not with wasm-put. An object `{ requests, inFlight,
/// maxInFlight, dropped }`; each request has `method`, `query`, `headers`, `bodySize`,
/// `body`, `arrivedMs`, `endedMs`, `status` and `etag`.
pub async fn seen(path: &str) -> JsValue {
    plain_read(&format!("/seen{path}"), "json").await
}

/// The requests the dev server saw at `path` with `method`, in arrival order.
pub async fn seen_requests(path: &str, method: &str) -> Vec<JsValue> {
    let record = seen(path).await;
    get(&record, "requests")
        .unchecked_into::<Array>()
        .iter()
        .filter(|r| string(r, "method") == method)
        .collect()
}

/// The bodies of the PUTs the dev server saw at `path`, in arrival order.
pub async fn put_bodies(path: &str) -> Vec<String> {
    seen_requests(path, "PUT")
        .await
        .iter()
        .map(|r| string(r, "body"))
        .collect()
}

/// How many requests ever arrived at `path`, kept or not.
pub async fn arrivals(path: &str) -> f64 {
    let record = seen(path).await;
    f64::from(get(&record, "requests").unchecked_into::<Array>().length()) + num(&record, "dropped")
}

/// A JS function from its source, e.g. `"(a, b) => a + b"`.
pub fn function(source: &str) -> JsValue {
    js_eval(&format!("return {source};"))
}
