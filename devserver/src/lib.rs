//! The wasm-put dev server: serves the demo page (`www/`) and the built package
//! (`pkg/`), plus an HTTP API for trying and testing `put`: a resource store that
//! answers like a REST API (`/resources/{id}`), and routes that make chosen
//! behaviours happen on demand (echoes, status codes, delays, slow and dropped
//! bodies, flaky endpoints, redirects, large answers, a resource protected by bearer
//! tokens the server issues, an outage of the resource store's PUTs).
//!
//! The server also reports what it saw, so a client's tests can check what really
//! arrived: every request to those API routes is recorded under its path (method,
//! query, headers, body size and text, arrival and end times, status and `ETag`,
//! and how many were in flight at once), bounded in memory.
//!
//! - `GET /seen/{*key}`: what was recorded under the path `/{key}` (as JSON; a path
//!   never seen gives no requests and zeros).
//! - `DELETE /seen/{*key}`: forgets what was recorded under `/{key}`.
//!
//! Every answer carries permissive CORS headers, so a page on any origin (and the
//! library's browser tests) can call it and read every header.
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! use wasm_put_devserver::Config;
//! let config = Config { port: 0, ..Config::default() };
//! let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
//! println!("listening on {}", wasm_put_devserver::url_of(listener.local_addr()?));
//! wasm_put_devserver::serve(listener, config).await
//! # }
//! ```
#![deny(missing_docs)]

mod body;
mod config;
mod cors;
mod outage;
mod reply;
mod resources;
mod seen;
mod server;
mod static_files;
mod testing;
mod tokens;

use std::collections::HashMap;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::Response;
use axum::routing::{any, get, post, put};
use axum::Router;

pub use config::{ArgsError, Config, USAGE};
pub use server::{run, serve, serve_with_shutdown, url_of, LISTENING_PREFIX};
pub use static_files::mime_type;

/// What the routes share: the limits from the [`Config`] and the in-memory state.
#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

/// The contents of [`AppState`].
pub(crate) struct Shared {
    /// The folder holding `www/` and `pkg/`.
    pub(crate) root: PathBuf,
    /// See [`Config::max_body`].
    pub(crate) max_body: u64,
    /// See [`Config::max_resources`].
    pub(crate) max_resources: usize,
    /// See [`Config::max_total_bytes`].
    pub(crate) max_total_bytes: u64,
    /// The resources stored by `PUT /resources/{id}`.
    store: Mutex<resources::Store>,
    /// The attempt counters of `/flaky/{key}`.
    flaky: Mutex<HashMap<String, u64>>,
    /// What the API routes saw, for `/seen/{*key}`.
    seen: Mutex<seen::Log>,
    /// The tokens of `/tokens/{key}` and `/protected/{key}`.
    tokens: Mutex<tokens::Tokens>,
    /// When the outage `POST /outage` started ends.
    outage: Mutex<Option<std::time::Instant>>,
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    fn new(config: &Config) -> Self {
        AppState(Arc::new(Shared {
            root: config.root.clone(),
            max_body: config.max_body,
            max_resources: config.max_resources,
            max_total_bytes: config.max_total_bytes,
            store: Mutex::default(),
            flaky: Mutex::default(),
            seen: Mutex::new(seen::Log::new()),
            tokens: Mutex::default(),
            outage: Mutex::default(),
        }))
    }

    /// The resource store, locked. A poisoned lock is taken over: the store is
    /// never left half-updated, since no code panics while holding it.
    pub(crate) fn lock_store(&self) -> MutexGuard<'_, resources::Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The flaky counters, locked.
    pub(crate) fn lock_flaky(&self) -> MutexGuard<'_, HashMap<String, u64>> {
        self.flaky
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The end of the outage, locked. No code panics while holding it.
    pub(crate) fn lock_outage(&self) -> MutexGuard<'_, Option<std::time::Instant>> {
        self.outage
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The tokens, locked. No code panics while holding them.
    pub(crate) fn lock_tokens(&self) -> MutexGuard<'_, tokens::Tokens> {
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The log of what the API routes saw, locked. A poisoned lock is taken over:
    /// no code panics while holding it.
    pub(crate) fn lock_seen(&self) -> MutexGuard<'_, seen::Log> {
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The whole server as an axum [`Router`]: API routes, static files and the CORS
/// and logging layers, with fresh (empty) state.
pub fn app(config: &Config) -> Router {
    let state = AppState::new(config);
    let router = Router::new()
        .route("/resources", get(resources::list))
        .route(
            "/resources/{*id}",
            put(resources::put)
                .get(resources::get)
                .delete(resources::delete),
        )
        .route("/echo", any(testing::echo))
        .route("/echo-body", any(testing::echo_body))
        .route("/sink", put(testing::sink))
        .route("/status/{code}", any(testing::status))
        .route("/delay/{ms}", any(testing::delay))
        .route("/slow-body/{ms}", any(testing::slow_body))
        .route("/drop", any(testing::drop_connection))
        .route("/bytes/{n}", any(testing::bytes))
        .route("/flaky/{key}", any(testing::flaky))
        .route("/tokens/{key}", post(tokens::issue))
        .route("/outage", post(outage::start))
        .route("/protected/{key}", any(tokens::protected))
        .route("/redirect/{n}", any(testing::redirect))
        .route("/redirect-loop", any(testing::redirect_loop))
        .route("/big-headers", any(testing::big_headers))
        .route("/hang-up", any(testing::hang_up))
        .route("/bad-encoding", any(testing::bad_encoding))
        // Set before the recording layer, so that 405s of API routes are recorded too.
        .method_not_allowed_fallback(method_not_allowed)
        // Only the routes above are recorded: not `/seen`, not the static fallback.
        .route_layer(from_fn_with_state(state.clone(), seen::record))
        .route("/seen/{*key}", get(seen::report).delete(seen::forget))
        .fallback(static_files::fallback)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(from_fn(cors::cors));
    if config.quiet {
        router
    } else {
        router.layer(from_fn(cors::log))
    }
}

/// The `405` answer for a known path asked with a method it does not take.
async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    reply::error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", reply::shorten(uri.path())),
    )
}
