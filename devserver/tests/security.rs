//! Security of the dev server, over real HTTP and raw TCP: where it listens, slow-loris
//! clients, oversized heads and bodies, the store's caps under concurrent writers,
//! path traversal and unsafe ids, and CORS without credentials.

mod common;

use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::{agent, header, json, raw_exchange, start, start_with, TestServer};
use wasm_put_devserver::Config;

/// Connects and sends `bytes`, leaving the connection open.
fn open_with(server: &TestServer, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    stream
}

/// Reads until the server closes the connection (or 10 s pass); what it sent.
fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut rest = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return rest,
            Ok(n) => rest.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return rest,
            Err(e) => panic!("the server kept the connection open: {e}"),
        }
    }
}

/// A GET of `/echo` answered 200, and how long it took.
fn served(server: &TestServer) -> Duration {
    let started = Instant::now();
    let mut response = agent().get(server.url("/echo")).call().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(json(&mut response)["method"], "GET");
    started.elapsed()
}

fn status_of(answer: &[u8]) -> String {
    String::from_utf8_lossy(answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn by_default_the_server_listens_on_loopback_only() {
    let host: IpAddr = Config::default().host.parse().unwrap();
    assert!(host.is_loopback(), "{host}");
    let config = Config::from_args(["--port".to_owned(), "0".to_owned()]).unwrap();
    assert_eq!(config.host, "127.0.0.1", "no flag may widen it");
}

#[test]
fn slow_loris_clients_are_cut_off_after_the_header_timeout_while_others_are_served() {
    let timeout = Duration::from_millis(1500);
    let server = start_with(|config| config.header_read_timeout = timeout);
    let started = Instant::now();
    // Partial request lines, then nothing.
    let mut lorises: Vec<TcpStream> = (0..30)
        .map(|i| {
            open_with(
                &server,
                &b"GET /echo HTTP/1.1\r\nHost: x\r\nX-Wait: "[..5 + i],
            )
        })
        .collect();
    // Meanwhile everyone else is served at once, well before the lorises time out.
    for _ in 0..10 {
        let took = served(&server);
        assert!(took < Duration::from_millis(1000), "{took:?}");
    }
    assert!(started.elapsed() < timeout, "served only after the timeout");
    for loris in &mut lorises {
        let said = until_closed(loris);
        let said = String::from_utf8_lossy(&said);
        assert!(
            said.is_empty() || said.starts_with("HTTP/1.1 408"),
            "{said}"
        );
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed >= timeout - Duration::from_millis(50),
        "{elapsed:?}"
    );
    assert!(elapsed < timeout + Duration::from_secs(3), "{elapsed:?}");
    served(&server);
}

#[test]
fn a_client_that_trickles_its_head_a_byte_at_a_time_is_cut_off_all_the_same() {
    let timeout = Duration::from_millis(400);
    let server = start_with(|config| config.header_read_timeout = timeout);
    let mut stream = open_with(&server, b"G");
    let started = Instant::now();
    // A byte every 40 ms would take 8 s for this head; the timeout counts from its
    // start, so activity does not extend it.
    let head = format!(
        "ET /echo HTTP/1.1\r\nHost: x\r\nX-Pad: {}\r\n\r\n",
        "a".repeat(160)
    );
    let mut cut_off = None;
    for byte in head.bytes() {
        std::thread::sleep(Duration::from_millis(40));
        if stream.write_all(&[byte]).is_err() {
            cut_off = Some(started.elapsed());
            break;
        }
        if started.elapsed() > Duration::from_secs(5) {
            break;
        }
    }
    let answer = until_closed(&mut stream);
    let elapsed = cut_off.unwrap_or_else(|| started.elapsed());
    assert!(
        !status_of(&answer).starts_with("HTTP/1.1 200"),
        "a trickled head was served"
    );
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    served(&server);
}

#[test]
fn a_connection_that_never_sends_a_byte_is_closed_after_the_header_timeout() {
    let timeout = Duration::from_millis(500);
    let server = start_with(|config| config.header_read_timeout = timeout);
    let started = Instant::now();
    let mut idle: Vec<TcpStream> = (0..50).map(|_| open_with(&server, b"")).collect();
    served(&server);
    for stream in &mut idle {
        until_closed(stream);
    }
    let elapsed = started.elapsed();
    assert!(elapsed < timeout + Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let timeout = Duration::from_millis(500);
    let server = start_with(|config| config.header_read_timeout = timeout);
    let mut stream = open_with(&server, b"GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut first = [0u8; 12];
    stream.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let started = Instant::now();
    until_closed(&mut stream);
    let elapsed = started.elapsed();
    assert!(elapsed < timeout + Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn an_oversized_request_head_is_refused_and_the_server_keeps_serving() {
    let server = start();
    let mut request = b"GET /echo HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..1024 {
        request.extend_from_slice(format!("X-Big-{i}: {}\r\n", "a".repeat(1000)).as_bytes());
    }
    request.extend_from_slice(b"\r\n");
    let started = Instant::now();
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The server may close before it has read it all: a failed write is an answer too.
    let _ = stream.write_all(&request);
    let answer = until_closed(&mut stream);
    let status = status_of(&answer);
    assert!(
        status.is_empty()
            || status.starts_with("HTTP/1.1 431")
            || status.starts_with("HTTP/1.1 400"),
        "{status}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    served(&server);
}

#[test]
fn a_body_announced_over_the_limit_gets_413_at_once_on_every_storing_route() {
    let server = start_with(|config| config.max_body = 1000);
    for path in ["/resources/huge", "/echo-body"] {
        let started = Instant::now();
        let request = format!(
            "PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\n\r\n{}",
            "x".repeat(100)
        );
        let answer = raw_exchange(server.addr, request.as_bytes());
        assert!(
            status_of(&answer).starts_with("HTTP/1.1 413"),
            "{path}: {}",
            status_of(&answer)
        );
        assert!(started.elapsed() < Duration::from_secs(2), "{path}");
    }
    served(&server);
}

#[test]
fn a_chunked_body_over_the_limit_gets_413_without_waiting_for_its_end() {
    let server = start_with(|config| config.max_body = 10_000);
    for path in ["/resources/chunked", "/echo-body"] {
        let mut stream = open_with(
            &server,
            format!("PUT {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                .as_bytes(),
        );
        // 16 KiB in 1 KiB chunks, then the client stalls without the last chunk.
        for _ in 0..16 {
            let mut chunk = b"400\r\n".to_vec();
            chunk.extend_from_slice(&[b'z'; 1024]);
            chunk.extend_from_slice(b"\r\n");
            stream.write_all(&chunk).unwrap();
        }
        let started = Instant::now();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 413", "{path}");
        assert!(started.elapsed() < Duration::from_secs(3), "{path}");
        let nothing_stored = agent()
            .get(server.url("/resources/chunked"))
            .call()
            .unwrap();
        assert_eq!(nothing_stored.status(), 404);
    }
}

/// PUTs `bodies` concurrently, each to its own id, all released at once; the statuses.
fn concurrent_puts(server: &TestServer, bodies: Vec<Vec<u8>>) -> Vec<u16> {
    let barrier = Arc::new(Barrier::new(bodies.len()));
    let threads: Vec<_> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let url = server.url(&format!("/resources/race-{i}"));
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                let client = agent();
                barrier.wait();
                client.put(&url).send(&body[..]).unwrap().status().as_u16()
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

fn stored_ids(server: &TestServer) -> usize {
    let mut list = agent().get(server.url("/resources")).call().unwrap();
    json(&mut list)["ids"].as_array().unwrap().len()
}

#[test]
fn the_resource_cap_holds_under_concurrent_writers() {
    let server = start_with(|config| config.max_resources = 10);
    let statuses = concurrent_puts(&server, vec![b"x".to_vec(); 40]);
    let created = statuses.iter().filter(|&&s| s == 201).count();
    let full = statuses.iter().filter(|&&s| s == 507).count();
    assert_eq!((created, full), (10, 30), "{statuses:?}");
    assert_eq!(stored_ids(&server), 10);
}

#[test]
fn the_byte_cap_holds_under_concurrent_writers() {
    let server = start_with(|config| config.max_total_bytes = 1000);
    let statuses = concurrent_puts(&server, vec![vec![b'y'; 100]; 25]);
    let created = statuses.iter().filter(|&&s| s == 201).count();
    let full = statuses.iter().filter(|&&s| s == 507).count();
    assert_eq!((created, full), (10, 15), "{statuses:?}");
    assert_eq!(stored_ids(&server), 10);
}

#[test]
fn ids_and_keys_that_are_not_safe_path_segments_are_refused_on_every_method() {
    let server = start();
    let targets = [
        "..",
        ".",
        "%2e%2e",
        "%2E%2e",
        ".%2e",
        "%2e.",
        "%2e",
        "a%2f..",
        "..%2fsecret",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "a%5cb",
        "..%5c..%5csecret",
        "%5c",
        "a%00b",
        "%00",
        "a%0d%0ab",
        "a%3bb",
        "%252e%252e",
        "\u{0130}",
        "caf%C3%A9",
    ];
    for id in targets {
        for (method, prefix) in [
            ("PUT", "/resources/"),
            ("GET", "/resources/"),
            ("DELETE", "/resources/"),
            ("PUT", "/flaky/"),
            ("DELETE", "/flaky/"),
        ] {
            let request = format!(
                "{method} {prefix}{id} HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"
            );
            let answer = raw_exchange(server.addr, request.as_bytes());
            let status = status_of(&answer);
            assert!(
                status.starts_with("HTTP/1.1 400"),
                "{method} {prefix}{id}: {status}"
            );
        }
    }
    // Raw backslashes (which hyper lets through) are refused by the id check and by
    // the static files alike.
    for (method, target) in [
        ("PUT", "/resources/a\\b"),
        ("GET", "/resources/..\\.."),
        ("PUT", "/flaky/a\\b"),
        ("GET", "/..\\secret"),
    ] {
        let request = format!("{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let status = status_of(&raw_exchange(server.addr, request.as_bytes()));
        assert!(status.starts_with("HTTP/1.1 400"), "{target}: {status}");
    }
    assert_eq!(stored_ids(&server), 0);
}

#[test]
fn static_paths_cannot_leave_the_served_folders_by_any_spelling() {
    const SECRET: &str = "the secret beside www and pkg";
    let server = start_with(|config| {
        std::fs::create_dir_all(config.root.join("www")).unwrap();
        std::fs::create_dir_all(config.root.join("pkg")).unwrap();
        std::fs::write(config.root.join("www/index.html"), "<p>hi</p>").unwrap();
        std::fs::write(config.root.join("secret.txt"), SECRET).unwrap();
    });
    for target in [
        "/..%2Fsecret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/pkg/..%2F..%2Fsecret.txt",
        "/pkg/%2E%2E/secret.txt",
        "/%252e%252e/secret.txt",
        "/..%5Csecret.txt",
        "/pkg%5C..%5Csecret.txt",
        "/..%c0%afsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/pkg/./../secret.txt",
        "/www/../../secret.txt",
        "/%00/../secret.txt",
        "/....//secret.txt",
    ] {
        let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let answer = raw_exchange(server.addr, request.as_bytes());
        let status = status_of(&answer);
        assert!(
            status.starts_with("HTTP/1.1 400") || status.starts_with("HTTP/1.1 404"),
            "{target}: {status}"
        );
        assert!(
            !String::from_utf8_lossy(&answer).contains(SECRET),
            "{target} leaked the file"
        );
    }
}

#[test]
fn no_answer_allows_credentials_with_the_wildcard_origin() {
    let server = start_with(|config| config.max_body = 100);
    let requests = [
        ("GET", "/echo"),
        ("PUT", "/echo-body"),
        ("PUT", "/sink"),
        ("PUT", "/resources/cors"),
        ("GET", "/resources/cors"),
        ("GET", "/resources"),
        ("DELETE", "/resources/cors"),
        ("GET", "/resources/missing"),
        ("PUT", "/resources/.."),
        ("GET", "/status/401"),
        ("GET", "/status/500"),
        ("GET", "/delay/1"),
        ("GET", "/slow-body/1"),
        ("GET", "/bytes/10"),
        ("GET", "/flaky/cors?fails=1&retryAfter=1"),
        ("GET", "/redirect/1"),
        ("GET", "/redirect-loop"),
        ("GET", "/big-headers?bytes=10"),
        ("POST", "/sink"),
        ("GET", "/"),
        ("GET", "/no/such/file"),
        ("OPTIONS", "/echo"),
    ];
    for (method, path) in requests {
        for extra in [
            "",
            "Cookie: session=1\r\nAuthorization: Basic YTpi\r\n",
            "Access-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: authorization, cookie\r\n",
        ] {
            let request = format!(
                "{method} {path} HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n{extra}Content-Length: 1\r\nConnection: close\r\n\r\nx"
            );
            let answer = raw_exchange(server.addr, request.as_bytes());
            let text = String::from_utf8_lossy(&answer).to_ascii_lowercase();
            let head = text.split("\r\n\r\n").next().unwrap_or_default();
            assert!(head.starts_with("http/1.1 "), "{method} {path}: {head}");
            assert!(
                head.contains("\r\naccess-control-allow-origin: *\r\n"),
                "{method} {path}: {head}"
            );
            assert!(
                !head.contains("access-control-allow-credentials"),
                "{method} {path}: {head}"
            );
            assert!(
                !head.contains("access-control-allow-origin: https://evil.example"),
                "{method} {path} reflected the origin"
            );
        }
    }
    // ureq too (a client that parses the head itself).
    let response = agent()
        .get(server.url("/echo"))
        .header("Origin", "https://evil.example")
        .call()
        .unwrap();
    assert_eq!(header(&response, "access-control-allow-credentials"), None);
}
