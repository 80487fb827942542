//! `put()`: the one exported function. It checks everything synchronously, builds the
//! `RequestInit`, and hands the call to the JS transport (`src/run.js`), which awaits
//! fetch and the body in plain promises and asks a [`RetryPlan`] before each retry.

use crate::error::PutError;
use crate::input::{self, Body};
use crate::js;
use crate::options::{self, Options};
use crate::retry::RetryPolicy;
use alloc::string::String;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

/// Sends `data` to `url` with the HTTP method PUT, as Python Requests' `requests.put`.
/// Its TypeScript declaration, with the documentation JS users see, is in `types.rs`.
///
/// Every argument is taken as the JS value it is (`undefined` when left out): an
/// `Option<JsValue>` would cost each call a trip through the glue's value table.
///
/// Resolves to a `PutResponse`. Never throws: every failure rejects the promise with an
/// `Error` whose `name` says what happened (`InvalidInputError`, `NetworkError`,
/// `TimeoutError`, `AbortError`, `HttpError`).
#[wasm_bindgen(skip_typescript)]
pub fn put(url: JsValue, headers: JsValue, data: JsValue, options: JsValue) -> Promise {
    let url = match input::url(&url) {
        Ok(url) => url,
        Err((error, shown)) => return Promise::reject(&into_js(error, &shown)),
    };
    // What the three other arguments are, in one call: bits 0-4 headers, 5-9 data, 10-14 options.
    let kinds = js::kinds(&headers, &data, &options);
    let kind = |at: u32| ((kinds >> at) & 31) as u8;
    let prepared = options::parse(&options, kind(10)).and_then(|options| {
        let url = match &options.params {
            Some(params) => input::with_params(&url, params)?,
            None => url.clone(),
        };
        let request = request(&headers, kind(0), &data, kind(5), &options)?;
        Ok((url, request, options))
    });
    let (url, request, options) = match prepared {
        Ok(prepared) => prepared,
        Err(error) => return Promise::reject(&into_js(error, &String::from(&url))),
    };
    let policy = options.retry;
    let limit = if request.body.replayable {
        policy.limit
    } else {
        0
    };
    js::run(
        &url,
        request.headers.as_ref(),
        &request.body.value,
        request.extra.as_ref(),
        options.timeout,
        options.signal.as_ref(),
        (limit > 0).then_some(RetryPlan { policy }),
        limit,
        options.on_upload_progress.as_ref(),
        options.on_download_progress.as_ref(),
        options.throw_http_errors,
        request.body.stream,
    )
}

/// The one place where a [`PutError`] becomes a JS `Error`.
fn into_js(error: PutError, url: &str) -> JsValue {
    let cause = error.cause.clone().unwrap_or(JsValue::UNDEFINED);
    js::put_error(error.kind.name(), &error.message(url), &cause)
}

/// A checked request, sent as many times as retries need; `run.js` makes the
/// `RequestInit` from it.
struct Request {
    /// The headers, or `None` when there are none: an empty `Headers` still costs fetch time.
    headers: Option<web_sys::Headers>,
    body: Body,
    /// The pass-through options, as an object, when there are any.
    extra: Option<Object>,
}

fn request(
    headers: &JsValue,
    headers_kind: u8,
    data: &JsValue,
    data_kind: u8,
    options: &Options,
) -> Result<Request, PutError> {
    let input::RequestHeaders {
        mut headers,
        has_content_type,
    } = input::headers(headers, headers_kind)?;
    let body = input::body(data, data_kind, options.json.as_ref())?;
    // Made only when needed: no `Headers` at all costs fetch less than an empty one.
    let mut set = |name: &str, value: &str| -> Result<(), PutError> {
        let h = match headers {
            Some(ref h) => h,
            None => headers.insert(input::new_headers()?),
        };
        h.set(name, value)
            .map_err(|e| PutError::header_refused(name, e))
    };
    if let (Some(ct), false) = (body.default_content_type, has_content_type) {
        set("content-type", ct)?;
    }
    // `options::basic_auth` makes `Basic <base64>`, always a valid header value.
    if let Some(auth) = &options.authorization {
        set("authorization", auth)?;
    }
    let extra = (!options.pass_through.is_empty()).then(|| {
        let extra = Object::new();
        for (name, value) in &options.pass_through {
            let _ = Reflect::set(&extra, &JsValue::from_str(name), value);
        }
        extra
    });
    Ok(Request {
        headers,
        body,
        extra,
    })
}

/// The retry policy of one call, asked by the JS transport (`src/run.js`) after each
/// attempt: which statuses to retry, and how long to wait. JS frees it when the call ends.
/// Internal to the package: not part of its API.
#[wasm_bindgen(skip_typescript)]
pub struct RetryPlan {
    policy: RetryPolicy,
}

#[wasm_bindgen]
impl RetryPlan {
    /// Whether an answer with `status` is retried.
    pub fn retries(&self, status: u16) -> bool {
        self.policy.retries_status(status)
    }

    /// The wait in ms before retry number `retry` (0 first), given the answer's
    /// `Retry-After` header, if any.
    pub fn wait(&self, retry: u32, retry_after: Option<String>) -> f64 {
        let asked =
            retry_after.and_then(|v| crate::retry::parse_retry_after(&v, js_sys::Date::now()));
        self.policy.delay_ms(retry, js_sys::Math::random(), asked)
    }
}
