//! The client: one PUT, from the builder to the answer, over the platform `fetch`.
//!
//! [`Put`] collects the request (errors are kept until [`Put::send`]); `send` resolves
//! the URL, builds the `RequestInit` and `Headers`, and runs the attempts: each under an
//! [`guard::AbortGuard`] (timeout, the caller's signal, abort on drop), through
//! [`fetch`] or, for upload progress, [`xhr`]; between them the waits of the
//! [`RetryPolicy`]. The JS `put()` (`crate::js`) is a thin adapter over the same `Put`.

mod body;
mod fetch;
pub(crate) mod guard;
mod platform;
mod progress;
mod response;
mod supersede;
pub(crate) mod update;
mod url;
mod xhr;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    AbortSignal, ReferrerPolicy, RequestCache, RequestCredentials, RequestMode, RequestRedirect,
};

pub use body::Body;
pub(crate) use body::BodyKind;
pub use progress::Progress;
pub use response::Response;

use crate::error::{Error, ErrorKind};
use crate::rules::retry::RetryPolicy;
use crate::rules::{form_fields, headers, message, options, retry, Invalid};
use progress::OnProgress;

/// Why a PUT cannot be both conditional on a version and create-only.
const BOTH_CONDITIONS: &str =
    "Pass either ifMatch or createOnly (Rust: if_match or create_only), not both: one asks for a version, the other for none";

/// The condition of a conditional PUT.
#[derive(Debug, Clone, PartialEq)]
enum Condition {
    /// `If-Match: <etag>`: only that version is replaced.
    IfMatch(String),
    /// `If-None-Match: *`: only a new resource is created.
    CreateOnly,
}

impl Condition {
    /// Its header, its value, and the header of the other condition.
    fn header(self) -> (&'static str, String, &'static str) {
        match self {
            Condition::IfMatch(etag) => ("If-Match", etag, "If-None-Match"),
            Condition::CreateOnly => ("If-None-Match", "*".into(), "If-Match"),
        }
    }
}

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
}

impl Default for Retry {
    fn default() -> Self {
        let policy = RetryPolicy::default();
        Retry {
            limit: policy.limit,
            status_codes: policy.status_codes.to_vec(),
            backoff: Duration::from_secs_f64(policy.backoff_ms / 1000.0),
            max_backoff: Duration::from_secs_f64(policy.max_backoff_ms / 1000.0),
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
        url: url.into(),
        headers: Vec::new(),
        body: Body::empty(),
        query: String::new(),
        timeout_ms: None,
        signal: None,
        retry: RetryPolicy::default(),
        init: web_sys::RequestInit::new(),
        with_credentials: false,
        on_upload: None,
        on_download: None,
        abort_on_drop: true,
        condition: None,
        supersede: None,
        method: "PUT",
        invalid: None,
    }
}

/// A PUT being built; [`Put::send`] sends it. A bad value given to any method is kept
/// and returned by `send`, with nothing sent.
pub struct Put {
    url: String,
    headers: Vec<(String, String)>,
    body: Body,
    query: String,
    timeout_ms: Option<f64>,
    signal: Option<AbortSignal>,
    retry: RetryPolicy,
    init: web_sys::RequestInit,
    with_credentials: bool,
    on_upload: Option<OnProgress>,
    on_download: Option<OnProgress>,
    abort_on_drop: bool,
    /// `if_match` or `create_only`, sent as its header when the request is prepared.
    condition: Option<Condition>,
    /// The `supersede` key: `Some(None)` for the resolved URL.
    supersede: Option<Option<String>>,
    /// `PUT`, or `GET` for the reads of `update()`.
    method: &'static str,
    invalid: Option<Invalid>,
}

impl std::fmt::Debug for Put {
    /// The request as it stands, credentials hidden: header values of `Authorization`
    /// (any case) show as `<hidden>`, and callbacks as whether they are set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
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
            .field("timeout_ms", &self.timeout_ms)
            .field("signal", &self.signal.is_some())
            .field("retry", &self.retry)
            .field("on_upload_progress", &self.on_upload.is_some())
            .field("on_download_progress", &self.on_download.is_some())
            .field("supersede", &self.supersede)
            .field("invalid", &self.invalid)
            .finish_non_exhaustive()
    }
}

impl Clone for Put {
    /// A copy of the request, its `RequestInit` copied too: each `send` sets the method,
    /// headers and body on its own.
    fn clone(&self) -> Put {
        Put {
            url: self.url.clone(),
            headers: self.headers.clone(),
            body: self.body.clone(),
            query: self.query.clone(),
            timeout_ms: self.timeout_ms,
            signal: self.signal.clone(),
            retry: self.retry.clone(),
            init: js_sys::Object::assign(&js_sys::Object::new(), &self.init).unchecked_into(),
            with_credentials: self.with_credentials,
            on_upload: self.on_upload.clone(),
            on_download: self.on_download.clone(),
            abort_on_drop: self.abort_on_drop,
            condition: self.condition.clone(),
            supersede: self.supersede.clone(),
            method: self.method,
            invalid: self.invalid.clone(),
        }
    }
}

impl Put {
    /// Keeps the first bad input.
    pub(crate) fn fail(&mut self, invalid: Invalid) {
        self.invalid.get_or_insert(invalid);
    }

    /// Adds a header. A name that is not a token, or a value with CR, LF, NUL or a
    /// character above U+00FF, makes `send` fail with [`ErrorKind::InvalidInput`].
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
        match encode(value, "data") {
            Ok(text) => self.body = Body::of(JsValue::from(text), BodyKind::Form),
            Err(invalid) => self.fail(invalid),
        }
        self
    }

    #[cfg(feature = "js")]
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
        match encode(value, "params") {
            Ok(text) => self = self.query_text(&text),
            Err(invalid) => self.fail(invalid),
        }
        self
    }

    /// Appends encoded pairs to the URL's query.
    pub(crate) fn query_text(mut self, text: &str) -> Put {
        self.query = options::merge_query(&self.query, text);
        self
    }

    /// The time each attempt may take, up to the end of the body; then
    /// [`ErrorKind::Timeout`].
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
        match options::check_timeout(ms) {
            Ok(ms) => self.timeout_ms = Some(ms),
            Err(invalid) => self.fail(invalid),
        }
        self
    }

    /// Aborts the call when `signal` aborts: [`ErrorKind::Abort`], the reason as cause.
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
    pub fn retry(self, retry: impl Into<Retry>) -> Put {
        let retry = retry.into();
        let input = options::RetryInput {
            limit: Some(f64::from(retry.limit)),
            status_codes: Some(retry.status_codes.iter().map(|&c| f64::from(c)).collect()),
            backoff_ms: Some(retry.backoff.as_secs_f64() * 1000.0),
            max_backoff_ms: Some(retry.max_backoff.as_secs_f64() * 1000.0),
        };
        self.retry_policy(options::retry_policy(&input))
    }

    /// The retry policy, checked.
    pub(crate) fn retry_policy(mut self, policy: Result<RetryPolicy, Invalid>) -> Put {
        match policy {
            Ok(policy) => self.retry = policy,
            Err(invalid) => self.fail(invalid),
        }
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
            Err(invalid) => self.fail(invalid),
        }
        self
    }

    /// Sends `If-Match: <etag>`: the server applies the PUT only if the resource is
    /// still that version (else `412`).
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").body("v2").if_match("\"v1\"");
    /// ```
    pub fn if_match(mut self, etag: &str) -> Put {
        if let Err(problem) = headers::check("If-Match", etag) {
            self.fail(Invalid::new(format!(
                "The ETag of if_match (ifMatch) is invalid: {}",
                problem.explain()
            )));
        }
        self.condition(Condition::IfMatch(etag.to_string()))
    }

    /// Sends `If-None-Match: *`: the PUT only creates (else `412`).
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/new").body("first").create_only();
    /// ```
    pub fn create_only(self) -> Put {
        self.condition(Condition::CreateOnly)
    }

    /// Keeps `condition`; the other one already given is refused.
    fn condition(mut self, condition: Condition) -> Put {
        match (&self.condition, &condition) {
            (Some(Condition::IfMatch(_)), Condition::CreateOnly)
            | (Some(Condition::CreateOnly), Condition::IfMatch(_)) => {
                self.fail(Invalid::new(BOTH_CONDITIONS))
            }
            _ => self.condition = Some(condition),
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

    /// At most one PUT per `key` is in flight: a call made while one is in flight waits
    /// for it, and replaces any call already waiting, which fails with
    /// [`ErrorKind::Abort`] (its cause the string `superseded`). The server sees the PUTs
    /// in call order, and the last one always goes out: the autosave pattern.
    ///
    /// ```no_run
    /// # async fn run(text: &str) -> Result<(), wasm_put::Error> {
    /// // On every keystroke: older saves still waiting are dropped, none is reordered.
    /// wasm_put::put("/resources/draft").body(text).supersede("draft").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn supersede(mut self, key: impl Into<String>) -> Put {
        self.supersede = Some(Some(key.into()));
        self
    }

    #[cfg(feature = "js")]
    /// `supersede` keyed by the resolved URL (the JS `supersede: true`).
    pub(crate) fn supersede_by_url(mut self) -> Put {
        self.supersede = Some(None);
        self
    }

    /// The HTTP method (`update()` reads with `GET`).
    pub(crate) fn method(mut self, method: &'static str) -> Put {
        self.method = method;
        self
    }

    /// fetch's `credentials`.
    ///
    /// ```no_run
    /// use web_sys::RequestCredentials;
    /// let request = wasm_put::put("/resources/1").credentials(RequestCredentials::Include);
    /// ```
    pub fn credentials(mut self, credentials: RequestCredentials) -> Put {
        self.with_credentials = credentials == RequestCredentials::Include;
        self.init.set_credentials(credentials);
        self
    }

    /// fetch's `mode`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").mode(web_sys::RequestMode::Cors);
    /// ```
    pub fn mode(self, mode: RequestMode) -> Put {
        self.init.set_mode(mode);
        self
    }

    /// fetch's `cache`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").cache(web_sys::RequestCache::NoStore);
    /// ```
    pub fn cache(self, cache: RequestCache) -> Put {
        self.init.set_cache(cache);
        self
    }

    /// fetch's `redirect`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").redirect(web_sys::RequestRedirect::Error);
    /// ```
    pub fn redirect(self, redirect: RequestRedirect) -> Put {
        self.init.set_redirect(redirect);
        self
    }

    /// fetch's `referrer`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").referrer("");
    /// ```
    pub fn referrer(self, referrer: &str) -> Put {
        self.init.set_referrer(referrer);
        self
    }

    /// fetch's `referrerPolicy`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    /// ```
    pub fn referrer_policy(self, policy: ReferrerPolicy) -> Put {
        self.init.set_referrer_policy(policy);
        self
    }

    /// fetch's `integrity`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").integrity("sha256-…");
    /// ```
    pub fn integrity(self, integrity: &str) -> Put {
        self.init.set_integrity(integrity);
        self
    }

    /// fetch's `keepalive`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").keepalive(true);
    /// ```
    pub fn keepalive(self, keepalive: bool) -> Put {
        let _ = js_sys::Reflect::set(&self.init, &"keepalive".into(), &keepalive.into());
        self
    }

    /// fetch's `priority`: `"high"`, `"low"` or `"auto"`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").priority("high");
    /// ```
    pub fn priority(mut self, priority: &str) -> Put {
        match options::check_choice("priority", priority) {
            Ok(()) => {
                let _ = js_sys::Reflect::set(&self.init, &"priority".into(), &priority.into());
            }
            Err(invalid) => self.fail(invalid),
        }
        self
    }

    #[cfg(feature = "js")]
    /// A JS-only pass-through, already checked: `name` set on the `RequestInit`.
    pub(crate) fn pass_through(self, name: &str, value: &JsValue) -> Put {
        if name == "credentials" {
            if let Some(c) = RequestCredentials::from_js_value(value) {
                return self.credentials(c);
            }
        }
        let _ = js_sys::Reflect::set(&self.init, &JsValue::from_str(name), value);
        self
    }

    #[cfg(feature = "js")]
    /// Whether dropping the `send()` future aborts the request (the JS adapter's
    /// futures are never dropped early, and skip the controller when they can).
    pub(crate) fn abort_on_drop(mut self, abort: bool) -> Put {
        self.abort_on_drop = abort;
        self
    }

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
        let started = platform::now_ms();
        let (call, plan) = self.prepare()?;
        // Waits for its turn when it supersedes: the turn is handed on when it ends.
        let _turn = match &plan.supersede {
            Some(key) => Some(supersede::turn(key, plan.signal.as_ref(), &call.target).await?),
            None => None,
        };
        call.run(plan, started).await
    }

    /// Checks everything and makes the request that each attempt sends.
    fn prepare(self) -> Result<(Call, Plan), Error> {
        let method = self.method;
        let href = url::resolve(&self.url).map_err(|(invalid, shown)| {
            Error::invalid(invalid, &message::target(method, &shown))
        })?;
        if let Some(invalid) = self.invalid {
            return Err(Error::invalid(invalid, &message::target(method, &href)));
        }
        let href = if self.query.is_empty() {
            href
        } else {
            url::with_query(&href, &self.query)
                .map_err(|invalid| Error::invalid(invalid, &message::target(method, &href)))?
        };
        let target = message::target(method, &href);
        let mut header_list = self.headers;
        if let Some(condition) = self.condition {
            let (name, value, other) = condition.header();
            if header_list
                .iter()
                .any(|(given, _)| given.eq_ignore_ascii_case(other))
            {
                return Err(Error::invalid(Invalid::new(BOTH_CONDITIONS), &target));
            }
            header_list.push((name.into(), value));
        }
        if let Some(ct) = self.body.default_content_type() {
            if !header_list
                .iter()
                .any(|(name, _)| headers::is_content_type(name))
            {
                header_list.push(("content-type".into(), ct.into()));
            }
        }
        let init = self.init;
        init.set_method(method);
        // No `Headers` at all costs fetch less than an empty one.
        if !header_list.is_empty() {
            let refused = |name: &str| {
                Error::invalid(
                    Invalid::new(format!("Header \"{name}\" was refused by fetch")),
                    &target,
                )
            };
            let list = web_sys::Headers::new().map_err(|_| refused(""))?;
            for (name, value) in &header_list {
                list.append(name, value)
                    .map_err(|e| refused(name).with_cause(e))?;
            }
            init.set_headers(&list);
        }
        let send_value = self.body.to_send();
        if self.body.kind != BodyKind::Empty {
            init.set_body(&send_value);
        }
        if self.body.kind == BodyKind::Stream {
            // fetch sends a stream only half-duplex, and must be told so.
            let _ = js_sys::Reflect::set(&init, &"duplex".into(), &"half".into());
        }
        let via_xhr =
            self.on_upload.is_some() && self.body.kind != BodyKind::Stream && platform::has_xhr();
        let limit = if self.body.replayable() {
            self.retry.limit
        } else {
            0
        };
        let supersede = self
            .supersede
            .map(|key| key.unwrap_or_else(|| href.clone()));
        let call = Call {
            method,
            target,
            url: href,
            init,
            header_list,
            send_value,
            body: self.body,
            with_credentials: self.with_credentials,
            on_upload: self.on_upload,
            on_download: self.on_download,
            via_xhr,
        };
        let plan = Plan {
            limit,
            policy: self.retry,
            timeout_ms: self.timeout_ms,
            signal: self.signal,
            abort_on_drop: self.abort_on_drop,
            supersede,
        };
        Ok((call, plan))
    }
}

/// The pairs of `value`, encoded as a form; `what` names it in messages.
fn encode<T: Serialize + ?Sized>(value: &T, what: &str) -> Result<String, Invalid> {
    form_fields::encode(value, what).map_err(|e| Invalid::new(e.0))
}

/// The request each attempt sends, made once.
pub(crate) struct Call {
    method: &'static str,
    /// The method and URL, for messages.
    target: String,
    url: String,
    init: web_sys::RequestInit,
    /// The headers again, for XMLHttpRequest.
    header_list: Vec<(String, String)>,
    /// The body as sent (a large one as a `Blob`).
    send_value: JsValue,
    body: Body,
    with_credentials: bool,
    on_upload: Option<OnProgress>,
    on_download: Option<OnProgress>,
    via_xhr: bool,
}

/// How the attempts of a call are run.
struct Plan {
    limit: u32,
    policy: RetryPolicy,
    timeout_ms: Option<f64>,
    signal: Option<AbortSignal>,
    abort_on_drop: bool,
    /// The `supersede` key, when it has one.
    supersede: Option<String>,
}

/// What one attempt came to.
pub(crate) enum Answer {
    /// The answer, body and all.
    Done(Response),
    /// An answer to retry, with its `Retry-After` header.
    Retry(Option<String>),
}

/// A failed attempt: the JS value behind it, and which failure it was
/// ([`message::NETWORK`] or [`message::BROKEN_BODY`]) unless a timeout or abort explains it.
pub(crate) struct Failed {
    cause: JsValue,
    what: &'static str,
}

impl Failed {
    /// No answer came: the request failed.
    pub(crate) fn network(cause: JsValue) -> Failed {
        Failed {
            cause,
            what: message::NETWORK,
        }
    }

    /// The answer's body broke off.
    pub(crate) fn broken_body(cause: JsValue) -> Failed {
        Failed {
            cause,
            what: message::BROKEN_BODY,
        }
    }
}

impl Call {
    /// The attempts, and the waits between them.
    async fn run(self, plan: Plan, started: f64) -> Result<Response, Error> {
        let url = self.target.as_str();
        let mut n = 0;
        loop {
            if let Some(signal) = plan.signal.as_ref().filter(|s| s.aborted()) {
                return Err(guard::aborted(signal, url));
            }
            let may_retry = n < plan.limit;
            let retries = |status| may_retry && plan.policy.retries_status(status);
            let mut guard =
                guard::AbortGuard::new(plan.timeout_ms, plan.signal.as_ref(), plan.abort_on_drop)
                    .map_err(|e| {
                    Error::new(
                        ErrorKind::NotSupported,
                        "This runtime has no AbortController, which timeouts, signals and dropped calls need",
                        url,
                    )
                    .with_cause(e)
                })?;
            let signal = guard.signal();
            let outcome = if self.via_xhr {
                xhr::attempt(&self, signal.as_ref(), &retries, started).await
            } else {
                fetch::attempt(&self, signal.as_ref(), &retries, started).await
            };
            guard.finish();
            let retry_after = match outcome {
                Ok(Answer::Done(response)) => return Ok(response),
                Ok(Answer::Retry(retry_after)) => retry_after,
                Err(failed) => {
                    let error = guard.explain(failed.cause, failed.what, url);
                    if !(may_retry && error.kind() == ErrorKind::Network) {
                        return Err(error);
                    }
                    None
                }
            };
            drop(guard);
            let asked = retry_after.and_then(|v| retry::parse_retry_after(&v, js_sys::Date::now()));
            let wait = plan.policy.delay_ms(n, js_sys::Math::random(), asked);
            if guard::sleep(wait, plan.signal.as_ref()).await.is_err() {
                if let Some(signal) = &plan.signal {
                    return Err(guard::aborted(signal, url));
                }
            }
            n += 1;
        }
    }
}
