//! The dev server as a child process, and `cargo xtask demo`.

use crate::build;
use crate::cmd::{self, run, step};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

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
