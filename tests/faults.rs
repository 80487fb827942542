//! Fault injection: `put` against a dev server that misbehaves on purpose. A dropped
//! connection, a stalled body, 503 storms, redirect loops and oversized headers each
//! end in a named `Error` (or a response), never a hang, a trap or a short success;
//! a thousand concurrent PUTs are each answered and stored once; and ten thousand
//! mixed calls leave nothing behind.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

#[wasm_bindgen]
extern "C" {
    /// The platform's own `fetch`, to check what the server stored without `put`.
    #[wasm_bindgen(js_name = fetch)]
    fn plain_fetch(url: &str, init: &web_sys::RequestInit) -> Promise;
}

/// How long any single call here may take before the test calls it a hang.
const HANG_MS: i32 = 15_000;

/// Calls `put` (never a hang: at most [`HANG_MS`]).
async fn call(url: JsValue, data: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let promise = wasm_put::js::put(url, JsValue::NULL, data, options);
    within(HANG_MS, "the call", JsFuture::from(promise)).await
}

/// A function that records each argument it is called with into the returned array.
fn recorder() -> (JsValue, Array) {
    let list = Array::new();
    let f = js_eval("return (list) => (e) => list.push(e);")
        .unchecked_into::<Function>()
        .call1(&JsValue::NULL, &list)
        .unwrap();
    (f, list)
}

/// Option sets that take each of the library's read paths: the plain body read, the
/// streamed read with download progress, and (in pages and workers) XMLHttpRequest.
fn read_paths(extra: &[(&str, JsValue)]) -> Vec<(&'static str, JsValue)> {
    let with = |more: &[(&str, JsValue)]| {
        let mut all: Vec<(&str, JsValue)> = extra.to_vec();
        all.extend(more.iter().cloned());
        obj(&all)
    };
    let (progress, _) = recorder();
    let (upload, _) = recorder();
    let mut paths = vec![
        ("whole body", with(&[])),
        (
            "streamed body",
            with(&[("onDownloadProgress", progress.clone())]),
        ),
    ];
    if has_xhr() {
        paths.push((
            "XMLHttpRequest",
            with(&[
                ("onUploadProgress", upload),
                ("onDownloadProgress", progress),
            ]),
        ));
    }
    paths
}

// ---------------------------------------------------------------------------------
// A connection dropped mid-body

#[wasm_bindgen_test]
async fn a_connection_dropped_mid_body_is_a_network_error_never_a_short_success() {
    for path in ["/drop", "/drop?chunked=1"] {
        for (how, options) in read_paths(&[]) {
            let before = arrivals("/drop").await;
            let outcome = call(at(path), "x".into(), options).await;
            // The server saw it: a drop mid-body, not a refused connection.
            assert_eq!(arrivals("/drop").await, before + 1.0, "{path} via {how}");
            match outcome {
                Ok(res) => panic!(
                    "{path} via {how} resolved with status {} and {} bytes",
                    num(&res, "status"),
                    num(&get(&res, "content"), "length")
                ),
                Err(err) => {
                    assert_error(&err, "NetworkError", &["Network error", "PUT http://"]);
                    assert!(
                        !get(&err, "cause").is_undefined(),
                        "{path} via {how}: no cause"
                    );
                }
            }
        }
    }
}

#[wasm_bindgen_test]
async fn a_dropped_connection_under_a_timeout_is_still_a_network_error() {
    let before = arrivals("/drop").await;
    let err = call(
        at("/drop"),
        JsValue::NULL,
        obj(&[("timeout", 10_000.into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &[]);
    assert_eq!(arrivals("/drop").await, before + 1.0, "the server saw it");
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_retried_and_then_reported_as_a_network_error() {
    let retry = obj(&[("limit", 2.into()), ("backoffMs", 1.into())]);
    let (progress, seen) = recorder();
    let before = arrivals("/drop").await;
    let err = call(
        at("/drop"),
        "x".into(),
        obj(&[("retry", retry), ("onDownloadProgress", progress)]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &[]);
    assert_eq!(
        arrivals("/drop").await,
        before + 3.0,
        "three attempts reached the server"
    );
    // Each attempt's download starts again from its first chunk: three attempts.
    let loaded: Vec<f64> = seen.iter().map(|p| num(&p, "loaded")).collect();
    let attempts = (0..loaded.len())
        .filter(|&i| i == 0 || loaded[i] <= loaded[i - 1])
        .count();
    assert_eq!(attempts, 3, "progress seen: {loaded:?}");
    assert!(loaded.iter().all(|&l| l < 100_000.0), "{loaded:?}");
}

#[wasm_bindgen_test]
async fn a_server_that_hangs_up_without_answering_is_a_network_error() {
    for (how, options) in read_paths(&[]) {
        let before = arrivals("/hang-up").await;
        let err = call(at("/hang-up"), "x".into(), options).await.unwrap_err();
        assert_eq!(string(&err, "name"), "NetworkError", "{how}");
        assert_error(&err, "NetworkError", &["Network error", "PUT http://"]);
        // The server read the request, then hung up: not a refused connection.
        assert_sent_at_least(arrivals("/hang-up").await - before, 1.0, how);
    }
    let before = arrivals("/hang-up").await;
    let err = call(
        at("/hang-up"),
        "x".into(),
        obj(&[(
            "retry",
            obj(&[("limit", 3.into()), ("backoffMs", 1.into())]),
        )]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &[]);
    assert_sent_at_least(arrivals("/hang-up").await - before, 4.0, "with 3 retries");
}

/// Checks that a request whose connection was closed without an answer reached the
/// server `attempts` times: exactly in Node; at least in browsers, which send an
/// idempotent request (a PUT) again by themselves when the connection closes before
/// any answer.
fn assert_sent_at_least(arrived: f64, attempts: f64, what: &str) {
    if has_location() {
        assert!(
            arrived >= attempts,
            "{what}: {arrived} arrived, {attempts} sent"
        );
    } else {
        assert_eq!(arrived, attempts, "{what}: arrivals");
    }
}

#[wasm_bindgen_test]
async fn a_body_that_does_not_decode_as_announced_is_a_network_error_not_garbage() {
    // `Content-Encoding: gzip` over plain text: the runtime's decoder fails, and that
    // must not come back as a 200 with the undecoded (or half-decoded) bytes.
    for (how, options) in read_paths(&[]) {
        let before = arrivals("/bad-encoding").await;
        let outcome = call(at("/bad-encoding"), JsValue::NULL, options).await;
        // The server answered 200: the failure is the decoding, not the connection.
        let answered = seen_requests("/bad-encoding", "PUT").await;
        assert_eq!(arrivals("/bad-encoding").await, before + 1.0, "{how}");
        assert_eq!(
            answered.last().map(|r| num(r, "status")),
            Some(200.0),
            "{how}"
        );
        match outcome {
            Ok(res) => panic!(
                "{how}: resolved with {} and {:?}",
                num(&res, "status"),
                get(&res, "text")
            ),
            Err(err) => assert_eq!(string(&err, "name"), "NetworkError", "{how}"),
        }
    }
}

// ---------------------------------------------------------------------------------
// A server that stalls after the headers

#[wasm_bindgen_test]
async fn a_server_that_stalls_after_the_headers_still_times_out() {
    for (how, options) in read_paths(&[("timeout", 300.into())]) {
        let started = js_sys::Date::now();
        let err = call(at("/slow-body/10000"), JsValue::NULL, options)
            .await
            .unwrap_err();
        let took = js_sys::Date::now() - started;
        assert_error(&err, "TimeoutError", &["300 ms"]);
        assert!(took >= 250.0, "{how}: timed out after {took} ms");
    }
}

#[wasm_bindgen_test]
async fn a_timeout_on_a_stalled_body_is_final_and_not_retried() {
    // Retries are for network errors and retryable statuses; a timeout ends the call.
    let retry = obj(&[("limit", 2.into()), ("backoffMs", 1.into())]);
    let (progress, seen) = recorder();
    let err = call(
        at("/slow-body/10000"),
        JsValue::NULL,
        obj(&[
            ("timeout", 200.into()),
            ("retry", retry),
            ("onDownloadProgress", progress),
        ]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "TimeoutError", &["200 ms"]);
    // One attempt: its first chunk, reported once.
    assert_eq!(seen.length(), 1, "{:?}", stringify(&seen));
}

#[wasm_bindgen_test]
async fn aborting_while_the_body_stalls_is_an_abort_error() {
    let controller = web_sys::AbortController::new().unwrap();
    js_eval("return (c) => setTimeout(() => c.abort('stop'), 200);")
        .unchecked_ref::<Function>()
        .call1(&JsValue::NULL, &controller)
        .unwrap();
    let err = call(
        at("/slow-body/10000"),
        JsValue::NULL,
        obj(&[("signal", controller.signal().into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "AbortError", &[]);
    assert_eq!(get(&err, "cause"), JsValue::from("stop"));
}

#[wasm_bindgen_test]
async fn aborting_a_signal_shared_by_a_hundred_calls_rejects_every_one_with_abort_error() {
    let controller = web_sys::AbortController::new().unwrap();
    let listeners = abort_listeners(&controller.signal());
    let timers = TimerWatch::start();
    let promises: Array = (0..100)
        .map(|i| {
            let path = if i % 2 == 0 {
                "/delay/10000"
            } else {
                "/slow-body/10000"
            };
            JsValue::from(wasm_put::js::put(
                at(path),
                JsValue::NULL,
                "x".into(),
                obj(&[
                    ("signal", controller.signal().into()),
                    ("timeout", 60_000.into()),
                ]),
            ))
        })
        .collect();
    js_eval("return (c) => setTimeout(() => c.abort('everyone out'), 300);")
        .unchecked_ref::<Function>()
        .call1(&JsValue::NULL, &controller)
        .unwrap();
    let settled = within(
        HANG_MS,
        "the calls",
        JsFuture::from(Promise::all_settled(&promises)),
    )
    .await
    .unwrap();
    for outcome in Array::from(&settled).iter() {
        assert_eq!(string(&outcome, "status"), "rejected");
        let err = get(&outcome, "reason");
        assert_error(&err, "AbortError", &[]);
        assert_eq!(get(&err, "cause"), JsValue::from("everyone out"));
    }
    assert_eq!(
        count_of(&listeners),
        0.0,
        "an abort listener outlived its call"
    );
    assert_eq!(timers.live(), 0.0, "a 60 s timeout timer outlived its call");
}

// ---------------------------------------------------------------------------------
// 503 storms with Retry-After

fn retry(limit: u32, more: &[(&str, JsValue)]) -> JsValue {
    let mut all = vec![("limit", JsValue::from(limit))];
    all.extend(more.iter().cloned());
    obj(&all)
}

#[wasm_bindgen_test]
async fn a_503_storm_longer_than_the_retries_ends_with_the_last_503() {
    let key = fresh_key("storm");
    let res = call(
        at(&format!("/flaky/{key}?fails=6&status=503&retryAfter=0")),
        "x".into(),
        obj(&[("retry", retry(3, &[("backoffMs", 1.into())]))]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 503.0);
    assert_eq!(string(&get(&res, "headers"), "x-attempt"), "4");
    assert_eq!(string(&get(&res, "headers"), "retry-after"), "0");
    assert_eq!(num(&json(&res), "attempts"), 4.0);
}

#[wasm_bindgen_test]
async fn a_503_storm_shorter_than_the_retries_ends_in_success() {
    let key = fresh_key("storm");
    let res = call(
        at(&format!("/flaky/{key}?fails=3&status=503&retryAfter=0")),
        "x".into(),
        obj(&[("retry", retry(3, &[]))]),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(num(&json(&res), "attempts"), 4.0);
}

#[wasm_bindgen_test]
async fn a_storm_that_outlasts_the_retries_rejects_with_the_last_503_under_throw_http_errors() {
    let key = fresh_key("storm");
    let err = call(
        at(&format!("/flaky/{key}?fails=9&status=503&retryAfter=0")),
        "x".into(),
        obj(&[("retry", retry(2, &[])), ("throwHttpErrors", true.into())]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "HttpError", &["503"]);
    assert_eq!(num(&err, "status"), 503.0);
    assert_eq!(
        string(&get(&get(&err, "response"), "headers"), "x-attempt"),
        "3"
    );
}

#[wasm_bindgen_test]
async fn long_retry_after_waits_are_capped_by_max_backoff() {
    // Each 503 asks for an hour (in seconds, then as a date far ahead); each wait is
    // capped at 50 ms, so three retries take well under a second or two.
    let far = "Fri, 31 Dec 9999 23:59:59 GMT";
    for retry_after in ["3600", far] {
        let key = fresh_key("capped");
        let started = js_sys::Date::now();
        let call = call(
            at(&format!(
                "/flaky/{key}?fails=3&status=503&retryAfter={}",
                js_sys::encode_uri_component(retry_after)
            )),
            "x".into(),
            obj(&[("retry", retry(3, &[("maxBackoffMs", 50.into())]))]),
        );
        let res = call.await.unwrap();
        let took = js_sys::Date::now() - started;
        assert_eq!(num(&res, "status"), 200.0, "{retry_after}");
        assert_eq!(num(&json(&res), "attempts"), 4.0);
        assert!(took >= 140.0, "Retry-After {retry_after}: {took} ms");
    }
}

#[wasm_bindgen_test]
async fn retry_after_in_seconds_is_waited_for() {
    let key = fresh_key("honoured");
    let started = js_sys::Date::now();
    let res = call(
        at(&format!("/flaky/{key}?fails=1&status=503&retryAfter=1")),
        "x".into(),
        obj(&[("retry", retry(1, &[("backoffMs", 1.into())]))]),
    )
    .await
    .unwrap();
    let took = js_sys::Date::now() - started;
    assert_eq!(num(&res, "status"), 200.0);
    assert!(took >= 950.0, "{took} ms");
}

#[wasm_bindgen_test]
async fn twenty_callers_in_one_storm_all_come_through() {
    let promises: Array = (0..20)
        .map(|i| {
            let key = fresh_key(&format!("crowd{i}"));
            wasm_put::js::put(
                at(&format!("/flaky/{key}?fails=3&status=503&retryAfter=0")),
                JsValue::NULL,
                "x".into(),
                obj(&[("retry", retry(3, &[("backoffMs", 1.into())]))]),
            )
        })
        .map(JsValue::from)
        .collect();
    let all = within(
        HANG_MS,
        "the calls",
        JsFuture::from(Promise::all(&promises)),
    )
    .await
    .unwrap();
    for res in Array::from(&all).iter() {
        assert_eq!(num(&res, "status"), 200.0);
        assert_eq!(num(&json(&res), "attempts"), 4.0);
    }
}

// ---------------------------------------------------------------------------------
// Redirect loops

#[wasm_bindgen_test]
async fn a_redirect_loop_is_a_network_error() {
    for (how, options) in read_paths(&[]) {
        let before = arrivals("/redirect-loop").await;
        let err = call(at("/redirect-loop"), "x".into(), options)
            .await
            .unwrap_err();
        assert_eq!(string(&err, "name"), "NetworkError", "{how}");
        assert_error(&err, "NetworkError", &["PUT http://"]);
        // fetch follows 20 redirects, then gives up: 21 requests reached the server.
        assert_eq!(arrivals("/redirect-loop").await, before + 21.0, "{how}");
    }
}

#[wasm_bindgen_test]
async fn a_redirect_loop_is_retried_as_a_network_error_and_still_ends() {
    let err = call(
        at("/redirect-loop"),
        JsValue::NULL,
        obj(&[("retry", retry(1, &[("backoffMs", 1.into())]))]),
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &[]);
}

// ---------------------------------------------------------------------------------
// Oversized response headers

/// What a runtime makes of an `X-Big` response header of `bytes`: `Ok(true)` a 200
/// with the whole header, or `Err(name)` of the error.
async fn big_header(bytes: u32, options: JsValue) -> Result<bool, String> {
    match call(
        at(&format!("/big-headers?bytes={bytes}")),
        JsValue::NULL,
        options,
    )
    .await
    {
        Ok(res) => {
            assert_eq!(num(&res, "status"), 200.0);
            let header = get(&get(&res, "headers"), "x-big");
            Ok(header.as_string().map(|h| h.len()) == Some(bytes as usize))
        }
        Err(err) => {
            assert!(
                err.is_instance_of::<js_sys::Error>(),
                "not an Error: {err:?}"
            );
            Err(string(&err, "name"))
        }
    }
}

#[wasm_bindgen_test]
async fn oversized_response_headers_give_a_response_or_a_network_error_never_a_trap() {
    // What each runtime does, as seen: Node (undici) refuses a response head over its
    // 16 KiB limit (`--max-http-header-size`), so 64 KiB already fails; Chromium takes
    // 64 KiB and refuses 256 KiB (its limit is 256 KiB for the whole head), through
    // fetch and XMLHttpRequest alike. Either way: a `NetworkError`, never a trap.
    let sizes = [1024, 8 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024];
    let largest_taken = if has_location() { 64 * 1024 } else { 8 * 1024 };
    for (how, options) in read_paths(&[]) {
        let mut seen = Vec::new();
        for bytes in sizes {
            let outcome = big_header(bytes, options.clone()).await;
            match &outcome {
                Ok(whole) => {
                    assert!(whole, "{how}: a {bytes}-byte header came back cut");
                    assert!(bytes <= largest_taken, "{how}: {bytes} bytes were taken");
                }
                Err(name) => {
                    assert_eq!(name, "NetworkError", "{how}: {bytes} bytes");
                    assert!(bytes > largest_taken, "{how}: {bytes} bytes were refused");
                }
            }
            seen.push(format!("{bytes}: {outcome:?}"));
        }
        console_log!("big headers via {how}: {seen:?}");
    }
    // And the module goes on working.
    let res = put(at("/echo"), JsValue::NULL, "after".into())
        .await
        .unwrap();
    assert_eq!(string(&json(&res), "body"), "after");
}

// ---------------------------------------------------------------------------------
// A thousand concurrent PUTs

/// `GET /resources` (plain fetch): the stored ids.
async fn stored_ids() -> Vec<String> {
    let res = fetch_raw("GET", "/resources").await;
    assert_eq!(res.status(), 200);
    let text = JsFuture::from(res.text().unwrap()).await.unwrap();
    let listing = js_sys::JSON::parse(&text.as_string().unwrap()).unwrap();
    Array::from(&get(&listing, "ids"))
        .iter()
        .map(|id| id.as_string().unwrap())
        .collect()
}

/// A plain `fetch` with `method` (no body) of `path` on the dev server.
async fn fetch_raw(method: &str, path: &str) -> web_sys::Response {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let url = format!("{}{}", server(), path);
    within(
        HANG_MS,
        "the check",
        JsFuture::from(plain_fetch(&url, &init)),
    )
    .await
    .unwrap()
    .unchecked_into()
}

/// The bytes of a plain `GET` of `path`, and its ETag.
async fn fetch_bytes(path: &str) -> (u16, Vec<u8>, Option<String>) {
    let res = fetch_raw("GET", path).await;
    let buffer = JsFuture::from(res.array_buffer().unwrap()).await.unwrap();
    let etag = res.headers().get("etag").unwrap();
    (res.status(), Uint8Array::new(&buffer).to_vec(), etag)
}

/// Deletes every id (plain fetch, all at once) and checks each answered 204.
async fn delete_all(ids: &[String]) {
    let init = web_sys::RequestInit::new();
    init.set_method("DELETE");
    let promises: Array = ids
        .iter()
        .map(|id| JsValue::from(plain_fetch(&format!("{}/resources/{id}", server()), &init)))
        .collect();
    let all = within(
        HANG_MS * 2,
        "the calls",
        JsFuture::from(Promise::all(&promises)),
    )
    .await
    .unwrap();
    for res in Array::from(&all).iter() {
        assert_eq!(res.unchecked_into::<web_sys::Response>().status(), 204);
    }
}

/// A body of `len` bytes, different for every `seed`.
fn body_bytes(seed: u32, len: u32) -> Vec<u8> {
    (0..len)
        .map(|i| (seed.wrapping_mul(31).wrapping_add(i.wrapping_mul(7)) % 251) as u8)
        .collect()
}

/// The dev server keeps at most 1000 resources (`--max-resources`, and the test server
/// of `cargo xtask test` runs with the default) and every suite shares it, so this
/// stores a few hundred at a time and deletes them afterwards.
const DISTINCT_IDS: u32 = 400;

#[wasm_bindgen_test]
async fn four_hundred_concurrent_puts_to_distinct_ids_are_each_stored_byte_for_byte() {
    let run = fresh_key("many");
    let ids: Vec<String> = (0..DISTINCT_IDS).map(|i| format!("{run}-{i}")).collect();
    let bodies: Vec<Vec<u8>> = (0..DISTINCT_IDS)
        .map(|i| body_bytes(i, 1 + i * 13))
        .collect();
    let promises: Array = ids
        .iter()
        .zip(&bodies)
        .map(|(id, body)| {
            let data = Uint8Array::from(&body[..]);
            JsValue::from(wasm_put::js::put(
                at(&format!("/resources/{id}")),
                obj(&[("Content-Type", "application/octet-stream".into())]),
                data.into(),
                obj(&[("timeout", 30_000.into())]),
            ))
        })
        .collect();
    let answers = within(
        HANG_MS * 4,
        "the calls",
        JsFuture::from(Promise::all(&promises)),
    )
    .await
    .unwrap();
    let answers = Array::from(&answers);
    assert_eq!(answers.length(), DISTINCT_IDS);
    let mut etags = Vec::new();
    for (i, res) in answers.iter().enumerate() {
        assert_eq!(num(&res, "status"), 201.0, "{}", ids[i]);
        let answer = json(&res);
        assert_eq!(num(&answer, "size"), bodies[i].len() as f64);
        etags.push(string(&answer, "etag"));
    }
    let listed = stored_ids().await;
    for id in &ids {
        assert_eq!(listed.iter().filter(|l| *l == id).count(), 1, "{id}");
    }
    for (i, id) in ids.iter().enumerate() {
        let (status, bytes, etag) = fetch_bytes(&format!("/resources/{id}")).await;
        assert_eq!(status, 200, "{id}");
        assert!(bytes == bodies[i], "{id}: the stored bytes differ");
        assert_eq!(etag.as_deref(), Some(etags[i].as_str()), "{id}");
    }
    delete_all(&ids).await;
    let listed = stored_ids().await;
    assert!(ids.iter().all(|id| !listed.contains(id)), "some were left");
}

#[wasm_bindgen_test]
async fn a_thousand_concurrent_puts_are_all_answered_and_each_id_is_created_exactly_once() {
    // 250 ids, four writers each, all 1000 PUTs in flight together (fetch queues them
    // per connection as each runtime sees fit).
    const IDS: u32 = 250;
    const WRITERS: u32 = 4;
    let run = fresh_key("crowd");
    let ids: Vec<String> = (0..IDS).map(|i| format!("{run}-{i}")).collect();
    let text =
        |id: u32, w: u32| format!("writer {w} of id {id}: {}", "x".repeat((id % 40) as usize));
    let promises: Array = (0..IDS * WRITERS)
        .map(|n| {
            let (id, w) = (n % IDS, n / IDS);
            JsValue::from(wasm_put::js::put(
                at(&format!("/resources/{}", ids[id as usize])),
                JsValue::NULL,
                text(id, w).into(),
                JsValue::UNDEFINED,
            ))
        })
        .collect();
    let answers = Array::from(
        &within(
            HANG_MS * 4,
            "the calls",
            JsFuture::from(Promise::all(&promises)),
        )
        .await
        .unwrap(),
    );
    assert_eq!(answers.length(), IDS * WRITERS);
    for (id, name) in ids.iter().enumerate() {
        let id = id as u32;
        let of_id: Vec<JsValue> = (0..WRITERS).map(|w| answers.get(w * IDS + id)).collect();
        let created = of_id.iter().filter(|r| num(r, "status") == 201.0).count();
        let replaced = of_id.iter().filter(|r| num(r, "status") == 200.0).count();
        assert_eq!((created, replaced), (1, 3), "{name}");
        // What is stored is one writer's body whole, with the ETag that writer got.
        let (status, bytes, etag) = fetch_bytes(&format!("/resources/{name}")).await;
        assert_eq!(status, 200);
        let stored = String::from_utf8(bytes).unwrap();
        let writer = (0..WRITERS)
            .find(|&w| text(id, w) == stored)
            .unwrap_or_else(|| panic!("{name} holds {stored:?}, no writer's body"));
        let etag_given = string(&json(&of_id[writer as usize]), "etag");
        assert_eq!(etag.as_deref(), Some(etag_given.as_str()), "{name}");
    }
    let listed = stored_ids().await;
    for id in &ids {
        assert_eq!(listed.iter().filter(|l| *l == id).count(), 1, "{id}");
    }
    delete_all(&ids).await;
}

// ---------------------------------------------------------------------------------
// No leaks on any path: ten thousand mixed calls

/// Outcomes seen, by error name (or "ok").
#[derive(Default, Debug)]
struct Seen {
    ok: u32,
    invalid: u32,
    network: u32,
    timeout: u32,
    abort: u32,
}

/// `n` calls mixing success, timeout, abort (before and during the call), network
/// errors and invalid input, one after the other, every one sharing `caller`'s signal
/// except those that abort their own. Mostly fast paths.
async fn mixed_calls(n: u32, caller: &web_sys::AbortController, seen: &mut Seen) {
    let aborted = web_sys::AbortController::new().unwrap();
    aborted.abort();
    let abort_soon =
        js_eval("return (c) => setTimeout(() => c.abort('soon'), 1);").unchecked_into::<Function>();
    let noop = js_eval("return () => {};");
    for i in 0..n {
        let shared = ("signal", JsValue::from(caller.signal()));
        let outcome = match i % 10 {
            // Now and then through XMLHttpRequest (pages and workers) with progress.
            1 if i % 100 == 1 => {
                put_with(
                    at("/echo"),
                    JsValue::NULL,
                    "x".into(),
                    obj(&[
                        shared,
                        ("timeout", 60_000.into()),
                        ("onUploadProgress", noop.clone()),
                    ]),
                )
                .await
            }
            // Now and then a retried status: a wait between attempts, on the shared signal.
            2 if i % 100 == 2 => {
                let retry = obj(&[("limit", 1.into()), ("backoffMs", 1.into())]);
                put_with(
                    at("/status/503"),
                    JsValue::NULL,
                    "x".into(),
                    obj(&[shared, ("retry", retry)]),
                )
                .await
            }
            0 | 1 => {
                put_with(
                    at("/echo"),
                    obj(&[("X-N", i.into())]),
                    obj(&[("k", "v".into()), ("n", i.into())]),
                    obj(&[shared, ("timeout", 60_000.into())]),
                )
                .await
            }
            2 => {
                put_with(
                    at("/status/204"),
                    JsValue::NULL,
                    JsValue::NULL,
                    obj(&[
                        ("json", obj(&[("i", i.into())])),
                        shared,
                        ("retry", 1.into()),
                    ]),
                )
                .await
            }
            3 => {
                put_with(
                    at("/delay/200"),
                    JsValue::NULL,
                    "x".into(),
                    obj(&[("timeout", 1.into()), shared]),
                )
                .await
            }
            4 => {
                put_with(
                    at("/echo"),
                    JsValue::NULL,
                    "x".into(),
                    obj(&[("signal", aborted.signal().into())]),
                )
                .await
            }
            5 => {
                let own = web_sys::AbortController::new().unwrap();
                abort_soon.call1(&JsValue::NULL, &own).unwrap();
                put_with(
                    at("/delay/200"),
                    JsValue::NULL,
                    "x".into(),
                    obj(&[("signal", own.signal().into()), ("timeout", 60_000.into())]),
                )
                .await
            }
            6 => {
                put_with(
                    "http://127.0.0.1:9/".into(),
                    JsValue::NULL,
                    "x".into(),
                    obj(&[shared, ("timeout", 60_000.into())]),
                )
                .await
            }
            7 if i % 100 == 7 => {
                put_with(at("/drop"), JsValue::NULL, JsValue::NULL, obj(&[shared])).await
            }
            7 => put(at("/echo"), obj(&[("bad name", "v".into())]), JsValue::NULL).await,
            8 => {
                put_with(
                    at("/echo"),
                    JsValue::NULL,
                    JsValue::NULL,
                    obj(&[("timeout", (-1).into()), shared]),
                )
                .await
            }
            _ => put(at("/echo"), obj(&[("X-Evil", "a\r\nb".into())]), "x".into()).await,
        };
        match outcome {
            Ok(res) => {
                seen.ok += 1;
                free(&res);
            }
            Err(err) => match string(&err, "name").as_str() {
                "InvalidInputError" => seen.invalid += 1,
                "NetworkError" => seen.network += 1,
                "TimeoutError" => seen.timeout += 1,
                "AbortError" => seen.abort += 1,
                other => panic!("call {i}: unexpected {other}"),
            },
        }
    }
}

#[wasm_bindgen_test]
async fn ten_thousand_mixed_calls_leave_memory_timers_and_listeners_as_they_were() {
    let caller = web_sys::AbortController::new().unwrap();
    let listeners = abort_listeners(&caller.signal());
    let mut seen = Seen::default();
    mixed_calls(500, &caller, &mut seen).await;
    collect_garbage().await;
    let memory_before = wasm_memory_bytes();
    let timers = TimerWatch::start();
    let mut seen = Seen::default();
    let started = js_sys::Date::now();
    mixed_calls(10_000, &caller, &mut seen).await;
    let took = js_sys::Date::now() - started;
    console_log!("10,000 mixed calls in {took:.0} ms: {seen:?}");
    // Every kind of ending happened, in about the planned shares.
    assert_eq!(seen.ok, 3_000, "{seen:?}");
    assert_eq!(seen.invalid, 2_900, "{seen:?}");
    assert_eq!(seen.network, 1_100, "{seen:?}");
    assert_eq!(seen.timeout, 1_000, "{seen:?}");
    assert_eq!(seen.abort, 2_000, "{seen:?}");
    collect_garbage().await;
    let memory_after = wasm_memory_bytes();
    assert_eq!(
        memory_after, memory_before,
        "wasm memory grew from {memory_before} to {memory_after} bytes"
    );
    assert_eq!(timers.live(), 0.0, "a timer outlived its call");
    assert_eq!(
        count_of(&listeners),
        0.0,
        "an abort listener was left on the caller's signal"
    );
}
