//! Running a call: its turn when it supersedes, then the attempts, each under an
//! [`AbortGuard`] (timeout, the caller's signal, abort on drop), through fetch or, for
//! upload progress, XMLHttpRequest, with the [`Retry`] waits between them.
//!
//! [`Retry`]: crate::Retry

use super::builder::Put;
use super::guard::{self, AbortGuard};
use super::request::{Plan, Prepared, Request};
use super::response::Response;
use super::transport::{self, Answer};
use super::{platform, supersede};
use crate::error::{Error, ErrorKind};
use crate::rules::retry;

impl Put {
    /// Sends the PUT and waits for the whole answer. Dropping the future aborts the
    /// request and frees its timer and listeners.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// let res = wasm_put::put("/resources/1").body("hi").send().await?;
    /// println!("{}", res.status());
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Response, Error> {
        send(self).await
    }
}

/// Sends `put` and waits for the whole answer.
async fn send(put: Put) -> Result<Response, Error> {
    let started = platform::now_ms();
    let Prepared { request, plan } = Prepared::try_from(put)?;
    // Waits for its turn when it supersedes: the turn is handed on when it ends.
    let _turn = match &plan.supersede {
        Some(key) => {
            Some(supersede::turn(key, plan.signal.as_ref(), &request.target, plan.caller).await?)
        }
        None => None,
    };
    run(&request, &plan, started).await
}

/// The attempts, and the waits between them.
async fn run(request: &Request, plan: &Plan, started: f64) -> Result<Response, Error> {
    let target = request.target.as_str();
    let aborted = |signal| guard::aborted(signal, target, plan.caller);
    let mut n = 0;
    loop {
        if let Some(signal) = plan.signal.as_ref().filter(|s| s.aborted()) {
            return Err(aborted(signal));
        }
        let may_retry = n < plan.limit;
        let retries = |status| {
            may_retry
                && plan
                    .retry
                    .as_ref()
                    .is_some_and(|r| r.retries_status(status))
        };
        let mut guard = AbortGuard::new(plan.timeout_ms, plan.signal.as_ref(), plan.abort_on_drop)
            .map_err(|e| {
                Error::new(
                    ErrorKind::NotSupported,
                    "This runtime has no AbortController, which timeouts, signals and dropped calls need",
                    target,
                )
                .with_cause(e)
            })?;
        let signal = guard.signal();
        let outcome = transport::attempt(request, signal.as_ref(), &retries, started).await;
        guard.finish();
        let retry_after = match outcome {
            Ok(Answer::Done(response)) => return Ok(response),
            Ok(Answer::Retry(retry_after)) => retry_after,
            Err(failed) => {
                let error = guard.explain(failed, target, plan.caller);
                if !(may_retry && error.kind() == ErrorKind::Network) {
                    return Err(error);
                }
                None
            }
        };
        drop(guard);
        let asked = retry_after.and_then(|v| retry::parse_retry_after(&v, js_sys::Date::now()));
        let wait = plan
            .retry
            .as_ref()
            .map_or(0.0, |r| r.delay_ms(n, js_sys::Math::random(), asked));
        if guard::sleep(wait, plan.signal.as_ref()).await.is_err() {
            if let Some(signal) = &plan.signal {
                return Err(aborted(signal));
            }
        }
        n += 1;
    }
}
