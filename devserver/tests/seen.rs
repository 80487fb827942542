//! `/seen/{*key}`: the server reports what it saw, so a client's tests can check what
//! really arrived.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::{agent, header, json, start, start_with, TestServer, Zeros};
use serde_json::{json, Value};
use ureq::SendBody;

/// What the server recorded under `key` (a path such as `/resources/x`).
fn seen(server: &TestServer, key: &str) -> Value {
    let mut response = agent()
        .get(server.url(&format!("/seen{key}")))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    json(&mut response)
}

/// Asks for `key` until `ready` holds for its record (or 5 seconds pass), and returns it.
fn seen_when(server: &TestServer, key: &str, ready: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let record = seen(server, key);
        if ready(&record) || Instant::now() > deadline {
            return record;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_put_then_a_get_of_a_resource_are_recorded_in_order_with_what_they_carried() {
    let server = start();
    let client = agent();
    let put = client
        .put(server.url("/resources/seen-a?delay=1"))
        .header("content-type", "text/plain")
        .header("x-many", "one")
        .header("x-many", "two")
        .send("hello")
        .unwrap();
    assert_eq!(put.status(), 201);
    let etag = header(&put, "etag").unwrap();
    let get = client.get(server.url("/resources/seen-a")).call().unwrap();
    assert_eq!(get.status(), 200);

    let record = seen(&server, "/resources/seen-a");
    assert_eq!(record["key"], "/resources/seen-a");
    assert_eq!(record["inFlight"], 0);
    assert_eq!(record["maxInFlight"], 1);
    assert_eq!(record["dropped"], 0);
    let requests = record["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2, "{record}");

    let first = &requests[0];
    assert_eq!(first["method"], "PUT");
    assert_eq!(first["query"], "delay=1");
    assert_eq!(first["headers"]["content-type"], "text/plain");
    assert_eq!(first["headers"]["x-many"], "one, two");
    assert_eq!(first["headers"]["content-length"], "5");
    assert_eq!(first["bodySize"], 5);
    assert_eq!(first["body"], "hello");
    assert_eq!(first["status"], 201);
    assert_eq!(first["etag"], etag.as_str());

    let second = &requests[1];
    assert_eq!(second["method"], "GET");
    assert_eq!(second["query"], "");
    assert_eq!(second["bodySize"], 0);
    assert_eq!(second["body"], "");
    assert_eq!(second["status"], 200);
    assert_eq!(second["etag"], etag.as_str());

    let times = |request: &Value| {
        (
            request["arrivedMs"].as_f64().unwrap(),
            request["endedMs"].as_f64().unwrap(),
        )
    };
    let (first_arrived, first_ended) = times(first);
    let (second_arrived, second_ended) = times(second);
    assert!(
        0.0 <= first_arrived && first_arrived <= first_ended,
        "{record}"
    );
    assert!(
        first_ended <= second_arrived && second_arrived <= second_ended,
        "{record}"
    );
}

#[test]
fn a_large_or_binary_body_is_counted_but_not_shown() {
    let server = start();
    let client = agent();
    client
        .put(server.url("/echo"))
        .send(&[b'x'; 1025][..])
        .unwrap();
    client
        .put(server.url("/echo"))
        .send(&[0xff, 0xfe][..])
        .unwrap();
    client
        .put(server.url("/echo"))
        .send(&[b'y'; 1024][..])
        .unwrap();
    let record = seen(&server, "/echo");
    let requests = record["requests"].as_array().unwrap();
    assert_eq!(requests[0]["bodySize"], 1025);
    assert_eq!(requests[0]["body"], Value::Null);
    assert_eq!(requests[1]["bodySize"], 2);
    assert_eq!(requests[1]["body"], Value::Null);
    assert_eq!(requests[2]["bodySize"], 1024);
    assert_eq!(requests[2]["body"], "y".repeat(1024));
}

#[test]
fn overlapping_delays_are_counted_in_flight_together() {
    let server = Arc::new(start());
    let barrier = Arc::new(Barrier::new(2));
    let clients: Vec<_> = (0..2)
        .map(|_| {
            let server = Arc::clone(&server);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                agent()
                    .get(server.url("/delay/300"))
                    .call()
                    .unwrap()
                    .status()
            })
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().unwrap(), 200);
    }
    let record = seen(&server, "/delay/300");
    assert_eq!(record["requests"].as_array().unwrap().len(), 2);
    assert_eq!(record["maxInFlight"], 2, "{record}");
    assert_eq!(record["inFlight"], 0);
}

#[test]
fn sequential_delays_are_never_in_flight_together() {
    let server = start();
    let client = agent();
    for _ in 0..2 {
        assert_eq!(
            client
                .get(server.url("/delay/300"))
                .call()
                .unwrap()
                .status(),
            200
        );
    }
    let record = seen(&server, "/delay/300");
    assert_eq!(record["requests"].as_array().unwrap().len(), 2);
    assert_eq!(record["maxInFlight"], 1, "{record}");
    assert_eq!(record["inFlight"], 0);
}

#[test]
fn a_key_never_seen_answers_200_with_no_requests_and_zeros() {
    let server = start();
    let response = agent()
        .get(server.url("/seen/resources/never"))
        .header("origin", "http://a.test")
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    let mut response = response;
    assert_eq!(
        json(&mut response),
        json!({
            "key": "/resources/never",
            "requests": [],
            "inFlight": 0,
            "maxInFlight": 0,
            "dropped": 0,
        })
    );
}

#[test]
fn static_files_and_seen_itself_are_not_recorded() {
    let server = start();
    let client = agent();
    assert_eq!(
        client
            .get(server.url("/nothing.html"))
            .call()
            .unwrap()
            .status(),
        404
    );
    seen(&server, "/echo");
    assert_eq!(seen(&server, "/nothing.html")["requests"], json!([]));
    assert_eq!(seen(&server, "/seen/echo")["requests"], json!([]));
}

#[test]
fn a_method_an_api_route_does_not_take_is_recorded_with_its_405() {
    let server = start();
    let response = agent().get(server.url("/sink")).call().unwrap();
    assert_eq!(response.status(), 405);
    let record = seen(&server, "/sink");
    assert_eq!(record["requests"][0]["method"], "GET");
    assert_eq!(record["requests"][0]["status"], 405);
}

#[test]
fn delete_forgets_a_key() {
    let server = start();
    let client = agent();
    client.get(server.url("/echo")).call().unwrap();
    assert_eq!(
        seen(&server, "/echo")["requests"].as_array().unwrap().len(),
        1
    );
    let forget = client.delete(server.url("/seen/echo")).call().unwrap();
    assert_eq!(forget.status(), 204);
    assert_eq!(
        header(&forget, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    let record = seen(&server, "/echo");
    assert_eq!(record["requests"], json!([]));
    assert_eq!(record["maxInFlight"], 0);
    // Forgetting a key never seen is fine too.
    let again = client.delete(server.url("/seen/never")).call().unwrap();
    assert_eq!(again.status(), 204);
}

#[test]
fn past_a_thousand_requests_a_key_drops_the_oldest_and_counts_them() {
    let server = start();
    let client = agent();
    for n in 0..1005 {
        client
            .get(server.url(&format!("/echo?n={n}")))
            .call()
            .unwrap();
    }
    let record = seen(&server, "/echo");
    let requests = record["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 1000);
    assert_eq!(record["dropped"], 5);
    assert_eq!(requests[0]["query"], "n=5");
    assert_eq!(requests[999]["query"], "n=1004");
}

#[test]
fn a_client_that_hangs_up_mid_delay_leaves_nothing_in_flight() {
    let server = start();
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .write_all(b"GET /delay/5000 HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let during = seen_when(&server, "/delay/5000", |record| record["inFlight"] == 1);
    assert_eq!(during["inFlight"], 1, "{during}");
    assert_eq!(during["requests"][0]["endedMs"], Value::Null);
    assert_eq!(during["requests"][0]["status"], Value::Null);

    let hung_up = Instant::now();
    drop(stream);
    let after = seen_when(&server, "/delay/5000", |record| record["inFlight"] == 0);
    assert_eq!(after["inFlight"], 0, "{after}");
    // Well before the delay would have ended: the dropped request ended the count.
    assert!(hung_up.elapsed() < Duration::from_secs(4));
    assert!(after["requests"][0]["endedMs"].is_f64(), "{after}");
    assert_eq!(after["requests"][0]["status"], Value::Null);
    assert_eq!(after["maxInFlight"], 1);
}

#[test]
fn a_body_over_max_body_still_answers_413_and_is_recorded() {
    let server = start_with(|config| config.max_body = 1000);
    let client = agent();
    let mut sized = client
        .put(server.url("/resources/big"))
        .send(&[b'x'; 2000][..])
        .unwrap();
    assert_eq!(sized.status(), 413);
    assert!(json(&mut sized)["error"]
        .as_str()
        .unwrap()
        .contains("--max-body"));
    let mut zeros = Zeros(5000);
    let mut chunked = client
        .put(server.url("/resources/big"))
        .send(SendBody::from_reader(&mut zeros))
        .unwrap();
    assert_eq!(chunked.status(), 413);
    assert!(json(&mut chunked)["error"].is_string());
    let fits = client
        .put(server.url("/resources/big"))
        .send(&[b'x'; 1000][..])
        .unwrap();
    assert_eq!(fits.status(), 201);

    let record = seen(&server, "/resources/big");
    let requests = record["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0]["status"], 413);
    assert_eq!(requests[0]["bodySize"], 2000);
    assert_eq!(requests[0]["body"], Value::Null);
    assert_eq!(requests[0]["etag"], Value::Null);
    assert_eq!(requests[1]["status"], 413);
    assert_eq!(requests[1]["headers"]["transfer-encoding"], "chunked");
    assert_eq!(requests[1]["bodySize"], 5000);
    assert_eq!(requests[2]["status"], 201);
    assert_eq!(requests[2]["bodySize"], 1000);
}
