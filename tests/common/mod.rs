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
