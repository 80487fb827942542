//! How a call runs, on the builder: its timeouts, its signal, its retries and its
//! progress callbacks.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use web_sys::AbortSignal;

use super::Put;
use crate::client::progress::Progress;
use crate::client::retry::Retry;
use crate::rules::option_checks;

impl Put {
    /// The time each attempt may take, up to the end of the body; then
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let request = wasm_put::put("/resources/1").timeout(Duration::from_secs(5));
    /// ```
    pub fn timeout(self, timeout: Duration) -> Put {
        self.timeout_ms(timeout.as_secs_f64() * 1000.0)
    }

    /// The timeout in ms (finite, above 0).
    pub(crate) fn timeout_ms(mut self, ms: f64) -> Put {
        let checked = option_checks::check_timeout(self.caller, ms);
        if let Some(ms) = self.checked(checked) {
            self.timeout_ms = Some(ms);
        }
        self
    }

    /// The time the whole call may take: every attempt, every wait between them (and a
    /// client's token refresh and hooks); then [`ErrorKind::Timeout`] saying it was the
    /// total.
    ///
    /// [`ErrorKind::Timeout`]: crate::ErrorKind::Timeout
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// let request = wasm_put::put("/resources/1")
    ///     .retry(5)
    ///     .total_timeout(Duration::from_secs(20));
    /// ```
    pub fn total_timeout(self, total: Duration) -> Put {
        self.total_timeout_ms(total.as_secs_f64() * 1000.0)
    }

    /// The total timeout in ms (finite, above 0).
    pub(crate) fn total_timeout_ms(mut self, ms: f64) -> Put {
        let checked = option_checks::check_total_timeout(self.caller, ms);
        if let Some(ms) = self.checked(checked) {
            self.total_timeout_ms = Some(ms);
        }
        self
    }

    /// Aborts the call when `signal` aborts: [`ErrorKind::Abort`](crate::ErrorKind::Abort),
    /// the reason as cause.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_bindgen::JsValue> {
    /// let controller = web_sys::AbortController::new()?;
    /// let request = wasm_put::put("/resources/1").signal(&controller.signal());
    /// # Ok(()) }
    /// ```
    pub fn signal(mut self, signal: &AbortSignal) -> Put {
        self.signal = Some(signal.clone());
        self
    }

    /// Retries network errors and retryable statuses, with exponential backoff and
    /// `Retry-After`. Bodies that cannot be replayed (streams) are not retried.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").body("x").retry(3);
    /// ```
    pub fn retry(mut self, retry: impl Into<Retry>) -> Put {
        let retry = retry.into();
        match retry.check() {
            Ok(()) => self.retry = Some(retry),
            Err(problem) => self.fail(option_checks::retry_refused(self.caller, problem)),
        }
        self
    }

    /// Calls `f` with the bytes sent so far; the last call has `loaded == total`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1")
    ///     .body(vec![0u8; 1 << 20])
    ///     .on_upload_progress(|p| println!("{} of {:?}", p.loaded, p.total));
    /// ```
    pub fn on_upload_progress(mut self, f: impl FnMut(Progress) + 'static) -> Put {
        self.on_upload = Some(Rc::new(RefCell::new(f)));
        self
    }

    /// Calls `f` with the bytes received so far (`total` is `None` when unknown); the
    /// last call has `loaded` equal to the body's length.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1")
    ///     .on_download_progress(|p| println!("{} received", p.loaded));
    /// ```
    pub fn on_download_progress(mut self, f: impl FnMut(Progress) + 'static) -> Put {
        self.on_download = Some(Rc::new(RefCell::new(f)));
        self
    }
}
