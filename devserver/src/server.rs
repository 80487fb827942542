//! Accepting connections and serving them with hyper: HTTP/1.1, a timeout on reading
//! request heads, and a graceful stop.

use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::config::Config;

/// How long a stopping server waits for requests in progress before leaving anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The start of the line [`run`] prints once it listens; the URL follows it.
pub const LISTENING_PREFIX: &str = "wasm-put dev server listening on ";

/// The base URL of a server listening on `addr`, e.g. `http://127.0.0.1:8080/`.
pub fn url_of(addr: SocketAddr) -> String {
    format!("http://{addr}/")
}

/// Serves [`app`](crate::app) on `listener` until `config.stop_after` has passed
/// (forever if it is `None`).
pub async fn serve(listener: TcpListener, config: Config) -> io::Result<()> {
    let stop_after = config.stop_after;
    serve_with_shutdown(listener, config, async move {
        match stop_after {
            Some(duration) => tokio::time::sleep(duration).await,
            None => std::future::pending().await,
        }
    })
    .await
}

/// Serves [`app`](crate::app) on `listener` until `shutdown` completes, then stops
/// taking connections, lets requests in progress finish for up to 2 seconds, and
/// returns. (`config.stop_after` is not looked at here.)
pub async fn serve_with_shutdown(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let app = crate::app(&config);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => stream,
                    Err(_) => {
                        // Usually out of file descriptors: wait for some to be freed.
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(app.clone());
                let connection = builder.serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    // Errors here are the client's (bad requests, resets, timeouts):
                    // hyper has already answered or closed as fits.
                    let _ = connection.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
    Ok(())
}

/// What the binary does: listens on `config.host:config.port`, prints the
/// `wasm-put dev server listening on http://HOST:PORT/` line to stdout (flushed, with
/// the real port), and serves until Ctrl-C, SIGTERM or `config.stop_after`.
pub async fn run(config: Config) -> io::Result<()> {
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|err| {
            io::Error::new(
                err.kind(),
                format!("cannot listen on {}:{}: {err}", config.host, config.port),
            )
        })?;
    let addr = listener.local_addr()?;
    let interrupted = interruption();
    {
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{LISTENING_PREFIX}{}", url_of(addr))?;
        stdout.flush()?;
    }
    let stop_after = config.stop_after;
    serve_with_shutdown(listener, config, async move {
        let timer = async {
            match stop_after {
                Some(duration) => tokio::time::sleep(duration).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = timer => {}
            () = interrupted => {}
        }
    })
    .await
}

/// A future that completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM. On Unix the
/// handlers are installed by this call, before the future is first polled, so a
/// signal sent right after the "listening" line is never missed. Signals that cannot
/// be listened for are ignored.
fn interruption() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        async fn received(signal: Option<Signal>) {
            match signal {
                Some(mut signal) => {
                    signal.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            tokio::select! {
                () = received(interrupt) => {}
                () = received(terminate) => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
