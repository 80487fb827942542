//! Failures reject with an `Error` named as the contract says, and the module keeps working.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn header_with_newline_rejects_naming_the_header() {
    let headers = obj(&[("X-Evil", "a\r\nX-Injected: 1".into())]);
    let err = put(at("/echo"), headers, JsValue::NULL).await.unwrap_err();
    assert_error(
        &err,
        "InvalidInputError",
        &["\"X-Evil\"", "CR, LF", "PUT http://"],
    );
}

#[wasm_bindgen_test]
async fn header_with_nul_rejects_naming_the_header_and_sends_nothing() {
    let before = arrivals("/echo").await;
    let headers = obj(&[("X-Nul", "a\0b".into())]);
    let err = put(at("/echo"), headers, JsValue::NULL).await.unwrap_err();
    assert_error(
        &err,
        "InvalidInputError",
        &["\"X-Nul\"", "NUL", "PUT http://"],
    );
    assert_eq!(arrivals("/echo").await, before, "nothing was sent");
}

#[wasm_bindgen_test]
async fn invalid_header_name_rejects_naming_it() {
    let headers = obj(&[("Bad Name", "v".into())]);
    let err = put(at("/echo"), headers, JsValue::NULL).await.unwrap_err();
    assert_error(&err, "InvalidInputError", &["\"Bad Name\"", "header name"]);
}

#[wasm_bindgen_test]
async fn nested_form_field_rejects_naming_the_key() {
    let data = obj(&[("user", obj(&[("name", "x".into())]))]);
    let err = put(at("/echo"), JsValue::NULL, data).await.unwrap_err();
    assert_error(&err, "InvalidInputError", &["Form field \"user\"", "JSON"]);
}

#[wasm_bindgen_test]
async fn url_that_is_not_a_url_rejects() {
    let err = put(JsValue::from(42), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap_err();
    assert_error(&err, "InvalidInputError", &["string or a URL", "a number"]);
    let err = put("ftp://example.test/x".into(), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap_err();
    assert_error(&err, "InvalidInputError", &["http: and https:", "ftp:"]);
}

#[wasm_bindgen_test]
async fn url_with_password_rejects_without_echoing_it() {
    let url = format!("{}/echo", server()).replace("http://", "http://user:secret@");
    let err = put(url.into(), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap_err();
    assert_error(&err, "InvalidInputError", &["options.auth"]);
    assert!(!string(&err, "message").contains("secret"));
}

#[wasm_bindgen_test]
async fn refused_connection_is_a_network_error_with_cause() {
    // Port 9 (discard) is closed on the test machine's loopback.
    let err = put("http://127.0.0.1:9/x".into(), JsValue::NULL, "x".into())
        .await
        .unwrap_err();
    assert_error(&err, "NetworkError", &["PUT http://127.0.0.1:9/x"]);
    assert!(!get(&err, "cause").is_undefined());
}

#[wasm_bindgen_test]
async fn a_non_2xx_answer_resolves_and_raise_for_status_throws_http_error() {
    let res = put(at("/status/503"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 503.0);
    assert_eq!(get(&res, "ok"), JsValue::FALSE);
    let err = call(&res, "raiseForStatus").unwrap_err();
    assert_error(&err, "HttpError", &["status code 503", "PUT http://"]);
    assert_eq!(num(&err, "status"), 503.0);

    let fine = put(at("/status/204"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    assert!(call(&fine, "raiseForStatus").unwrap().is_undefined());
}

#[wasm_bindgen_test]
async fn json_of_a_body_that_is_not_json_throws_saying_so() {
    let res = put(at("/echo-body"), JsValue::NULL, "not json".into())
        .await
        .unwrap();
    let err = call(&res, "json").unwrap_err();
    assert_error(&err, "SyntaxError", &["not JSON", "PUT http://"]);
}

#[wasm_bindgen_test]
async fn the_module_keeps_working_after_failures() {
    for _ in 0..20 {
        let bad = put(JsValue::from(false), JsValue::from(1), JsValue::from(2)).await;
        assert_error(&bad.unwrap_err(), "InvalidInputError", &[]);
        let refused = put("http://127.0.0.1:9/".into(), JsValue::NULL, JsValue::NULL).await;
        assert_error(&refused.unwrap_err(), "NetworkError", &[]);
    }
    let res = put(at("/echo"), JsValue::NULL, "still fine".into())
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
}

// A runtime without AbortController cannot time a call out: NotSupportedError, and
// nothing is sent. The global is taken away for this call only.
#[wasm_bindgen_test]
async fn a_runtime_without_abort_controller_is_not_supported() {
    let path = fresh_resource("no-controller");
    js_eval("globalThis.__savedAbortController = globalThis.AbortController; delete globalThis.AbortController;");
    let result = put_with(
        at(&path),
        JsValue::NULL,
        "x".into(),
        obj(&[("timeout", 5000.into())]),
    )
    .await;
    js_eval("globalThis.AbortController = globalThis.__savedAbortController; delete globalThis.__savedAbortController;");
    assert_error(
        &result.unwrap_err(),
        "NotSupportedError",
        &["AbortController", &format!("PUT {}{path}", server())],
    );
    assert_eq!(arrivals(&path).await, 0.0, "nothing was sent");
}
