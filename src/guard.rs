//! One attempt's abort controller, owning its timer and its listener on the caller's
//! signal, both removed on `Drop` on every path, so nothing is left behind.

use crate::error::{push_uint, ErrorKind, PutError};
use crate::js;
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal};

/// Aborts one attempt when its `timeout` elapses or when the caller's `signal` aborts.
///
/// With neither, it holds nothing and the request carries no signal: an
/// `AbortController` per call is measurable on a small PUT.
pub struct AttemptGuard {
    armed: Option<Armed>,
}

/// The controller of an attempt that has a timeout or a caller's signal.
struct Armed {
    controller: AbortController,
    abort: Function,
    timer: Option<JsValue>,
    caller: Option<AbortSignal>,
    timeout_reason: JsValue,
    timeout_ms: f64,
}

impl AttemptGuard {
    /// Starts the timer (if any) and listens to the caller's signal (if any).
    pub fn start(timeout_ms: Option<f64>, caller: Option<&AbortSignal>) -> Result<Self, PutError> {
        if timeout_ms.is_none() && caller.is_none() {
            return Ok(AttemptGuard { armed: None });
        }
        let controller = AbortController::new().map_err(|e| {
            PutError::invalid_input("This runtime has no AbortController").with_cause(e)
        })?;
        let abort = js::get(&controller, "abort")
            .and_then(|f| f.dyn_into::<Function>().ok())
            .map(|f| f.bind0(&controller))
            .ok_or_else(|| {
                PutError::invalid_input("This runtime's AbortController has no abort()")
            })?;
        let timeout_reason = JsValue::from(js_sys::Object::new());
        let timer = timeout_ms.map(|ms| js::set_timeout(&abort, ms, &timeout_reason));
        let caller = caller.cloned();
        if let Some(signal) = &caller {
            let _ = signal.add_event_listener_with_callback("abort", &abort);
        }
        Ok(AttemptGuard {
            armed: Some(Armed {
                controller,
                abort,
                timer,
                caller,
                timeout_reason,
                timeout_ms: timeout_ms.unwrap_or(0.0),
            }),
        })
    }

    /// The signal to hand to `fetch` (or to the XMLHttpRequest path), if any.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.armed.as_ref().map(|a| a.controller.signal())
    }

    /// What a rejection during this attempt means: the timeout, the caller's abort, or
    /// else `otherwise` (a network failure).
    pub fn explain(&self, cause: JsValue, otherwise: fn(JsValue) -> PutError) -> PutError {
        let Some(armed) = &self.armed else {
            return otherwise(cause);
        };
        if armed.controller.signal().reason() == armed.timeout_reason {
            return timeout_error(armed.timeout_ms);
        }
        if let Some(signal) = armed.caller.as_ref().filter(|s| s.aborted()) {
            return abort_error(signal);
        }
        otherwise(cause)
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            js::clear_timeout(&timer);
        }
        if let Some(signal) = &self.caller {
            let _ = signal.remove_event_listener_with_callback("abort", &self.abort);
        }
    }
}

/// The `TimeoutError` of a `timeout` of `ms`.
pub fn timeout_error(ms: f64) -> PutError {
    let mut d = String::from("Request timed out after ");
    push_uint(&mut d, ms.ceil() as u64);
    d.push_str(" ms; raise options.timeout or check that the server answers");
    PutError::new(ErrorKind::Timeout, d)
}

/// The `AbortError` of the caller's `signal`, its reason kept as `cause`.
pub fn abort_error(signal: &AbortSignal) -> PutError {
    PutError::new(
        ErrorKind::Abort,
        "Request aborted by options.signal (the reason is in cause)",
    )
    .with_cause(signal.reason())
}
