//! The dev server as a child process, and `cargo xtask demo`.

use crate::build;
use crate::cmd::{self, run, step};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running dev server; stopped when dropped.
pub struct DevServer {
    child: Child,
    /// Its base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
}

impl DevServer {
    /// Builds and starts the dev server on `port` (0: a free one), serving this
    /// repository's `www/` and `pkg/`. It stops by itself after `stop_after` seconds,
    /// should this process die without stopping it.
    pub fn start(port: u16, stop_after: Option<u64>) -> Result<DevServer, String> {
        Self::start_at(&cmd::root(), port, stop_after)
    }

    /// As [`DevServer::start`], serving `site`'s `www/` and `pkg/` instead.
    pub fn start_at(site: &Path, port: u16, stop_after: Option<u64>) -> Result<DevServer, String> {
        let root = cmd::root();
        run(Command::new("cargo")
            .args(["build", "--quiet", "--package", "wasm-put-devserver"])
            .current_dir(&root))?;
        let mut command = Command::new(root.join("target/debug/wasm-put-devserver"));
        command
            .arg("--port")
            .arg(port.to_string())
            .arg("--root")
            .arg(site)
            .stdout(Stdio::piped());
        if let Some(secs) = stop_after {
            // A server for tests: it stops by itself, and keeps its request log quiet.
            command
                .arg("--stop-after")
                .arg(secs.to_string())
                .arg("--quiet");
        }
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot start the dev server: {e}"))?;
        let Some(stdout) = child.stdout.take() else {
            return Err("the dev server has no stdout".into());
        };
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().and_then(Result::ok).unwrap_or_default();
        let Some(url) = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .map(|u| u.trim_end_matches('/').to_string())
        else {
            let _ = child.kill();
            return Err(format!(
                "the dev server did not start (its first line was {first:?}); is the port free?"
            ));
        };
        // Keep draining its stdout so it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(DevServer { child, url })
    }

    /// An error when the server has already exited (say, during a long run).
    pub fn check_running(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Err(format!(
                "the dev server ({}) exited during the run ({status})",
                self.url
            )),
            _ => Ok(()),
        }
    }

    /// An error when the server has exited, or does not answer a `GET /` within a few
    /// seconds with an HTTP status line.
    pub fn answers(&mut self) -> Result<(), String> {
        self.check_running()?;
        answers_get(&self.url)
    }

    /// Waits until the server exits (Ctrl-C stops both).
    pub fn wait(mut self) -> Result<(), String> {
        self.child
            .wait()
            .map_err(|e| format!("waiting for the dev server: {e}"))
            .map(drop)
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An error when `url` (`http://HOST:PORT`) does not answer a `GET /` within a few
/// seconds with an HTTP status line.
fn answers_get(url: &str) -> Result<(), String> {
    let address = url.trim_start_matches("http://");
    let failed = |e: std::io::Error| format!("the dev server ({url}) does not answer: {e}");
    let wait = Duration::from_secs(5);
    let socket = address
        .to_socket_addrs()
        .map_err(failed)?
        .next()
        .ok_or_else(|| format!("the dev server's address {address} names no socket"))?;
    let mut stream = TcpStream::connect_timeout(&socket, wait).map_err(failed)?;
    stream.set_read_timeout(Some(wait)).map_err(failed)?;
    stream.set_write_timeout(Some(wait)).map_err(failed)?;
    let request = format!("GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(failed)?;
    let mut status = String::new();
    BufReader::new(stream)
        .read_line(&mut status)
        .map_err(failed)?;
    if status.starts_with("HTTP/1.") {
        Ok(())
    } else {
        Err(format!(
            "the dev server ({url}) answered {status:?}, not an HTTP status line"
        ))
    }
}

/// `cargo xtask demo [--port N]`.
pub fn demo(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => 8080,
        [flag, n] if flag == "--port" => n
            .parse()
            .map_err(|_| format!("--port takes a port number (0–65535), not `{n}`"))?,
        _ => return Err("usage: cargo xtask demo [--port N]".into()),
    };
    build::run()?;
    step("starting the dev server (serves www/ at /, pkg/ at /pkg/, and the demo API)");
    let server = DevServer::start(port, None)?;
    println!(
        "\n  wasm-put demo: {}/\n\n  Open it in a browser; press Ctrl-C to stop.\n",
        server.url
    );
    server.wait()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    /// A server on a free port that answers one connection with `answer`.
    fn answering(answer: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut byte = [0; 1];
            while !request.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
                request.push(byte[0]);
            }
            let _ = stream.write_all(answer.as_bytes());
        });
        url
    }

    #[test]
    fn a_server_answering_with_a_status_line_answers_whatever_the_status() {
        assert_eq!(answers_get(&answering("HTTP/1.1 200 OK\r\n\r\n")), Ok(()));
        assert_eq!(
            answers_get(&answering("HTTP/1.1 404 Not Found\r\n\r\n")),
            Ok(())
        );
    }

    #[test]
    fn a_closed_port_or_a_server_that_speaks_no_http_does_not_answer() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = answers_get(&format!("http://127.0.0.1:{port}")).unwrap_err();
        assert!(
            err.starts_with(&format!(
                "the dev server (http://127.0.0.1:{port}) does not answer"
            )),
            "{err}"
        );
        let err = answers_get(&answering("hello\n")).unwrap_err();
        assert!(
            err.contains("answered \"hello\\n\", not an HTTP status line"),
            "{err}"
        );
    }
}
