//! The [`Put`] builder: the request as Rust fields (method, URL, query, headers, body,
//! condition, fetch options, execution options). A bad value given to any method is
//! kept and returned by [`Put::send`], with nothing sent. Its methods for fetch's own
//! options are in [`fetch`], those of a safe save in [`saving`]; `send` is in
//! `execute.rs`.

mod fetch;
#[cfg(feature = "outbox")]
mod queue;
mod running;
mod saving;

use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use crate::client::body::{Body, BodyKind};
use crate::client::callbacks::Around;
use crate::client::conditions::{Condition, Supersede};
use crate::client::fetch_options::FetchOptions;
use crate::client::progress::OnProgress;
use crate::client::retry::Retry;
use crate::rules::options::{self, Caller, Key};
use crate::rules::{form_fields, headers, Invalid};
#[cfg(feature = "outbox")]
pub(crate) use queue::Queue;
#[cfg(feature = "outbox")]
pub use queue::Queued;

/// The HTTP method of a call: PUT, or GET for the reads of `update()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// `PUT`.
    Put,
    /// `GET`.
    Get,
}

impl Method {
    /// Its name on the wire.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Put => "PUT",
            Method::Get => "GET",
        }
    }
}

/// Starts a PUT to `url` (absolute, or relative to the page or worker location).
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_put::Error> {
/// let res = wasm_put::put("/resources/123")
///     .header("Content-Type", "application/json")
///     .body(r#"{"name":"John Doe"}"#)
///     .send()
///     .await?;
/// assert_eq!(res.status(), 201);
/// # Ok(()) }
/// ```
pub fn put(url: impl Into<String>) -> Put {
    Put {
        method: Method::Put,
        url: url.into(),
        query: String::new(),
        default_headers: Vec::new(),
        headers: Vec::new(),
        body: Body::empty(),
        condition: None,
        fetch: FetchOptions::default(),
        timeout_ms: None,
        total_timeout_ms: None,
        signal: None,
        retry: None,
        on_upload: None,
        on_download: None,
        supersede: None,
        base_url: None,
        hooks: None,
        within_update: false,
        abort_on_drop: true,
        caller: Caller::Rust,
        invalid: None,
        #[cfg(feature = "outbox")]
        queue: None,
    }
}

/// A PUT being built; [`Put::send`] sends it. A bad value given to any method is kept
/// and returned by `send`, with nothing sent.
#[derive(Clone)]
pub struct Put {
    pub(crate) method: Method,
    pub(crate) url: String,
    /// Encoded pairs for the URL's query.
    pub(crate) query: String,
    /// A client's headers: sent unless `headers` has the same name (in any case).
    pub(crate) default_headers: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    /// `if_match` or `create_only`, sent as its header when the request is prepared.
    pub(crate) condition: Option<Condition>,
    pub(crate) fetch: FetchOptions,
    pub(crate) timeout_ms: Option<f64>,
    /// The bound on the whole call: every attempt and every wait.
    pub(crate) total_timeout_ms: Option<f64>,
    pub(crate) signal: Option<AbortSignal>,
    /// `None`: no retries.
    pub(crate) retry: Option<Retry>,
    pub(crate) on_upload: Option<OnProgress>,
    pub(crate) on_download: Option<OnProgress>,
    pub(crate) supersede: Option<Supersede>,
    /// A client's base URL, which `url` resolves against.
    pub(crate) base_url: Option<Rc<str>>,
    /// A client's hooks and bearer.
    pub(crate) hooks: Option<Rc<dyn Around>>,
    /// The call is a read or write of `update()`.
    pub(crate) within_update: bool,
    pub(crate) abort_on_drop: bool,
    /// Whose words the messages use.
    pub(crate) caller: Caller,
    /// The first bad input.
    pub(crate) invalid: Option<Invalid>,
    /// The outbox this request goes to (held weakly: a kept `Put` does not keep an
    /// outbox open), with the entry's key, when an outbox made it.
    #[cfg(feature = "outbox")]
    pub(crate) queue: Option<(std::rc::Weak<dyn Queue>, Option<String>)>,
}

impl std::fmt::Debug for Put {
    /// The request as it stands, credentials hidden: header values of `Authorization`
    /// (any case) show as `<hidden>`, and callbacks as whether they are set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .default_headers
            .iter()
            .chain(&self.headers)
            .map(|(name, value)| {
                let shown = if name.eq_ignore_ascii_case("authorization") {
                    "<hidden>"
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("Put")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &self.body)
            .field("condition", &self.condition)
            .field("fetch", &self.fetch)
            .field("timeout_ms", &self.timeout_ms)
            .field("total_timeout_ms", &self.total_timeout_ms)
            .field("signal", &self.signal.is_some())
            .field("retry", &self.retry)
            .field("on_upload_progress", &self.on_upload.is_some())
            .field("on_download_progress", &self.on_download.is_some())
            .field("supersede", &self.supersede)
            .field("base_url", &self.base_url)
            .field("hooks", &self.hooks.is_some())
            .field("invalid", &self.invalid)
            .finish_non_exhaustive()
    }
}

impl Put {
    /// Keeps the first bad input.
    pub(crate) fn fail(&mut self, invalid: Invalid) {
        self.invalid.get_or_insert(invalid);
    }

    /// Keeps the value of a check, or its failure.
    pub(crate) fn checked<T>(&mut self, checked: Result<T, Invalid>) -> Option<T> {
        checked.map_err(|invalid| self.fail(invalid)).ok()
    }

    /// Adds a header. A name that is not a token, or a value with CR, LF, NUL or a
    /// character above U+00FF, makes `send` fail with [`ErrorKind::InvalidInput`].
    ///
    /// [`ErrorKind::InvalidInput`]: crate::ErrorKind::InvalidInput
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").header("X-Token", "abc");
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Put {
        let (name, value) = (name.into(), value.into());
        match headers::check(&name, &value) {
            Ok(()) => self.headers.push((name, value)),
            Err(problem) => self.fail(Invalid::new(format!(
                "Header \"{name}\" is invalid: {}",
                problem.explain()
            ))),
        }
        self
    }

    /// The body, sent as it is.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").body("plain text");
    /// ```
    pub fn body(mut self, body: impl Into<Body>) -> Put {
        self.body = body.into();
        self
    }

    /// The body as the JSON text of `value` (maps as objects), with
    /// `Content-Type: application/json` unless set.
    ///
    /// ```no_run
    /// #[derive(serde::Serialize)]
    /// struct Doc { name: String }
    /// let request = wasm_put::put("/resources/1").json(&Doc { name: "John".into() });
    /// ```
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Put {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        match value.serialize(&serializer) {
            Ok(value) => self.json_value(&value),
            Err(e) => {
                self.fail(Invalid::new(format!(
                    "The json value cannot be turned into JSON ({e})"
                )));
                self
            }
        }
    }

    /// The body as the JSON text of a JS value.
    pub(crate) fn json_value(mut self, value: &JsValue) -> Put {
        match js_sys::JSON::stringify(value) {
            Ok(text) if text.is_string() => {
                self.body = Body::of(text.into(), BodyKind::Json);
            }
            Ok(_) => self.fail(Invalid::new(
                "Option json has no JSON form (a function, a symbol or undefined); pass a JSON value",
            )),
            Err(_) => self.fail(Invalid::new(
                "Option json cannot be turned into JSON (a cycle or a BigInt?)",
            )),
        }
        self
    }

    /// The body as a form (`application/x-www-form-urlencoded` unless set) of `value`:
    /// pairs, a map or a struct of strings, numbers and booleans (lists repeat the key).
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").form(&[("key", "value")]);
    /// ```
    pub fn form<T: Serialize + ?Sized>(mut self, value: &T) -> Put {
        match form_fields::encode(value, "form") {
            Ok(text) => self.form_text(text),
            Err(e) => {
                self.fail(Invalid::new(e.0));
                self
            }
        }
    }

    /// The body as an encoded form already made (the JS adapter's `data` objects).
    pub(crate) fn form_text(mut self, text: String) -> Put {
        self.body = Body::of(JsValue::from(text), BodyKind::Form);
        self
    }

    /// Appends the pairs of `value` (as [`Put::form`] takes them) to the URL's query.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").query(&[("version", "2")]);
    /// ```
    pub fn query<T: Serialize + ?Sized>(mut self, value: &T) -> Put {
        match form_fields::encode(value, "query") {
            Ok(text) => self.query_text(&text),
            Err(e) => {
                self.fail(Invalid::new(e.0));
                self
            }
        }
    }

    /// Appends encoded pairs to the URL's query.
    pub(crate) fn query_text(mut self, text: &str) -> Put {
        self.query = options::merge_query(&self.query, text);
        self
    }

    /// HTTP Basic credentials.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").basic_auth("user", "pass");
    /// ```
    pub fn basic_auth(mut self, user: &str, password: &str) -> Put {
        match options::basic_auth(user, password) {
            Ok(value) => self.headers.push(("authorization".into(), value)),
            Err(invalid) => {
                let named = options::spec_of(Key::Auth).named(self.caller);
                self.fail(Invalid::new(format!("{named}: {}", invalid.detail)));
            }
        }
        self
    }

    /// Makes the headers set so far a client's defaults: each replaces the defaults of
    /// the same name (in any case).
    pub(crate) fn settle_defaults(mut self) -> Put {
        let headers = std::mem::take(&mut self.headers);
        self.remove_defaults(headers.iter().map(|(name, _)| name.as_str()));
        self.default_headers.extend(headers);
        self
    }

    /// Drops the default headers named in `names` (in any case).
    pub(crate) fn remove_defaults<'a>(&mut self, names: impl Iterator<Item = &'a str> + Clone) {
        self.default_headers
            .retain(|(given, _)| !names.clone().any(|name| name.eq_ignore_ascii_case(given)));
    }

    /// The HTTP method (`update()` reads with `GET`).
    pub(crate) fn method(mut self, method: Method) -> Put {
        self.method = method;
        self
    }

    /// The call is the JS adapter's: its messages name the JS options; its futures are
    /// never dropped early, so they skip the abort controller when they can.
    #[cfg(feature = "js")]
    pub(crate) fn for_js(mut self) -> Put {
        self.caller = Caller::Js;
        self.abort_on_drop = false;
        self
    }
}
