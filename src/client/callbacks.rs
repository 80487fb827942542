//! What a caller's functions plug into a call: the hooks of a [`Client`](crate::Client)
//! (`before_request` on every attempt, `after_response` on the final answer) with its
//! bearer, and the future type they and the other callbacks (`should_retry`, a bearer's
//! token and refresh) return.
//!
//! A call reaches them only through [`Around`], a trait object that only a client
//! makes: a Rust app that never builds a `Client` links none of this.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use super::bearer::Bearer;
use super::response::Response;
use crate::error::{Error, ErrorKind};
use crate::rules::message;

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

/// What a client does around each attempt of its calls.
pub(crate) trait Around {
    /// Whether there is nothing to do (a call without hooks or bearer may take the
    /// direct path).
    fn is_empty(&self) -> bool;

    /// Before an attempt: the bearer's token set in `request.headers` when `bearer` (the
    /// call has no `Authorization` of its own), then the `before_request` hooks, in
    /// order. Resolves to the token sent, if any.
    fn prepare(
        self: Rc<Self>,
        request: HookRequest,
        bearer: bool,
    ) -> LocalFuture<Result<Option<String>, Error>>;

    /// After a `401` to an attempt sent with the token `sent`: the bearer's refresh,
    /// shared (see [`Bearer::after_unauthorized`]).
    fn unauthorized(self: Rc<Self>, sent: String) -> LocalFuture<Result<(), Error>>;

    /// The `after_response` hooks on a call's final answer, in order.
    fn finish(
        self: Rc<Self>,
        request: HookRequest,
        response: Response,
    ) -> LocalFuture<Result<Response, Error>>;
}

impl Around for Hooks {
    fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty() && self.bearer.is_none()
    }

    fn prepare(
        self: Rc<Self>,
        request: HookRequest,
        bearer: bool,
    ) -> LocalFuture<Result<Option<String>, Error>> {
        Box::pin(async move {
            let mut token = None;
            if let Some(bearer) = self.bearer.as_ref().filter(|_| bearer) {
                let current = bearer.token().await?;
                let set = request
                    .headers
                    .set("authorization", &format!("Bearer {current}"));
                if let Err(cause) = set {
                    let detail = "The bearer token is not a valid header value (it holds CR, LF or a character above U+00FF)";
                    let target = message::target(request.method, &request.url);
                    return Err(
                        Error::new(ErrorKind::InvalidInput, detail, &target).with_cause(cause)
                    );
                }
                token = Some(current);
            }
            for hook in &self.before {
                hook(request.clone()).await?;
            }
            Ok(token)
        })
    }

    fn unauthorized(self: Rc<Self>, sent: String) -> LocalFuture<Result<(), Error>> {
        Box::pin(async move {
            match &self.bearer {
                Some(bearer) => bearer.after_unauthorized(&sent).await,
                None => Ok(()),
            }
        })
    }

    fn finish(
        self: Rc<Self>,
        request: HookRequest,
        mut response: Response,
    ) -> LocalFuture<Result<Response, Error>> {
        Box::pin(async move {
            for hook in &self.after {
                response = hook(request.clone(), response).await?;
            }
            Ok(response)
        })
    }
}
