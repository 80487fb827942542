//! # wasm-put
//!
//! `requests.put` for the web: one function over the platform `fetch`, compiled to
//! WebAssembly, for JavaScript callers and Rust wasm apps alike. Rust owns the call:
//! the checks, the `RequestInit`, the fetch, every await, timeouts, retries, progress,
//! the response and the errors.
//!
//! From JavaScript (the package built by `cargo xtask build`):
//!
//! ```js
//! import init, { put } from './pkg/wasm_put.js';
//! await init();
//! const res = await put('/resources/123', { 'Content-Type': 'application/json' }, '{"name":"John Doe"}');
//! console.log(res.status, res.content);
//! ```
//!
//! From Rust (a wasm app depending on this crate):
//!
//! ```no_run
//! # async fn run() -> Result<(), wasm_put::Error> {
//! use std::time::Duration;
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Doc { name: String }
//!
//! let res = wasm_put::put("https://api.example.com/resource/123")
//!     .header("X-Token", "abc")
//!     .json(&Doc { name: "John Doe".into() })
//!     .timeout(Duration::from_secs(5))
//!     .retry(3)
//!     .send()
//!     .await?;
//! let saved: Doc = res.json()?;
//! println!("{} {}", res.status(), saved.name);
//! # Ok(()) }
//! ```
//!
//! Inside: `rules` is the pure core (forms, headers, options, retries, messages),
//! tested on the host; the client (`put`, [`Put`], [`Response`]) runs the call over
//! web-sys; `js` (the `js` feature) adapts it for JavaScript callers.
#![deny(missing_docs)]

mod client;
mod error;
#[cfg(feature = "js")]
pub mod js;
// The pure core: public so that the host property tests and the fuzz targets reach it,
// not part of the API (its items may change in any release).
#[doc(hidden)]
pub mod rules;

pub use client::update::{update, Update};
pub use client::{
    put, Body, Client, ClientBuilder, HookRequest, Progress, Put, Response, Retry, RetryContext,
    ShouldRetry,
};
#[cfg(feature = "outbox")]
pub use client::{Failed, OpenOutbox, Outbox, Pending, Queued, Sent};
pub use error::{Error, ErrorKind};
