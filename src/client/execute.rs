//! Running a call: its turn when it supersedes, then the attempts, each under an
//! [`AbortGuard`] (timeout, the caller's signal, abort on drop), through fetch or, for
//! upload progress, XMLHttpRequest, with the [`Retry`] waits between them; a client's
//! bearer and hooks around each attempt; all of it within the total timeout.
//!
//! [`Retry`]: crate::Retry

use super::builder::Put;
use super::callbacks::{HookRequest, Hooks};
use super::guard::{self, AbortGuard};
use super::request::{Plan, Prepared, Request};
use super::response::Response;
use super::retry::RetryContext;
use super::transport::{self, Answer, Sending};
use super::{platform, supersede};
use crate::error::{Error, ErrorKind};
use crate::rules::{message, retry};

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
    let Some(total) = plan.total_timeout_ms else {
        return turn_and_run(&request, &plan, started).await;
    };
    match guard::within(total, turn_and_run(&request, &plan, started)).await {
        Some(outcome) => outcome,
        None => Err(Error::new(
            ErrorKind::Timeout,
            &message::total_timed_out(total, plan.caller),
            &request.target,
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

/// What the retry rules (or the caller's `should_retry`) make of an attempt that ended.
enum Next {
    /// The attempt's outcome is the call's.
    Stop,
    /// Try again after the backoff, with the answer's `Retry-After`.
    Retry(Option<String>),
}

/// The attempts, and the waits between them.
async fn run(request: &Request, plan: &Plan, started: f64) -> Result<Response, Error> {
    let target = request.target.as_str();
    let aborted = |signal| guard::aborted(signal, target, plan.caller);
    let hooks = plan.hooks.as_deref();
    let bearer = hooks
        .and_then(|hooks| hooks.bearer.as_ref())
        .filter(|_| !request.has_authorization());
    let decides = plan.retry.as_ref().and_then(|r| r.should_retry.as_ref());
    // Retries made, attempts made, and whether the call was sent again after a 401.
    let (mut n, mut attempt, mut reauthorized) = (0, 0, false);
    loop {
        if let Some(signal) = plan.signal.as_ref().filter(|s| s.aborted()) {
            return Err(aborted(signal));
        }
        let (headers, token) = match hooks {
            Some(hooks) => prepare(request, hooks, attempt).await?,
            None => (None, None),
        };
        let may_retry = n < plan.limit;
        let again = |status| {
            (may_retry
                && plan
                    .retry
                    .as_ref()
                    .is_some_and(|r| r.retries_status(status)))
                || (status == 401 && token.is_some() && !reauthorized)
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
        let next = match outcome {
            Ok(Answer::Again { status: 401, .. }) if !reauthorized && token.is_some() => {
                if let (Some(bearer), Some(sent)) = (bearer, &token) {
                    drop(guard);
                    bearer.after_unauthorized(sent).await?;
                }
                reauthorized = true;
                continue;
            }
            Ok(Answer::Again { retry_after, .. }) => Next::Retry(retry_after),
            Ok(Answer::Done(response)) => {
                let next = match decides.filter(|_| may_retry) {
                    Some(decide) => {
                        let context = RetryContext {
                            error: None,
                            response: Some(response.clone()),
                            attempt: n + 1,
                        };
                        if decide.ask(context).await? {
                            Next::Retry(response.header("retry-after"))
                        } else {
                            Next::Stop
                        }
                    }
                    None => Next::Stop,
                };
                if let Next::Stop = next {
                    return finish(request, hooks, headers, attempt - 1, response).await;
                }
                next
            }
            Err(failed) => {
                let error = guard.explain(failed, target, plan.caller);
                let retryable = match error.kind() {
                    ErrorKind::Network => true,
                    ErrorKind::Timeout => decides.is_some(),
                    _ => false,
                };
                if !(may_retry && retryable) {
                    return Err(error);
                }
                if let Some(decide) = decides {
                    let context = RetryContext {
                        error: Some(error.clone()),
                        response: None,
                        attempt: n + 1,
                    };
                    if !decide.ask(context).await? {
                        return Err(error);
                    }
                }
                Next::Retry(None)
            }
        };
        let Next::Retry(retry_after) = next else {
            continue;
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

/// The headers of one attempt of a client's call: the call's, with the bearer's
/// `Authorization` (unless the call set its own), as the `before_request` hooks leave
/// them; and the token sent.
async fn prepare(
    request: &Request,
    hooks: &Hooks,
    attempt: u32,
) -> Result<(Option<web_sys::Headers>, Option<String>), Error> {
    let headers = request.fresh_headers()?;
    let mut token = None;
    if let Some(bearer) = hooks
        .bearer
        .as_ref()
        .filter(|_| !request.has_authorization())
    {
        let current = bearer.token().await?;
        headers
            .set("authorization", &format!("Bearer {current}"))
            .map_err(|e| {
                let detail = "The bearer token is not a valid header value (it holds CR, LF or a character above U+00FF)";
                Error::new(ErrorKind::InvalidInput, detail, &request.target).with_cause(e)
            })?;
        token = Some(current);
    }
    for hook in &hooks.before {
        hook(hook_request(request, &headers, attempt)).await?;
    }
    Ok((Some(headers), token))
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

/// The call's final answer, through the client's `after_response` hooks (on PUTs: the
/// read of `update()` is not a final answer).
async fn finish(
    request: &Request,
    hooks: Option<&Hooks>,
    headers: Option<web_sys::Headers>,
    attempt: u32,
    mut response: Response,
) -> Result<Response, Error> {
    let Some(hooks) = hooks.filter(|h| !h.after.is_empty()) else {
        return Ok(response);
    };
    if request.method != super::Method::Put {
        return Ok(response);
    }
    let headers = match headers {
        Some(headers) => headers,
        None => request.fresh_headers()?,
    };
    for hook in &hooks.after {
        response = hook(hook_request(request, &headers, attempt), response).await?;
    }
    Ok(response)
}
