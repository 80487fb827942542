//! `/flaky/{key}`: endpoints that fail a set number of times, for testing retries.

mod common;

use common::{agent, header, json, start};
use serde_json::json;
use std::time::{Duration, Instant};

#[test]
fn flaky_fails_twice_with_503_by_default_then_succeeds() {
    let server = start();
    let client = agent();
    let url = server.url("/flaky/default");
    for attempt in 1..=2 {
        let mut response = client.put(&url).send("payload").unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(header(&response, "x-attempt"), Some(attempt.to_string()));
        assert_eq!(header(&response, "retry-after"), None);
        assert_eq!(json(&mut response)["attempts"], attempt);
    }
    for attempt in 3..=4 {
        let mut response = client.put(&url).send("payload").unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "x-attempt"), Some(attempt.to_string()));
        assert_eq!(json(&mut response), json!({ "attempts": attempt }));
    }
}

#[test]
fn flaky_takes_the_number_of_failures_status_and_retry_after() {
    let server = start();
    let client = agent();
    let url = server.url("/flaky/custom?fails=1&status=429&retryAfter=2");
    let first = client.get(&url).call().unwrap();
    assert_eq!(first.status(), 429);
    assert_eq!(header(&first, "retry-after").as_deref(), Some("2"));
    assert_eq!(header(&first, "x-attempt").as_deref(), Some("1"));
    let second = client.get(&url).call().unwrap();
    assert_eq!(second.status(), 200);
    assert_eq!(header(&second, "retry-after"), None);
    assert_eq!(header(&second, "x-attempt").as_deref(), Some("2"));
}

#[test]
fn flaky_passes_an_http_date_retry_after_through_as_is() {
    let server = start();
    let response = agent()
        .get(server.url("/flaky/dated?retryAfter=Wed,%2021%20Oct%202015%2007:28:00%20GMT"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(
        header(&response, "retry-after").as_deref(),
        Some("Wed, 21 Oct 2015 07:28:00 GMT")
    );
}

#[test]
fn flaky_with_zero_fails_succeeds_at_once() {
    let server = start();
    let response = agent()
        .get(server.url("/flaky/never?fails=0"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "x-attempt").as_deref(), Some("1"));
}

#[test]
fn flaky_with_a_delay_answers_its_failures_late_and_its_success_at_once() {
    let server = start();
    let client = agent();
    let url = server.url("/flaky/late?fails=1&delay=400");
    let started = Instant::now();
    let first = client.put(&url).send("x").unwrap();
    assert_eq!(first.status(), 503);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(400),
        "answered after {waited:?}"
    );
    let started = Instant::now();
    let second = client.put(&url).send("x").unwrap();
    assert_eq!(second.status(), 200);
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_millis(400),
        "answered after {waited:?}"
    );
}

#[test]
fn keys_count_their_attempts_separately() {
    let server = start();
    let client = agent();
    client.get(server.url("/flaky/one")).call().unwrap();
    client.get(server.url("/flaky/one")).call().unwrap();
    let other = client.get(server.url("/flaky/two")).call().unwrap();
    assert_eq!(header(&other, "x-attempt").as_deref(), Some("1"));
}

#[test]
fn delete_resets_the_counter() {
    let server = start();
    let client = agent();
    let url = server.url("/flaky/reset");
    client.get(&url).call().unwrap();
    client.get(&url).call().unwrap();
    assert_eq!(client.get(&url).call().unwrap().status(), 200);
    let reset = client.delete(&url).call().unwrap();
    assert_eq!(reset.status(), 204);
    let after = client.get(&url).call().unwrap();
    assert_eq!(after.status(), 503);
    assert_eq!(header(&after, "x-attempt").as_deref(), Some("1"));
}

#[test]
fn flaky_with_bad_parameters_answers_400() {
    let server = start();
    let client = agent();
    for path in [
        "/flaky/k?fails=many",
        "/flaky/k?status=700",
        "/flaky/k?status=100",
        "/flaky/k?retryAfter=%0A",
        "/flaky/k?delay=soon",
        "/flaky/bad%20key",
    ] {
        let mut response = client.get(server.url(path)).call().unwrap();
        assert_eq!(response.status(), 400, "{path}");
        assert!(json(&mut response)["error"].is_string());
    }
    // None of those counted as an attempt.
    let first = client.get(server.url("/flaky/k")).call().unwrap();
    assert_eq!(header(&first, "x-attempt").as_deref(), Some("1"));
}
