//! Static files from `ROOT/www/` and `ROOT/pkg/`: MIME types, index pages, the
//! placeholder page, and no way out of those folders.

mod common;

use std::path::Path;

use common::{agent, header, json, raw_exchange, start, start_with, text, TestServer};

const SECRET: &str = "top secret, outside www and pkg";

fn write(root: &Path, path: &str, contents: &[u8]) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, contents).unwrap();
}

fn start_with_site() -> TestServer {
    start_with(|config| {
        let root = &config.root;
        write(
            root,
            "www/index.html",
            b"<!doctype html><title>demo</title>",
        );
        write(root, "www/app.js", b"console.log(1)");
        write(root, "www/module.mjs", b"export {}");
        write(root, "www/style.css", b"body{}");
        write(root, "www/data.json", b"{}");
        write(root, "www/logo.svg", b"<svg/>");
        write(root, "www/pic.png", b"\x89PNG");
        write(root, "www/docs/index.html", b"<p>docs</p>");
        write(root, "pkg/wasm_put_bg.wasm", b"\0asm\x01\0\0\0");
        write(root, "pkg/wasm_put.js", b"export function put() {}");
        write(root, "pkg/wasm_put.d.ts", b"export function put(): void;");
        write(root, "secret.txt", SECRET.as_bytes());
    })
}

#[test]
fn root_serves_www_index_html() {
    let server = start_with_site();
    let mut response = agent().get(server.url("/")).call().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("no-store")
    );
    assert_eq!(text(&mut response), "<!doctype html><title>demo</title>");
}

#[test]
fn files_are_served_with_their_mime_types() {
    let server = start_with_site();
    let client = agent();
    for (path, mime) in [
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/module.mjs", "text/javascript; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/logo.svg", "image/svg+xml"),
        ("/pic.png", "image/png"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/pkg/wasm_put_bg.wasm", "application/wasm"),
        ("/pkg/wasm_put.js", "text/javascript; charset=utf-8"),
        (
            "/pkg/wasm_put.d.ts",
            "application/typescript; charset=utf-8",
        ),
    ] {
        let response = client.get(server.url(path)).call().unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            header(&response, "content-type").as_deref(),
            Some(mime),
            "{path}"
        );
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            Some("no-store"),
            "{path}"
        );
    }
    let mut wasm = client
        .get(server.url("/pkg/wasm_put_bg.wasm"))
        .call()
        .unwrap();
    assert_eq!(common::bytes(&mut wasm), b"\0asm\x01\0\0\0");
}

#[test]
fn a_folder_serves_its_index_html() {
    let server = start_with_site();
    for path in ["/docs/", "/docs"] {
        let mut response = agent().get(server.url(path)).call().unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(text(&mut response), "<p>docs</p>");
    }
}

#[test]
fn a_missing_file_answers_404_json() {
    let server = start_with_site();
    for path in ["/nope.js", "/pkg/nope.wasm", "/pkg/"] {
        let mut response = agent().get(server.url(path)).call().unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(json(&mut response)["error"].is_string());
    }
}

#[test]
fn without_an_index_html_root_shows_a_placeholder_page() {
    let server = start();
    let mut response = agent().get(server.url("/")).call().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(text(&mut response).contains("not built"));
}

#[test]
fn path_traversal_attempts_are_rejected() {
    let server = start_with_site();
    for target in [
        "/../secret.txt",
        "/pkg/../secret.txt",
        "/pkg/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/pkg/%2e%2e/secret.txt",
        "/pkg/..%2fsecret.txt",
        "/pkg/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/pkg\\..\\secret.txt",
        "/./../secret.txt",
        "/www/../secret.txt",
        "//secret.txt",
        "/%2fsecret.txt",
        "/secret.txt%00.html",
    ] {
        let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let answer = raw_exchange(server.addr, request.as_bytes());
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.1 404"),
            "{target}: {answer}"
        );
        assert!(!answer.contains(SECRET), "{target} leaked the file");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_www_is_not_followed() {
    let server = start_with_site();
    std::os::unix::fs::symlink(
        server.root.join("secret.txt"),
        server.root.join("www/link.txt"),
    )
    .unwrap();
    let mut response = agent().get(server.url("/link.txt")).call().unwrap();
    assert_eq!(response.status(), 404);
    assert!(!text(&mut response).contains(SECRET));
}

#[test]
fn head_of_a_file_gives_headers_only() {
    let server = start_with_site();
    let mut response = agent().head(server.url("/app.js")).call().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-length").as_deref(), Some("14"));
    assert_eq!(text(&mut response), "");
}

#[test]
fn other_methods_on_unknown_paths_answer_404_json() {
    let server = start_with_site();
    let mut response = agent().put(server.url("/app.js")).send("x").unwrap();
    assert_eq!(response.status(), 404);
    assert!(json(&mut response)["error"]
        .as_str()
        .unwrap()
        .contains("no route"));
}
