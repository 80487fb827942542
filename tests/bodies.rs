//! Every body type of the first `put()`: strings, forms, bytes and blobs, sent as they are.
#![cfg(target_arch = "wasm32")]

mod common;
use common::*;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn sample() -> Vec<u8> {
    (0..=255u8).cycle().take(3000).collect()
}

#[wasm_bindgen_test]
async fn bytes_are_sent_exactly() {
    let data = Uint8Array::from(sample().as_slice());
    let res = put(at("/echo-body"), JsValue::NULL, data.into())
        .await
        .unwrap();
    assert_eq!(bytes(&get(&res, "content")), sample());
}

#[wasm_bindgen_test]
async fn an_array_buffer_is_sent_exactly() {
    let data = Uint8Array::from(sample().as_slice()).buffer();
    let res = put(at("/echo-body"), JsValue::NULL, data.into())
        .await
        .unwrap();
    assert_eq!(bytes(&get(&res, "content")), sample());
}

#[wasm_bindgen_test]
async fn a_blob_is_sent_with_its_type() {
    let parts = Array::of1(&Uint8Array::from(sample().as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/x-test");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).unwrap();
    let res = put(at("/echo-body"), JsValue::NULL, blob.into())
        .await
        .unwrap();
    assert_eq!(bytes(&get(&res, "content")), sample());
    assert_eq!(
        string(&get(&res, "headers"), "content-type"),
        "application/x-test"
    );
}

#[wasm_bindgen_test]
async fn a_callers_content_type_wins_over_the_form_default() {
    let headers = obj(&[("content-type", "text/x-mine".into())]);
    let data = obj(&[("a", "1".into())]);
    let res = put(at("/echo"), headers, data).await.unwrap();
    let echo = json(&res);
    assert_eq!(
        string(&get(&echo, "headers"), "content-type"),
        "text/x-mine"
    );
    assert_eq!(string(&echo, "body"), "a=1");
}

#[wasm_bindgen_test]
async fn pairs_and_maps_are_forms_too() {
    let pairs = arr(&[
        arr(&["k".into(), "1".into()]),
        arr(&["k".into(), "2".into()]),
    ]);
    let res = put(at("/echo"), JsValue::NULL, pairs).await.unwrap();
    assert_eq!(string(&json(&res), "body"), "k=1&k=2");

    let map = js_sys::Map::new();
    map.set(&"x y".into(), &"ü".into());
    let res = put(at("/echo"), JsValue::NULL, map.into()).await.unwrap();
    assert_eq!(string(&json(&res), "body"), "x+y=%C3%BC");
}

#[wasm_bindgen_test]
async fn no_data_sends_an_empty_body() {
    let res = put(at("/echo"), JsValue::UNDEFINED, JsValue::UNDEFINED)
        .await
        .unwrap();
    assert_eq!(num(&json(&res), "bodySize"), 0.0);
}

#[wasm_bindgen_test]
async fn text_is_decoded_by_the_response_charset() {
    let latin1 = Uint8Array::from(&b"caf\xe9"[..]);
    let headers = obj(&[("Content-Type", "text/plain; charset=iso-8859-1".into())]);
    let res = put(at("/echo-body"), headers, latin1.into()).await.unwrap();
    assert_eq!(string(&res, "text"), "café");
}

#[wasm_bindgen_test]
async fn the_charset_is_found_in_any_case_spacing_and_quoting() {
    let latin1 = || Uint8Array::from(&b"caf\xe9"[..]);
    for content_type in [
        "text/plain;CharSet=ISO-8859-1",
        "text/plain; format=flowed ;  charset = \"iso-8859-1\" ",
        "text/plain; q=\"a;b\"; charset=\"latin1\"",
    ] {
        let headers = obj(&[("Content-Type", content_type.into())]);
        let res = put(at("/echo-body"), headers, latin1().into())
            .await
            .unwrap();
        assert_eq!(string(&res, "text"), "café", "{content_type}");
    }
    // No charset, an empty one, or a label TextDecoder does not know: UTF-8.
    for content_type in [
        "text/plain",
        "text/plain; charset=",
        "text/plain; charset=\"\"",
        "text/plain; charset=klingon",
    ] {
        let headers = obj(&[("Content-Type", content_type.into())]);
        let utf8 = Uint8Array::from("café".as_bytes());
        let res = put(at("/echo-body"), headers, utf8.into()).await.unwrap();
        assert_eq!(string(&res, "text"), "café", "{content_type}");
    }
}

#[wasm_bindgen_test]
async fn large_bodies_never_enter_wasm_memory() {
    // Warm up, so the allocator has what a call needs.
    put(
        at("/sink"),
        JsValue::NULL,
        Uint8Array::new_with_length(16).into(),
    )
    .await
    .unwrap();
    let before = wasm_memory_bytes();
    let big = Uint8Array::new_with_length(16 << 20);
    let res = put(at("/sink"), JsValue::NULL, big.into()).await.unwrap();
    assert_eq!(num(&res, "status"), 204.0);
    let res = put(at("/bytes/16777216"), JsValue::NULL, JsValue::NULL)
        .await
        .unwrap();
    // Read the length in JS: copying the bytes into a Vec here would itself grow memory.
    assert_eq!(num(&get(&res, "content"), "length"), f64::from(16u32 << 20));
    assert_eq!(
        wasm_memory_bytes(),
        before,
        "16 MiB up and down left wasm memory as it was"
    );
}

#[wasm_bindgen_test]
async fn a_large_string_keeps_its_bytes_and_default_content_type() {
    // Large enough for the browser path that sends it as a Blob.
    let text = "héllo wörld · ".repeat(30_000);
    let res = put(at("/echo"), JsValue::NULL, text.clone().into())
        .await
        .unwrap();
    let echo = json(&res);
    assert_eq!(num(&echo, "bodySize"), text.len() as f64);
    assert_eq!(
        string(&get(&echo, "headers"), "content-type").to_lowercase(),
        "text/plain;charset=utf-8"
    );
}

#[wasm_bindgen_test]
async fn large_bytes_arrive_exactly() {
    let data: Vec<u8> = (0..600_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let res = put(
        at("/echo-body"),
        JsValue::NULL,
        Uint8Array::from(data.as_slice()).into(),
    )
    .await
    .unwrap();
    assert_eq!(bytes(&get(&res, "content")), data);
}

#[wasm_bindgen_test]
async fn form_data_is_sent_as_multipart_with_its_boundary() {
    let form = web_sys::FormData::new().unwrap();
    form.append_with_str("name", "John Doe").unwrap();
    let res = put(at("/echo"), JsValue::NULL, form.into()).await.unwrap();
    let echo = json(&res);
    let content_type = string(&get(&echo, "headers"), "content-type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let body = string(&echo, "body");
    assert!(body.starts_with(&format!("--{boundary}\r\n")), "{body}");
    assert!(
        body.contains("Content-Disposition: form-data; name=\"name\"\r\n\r\nJohn Doe\r\n"),
        "{body}"
    );
}

#[wasm_bindgen_test]
async fn url_search_params_are_sent_as_a_form() {
    let params = web_sys::UrlSearchParams::new_with_str("a=1&b=x y").unwrap();
    let res = put(at("/echo"), JsValue::NULL, params.into())
        .await
        .unwrap();
    let echo = json(&res);
    assert_eq!(string(&echo, "body"), "a=1&b=x+y");
    assert_eq!(
        string(&get(&echo, "headers"), "content-type"),
        "application/x-www-form-urlencoded;charset=UTF-8"
    );
}

#[wasm_bindgen_test]
async fn a_file_is_sent_with_its_type() {
    let file = js_eval("return new File(['hello, file'], 'note.txt', { type: 'text/x-note' });");
    let res = put(at("/echo-body"), JsValue::NULL, file).await.unwrap();
    assert_eq!(string(&res, "text"), "hello, file");
    assert_eq!(string(&get(&res, "headers"), "content-type"), "text/x-note");
}

#[wasm_bindgen_test]
async fn views_send_only_their_own_bytes() {
    let whole = Uint8Array::from(&sample()[..]);
    let sub = whole.subarray(3, 11);
    let res = put(at("/echo-body"), JsValue::NULL, sub.into())
        .await
        .unwrap();
    assert_eq!(
        bytes(&get(&res, "content")),
        sample()[3..11].to_vec(),
        "a subarray"
    );
    let view = js_sys::DataView::new(&whole.buffer(), 5, 4);
    let res = put(at("/echo-body"), JsValue::NULL, view.into())
        .await
        .unwrap();
    assert_eq!(
        bytes(&get(&res, "content")),
        sample()[5..9].to_vec(),
        "a DataView"
    );
}
