//! Dropping a Rust `send()` future aborts its request and frees its timer and
//! listeners. The global `fetch` is wrapped here to see the signal each request got, so
//! this file holds nothing else.
#![cfg(target_arch = "wasm32")]

mod common;
use std::time::Duration;

use common::{abort_listeners, count_of, finished_within, js_eval, server, TimerWatch};
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// Wraps the global `fetch` to record the signal of every request, until the returned
/// function is called: it restores `fetch` and gives the signals seen.
fn watch_fetch() -> impl FnOnce() -> Vec<web_sys::AbortSignal> {
    let seen = js_eval(
        "const original = globalThis.fetch; const signals = []; \
         globalThis.fetch = (url, init) => { signals.push(init && init.signal); return original(url, init); }; \
         return () => { globalThis.fetch = original; return signals; };",
    );
    move || {
        let signals: js_sys::Array = seen
            .unchecked_ref::<Function>()
            .call0(&JsValue::NULL)
            .unwrap()
            .unchecked_into();
        signals.iter().map(JsCast::unchecked_into).collect()
    }
}

#[wasm_bindgen_test]
async fn a_dropped_send_aborts_its_request_and_leaves_no_timer_or_listener() {
    let stop_watching = watch_fetch();
    // The abort listeners the caller's signal holds, and the timers still pending.
    let caller = web_sys::AbortController::new().unwrap();
    let listeners = abort_listeners(&caller.signal());
    let timers = TimerWatch::start();

    let request = wasm_put::put(format!("{}/delay/5000", server()))
        .timeout(Duration::from_secs(60))
        .signal(&caller.signal())
        .send();
    let finished = finished_within(200, request).await.is_some();
    assert!(!finished, "a 5 s answer came within 200 ms");
    // `request` is dropped here, mid-flight.

    let signals = stop_watching();
    assert_eq!(signals.len(), 1, "one request was sent");
    assert!(signals[0].aborted(), "the dropped request was not aborted");
    assert_eq!(
        count_of(&listeners),
        0.0,
        "a listener was left on the caller's signal"
    );
    assert_eq!(
        timers.live(),
        0.0,
        "the 60 s timeout timer outlived its call"
    );
    drop(timers);

    // A Rust call without timeout or signal is aborted on drop too.
    let stop_watching = watch_fetch();
    let finished = finished_within(
        200,
        wasm_put::put(format!("{}/delay/5000", server())).send(),
    )
    .await
    .is_some();
    assert!(!finished);
    let signals = stop_watching();
    assert!(signals[0].aborted(), "the dropped request was not aborted");
}
