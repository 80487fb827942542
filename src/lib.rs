//! # wasm-put
//!
//! `requests.put` for the web: one function, `put`, over the platform `fetch`,
//! compiled to WebAssembly and called from JavaScript.
//!
//! ```js
//! import init, { put } from './pkg/wasm_put.js';
//! await init();
//! const res = await put('/resources/123', { 'Content-Type': 'application/json' }, '{"name":"John Doe"}');
//! console.log(res.status, res.content);
//! ```
//!
//! The crate is a pure core (header checks, form encoding, charsets, the error model),
//! tested on the host, and a thin wasm binding that converts JS values and calls `fetch`.
#![deny(missing_docs)]

pub mod charset;
pub mod error;
pub mod form;
pub mod headers;
pub mod options;
pub mod retry;

#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
mod guard;
#[cfg(target_arch = "wasm32")]
mod input;
#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod response;
#[cfg(target_arch = "wasm32")]
mod types;

#[cfg(target_arch = "wasm32")]
pub use fetch::put;
