//! The command line: parsing flags into a `Config`, `--help`, bad flags, and the
//! binary's first line and stopping by itself.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wasm_put_devserver::{ArgsError, Config, LISTENING_PREFIX};

fn parse(args: &[&str]) -> Result<Config, ArgsError> {
    Config::from_args(args.iter().map(|s| s.to_string()))
}

fn invalid(args: &[&str]) -> String {
    match parse(args) {
        Err(ArgsError::Invalid(message)) => message,
        other => panic!("{args:?} gave {other:?}"),
    }
}

const BIN: &str = env!("CARGO_BIN_EXE_wasm-put-devserver");

#[test]
fn no_flags_give_the_defaults() {
    let config = parse(&[]).unwrap();
    assert_eq!(config, Config::default());
    assert_eq!(config.host, "127.0.0.1");
    assert_eq!(config.port, 8080);
    assert_eq!(config.root, PathBuf::from("."));
    assert_eq!(config.max_body, 16_777_216);
    assert_eq!(config.max_resources, 1000);
    assert_eq!(config.max_total_bytes, 268_435_456);
    assert_eq!(config.stop_after, None);
}

#[test]
fn every_flag_sets_its_field() {
    let config = parse(&[
        "--host",
        "::1",
        "--port=0",
        "--root",
        "/srv/site",
        "--max-body",
        "1024",
        "--max-resources=5",
        "--max-total-bytes",
        "4096",
        "--stop-after",
        "1.5",
        "--quiet",
    ])
    .unwrap();
    assert_eq!(config.host, "::1");
    assert_eq!(config.port, 0);
    assert_eq!(config.root, PathBuf::from("/srv/site"));
    assert_eq!(config.max_body, 1024);
    assert_eq!(config.max_resources, 5);
    assert_eq!(config.max_total_bytes, 4096);
    assert_eq!(config.stop_after, Some(Duration::from_millis(1500)));
    assert!(config.quiet);
}

#[test]
fn help_is_not_an_error_but_asks_for_usage() {
    assert_eq!(parse(&["--help"]), Err(ArgsError::Help));
    assert_eq!(parse(&["--port", "1", "-h"]), Err(ArgsError::Help));
}

#[test]
fn bad_flags_give_clear_errors() {
    assert!(invalid(&["--verbose"]).contains("unknown flag `--verbose`"));
    assert!(invalid(&["serve"]).contains("unexpected argument `serve`"));
    assert!(invalid(&["--port"]).contains("`--port` needs a value"));
    assert!(invalid(&["--port", "http"]).contains("`--port` wants a port"));
    assert!(invalid(&["--port", "70000"]).contains("`--port`"));
    assert!(invalid(&["--max-body", "-1"]).contains("`--max-body`"));
    assert!(invalid(&["--max-resources", "1e3"]).contains("`--max-resources`"));
    assert!(invalid(&["--stop-after", "-2"]).contains("`--stop-after`"));
    assert!(invalid(&["--stop-after", "soon"]).contains("`--stop-after`"));
    assert!(invalid(&["--host", ""]).contains("`--host`"));
}

#[test]
fn the_binary_prints_usage_for_help() {
    let output = Command::new(BIN).arg("--help").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Usage: wasm-put-devserver"));
    assert!(stdout.contains("--max-total-bytes"));
}

#[test]
fn the_binary_exits_2_with_the_error_and_usage_on_a_bad_flag() {
    let output = Command::new(BIN).arg("--bogus").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown flag `--bogus`"), "{stderr}");
    assert!(stderr.contains("Usage: wasm-put-devserver"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn the_binary_announces_its_url_serves_and_stops_by_itself() {
    let root = common::temp_root();
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--stop-after", "1", "--quiet", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let url = first_line
        .trim_end()
        .strip_prefix(LISTENING_PREFIX)
        .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"));
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
        "{url}"
    );
    assert_ne!(url, "http://127.0.0.1:0/");

    let response = ureq::get(format!("{url}echo")).call().unwrap();
    assert_eq!(response.status(), 200);

    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("the server did not stop by itself");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_binary_fails_clearly_when_it_cannot_listen() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(BIN)
        .args(["--port", &port, "--stop-after", "5"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_binary_exits_cleanly_on_ctrl_c() {
    let root = common::temp_root();
    let mut child = Command::new(BIN)
        .args(["--port", "0", "--stop-after", "30", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    assert!(first_line.starts_with(LISTENING_PREFIX), "{first_line:?}");
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("the server did not stop on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(root);
}
