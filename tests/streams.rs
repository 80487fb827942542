//! `ReadableStream` bodies: sent as they are, never retried.
//!
//! Chromium only streams request bodies over HTTP/2, and the dev server speaks
//! HTTP/1.1, so this file runs in Node only: `cargo xtask test` leaves it out of the
//! browser tiers and reports its tests there as skipped, with that reason.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn stream_of(text: &str) -> JsValue {
    js_eval(&format!(
        "return new ReadableStream({{ start(c) {{ c.enqueue(new TextEncoder().encode({text:?})); c.close(); }} }});"
    ))
}

#[wasm_bindgen_test]
async fn a_stream_body_is_sent() {
    let res = put(at("/echo-body"), JsValue::NULL, stream_of("streamed bytes"))
        .await
        .unwrap();
    assert_eq!(string(&res, "text"), "streamed bytes");
}

#[wasm_bindgen_test]
async fn a_stream_body_is_not_retried() {
    let key = fresh_key("stream");
    let res = put_with(
        at(&format!("/flaky/{key}?fails=1&status=503")),
        JsValue::NULL,
        stream_of("once"),
        obj(&[("retry", 3.into())]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 503.0);
    assert_eq!(string(&get(&res, "headers"), "x-attempt"), "1");
}

#[wasm_bindgen_test]
async fn a_stream_body_is_not_sent_again_after_a_401() {
    let key = fresh_key("stream-401");
    let bearer = js_eval(
        "const store = { refreshes: 0 }; globalThis.__streamStore = store;
         return { token: () => 'expired', refresh: async () => { store.refreshes += 1; } };",
    );
    let api = wasm_put::js::create(obj(&[("bearer", bearer)])).unwrap();
    let sent = api.put(
        at(&format!("/protected/{key}")),
        JsValue::NULL,
        stream_of("once"),
        JsValue::UNDEFINED,
    );
    let res = wasm_bindgen_futures::JsFuture::from(sent).await.unwrap();
    assert_eq!(num(&res, "status"), 401.0);
    let store = get(&js_sys::global(), "__streamStore");
    assert_eq!(num(&store, "refreshes"), 0.0);
    assert_eq!(
        seen_requests(&format!("/protected/{key}"), "PUT")
            .await
            .len(),
        1
    );
}
