//! The fetch options that act on what a browser adds to a request: `referrerPolicy`,
//! `mode` and `credentials`, each shown to change what happens, not just accepted.
//!
//! Node's fetch has no document origin, referrer or cookie jar, so these options have
//! nothing to act on there: `cargo xtask test` runs this file in the browser tiers only
//! and reports its tests as skipped in Node, with that reason. The tests run on the test
//! runner's origin, and the dev server is another one.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// The `Referer` header `/echo` saw for a PUT with `options`, if any.
async fn referer_sent(options: JsValue) -> Option<String> {
    let res = put_with(at("/echo"), JsValue::NULL, JsValue::NULL, options)
        .await
        .unwrap();
    get(&get(&json(&res), "headers"), "referer").as_string()
}

#[wasm_bindgen_test]
async fn referrer_policy_decides_what_the_server_sees_as_referer() {
    let here = string(&get(&js_sys::global(), "location"), "href");
    let here = here.split('#').next().unwrap_or_default().to_string();
    let full = referer_sent(obj(&[("referrerPolicy", "unsafe-url".into())])).await;
    assert_eq!(
        full.as_deref(),
        Some(here.as_str()),
        "unsafe-url sends the whole URL"
    );
    let origin_only = referer_sent(obj(&[("referrerPolicy", "origin".into())])).await;
    let origin = string(&get(&js_sys::global(), "location"), "origin") + "/";
    assert_eq!(
        origin_only.as_deref(),
        Some(origin.as_str()),
        "origin sends the origin"
    );
    let none = referer_sent(obj(&[("referrerPolicy", "no-referrer".into())])).await;
    assert_eq!(none, None, "no-referrer sends none");
}

#[wasm_bindgen_test]
async fn mode_same_origin_refuses_a_cross_origin_url() {
    let err = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("mode", "same-origin".into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &["PUT http://"]);
    let before = arrivals("/echo").await;
    let res = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("mode", "cors".into())]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0, "mode cors reaches the server");
    assert_eq!(arrivals("/echo").await, before + 1.0);
}

#[wasm_bindgen_test]
async fn credentials_include_needs_a_server_that_allows_them() {
    // The dev server answers CORS with the wildcard origin and never allows
    // credentials, so a request that carries them is refused by the browser.
    let err = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("credentials", "include".into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &["PUT http://"]);
    let res = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("credentials", "omit".into())]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
}
