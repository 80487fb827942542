//! Every option of the contract, against the dev server.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use js_sys::{Array, Function, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn json_option_sends_json_with_its_content_type() {
    let value = obj(&[("name", "John Doe".into()), ("tags", arr(&["a".into()]))]);
    let res = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("json", value)]),
    )
    .await
    .unwrap();
    let echo = json(&res);
    assert_eq!(
        string(&get(&echo, "headers"), "content-type"),
        "application/json"
    );
    assert_eq!(string(&echo, "body"), r#"{"name":"John Doe","tags":["a"]}"#);
}

#[wasm_bindgen_test]
async fn json_with_data_or_a_cycle_is_invalid_input() {
    let err = put_with(
        at("/echo"),
        JsValue::NULL,
        "x".into(),
        obj(&[("json", JsValue::from(1))]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "InvalidInputError", &["either data or options.json"]);
    let cyclic = js_eval("const a = {}; a.self = a; return a;");
    let err = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("json", cyclic)]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "InvalidInputError", &["Option json"]);
}

#[wasm_bindgen_test]
async fn params_are_appended_to_the_query_keeping_what_is_there() {
    let params = obj(&[
        ("b", arr(&["1".into(), "2".into()])),
        ("c", "x y".into()),
        ("skip", JsValue::NULL),
    ]);
    let res = put_with(
        at("/echo?a=0"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("params", params)]),
    )
    .await
    .unwrap();
    assert_eq!(string(&json(&res), "query"), "a=0&b=1&b=2&c=x+y");
    let search = web_sys::UrlSearchParams::new_with_str("z=9").unwrap();
    let res = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("params", search.into())]),
    )
    .await
    .unwrap();
    assert_eq!(string(&json(&res), "query"), "z=9");
    let pairs = arr(&[
        arr(&["k".into(), "1".into()]),
        arr(&["k".into(), "2".into()]),
        arr(&["j".into(), "ü".into()]),
    ]);
    let res = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("params", pairs)]),
    )
    .await
    .unwrap();
    assert_eq!(string(&json(&res), "query"), "k=1&k=2&j=%C3%BC");
}

#[wasm_bindgen_test]
async fn elapsed_is_at_least_the_time_the_server_took() {
    let res = put(at("/delay/300"), JsValue::NULL, "x".into())
        .await
        .unwrap();
    let elapsed = num(&res, "elapsed");
    // The clock of a page may be coarsened by up to a few tenths of a millisecond.
    assert!(elapsed >= 299.0, "elapsed {elapsed} ms for a 300 ms answer");
}

#[wasm_bindgen_test]
async fn cache_no_store_and_integrity_act_on_the_request() {
    // fetch asks caches on the way not to answer from a store: the server sees it.
    let res = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("cache", "no-store".into())]),
    )
    .await
    .unwrap();
    let headers = get(&json(&res), "headers");
    assert_eq!(string(&headers, "cache-control"), "no-cache");
    // A response that does not match the integrity asked for is refused.
    let before = arrivals("/echo").await;
    let err = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[(
            "integrity",
            "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=".into(),
        )]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &["PUT http://"]);
    assert_eq!(arrivals("/echo").await, before + 1.0, "sent, then refused");
}

#[wasm_bindgen_test]
async fn timeout_rejects_with_timeout_error_naming_the_ms() {
    let err = put_with(
        at("/delay/3000"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("timeout", 200.into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "TimeoutError", &["200 ms", "PUT http://"]);
}

#[wasm_bindgen_test]
async fn timeout_covers_the_body_not_only_the_headers() {
    let err = put_with(
        at("/slow-body/3000"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("timeout", 300.into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "TimeoutError", &["300 ms"]);
}

#[wasm_bindgen_test]
async fn a_timeout_that_does_not_elapse_changes_nothing() {
    let res = put_with(
        at("/delay/10"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("timeout", 10_000.into())]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
}

#[wasm_bindgen_test]
async fn signal_aborts_with_abort_error_and_keeps_the_reason() {
    let controller = web_sys::AbortController::new().unwrap();
    let abort = js_eval("return (c) => setTimeout(() => c.abort('user left'), 100);");
    abort
        .unchecked_ref::<Function>()
        .call1(&JsValue::NULL, &controller)
        .unwrap();
    let err = put_with(
        at("/delay/3000"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("signal", controller.signal().into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "AbortError", &["options.signal"]);
    assert_eq!(get(&err, "cause"), JsValue::from("user left"));
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    let key = fresh_resource("aborted");
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let err = put_with(
        at(&key),
        JsValue::NULL,
        "x".into(),
        obj(&[("signal", controller.signal().into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "AbortError", &[]);
    let res = put(at(&key), JsValue::NULL, "x".into()).await.unwrap();
    assert_eq!(
        num(&res, "status"),
        201.0,
        "the aborted call must not have stored anything"
    );
}

#[wasm_bindgen_test]
async fn retry_repeats_retryable_statuses_until_success() {
    let key = fresh_key("flaky");
    let retry = obj(&[("limit", 3.into()), ("backoffMs", 5.into())]);
    let res = put_with(
        at(&format!("/flaky/{key}?fails=2&status=503")),
        JsValue::NULL,
        "x".into(),
        obj(&[("retry", retry)]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(num(&json(&res), "attempts"), 3.0);
}

#[wasm_bindgen_test]
async fn when_retries_run_out_the_last_response_is_returned() {
    let key = fresh_key("flaky");
    let retry = obj(&[("limit", 1.into()), ("backoffMs", 5.into())]);
    let res = put_with(
        at(&format!("/flaky/{key}?fails=5&status=502")),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("retry", retry)]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 502.0);
    assert_eq!(string(&get(&res, "headers"), "x-attempt"), "2");
}

#[wasm_bindgen_test]
async fn retry_after_is_honoured_up_to_max_backoff() {
    let key = fresh_key("later");
    let retry = obj(&[("limit", 1.into()), ("maxBackoffMs", 150.into())]);
    let started = js_sys::Date::now();
    let call = put_with(
        at(&format!("/flaky/{key}?fails=1&status=429&retryAfter=60")),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("retry", retry)]),
    );
    let res = within(30_000, "Retry-After: 60 capped at 150 ms", call)
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(string(&get(&res, "headers"), "x-attempt"), "2");
    // Retry-After: 60 was capped to 150 ms: the call waited that long, not a minute.
    let took = js_sys::Date::now() - started;
    assert!(took >= 140.0, "waited only {took} ms");
}

#[wasm_bindgen_test]
async fn statuses_not_listed_are_not_retried() {
    let key = fresh_key("once");
    let res = put_with(
        at(&format!("/flaky/{key}?fails=1&status=404")),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("retry", 3.into())]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 404.0);
    assert_eq!(string(&get(&res, "headers"), "x-attempt"), "1");
}

#[wasm_bindgen_test]
async fn network_errors_are_retried_then_reported() {
    let retry = obj(&[("limit", 2.into()), ("backoffMs", 1.into())]);
    let err = put_with(
        "http://127.0.0.1:9/".into(),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("retry", retry)]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &[]);
}

#[wasm_bindgen_test]
async fn auth_sends_http_basic() {
    let auth = arr(&["Aladdin".into(), "open sesame".into()]);
    let res = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("auth", auth)]),
    )
    .await
    .unwrap();
    assert_eq!(
        string(&get(&json(&res), "headers"), "authorization"),
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
}

#[wasm_bindgen_test]
async fn throw_http_errors_rejects_with_status_and_response() {
    let err = put_with(
        at("/status/500"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("throwHttpErrors", JsValue::TRUE)]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "HttpError", &["status code 500", "PUT http://"]);
    assert_eq!(num(&err, "status"), 500.0);
    assert_eq!(num(&get(&err, "response"), "status"), 500.0);
}

/// Collects progress events into an array; returns (callback, events).
fn recorder() -> (JsValue, Array) {
    let events = Array::new();
    let f = js_eval("return (list) => (e) => list.push(e);")
        .unchecked_into::<Function>()
        .call1(&JsValue::NULL, &events)
        .unwrap();
    (f, events)
}

#[wasm_bindgen_test]
async fn upload_progress_ends_with_loaded_equal_to_total() {
    let (callback, events) = recorder();
    let body = Uint8Array::new_with_length(1 << 20);
    let res = put_with(
        at("/sink"),
        JsValue::NULL,
        body.into(),
        obj(&[("onUploadProgress", callback)]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 204.0);
    assert!(events.length() >= 1);
    let last = events.get(events.length() - 1);
    assert_eq!(num(&last, "loaded"), f64::from(1u32 << 20));
    assert_eq!(num(&last, "total"), f64::from(1u32 << 20));
    let mut previous = 0.0;
    for e in events.iter() {
        assert!(num(&e, "loaded") >= previous, "progress never goes back");
        previous = num(&e, "loaded");
    }
}

#[wasm_bindgen_test]
async fn download_progress_ends_with_loaded_equal_to_content_length() {
    for (path, total_known) in [("/bytes/300000", true), ("/bytes/300000?chunked=1", false)] {
        let (callback, events) = recorder();
        let res = put_with(
            at(path),
            JsValue::NULL,
            JsValue::NULL,
            obj(&[("onDownloadProgress", callback)]),
        )
        .await
        .unwrap();
        let content = bytes(&get(&res, "content"));
        assert_eq!(content.len(), 300_000);
        assert!(content
            .iter()
            .enumerate()
            .all(|(i, b)| *b == (i % 256) as u8));
        let last = events.get(events.length() - 1);
        assert_eq!(num(&last, "loaded"), 300_000.0);
        if total_known {
            assert_eq!(num(&last, "total"), 300_000.0);
        } else {
            assert_eq!(
                get(&last, "total"),
                JsValue::NULL,
                "an unknown length is null"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn unknown_option_keys_are_refused_by_name() {
    let err = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("timout", 5.into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "InvalidInputError", &["timout"]);
}

#[wasm_bindgen_test]
async fn options_of_the_wrong_type_are_refused_naming_the_field() {
    for (key, value, says) in [
        ("timeout", JsValue::from("soon"), "timeout"),
        ("timeout", JsValue::from(-1), "timeout"),
        ("retry", JsValue::from("many"), "retry"),
        ("retry", obj(&[("limt", 1.into())]), "limt"),
        ("retry", obj(&[("backoffMs", "x".into())]), "backoffMs"),
        ("auth", JsValue::from("user:pw"), "auth"),
        ("throwHttpErrors", JsValue::from("yes"), "throwHttpErrors"),
        ("signal", JsValue::from(1), "signal"),
        ("onUploadProgress", JsValue::from(1), "onUploadProgress"),
        ("mode", JsValue::from("navigate"), "mode"),
        ("redirect", JsValue::from(3), "redirect"),
    ] {
        let err = put_with(
            at("/echo"),
            JsValue::NULL,
            JsValue::NULL,
            obj(&[(key, value)]),
        )
        .await
        .unwrap_err();
        assert_error(&err, "InvalidInputError", &[says]);
    }
}

#[wasm_bindgen_test]
async fn fetch_options_pass_through() {
    let err = put_with(
        at("/redirect/1"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[("redirect", "error".into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &[]);
    let res = put_with(
        at("/echo"),
        JsValue::NULL,
        JsValue::NULL,
        obj(&[
            ("cache", "no-store".into()),
            ("credentials", "omit".into()),
            ("priority", "high".into()),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
}

#[wasm_bindgen_test]
async fn redirects_are_followed_and_reported() {
    let res = put(at("/redirect/2"), JsValue::NULL, "x".into())
        .await
        .unwrap();
    assert_eq!(get(&res, "redirected"), JsValue::TRUE);
    assert!(string(&res, "url").ends_with("/echo"));
    assert_eq!(string(&json(&res), "method"), "PUT");
}
