//! A client configured once: the JS `create()` (base URL, default headers and options,
//! `extend`, bearer tokens with one shared refresh, hooks) and the Rust `Client`, and
//! the retry controls they bring to every call (`shouldRetry`, `totalTimeout`).
//!
//! Runs in Node (default) and in headless Chromium's page and workers.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_put::js::{create, Client as JsClient};

/// `create(defaults)`, which must succeed.
fn client(defaults: &[(&str, JsValue)]) -> JsClient {
    create(obj(defaults)).expect("create() takes these defaults")
}

/// `client.put(url, headers, data, options)` and wait for it.
async fn put_on(
    client: &JsClient,
    url: &str,
    headers: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    JsFuture::from(client.put(url.into(), headers, "body".into(), options)).await
}

/// The headers `/echo` saw, as an object with lower-case names.
fn echoed_headers(res: &JsValue) -> JsValue {
    get(&json(res), "headers")
}

/// A JS function made from source (`(a, b) => …`).
fn function(source: &str) -> Function {
    js_eval(&format!("return {source};")).unchecked_into()
}

/// The dev server's own URL of `path`, as a string.
fn url(path: &str) -> String {
    format!("{}{}", server(), path)
}

/// What the JS factory `source` (`(arg) => …`) makes of `arg`: a function that closes
/// over a log, a store or a value.
fn made(source: &str, arg: &JsValue) -> JsValue {
    function(source).call1(&JsValue::NULL, arg).unwrap()
}

/// The strings of a JS array (a log the hooks wrote).
fn strings(list: &Array) -> Vec<String> {
    list.iter().map(|v| v.as_string().unwrap()).collect()
}

/// A bearer whose token is always `token` and whose refresh changes nothing.
fn fixed_bearer(token: &str) -> JsValue {
    made(
        "(token) => ({ token: () => token, refresh: async () => {} })",
        &token.into(),
    )
}

/// `n` calls of `client.put(url, null, 'x')` started at once, before any is awaited.
fn started_at_once(client: &JsClient, url: &str, n: usize) -> Vec<Promise> {
    (0..n)
        .map(|_| client.put(url.into(), JsValue::NULL, "x".into(), JsValue::UNDEFINED))
        .collect()
}

/// The `Authorization` header of each request the dev server saw (requests from
/// [`seen_requests`]), in arrival order.
fn authorizations(sent: &[JsValue]) -> Vec<String> {
    sent.iter()
        .map(|r| string(&get(r, "headers"), "authorization"))
        .collect()
}

/// `retry` of `limit` retries with a 1 ms backoff.
fn quick_retry(limit: u32) -> JsValue {
    obj(&[("limit", limit.into()), ("backoffMs", 1.into())])
}

#[wasm_bindgen_test]
async fn urls_resolve_against_the_base_url_as_new_url_does() {
    let api = client(&[("baseUrl", url("/resources/base/").into())]);
    let res = put_on(&api, "notes-1", JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(string(&res, "url"), url("/resources/base/notes-1"));
    let res = put_on(&api, "/echo?at=root", JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(string(&res, "url"), url("/echo?at=root"));
    let elsewhere = url("/echo?absolute=1");
    let res = put_on(&api, &elsewhere, JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(string(&res, "url"), elsewhere);
    // A URL object is a base too.
    let base = web_sys::Url::new(&url("/resources/as-url/")).unwrap();
    let api = client(&[("baseUrl", base.into())]);
    let res = put_on(&api, "n", JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(string(&res, "url"), url("/resources/as-url/n"));
}

#[wasm_bindgen_test]
async fn a_relative_base_url_resolves_against_the_page_or_is_refused_without_one() {
    let made = create(obj(&[("baseUrl", "/resources/relative/".into())]));
    if !has_location() {
        // Node: nothing to resolve it against.
        let err = made.err().expect("refused");
        assert_error(&err, "InvalidInputError", &["baseUrl", "create()"]);
        return;
    }
    let api = made.unwrap();
    let res = put_on(&api, "n", JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    let location = string(&get(&js_sys::global(), "location"), "href");
    let expected = web_sys::Url::new_with_base("/resources/relative/n", &location).unwrap();
    assert_eq!(string(&res, "url"), expected.href());
}

#[wasm_bindgen_test]
async fn default_headers_merge_by_name_the_calls_winning_and_undefined_removing() {
    let api = client(&[
        ("baseUrl", url("/").into()),
        (
            "headers",
            obj(&[
                ("X-App", "notes".into()),
                ("X-Drop", "a".into()),
                ("X-Keep", "k".into()),
            ]),
        ),
    ]);
    let call_headers = obj(&[("x-app", "call".into()), ("X-DROP", JsValue::UNDEFINED)]);
    let res = put_on(&api, "echo", call_headers, JsValue::UNDEFINED)
        .await
        .unwrap();
    let seen = echoed_headers(&res);
    assert_eq!(string(&seen, "x-app"), "call");
    assert_eq!(string(&seen, "x-keep"), "k");
    assert!(get(&seen, "x-drop").is_undefined());
    // The free put() still refuses an undefined header value.
    let err = put(
        at("/echo"),
        obj(&[("X-Drop", JsValue::UNDEFINED)]),
        JsValue::NULL,
    )
    .await
    .unwrap_err();
    assert_error(&err, "InvalidInputError", &["X-Drop"]);
}

#[wasm_bindgen_test]
async fn other_defaults_yield_to_the_calls_and_params_concatenate() {
    let api = client(&[
        ("baseUrl", url("/").into()),
        ("params", obj(&[("a", "1".into())])),
        ("throwHttpErrors", true.into()),
    ]);
    let options = obj(&[("params", obj(&[("b", "2".into())]))]);
    let res = put_on(&api, "echo?q=0", JsValue::NULL, options)
        .await
        .unwrap();
    assert_eq!(string(&json(&res), "query"), "q=0&a=1&b=2");
    let err = put_on(&api, "status/404", JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&err, "HttpError", &["404"]);
    let off = obj(&[("throwHttpErrors", false.into())]);
    let res = put_on(&api, "status/404", JsValue::NULL, off)
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 404.0);
}

#[wasm_bindgen_test]
async fn extend_merges_over_its_parent_and_leaves_it_unchanged() {
    let parent = client(&[
        ("baseUrl", url("/").into()),
        ("headers", obj(&[("X-A", "a".into())])),
    ]);
    let child = parent
        .extend(obj(&[(
            "headers",
            obj(&[("X-B", "b".into()), ("x-a", "child".into())]),
        )]))
        .unwrap();
    let res = put_on(&child, "echo", JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    let seen = echoed_headers(&res);
    assert_eq!(string(&seen, "x-a"), "child");
    assert_eq!(string(&seen, "x-b"), "b");
    let res = put_on(&parent, "echo", JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    let seen = echoed_headers(&res);
    assert_eq!(string(&seen, "x-a"), "a");
    assert!(get(&seen, "x-b").is_undefined());
    let err = parent.extend(obj(&[("timout", 5.into())])).err().unwrap();
    assert_error(
        &err,
        "InvalidInputError",
        &["Unknown option \"timout\"", "extend()"],
    );
}

#[wasm_bindgen_test]
async fn before_request_runs_on_every_attempt_in_order_and_extended_hooks_run_after() {
    let log = Array::new();
    let first = made("(log) => (req, { attempt }) => { log.push('first ' + attempt + ' ' + req.method); req.headers.set('X-Hooked', String(attempt)); }", &log);
    let second = made("(log) => async (req, { attempt }) => { await null; log.push('second ' + attempt + ' ' + req.headers.get('x-hooked')); }", &log);
    let key = fresh_key("hooks");
    let api = client(&[
        ("baseUrl", url("/").into()),
        ("retry", quick_retry(2)),
        ("hooks", obj(&[("beforeRequest", arr(&[first]))])),
    ]);
    let api = api
        .extend(obj(&[("hooks", obj(&[("beforeRequest", arr(&[second]))]))]))
        .unwrap();
    let res = put_on(
        &api,
        &format!("flaky/{key}"),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    let logged: Vec<String> = strings(&log);
    assert_eq!(
        logged,
        [
            "first 0 PUT",
            "second 0 0",
            "first 1 PUT",
            "second 1 1",
            "first 2 PUT",
            "second 2 2"
        ]
    );
    let sent = seen_requests(&format!("/flaky/{key}"), "PUT").await;
    let hooked: Vec<String> = sent
        .iter()
        .map(|r| string(&get(r, "headers"), "x-hooked"))
        .collect();
    assert_eq!(hooked, ["0", "1", "2"]);
}

#[wasm_bindgen_test]
async fn a_throwing_hook_ends_the_call_with_its_own_error_and_sends_nothing_more() {
    let path = fresh_resource("hook-throws");
    let thrown = function(
        "() => { const e = new RangeError('no trace id'); globalThis.__hookError = e; throw e; }",
    );
    let api = client(&[("hooks", obj(&[("beforeRequest", arr(&[thrown.into()]))]))]);
    let err = put_on(&api, &url(&path), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(err, get(&js_sys::global(), "__hookError"));
    assert_eq!(seen_requests(&path, "PUT").await.len(), 0);
    let rejects = function("async () => { throw new TypeError('after'); }");
    let api = client(&[("hooks", obj(&[("afterResponse", arr(&[rejects.into()]))]))]);
    let err = put_on(&api, &url(&path), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&err, "TypeError", &["after"]);
}

#[wasm_bindgen_test]
async fn after_response_sees_the_final_answer_and_may_replace_it() {
    let replacement = put(at("/status/202"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    let log = Array::new();
    let watch = made("(log) => (req, res, { attempt }) => { log.push(req.method + ' ' + res.status + ' ' + attempt); }", &log);
    let replace = made("(other) => () => other", &replacement);
    let key = fresh_key("after");
    let api = client(&[
        ("baseUrl", url("/").into()),
        ("retry", quick_retry(2)),
        ("hooks", obj(&[("afterResponse", arr(&[watch, replace]))])),
    ]);
    let res = put_on(
        &api,
        &format!("flaky/{key}"),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    assert_eq!(res, replacement);
    assert_eq!(num(&res, "status"), 202.0);
    let logged: Vec<String> = strings(&log);
    assert_eq!(logged, ["PUT 200 2"]);
    // A hook that returns something else is refused.
    let wrong = function("() => ({ status: 200 })");
    let api = client(&[("hooks", obj(&[("afterResponse", arr(&[wrong.into()]))]))]);
    let err = put_on(&api, &url("/echo"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(
        &err,
        "InvalidInputError",
        &["hooks.afterResponse must return a PutResponse or nothing"],
    );
}

#[wasm_bindgen_test]
async fn a_response_an_after_response_hook_returns_is_what_the_next_hook_and_the_caller_get() {
    let replacement = put(at("/status/202"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    let store = obj(&[
        ("replacement", replacement.clone()),
        ("log", Array::new().into()),
    ]);
    let replace = made(
        "(store) => (req, res) => { store.log.push('first ' + res.status); return store.replacement; }",
        &store,
    );
    let watch = made(
        "(store) => (req, res) => { store.log.push('second ' + res.status + ' ' + Object.is(res, store.replacement)); }",
        &store,
    );
    let api = client(&[("hooks", obj(&[("afterResponse", arr(&[replace, watch]))]))]);
    let res = put_on(&api, &url("/echo"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert!(
        js_sys::Object::is(&res, &replacement),
        "the caller got another response"
    );
    assert_eq!(
        strings(&get(&store, "log").unchecked_into()),
        ["first 200", "second 202 true"]
    );
}

#[wasm_bindgen_test]
async fn after_response_runs_before_throw_http_errors_decides() {
    let replacement = put(at("/echo"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    let store = obj(&[
        ("replacement", replacement.clone()),
        ("log", Array::new().into()),
    ]);
    // A 500 is replaced with a 200; any other answer is left as it is.
    let mend = made(
        "(store) => (req, res) => { store.log.push(res.status); if (res.status === 500) return store.replacement; }",
        &store,
    );
    let api = client(&[
        ("throwHttpErrors", true.into()),
        ("hooks", obj(&[("afterResponse", arr(&[mend]))])),
    ]);
    let res = put_on(&api, &url("/status/500"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert!(
        js_sys::Object::is(&res, &replacement),
        "not the hook's response"
    );
    // The hook sees a 503 it leaves alone, and then the call rejects with it.
    let err = put_on(&api, &url("/status/503"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&err, "HttpError", &["503"]);
    let log: Vec<f64> = get(&store, "log")
        .unchecked_into::<Array>()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(log, [500.0, 503.0]);
}

#[wasm_bindgen_test]
async fn extend_appends_after_response_hooks_after_its_parents() {
    let log = Array::new();
    let hook = |name: &str| {
        made(
            &format!("(log) => (req, res) => {{ log.push('{name} ' + res.status); }}"),
            &log,
        )
    };
    let parent = client(&[(
        "hooks",
        obj(&[("afterResponse", arr(&[hook("parent 1"), hook("parent 2")]))]),
    )]);
    let child = parent
        .extend(obj(&[(
            "hooks",
            obj(&[("afterResponse", arr(&[hook("child")]))]),
        )]))
        .unwrap();
    put_on(&child, &url("/echo"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(strings(&log), ["parent 1 200", "parent 2 200", "child 200"]);
    // The parent keeps its own hooks only.
    put_on(&parent, &url("/echo"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(
        strings(&log),
        [
            "parent 1 200",
            "parent 2 200",
            "child 200",
            "parent 1 200",
            "parent 2 200"
        ]
    );
}

#[wasm_bindgen_test]
async fn a_before_request_that_rejects_ends_the_call_with_its_error_and_nothing_is_sent() {
    let path = fresh_resource("hook-rejects");
    let store = obj(&[("error", JsValue::NULL), ("later", 0.into())]);
    let rejects = made(
        "(store) => async () => {
            await new Promise((done) => setTimeout(done, 10));
            store.error = new TypeError('no session');
            throw store.error;
        }",
        &store,
    );
    let later = made("(store) => () => { store.later += 1; }", &store);
    let api = client(&[("hooks", obj(&[("beforeRequest", arr(&[rejects, later]))]))]);
    let err = put_on(&api, &url(&path), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert!(
        js_sys::Object::is(&err, &get(&store, "error")),
        "not the hook's own error: {err:?}"
    );
    assert_eq!(num(&store, "later"), 0.0, "a hook after it ran");
    assert!(seen_requests(&path, "PUT").await.is_empty());
}

#[wasm_bindgen_test]
async fn a_before_request_that_throws_on_a_retry_sends_nothing_more() {
    let key = fresh_key("hook-throws-on-retry");
    let store = obj(&[("error", JsValue::NULL), ("attempts", Array::new().into())]);
    let hook = made(
        "(store) => (req, { attempt }) => {
            store.attempts.push(attempt);
            if (attempt === 1) { store.error = new RangeError('no retries today'); throw store.error; }
        }",
        &store,
    );
    let api = client(&[
        ("retry", quick_retry(3)),
        ("hooks", obj(&[("beforeRequest", arr(&[hook]))])),
    ]);
    let err = put_on(
        &api,
        &url(&format!("/flaky/{key}?fails=9")),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_err();
    assert!(
        js_sys::Object::is(&err, &get(&store, "error")),
        "not the hook's own error: {err:?}"
    );
    assert_eq!(stringify(&get(&store, "attempts")), "[0,1]");
    assert_eq!(
        seen_requests(&format!("/flaky/{key}"), "PUT").await.len(),
        1,
        "the first attempt only"
    );
}

/// A bearer over a store `{ token, refreshes }` whose refresh fetches a new token from
/// the dev server's `/tokens/{key}`, with the page's own `fetch`.
fn bearer_store(key: &str, start_token: &str) -> (JsValue, JsValue) {
    let store = obj(&[("token", start_token.into()), ("refreshes", 0.into())]);
    let bearer = function(
        "(store, issue) => ({
            token: () => store.token,
            refresh: async () => {
                store.refreshes += 1;
                // Slow enough that every call meets its 401 while it runs.
                await new Promise((done) => setTimeout(done, 50));
                const r = await fetch(issue, { method: 'POST' });
                store.token = (await r.json()).token;
            },
        })",
    )
    .call2(
        &JsValue::NULL,
        &store,
        &url(&format!("/tokens/{key}")).into(),
    )
    .unwrap();
    (store, bearer)
}

#[wasm_bindgen_test]
async fn five_concurrent_401s_make_exactly_one_refresh() {
    let key = fresh_key("bearer");
    let (store, bearer) = bearer_store(&key, "expired");
    let api = client(&[("baseUrl", url("/").into()), ("bearer", bearer)]);
    let calls = started_at_once(&api, &format!("protected/{key}"), 5);
    for call in calls {
        let res = JsFuture::from(call).await.unwrap();
        assert_eq!(num(&res, "status"), 200.0);
        assert_eq!(num(&json(&res), "issued"), 1.0);
    }
    assert_eq!(num(&store, "refreshes"), 1.0);
    // Later calls send the new token at once.
    let res = put_on(
        &api,
        &format!("protected/{key}"),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(num(&store, "refreshes"), 1.0);
    let sent = seen_requests(&format!("/protected/{key}"), "PUT").await;
    assert_eq!(sent.len(), 11);
}

#[wasm_bindgen_test]
async fn a_call_whose_token_was_replaced_meanwhile_is_resent_without_a_refresh() {
    let key = fresh_key("replaced");
    let issued = post_after(&url(&format!("/tokens/{key}")), 0).await;
    let current = string(&issued, "token");
    // The token changes between the first attempt and its 401, as when another call
    // refreshed it meanwhile.
    let store = obj(&[
        ("token", "old".into()),
        ("next", current.as_str().into()),
        ("refreshes", 0.into()),
    ]);
    let bearer = made(
        "(store) => ({
            token: () => { const t = store.token; store.token = store.next; return t; },
            refresh: async () => { store.refreshes += 1; },
        })",
        &store,
    );
    let api = client(&[("bearer", bearer)]);
    let res = put_on(
        &api,
        &url(&format!("/protected/{key}")),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(num(&store, "refreshes"), 0.0);
    // Sent twice, no more: with the token it had, then with the current one.
    let sent = seen_requests(&format!("/protected/{key}"), "PUT").await;
    assert_eq!(
        authorizations(&sent),
        ["Bearer old".to_string(), format!("Bearer {current}")]
    );
}

#[wasm_bindgen_test]
async fn a_failing_refresh_rejects_every_call_waiting_on_it_and_a_second_401_is_the_answer() {
    let key = fresh_key("refresh-fails");
    let waiting = 4;
    // The refresh fails once the server has answered every call's 401 (and a moment
    // more, for the calls to read them), so all of them meet it running; it keeps the
    // Error it throws, for the calls' errors to be compared with. Its promise is marked
    // handled, so that a build that drops it fails this test, not the whole run.
    let store = obj(&[("refreshes", 0.into()), ("error", JsValue::NULL)]);
    let bearer = function(
        "(store, seen, n) => ({
            token: () => 'never-valid',
            refresh: () => {
                store.refreshes += 1;
                const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
                const failing = (async () => {
                    for (let i = 0; i < 1000; i++) {
                        const { requests } = await (await fetch(seen)).json();
                        if (requests.filter((r) => r.method === 'PUT' && r.status === 401).length >= n) break;
                        await sleep(10);
                    }
                    await sleep(50);
                    store.error = new Error('sign in again');
                    throw store.error;
                })();
                failing.catch(() => {});
                return failing;
            },
        })",
    )
    .call3(
        &JsValue::NULL,
        &store,
        &url(&format!("/seen/protected/{key}")).into(),
        &waiting.into(),
    )
    .unwrap();
    let api = client(&[("baseUrl", url("/").into()), ("bearer", bearer)]);
    let calls = started_at_once(&api, &format!("protected/{key}"), waiting);
    // Every call settled before any is checked: none is left to reject unhandled.
    let mut outcomes = Vec::new();
    for call in calls {
        outcomes.push(JsFuture::from(call).await);
    }
    for outcome in outcomes {
        let err = outcome.unwrap_err();
        assert_error(&err, "Error", &["sign in again"]);
        assert!(
            js_sys::Object::is(&err, &get(&store, "error")),
            "not the very Error the refresh threw: {err:?}"
        );
    }
    assert_eq!(num(&store, "refreshes"), 1.0, "one refresh for every call");
    let sent = seen_requests(&format!("/protected/{key}"), "PUT").await;
    let statuses: Vec<f64> = sent.iter().map(|r| num(r, "status")).collect();
    assert_eq!(
        statuses,
        vec![401.0; waiting],
        "one PUT per call, none after the failed refresh"
    );
    // A refresh that succeeds but leaves the token wrong: the call is sent again once,
    // with the new token, and the second 401 is the answer.
    let key = fresh_key("second-401");
    let store = obj(&[("token", "stale".into()), ("refreshes", 0.into())]);
    let bearer = made(
        "(store) => ({
            token: () => store.token,
            refresh: async () => { store.refreshes += 1; store.token = 'also-wrong-' + store.refreshes; },
        })",
        &store,
    );
    let api = client(&[("bearer", bearer)]);
    let res = put_on(
        &api,
        &url(&format!("/protected/{key}")),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 401.0);
    assert_eq!(num(&store, "refreshes"), 1.0);
    let sent = seen_requests(&format!("/protected/{key}"), "PUT").await;
    assert_eq!(
        authorizations(&sent),
        ["Bearer stale", "Bearer also-wrong-1"]
    );
    // The call's own Authorization wins over the bearer.
    let own = obj(&[("Authorization", "Bearer mine".into())]);
    let res = put_on(&api, &url("/echo"), own, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(
        string(&echoed_headers(&res), "authorization"),
        "Bearer mine"
    );
}

#[wasm_bindgen_test]
async fn an_async_token_is_awaited_for_every_attempt_and_for_the_refresh() {
    let key = fresh_key("async-token");
    let store = obj(&[("token", "expired".into()), ("refreshes", 0.into())]);
    // `token()` returns a promise, settled a little later.
    let bearer = function(
        "(store, issue) => ({
            token: () => new Promise((done) => setTimeout(() => done(store.token), 5)),
            refresh: async () => {
                store.refreshes += 1;
                const r = await fetch(issue, { method: 'POST' });
                store.token = (await r.json()).token;
            },
        })",
    )
    .call2(
        &JsValue::NULL,
        &store,
        &url(&format!("/tokens/{key}")).into(),
    )
    .unwrap();
    let api = client(&[("bearer", bearer)]);
    let res = put_on(
        &api,
        &url(&format!("/protected/{key}")),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(num(&json(&res), "issued"), 1.0);
    assert_eq!(num(&store, "refreshes"), 1.0);
    let sent = seen_requests(&format!("/protected/{key}"), "PUT").await;
    assert_eq!(
        authorizations(&sent),
        ["Bearer expired".to_string(), format!("Bearer {key}.1")]
    );
}

#[wasm_bindgen_test]
async fn every_retried_attempt_carries_the_bearer_token_of_its_own_time() {
    let key = fresh_key("bearer-retried");
    // Each call of `token()` gives the next token: t1, t2, …
    let store = obj(&[("asked", 0.into())]);
    let bearer = made(
        "(store) => ({ token: async () => 't' + (store.asked += 1), refresh: async () => {} })",
        &store,
    );
    let api = client(&[("bearer", bearer), ("retry", quick_retry(2))]);
    let res = put_on(
        &api,
        &url(&format!("/flaky/{key}")),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    let sent = seen_requests(&format!("/flaky/{key}"), "PUT").await;
    assert_eq!(
        authorizations(&sent),
        ["Bearer t1", "Bearer t2", "Bearer t3"]
    );
}

/// `POST url` with the platform `fetch` after `ms` milliseconds; the JSON answer.
async fn post_after(url: &str, ms: u32) -> JsValue {
    let post = "(url, ms) => new Promise((done) => setTimeout(done, ms)).then(() => fetch(url, { method: 'POST' })).then((r) => r.json())";
    let posted = function(post)
        .call2(&JsValue::NULL, &url.into(), &ms.into())
        .unwrap();
    JsFuture::from(posted.unchecked_into::<Promise>())
        .await
        .unwrap()
}

/// `retry` with `shouldRetry: decide` and a 1 ms backoff.
fn deciding(limit: u32, decide: &str) -> JsValue {
    obj(&[(
        "retry",
        obj(&[
            ("limit", limit.into()),
            ("backoffMs", 1.into()),
            ("shouldRetry", function(decide).into()),
        ]),
    )])
}

#[wasm_bindgen_test]
async fn should_retry_decides_both_ways_and_the_limit_holds() {
    // 400 is never retried by the status rule; the caller's decision retries it, twice.
    let key = fresh_key("decide-yes");
    let options = deciding(2, "async ({ error, response, attempt }) => error === null && response.status === 400 && attempt >= 1");
    let res = put_with(
        at(&format!("/flaky/{key}?fails=9&status=400")),
        JsValue::NULL,
        "x".into(),
        options,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 400.0);
    assert_eq!(
        seen_requests(&format!("/flaky/{key}"), "PUT").await.len(),
        3
    );
    // 503 would be retried by the rule; the caller's decision says no.
    let key = fresh_key("decide-no");
    let options = deciding(5, "() => false");
    let res = put_with(
        at(&format!("/flaky/{key}")),
        JsValue::NULL,
        "x".into(),
        options,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 503.0);
    assert_eq!(
        seen_requests(&format!("/flaky/{key}"), "PUT").await.len(),
        1
    );
    // A network error is offered too, with no response.
    let options = deciding(
        1,
        "({ error, response }) => { globalThis.__offered = [error.name, response]; return false; }",
    );
    let err = put_with(
        "http://127.0.0.1:9/".into(),
        JsValue::NULL,
        "x".into(),
        options,
    )
    .await
    .unwrap_err();
    assert_error(&err, "NetworkError", &[]);
    let offered = get(&js_sys::global(), "__offered");
    assert_eq!(Array::from(&offered).get(0), JsValue::from("NetworkError"));
    assert!(Array::from(&offered).get(1).is_null());
}

#[wasm_bindgen_test]
async fn should_retry_is_told_the_number_of_each_retry_from_1() {
    let key = fresh_key("decide-numbers");
    let log = Array::new();
    let decide = made(
        "(log) => ({ attempt }) => { log.push(attempt); return true; }",
        &log,
    );
    let api = client(&[(
        "retry",
        obj(&[
            ("limit", 3.into()),
            ("backoffMs", 1.into()),
            ("shouldRetry", decide),
        ]),
    )]);
    let res = put_on(
        &api,
        &url(&format!("/flaky/{key}?fails=9")),
        JsValue::NULL,
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 503.0);
    // Asked before each of the 3 retries; the limit then ends the call unasked.
    assert_eq!(stringify(&log), "[1,2,3]");
    assert_eq!(
        seen_requests(&format!("/flaky/{key}"), "PUT").await.len(),
        4
    );
}

#[wasm_bindgen_test]
async fn a_calls_retry_object_replaces_the_clients_whole() {
    let api = client(&[(
        "retry",
        obj(&[
            ("limit", 3.into()),
            ("statusCodes", arr(&[500.into()])),
            ("backoffMs", 1.into()),
        ]),
    )]);
    // The attempts the server saw of a call with `options` to a key whose every
    // attempt fails with `status`.
    let attempts = |status: u16, options: JsValue| {
        let api = &api;
        async move {
            let key = fresh_key(&format!("retry-whole-{status}"));
            let path = format!("/flaky/{key}");
            let res = put_on(
                api,
                &url(&format!("{path}?fails=9&status={status}")),
                JsValue::NULL,
                options,
            )
            .await
            .unwrap();
            assert_eq!(num(&res, "status"), f64::from(status));
            seen_requests(&path, "PUT").await.len()
        }
    };
    // The client's own: 500 retried 3 times, 503 not at all.
    assert_eq!(attempts(500, JsValue::UNDEFINED).await, 4);
    assert_eq!(attempts(503, JsValue::UNDEFINED).await, 1);
    // `{ limit: 1 }`: the status codes are the default set again, 503 among them.
    let limit_only = || {
        obj(&[(
            "retry",
            obj(&[("limit", 1.into()), ("backoffMs", 1.into())]),
        )])
    };
    assert_eq!(attempts(503, limit_only()).await, 2);
    assert_eq!(attempts(500, limit_only()).await, 2);
    // `{ statusCodes: [503] }`: the limit is the default 0 again.
    let codes_only = obj(&[(
        "retry",
        obj(&[("statusCodes", arr(&[503.into()])), ("backoffMs", 1.into())]),
    )]);
    assert_eq!(attempts(503, codes_only).await, 1);
}

#[wasm_bindgen_test]
async fn a_throwing_or_wrong_should_retry_ends_the_call() {
    let key = fresh_key("decide-throws");
    let options = deciding(3, "() => { throw new SyntaxError('bad policy'); }");
    let err = put_with(
        at(&format!("/flaky/{key}")),
        JsValue::NULL,
        "x".into(),
        options,
    )
    .await
    .unwrap_err();
    assert_error(&err, "SyntaxError", &["bad policy"]);
    // One that rejects ends the call with its very error, and nothing more is sent.
    let key = fresh_key("decide-rejects");
    let store = obj(&[("error", JsValue::NULL)]);
    let rejects = made(
        "(store) => async () => { await null; store.error = new SyntaxError('policy unavailable'); throw store.error; }",
        &store,
    );
    let options = obj(&[(
        "retry",
        obj(&[
            ("limit", 3.into()),
            ("backoffMs", 1.into()),
            ("shouldRetry", rejects),
        ]),
    )]);
    let err = put_with(
        at(&format!("/flaky/{key}")),
        JsValue::NULL,
        "x".into(),
        options,
    )
    .await
    .unwrap_err();
    assert!(
        js_sys::Object::is(&err, &get(&store, "error")),
        "not shouldRetry's own error: {err:?}"
    );
    assert_eq!(
        seen_requests(&format!("/flaky/{key}"), "PUT").await.len(),
        1
    );
    let options = deciding(3, "() => 'yes'");
    let err = put_with(
        at(&format!("/flaky/{key}")),
        JsValue::NULL,
        "x".into(),
        options,
    )
    .await
    .unwrap_err();
    assert_error(
        &err,
        "InvalidInputError",
        &["retry.shouldRetry must return true or false", "a string"],
    );
    let options = obj(&[("retry", obj(&[("shouldRetry", 1.into())]))]);
    let err = put_with(at("/echo"), JsValue::NULL, "x".into(), options)
        .await
        .unwrap_err();
    assert_error(
        &err,
        "InvalidInputError",
        &["Option retry.shouldRetry must be a function"],
    );
}

#[wasm_bindgen_test]
async fn total_timeout_bounds_every_attempt_and_wait_together() {
    // A backoff of 10 s waits at least 5 s: the total timeout of 300 ms ends the call
    // in the first wait, after exactly one attempt.
    let key = fresh_key("total");
    let options = obj(&[
        (
            "retry",
            obj(&[("limit", 5.into()), ("backoffMs", 10_000.into())]),
        ),
        ("totalTimeout", 300.into()),
    ]);
    let call = put_with(
        at(&format!("/flaky/{key}?fails=10")),
        JsValue::NULL,
        "x".into(),
        options,
    );
    let err = within(4_000, "a total timeout of 300 ms", call)
        .await
        .unwrap_err();
    assert_error(
        &err,
        "TimeoutError",
        &["total timeout of 300 ms", "options.totalTimeout"],
    );
    let attempts = seen_requests(&format!("/flaky/{key}"), "PUT").await.len();
    assert!((1..6).contains(&attempts), "{attempts} attempts");
    assert_eq!(
        attempts, 1,
        "the wait after the first attempt was not cut short"
    );
    // Waits of exactly 1 s (Retry-After: 1): attempts at 0 s and 1 s, and the total
    // timeout of 1.5 s ends the second wait.
    let key = fresh_key("total-retry-after");
    let options = obj(&[
        ("retry", obj(&[("limit", 5.into())])),
        ("totalTimeout", 1500.into()),
    ]);
    let started = js_sys::Date::now();
    let call = put_with(
        at(&format!("/flaky/{key}?fails=10&retryAfter=1")),
        JsValue::NULL,
        "x".into(),
        options,
    );
    let err = within(10_000, "a total timeout of 1.5 s", call)
        .await
        .unwrap_err();
    let took = js_sys::Date::now() - started;
    assert_error(&err, "TimeoutError", &["total timeout of 1500 ms"]);
    assert_eq!(
        seen_requests(&format!("/flaky/{key}"), "PUT").await.len(),
        2
    );
    assert!(took >= 1400.0, "ended before its total timeout: {took} ms");
    // A client's default, and a call's own winning over it.
    let api = client(&[("totalTimeout", 100.into())]);
    let err = put_on(&api, &url("/delay/2000"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_error(&err, "TimeoutError", &["total timeout of 100 ms"]);
    let longer = obj(&[("totalTimeout", 5000.into())]);
    let res = put_on(&api, &url("/delay/200"), JsValue::NULL, longer)
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    // update() is bounded the same way.
    let change = function("(c) => c");
    let options = obj(&[("totalTimeout", 100.into())]);
    let err = JsFuture::from(wasm_put::js::update(
        at("/delay/2000"),
        change.into(),
        options,
    ))
    .await
    .unwrap_err();
    assert_error(&err, "TimeoutError", &["total timeout"]);
    let bad = obj(&[("totalTimeout", 0.into())]);
    let err = put_with(at("/echo"), JsValue::NULL, "x".into(), bad)
        .await
        .unwrap_err();
    assert_error(&err, "InvalidInputError", &["Option totalTimeout must be"]);
}

#[wasm_bindgen_test]
fn bad_defaults_throw_at_once() {
    let cases: [(JsValue, &str); 11] = [
        (obj(&[("timout", 1.into())]), "Unknown option \"timout\""),
        (obj(&[("json", 1.into())]), "Unknown option \"json\""),
        (
            obj(&[("ifMatch", "\"v1\"".into())]),
            "Unknown option \"ifMatch\"",
        ),
        (
            obj(&[("createOnly", true.into())]),
            "Unknown option \"createOnly\"",
        ),
        (
            obj(&[("signal", JsValue::NULL)]),
            "Unknown option \"signal\"",
        ),
        (
            obj(&[("baseUrl", "http://[".into())]),
            "Option baseUrl is not a URL",
        ),
        (
            obj(&[("baseUrl", 5.into())]),
            "Option baseUrl must be a URL or a string",
        ),
        (obj(&[("timeout", "soon".into())]), "Option timeout must be"),
        (
            obj(&[("bearer", obj(&[("token", function("() => 't'").into())]))]),
            "Option bearer must be { token, refresh }",
        ),
        (
            obj(&[("hooks", obj(&[("beforeRequest", arr(&[1.into()]))]))]),
            "Option hooks.beforeRequest must be an array of functions, not a number",
        ),
        (
            obj(&[("hooks", obj(&[("onError", arr(&[]))]))]),
            "Unknown option \"hooks.onError\"",
        ),
    ];
    let parent = client(&[]);
    for (defaults, says) in cases {
        let err = create(defaults.clone()).err().expect("refused");
        assert_error(&err, "InvalidInputError", &[says, "create()"]);
        let err = parent.extend(defaults).err().expect("refused");
        assert_error(&err, "InvalidInputError", &[says, "extend()"]);
    }
    let err = create("not options".into()).err().expect("refused");
    assert_error(
        &err,
        "InvalidInputError",
        &["The options must be a plain object"],
    );
}

#[wasm_bindgen_test]
async fn a_clients_update_gets_its_defaults_and_hooks() {
    let path = fresh_resource("client-update");
    let log = Array::new();
    let watch = made("(log) => (req) => { log.push(req.method); }", &log);
    let api = client(&[
        ("baseUrl", url("/resources/").into()),
        ("headers", obj(&[("X-App", "notes".into())])),
        ("hooks", obj(&[("beforeRequest", arr(&[watch]))])),
    ]);
    let change = function("(c) => ({ n: (c?.n ?? 0) + 1 })");
    let relative = path.trim_start_matches("/resources/");
    let res = JsFuture::from(api.update(relative.into(), change.into(), JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 201.0);
    let logged: Vec<String> = strings(&log);
    assert_eq!(logged, ["GET", "PUT"]);
    let sent = seen_requests(&path, "PUT").await;
    assert_eq!(string(&get(&sent[0], "headers"), "x-app"), "notes");
}

// The Rust client.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_put::{Client, ErrorKind, Retry};

#[wasm_bindgen_test]
async fn rust_client_resolves_urls_and_merges_headers() {
    let api = Client::builder()
        .base_url(&url("/resources/rust-base/"))
        .header("X-App", "notes")
        .header("X-Other", "o")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let res = api.put("n").body("x").send().await.unwrap();
    assert_eq!(res.url(), url("/resources/rust-base/n"));
    let res = api
        .put("/echo")
        .header("x-app", "call")
        .body("x")
        .send()
        .await
        .unwrap();
    /// What `/echo` saw.
    #[derive(serde::Deserialize)]
    struct Echo {
        headers: std::collections::HashMap<String, String>,
    }
    let seen: Echo = res.json().unwrap();
    assert_eq!(seen.headers["x-app"], "call");
    assert_eq!(seen.headers["x-other"], "o");
    let clone = api.clone();
    let res = clone.put(url("/echo")).body("x").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let err = Client::builder().base_url("http://[").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.to_string().contains("base_url(…) is not a URL"),
        "{err}"
    );
}

#[wasm_bindgen_test]
async fn rust_client_bearer_makes_one_refresh_for_concurrent_401s() {
    let key = fresh_key("rust-bearer");
    let token = Rc::new(RefCell::new(String::from("expired")));
    let refreshes = Rc::new(Cell::new(0));
    let (read, write, count) = (token.clone(), token.clone(), refreshes.clone());
    let issue = url(&format!("/tokens/{key}"));
    let api = Client::builder()
        .base_url(&url("/"))
        .bearer(
            move || read.borrow().clone(),
            move || {
                let (write, count, issue) = (write.clone(), count.clone(), issue.clone());
                async move {
                    count.set(count.get() + 1);
                    // Slow enough that every call meets its 401 while the refresh runs.
                    let issued = post_after(&issue, 50).await;
                    *write.borrow_mut() = string(&issued, "token");
                    Ok(())
                }
            },
        )
        .build()
        .unwrap();
    let path = format!("protected/{key}");
    // Started at once, each as its own task, so that all five meet the 401.
    let calls: Vec<Promise> = (0..5)
        .map(|_| {
            let call = api.put(path.as_str()).body("x").send();
            wasm_bindgen_futures::future_to_promise(async move {
                Ok(JsValue::from(call.await.map_err(JsValue::from)?.status()))
            })
        })
        .collect();
    for call in calls {
        assert_eq!(JsFuture::from(call).await.unwrap(), JsValue::from(200));
    }
    assert_eq!(refreshes.get(), 1);
}

#[wasm_bindgen_test]
async fn rust_client_hooks_run_per_attempt_and_may_replace_the_answer() {
    let attempts = Rc::new(RefCell::new(Vec::new()));
    let seen = attempts.clone();
    let key = fresh_key("rust-hooks");
    let api = Client::builder()
        .base_url(&url("/"))
        .retry(Retry {
            limit: 2,
            backoff: Duration::from_millis(1),
            ..Retry::default()
        })
        .before_request(move |req| {
            seen.borrow_mut().push(req.attempt);
            let set = req.headers.set("X-Hooked", &req.attempt.to_string());
            async move { set.map_err(|_| wasm_put::Error::callback("refused")) }
        })
        .after_response(|_req, res| async move {
            if res.status() == 200 {
                wasm_put::put(url("/status/203")).send().await
            } else {
                Ok(res)
            }
        })
        .build()
        .unwrap();
    let res = api
        .put(format!("flaky/{key}"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 203);
    assert_eq!(*attempts.borrow(), [0, 1, 2]);
    let failing = Client::builder()
        .before_request(|_req| async { Err(wasm_put::Error::callback("no session")) })
        .build()
        .unwrap();
    let path = fresh_resource("rust-hook-fails");
    let err = failing.put(url(&path)).body("x").send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Callback);
    assert_eq!(err.to_string(), "no session");
    assert!(seen_requests(&path, "PUT").await.is_empty());
}

#[wasm_bindgen_test]
async fn rust_should_retry_and_total_timeout() {
    let key = fresh_key("rust-decide");
    let retry = Retry {
        limit: 2,
        backoff: Duration::from_millis(1),
        ..Retry::default()
    }
    .should_retry(|ctx| async move { Ok(ctx.response.is_some_and(|r| r.status() == 400)) });
    let res = wasm_put::put(url(&format!("/flaky/{key}?fails=9&status=400")))
        .body("x")
        .retry(retry)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        seen_requests(&format!("/flaky/{key}"), "PUT").await.len(),
        3
    );
    let api = Client::builder()
        .total_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = api.put(url("/delay/2000")).send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(err.to_string().contains("total_timeout(…)"), "{err}");
    let n = api
        .update(
            url(&fresh_resource("rust-client-update")),
            |n: Option<u32>| n.unwrap_or(0) + 1,
        )
        .await
        .unwrap();
    assert_eq!(n.status(), 201);
}

#[wasm_bindgen_test]
async fn hook_headers_and_the_bearer_go_out_with_upload_progress_too() {
    // With upload progress, pages and dedicated workers send through XMLHttpRequest;
    // elsewhere through fetch. Either way the attempt's headers are the hooks'.
    let hook = function("(req) => req.headers.set('X-Hooked', 'yes')");
    let bearer = fixed_bearer("tok");
    let api = client(&[
        ("bearer", bearer),
        ("hooks", obj(&[("beforeRequest", arr(&[hook.into()]))])),
    ]);
    let reports = Array::new();
    let report = made("(list) => (p) => list.push(p.loaded)", &reports);
    let options = obj(&[("onUploadProgress", report)]);
    let res = put_on(&api, &url("/echo"), obj(&[("X-Own", "1".into())]), options)
        .await
        .unwrap();
    let seen = echoed_headers(&res);
    assert_eq!(string(&seen, "x-hooked"), "yes");
    assert_eq!(string(&seen, "x-own"), "1");
    assert_eq!(string(&seen, "authorization"), "Bearer tok");
    assert!(reports.length() > 0);
}

#[wasm_bindgen_test]
async fn the_callers_signal_stops_a_call_whose_hook_never_settles() {
    let hangs = function("() => new Promise(() => {})");
    let api = client(&[("hooks", obj(&[("beforeRequest", arr(&[hangs.into()]))]))]);
    let controller = web_sys::AbortController::new().unwrap();
    let abort = function("(c) => setTimeout(() => c.abort('user left'), 30)");
    abort.call1(&JsValue::NULL, &controller).unwrap();
    let options = obj(&[("signal", controller.signal().into())]);
    let err = put_on(&api, &url("/echo"), JsValue::NULL, options)
        .await
        .unwrap_err();
    assert_error(&err, "AbortError", &["options.signal"]);
    assert_eq!(get(&err, "cause"), JsValue::from("user left"));
}

#[wasm_bindgen_test]
async fn update_total_timeout_counts_the_change_too_and_nothing_is_put() {
    let path = fresh_resource("update-total");
    let slow =
        function("async (c) => { await new Promise((r) => setTimeout(r, 300)); return { n: 1 }; }");
    let options = obj(&[("totalTimeout", 150.into())]);
    let err = JsFuture::from(wasm_put::js::update(at(&path), slow.into(), options))
        .await
        .unwrap_err();
    assert_error(&err, "TimeoutError", &["total timeout of 150 ms"]);
    assert!(seen_requests(&path, "PUT").await.is_empty());
}

#[wasm_bindgen_test]
async fn should_retry_is_not_asked_about_a_2xx_answer() {
    let key = fresh_key("decide-2xx");
    let options = deciding(3, "() => true");
    let res = put_with(
        at(&format!("/flaky/{key}?fails=0")),
        JsValue::NULL,
        "x".into(),
        options,
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(
        seen_requests(&format!("/flaky/{key}"), "PUT").await.len(),
        1
    );
}

#[wasm_bindgen_test]
async fn a_default_authorization_yields_to_the_bearer_and_odd_throws_still_end_the_call() {
    let bearer = fixed_bearer("tok");
    let api = client(&[
        ("bearer", bearer),
        ("headers", obj(&[("Authorization", "Basic old".into())])),
    ]);
    let res = put_on(&api, &url("/echo"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(string(&echoed_headers(&res), "authorization"), "Bearer tok");
    // An Error whose message is no string: the call still rejects, with it.
    let odd = function("() => { const e = new Error('x'); Object.defineProperty(e, 'message', { value: undefined }); globalThis.__odd = e; throw e; }");
    let api = client(&[("hooks", obj(&[("beforeRequest", arr(&[odd.into()]))]))]);
    let err = put_on(&api, &url("/echo"), JsValue::NULL, JsValue::UNDEFINED)
        .await
        .unwrap_err();
    assert_eq!(err, get(&js_sys::global(), "__odd"));
    // A total timeout past what setTimeout keeps does not fire at once.
    let far = obj(&[("totalTimeout", 1e12.into())]);
    let res = put_with(at("/echo"), JsValue::NULL, "x".into(), far)
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
}

#[wasm_bindgen_test]
async fn a_calls_supersede_false_clears_the_clients_default() {
    let key = fresh_key("no-supersede");
    let api = client(&[("supersede", key.as_str().into())]);
    let path = format!("/resources/{key}?delay=200");
    let both = |supersede: JsValue| {
        let options = obj(&[("supersede", supersede)]);
        let calls: Vec<Promise> = (0..2)
            .map(|_| {
                api.put(
                    url(&path).into(),
                    JsValue::NULL,
                    "x".into(),
                    options.clone(),
                )
            })
            .collect();
        calls
    };
    for call in both(false.into()) {
        JsFuture::from(call).await.unwrap();
    }
    let record = seen(&format!("/resources/{key}")).await;
    // Both went out at once: nothing made the second wait.
    assert_eq!(num(&record, "maxInFlight"), 2.0);
}

#[wasm_bindgen_test]
async fn update_runs_after_response_on_its_last_put_only() {
    let path = fresh_resource("update-after");
    put(
        at(&path),
        obj(&[("Content-Type", "application/json".into())]),
        "{\"n\":0}".into(),
    )
    .await
    .unwrap();
    let log = Array::new();
    let watch = made(
        "(log) => (req, res) => { log.push(req.method + ' ' + res.status); }",
        &log,
    );
    let api = client(&[("hooks", obj(&[("afterResponse", arr(&[watch]))]))]);
    // The first change writes the resource behind update's back, so its PUT meets a 412
    // and update starts again.
    let change = made(
        "(url) => { let first = true; return async (c) => {
            if (first) { first = false; await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{\"n\":10}' }); }
            return { n: c.n + 1 };
        }; }",
        &at(&path),
    );
    let res = JsFuture::from(api.update(at(&path), change, JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
    assert_eq!(strings(&log), ["PUT 200"]);
    let puts = seen_requests(&path, "PUT").await;
    let statuses: Vec<f64> = puts.iter().map(|r| num(r, "status")).collect();
    assert_eq!(statuses, [201.0, 200.0, 412.0, 200.0]);
}
