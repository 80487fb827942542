//! The answer to a PUT, as the client hands it to Rust callers (and to the JS
//! `PutResponse`, which wraps it). The body stays a JS `Uint8Array`.

use std::time::Duration;

use js_sys::{JsString, Uint8Array};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

use super::platform::{self, TextDecoder};
use crate::error::{Error, ErrorKind};
use crate::rules::charset;

/// The answer to a PUT, modelled on a Requests `Response`.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_put::Error> {
/// let res = wasm_put::put("/resources/1").body("hi").send().await?;
/// println!("{} {} {:?}", res.status(), res.text(), res.etag());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) status_text: JsString,
    pub(crate) url: JsString,
    pub(crate) redirected: bool,
    pub(crate) headers: web_sys::Headers,
    pub(crate) content: Uint8Array,
    pub(crate) elapsed_ms: f64,
    /// The method of the request it answers.
    pub(crate) method: &'static str,
}

impl Response {
    /// The HTTP status code, e.g. 201.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// assert_eq!(res.status(), 201);
    /// # Ok(()) }
    /// ```
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Whether the status is from 200 to 299.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// if !res.ok() { println!("{} {}", res.status(), res.status_text()); }
    /// # Ok(()) }
    /// ```
    pub fn ok(&self) -> bool {
        (200..=299).contains(&self.status)
    }

    /// The status text, e.g. `Created`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// assert_eq!(res.status_text(), "Created");
    /// # Ok(()) }
    /// ```
    pub fn status_text(&self) -> String {
        self.status_text.clone().into()
    }

    /// The final URL, after redirects.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// println!("answered by {}", res.url());
    /// # Ok(()) }
    /// ```
    pub fn url(&self) -> String {
        self.url.clone().into()
    }

    /// Whether a redirect was followed.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// assert!(!res.redirected());
    /// # Ok(()) }
    /// ```
    pub fn redirected(&self) -> bool {
        self.redirected
    }

    /// The value of header `name` (any case), repeated headers joined with `, `.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// let kind = res.header("Content-Type");
    /// # Ok(()) }
    /// ```
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }

    /// The headers as pairs, lower-case names, in the order fetch lists them.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// for (name, value) in res.headers() { println!("{name}: {value}"); }
    /// # Ok(()) }
    /// ```
    pub fn headers(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.for_each_header(|name, value| out.push((name, value)));
        out
    }

    /// Calls `f` with each header name (lower case) and value.
    pub(crate) fn for_each_header(&self, mut f: impl FnMut(String, String)) {
        let Ok(Some(entries)) = js_sys::try_iter(&self.headers) else {
            return;
        };
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                f(name, value);
            }
        }
    }

    /// The `ETag` header, or `None`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// if let Some(version) = res.etag() {
    ///     wasm_put::put("/resources/1").body("next").if_match(&version).send().await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn etag(&self) -> Option<String> {
        self.header("etag")
    }

    /// The body as the JS `Uint8Array` it is (no copy).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// let bytes: js_sys::Uint8Array = res.content();
    /// # Ok(()) }
    /// ```
    pub fn content(&self) -> Uint8Array {
        self.content.clone()
    }

    /// The body copied into a `Vec<u8>`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// let bytes: Vec<u8> = res.bytes();
    /// # Ok(()) }
    /// ```
    pub fn bytes(&self) -> Vec<u8> {
        self.content.to_vec()
    }

    /// The body decoded by the charset of `Content-Type` (UTF-8 when none is given or
    /// the label is unknown), as a JS string.
    pub(crate) fn text_js(&self) -> JsString {
        let content_type = self.header("content-type").unwrap_or_default();
        let label = charset::of(&content_type).unwrap_or("utf-8");
        let decoder = TextDecoder::new(label).or_else(|_| TextDecoder::new("utf-8"));
        match decoder {
            Ok(decoder) => decoder.decode(&self.content),
            Err(_) => JsString::from(""),
        }
    }

    /// The body decoded by the charset of `Content-Type` (UTF-8 by default).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// println!("{}", res.text());
    /// # Ok(()) }
    /// ```
    pub fn text(&self) -> String {
        self.text_js().into()
    }

    /// `text` (this body decoded) parsed as JSON, as a JS value.
    pub(crate) fn json_js_of(&self, text: &JsString) -> Result<JsValue, Error> {
        platform::json_parse(text).map_err(|cause| {
            let why = cause
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_default();
            Error::new(
                ErrorKind::Decode,
                &format!("Response body is not JSON ({why}); read .text instead"),
                &self.target(),
            )
            .with_cause(cause)
        })
    }

    /// The body parsed as JSON into `T`, through serde-wasm-bindgen.
    /// A body that is not JSON, or not a `T`, is an [`ErrorKind::Decode`] error.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// #[derive(serde::Deserialize)]
    /// struct Stored { id: String }
    /// let stored: Stored = res.json()?;
    /// # Ok(()) }
    /// ```
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let value = self.json_js_of(&self.text_js())?;
        serde_wasm_bindgen::from_value(value).map_err(|e| {
            Error::new(
                ErrorKind::Decode,
                &format!("Response body is not the type asked for ({e})"),
                &self.target(),
            )
        })
    }

    /// Milliseconds from the start of the call to the end of the body.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// println!("{} ms", res.elapsed().as_millis());
    /// # Ok(()) }
    /// ```
    pub fn elapsed(&self) -> Duration {
        Duration::from_secs_f64(self.elapsed_ms.max(0.0) / 1000.0)
    }

    /// `self` when the status is 2xx, else an [`ErrorKind::Http`] error.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// # let res = wasm_put::put("/resources/1").body("x").send().await?;
    /// let res = res.error_for_status()?; // an Err of kind Http unless 2xx
    /// # Ok(()) }
    /// ```
    pub fn error_for_status(self) -> Result<Response, Error> {
        if self.ok() {
            Ok(self)
        } else {
            Err(self.http_error(JsValue::UNDEFINED))
        }
    }

    /// The [`ErrorKind::Http`] error for this answer; `js` is what the JS error carries
    /// as its `response`.
    pub(crate) fn http_error(&self, js: JsValue) -> Error {
        let detail = crate::rules::message::http_failed(self.status, &self.status_text());
        Error::http(self.status, &detail, &self.target(), js)
    }

    /// The method and URL of the request it answers, for messages.
    pub(crate) fn target(&self) -> String {
        crate::rules::message::target(self.method, &self.url())
    }
}
