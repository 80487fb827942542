//! `/status/{code}`: answers with any status a test asks for.

mod common;

use common::{agent, header, json, start, text};
use serde_json::json;

#[test]
fn status_answers_with_the_code_asked_for_and_a_json_body() {
    let server = start();
    let client = agent();
    for code in [
        200u16, 201, 202, 400, 403, 404, 409, 418, 422, 429, 500, 502, 503, 599,
    ] {
        let mut response = client
            .get(server.url(&format!("/status/{code}")))
            .call()
            .unwrap();
        assert_eq!(response.status(), code);
        assert_eq!(json(&mut response), json!({ "status": code }));
    }
}

#[test]
fn status_reads_a_put_body_before_answering() {
    let server = start();
    let client = agent();
    let body = vec![b'z'; 2 * 1024 * 1024];
    let mut response = client.put(server.url("/status/500")).send(&body).unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(json(&mut response)["status"], 500);
    // The connection is still usable afterwards.
    let again = client.put(server.url("/status/201")).send(&body).unwrap();
    assert_eq!(again.status(), 201);
}

#[test]
fn status_204_and_304_have_no_body() {
    let server = start();
    let client = agent();
    for code in [204u16, 304] {
        let mut response = client
            .get(server.url(&format!("/status/{code}")))
            .call()
            .unwrap();
        assert_eq!(response.status(), code);
        assert_eq!(text(&mut response), "");
    }
}

#[test]
fn status_401_asks_for_basic_auth() {
    let server = start();
    let response = agent().get(server.url("/status/401")).call().unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        header(&response, "www-authenticate").as_deref(),
        Some("Basic realm=\"wasm-put\"")
    );
}

#[test]
fn status_codes_that_cannot_be_answered_give_400() {
    let server = start();
    let client = agent();
    for code in ["100", "199", "600", "1000", "99", "abc", "-1", "200.5"] {
        let mut response = client
            .get(server.url(&format!("/status/{code}")))
            .call()
            .unwrap();
        assert_eq!(response.status(), 400, "{code}");
        assert!(json(&mut response)["error"].is_string());
    }
}
