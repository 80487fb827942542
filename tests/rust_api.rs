//! The Rust API (`wasm_put::put(url)…send().await`) against the dev server: every
//! builder method, the four Requests tutorial snippets written in Rust, serde round
//! trips, every `ErrorKind`, and the response's accessors.
//!
//! Runs in Node (default) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`).
#![cfg(target_arch = "wasm32")]

mod common;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use common::{fresh_key, fresh_resource, has_xhr, server};
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::wasm_bindgen_test;
use wasm_put::{put, ErrorKind, Progress, Retry};

fn url(path: &str) -> String {
    format!("{}{path}", server())
}

/// What `/echo` answers.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Echo {
    method: String,
    query: String,
    headers: BTreeMap<String, String>,
    body_size: u64,
    body: Option<String>,
}

/// What `PUT /resources/{id}` answers.
#[derive(Deserialize, Debug)]
struct Stored<T> {
    id: String,
    created: bool,
    json: Option<T>,
    data: Option<String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Doc {
    name: String,
    tags: Vec<String>,
    version: u32,
}

// requests.put(url, data='hello'): a plain PUT creates the resource, a second replaces it.
#[wasm_bindgen_test]
async fn a_plain_put_creates_then_replaces_a_resource() {
    let path = fresh_resource("rust-plain");
    let first = put(url(&path)).body("hello").send().await.unwrap();
    assert_eq!(first.status(), 201);
    assert!(first.ok());
    assert_eq!(first.status_text(), "Created");
    assert_eq!(first.header("Location").as_deref(), Some(path.as_str()));
    let etag = first.etag().unwrap();
    assert!(etag.starts_with('"'));
    let second = put(url(&path))
        .body(String::from("hello again"))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 200);
    let stored: Stored<()> = second.json().unwrap();
    assert_eq!(stored.data.as_deref(), Some("hello again"));
    assert!(!stored.created);
}

// requests.put(url, headers={...}, data=json.dumps(...))
#[wasm_bindgen_test]
async fn headers_go_with_the_body() {
    let res = put(url("/echo"))
        .header("Content-Type", "application/json")
        .header("X-Request-Id", "abc-123")
        .body(r#"{"name":"John Doe"}"#)
        .send()
        .await
        .unwrap();
    let echo: Echo = res.json().unwrap();
    assert_eq!(echo.method, "PUT");
    assert_eq!(echo.headers["content-type"], "application/json");
    assert_eq!(echo.headers["x-request-id"], "abc-123");
    assert_eq!(echo.body_size, 19);
}

// requests.put(url, data={'key1': 'value1', 'key2': ['a', 'b c']}): a form.
#[wasm_bindgen_test]
async fn pairs_maps_and_structs_are_sent_as_forms() {
    #[derive(Serialize)]
    struct Fields {
        key1: &'static str,
        key2: Vec<&'static str>,
        n: u32,
        yes: bool,
        skipped: Option<u32>,
    }
    let fields = Fields {
        key1: "value1",
        key2: vec!["a", "b c"],
        n: 2,
        yes: true,
        skipped: None,
    };
    let res = put(url("/echo")).form(&fields).send().await.unwrap();
    let echo: Echo = res.json().unwrap();
    assert_eq!(
        echo.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        echo.body.as_deref(),
        Some("key1=value1&key2=a&key2=b+c&n=2&yes=true")
    );
    let res = put(url("/echo"))
        .form(&[("a", "1"), ("a", "2")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Echo>().unwrap().body.as_deref(), Some("a=1&a=2"));
    let map: BTreeMap<&str, &str> = [("k", "v")].into_iter().collect();
    let res = put(url("/echo")).form(&map).send().await.unwrap();
    assert_eq!(res.json::<Echo>().unwrap().body.as_deref(), Some("k=v"));
}

// print(r.status_code); print(r.content); print(r.text); r.json()
#[wasm_bindgen_test]
async fn the_response_gives_status_content_text_json_and_the_rest() {
    let path = fresh_resource("rust-read");
    let res = put(url(&path))
        .header("Content-Type", "application/json")
        .body(r#"{"name":"John Doe"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(res.bytes(), res.text().as_bytes());
    assert_eq!(res.content().length() as usize, res.text().len());
    assert_eq!(res.url(), url(&path));
    assert!(!res.redirected());
    assert!(res.elapsed() > Duration::ZERO);
    assert!(res
        .headers()
        .iter()
        .any(|(name, value)| name == "content-type" && value.starts_with("application/json")));
    let stored: Stored<serde_json_like::Name> = res.json().unwrap();
    assert_eq!(stored.id, path.trim_start_matches("/resources/"));
    assert_eq!(stored.json.unwrap().name, "John Doe");
}

mod serde_json_like {
    /// A document with a name.
    #[derive(serde::Deserialize, Debug)]
    pub struct Name {
        pub name: String,
    }
}

#[wasm_bindgen_test]
async fn what_an_answer_lacks_is_none_through_the_rust_api() {
    let downloads = Rc::new(RefCell::new(Vec::<Progress>::new()));
    let down = downloads.clone();
    let res = put(url("/bytes/1000?chunked=1"))
        .on_download_progress(move |p| down.borrow_mut().push(p))
        .send()
        .await
        .unwrap();
    assert_eq!(res.etag(), None, "no ETag answered");
    assert_eq!(res.header("x-not-sent"), None);
    assert_eq!(res.status(), 200);
    let last = *downloads.borrow().last().unwrap();
    assert_eq!(
        (last.loaded, last.total),
        (1000, None),
        "a length never announced"
    );
}

#[wasm_bindgen_test]
async fn a_struct_goes_in_as_json_and_comes_back_out() {
    let doc = Doc {
        name: "John Doe".into(),
        tags: vec!["a".into(), "b".into()],
        version: 3,
    };
    let res = put(url(&fresh_resource("rust-json")))
        .json(&doc)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let stored: Stored<Doc> = res.json().unwrap();
    assert_eq!(stored.json, Some(doc.clone()));
    let echo: Echo = put(url("/echo"))
        .json(&doc)
        .send()
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(echo.headers["content-type"], "application/json");
    assert_eq!(
        echo.body.as_deref(),
        Some(r#"{"name":"John Doe","tags":["a","b"],"version":3}"#)
    );
}

#[wasm_bindgen_test]
async fn query_appends_to_the_urls_query() {
    let res = put(url("/echo?x=1"))
        .query(&[("tag", "a b"), ("page", "2")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Echo>().unwrap().query, "x=1&tag=a+b&page=2");
}

#[wasm_bindgen_test]
async fn bodies_of_every_rust_and_web_type_are_sent() {
    let bytes: Vec<u8> = (0..=255).collect();
    let sizes = [
        (put(url("/echo")).body(bytes.clone()), 256),
        (put(url("/echo")).body(bytes.as_slice()), 256),
        (
            put(url("/echo")).body(js_sys::Uint8Array::from(&bytes[..10])),
            10,
        ),
        (
            put(url("/echo")).body(
                web_sys::Blob::new_with_str_sequence(&js_sys::Array::of1(&"blob".into())).unwrap(),
            ),
            4,
        ),
        (
            put(url("/echo")).body(web_sys::UrlSearchParams::new_with_str("a=1").unwrap()),
            3,
        ),
        (put(url("/echo")), 0),
    ];
    for (request, size) in sizes {
        let echo: Echo = request.send().await.unwrap().json().unwrap();
        assert_eq!(echo.body_size, size);
    }
    let form = web_sys::FormData::new().unwrap();
    form.append_with_str("k", "v").unwrap();
    let echo: Echo = put(url("/echo"))
        .body(form)
        .send()
        .await
        .unwrap()
        .json()
        .unwrap();
    assert!(echo.headers["content-type"].starts_with("multipart/form-data"));
}

#[wasm_bindgen_test]
async fn basic_auth_and_conditional_headers_are_sent() {
    let echo: Echo = put(url("/echo"))
        .basic_auth("Aladdin", "open sesame")
        .if_match("\"v1\"")
        .send()
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        echo.headers["authorization"],
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(echo.headers["if-match"], "\"v1\"");
    let path = fresh_resource("rust-create");
    assert_eq!(
        put(url(&path))
            .body("1")
            .create_only()
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        put(url(&path))
            .body("2")
            .create_only()
            .send()
            .await
            .unwrap()
            .status(),
        412
    );
    let both = put(url(&path))
        .if_match("\"v1\"")
        .create_only()
        .send()
        .await
        .unwrap_err();
    assert_eq!(both.kind(), ErrorKind::InvalidInput);
    assert!(both.to_string().contains("not both"));
}

// The JS value behind an error is its `source()` too, shown by its message; a runtime
// without AbortController is `NotSupported`.
#[wasm_bindgen_test]
async fn errors_have_a_source_and_a_missing_platform_is_not_supported() {
    use std::error::Error as _;
    let refused = put("http://127.0.0.1:9/x")
        .body("x")
        .send()
        .await
        .unwrap_err();
    let source = refused.source().expect("fetch's TypeError as the source");
    assert!(source.to_string().starts_with("TypeError"), "{source}");
    let invalid = put("ftp://example.com/").send().await.unwrap_err();
    assert!(invalid.source().is_none());
    let global = js_sys::global();
    let saved = js_sys::Reflect::get(&global, &"AbortController".into()).unwrap();
    js_sys::Reflect::delete_property(&global, &"AbortController".into()).unwrap();
    let result = put(url("/echo"))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    js_sys::Reflect::set(&global, &"AbortController".into(), &saved).unwrap();
    let e = result.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotSupported);
    assert_eq!(e.kind().name(), "NotSupportedError");
}

#[wasm_bindgen_test]
fn debug_shows_the_request_and_hides_credentials() {
    let request = put("/resources/1")
        .basic_auth("user", "secret")
        .header("X-Token", "abc")
        .if_match("\"v1\"");
    let shown = format!("{request:?}");
    assert!(shown.starts_with("Put {"), "{shown}");
    assert!(shown.contains("\"X-Token\", \"abc\""), "{shown}");
    assert!(shown.contains("IfMatch"), "{shown}");
    assert!(shown.contains("<hidden>"), "{shown}");
    assert!(
        !shown.contains("dXNlcjpzZWNyZXQ"),
        "the credentials leak: {shown}"
    );
    let update = wasm_put::update("/resources/n", |n: Option<u32>| n.unwrap_or(0) + 1);
    assert!(format!("{update:?}").starts_with("Update { request: Put {"));
}

// A Rust caller reads the Rust methods in messages, never the JS option names.
#[wasm_bindgen_test]
async fn rust_callers_read_rust_names_in_messages() {
    let says = |e: wasm_put::Error, rust: &str| {
        let text = e.to_string();
        assert!(text.contains(rust), "{text}");
        assert!(
            !text.contains("options.") && !text.contains("Option "),
            "{text}"
        );
    };
    let zero = put(url("/echo")).timeout(Duration::ZERO).send().await;
    says(zero.unwrap_err(), "timeout(…)");
    let slow = put(url("/delay/2000"))
        .timeout(Duration::from_millis(50))
        .send()
        .await;
    says(slow.unwrap_err(), "raise timeout(…)");
    let many = put(url("/echo")).retry(101).send().await;
    says(many.unwrap_err(), "retry(…)");
    let codes = Retry {
        status_codes: vec![99],
        ..Retry::default()
    };
    says(
        put(url("/echo")).retry(codes).send().await.unwrap_err(),
        "status_codes",
    );
    let colon = put(url("/echo")).basic_auth("a:b", "c").send().await;
    says(colon.unwrap_err(), "basic_auth(…)");
    let in_url = put(server().replace("http://", "http://user:pw@"))
        .send()
        .await;
    says(in_url.unwrap_err(), "basic_auth(user, password)");
    let priority = put(url("/echo")).priority("urgent").send().await;
    says(priority.unwrap_err(), "priority(…)");
    let both = put(url("/echo"))
        .if_match("\"v1\"")
        .create_only()
        .send()
        .await;
    says(both.unwrap_err(), "if_match or create_only");
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let aborted = put(url("/echo")).signal(&controller.signal()).send().await;
    says(aborted.unwrap_err(), "signal(…)");
}

// A condition given as a header in any case, then the other as a method (or the
// reverse): refused as both, whatever the header's case or the order.
#[wasm_bindgen_test]
async fn if_match_and_create_only_see_the_other_header_in_any_case() {
    let refused = [
        put(url("/echo"))
            .header("if-none-match", "*")
            .if_match("\"v1\""),
        put(url("/echo")).header("IF-MATCH", "\"v1\"").create_only(),
        put(url("/echo")).create_only().header("If-Match", "\"v1\""),
        put(url("/echo"))
            .if_match("\"v1\"")
            .header("if-none-match", "*"),
    ];
    for request in refused {
        let e = request.send().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.to_string().contains("not both"), "{e}");
    }
}

#[wasm_bindgen_test]
async fn fetch_pass_throughs_take_web_sys_enums() {
    let res = put(url("/echo"))
        .credentials(web_sys::RequestCredentials::Omit)
        .mode(web_sys::RequestMode::Cors)
        .cache(web_sys::RequestCache::NoStore)
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer)
        .keepalive(false)
        .referrer("about:client")
        .integrity("")
        .priority("high")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let err = put(url("/redirect/1"))
        .redirect(web_sys::RequestRedirect::Error)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network);
}

#[wasm_bindgen_test]
async fn retry_takes_a_count_or_a_policy() {
    let key = fresh_key("rust-flaky");
    let res = put(url(&format!("/flaky/{key}?fails=2&status=503")))
        .retry(2)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("x-attempt").as_deref(), Some("3"));
    let key = fresh_key("rust-flaky");
    let policy = Retry {
        limit: 3,
        status_codes: vec![418],
        backoff: Duration::from_millis(1),
        ..Retry::default()
    };
    let res = put(url(&format!("/flaky/{key}?fails=1&status=418")))
        .retry(policy)
        .send()
        .await
        .unwrap();
    assert_eq!(res.header("x-attempt").as_deref(), Some("2"));
}

#[wasm_bindgen_test]
async fn progress_callbacks_end_at_the_whole_size() {
    let uploads = Rc::new(RefCell::new(Vec::<Progress>::new()));
    let downloads = Rc::new(RefCell::new(Vec::<Progress>::new()));
    let (up, down) = (uploads.clone(), downloads.clone());
    let res = put(url("/bytes/100000"))
        .body(vec![7u8; 50_000])
        .on_upload_progress(move |p| up.borrow_mut().push(p))
        .on_download_progress(move |p| down.borrow_mut().push(p))
        .send()
        .await
        .unwrap();
    let last_up = *uploads.borrow().last().unwrap();
    assert_eq!((last_up.loaded, last_up.total), (50_000, Some(50_000)));
    let last_down = *downloads.borrow().last().unwrap();
    assert_eq!(last_down.loaded, u64::from(res.content().length()));
    assert_eq!(res.content().length(), 100_000);
    let seen = uploads.borrow();
    if has_xhr() {
        // XMLHttpRequest reports the upload as it goes: never back, always of the whole.
        assert!(
            seen.windows(2).all(|w| w[0].loaded <= w[1].loaded),
            "{seen:?}"
        );
        assert!(seen.iter().all(|p| p.total == Some(50_000)), "{seen:?}");
    } else {
        // fetch reports the upload once it is sent.
        assert_eq!(seen.len(), 1, "{seen:?}");
    }
}

#[wasm_bindgen_test]
async fn every_error_kind_is_told_apart() {
    let invalid = put(url("/echo"))
        .header("Bad Name", "v")
        .send()
        .await
        .unwrap_err();
    assert_eq!(invalid.kind(), ErrorKind::InvalidInput);
    assert!(invalid.to_string().contains("\"Bad Name\""));
    assert!(invalid
        .to_string()
        .ends_with(&format!(": PUT {}", url("/echo"))));
    let bad_url = put("ftp://example.com/x").send().await.unwrap_err();
    assert_eq!(bad_url.kind(), ErrorKind::InvalidInput);
    let zero = put(url("/echo"))
        .timeout(Duration::ZERO)
        .send()
        .await
        .unwrap_err();
    assert_eq!(zero.kind(), ErrorKind::InvalidInput);

    let network = put("http://127.0.0.1:9/").send().await.unwrap_err();
    assert_eq!(network.kind(), ErrorKind::Network);
    assert!(network.cause().is_some());

    let timeout = put(url("/delay/2000"))
        .timeout(Duration::from_millis(50))
        .send()
        .await
        .unwrap_err();
    assert_eq!(timeout.kind(), ErrorKind::Timeout);
    assert!(timeout.to_string().contains("50 ms"));

    let controller = web_sys::AbortController::new().unwrap();
    controller.abort_with_reason(&"user left".into());
    let abort = put(url("/echo"))
        .signal(&controller.signal())
        .send()
        .await
        .unwrap_err();
    assert_eq!(abort.kind(), ErrorKind::Abort);
    assert_eq!(
        abort.cause().and_then(|c| c.as_string()).as_deref(),
        Some("user left")
    );

    let http = put(url("/status/500"))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap_err();
    assert_eq!(http.kind(), ErrorKind::Http);
    assert_eq!(http.status(), Some(500));
    assert!(http
        .to_string()
        .starts_with("Request failed with status code 500"));

    let decode = put(url("/status/200")).send().await.unwrap();
    let not_a_doc = decode.json::<Doc>().unwrap_err();
    assert_eq!(not_a_doc.kind(), ErrorKind::Decode);
    let text = put(url("/echo")).body("x").send().await.unwrap();
    assert_eq!(
        text.json::<Vec<u8>>().unwrap_err().kind(),
        ErrorKind::Decode
    );

    // The same error as JS sees it: an Error with the kind's name and the same message.
    let js = wasm_bindgen::JsValue::from(invalid.clone());
    let js: &js_sys::Error = wasm_bindgen::JsCast::unchecked_ref(&js);
    assert_eq!(String::from(js.name()), "InvalidInputError");
    assert_eq!(String::from(js.message()), invalid.to_string());
}

#[wasm_bindgen_test]
async fn ten_thousand_rust_calls_leave_wasm_memory_as_it_was() {
    async fn calls(n: u32) {
        for i in 0..n {
            let outcome = match i % 4 {
                0 => {
                    put(url("/echo"))
                        .header("X-N", i.to_string())
                        .body("x")
                        .send()
                        .await
                }
                1 => put(url("/echo")).header("Bad Name", "v").send().await,
                2 => put("http://127.0.0.1:9/").send().await,
                _ => {
                    put(url("/delay/100"))
                        .timeout(Duration::from_millis(1))
                        .send()
                        .await
                }
            };
            if i % 4 == 0 {
                assert_eq!(outcome.unwrap().status(), 200);
            }
        }
    }
    calls(500).await;
    let before = common::wasm_memory_bytes();
    calls(10_000).await;
    let after = common::wasm_memory_bytes();
    assert_eq!(
        after, before,
        "wasm memory grew from {before} to {after} bytes"
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Counter {
    n: u32,
}

#[wasm_bindgen_test]
async fn rust_updates_of_one_counter_run_at_once_lose_no_increment() {
    let path = fresh_resource("rust-counter");
    let calls: Vec<_> = (0..10)
        .map(|_| {
            wasm_put::update(url(&path), |c: Option<Counter>| Counter {
                n: c.map_or(0, |c| c.n) + 1,
            })
            .conflicts(30)
            .options(|put| put.header("X-Writer", "rust"))
            .send()
        })
        .collect();
    let mut statuses: Vec<u16> = join_all(calls)
        .await
        .into_iter()
        .map(|res| res.unwrap().status())
        .collect();
    statuses.sort();
    assert_eq!(statuses, [vec![200; 9], vec![201]].concat());
    let last = wasm_put::update(url(&path), |c: Option<Counter>| c.unwrap())
        .await
        .unwrap();
    let stored: Stored<Counter> = last.json().unwrap();
    assert_eq!(stored.json, Some(Counter { n: 10 }));
}

#[wasm_bindgen_test]
async fn a_rust_update_of_the_wrong_type_is_a_decode_error() {
    let path = fresh_resource("rust-wrong");
    put(url(&path)).json(&"text").send().await.unwrap();
    let err = wasm_put::update(url(&path), |c: Option<Counter>| {
        c.unwrap_or(Counter { n: 0 })
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains(&format!("GET {}", url(&path))));
}

#[wasm_bindgen_test]
async fn rust_supersede_sends_the_first_and_the_last() {
    let path = fresh_resource("rust-autosave");
    let slow = url(&format!("{path}?delay=200"));
    let calls = (0..5).map(|i| {
        put(slow.clone())
            .body(format!("v{i}"))
            .supersede("rust-doc")
            .send()
    });
    let outcomes: Vec<_> = join_all(calls)
        .await
        .into_iter()
        .map(|o| o.map(|r| r.status()).map_err(|e| e.kind()))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            Ok(201),
            Err(ErrorKind::Abort),
            Err(ErrorKind::Abort),
            Err(ErrorKind::Abort),
            Ok(200)
        ]
    );
}

/// Runs the futures together, first polled first; their outputs in the same order.
async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<_> = futures.into_iter().map(Box::pin).map(Some).collect();
    let mut done: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (slot, out) in pending.iter_mut().zip(done.iter_mut()) {
            if let Some(future) = slot {
                if let Poll::Ready(value) = future.as_mut().poll(cx) {
                    *out = Some(value);
                    *slot = None;
                }
            }
        }
        if pending.iter().all(Option::is_none) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    done.into_iter().flatten().collect()
}
