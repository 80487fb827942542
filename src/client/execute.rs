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
use crate::rules::attempts::{self, Attempts, Early, Ended, Next, Policy};
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

/// The attempts, and the waits between them; what to do after each is decided by
/// [`Attempts`].
async fn run(request: &Request, plan: &Plan, started: f64) -> Result<Response, Error> {
    let target = request.target.as_str();
    let aborted = |signal| guard::aborted(signal, target, plan.caller);
    let around = plan.hooks.as_ref();
    let decides = plan.retry.as_ref().and_then(|r| r.should_retry.as_ref());
    let policy = Policy {
        limit: plan.limit,
        status_codes: plan.retry.as_ref().map_or(&[], |r| &r.status_codes),
        caller_decides: decides.is_some(),
        replayable: request.body.replayable(),
    };
    let mut attempts = Attempts::default();
    loop {
        if let Some(signal) = plan.signal.as_ref().filter(|s| s.aborted()) {
            return Err(aborted(signal));
        }
        // A client's call: this attempt's headers, with its bearer token and hooks.
        let (headers, token) = match around {
            Some(around) => {
                let headers = request.fresh_headers()?;
                let parts = hook_request(request, &headers, attempts.next_number());
                let bearer = !request.own_authorization;
                (Some(headers), around.clone().prepare(parts, bearer).await?)
            }
            None => (None, None),
        };
        let early = |status| attempts.early(&policy, status, token.is_some());
        let again = |status| early(status) != Early::Read;
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
        let resend =
            matches!(outcome, Ok(Answer::Again { status, .. }) if early(status) == Early::Resend);
        attempts.sent_one();
        let (ended, mut retry_after) = match outcome {
            Ok(Answer::Again { .. }) if resend => {
                if let (Some(around), Some(sent)) = (around, token) {
                    drop(guard);
                    around.clone().unauthorized(sent).await?;
                }
                attempts.resending();
                continue;
            }
            // The status rule retries it.
            Ok(Answer::Again { retry_after, .. }) => (None, retry_after),
            Ok(Answer::Done(response)) => (Some(Ok(response)), None),
            Err(failed) => (Some(Err(guard.explain(failed, target, plan.caller))), None),
        };
        if let Some(ended) = ended {
            let how_ended = match &ended {
                Ok(response) => Ended::Answer { ok: response.ok() },
                Err(e) => match e.kind() {
                    ErrorKind::Network => Ended::Network,
                    ErrorKind::Timeout => Ended::Timeout,
                    _ => Ended::Other,
                },
            };
            let retry_it = match (attempts.next(&policy, how_ended), decides) {
                (Next::Retry, _) => true,
                (Next::Ask { retry }, Some(decide)) => {
                    let (error, response) = match &ended {
                        Ok(response) => (None, Some(response.clone())),
                        Err(error) => (Some(error.clone()), None),
                    };
                    decide
                        .ask(RetryContext {
                            error,
                            response,
                            attempt: retry,
                        })
                        .await?
                }
                _ => false,
            };
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
                let is_put = request.method == Method::Put;
                return match (around, headers) {
                    // The read of `update()`, and its 412s it starts again after, are
                    // not the call's final answer.
                    (Some(around), Some(headers))
                        if attempts::after_response_runs(
                            is_put,
                            plan.within_update,
                            response.status(),
                        ) =>
                    {
                        let parts = hook_request(request, &headers, attempts.last_number());
                        around.clone().finish(parts, response).await
                    }
                    _ => Ok(response),
                };
            }
        }
        drop(guard);
        let asked = retry_after.and_then(|v| retry::parse_retry_after(&v, js_sys::Date::now()));
        let wait = plan.retry.as_ref().map_or(0.0, |r| {
            r.delay_ms(attempts.retries(), js_sys::Math::random(), asked)
        });
        if guard::sleep(wait, plan.signal.as_ref()).await.is_err() {
            if let Some(signal) = &plan.signal {
                return Err(aborted(signal));
            }
        }
        attempts.retrying();
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
