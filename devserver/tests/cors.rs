//! CORS: preflights mirror what they ask for, and every answer (errors and static
//! files included) lets any origin read it, never with credentials.

mod common;

use common::{agent, header, raw_exchange, start, start_with};
use ureq::http::Request;

fn assert_readable_by_any_origin(response: &ureq::http::Response<ureq::Body>, what: &str) {
    assert_eq!(
        header(response, "access-control-allow-origin").as_deref(),
        Some("*"),
        "{what}"
    );
    assert_eq!(
        header(response, "access-control-expose-headers").as_deref(),
        Some("*"),
        "{what}"
    );
    assert_eq!(
        header(response, "access-control-allow-credentials"),
        None,
        "{what}"
    );
}

fn preflight(url: &str, method: &str, headers: Option<&str>) -> ureq::http::Response<ureq::Body> {
    let mut request = Request::builder()
        .method("OPTIONS")
        .uri(url)
        .header("Origin", "http://example.test:3000")
        .header("Access-Control-Request-Method", method);
    if let Some(headers) = headers {
        request = request.header("Access-Control-Request-Headers", headers);
    }
    agent().run(request.body(()).unwrap()).unwrap()
}

#[test]
fn preflight_answers_204_mirroring_the_method_and_headers_asked_for() {
    let server = start();
    let response = preflight(
        &server.url("/resources/x"),
        "PUT",
        Some("authorization, content-type, x-custom-thing"),
    );
    assert_eq!(response.status(), 204);
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(
        header(&response, "access-control-allow-methods").as_deref(),
        Some("PUT")
    );
    assert_eq!(
        header(&response, "access-control-allow-headers").as_deref(),
        Some("authorization, content-type, x-custom-thing")
    );
    assert_eq!(
        header(&response, "access-control-max-age").as_deref(),
        Some("600")
    );
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
}

#[test]
fn preflight_works_on_any_path_and_method() {
    let server = start();
    for (path, method) in [
        ("/echo", "PATCH"),
        ("/status/500", "DELETE"),
        ("/no/such/route", "PUT"),
        ("/sink", "PUT"),
    ] {
        let response = preflight(&server.url(path), method, None);
        assert_eq!(response.status(), 204, "{path}");
        assert_eq!(
            header(&response, "access-control-allow-methods").as_deref(),
            Some(method)
        );
        assert_eq!(header(&response, "access-control-allow-headers"), None);
        assert_eq!(header(&response, "access-control-allow-credentials"), None);
    }
}

#[test]
fn preflight_does_not_count_as_a_flaky_attempt() {
    let server = start();
    preflight(&server.url("/flaky/pre"), "PUT", Some("x-a"));
    let response = agent().get(server.url("/flaky/pre")).call().unwrap();
    assert_eq!(header(&response, "x-attempt").as_deref(), Some("1"));
}

#[test]
fn options_without_a_preflight_header_reaches_the_route() {
    let server = start();
    let request = Request::builder()
        .method("OPTIONS")
        .uri(server.url("/echo"))
        .body(())
        .unwrap();
    let mut response = agent().run(request).unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(common::json(&mut response)["method"], "OPTIONS");
}

#[test]
fn every_kind_of_answer_is_readable_by_any_origin() {
    let server = start_with(|config| {
        config.max_body = 10;
        config.max_resources = 1;
        std::fs::create_dir_all(config.root.join("www")).unwrap();
        std::fs::write(config.root.join("www/index.html"), "<p>hi</p>").unwrap();
    });
    let client = agent();
    let created = client.put(server.url("/resources/a")).send("x").unwrap();
    assert_eq!(created.status(), 201);
    assert_readable_by_any_origin(&created, "201");
    let cases = [
        ("GET", "/echo", 200),
        ("GET", "/", 200),
        ("GET", "/missing.js", 404),
        ("PUT", "/nowhere", 404),
        ("POST", "/sink", 405),
        ("PUT", "/resources/..", 400),
        ("PUT", "/resources/b", 507),
        ("GET", "/status/500", 500),
        ("GET", "/status/204", 204),
        ("GET", "/redirect/1", 307),
        ("GET", "/flaky/c", 503),
    ];
    for (method, path, status) in cases {
        let request = Request::builder()
            .method(method)
            .uri(server.url(path))
            .header("Origin", "http://example.test")
            .body(())
            .unwrap();
        let response = client.run(request).unwrap();
        assert_eq!(response.status(), status, "{method} {path}");
        assert_readable_by_any_origin(&response, path);
    }
    let too_large = client
        .put(server.url("/resources/a"))
        .send("more than ten bytes")
        .unwrap();
    assert_eq!(too_large.status(), 413);
    assert_readable_by_any_origin(&too_large, "413");
    let precondition = client
        .put(server.url("/resources/a"))
        .header("If-Match", "\"stale\"")
        .send("y")
        .unwrap();
    assert_eq!(precondition.status(), 412);
    assert_readable_by_any_origin(&precondition, "412");
}

#[test]
fn answers_are_never_cached() {
    let server = start();
    let response = agent().get(server.url("/echo")).call().unwrap();
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("no-store")
    );
}

#[test]
fn preflight_over_a_raw_connection_has_no_allow_credentials() {
    let server = start();
    let answer = raw_exchange(
        server.addr,
        b"OPTIONS /resources/x HTTP/1.1\r\nHost: x\r\nOrigin: http://a.test\r\n\
          Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: authorization\r\n\
          Connection: close\r\n\r\n",
    );
    let answer = String::from_utf8_lossy(&answer).to_ascii_lowercase();
    assert!(answer.starts_with("http/1.1 204"), "{answer}");
    assert!(
        answer.contains("access-control-allow-headers: authorization"),
        "{answer}"
    );
    assert!(
        !answer.contains("access-control-allow-credentials"),
        "{answer}"
    );
}
