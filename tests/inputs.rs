//! Every form of url and headers the contract accepts.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

async fn echoed_header(headers: JsValue, name: &str) -> String {
    let res = put(at("/echo"), headers, JsValue::NULL).await.unwrap();
    string(&get(&json(&res), "headers"), name)
}

#[wasm_bindgen_test]
async fn headers_may_be_headers_map_or_pairs() {
    let h = web_sys::Headers::new().unwrap();
    h.append("X-A", "1").unwrap();
    assert_eq!(echoed_header(h.into(), "x-a").await, "1");
    let m = js_sys::Map::new();
    m.set(&"X-B".into(), &JsValue::from(2));
    assert_eq!(echoed_header(m.into(), "x-b").await, "2");
    let pairs = arr(&[arr(&["X-C".into(), "3".into()])]);
    assert_eq!(echoed_header(pairs, "x-c").await, "3");
}

#[wasm_bindgen_test]
async fn header_values_that_are_not_strings_or_numbers_are_refused() {
    let err = put(
        at("/echo"),
        obj(&[("X-Flag", JsValue::TRUE)]),
        JsValue::NULL,
    )
    .await
    .unwrap_err();
    assert_error(&err, "InvalidInputError", &["\"X-Flag\"", "a boolean"]);
    let err = put(at("/echo"), obj(&[("X-Euro", "€".into())]), JsValue::NULL)
        .await
        .unwrap_err();
    assert_error(&err, "InvalidInputError", &["\"X-Euro\"", "U+00FF"]);
}

#[wasm_bindgen_test]
async fn url_may_be_a_url_object() {
    let url = web_sys::Url::new(&format!("{}/echo?q=1", server())).unwrap();
    let res = put(url.into(), JsValue::NULL, JsValue::NULL).await.unwrap();
    assert_eq!(string(&json(&res), "query"), "q=1");
}

/// `error` is the `InvalidInputError` of reading `subject` (a getter or trap threw), and
/// a good call works afterwards.
async fn rejected_reading_and_still_works(error: &JsValue, subject: &str) {
    assert_error(error, "InvalidInputError", &[]);
    let reading = format!("Reading {subject} threw");
    assert!(string(error, "message").starts_with(&reading));
    let res = put(at("/echo"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    assert_eq!(num(&res, "status"), 200.0);
}

#[wasm_bindgen_test]
async fn a_url_subclass_whose_href_throws_is_invalid_input_and_harms_nothing() {
    let evil = js_eval(
        "class Evil extends URL { get href() { throw new Error('no'); } toString() { throw new Error('no'); } }
         return new Evil('http://127.0.0.1:1/x');",
    );
    let error = put(evil, JsValue::NULL, JsValue::NULL).await.unwrap_err();
    rejected_reading_and_still_works(&error, "the url").await;
}

#[wasm_bindgen_test]
async fn a_header_pair_whose_proxy_throws_is_invalid_input_and_harms_nothing() {
    let headers =
        js_eval("return [new Proxy(['X-A', '1'], { get() { throw new Error('no'); } })];");
    let error = put(at("/echo"), headers, JsValue::NULL).await.unwrap_err();
    rejected_reading_and_still_works(&error, "the headers").await;
}

#[wasm_bindgen_test]
async fn params_whose_to_string_throws_are_invalid_input_and_harm_nothing() {
    let options = js_eval(
        "class Evil extends URLSearchParams { toString() { throw new Error('no'); } }
         return { params: new Evil('a=1') };",
    );
    let error = put_with(at("/echo"), JsValue::NULL, JsValue::NULL, options)
        .await
        .unwrap_err();
    rejected_reading_and_still_works(&error, "options.params").await;
}

#[wasm_bindgen_test]
async fn relative_urls_resolve_against_the_location_or_are_refused_without_one() {
    let result = put("relative/path".into(), JsValue::NULL, JsValue::NULL).await;
    if has_location() {
        // The page's own server answers; what matters is where the request went.
        let res = result.unwrap();
        let location = string(&get(&js_sys::global().into(), "location"), "href");
        let expected = web_sys::Url::new_with_base("relative/path", &location)
            .unwrap()
            .href();
        assert_eq!(string(&res, "url"), expected);
    } else {
        assert_error(&result.unwrap_err(), "InvalidInputError", &["absolute"]);
    }
}

#[wasm_bindgen_test]
async fn response_headers_are_a_plain_object_with_lower_case_names() {
    let res = put(at("/resources/x%20y"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    let headers = get(&res, "headers");
    assert!(
        js_sys::Object::get_prototype_of(&headers)
            == js_sys::Object::get_prototype_of(&js_sys::Object::new())
    );
    let keys = js_sys::Object::keys(&headers.into());
    for k in keys.iter() {
        let k = k.as_string().unwrap();
        assert_eq!(k, k.to_lowercase());
    }
}
