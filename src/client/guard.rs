//! The abort guard of one attempt, and the wait between attempts.
//!
//! An [`AbortGuard`] owns what an attempt needs to be stopped: an `AbortController`
//! whose signal goes to fetch (or XMLHttpRequest), the timer of `timeout`, and the
//! listener on the caller's signal. Dropping it clears the timer and removes the
//! listener on every path; dropped before [`AbortGuard::finish`] (a dropped `send()`
//! future), it also aborts the request.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use super::platform;
use super::transport::Failed;
use crate::error::{Error, ErrorKind};
use crate::rules::message;
use crate::rules::options::Caller;

/// What stops one attempt: its timeout, the caller's signal, or its own drop.
pub struct AbortGuard {
    /// `None` when nothing can stop the attempt: no controller at all is cheaper.
    controller: Option<AbortController>,
    timeout_ms: Option<f64>,
    timer: Option<(JsValue, Closure<dyn FnMut()>)>,
    caller: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    timed_out: Rc<Cell<bool>>,
    finished: bool,
}

impl AbortGuard {
    /// A guard for an attempt with `timeout_ms` and the caller's `signal`;
    /// `abort_on_drop` gives it a controller even without either.
    pub fn new(
        timeout_ms: Option<f64>,
        signal: Option<&AbortSignal>,
        abort_on_drop: bool,
    ) -> Result<AbortGuard, JsValue> {
        let mut guard = AbortGuard {
            controller: None,
            timeout_ms,
            timer: None,
            caller: None,
            timed_out: Rc::new(Cell::new(false)),
            finished: false,
        };
        if timeout_ms.is_none() && signal.is_none() && !abort_on_drop {
            return Ok(guard);
        }
        let controller = AbortController::new()?;
        if let Some(ms) = timeout_ms {
            let (flag, target) = (guard.timed_out.clone(), controller.clone());
            let on_time = Closure::<dyn FnMut()>::new(move || {
                flag.set(true);
                target.abort();
            });
            let id = platform::set_timeout(on_time.as_ref().unchecked_ref(), ms);
            guard.timer = Some((id, on_time));
        }
        if let Some(signal) = signal {
            let (from, target) = (signal.clone(), controller.clone());
            let on_abort = Closure::<dyn FnMut()>::new(move || {
                target.abort_with_reason(&from.reason());
            });
            signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())?;
            guard.caller = Some((signal.clone(), on_abort));
        }
        guard.controller = Some(controller);
        Ok(guard)
    }

    /// The signal to hand to fetch, when the attempt can be stopped.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.controller.as_ref().map(AbortController::signal)
    }

    /// The attempt has ended: dropping the guard now only cleans up.
    pub fn finish(&mut self) {
        self.finished = true;
    }

    /// What a failed attempt means: the timeout, the caller's abort, or else the network
    /// failure it says, in a call aimed at `target`, in `caller`'s words.
    pub fn explain(&self, failed: Failed, target: &str, caller: Caller) -> Error {
        if self.timed_out.get() {
            let ms = self.timeout_ms.unwrap_or_default();
            return Error::new(ErrorKind::Timeout, &message::timed_out(ms, caller), target);
        }
        if let Some((signal, _)) = self.caller.as_ref().filter(|(s, _)| s.aborted()) {
            return aborted(signal, target, caller);
        }
        failed.into_error(target)
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some((id, _closure)) = self.timer.take() {
            platform::clear_timeout(&id);
        }
        if let Some((signal, closure)) = self.caller.take() {
            let _ = signal
                .remove_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
        }
        if let (Some(controller), false) = (&self.controller, self.finished) {
            controller.abort();
        }
    }
}

/// The [`ErrorKind::Abort`] error for the caller's aborted `signal`, with its reason.
pub fn aborted(signal: &AbortSignal, target: &str, caller: Caller) -> Error {
    Error::new(ErrorKind::Abort, message::aborted(caller), target).with_cause(signal.reason())
}

/// Waits `ms`, or fails with the signal's abort first. The timer and the listener are
/// removed on every path, the future's drop included.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), ()> {
    wait(Some(ms), signal).await
}

/// Waits `ms` (`None`: with no timer, until the signal aborts), or fails with the
/// signal's abort first. The timer and the listener are removed on every path, the
/// future's drop included.
async fn wait(ms: Option<f64>, signal: Option<&AbortSignal>) -> Result<(), ()> {
    if signal.is_some_and(AbortSignal::aborted) {
        return Err(());
    }
    let mut settle: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some((resolve, reject)) = settle else {
        return Err(());
    };
    /// Clears the timer and the listener of one wait.
    struct Wait<'a> {
        timer: Option<JsValue>,
        signal: Option<&'a AbortSignal>,
        reject: Function,
    }
    impl Drop for Wait<'_> {
        fn drop(&mut self) {
            if let Some(timer) = &self.timer {
                platform::clear_timeout(timer);
            }
            if let Some(signal) = self.signal {
                let _ = signal.remove_event_listener_with_callback("abort", &self.reject);
            }
        }
    }
    let wait = Wait {
        timer: ms.map(|ms| platform::set_timeout(&resolve, ms)),
        signal,
        reject,
    };
    if let Some(signal) = signal {
        signal
            .add_event_listener_with_callback("abort", &wait.reject)
            .map_err(drop)?;
    }
    let result = JsFuture::from(promise).await;
    drop(wait);
    result.map(drop).map_err(drop)
}

/// Why [`within`] stopped the work it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Its time ran out.
    TimedOut,
    /// The signal aborted.
    Aborted,
}

/// Runs `work` until it ends, at most `total_ms` (`None`: no limit) and until `signal`
/// aborts: its output, or why it was stopped first ([`stopped`] makes the error). Stopped,
/// `work` is dropped, which stops what it was doing: the request in flight, a wait, a
/// hook. The timer and listener are cleared either way.
pub async fn within<T>(
    total_ms: Option<f64>,
    signal: Option<&AbortSignal>,
    work: impl std::future::Future<Output = T>,
) -> Result<T, Stopped> {
    use std::future::Future;
    use std::task::Poll;
    let mut work = std::pin::pin!(work);
    let mut stop = std::pin::pin!(wait(total_ms, signal));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(out) = work.as_mut().poll(cx) {
            return Poll::Ready(Ok(out));
        }
        match stop.as_mut().poll(cx) {
            Poll::Ready(Ok(())) => Poll::Ready(Err(Stopped::TimedOut)),
            Poll::Ready(Err(())) => Poll::Ready(Err(Stopped::Aborted)),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// The error of a call aimed at `target` that [`within`] stopped: its total timeout of
/// `total_ms`, or the abort of `signal`, in `caller`'s words. One function, not generic,
/// for every caller of `within`.
pub fn stopped(
    why: Stopped,
    total_ms: Option<f64>,
    signal: Option<&AbortSignal>,
    target: &str,
    caller: Caller,
) -> Error {
    match (why, signal) {
        (Stopped::TimedOut, _) => {
            let detail = message::total_timed_out(total_ms.unwrap_or_default(), caller);
            Error::new(ErrorKind::Timeout, &detail, target)
        }
        (Stopped::Aborted, Some(signal)) => aborted(signal, target, caller),
        (Stopped::Aborted, None) => Error::new(ErrorKind::Abort, message::aborted(caller), target),
    }
}
