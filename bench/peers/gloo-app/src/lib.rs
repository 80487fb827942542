//! `examples/rust` written on gloo-net instead of wasm-put: the same app, built only by
//! `cargo xtask bench` to compare what each client costs a Rust app's shipped size.
//!
//! The same exports and the same work: `start` PUTs the serde `Profile` of "John Doe" as
//! JSON to `/resources/example` and writes the answer into `#answer`; `put(name)` saves
//! a profile, `update(tag)` adds a tag without losing anyone's change (GET, change, PUT
//! with `If-Match: <ETag>` or `If-None-Match: *` after a 404, again on 412, at most 5
//! times). What wasm-put does for the example is done here by hand: a 5 s timeout per
//! attempt (an `AbortController` aborted by `setTimeout`, cleared when the body has been
//! read; a timeout is not retried), 2 retries of the save on network errors and on 408,
//! 413, 429, 500, 502, 503 and 504 (exponential backoff from 300 ms with jitter, or the
//! answer's `Retry-After`, at most 30 s), and the same texts, errors included
//! (`"<ErrorName>: <message>: <METHOD> <url>"`).
//!
//! What differs, each the way a gloo-net app does it:
//! - JSON goes through serde_json (gloo-net's `RequestBuilder::json`, and `from_str` on
//!   the body) instead of serde-wasm-bindgen and the platform `JSON`, so the detail in
//!   the parentheses of a decode error is serde_json's; the body is read as UTF-8
//!   (`Response::text`), not by the charset of its `Content-Type`.
//! - gloo-net's `Request` is consumed by `send`, so each attempt builds (and serializes)
//!   its request again; a retried answer's body is dropped, not cancelled.
//! - A `Retry-After` date is read by JS `Date.parse`, not by a parser of the three HTTP
//!   date forms.
//! - Bad input (which this app cannot produce: a fixed URL and a `Profile`) is worded as
//!   gloo-net's error, and the URL is resolved by gloo-net (`new Request(url)`), which
//!   does not refuse other schemes or credentials in the URL as wasm-put does.
//! - Nothing aborts a request whose future is dropped (these exports run to their end).

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::error::Category;
use std::cell::Cell;
use std::fmt::Display;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen]
extern "C" {
    /// The global `setTimeout(callback, ms)`: the timer's id.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> JsValue;

    /// The global `clearTimeout(id)`.
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// The document this app saves.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Profile {
    /// A display name.
    pub name: String,
    /// Free tags.
    pub tags: Vec<String>,
}

/// What the dev server answers to a PUT of JSON.
#[derive(Deserialize)]
struct Stored {
    created: bool,
    json: Profile,
}

/// Where the profile is stored.
const PROFILE: &str = "/resources/example";
/// The timeout of each attempt, in ms (an integer: no float formatting in its message).
const TIMEOUT_MS: u32 = 5000;
/// The retries of a save.
const RETRIES: u32 = 2;
/// The statuses a save retries.
const RETRIED: [u16; 7] = [408, 413, 429, 500, 502, 503, 504];
/// The base of the backoff and the cap on one wait, in ms.
const BACKOFF_MS: f64 = 300.0;
const MAX_WAIT_MS: f64 = 30_000.0;
/// How many times `update` starts again after a 412.
const CONFLICTS: u32 = 5;

const NETWORK: &str = "Network error: the request could not be completed (server down, refused, DNS, reset, or blocked by CORS; see cause)";
const BROKEN_BODY: &str = "Network error: the response body broke off before its end (see cause)";

/// A failed call: the error's name and its message.
struct Failure {
    name: &'static str,
    message: String,
}

impl Failure {
    /// `detail`, then the method and URL of the call.
    fn new(name: &'static str, detail: impl Display, target: &str) -> Failure {
        Failure {
            name,
            message: format!("{detail}: {target}"),
        }
    }
}

/// An answer read to its end.
struct Answer {
    method: &'static str,
    status: u16,
    status_text: String,
    url: String,
    etag: Option<String>,
    text: String,
}

impl Answer {
    fn ok(&self) -> bool {
        (200..=299).contains(&self.status)
    }

    /// The method and URL of the call, for messages.
    fn target(&self) -> String {
        format!("{} {}", self.method, self.url)
    }

    /// `Request failed with status code <status> <text>`.
    fn failed(&self) -> String {
        if self.status_text.is_empty() {
            format!("Request failed with status code {}", self.status)
        } else {
            format!(
                "Request failed with status code {} {}",
                self.status, self.status_text
            )
        }
    }

    /// The body parsed as JSON into `T`; `not_type` is the message when it is JSON of
    /// another shape, and `target` what it names.
    fn json<T: DeserializeOwned>(&self, not_type: &str, target: &str) -> Result<T, Failure> {
        serde_json::from_str(&self.text).map_err(|e| match e.classify() {
            Category::Data => Failure::new("SyntaxError", format!("{not_type} ({e})"), target),
            _ => Failure::new(
                "SyntaxError",
                format!("Response body is not JSON ({e}); read .text instead"),
                &self.target(),
            ),
        })
    }
}

/// The timeout of one attempt: aborts the controller after [`TIMEOUT_MS`]; dropping it
/// clears the timer.
struct Timeout {
    id: JsValue,
    fired: Rc<Cell<bool>>,
    _on_time: Closure<dyn FnMut()>,
}

impl Timeout {
    fn start(controller: &AbortController) -> Timeout {
        let fired = Rc::new(Cell::new(false));
        let (flag, target) = (fired.clone(), controller.clone());
        let on_time = Closure::<dyn FnMut()>::new(move || {
            flag.set(true);
            target.abort();
        });
        Timeout {
            id: set_timeout(on_time.as_ref().unchecked_ref(), f64::from(TIMEOUT_MS)),
            fired,
            _on_time: on_time,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// Waits `ms`.
async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

/// The wait before retry number `n` (0 first): `Retry-After` (seconds or a date), else
/// `300 ms · 2^n`, half of it jittered; at most 30 s.
fn delay_ms(n: u32, retry_after: Option<String>) -> f64 {
    let asked = retry_after.and_then(|value| {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            value.parse::<f64>().ok().map(|secs| secs * 1000.0)
        } else {
            let at = js_sys::Date::parse(value);
            (!at.is_nan()).then(|| at - js_sys::Date::now())
        }
    });
    let wait = asked.unwrap_or_else(|| {
        BACKOFF_MS * f64::from(1u32 << n.min(16)) * (0.5 + 0.5 * js_sys::Math::random())
    });
    wait.clamp(0.0, MAX_WAIT_MS)
}

/// One call: up to `1 + retries` attempts, each built by `build` with the signal of its
/// timeout and read to its end.
async fn call(
    method: &'static str,
    retries: u32,
    build: impl Fn(&AbortSignal) -> Result<Request, gloo_net::Error>,
) -> Result<Answer, Failure> {
    let mut n = 0;
    loop {
        let controller = AbortController::new().map_err(|_| {
            Failure::new(
                "NotSupportedError",
                "This runtime has no AbortController, which timeouts, signals and dropped calls need",
                &format!("{method} {PROFILE}"),
            )
        })?;
        let timeout = Timeout::start(&controller);
        let request = build(&controller.signal())
            .map_err(|e| Failure::new("InvalidInputError", e, &format!("{method} {PROFILE}")))?;
        let target = format!("{method} {}", request.url());
        let may_retry = n < retries;
        let mut retry_after = None;
        let failed = match request.send().await {
            Ok(res) if may_retry && RETRIED.contains(&res.status()) => {
                retry_after = res.headers().get("retry-after");
                None
            }
            Ok(res) => match res.text().await {
                Ok(text) => return Ok(answer(method, &res, text)),
                Err(_) => Some(BROKEN_BODY),
            },
            Err(_) => Some(NETWORK),
        };
        if let Some(what) = failed {
            if timeout.fired.get() {
                let detail = format!("Request timed out after {TIMEOUT_MS} ms; raise timeout(…) or check that the server answers");
                return Err(Failure::new("TimeoutError", detail, &target));
            }
            if !may_retry {
                return Err(Failure::new("NetworkError", what, &target));
            }
        }
        drop(timeout);
        sleep(delay_ms(n, retry_after)).await;
        n += 1;
    }
}

fn answer(method: &'static str, res: &Response, text: String) -> Answer {
    Answer {
        method,
        status: res.status(),
        status_text: res.status_text(),
        url: res.url(),
        etag: res.headers().get("etag"),
        text,
    }
}

/// Saves a profile and writes the answer into the element `#answer`.
#[wasm_bindgen(start)]
pub async fn start() {
    let text = put("John Doe".into()).await;
    if let Some(answer) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("answer"))
    {
        answer.set_text_content(Some(&text));
        let _ = answer.set_attribute("data-done", "true");
    }
}

/// Saves the profile of `name` and says what the server stored, or what went wrong.
#[wasm_bindgen]
pub async fn put(name: String) -> String {
    said(save(name).await)
}

/// Adds `tag` to the stored profile without losing anyone else's change (a `GET`, then a
/// conditional `PUT`, again on a conflict) and says what the server stored.
#[wasm_bindgen]
pub async fn update(tag: String) -> String {
    said(change(tag).await)
}

/// The answer's text, or the error's name and message.
fn said(outcome: Result<String, Failure>) -> String {
    outcome.unwrap_or_else(|e| format!("{}: {}", e.name, e.message))
}

/// PUTs the profile of `name` and says what the server stored.
async fn save(name: String) -> Result<String, Failure> {
    let profile = Profile {
        name,
        tags: vec!["rust".into(), "wasm".into()],
    };
    let res = call("PUT", RETRIES, |signal| {
        Request::put(PROFILE)
            .abort_signal(Some(signal))
            .json(&profile)
    })
    .await?;
    stored(res)
}

/// GETs the profile, adds `tag`, PUTs it on the condition that it did not change, and
/// starts again on a 412, at most [`CONFLICTS`] times.
async fn change(tag: String) -> Result<String, Failure> {
    let mut seen = 0;
    loop {
        let read = call("GET", 0, |signal| {
            Request::get(PROFILE).abort_signal(Some(signal)).build()
        })
        .await?;
        let (etag, current) = if read.status == 404 {
            (None, None)
        } else if !read.ok() {
            let detail = format!(
                "{}; update() reads the resource first, and could not",
                read.failed()
            );
            return Err(Failure::new("HttpError", detail, &read.target()));
        } else {
            let Some(etag) = read.etag.clone() else {
                let detail = "The GET answer has no ETag, so update() cannot make a conditional PUT; the server must send ETags";
                return Err(Failure::new("HttpError", detail, &read.target()));
            };
            let current: Profile = read.json(
                "The resource is not the type asked for",
                &format!("GET {PROFILE}"),
            )?;
            (Some(etag), Some(current))
        };
        let mut profile = current.unwrap_or_else(|| Profile {
            name: "John Doe".into(),
            tags: Vec::new(),
        });
        if !profile.tags.contains(&tag) {
            profile.tags.push(tag.clone());
        }
        let write = call("PUT", 0, |signal| {
            let request = Request::put(PROFILE).abort_signal(Some(signal));
            match &etag {
                Some(etag) => request.header("If-Match", etag),
                None => request.header("If-None-Match", "*"),
            }
            .json(&profile)
        })
        .await?;
        if write.status != 412 {
            return stored(write);
        }
        if seen == CONFLICTS {
            let detail = format!("Request failed with status code 412: the resource kept changing; update() gave up after {CONFLICTS} conflicts (raise options.conflicts)");
            return Err(Failure::new("HttpError", detail, &write.target()));
        }
        seen += 1;
    }
}

/// What the dev server says it stored, after a 2xx.
fn stored(res: Answer) -> Result<String, Failure> {
    if !res.ok() {
        return Err(Failure::new("HttpError", res.failed(), &res.target()));
    }
    let stored: Stored = res.json("Response body is not the type asked for", &res.target())?;
    let verb = if stored.created {
        "created"
    } else {
        "replaced"
    };
    Ok(format!(
        "{} {verb}: {} ({}), ETag {}",
        res.status,
        stored.json.name,
        stored.json.tags.join(", "),
        res.etag.unwrap_or_default()
    ))
}
