//! [`Retry`]: how a call retries, from the JS `retry` option (read into it) or the Rust
//! builder to the waits between attempts; with [`Retry::should_retry`], a decision of
//! the caller's own. The arithmetic (backoff, `Retry-After`) is pure, in `rules::retry`;
//! which attempts are retried is decided in `rules::attempts`.

use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

use super::callbacks::LocalFuture;
use super::response::Response;
use crate::error::Error;
use crate::rules::retry::{self, RetryProblem};

/// How a call retries: a count (`.retry(3)`), or the whole policy.
///
/// ```no_run
/// use std::time::Duration;
/// use wasm_put::Retry;
/// let retry = Retry { limit: 3, backoff: Duration::from_millis(100), ..Default::default() };
/// let request = wasm_put::put("/resources/1").body("x").retry(retry);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    /// Retries after the first attempt (0: none; at most 100).
    pub limit: u32,
    /// The statuses retried (by default 408, 413, 429, 500, 502, 503, 504).
    pub status_codes: Vec<u16>,
    /// The base of the exponential backoff (default 300 ms).
    pub backoff: Duration,
    /// The cap on one wait, `Retry-After` included (default 30 s).
    pub max_backoff: Duration,
    /// The caller's own decision, in place of `status_codes` and the network-error rule
    /// (the limit still holds); set with [`Retry::should_retry`].
    pub should_retry: Option<ShouldRetry>,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            limit: 0,
            status_codes: retry::DEFAULT_STATUS_CODES.to_vec(),
            backoff: Duration::from_millis(retry::DEFAULT_BACKOFF_MS as u64),
            max_backoff: Duration::from_millis(retry::DEFAULT_MAX_BACKOFF_MS as u64),
            should_retry: None,
        }
    }
}

impl From<u32> for Retry {
    fn from(limit: u32) -> Retry {
        Retry {
            limit,
            ..Retry::default()
        }
    }
}

/// What [`Retry::should_retry`] decides on: the attempt that just ended, and the
/// number of the retry it would be.
#[derive(Debug, Clone)]
pub struct RetryContext {
    /// The attempt's error (network, or its `timeout`), when it had no answer.
    pub error: Option<Error>,
    /// The attempt's answer, body and all, when it had one.
    pub response: Option<Response>,
    /// The number of the retry being decided on: 1 for the first.
    pub attempt: u32,
}

/// The caller's retry decision (see [`Retry::should_retry`]).
#[derive(Clone)]
pub struct ShouldRetry(Rc<dyn Fn(RetryContext) -> LocalFuture<Result<bool, Error>>>);

impl ShouldRetry {
    /// Asks it about `context`.
    pub(crate) fn ask(&self, context: RetryContext) -> LocalFuture<Result<bool, Error>> {
        (self.0)(context)
    }
}

impl std::fmt::Debug for ShouldRetry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShouldRetry(..)")
    }
}

impl PartialEq for ShouldRetry {
    /// The same function.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Retry {
    /// Decides each retry with `decide` instead of the status and error rules: it gets
    /// the attempt that ended (its response or its error) and resolves to whether to try
    /// again. The limit still holds; an `Err` ends the call with that error.
    ///
    /// ```no_run
    /// use wasm_put::Retry;
    /// let retry = Retry::from(3).should_retry(|ctx| async move {
    ///     Ok(ctx.response.is_some_and(|res| res.status() == 409))
    /// });
    /// let request = wasm_put::put("/resources/1").body("x").retry(retry);
    /// ```
    pub fn should_retry<F, Fut>(mut self, decide: F) -> Retry
    where
        F: Fn(RetryContext) -> Fut + 'static,
        Fut: Future<Output = Result<bool, Error>> + 'static,
    {
        self.should_retry = Some(ShouldRetry(Rc::new(move |context| {
            Box::pin(decide(context))
        })));
        self
    }

    /// Checks the limit and the statuses.
    pub(crate) fn check(&self) -> Result<(), RetryProblem> {
        retry::check(self.limit, &self.status_codes)
    }

    /// The wait before retry number `retry` (0 for the first retry), in ms: see
    /// [`retry::delay_ms`].
    pub(crate) fn delay_ms(&self, retry: u32, jitter: f64, retry_after_ms: Option<f64>) -> f64 {
        retry::delay_ms(
            self.backoff.as_secs_f64() * 1000.0,
            self.max_backoff.as_secs_f64() * 1000.0,
            retry,
            jitter,
            retry_after_ms,
        )
    }
}
