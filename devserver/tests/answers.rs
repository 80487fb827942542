//! `/bytes/{n}`, `/big-headers` and `/drop`: large, odd and broken answers.

mod common;

use common::{agent, header, json, raw_exchange, start};

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 256) as u8).collect()
}

#[test]
fn bytes_answers_n_pattern_bytes_with_content_length() {
    let server = start();
    let mut response = agent().get(server.url("/bytes/200000")).call().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-length").as_deref(),
        Some("200000")
    );
    assert_eq!(header(&response, "transfer-encoding"), None);
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(common::bytes(&mut response), pattern(200_000));
}

#[test]
fn bytes_with_chunked_streams_without_content_length() {
    let server = start();
    let mut response = agent()
        .get(server.url("/bytes/200000?chunked=1"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-length"), None);
    assert_eq!(
        header(&response, "transfer-encoding").as_deref(),
        Some("chunked")
    );
    assert_eq!(common::bytes(&mut response), pattern(200_000));
}

#[test]
fn bytes_zero_is_an_empty_body() {
    let server = start();
    let mut response = agent().put(server.url("/bytes/0")).send("ignored").unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-length").as_deref(), Some("0"));
    assert!(common::bytes(&mut response).is_empty());
}

#[test]
fn bytes_over_64_mib_or_not_a_number_answers_400() {
    let server = start();
    for n in ["67108865", "lots", "-5"] {
        let mut response = agent()
            .get(server.url(&format!("/bytes/{n}")))
            .call()
            .unwrap();
        assert_eq!(response.status(), 400, "{n}");
        assert!(json(&mut response)["error"].is_string());
    }
}

#[test]
fn big_headers_sends_an_x_big_header_of_the_size_asked_for() {
    let server = start();
    let client = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_response_header_size(2 * 1024 * 1024)
        .input_buffer_size(2 * 1024 * 1024)
        .build()
        .new_agent();
    for size in [0usize, 100, 70_000, 1024 * 1024] {
        let mut response = client
            .get(server.url(&format!("/big-headers?bytes={size}")))
            .call()
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "x-big").map(|v| v.len()), Some(size));
        assert_eq!(json(&mut response)["bytes"], size);
    }
    let mut too_big = client
        .get(server.url("/big-headers?bytes=1048577"))
        .call()
        .unwrap();
    assert_eq!(too_big.status(), 400);
    assert!(json(&mut too_big)["error"].is_string());
}

#[test]
fn drop_gives_the_client_an_error_rather_than_a_short_success() {
    let server = start();
    let outcome = agent()
        .get(server.url("/drop"))
        .call()
        .and_then(|mut response| response.body_mut().read_to_vec());
    assert!(outcome.is_err(), "{outcome:?}");
}

#[test]
fn drop_announces_100000_bytes_and_closes_after_a_few_kib() {
    let server = start();
    let answer = raw_exchange(server.addr, b"GET /drop HTTP/1.1\r\nHost: x\r\n\r\n");
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..split]).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200 ok"), "{head}");
    assert!(head.contains("content-length: 100000"), "{head}");
    let body_len = answer.len() - split - 4;
    assert!(body_len > 0 && body_len < 100_000, "{body_len}");
}
