//! Saving documents safely: conditional PUTs (`ifMatch`, `createOnly`, `etag`),
//! `update()` that loses no update, and `supersede`, which never reorders an autosave.
//!
//! Runs in Node (default) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`).
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// `update(url, change, options)` and wait for it.
async fn update(url: &str, change: &JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(wasm_put::js::update(at(url), change.clone(), options)).await
}

/// The stored body of a resource, read without wasm-put.
async fn stored_text(path: &str) -> String {
    plain_read(path, "text").await.as_string().unwrap()
}

/// A fresh resource holding `json`, stored without `update()`; its path.
async fn json_resource(prefix: &str, json: &str) -> String {
    let path = fresh_resource(prefix);
    put(
        at(&path),
        obj(&[("Content-Type", "application/json".into())]),
        json.into(),
    )
    .await
    .unwrap();
    path
}

/// The bodies of the PUTs the dev server saw at `path`, in arrival order.
/// A JS `put()` of `body` to the server's `path` with `options`, as a future.
fn put_js(path: &str, body: &str, options: &[(&str, JsValue)]) -> JsFuture {
    JsFuture::from(wasm_put::js::put(
        at(path),
        JsValue::NULL,
        body.into(),
        obj(options),
    ))
}

#[wasm_bindgen_test]
async fn if_match_and_create_only_make_a_put_conditional() {
    let path = fresh_resource("cond");
    let first = put_with(
        at(&path),
        JsValue::NULL,
        "v1".into(),
        obj(&[("createOnly", JsValue::TRUE)]),
    )
    .await
    .unwrap();
    assert_eq!(num(&first, "status"), 201.0);
    let etag = string(&first, "etag");
    assert_eq!(etag, string(&get(&first, "headers"), "etag"));
    let again = put_with(
        at(&path),
        JsValue::NULL,
        "v1 again".into(),
        obj(&[("createOnly", JsValue::TRUE)]),
    )
    .await
    .unwrap();
    assert_eq!(
        num(&again, "status"),
        412.0,
        "createOnly on an existing resource"
    );
    let second = put_with(
        at(&path),
        JsValue::NULL,
        "v2".into(),
        obj(&[("ifMatch", etag.clone().into())]),
    )
    .await
    .unwrap();
    assert_eq!(num(&second, "status"), 200.0);
    let stale = put_with(
        at(&path),
        JsValue::NULL,
        "v3".into(),
        obj(&[("ifMatch", etag.into())]),
    )
    .await
    .unwrap();
    assert_eq!(num(&stale, "status"), 412.0, "a stale ETag");
    assert_eq!(stored_text(&path).await, "v2");
    let both = put_with(
        at(&path),
        JsValue::NULL,
        "x".into(),
        obj(&[("ifMatch", "*".into()), ("createOnly", JsValue::TRUE)]),
    )
    .await
    .unwrap_err();
    assert_error(&both, "InvalidInputError", &["ifMatch", "createOnly"]);
    let none = put(at("/echo"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    assert_eq!(
        get(&none, "etag"),
        JsValue::NULL,
        "no ETag answered: etag is null"
    );
}

#[wasm_bindgen_test]
async fn if_match_or_create_only_beside_the_other_header_in_any_case_is_refused() {
    for (name, value, option) in [
        ("if-none-match", "*", ("ifMatch", JsValue::from("\"v1\""))),
        ("IF-MATCH", "\"v1\"", ("createOnly", JsValue::TRUE)),
    ] {
        let headers = obj(&[(name, value.into())]);
        let err = put_with(at("/echo"), headers, "x".into(), obj(&[option]))
            .await
            .unwrap_err();
        assert_error(&err, "InvalidInputError", &["ifMatch", "createOnly"]);
    }
}

#[wasm_bindgen_test]
async fn update_creates_then_changes_a_json_resource() {
    let path = fresh_resource("update");
    let change = function("(c) => ({ n: (c === null ? 0 : c.n) + 1, saw: c })");
    let created = update(&path, &change, JsValue::UNDEFINED).await.unwrap();
    assert_eq!(num(&created, "status"), 201.0);
    let changed = update(&path, &change, JsValue::UNDEFINED).await.unwrap();
    assert_eq!(num(&changed, "status"), 200.0);
    assert_eq!(
        stored_text(&path).await,
        r#"{"n":2,"saw":{"n":1,"saw":null}}"#
    );
    // A change may return a promise.
    let later = function("(c) => new Promise((r) => setTimeout(() => r({ n: c.n * 10 }), 10))");
    update(&path, &later, JsValue::UNDEFINED).await.unwrap();
    assert_eq!(stored_text(&path).await, r#"{"n":20}"#);
}

/// A change function that counts its calls, and the count: `[change, () => calls]`.
fn counting_change(source: &str) -> (JsValue, js_sys::Function) {
    let pair: Array = js_eval(&format!(
        "let calls = 0; const change = {source}; \
         return [(c) => {{ calls++; return change(c); }}, () => calls];"
    ))
    .unchecked_into();
    (pair.get(0), pair.get(1).unchecked_into())
}

#[wasm_bindgen_test]
async fn update_sends_the_gets_etag_as_if_match_and_its_options_with_both_requests() {
    let path = json_resource("update-seen", r#"{"n":1}"#).await;
    let (change, calls) = counting_change("(c) => ({ n: c.n + 1 })");
    let options = obj(&[
        ("headers", obj(&[("X-Trace", "t-1".into())])),
        ("params", obj(&[("v", "2".into())])),
        ("auth", arr(&["u".into(), "p".into()])),
    ]);
    let res = update(&path, &change, options).await.unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(count_of(&calls), 1.0, "change is called once per attempt");
    let gets = seen_requests(&path, "GET").await;
    let puts = seen_requests(&path, "PUT").await;
    assert_eq!(
        (gets.len(), puts.len()),
        (1, 2),
        "the first PUT, then update's GET and PUT"
    );
    let (read, write) = (&gets[0], &puts[1]);
    assert_eq!(get(&get(write, "headers"), "if-match"), get(read, "etag"));
    assert!(
        get(read, "etag").is_string(),
        "the GET was answered with an ETag"
    );
    for request in [read, write] {
        let headers = get(request, "headers");
        assert_eq!(string(&headers, "x-trace"), "t-1");
        assert_eq!(string(&headers, "authorization"), "Basic dTpw");
        assert_eq!(string(request, "query"), "v=2");
    }
    assert_eq!(string(write, "body"), r#"{"n":2}"#);
}

#[wasm_bindgen_test]
async fn update_after_a_conflict_reads_again_and_calls_change_again() {
    let path = json_resource("update-conflict", "1").await;
    // The first change lets another writer in first; the second does not.
    let (change, calls) = counting_change(&format!(
        "(c) => calls > 1 ? c + 1 : fetch('{}', {{ method: 'PUT', headers: {{ 'Content-Type': 'application/json' }}, body: '100' }}).then(() => c + 1)",
        server().to_string() + &path
    ));
    let res = update(&path, &change, JsValue::UNDEFINED).await.unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(count_of(&calls), 2.0, "change is called once per attempt");
    let puts = seen_requests(&path, "PUT").await;
    let statuses: Vec<f64> = puts.iter().map(|p| num(p, "status")).collect();
    // Ours, the meddler's, update's refused one, update's second.
    assert_eq!(statuses, [201.0, 200.0, 412.0, 200.0]);
    assert_eq!(
        seen_requests(&path, "GET").await.len(),
        2,
        "one GET per attempt"
    );
    assert_eq!(stored_text(&path).await, "101");
}

#[wasm_bindgen_test]
async fn concurrent_updates_of_one_counter_lose_no_increment() {
    let path = fresh_resource("counter");
    let increment = function("(c) => ({ n: (c === null ? 0 : c.n) + 1 })");
    let options = obj(&[("conflicts", 50.into())]);
    let calls: Array = (0..20)
        .map(|_| {
            JsValue::from(wasm_put::js::update(
                at(&path),
                increment.clone(),
                options.clone(),
            ))
        })
        .collect();
    let all = JsFuture::from(Promise::all(&calls)).await.unwrap();
    let statuses: Vec<f64> = all
        .unchecked_into::<Array>()
        .iter()
        .map(|res| num(&res, "status"))
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201.0).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 200.0).count(),
        19,
        "{statuses:?}"
    );
    assert_eq!(stored_text(&path).await, r#"{"n":20}"#);
    // Twenty writers at once must have collided: the server refused stale ETags.
    let puts = seen_requests(&path, "PUT").await;
    let refused = puts.iter().filter(|p| num(p, "status") == 412.0).count();
    assert!(refused >= 1, "no PUT met a 412, so nothing was tested");
    assert_eq!(
        puts.len(),
        20 + refused,
        "one PUT per success and per conflict"
    );
}

#[wasm_bindgen_test]
async fn a_change_that_throws_or_rejects_puts_nothing_and_rejects_with_its_error() {
    let path = json_resource("update-fails", r#"{"n":1}"#).await;
    for source in [
        "(c) => { throw new RangeError('no thanks'); }",
        "(c) => Promise.reject(new RangeError('no thanks'))",
    ] {
        let err = update(&path, &function(source), JsValue::UNDEFINED)
            .await
            .unwrap_err();
        assert_eq!(string(&err, "name"), "RangeError");
        assert_eq!(string(&err, "message"), "no thanks");
    }
    assert_eq!(stored_text(&path).await, r#"{"n":1}"#);
}

#[wasm_bindgen_test]
async fn update_refuses_answers_it_cannot_build_on() {
    let change = function("(c) => c");
    let no_etag = update("/echo", &change, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&no_etag, "HttpError", &["no ETag", "GET http://"]);
    let failing = update("/status/500", &change, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&failing, "HttpError", &["500", "GET http://"]);
    assert_eq!(num(&failing, "status"), 500.0);
    let not_a_function = update("/echo", &JsValue::from(1), JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&not_a_function, "InvalidInputError", &["change function"]);
    let json = update("/echo", &change, obj(&[("json", 1.into())]))
        .await
        .unwrap_err();
    assert_error(&json, "InvalidInputError", &["\"json\""]);
    let conflicts = update("/echo", &change, obj(&[("conflicts", (-1).into())]))
        .await
        .unwrap_err();
    assert_error(&conflicts, "InvalidInputError", &["conflicts"]);
}

#[wasm_bindgen_test]
async fn update_gives_up_after_its_conflicts_with_http_error_412() {
    // Every change makes another writer win first: the PUT always meets a new ETag.
    let path = json_resource("contended", "1").await;
    let meddle = function(&format!(
        "(c) => fetch('{}', {{ method: 'PUT', headers: {{ 'Content-Type': 'application/json' }}, body: String(c + 100) }}).then(() => c + 1)",
        common::server().to_string() + &path
    ));
    let err = update(&path, &meddle, obj(&[("conflicts", 2.into())]))
        .await
        .unwrap_err();
    assert_error(&err, "HttpError", &["412", "2 conflicts"]);
    assert_eq!(num(&err, "status"), 412.0);
}

/// `n` PUTs of `text-{i}` to `path` with `supersede`, all started at once; their
/// outcomes in call order.
async fn burst(path: &str, key: JsValue, n: u32) -> Vec<Result<JsValue, JsValue>> {
    // Each watched at once: a replaced call rejects while the first is still in flight.
    let calls: Vec<JsFuture> = (0..n)
        .map(|i| {
            JsFuture::from(wasm_put::js::put(
                at(path),
                JsValue::NULL,
                format!("text-{i}").into(),
                obj(&[("supersede", key.clone())]),
            ))
        })
        .collect();
    let mut out = Vec::new();
    for call in calls {
        out.push(call.await);
    }
    out
}

#[wasm_bindgen_test]
async fn a_burst_of_a_hundred_superseding_puts_sends_the_first_and_the_last_in_order() {
    let path = fresh_resource("autosave");
    let slow = format!("{path}?delay=300");
    let outcomes = burst(&slow, JsValue::TRUE, 100).await;
    let sent: Vec<usize> = outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| o.is_ok())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(sent, vec![0, 99], "only the first and the last went out");
    for outcome in &outcomes[1..99] {
        let err = outcome.as_ref().unwrap_err();
        assert_error(err, "AbortError", &["superseded"]);
        assert_eq!(get(err, "cause"), JsValue::from("superseded"));
    }
    let first = outcomes[0].as_ref().unwrap();
    let last = outcomes[99].as_ref().unwrap();
    assert_eq!(get(&json(first), "created"), JsValue::TRUE);
    assert_eq!(
        get(&json(last), "created"),
        JsValue::FALSE,
        "the last PUT came second"
    );
    assert_eq!(stored_text(&path).await, "text-99");
    // What reached the server: the two PUTs, one after the other, never overlapping.
    let record = seen(&path).await;
    let bodies = put_bodies(&path).await;
    assert_eq!(bodies, ["text-0", "text-99"]);
    assert_eq!(num(&record, "maxInFlight"), 1.0);
}

#[wasm_bindgen_test]
async fn bursts_on_two_keys_are_independent() {
    let (a, b) = (fresh_resource("key-a"), fresh_resource("key-b"));
    let (slow_a, slow_b) = (format!("{a}?delay=200"), format!("{b}?delay=200"));
    let both = futures_join(
        burst(&slow_a, "a".into(), 10),
        burst(&slow_b, "b".into(), 10),
    )
    .await;
    for outcomes in [&both.0, &both.1] {
        let sent: Vec<usize> = outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_ok())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(sent, vec![0, 9]);
    }
    assert_eq!(stored_text(&a).await, "text-9");
    assert_eq!(stored_text(&b).await, "text-9");
}

/// Both futures, run together.
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    let (mut a, mut b) = (Box::pin(a), Box::pin(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none() {
            if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let std::task::Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

#[wasm_bindgen_test]
async fn a_waiting_call_aborted_by_its_signal_leaves_the_queue() {
    let path = fresh_resource("abort-wait");
    let slow = format!("{path}?delay=300");
    let key = JsValue::from(path.clone());
    let first = put_js(&slow, "first", &[("supersede", key.clone())]);
    let controller = web_sys::AbortController::new().unwrap();
    let second = put_js(
        &slow,
        "second",
        &[
            ("supersede", key.clone()),
            ("signal", controller.signal().into()),
        ],
    );
    controller.abort_with_reason(&"user left".into());
    let err = second.await.unwrap_err();
    assert_error(&err, "AbortError", &[]);
    assert_eq!(get(&err, "cause"), JsValue::from("user left"));
    let third = put_js(&slow, "third", &[("supersede", key)]);
    first.await.unwrap();
    third.await.unwrap();
    assert_eq!(stored_text(&path).await, "third");
    let bodies = put_bodies(&path).await;
    assert_eq!(bodies, ["first", "third"], "the aborted call never arrived");
}

// A call whose signal has already aborted fails at once, and leaves the call waiting
// for the key in its place: the last save still goes out.
#[wasm_bindgen_test]
async fn a_call_already_aborted_does_not_replace_the_waiting_call() {
    let path = fresh_resource("aborted-late");
    let slow = format!("{path}?delay=300");
    let key = JsValue::from(path.clone());
    let first = put_js(&slow, "first", &[("supersede", key.clone())]);
    let second = put_js(&slow, "second", &[("supersede", key.clone())]);
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort_with_reason(&"gone".into());
    let aborted = put_js(
        &slow,
        "aborted",
        &[("supersede", key), ("signal", controller.signal().into())],
    )
    .await
    .unwrap_err();
    assert_error(&aborted, "AbortError", &[]);
    assert_eq!(get(&aborted, "cause"), JsValue::from("gone"));
    first.await.unwrap();
    second.await.expect("the waiting call still goes out");
    assert_eq!(stored_text(&path).await, "second");
    assert_eq!(put_bodies(&path).await, ["first", "second"]);
}

#[wasm_bindgen_test]
async fn a_failed_put_in_flight_still_lets_the_next_one_go() {
    let path = fresh_resource("after-failure");
    let key = JsValue::from("after-failure");
    let failing = JsFuture::from(wasm_put::js::put(
        "http://127.0.0.1:9/".into(),
        JsValue::NULL,
        "lost".into(),
        obj(&[("supersede", key.clone())]),
    ));
    let next = JsFuture::from(wasm_put::js::put(
        at(&path),
        JsValue::NULL,
        "kept".into(),
        obj(&[("supersede", key)]),
    ));
    assert_error(&failing.await.unwrap_err(), "NetworkError", &[]);
    assert_eq!(num(&next.await.unwrap(), "status"), 201.0);
    assert_eq!(stored_text(&path).await, "kept");
}

#[wasm_bindgen_test]
async fn ten_thousand_keys_used_once_leave_nothing_in_wasm_memory() {
    async fn once_each(from: u32, n: u32) {
        for i in from..from + n {
            let res = put_with(
                at("/echo"),
                JsValue::NULL,
                "x".into(),
                obj(&[("supersede", format!("key-{i}").into())]),
            )
            .await
            .unwrap();
            free(&res);
        }
    }
    once_each(0, 500).await;
    collect_garbage().await;
    let before = wasm_memory_bytes();
    once_each(500, 10_000).await;
    collect_garbage().await;
    assert_eq!(
        wasm_memory_bytes(),
        before,
        "supersede keys were left behind"
    );
}
