//! One error model: what can go wrong in a call, and the sentence that tells a person.
//!
//! Every failure of a call is an [`Error`]. It becomes a JS `Error` whose `name` is
//! [`ErrorKind::name`] at exactly one boundary: `From<Error> for JsValue`.

use std::fmt;

use crate::rules::{message, Invalid};
use wasm_bindgen::{JsCast, JsValue};

/// What went wrong, one variant per error name of the contract. More may come, so a
/// `match` on it needs a `_` arm.
///
/// ```
/// use wasm_put::ErrorKind;
/// assert_eq!(ErrorKind::Timeout.name(), "TimeoutError");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad url, header, data or option, found before anything was sent.
    InvalidInput,
    /// `fetch` failed: refused, DNS, reset, CORS, or the body broke off.
    Network,
    /// The `timeout` of an attempt elapsed, or the `total_timeout` of the whole call.
    Timeout,
    /// The caller's signal aborted.
    Abort,
    /// A non-2xx answer, when the caller asked for it to be an error.
    Http,
    /// A body that is not JSON, or not the type asked for.
    Decode,
    /// The platform lacks what the call needs (`AbortController`, or IndexedDB for an
    /// outbox).
    NotSupported,
    /// The browser's storage failed an outbox: the origin's storage is full, its
    /// database was closed by another tab (deleted or upgraded there), an open stayed
    /// blocked, or the storage refused it (as some private windows do).
    Storage,
    /// A function the caller gave (a hook, `should_retry`, a bearer token or refresh)
    /// failed: the error is its own. A JS caller gets the very value it threw.
    Callback,
}

impl ErrorKind {
    /// The JS `Error.name` of this kind: `InvalidInputError`, `NetworkError`, …
    ///
    /// ```
    /// assert_eq!(wasm_put::ErrorKind::InvalidInput.name(), "InvalidInputError");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "InvalidInputError",
            ErrorKind::Network => "NetworkError",
            ErrorKind::Timeout => "TimeoutError",
            ErrorKind::Abort => "AbortError",
            ErrorKind::Http => "HttpError",
            // What `JSON.parse` throws, so that JS callers see the error they know.
            ErrorKind::Decode => "SyntaxError",
            ErrorKind::NotSupported => "NotSupportedError",
            ErrorKind::Storage => "StorageError",
            // A JS caller gets the value its function threw, never this name.
            ErrorKind::Callback => "Error",
        }
    }
}

/// A failed call: its kind, the message a person can act on, and the JS values behind
/// it (the `cause`, and for [`ErrorKind::Http`] the response).
///
/// ```no_run
/// # async fn run() {
/// use wasm_put::{put, ErrorKind};
/// match put("/resources/1").body("hi").send().await {
///     Ok(res) => println!("{}", res.status()),
///     Err(e) if e.kind() == ErrorKind::Timeout => println!("slow server: {e}"),
///     Err(e) => println!("{}: {e}", e.kind().name()),
/// }
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    cause: Option<Cause>,
    response: Option<JsValue>,
}

/// The JS value behind an [`Error`], as the error's [`source`](std::error::Error::source).
#[derive(Debug, Clone)]
struct Cause(JsValue);

impl fmt::Display for Cause {
    /// A JS `Error`'s name and message, a string as it is, anything else as JS shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_instance_of::<js_sys::Error>() {
            // Read as plain properties: a caller's error may hold anything in them.
            let field = |name: &str| {
                js_sys::Reflect::get(&self.0, &JsValue::from_str(name))
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
            };
            write!(f, "{}: {}", field("name"), field("message"))
        } else if let Some(text) = self.0.as_string() {
            f.write_str(&text)
        } else {
            write!(f, "{:?}", self.0)
        }
    }
}

impl std::error::Error for Cause {}

impl Error {
    /// An error of `kind` whose message is `detail`, then `target`: the method and URL
    /// (see [`message::target`]).
    pub(crate) fn new(kind: ErrorKind, detail: &str, target: &str) -> Self {
        Error {
            kind,
            message: message::with_target(detail, target),
            status: None,
            cause: None,
            response: None,
        }
    }

    /// Bad input to a call aimed at `target`.
    pub(crate) fn invalid(invalid: Invalid, target: &str) -> Self {
        Self::new(ErrorKind::InvalidInput, &invalid.detail, target)
    }

    /// The error of a function the caller gave to a [`Client`](crate::Client) or a
    /// [`Retry`](crate::Retry) (a hook, `should_retry`, a bearer token or refresh), to
    /// end the call with: [`ErrorKind::Callback`], with `message` as it is.
    ///
    /// ```
    /// let e = wasm_put::Error::callback("no token: sign in first");
    /// assert_eq!(e.kind(), wasm_put::ErrorKind::Callback);
    /// assert_eq!(e.to_string(), "no token: sign in first");
    /// ```
    pub fn callback(message: impl fmt::Display) -> Self {
        Error {
            kind: ErrorKind::Callback,
            message: message.to_string(),
            status: None,
            cause: None,
            response: None,
        }
    }

    /// What a JS function the caller gave threw (or rejected with), in a call aimed at
    /// `target`: [`ErrorKind::Callback`]; as a JS value it is `thrown` itself.
    #[cfg(feature = "js")]
    pub(crate) fn thrown(thrown: JsValue, target: &str) -> Self {
        let cause = Cause(thrown);
        let detail = format!("A function given to the call failed ({cause})");
        Self::new(ErrorKind::Callback, &detail, target).with_cause(cause.0)
    }

    /// Keeps `cause` as the error's `cause`.
    pub(crate) fn with_cause(mut self, cause: JsValue) -> Self {
        self.cause = Some(Cause(cause));
        self
    }

    /// An [`ErrorKind::Http`] error for an answer with `status` to a call aimed at
    /// `target`; `response` is what the JS error carries as `response`.
    pub(crate) fn http(status: u16, detail: &str, target: &str, response: JsValue) -> Self {
        let mut e = Self::new(ErrorKind::Http, detail, target);
        e.status = Some(status);
        e.response = Some(response);
        e
    }

    /// What kind of failure this is.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let e = wasm_put::put("/resources/1").send().await.unwrap_err();
    /// if e.kind() == wasm_put::ErrorKind::Network { println!("offline? {e}"); }
    /// # }
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status, for an [`ErrorKind::Http`] error.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// let res = wasm_put::put("/status/404").send().await?;
    /// let e = res.error_for_status().unwrap_err();
    /// assert_eq!(e.status(), Some(404));
    /// # Ok(()) }
    /// ```
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The JS value behind the error (a rejected `fetch`'s `TypeError`, a signal's
    /// reason), when there is one.
    ///
    /// ```no_run
    /// # async fn run() {
    /// let e = wasm_put::put("http://127.0.0.1:9/").send().await.unwrap_err();
    /// assert!(e.cause().is_some()); // fetch's TypeError
    /// # }
    /// ```
    pub fn cause(&self) -> Option<&JsValue> {
        self.cause.as_ref().map(|cause| &cause.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    /// The JS value behind the error (see [`Error::cause`]), shown by its message.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause.as_ref().map(|cause| cause as _)
    }
}

impl From<Error> for JsValue {
    /// The JS `Error` of the contract: `name` from the kind, the same message, and
    /// `cause`, `status` and `response` where there are such.
    fn from(e: Error) -> JsValue {
        if let (ErrorKind::Callback, Some(thrown)) = (e.kind, &e.cause) {
            // What the caller's function threw goes back to the caller as it was.
            return thrown.0.clone();
        }
        let error = if e.kind == ErrorKind::Decode {
            js_sys::SyntaxError::new(&e.message).unchecked_into::<js_sys::Error>()
        } else {
            js_sys::Error::new(&e.message)
        };
        error.set_name(e.kind.name());
        let fields = [
            ("cause", e.cause.map(|cause| cause.0)),
            ("status", e.status.map(JsValue::from)),
            ("response", e.response),
        ];
        for (name, value) in fields {
            if let Some(value) = value {
                // Setting an own property of a new Error cannot fail.
                let _ = js_sys::Reflect::set(&error, &JsValue::from_str(name), &value);
            }
        }
        error.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_contract() {
        assert_eq!(ErrorKind::InvalidInput.name(), "InvalidInputError");
        assert_eq!(ErrorKind::Network.name(), "NetworkError");
        assert_eq!(ErrorKind::Timeout.name(), "TimeoutError");
        assert_eq!(ErrorKind::Abort.name(), "AbortError");
        assert_eq!(ErrorKind::Http.name(), "HttpError");
        assert_eq!(ErrorKind::Decode.name(), "SyntaxError");
        assert_eq!(ErrorKind::NotSupported.name(), "NotSupportedError");
        assert_eq!(ErrorKind::Storage.name(), "StorageError");
        assert_eq!(ErrorKind::Callback.name(), "Error");
    }

    #[test]
    fn the_message_names_method_and_url() {
        let e = Error::invalid(Invalid::new("Header \"X\" is bad"), "PUT http://h/r/1");
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.to_string(), "Header \"X\" is bad: PUT http://h/r/1");
        assert_eq!(e.status(), None);
    }
}
