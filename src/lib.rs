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
//! tested on the host, and a thin wasm binding that converts JS values and hands the
//! checked call to a small JS transport over `fetch`.
//!
//! Built without the default `std` feature (as `cargo xtask build` does), the wasm is
//! `no_std`: its own allocator, and a panic handler that traps without formatting.
#![deny(missing_docs)]
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]

extern crate alloc;

pub mod error;
pub mod form;
pub mod headers;
pub mod options;
pub mod retry;

#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(target_arch = "wasm32")]
mod input;
#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod types;

#[cfg(target_arch = "wasm32")]
pub use fetch::put;

/// The allocator of the `no_std` wasm.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// A panic in the `no_std` wasm traps at once, with no message built. Nothing a caller
/// passes can reach one: every input is checked and every fallible JS call is `catch`.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
