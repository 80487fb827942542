//! The fault endpoints the library's fault-injection tests (`tests/faults.rs`) use,
//! seen from a plain HTTP client: each fails the way it says, and only that way.

mod common;

use std::time::{Duration, Instant};

use common::{agent, header, raw_exchange, start};

#[test]
fn drop_with_chunked_sends_no_length_and_never_the_last_chunk() {
    let server = start();
    let answer = raw_exchange(
        server.addr,
        b"GET /drop?chunked=1 HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200 ok"), "{head}");
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    let body = &answer[split + 4..];
    assert!(body.len() > 4096, "{}", body.len());
    assert!(
        !body.ends_with(b"0\r\n\r\n"),
        "the terminating chunk was sent"
    );
    let outcome = agent()
        .get(server.url("/drop?chunked=1"))
        .call()
        .and_then(|mut response| response.body_mut().read_to_vec());
    assert!(outcome.is_err(), "{outcome:?}");
}

#[test]
fn slow_body_sends_its_head_and_first_chunk_at_once_and_the_rest_later() {
    let server = start();
    let started = Instant::now();
    let mut response = agent().get(server.url("/slow-body/700")).call().unwrap();
    assert_eq!(response.status(), 200);
    assert!(started.elapsed() < Duration::from_millis(500));
    let body = response.body_mut().read_to_string().unwrap();
    assert!(started.elapsed() >= Duration::from_millis(650));
    assert!(body.starts_with("first chunk") && body.contains("rest of the body"));
}

#[test]
fn a_503_storm_with_retry_after_counts_every_attempt_per_key() {
    let server = start();
    let client = agent();
    for attempt in 1..=6 {
        let response = client
            .put(server.url("/flaky/storm?fails=5&status=503&retryAfter=7"))
            .send("x")
            .unwrap();
        let expected = if attempt <= 5 { 503 } else { 200 };
        assert_eq!(response.status(), expected, "attempt {attempt}");
        assert_eq!(
            header(&response, "x-attempt").as_deref(),
            Some(attempt.to_string().as_str())
        );
        let retry_after = header(&response, "retry-after");
        assert_eq!(retry_after.is_some(), attempt <= 5, "attempt {attempt}");
    }
}

#[test]
fn big_headers_of_256_kib_are_sent_whole() {
    let server = start();
    let answer = raw_exchange(
        server.addr,
        b"GET /big-headers?bytes=262144 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    assert!(split > 262_144, "{split}");
}

#[test]
fn hang_up_closes_the_connection_without_any_answer() {
    let server = start();
    for request in [
        &b"GET /hang-up HTTP/1.1\r\nHost: x\r\n\r\n"[..],
        b"PUT /hang-up HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
    ] {
        let answer = raw_exchange(server.addr, request);
        assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    }
    assert!(agent().get(server.url("/hang-up")).call().is_err());
    assert_eq!(
        agent().get(server.url("/echo")).call().unwrap().status(),
        200
    );
}

#[test]
fn bad_encoding_announces_gzip_and_sends_plain_text() {
    let server = start();
    let answer = raw_exchange(
        server.addr,
        b"GET /bad-encoding HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let text = String::from_utf8_lossy(&answer).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 200"), "{text}");
    assert!(text.contains("\r\ncontent-encoding: gzip\r\n"), "{text}");
    assert!(
        text.ends_with("this is not gzip at all, whatever the header says\n"),
        "{text}"
    );
}
