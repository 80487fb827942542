//! `/delay/{ms}` and `/slow-body/{ms}`: answers that take their time.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{agent, json, start};

#[test]
fn delay_waits_before_answering() {
    let server = start();
    let started = Instant::now();
    let mut response = agent()
        .put(server.url("/delay/200"))
        .send("a body that is read first")
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status(), 200);
    assert_eq!(json(&mut response), serde_json::json!({ "delayed": 200 }));
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
}

#[test]
fn a_client_timeout_shorter_than_the_delay_fails() {
    let server = start();
    let client = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_millis(100)))
        .build()
        .new_agent();
    let result = client.get(server.url("/delay/1000")).call();
    assert!(result.is_err(), "{result:?}");
}

#[test]
fn delay_with_a_bad_duration_answers_400() {
    let server = start();
    let mut response = agent().get(server.url("/delay/soon")).call().unwrap();
    assert_eq!(response.status(), 400);
    assert!(json(&mut response)["error"]
        .as_str()
        .unwrap()
        .contains("delay"));
}

#[test]
fn slow_body_sends_headers_and_a_first_chunk_before_waiting() {
    let server = start();
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /slow-body/300 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    let mut first_chunk_at = None;
    loop {
        let n = stream.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        received.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&received);
        if first_chunk_at.is_none() && text.contains("first chunk") {
            first_chunk_at = Some(started.elapsed());
        }
    }
    let finished_at = started.elapsed();
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200 OK"), "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("content-type: text/plain"),
        "{text}"
    );
    assert!(text.contains("rest of the body"), "{text}");
    let first_chunk_at = first_chunk_at.unwrap();
    assert!(
        finished_at - first_chunk_at >= Duration::from_millis(250),
        "first chunk at {first_chunk_at:?}, end at {finished_at:?}"
    );
}

#[test]
fn a_client_reading_a_slow_body_with_a_short_timeout_fails() {
    let server = start();
    let client = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_millis(150)))
        .build()
        .new_agent();
    let outcome = client
        .get(server.url("/slow-body/1000"))
        .call()
        .and_then(|mut response| response.body_mut().read_to_string());
    assert!(outcome.is_err(), "{outcome:?}");
}
