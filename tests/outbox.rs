//! `outbox()`: PUTs stored in IndexedDB, then delivered in order, once each, against the
//! dev server. Node has no IndexedDB, so this file runs in the browser tiers (the page
//! and its workers); `tests/runtime.rs` checks Node's `NotSupportedError`.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use js_sys::{Array, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// Awaits a JS promise.
async fn settled(promise: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(promise.unchecked_into::<Promise>()).await
}

/// A list, and a JS function that pushes what it is called with into it.
fn recorder() -> (Array, JsValue) {
    let list = Array::new();
    let push = js_eval("return (list) => (event) => { list.push(event); };")
        .unchecked_into::<js_sys::Function>()
        .call1(&JsValue::NULL, &list)
        .unwrap();
    (list, push)
}

/// Opens an outbox under a name no other test uses.
async fn open(options: JsValue) -> JsValue {
    let name = fresh_key("outbox");
    settled(wasm_put::js::outbox(name.into(), options).into())
        .await
        .expect("the outbox opens")
}

/// `box.put(url, headers, data, options)`.
async fn enqueue(
    outbox: &JsValue,
    url: JsValue,
    data: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let put = get(outbox, "put").unchecked_into::<js_sys::Function>();
    let args = Array::of4(&url, &JsValue::NULL, &data, &options);
    settled(put.apply(outbox, &args).unwrap()).await
}

/// Calls the outbox's method `name` and awaits it.
async fn method(outbox: &JsValue, name: &str) -> JsValue {
    settled(call(outbox, name).unwrap()).await.unwrap()
}

/// `box.flush()`: the number still pending.
async fn flushed(outbox: &JsValue) -> Option<f64> {
    within(20_000, "flush", method(outbox, "flush"))
        .await
        .as_f64()
}

/// Flushes until nothing is pending; fails after a few rounds rather than hanging.
async fn flush_all(outbox: &JsValue) {
    for _ in 0..10 {
        if flushed(outbox).await == Some(0.0) {
            return;
        }
    }
    panic!("entries still pending after 10 flushes");
}

/// An entry that holds the head of the queue until a `flush()`: its first answer is a
/// `503` asking for 30 s.
fn hold_url() -> JsValue {
    at(&format!(
        "/flaky/{}?fails=1&status=503&retryAfter=30",
        fresh_key("outbox-hold")
    ))
}

#[wasm_bindgen_test]
async fn entries_are_delivered_in_order_once_each_and_reported_sent() {
    let (sent, on_sent) = recorder();
    let outbox = open(obj(&[("onSent", on_sent)])).await;
    let path = fresh_resource("outbox-order");
    for text in ["one", "two", "three"] {
        let queued = enqueue(&outbox, at(&path), text.into(), JsValue::NULL)
            .await
            .unwrap();
        assert!(num(&queued, "id") > 0.0);
        assert!(get(&queued, "key").is_null());
    }
    assert_eq!(flushed(&outbox).await, Some(0.0));
    assert_eq!(put_bodies(&path).await, ["one", "two", "three"]);
    assert_eq!(sent.length(), 3);
    let first = sent.get(0);
    assert_eq!(num(&get(&first, "response"), "status"), 201.0);
    assert!(get(&first, "key").is_null());
    let ids: Vec<f64> = sent.iter().map(|e| num(&e, "id")).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(stringify(&method(&outbox, "pending").await), "[]");
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn a_new_entry_with_a_pending_key_replaces_it_and_goes_last() {
    let outbox = open(JsValue::NULL).await;
    // A first entry that fails once holds the queue while the keyed entries come in.
    enqueue(&outbox, hold_url(), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    let (doc, other) = (fresh_resource("outbox-doc"), fresh_resource("outbox-other"));
    let keyed = |key: &str| obj(&[("key", key.into())]);
    enqueue(&outbox, at(&doc), "draft 1".into(), keyed("doc"))
        .await
        .unwrap();
    enqueue(&outbox, at(&other), "other".into(), JsValue::NULL)
        .await
        .unwrap();
    let last = enqueue(&outbox, at(&doc), "draft 2".into(), keyed("doc"))
        .await
        .unwrap();
    assert_eq!(string(&last, "key"), "doc");
    let pending = Array::from(&method(&outbox, "pending").await);
    let urls: Vec<String> = pending.iter().map(|e| string(&e, "url")).collect();
    assert_eq!(urls.len(), 3, "{urls:?}");
    assert!(
        urls[1].ends_with(&other) && urls[2].ends_with(&doc),
        "{urls:?}"
    );
    assert_eq!(string(&pending.get(pending.length() - 1), "key"), "doc");
    flush_all(&outbox).await;
    assert_eq!(put_bodies(&doc).await, ["draft 2"]);
    assert_eq!(put_bodies(&other).await, ["other"]);
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn an_answer_retrying_cannot_change_is_failed_and_not_retried() {
    let (failed, on_failed) = recorder();
    let (sent, on_sent) = recorder();
    let outbox = open(obj(&[("onFailed", on_failed), ("onSent", on_sent)])).await;
    let path = fresh_resource("outbox-412");
    put(at(&path), JsValue::NULL, "exists".into())
        .await
        .unwrap();
    let create_only = obj(&[("createOnly", true.into()), ("key", "conflict".into())]);
    enqueue(&outbox, at(&path), "mine".into(), create_only)
        .await
        .unwrap();
    let after = fresh_resource("outbox-after-412");
    enqueue(&outbox, at(&after), "next".into(), JsValue::NULL)
        .await
        .unwrap();
    assert_eq!(flushed(&outbox).await, Some(0.0));
    assert_eq!(failed.length(), 1);
    let event = failed.get(0);
    assert_eq!(string(&event, "key"), "conflict");
    assert_eq!(num(&get(&event, "response"), "status"), 412.0);
    assert!(get(&event, "error").is_null());
    assert_eq!(
        seen_requests(&path, "PUT").await.len(),
        2,
        "one PUT to create, one refused"
    );
    assert_eq!(put_bodies(&after).await, ["next"]);
    assert_eq!(sent.length(), 1);
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn a_failed_delivery_stays_at_the_head_and_honours_retry_after() {
    let (sent, on_sent) = recorder();
    let outbox = open(obj(&[("onSent", on_sent)])).await;
    let key = fresh_key("outbox-retry-after");
    let path = format!("/flaky/{key}");
    let url = at(&format!("{path}?fails=1&status=429&retryAfter=2"));
    enqueue(&outbox, url, "once more".into(), JsValue::NULL)
        .await
        .unwrap();
    // The first try is made as it is queued; wait until it has been answered.
    let entry = head_tried(&outbox, 1.0).await;
    assert!(
        string(&entry, "lastError").starts_with("429"),
        "{}",
        stringify(&entry)
    );
    // Delivered by the outbox's own timer, not by flush().
    for _ in 0..200 {
        if sent.length() == 1 {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(
        sent.length(),
        1,
        "the entry was not delivered after Retry-After"
    );
    let tries = seen_requests(&path, "PUT").await;
    assert_eq!(tries.len(), 2);
    let waited = num(&tries[1], "arrivedMs") - num(&tries[0], "arrivedMs");
    assert!(
        waited >= 1_900.0,
        "tried again after {waited} ms, before Retry-After: 2"
    );
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn an_entry_past_max_age_is_failed_with_a_timeout_error() {
    let (failed, on_failed) = recorder();
    let options = obj(&[("onFailed", on_failed), ("maxAgeMs", 300.into())]);
    let outbox = open(options).await;
    let key = fresh_key("outbox-age");
    let url = at(&format!("/flaky/{key}?fails=100"));
    enqueue(&outbox, url, "stale".into(), obj(&[("key", "old".into())]))
        .await
        .unwrap();
    sleep(400).await;
    assert_eq!(flushed(&outbox).await, Some(0.0));
    assert_eq!(failed.length(), 1);
    let event = failed.get(0);
    assert_eq!(string(&event, "key"), "old");
    assert!(get(&event, "response").is_null());
    assert_error(
        &get(&event, "error"),
        "TimeoutError",
        &["maxAgeMs (300 ms)", "/flaky/"],
    );
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn bodies_are_stored_as_given_and_sent_with_their_headers() {
    let outbox = open(JsValue::NULL).await;
    let prefix = fresh_resource("outbox-body");
    let case = |what: &str| format!("{prefix}-{what}");
    let blob = js_eval("return new Blob(['blob body'], { type: 'text/x-blob' });");
    let bytes = js_eval("return new Uint8Array([104, 105]);");
    let json = obj(&[("json", obj(&[("n", 1.into())]))]);
    let form = obj(&[("a", "1".into()), ("b", "two words".into())]);
    let params = js_eval("return new URLSearchParams('x=1&y=2');");
    enqueue(&outbox, at(&case("blob")), blob, JsValue::NULL)
        .await
        .unwrap();
    enqueue(&outbox, at(&case("bytes")), bytes, JsValue::NULL)
        .await
        .unwrap();
    enqueue(&outbox, at(&case("json")), JsValue::NULL, json)
        .await
        .unwrap();
    enqueue(&outbox, at(&case("form")), form, JsValue::NULL)
        .await
        .unwrap();
    enqueue(&outbox, at(&case("params")), params, JsValue::NULL)
        .await
        .unwrap();
    let conditional = obj(&[("createOnly", true.into())]);
    let headed = at(&case("headers"));
    let headers_put = get(&outbox, "put").unchecked_into::<js_sys::Function>();
    let args = Array::of4(
        &headed,
        &obj(&[("X-Note", "kept".into())]),
        &"h".into(),
        &conditional,
    );
    settled(headers_put.apply(&outbox, &args).unwrap())
        .await
        .unwrap();
    assert_eq!(flushed(&outbox).await, Some(0.0));
    let seen_as = |what: &str| {
        let path = case(what);
        async move {
            let record = seen_requests(&path, "PUT").await;
            let found = record.first().unwrap_or_else(|| panic!("no PUT of {path}"));
            let headers = get(found, "headers");
            (
                string(found, "body"),
                get(&headers, "content-type")
                    .as_string()
                    .unwrap_or_default(),
            )
        }
    };
    assert_eq!(
        seen_as("blob").await,
        ("blob body".into(), "text/x-blob".into())
    );
    assert_eq!(seen_as("bytes").await.0, "hi");
    assert_eq!(
        seen_as("json").await,
        ("{\"n\":1}".into(), "application/json".into())
    );
    assert_eq!(
        seen_as("form").await,
        (
            "a=1&b=two+words".into(),
            "application/x-www-form-urlencoded".into()
        )
    );
    assert_eq!(
        seen_as("params").await,
        (
            "x=1&y=2".into(),
            "application/x-www-form-urlencoded;charset=UTF-8".into()
        )
    );
    let sent = seen_requests(&case("headers"), "PUT").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(num(&sent[0], "status"), 201.0);
    let headers = get(&sent[0], "headers");
    assert_eq!(string(&headers, "x-note"), "kept");
    assert_eq!(string(&headers, "if-none-match"), "*");
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn bodies_and_options_an_entry_cannot_keep_are_refused() {
    let outbox = open(JsValue::NULL).await;
    let url = at(&fresh_resource("outbox-refused"));
    let form_data = js_eval("const f = new FormData(); f.append('a', '1'); return f;");
    let err = enqueue(&outbox, url.clone(), form_data, JsValue::NULL)
        .await
        .unwrap_err();
    assert_error(
        &err,
        "InvalidInputError",
        &["FormData body cannot be stored", "URLSearchParams"],
    );
    let stream = js_eval("return new ReadableStream({ start(c) { c.close(); } });");
    let err = enqueue(&outbox, url.clone(), stream, JsValue::NULL)
        .await
        .unwrap_err();
    assert_error(
        &err,
        "InvalidInputError",
        &["ReadableStream body cannot be stored", "Blob"],
    );
    let deciding = obj(&[("shouldRetry", function("() => true"))]);
    let err = enqueue(
        &outbox,
        url.clone(),
        "x".into(),
        obj(&[("retry", deciding)]),
    )
    .await
    .unwrap_err();
    assert_error(
        &err,
        "InvalidInputError",
        &["Option retry is not taken", "shouldRetry is a function"],
    );
    for (option, says) in [
        (
            "supersede",
            "a new entry with the key of a pending one replaces it",
        ),
        ("signal", "a signal cannot be stored"),
    ] {
        let value = if option == "signal" {
            js_eval("return new AbortController().signal;")
        } else {
            JsValue::TRUE
        };
        let err = enqueue(&outbox, url.clone(), "x".into(), obj(&[(option, value)]))
            .await
            .unwrap_err();
        assert_error(
            &err,
            "InvalidInputError",
            &[&format!("Option {option} is not taken"), says],
        );
    }
    let err = enqueue(&outbox, url.clone(), "x".into(), obj(&[("key", 5.into())]))
        .await
        .unwrap_err();
    assert_error(&err, "InvalidInputError", &["Option key must be a string"]);
    assert_eq!(stringify(&method(&outbox, "pending").await), "[]");
    call(&outbox, "close").unwrap();
    let err = enqueue(&outbox, url, "x".into(), JsValue::NULL)
        .await
        .unwrap_err();
    assert_error(&err, "InvalidInputError", &["The outbox is closed"]);
}

#[wasm_bindgen_test]
async fn outbox_options_are_checked() {
    let open_with = |name: JsValue, options: JsValue| async move {
        settled(wasm_put::js::outbox(name, options).into())
            .await
            .unwrap_err()
    };
    let err = open_with("x".into(), obj(&[("onsent", function("() => {}"))])).await;
    assert_error(
        &err,
        "InvalidInputError",
        &["Unknown option \"onsent\" of outbox()", "onSent"],
    );
    let err = open_with("x".into(), obj(&[("maxAgeMs", (-1).into())])).await;
    assert_error(&err, "InvalidInputError", &["Option maxAgeMs must be"]);
    let err = open_with("x".into(), obj(&[("onSent", "no".into())])).await;
    assert_error(
        &err,
        "InvalidInputError",
        &["Option onSent must be a function"],
    );
    let err = open_with(JsValue::NULL, JsValue::NULL).await;
    assert_error(&err, "InvalidInputError", &["outbox() needs a name string"]);
}

#[wasm_bindgen_test]
async fn on_change_counts_and_clear_removes_every_entry() {
    let (changes, on_change) = recorder();
    let outbox = open(obj(&[("onChange", on_change)])).await;
    let key = fresh_key("outbox-clear");
    let url = at(&format!("/flaky/{key}?fails=100"));
    enqueue(&outbox, url.clone(), "a".into(), JsValue::NULL)
        .await
        .unwrap();
    enqueue(&outbox, url, "b".into(), JsValue::NULL)
        .await
        .unwrap();
    assert_eq!(Array::from(&method(&outbox, "pending").await).length(), 2);
    method(&outbox, "clear").await;
    assert_eq!(stringify(&method(&outbox, "pending").await), "[]");
    let counts: Vec<f64> = changes.iter().map(|c| num(&c, "pending")).collect();
    assert_eq!(counts.first(), Some(&1.0), "{counts:?}");
    assert_eq!(counts.last(), Some(&0.0), "{counts:?}");
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn the_rust_outbox_enqueues_and_delivers_with_its_callbacks() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let sent = Rc::new(RefCell::new(Vec::new()));
    let record = sent.clone();
    let outbox = wasm_put::Outbox::open(fresh_key("outbox-rust"))
        .on_sent(move |s| record.borrow_mut().push((s.key, s.response.status())))
        .max_backoff(std::time::Duration::from_secs(5))
        .await
        .unwrap();
    let path = fresh_resource("outbox-rust");
    let url = format!("{}{path}", server());
    let hold = hold_url().as_string().unwrap();
    outbox.put(hold).enqueue().await.unwrap();
    let first = outbox
        .put(url.as_str())
        .body("v1")
        .key("doc")
        .enqueue()
        .await
        .unwrap();
    let second = outbox
        .put(url.as_str())
        .json(&[1, 2])
        .key("doc")
        .enqueue()
        .await
        .unwrap();
    assert!(second.id > first.id);
    assert_eq!(second.key.as_deref(), Some("doc"));
    let pending = outbox.pending().await.unwrap();
    assert_eq!(pending.len(), 2);
    assert_eq!(pending[1].key.as_deref(), Some("doc"));
    assert_eq!(outbox.flush().await.unwrap(), 0);
    assert!(outbox.pending().await.unwrap().is_empty());
    assert_eq!(put_bodies(&path).await, ["[1,2]"]);
    assert_eq!(sent.borrow().len(), 2, "the hold and the last doc");
    assert_eq!(sent.borrow()[1], (Some("doc".to_string()), 201));
    let err = wasm_put::put(url.as_str()).enqueue().await.unwrap_err();
    assert_eq!(err.kind(), wasm_put::ErrorKind::InvalidInput);
    let deciding = wasm_put::Retry::from(2).should_retry(|_| async { Ok(true) });
    let err = outbox
        .put(url.as_str())
        .retry(deciding)
        .enqueue()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("retry(…) is not taken"), "{err}");
    assert!(
        err.to_string().contains("shouldRetry is a function"),
        "{err}"
    );
    let err = wasm_put::Outbox::open("x")
        .max_age(std::time::Duration::ZERO)
        .await
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "max_age(…) must be a Duration above zero: outbox \"x\""
    );
    outbox.close();
}

#[wasm_bindgen_test]
async fn wasm_memory_stays_flat_over_a_thousand_entries() {
    let outbox = open(JsValue::NULL).await;
    let path = fresh_resource("outbox-memory");
    let round = |n: usize| {
        let (outbox, path) = (outbox.clone(), path.clone());
        async move {
            for i in 0..n {
                let text = format!("entry {i}");
                enqueue(
                    &outbox,
                    at(&path),
                    text.into(),
                    obj(&[("key", (i % 50).to_string().into())]),
                )
                .await
                .unwrap();
            }
            flush_all(&outbox).await;
        }
    };
    round(100).await;
    collect_garbage().await;
    let before = wasm_memory_bytes();
    round(1_000).await;
    collect_garbage().await;
    let grown = wasm_memory_bytes() - before;
    assert!(
        grown <= 128.0 * 1024.0,
        "wasm memory grew by {grown} bytes over 1,000 entries"
    );
    call(&outbox, "close").unwrap();
}

/// Waits `ms`.
async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        js_eval("return (f, ms) => setTimeout(f, ms);")
            .unchecked_into::<js_sys::Function>()
            .call2(&JsValue::NULL, &resolve, &ms.into())
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until a request to `path` is in flight at the dev server.
async fn in_flight(path: &str) {
    for _ in 0..100 {
        if num(&seen(path).await, "inFlight") > 0.0 {
            return;
        }
        sleep(20).await;
    }
    panic!("no request to {path} reached the server");
}

/// Waits until the outbox's head entry has been tried `attempts` times.
async fn head_tried(outbox: &JsValue, attempts: f64) -> JsValue {
    for _ in 0..200 {
        let pending = Array::from(&method(outbox, "pending").await);
        if pending.length() > 0 && num(&pending.get(0), "attempts") == attempts {
            return pending.get(0);
        }
        sleep(50).await;
    }
    panic!("the head entry was not tried {attempts} times");
}

#[wasm_bindgen_test]
async fn retry_and_total_timeout_are_stored_and_run_within_one_delivery() {
    let (sent, on_sent) = recorder();
    let outbox = open(obj(&[("onSent", on_sent)])).await;
    let key = fresh_key("outbox-retry");
    let url = at(&format!("/flaky/{key}?fails=1"));
    let options = obj(&[
        (
            "retry",
            obj(&[("limit", 1.into()), ("backoffMs", 10.into())]),
        ),
        ("totalTimeout", 10_000.into()),
        ("throwHttpErrors", true.into()),
    ]);
    enqueue(&outbox, url, "x".into(), options).await.unwrap();
    flush_all(&outbox).await;
    assert_eq!(sent.length(), 1);
    let response = get(&sent.get(0), "response");
    assert_eq!(num(&response, "status"), 200.0);
    let attempt = string(&get(&response, "headers"), "x-attempt");
    assert_eq!(attempt, "2", "retried once inside the delivery");
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn a_replacing_entry_keeps_the_wait_the_server_asked_for() {
    let outbox = open(JsValue::NULL).await;
    let key = fresh_key("outbox-keep-wait");
    let path = format!("/flaky/{key}");
    let url = at(&format!("{path}?fails=1&status=429&retryAfter=30"));
    let keyed = obj(&[("key", "doc".into())]);
    enqueue(&outbox, url.clone(), "first".into(), keyed.clone())
        .await
        .unwrap();
    head_tried(&outbox, 1.0).await;
    enqueue(&outbox, url, "second".into(), keyed).await.unwrap();
    let pending = Array::from(&method(&outbox, "pending").await);
    assert_eq!(pending.length(), 1);
    assert_eq!(
        num(&pending.get(0), "attempts"),
        1.0,
        "the tries carry over"
    );
    sleep(500).await;
    assert_eq!(
        put_bodies(&path).await,
        ["first"],
        "sent again before Retry-After"
    );
    flush_all(&outbox).await;
    assert_eq!(put_bodies(&path).await, ["first", "second"]);
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn an_entry_replaced_while_in_flight_is_neither_written_back_nor_reported() {
    let (sent, on_sent) = recorder();
    let outbox = open(obj(&[("onSent", on_sent)])).await;
    let path = fresh_resource("outbox-in-flight");
    let keyed = obj(&[("key", "doc".into())]);
    let slow = at(&format!("{path}?delay=800"));
    enqueue(&outbox, slow, "first".into(), keyed.clone())
        .await
        .unwrap();
    // The first entry is on its way (the server answers it after 800 ms).
    in_flight(&path).await;
    let second = enqueue(&outbox, at(&path), "second".into(), keyed)
        .await
        .unwrap();
    flush_all(&outbox).await;
    assert_eq!(put_bodies(&path).await, ["first", "second"]);
    assert_eq!(
        sent.length(),
        1,
        "only the entry still the app's is reported"
    );
    assert_eq!(num(&sent.get(0), "id"), num(&second, "id"));
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn close_during_a_delivery_records_its_outcome_first() {
    let name = fresh_key("outbox-close");
    let opened = || async {
        settled(wasm_put::js::outbox(name.clone().into(), JsValue::NULL).into())
            .await
            .unwrap()
    };
    let outbox = opened().await;
    let path = fresh_resource("outbox-close");
    enqueue(
        &outbox,
        at(&format!("{path}?delay=600")),
        "once".into(),
        JsValue::NULL,
    )
    .await
    .unwrap();
    in_flight(&path).await;
    call(&outbox, "close").unwrap();
    let err = settled(call(&outbox, "flush").unwrap()).await.unwrap_err();
    assert_error(&err, "InvalidInputError", &["The outbox is closed"]);
    sleep(1_200).await;
    let again = opened().await;
    assert_eq!(stringify(&method(&again, "pending").await), "[]");
    flush_all(&again).await;
    assert_eq!(
        put_bodies(&path).await,
        ["once"],
        "delivered once, not again on reopening"
    );
    call(&again, "close").unwrap();
}

/// Waits until `list` holds `n` items (or fails after `ms`).
async fn grown_to(list: &Array, n: u32, ms: i32, what: &str) {
    for _ in 0..ms / 50 {
        if list.length() >= n {
            return;
        }
        sleep(50).await;
    }
    panic!("{what}: {} of {n} after {ms} ms", list.length());
}

/// The ids and keys of recorded `onSent` or `onFailed` events, in the order they came.
fn ids_and_keys(list: &Array) -> Vec<(f64, Option<String>)> {
    list.iter()
        .map(|e| (num(&e, "id"), get(&e, "key").as_string()))
        .collect()
}

#[wasm_bindgen_test]
async fn entries_go_one_at_a_time_each_after_the_one_before_was_answered() {
    let outbox = open(JsValue::NULL).await;
    let path = fresh_resource("outbox-one-at-a-time");
    let slow = at(&format!("{path}?delay=150"));
    for text in ["a", "b", "c", "d"] {
        enqueue(&outbox, slow.clone(), text.into(), JsValue::NULL)
            .await
            .unwrap();
    }
    assert_eq!(flushed(&outbox).await, Some(0.0));
    let record = seen(&path).await;
    assert_eq!(num(&record, "maxInFlight"), 1.0, "{}", stringify(&record));
    assert_eq!(put_bodies(&path).await, ["a", "b", "c", "d"]);
    let tries = seen_requests(&path, "PUT").await;
    for pair in tries.windows(2) {
        let (ended, next) = (num(&pair[0], "endedMs"), num(&pair[1], "arrivedMs"));
        assert!(
            next >= ended,
            "one arrived at {next} ms, the one before ended at {ended} ms"
        );
    }
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn a_failing_head_holds_back_the_entries_behind_it_until_it_goes() {
    let (sent, on_sent) = recorder();
    let outbox = open(obj(&[("onSent", on_sent)])).await;
    let key = fresh_key("outbox-failing-head");
    let head = format!("/flaky/{key}");
    // Three 503s asking for an hour: only flush() tries it again within the test.
    let failing = at(&format!("{head}?fails=3&status=503&retryAfter=3600"));
    enqueue(&outbox, failing, "head".into(), JsValue::NULL)
        .await
        .unwrap();
    head_tried(&outbox, 1.0).await;
    let behind = fresh_resource("outbox-behind-head");
    enqueue(&outbox, at(&behind), "behind".into(), JsValue::NULL)
        .await
        .unwrap();
    for tries in [2.0, 3.0] {
        assert_eq!(flushed(&outbox).await, Some(2.0));
        let entry = head_tried(&outbox, tries).await;
        assert!(
            string(&entry, "lastError").starts_with("503"),
            "{}",
            stringify(&entry)
        );
        assert_eq!(
            seen_requests(&behind, "PUT").await.len(),
            0,
            "sent while the head was failing"
        );
    }
    assert_eq!(seen_requests(&head, "PUT").await.len(), 3);
    assert_eq!(flushed(&outbox).await, Some(0.0));
    let heads = seen_requests(&head, "PUT").await;
    assert_eq!(heads.len(), 4);
    assert_eq!(num(&heads[3], "status"), 200.0);
    let after = seen_requests(&behind, "PUT").await;
    assert_eq!(after.len(), 1);
    let (ended, next) = (num(&heads[3], "endedMs"), num(&after[0], "arrivedMs"));
    assert!(
        next >= ended,
        "the entry behind went at {next} ms, the head's answer ended at {ended} ms"
    );
    let urls: Vec<String> = sent
        .iter()
        .map(|e| string(&get(&e, "response"), "url"))
        .collect();
    assert_eq!(urls.len(), 2, "{urls:?}");
    assert!(
        urls[0].contains(&head) && urls[1].ends_with(&behind),
        "{urls:?}"
    );
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn max_backoff_ms_caps_a_retry_after_of_an_hour() {
    let (sent, on_sent) = recorder();
    let options = obj(&[("onSent", on_sent), ("maxBackoffMs", 300.into())]);
    let outbox = open(options).await;
    let key = fresh_key("outbox-capped");
    let path = format!("/flaky/{key}");
    let url = at(&format!("{path}?fails=2&status=503&retryAfter=3600"));
    enqueue(&outbox, url, "capped".into(), JsValue::NULL)
        .await
        .unwrap();
    let behind = fresh_resource("outbox-capped-behind");
    enqueue(&outbox, at(&behind), "behind".into(), JsValue::NULL)
        .await
        .unwrap();
    // No flush(): the outbox's own timer tries the head again, after maxBackoffMs
    // rather than the hour the server asked for.
    grown_to(&sent, 2, 10_000, "entries sent by the outbox's timer").await;
    let tries = seen_requests(&path, "PUT").await;
    assert_eq!(tries.len(), 3);
    for pair in tries.windows(2) {
        let waited = num(&pair[1], "arrivedMs") - num(&pair[0], "arrivedMs");
        assert!(
            (250.0..3_000.0).contains(&waited),
            "tried again after {waited} ms with maxBackoffMs 300"
        );
    }
    assert_eq!(put_bodies(&behind).await, ["behind"]);
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn flush_resolves_with_the_number_still_pending_when_the_head_cannot_go() {
    let outbox = open(JsValue::NULL).await;
    let key = fresh_key("outbox-flush-count");
    let head = format!("/flaky/{key}");
    let failing = at(&format!("{head}?fails=2&status=503&retryAfter=3600"));
    enqueue(&outbox, failing, "head".into(), JsValue::NULL)
        .await
        .unwrap();
    let (second, third) = (
        fresh_resource("outbox-flush-2"),
        fresh_resource("outbox-flush-3"),
    );
    enqueue(&outbox, at(&second), "2".into(), JsValue::NULL)
        .await
        .unwrap();
    enqueue(&outbox, at(&third), "3".into(), JsValue::NULL)
        .await
        .unwrap();
    head_tried(&outbox, 1.0).await;
    assert_eq!(flushed(&outbox).await, Some(3.0), "the head failed again");
    let pending = Array::from(&method(&outbox, "pending").await);
    assert_eq!(pending.length(), 3);
    assert_eq!(num(&pending.get(0), "attempts"), 2.0);
    assert_eq!(
        flushed(&outbox).await,
        Some(0.0),
        "the head went, and the rest"
    );
    assert_eq!(stringify(&method(&outbox, "pending").await), "[]");
    assert_eq!(put_bodies(&second).await, ["2"]);
    assert_eq!(put_bodies(&third).await, ["3"]);
    assert_eq!(flushed(&outbox).await, Some(0.0), "nothing left");
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn on_sent_and_on_failed_fire_once_per_entry_with_its_id_and_key() {
    let (sent, on_sent) = recorder();
    let (failed, on_failed) = recorder();
    let outbox = open(obj(&[("onSent", on_sent), ("onFailed", on_failed)])).await;
    let taken = fresh_resource("outbox-callbacks-taken");
    put(at(&taken), JsValue::NULL, "exists".into())
        .await
        .unwrap();
    let keyed = |key: &str| obj(&[("key", key.into())]);
    let retried = at(&format!(
        "/flaky/{}?fails=1&status=503&retryAfter=3600",
        fresh_key("outbox-callbacks")
    ));
    let mut expected_sent = Vec::new();
    let mut expected_failed = Vec::new();
    let queued = enqueue(&outbox, retried, "r".into(), keyed("retried"))
        .await
        .unwrap();
    expected_sent.push((num(&queued, "id"), Some("retried".to_string())));
    let url = at(&fresh_resource("outbox-callbacks-a"));
    let queued = enqueue(&outbox, url, "a".into(), keyed("a")).await.unwrap();
    expected_sent.push((num(&queued, "id"), Some("a".to_string())));
    let conflict = obj(&[("createOnly", true.into()), ("key", "conflict".into())]);
    let queued = enqueue(&outbox, at(&taken), "mine".into(), conflict)
        .await
        .unwrap();
    expected_failed.push((num(&queued, "id"), Some("conflict".to_string())));
    let url = at(&fresh_resource("outbox-callbacks-plain"));
    let queued = enqueue(&outbox, url, "plain".into(), JsValue::NULL)
        .await
        .unwrap();
    expected_sent.push((num(&queued, "id"), None));
    flush_all(&outbox).await;
    // Anything reported twice would come in meanwhile.
    sleep(300).await;
    assert_eq!(ids_and_keys(&sent), expected_sent);
    assert_eq!(ids_and_keys(&failed), expected_failed);
    assert_eq!(num(&get(&failed.get(0), "response"), "status"), 412.0);
    let statuses: Vec<f64> = sent
        .iter()
        .map(|e| num(&get(&e, "response"), "status"))
        .collect();
    assert_eq!(statuses, [200.0, 201.0, 201.0]);
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn a_timed_out_delivery_stays_at_the_head_and_is_tried_until_it_goes() {
    let (sent, on_sent) = recorder();
    let (failed, on_failed) = recorder();
    let outbox = open(obj(&[("onSent", on_sent), ("onFailed", on_failed)])).await;
    let key = fresh_key("outbox-timeout");
    let path = format!("/flaky/{key}");
    // The first three tries are answered after 2 s; the entry gives each 200 ms.
    let url = at(&format!("{path}?fails=3&delay=2000"));
    let options = obj(&[("timeout", 200.into()), ("key", "slow".into())]);
    enqueue(&outbox, url, "late".into(), options).await.unwrap();
    let entry = head_tried(&outbox, 1.0).await;
    assert!(
        string(&entry, "lastError").contains("timed out after 200 ms"),
        "{}",
        stringify(&entry)
    );
    // The outbox's own timer may have made the second try meanwhile; either way this
    // flush's try times out too.
    assert_eq!(flushed(&outbox).await, Some(1.0), "timed out again");
    let pending = Array::from(&method(&outbox, "pending").await);
    assert_eq!(pending.length(), 1);
    let entry = pending.get(0);
    assert!(num(&entry, "attempts") >= 2.0, "{}", stringify(&entry));
    assert!(
        string(&entry, "lastError").contains("timed out after 200 ms"),
        "{}",
        stringify(&entry)
    );
    assert_eq!(failed.length(), 0, "a timeout is not an answer");
    flush_all(&outbox).await;
    assert_eq!(sent.length(), 1);
    assert_eq!(string(&sent.get(0), "key"), "slow");
    assert_eq!(failed.length(), 0);
    let tries = seen_requests(&path, "PUT").await;
    assert_eq!(tries.len(), 4);
    assert!(
        get(&tries[0], "status").is_null(),
        "the client gave up on it"
    );
    assert_eq!(num(&tries[3], "status"), 200.0);
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn a_408_answer_stays_at_the_head_and_is_tried_until_it_goes() {
    let (sent, on_sent) = recorder();
    let (failed, on_failed) = recorder();
    let outbox = open(obj(&[("onSent", on_sent), ("onFailed", on_failed)])).await;
    let key = fresh_key("outbox-408");
    let path = format!("/flaky/{key}");
    // A browser may itself send a request answered 408 on a reused connection again,
    // up to twice: three 408s make sure the first delivery ends with one.
    let url = at(&format!("{path}?fails=3&status=408&retryAfter=3600"));
    enqueue(&outbox, url, "again".into(), obj(&[("key", "408".into())]))
        .await
        .unwrap();
    let entry = head_tried(&outbox, 1.0).await;
    assert!(
        string(&entry, "lastError").starts_with("408"),
        "{}",
        stringify(&entry)
    );
    assert_eq!(failed.length(), 0, "a 408 is tried again, not failed");
    flush_all(&outbox).await;
    assert_eq!(sent.length(), 1);
    assert_eq!(string(&sent.get(0), "key"), "408");
    assert_eq!(num(&get(&sent.get(0), "response"), "status"), 200.0);
    assert_eq!(failed.length(), 0);
    let tries = seen_requests(&path, "PUT").await;
    assert_eq!(tries.len(), 4, "three 408s, then the 200");
    assert_eq!(num(&tries[3], "status"), 200.0);
    call(&outbox, "close").unwrap();
}

#[wasm_bindgen_test]
async fn another_tab_deleting_the_database_closes_the_rust_outbox_and_tells_on_closed() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let closed = Rc::new(RefCell::new(Vec::new()));
    let record = closed.clone();
    let name = fresh_key("outbox-deleted");
    let outbox = wasm_put::Outbox::open(name.as_str())
        .on_closed(move |pending| record.borrow_mut().push(pending))
        .await
        .unwrap();
    // What another tab does: delete the database. The outbox closes its connection on
    // `versionchange`, so the deletion is not blocked.
    let deletion = js_eval(
        "return (name) => new Promise((resolve) => {
            const request = indexedDB.deleteDatabase('wasm-put-outbox:' + name);
            request.onblocked = () => resolve('blocked');
            request.onsuccess = () => resolve('deleted');
            request.onerror = () => resolve('failed');
        });",
    )
    .unchecked_into::<js_sys::Function>()
    .call1(&JsValue::NULL, &name.as_str().into())
    .unwrap();
    let outcome = within(10_000, "the deletion", settled(deletion)).await;
    assert_eq!(outcome.unwrap().as_string().as_deref(), Some("deleted"));
    assert_eq!(
        *closed.borrow(),
        [0],
        "on_closed once, with the count known here"
    );
    let err = outbox
        .put(format!("{}/echo", server()))
        .enqueue()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), wasm_put::ErrorKind::Storage);
    assert_eq!(err.kind().name(), "StorageError");
    assert!(
        err.to_string().starts_with(
            "Another tab deleted or upgraded the outbox's database, so this outbox closed; open it again"
        ),
        "{err}"
    );
    assert_eq!(
        outbox.pending().await.unwrap_err().kind(),
        wasm_put::ErrorKind::Storage
    );
    // Opened again, it works.
    let again = wasm_put::Outbox::open(name.as_str()).await.unwrap();
    assert!(again.pending().await.unwrap().is_empty());
    again.close();
}
