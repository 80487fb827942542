//! `/echo`, `/echo-body` and `/sink`: routes that reflect or swallow what they get.

mod common;

use common::{agent, header, json, start, start_with, Zeros};
use serde_json::json;
use ureq::http::Request;
use ureq::SendBody;

#[test]
fn echo_reflects_method_path_query_args_and_headers() {
    let server = start();
    let mut response = agent()
        .put(server.url("/echo?a=1&b=two%20words&a=3&flag"))
        .header("X-Custom", "custom value")
        .header("Content-Type", "text/plain; charset=utf-8")
        .send("héllo")
        .unwrap();
    assert_eq!(response.status(), 200);
    let echo = json(&mut response);
    assert_eq!(echo["method"], "PUT");
    assert_eq!(echo["path"], "/echo");
    assert_eq!(echo["query"], "a=1&b=two%20words&a=3&flag");
    assert_eq!(
        echo["args"],
        json!({ "a": ["1", "3"], "b": "two words", "flag": "" })
    );
    assert_eq!(echo["headers"]["x-custom"], "custom value");
    assert_eq!(echo["headers"]["content-type"], "text/plain; charset=utf-8");
    assert_eq!(echo["contentType"], "text/plain; charset=utf-8");
    assert_eq!(echo["bodySize"], "héllo".len());
    assert_eq!(echo["body"], "héllo");
    assert!(echo["form"].is_null());
}

#[test]
fn echo_answers_any_method() {
    let server = start();
    let client = agent();
    for method in ["GET", "POST", "PATCH", "DELETE", "OPTIONS", "PURGE"] {
        let request = Request::builder()
            .method(method)
            .uri(server.url("/echo"))
            .body(())
            .unwrap();
        let mut response = client.run(request).unwrap();
        assert_eq!(response.status(), 200, "{method}");
        let echo = json(&mut response);
        assert_eq!(echo["method"], method);
        assert_eq!(echo["bodySize"], 0);
        assert_eq!(echo["query"], "");
        assert_eq!(echo["args"], json!({}));
        assert!(echo["contentType"].is_null());
    }
}

#[test]
fn echo_parses_urlencoded_form_bodies() {
    let server = start();
    let mut response = agent()
        .put(server.url("/echo"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send("name=wasm+put&tag=a&tag=b&empty=")
        .unwrap();
    let echo = json(&mut response);
    assert_eq!(
        echo["form"],
        json!({ "name": "wasm put", "tag": ["a", "b"], "empty": "" })
    );
    assert_eq!(echo["body"], "name=wasm+put&tag=a&tag=b&empty=");
}

#[test]
fn echo_gives_no_text_for_bodies_that_are_not_utf8() {
    let server = start();
    let mut response = agent()
        .put(server.url("/echo"))
        .send(&[0xffu8, 0xfe, 0x00][..])
        .unwrap();
    let echo = json(&mut response);
    assert_eq!(echo["bodySize"], 3);
    assert!(echo["body"].is_null());
}

#[test]
fn echo_counts_a_64_mib_streamed_body_without_echoing_it() {
    let server = start();
    let size: u64 = 64 * 1024 * 1024;
    let mut zeros = Zeros(size);
    let mut response = agent()
        .put(server.url("/echo"))
        .send(SendBody::from_reader(&mut zeros))
        .unwrap();
    assert_eq!(response.status(), 200);
    let echo = json(&mut response);
    assert_eq!(echo["bodySize"], size);
    assert!(echo["body"].is_null(), "bodies over 1 MiB are counted only");
    assert_eq!(echo["headers"]["transfer-encoding"], "chunked");
}

#[test]
fn echo_shows_bodies_up_to_1_mib_as_text() {
    let server = start();
    let exactly = "y".repeat(1024 * 1024);
    let mut response = agent().put(server.url("/echo")).send(&exactly).unwrap();
    let echo = json(&mut response);
    assert_eq!(echo["body"].as_str().map(str::len), Some(exactly.len()));
    let over = "y".repeat(1024 * 1024 + 1);
    let mut response = agent().put(server.url("/echo")).send(&over).unwrap();
    assert!(json(&mut response)["body"].is_null());
}

#[test]
fn echo_body_answers_with_the_body_and_content_type_verbatim() {
    let server = start();
    let data: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let mut response = agent()
        .put(server.url("/echo-body"))
        .header("Content-Type", "image/x-test; q=1")
        .send(&data[..])
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("image/x-test; q=1")
    );
    assert_eq!(common::bytes(&mut response), data);
}

#[test]
fn echo_body_without_content_type_answers_octet_stream() {
    let server = start();
    let mut response = agent()
        .post(server.url("/echo-body"))
        .send("plain")
        .unwrap();
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(common::text(&mut response), "plain");
}

#[test]
fn echo_body_over_max_body_answers_413() {
    let server = start_with(|config| config.max_body = 100);
    let mut sized = agent()
        .put(server.url("/echo-body"))
        .send(&[1u8; 101][..])
        .unwrap();
    assert_eq!(sized.status(), 413);
    assert!(json(&mut sized)["error"].is_string());
    let mut zeros = Zeros(101);
    let chunked = agent()
        .put(server.url("/echo-body"))
        .send(SendBody::from_reader(&mut zeros))
        .unwrap();
    assert_eq!(chunked.status(), 413);
}

#[test]
fn sink_swallows_any_body_and_answers_204() {
    let server = start_with(|config| config.max_body = 10);
    let mut zeros = Zeros(8 * 1024 * 1024);
    let mut response = agent()
        .put(server.url("/sink"))
        .send(SendBody::from_reader(&mut zeros))
        .unwrap();
    assert_eq!(response.status(), 204, "no size limit on /sink");
    assert_eq!(common::text(&mut response), "");
    let sized = agent()
        .put(server.url("/sink"))
        .send(&[7u8; 1000][..])
        .unwrap();
    assert_eq!(sized.status(), 204);
}
