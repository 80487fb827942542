//! Shared by the integration tests: a real server on `127.0.0.1:0` with its own
//! runtime and temporary root folder, and a blocking HTTP client to talk to it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;
use ureq::http::Response;
use ureq::{Agent, Body};
use wasm_put_devserver::Config;

/// A server running in this process until the test binary exits (or a minute passes).
pub struct TestServer {
    /// Base URL, ending in `/`.
    pub base: String,
    /// Address it listens on.
    pub addr: SocketAddr,
    /// Its root folder (holds `www/` and `pkg/`), removed when this is dropped.
    pub root: PathBuf,
}

impl TestServer {
    /// The URL of `path` (with or without a leading `/`) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// A fresh, empty folder under the system's temporary folder.
pub fn temp_root() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let root = std::env::temp_dir().join(format!(
        "wasm-put-devserver-test-{}-{n}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    root
}

/// Starts a server with the default limits and an empty root.
pub fn start() -> TestServer {
    start_with(|_| {})
}

/// Starts a server after `adjust` has changed its config (the root is set already;
/// `adjust` may also fill it with files).
pub fn start_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
    let root = temp_root();
    let mut config = Config {
        host: "127.0.0.1".to_owned(),
        port: 0,
        root: root.clone(),
        stop_after: Some(Duration::from_secs(60)),
        quiet: true,
        ..Config::default()
    };
    adjust(&mut config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            wasm_put_devserver::serve(listener, config).await.unwrap();
        });
    });
    TestServer {
        base: wasm_put_devserver::url_of(addr),
        addr,
        root,
    }
}

/// A client that neither follows redirects nor turns 4xx/5xx into errors.
pub fn agent() -> Agent {
    Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .allow_non_standard_methods(true)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .new_agent()
}

/// The value of header `name`, if present.
pub fn header(response: &Response<Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
}

/// The body as text.
pub fn text(response: &mut Response<Body>) -> String {
    response
        .body_mut()
        .with_config()
        .limit(128 * 1024 * 1024)
        .read_to_string()
        .unwrap()
}

/// The body as bytes.
pub fn bytes(response: &mut Response<Body>) -> Vec<u8> {
    response
        .body_mut()
        .with_config()
        .limit(128 * 1024 * 1024)
        .read_to_vec()
        .unwrap()
}

/// The body parsed as JSON (after checking the answer says it is JSON).
pub fn json(response: &mut Response<Body>) -> Value {
    assert_eq!(
        header(response, "content-type").as_deref(),
        Some("application/json")
    );
    serde_json::from_str(&text(response)).unwrap()
}

/// Sends `request` as is over a new connection and returns everything the server
/// sends back until it closes the connection (or 5 seconds pass).
pub fn raw_exchange(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    answer
}

/// A reader of `len` zero bytes that is never held in memory at once; sent by ureq
/// with chunked transfer encoding.
pub struct Zeros(pub u64);

impl Read for Zeros {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (buf.len() as u64).min(self.0) as usize;
        buf[..n].fill(0);
        self.0 -= n as u64;
        Ok(n)
    }
}
