//! What a caller's functions plug into a call: the hooks of a [`Client`](crate::Client)
//! (`before_request` on every attempt, `after_response` on the final answer) and the
//! future type they and the other callbacks (`should_retry`, a bearer's token and
//! refresh) return.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use super::bearer::Bearer;
use super::response::Response;
use crate::error::Error;

/// A boxed future of a callback: wasm is single-threaded, so it need not be `Send`.
pub(crate) type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// The request as a hook sees it: its method, URL and headers (a `Headers` a
/// `before_request` hook may change), and the number of the attempt (0 first).
#[derive(Debug, Clone)]
pub struct HookRequest {
    /// `PUT`, or `GET` for the read of `update()`.
    pub method: &'static str,
    /// The URL, resolved.
    pub url: String,
    /// The headers of this attempt; a `before_request` hook may `set`, `append` or
    /// `delete` them.
    pub headers: web_sys::Headers,
    /// 0 for the first attempt, then 1, 2, … for retries and a resend after a refresh.
    pub attempt: u32,
}

/// A `before_request` hook.
pub(crate) type BeforeRequest = Rc<dyn Fn(HookRequest) -> LocalFuture<Result<(), Error>>>;

/// An `after_response` hook: it returns the response to go on with.
pub(crate) type AfterResponse =
    Rc<dyn Fn(HookRequest, Response) -> LocalFuture<Result<Response, Error>>>;

/// What a client adds to each of its calls: hooks run in order, and the bearer.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    pub(crate) before: Vec<BeforeRequest>,
    pub(crate) after: Vec<AfterResponse>,
    pub(crate) bearer: Option<Bearer>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("before_request", &self.before.len())
            .field("after_response", &self.after.len())
            .field("bearer", &self.bearer.is_some())
            .finish()
    }
}

impl Hooks {
    /// Whether the call has anything to run per attempt.
    pub(crate) fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty() && self.bearer.is_none()
    }
}
