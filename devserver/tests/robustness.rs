//! Misbehaving clients: slow heads, garbage, cut-off bodies. The server answers or
//! closes as fits, and keeps serving everyone else.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{agent, json, raw_exchange, start, start_with};

fn still_serving(server: &common::TestServer) {
    let mut response = agent().get(server.url("/echo")).call().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(json(&mut response)["method"], "GET");
}

#[test]
fn a_client_that_trickles_its_head_is_cut_off_after_the_header_timeout() {
    let server = start_with(|config| config.header_read_timeout = Duration::from_millis(300));
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /echo HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    let mut rest = Vec::new();
    // The server closes the connection (after a 408 or without a word).
    let _ = stream.read_to_end(&mut rest);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
    let rest = String::from_utf8_lossy(&rest);
    assert!(
        rest.is_empty() || rest.starts_with("HTTP/1.1 408"),
        "{rest}"
    );
    still_serving(&server);
}

#[test]
fn garbage_instead_of_a_request_gets_400_or_a_closed_connection() {
    let server = start();
    for garbage in [
        &b"\x00\x01\x02\x03 not http at all\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"PUT /resources/x HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"PUT /resources/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET /%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /status/%ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let answer = raw_exchange(server.addr, garbage);
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
            "{garbage:?} got {answer}"
        );
    }
    still_serving(&server);
}

#[test]
fn a_client_that_hangs_up_mid_body_does_not_upset_the_server() {
    let server = start();
    for path in ["/resources/cut", "/echo", "/sink", "/echo-body", "/delay/1"] {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        let head = format!("PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&[b'a'; 1000]).unwrap();
        drop(stream);
    }
    std::thread::sleep(Duration::from_millis(100));
    still_serving(&server);
    let mut list = agent().get(server.url("/resources")).call().unwrap();
    assert_eq!(
        json(&mut list)["ids"],
        serde_json::json!([]),
        "nothing half-stored"
    );
}

#[test]
fn many_connections_at_once_are_all_served() {
    let server = start();
    let threads: Vec<_> = (0..16)
        .map(|i| {
            let url = server.url(&format!("/resources/r{i}"));
            std::thread::spawn(move || {
                let client = agent();
                for _ in 0..5 {
                    let response = client.put(&url).send("x").unwrap();
                    assert!(response.status() == 201 || response.status() == 200);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let mut list = agent().get(server.url("/resources")).call().unwrap();
    assert_eq!(json(&mut list)["ids"].as_array().unwrap().len(), 16);
}
