//! Retries proven by counting: every retryable status is retried and each attempt
//! reaches the server, `statusCodes` decides which, an abort during a wait ends the call
//! with nothing left pending, and `timeout` covers each attempt, not the whole call.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// A fresh `/flaky/{key}` path.
fn flaky_path(prefix: &str) -> String {
    format!("/flaky/{}", fresh_key(prefix))
}

/// `{ retry: { limit, backoffMs: 1, …more } }`.
fn retrying(limit: u32, more: &[(&str, JsValue)]) -> JsValue {
    let mut retry = vec![("limit", JsValue::from(limit)), ("backoffMs", 1.into())];
    retry.extend(more.iter().cloned());
    obj(&[("retry", obj(&retry))])
}

#[wasm_bindgen_test]
async fn each_retryable_status_is_retried_until_success_and_every_attempt_arrives() {
    for status in [408, 413, 429, 500, 502, 503, 504] {
        let path = flaky_path(&format!("s{status}"));
        let res = put_with(
            at(&format!("{path}?fails=2&status={status}&retryAfter=0")),
            JsValue::NULL,
            "x".into(),
            retrying(3, &[]),
        )
        .await
        .unwrap();
        assert_eq!(num(&res, "status"), 200.0, "{status}");
        assert_eq!(num(&json(&res), "attempts"), 3.0, "{status}");
        assert_eq!(
            arrivals(&path).await,
            3.0,
            "{status}: attempts the server saw"
        );
    }
}

#[wasm_bindgen_test]
async fn status_codes_decide_which_answers_are_retried() {
    let listed = flaky_path("listed");
    let res = put_with(
        at(&format!("{listed}?fails=1&status=418")),
        JsValue::NULL,
        "x".into(),
        retrying(3, &[("statusCodes", arr(&[418.into()]))]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(arrivals(&listed).await, 2.0, "418 was listed: retried once");

    let unlisted = flaky_path("unlisted");
    let res = put_with(
        at(&format!("{unlisted}?fails=1&status=503")),
        JsValue::NULL,
        "x".into(),
        retrying(3, &[("statusCodes", arr(&[418.into()]))]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 503.0);
    assert_eq!(
        arrivals(&unlisted).await,
        1.0,
        "503 was not listed: never retried"
    );
}

#[wasm_bindgen_test]
async fn when_retries_run_out_exactly_the_limit_went_out_and_the_last_answer_is_returned() {
    let path = flaky_path("runs-out");
    let res = put_with(
        at(&format!("{path}?fails=9&status=503&retryAfter=0")),
        JsValue::NULL,
        "x".into(),
        retrying(2, &[]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 503.0);
    assert_eq!(string(&get(&res, "headers"), "x-attempt"), "3");
    assert_eq!(
        arrivals(&path).await,
        3.0,
        "the first attempt and 2 retries, no more"
    );
}

#[wasm_bindgen_test]
async fn an_abort_during_a_retry_wait_ends_the_call_and_leaves_no_timer() {
    let path = flaky_path("abort-wait");
    let timers = TimerWatch::start();
    let controller = web_sys::AbortController::new().unwrap();
    // A 503 asking for a 30 s wait; the caller gives up 200 ms into it.
    let call = JsFuture::from(wasm_put::js::put(
        at(&format!("{path}?fails=1&status=503&retryAfter=30")),
        JsValue::NULL,
        "x".into(),
        obj(&[
            ("retry", obj(&[("limit", 2.into())])),
            ("signal", controller.signal().into()),
        ]),
    ));
    function("(c) => setTimeout(() => c.abort('gave up'), 200)")
        .unchecked_into::<js_sys::Function>()
        .call1(&JsValue::NULL, &controller)
        .unwrap();
    let err = within(10_000, "an abort during a 30 s wait", call)
        .await
        .unwrap_err();
    assert_error(&err, "AbortError", &[]);
    assert_eq!(get(&err, "cause"), JsValue::from("gave up"));
    assert_eq!(
        timers.live(),
        0.0,
        "the 30 s wait's timer outlived the call"
    );
    assert_eq!(arrivals(&path).await, 1.0, "no retry went out");
}

#[wasm_bindgen_test]
async fn the_timeout_covers_each_attempt_not_the_wait_between_them() {
    // Each attempt answers at once; the wait between them (Retry-After: 1) is longer
    // than the timeout, which must not count it.
    let path = flaky_path("per-attempt");
    let started = js_sys::Date::now();
    let res = put_with(
        at(&format!("{path}?fails=1&status=503&retryAfter=1")),
        JsValue::NULL,
        "x".into(),
        obj(&[
            ("retry", obj(&[("limit", 1.into())])),
            ("timeout", 500.into()),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(arrivals(&path).await, 2.0);
    let took = js_sys::Date::now() - started;
    assert!(took >= 950.0, "the 1 s wait was not waited: {took} ms");
}

#[wasm_bindgen_test]
async fn a_timeout_is_not_retried() {
    let path = fresh_resource("timeout-once");
    let err = put_with(
        at(&format!("{path}?delay=2000")),
        JsValue::NULL,
        "x".into(),
        obj(&[("retry", 3.into()), ("timeout", 200.into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "TimeoutError", &["200 ms"]);
    assert_eq!(
        arrivals(&path).await,
        1.0,
        "the timed-out PUT was sent once"
    );
}
