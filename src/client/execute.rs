//! Running a call: its turn when it supersedes, then the attempts, each under an
//! [`AbortGuard`] (timeout, the caller's signal, abort on drop), through fetch or, for
//! upload progress, XMLHttpRequest, with the [`Retry`] waits between them; a client's
//! bearer and hooks around each attempt; all of it within the total timeout.
//!
//! [`Retry`]: crate::Retry

use super::builder::{Method, Put};
use super::callbacks::HookRequest;
use super::guard::{self, AbortGuard};
use super::request::{Plan, Prepared, Request};
use super::response::Response;
use super::retry::RetryContext;
use super::transport::{self, Answer, Sending};
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
    // The caller's code (hooks, a token refresh, `should_retry`) may take any time: the
    // total timeout and the caller's signal then stop the call wherever it waits.
    let waits_on_caller = plan.hooks.is_some()
        || plan
            .retry
            .as_ref()
            .is_some_and(|r| r.should_retry.is_some());
    let signal = plan.signal.as_ref().filter(|_| waits_on_caller);
    let total = plan.total_timeout_ms;
    if total.is_none() && signal.is_none() {
        return turn_and_run(&request, &plan, started).await;
    }
    let work = turn_and_run(&request, &plan, started);
    match guard::within(total, signal, work).await {
        Ok(outcome) => outcome,
        Err(why) => Err(guard::stopped(
            why,
            total,
            signal,
            &request.target,
            plan.caller,
        )),
    }
}

/// Waits for the call's turn when it supersedes (handed on when it ends), then runs it.
async fn turn_and_run(request: &Request, plan: &Plan, started: f64) -> Result<Response, Error> {
    let _turn = match &plan.supersede {
        Some(key) => {
            Some(supersede::turn(key, plan.signal.as_ref(), &request.target, plan.caller).await?)
        }
        None => None,
    };
    run(request, plan, started).await
}

/// The attempts, and the waits between them.
async fn run(request: &Request, plan: &Plan, started: f64) -> Result<Response, Error> {
    let target = request.target.as_str();
    let aborted = |signal| guard::aborted(signal, target, plan.caller);
    let around = plan.hooks.as_ref();
    let decides = plan.retry.as_ref().and_then(|r| r.should_retry.as_ref());
    // Retries made (each counts against the limit), attempts sent (hooks see their
    // number: retries and a resend after a token refresh alike), and whether the call
    // was sent again after a 401.
    let (mut retries, mut attempt, mut reauthorized) = (0, 0, false);
    // A 401 is sent again once with a refreshed token, if the body can be sent again.
    let refreshes = request.body.replayable();
    loop {
        if let Some(signal) = plan.signal.as_ref().filter(|s| s.aborted()) {
            return Err(aborted(signal));
        }
        // A client's call: this attempt's headers, with its bearer token and hooks.
        let (headers, token) = match around {
            Some(around) => {
                let headers = request.fresh_headers()?;
                let parts = hook_request(request, &headers, attempt);
                let bearer = !request.own_authorization;
                (Some(headers), around.clone().prepare(parts, bearer).await?)
            }
            None => (None, None),
        };
        let may_retry = retries < plan.limit;
        let unauthorized = |status| status == 401 && token.is_some() && !reauthorized && refreshes;
        let again = |status| {
            let rule = plan
                .retry
                .as_ref()
                .is_some_and(|r| r.retries_status(status));
            (may_retry && rule) || unauthorized(status)
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
        let how = Sending {
            signal: signal.as_ref(),
            headers: headers.as_ref(),
            again: &again,
            started,
        };
        let outcome = transport::attempt(request, &how).await;
        guard.finish();
        attempt += 1;
        let (ended, mut retry_after) = match outcome {
            Ok(Answer::Again { status, .. }) if unauthorized(status) => {
                if let (Some(around), Some(sent)) = (around, token) {
                    drop(guard);
                    around.clone().unauthorized(sent).await?;
                }
                reauthorized = true;
                continue;
            }
            // The status rule retries it.
            Ok(Answer::Again { retry_after, .. }) => (None, retry_after),
            Ok(Answer::Done(response)) => (Some(Ok(response)), None),
            Err(failed) => (Some(Err(guard.explain(failed, target, plan.caller))), None),
        };
        if let Some(ended) = ended {
            // A network error is retried. The caller's decision, when it has one, is
            // asked about every failed attempt: a non-2xx answer, a network error, a
            // timed-out attempt.
            let offered = match &ended {
                Ok(response) => !response.ok() && decides.is_some(),
                Err(e) => {
                    e.kind() == ErrorKind::Network
                        || (e.kind() == ErrorKind::Timeout && decides.is_some())
                }
            };
            let mut retry_it = may_retry && offered;
            if let Some(decide) = decides.filter(|_| retry_it) {
                let (error, response) = match &ended {
                    Ok(response) => (None, Some(response.clone())),
                    Err(error) => (Some(error.clone()), None),
                };
                let attempt = retries + 1;
                retry_it = decide
                    .ask(RetryContext {
                        error,
                        response,
                        attempt,
                    })
                    .await?;
            }
            let response = match ended {
                Ok(response) if retry_it => {
                    retry_after = response.header("retry-after");
                    None
                }
                Ok(response) => Some(response),
                Err(_) if retry_it => None,
                Err(error) => return Err(error),
            };
            if let Some(response) = response {
                return match (around, headers) {
                    // The read of `update()`, and its 412s it starts again after, are
                    // not the call's final answer.
                    (Some(around), Some(headers))
                        if request.method == Method::Put
                            && !(plan.within_update && response.status() == 412) =>
                    {
                        let parts = hook_request(request, &headers, attempt - 1);
                        around.clone().finish(parts, response).await
                    }
                    _ => Ok(response),
                };
            }
        }
        drop(guard);
        let asked = retry_after.and_then(|v| retry::parse_retry_after(&v, js_sys::Date::now()));
        let wait = plan
            .retry
            .as_ref()
            .map_or(0.0, |r| r.delay_ms(retries, js_sys::Math::random(), asked));
        if guard::sleep(wait, plan.signal.as_ref()).await.is_err() {
            if let Some(signal) = &plan.signal {
                return Err(aborted(signal));
            }
        }
        retries += 1;
    }
}

/// The request as hooks see it.
fn hook_request(request: &Request, headers: &web_sys::Headers, attempt: u32) -> HookRequest {
    HookRequest {
        method: request.method.as_str(),
        url: request.url.clone(),
        headers: headers.clone(),
        attempt,
    }
}
