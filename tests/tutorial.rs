//! The four snippets of the Requests PUT tutorial, each as a test against the dev server.
//!
//! Runs in Node (default) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1`).
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

// requests.put(url, data='...'): a plain PUT creates the resource, a second replaces it.
#[wasm_bindgen_test]
async fn plain_put_creates_then_replaces_a_resource() {
    let path = fresh_resource("plain");
    let first = put(at(&path), JsValue::NULL, "hello".into()).await.unwrap();
    assert_eq!(num(&first, "status"), 201.0);
    assert_eq!(get(&first, "ok"), JsValue::TRUE);
    assert_eq!(string(&first, "statusText"), "Created");
    let headers = get(&first, "headers");
    assert_eq!(string(&headers, "location"), path);
    assert!(string(&headers, "etag").starts_with('"'));

    let second = put(at(&path), JsValue::NULL, "hello again".into())
        .await
        .unwrap();
    assert_eq!(num(&second, "status"), 200.0);
    assert_eq!(string(&json(&second), "data"), "hello again");
}

// requests.put(url, headers={'Content-Type': 'application/json', ...}, data=json.dumps(...))
#[wasm_bindgen_test]
async fn custom_headers_are_sent_with_the_body() {
    let headers = obj(&[
        ("Content-Type", "application/json".into()),
        ("X-Request-Id", "abc-123".into()),
        ("X-Retry-Count", JsValue::from(3)),
    ]);
    let res = put(at("/echo"), headers, r#"{"name":"John Doe"}"#.into())
        .await
        .unwrap();
    let echo = json(&res);
    assert_eq!(string(&echo, "method"), "PUT");
    let sent = get(&echo, "headers");
    assert_eq!(string(&sent, "content-type"), "application/json");
    assert_eq!(string(&sent, "x-request-id"), "abc-123");
    assert_eq!(string(&sent, "x-retry-count"), "3");
    assert_eq!(num(&echo, "bodySize"), 19.0);
    assert_eq!(string(&echo, "body"), r#"{"name":"John Doe"}"#);
}

// requests.put(url, data={'key1': 'value1', 'key2': ['a', 'b']}): a form.
#[wasm_bindgen_test]
async fn a_data_dict_is_sent_as_a_form() {
    let data = obj(&[
        ("key1", "value1".into()),
        ("key2", arr(&["a".into(), "b c".into()])),
        ("skipped", JsValue::NULL),
        ("n", JsValue::from(1.5)),
        ("yes", JsValue::TRUE),
    ]);
    let res = put(at("/echo"), JsValue::NULL, data).await.unwrap();
    let echo = json(&res);
    assert_eq!(
        string(&get(&echo, "headers"), "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        string(&echo, "body"),
        "key1=value1&key2=a&key2=b+c&n=1.5&yes=true"
    );
    let form = get(&echo, "form");
    assert_eq!(string(&form, "key1"), "value1");
    assert_eq!(stringify(&get(&form, "key2")), r#"["a","b c"]"#);
}

// print(r.status_code); print(r.content); print(r.text); r.json()
#[wasm_bindgen_test]
async fn the_response_gives_status_content_text_and_json() {
    let path = fresh_resource("read");
    let res = put(
        at(&path),
        obj(&[("Content-Type", "application/json".into())]),
        r#"{"name":"John Doe"}"#.into(),
    )
    .await
    .unwrap();
    assert_eq!(num(&res, "status"), 201.0);
    let content = bytes(&get(&res, "content"));
    let text = string(&res, "text");
    assert_eq!(content, text.as_bytes());
    let body = json(&res);
    assert_eq!(string(&body, "id"), path.trim_start_matches("/resources/"));
    assert_eq!(string(&get(&body, "json"), "name"), "John Doe");
    assert_eq!(string(&res, "url"), format!("{}{}", server(), path));
    assert_eq!(get(&res, "redirected"), JsValue::FALSE);
    assert!(num(&res, "elapsed") >= 0.0);
}
