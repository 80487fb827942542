//! `put()`: the one exported function, and the flow of a call: check everything, then
//! attempt, retrying as `options.retry` says, each attempt under its own guard.

use crate::error::{ErrorKind, PutError};
use crate::guard::{abort_error, AttemptGuard};
use crate::input::{self, Body};
use crate::options::{self, Options};
use crate::{js, response};
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Sends `data` to `url` with the HTTP method PUT, as Python Requests' `requests.put`.
///
/// * `url`: a string or `URL`; a relative URL resolves against the page or worker.
/// * `headers`: a plain object, `Headers`, `Map` or array of `[name, value]` pairs.
/// * `data`: a string (sent as is); a plain object, `Map` or pairs (sent as a form);
///   `URLSearchParams`, `FormData`, `Blob`, `ArrayBuffer`, a typed array or a
///   `ReadableStream` (sent as they are).
/// * `options`: `json`, `params`, `timeout`, `signal`, `retry`, `auth`,
///   `throwHttpErrors`, `onUploadProgress`, `onDownloadProgress`, and fetch's own
///   `credentials`, `mode`, `cache`, `redirect`, `referrer`, `referrerPolicy`,
///   `integrity`, `keepalive`, `priority`.
///
/// Resolves to a `PutResponse`. Never throws: every failure rejects the promise with an
/// `Error` whose `name` says what happened (`InvalidInputError`, `NetworkError`,
/// `TimeoutError`, `AbortError`, `HttpError`).
#[wasm_bindgen(unchecked_return_type = "Promise<PutResponse>")]
pub fn put(
    #[wasm_bindgen(unchecked_param_type = "string | URL")] url: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HeadersInput | null")] headers: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "DataInput | null")] data: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "PutOptions | null")] options: Option<JsValue>,
) -> Promise {
    let started = js::now();
    wasm_bindgen_futures::future_to_promise(async move {
        let url = match input::url(&url) {
            Ok(url) => url,
            Err((error, shown)) => return Err(into_js(error, &shown)),
        };
        let none = JsValue::UNDEFINED;
        let options =
            options::parse(options.as_ref().unwrap_or(&none)).map_err(|e| into_js(e, &url))?;
        let url = match &options.params {
            Some(params) => input::with_params(&url, params).map_err(|e| into_js(e, &url))?,
            None => url,
        };
        let request = prepare(
            headers.as_ref().unwrap_or(&none),
            data.as_ref().unwrap_or(&none),
            &options,
        )
        .map_err(|e| into_js(e, &url))?;
        send(&url, &request, &options, started)
            .await
            .map(JsValue::from)
            .map_err(|e| into_js(e, &url))
    })
}

/// The one place where a [`PutError`] becomes a JS `Error`.
fn into_js(error: PutError, url: &str) -> JsValue {
    let cause = error.cause.clone().unwrap_or(JsValue::UNDEFINED);
    match error.kind {
        ErrorKind::Http => js::http_error(&cause),
        kind => js::put_error(kind.name(), &error.message(url), &cause),
    }
}

/// A checked request, ready to send as many times as retries need.
struct Request {
    headers: web_sys::Headers,
    body: Body,
}

fn prepare(headers: &JsValue, data: &JsValue, options: &Options) -> Result<Request, PutError> {
    let request_headers = input::headers(headers)?;
    let body = input::body(data, options.json.as_ref())?;
    let set = |name: &str, value: &str| {
        request_headers
            .headers
            .set(name, value)
            .map_err(|e| PutError::header_refused(name, e))
    };
    if let (Some(ct), false) = (body.default_content_type, request_headers.has_content_type) {
        set("content-type", ct)?;
    }
    // `options::basic_auth` makes `Basic <base64>`, always a valid header value.
    if let Some(auth) = &options.authorization {
        set("authorization", auth)?;
    }
    let body = Body {
        value: js::fast_body(&body.value),
        ..body
    };
    Ok(Request {
        headers: request_headers.headers,
        body,
    })
}

/// Attempts, and retries as the policy says; returns the last response.
async fn send(
    url: &str,
    request: &Request,
    options: &Options,
    started: f64,
) -> Result<js::PutResponse, PutError> {
    let policy = &options.retry;
    let mut retry = 0;
    loop {
        if let Some(signal) = options.signal.as_ref().filter(|s| s.aborted()) {
            return Err(abort_error(signal));
        }
        let may_retry = retry < policy.limit && request.body.replayable;
        let guard = AttemptGuard::start(options.timeout, options.signal.as_ref())?;
        let outcome = attempt(url, request, options, &guard, may_retry, started).await;
        drop(guard);
        let retry_after = match outcome {
            Attempt::Done(response) => {
                if options.throw_http_errors && !response.ok() {
                    return Err(PutError::new(ErrorKind::Http, "").with_cause(response.into()));
                }
                return Ok(response);
            }
            Attempt::Failed(error) => {
                if !(may_retry && error.kind == ErrorKind::Network) {
                    return Err(error);
                }
                None
            }
            Attempt::RetryAfter(ms) => ms,
        };
        let wait = policy.delay_ms(retry, js_sys::Math::random(), retry_after);
        let slept = js::sleep(wait, options.signal.as_ref()).map(JsFuture::from);
        if let Ok(slept) = slept {
            if slept.await.is_err() {
                if let Some(signal) = &options.signal {
                    return Err(abort_error(signal));
                }
            }
        }
        retry += 1;
    }
}

/// How one attempt ended.
enum Attempt {
    /// The final response, body read.
    Done(js::PutResponse),
    /// A status to retry, with the wait its `Retry-After` asks for.
    RetryAfter(Option<f64>),
    /// A failure.
    Failed(PutError),
}

async fn attempt(
    url: &str,
    request: &Request,
    options: &Options,
    guard: &AttemptGuard,
    may_retry: bool,
    started: f64,
) -> Attempt {
    let signal = guard.signal();
    let network = |cause| {
        PutError::new(
            ErrorKind::Network,
            "Network error: the request could not be completed (server down, refused, DNS, reset, or blocked by CORS; see cause)",
        )
        .with_cause(cause)
    };
    let broken_body = |cause| {
        PutError::new(
            ErrorKind::Network,
            "Network error: the response body broke off before its end (see cause)",
        )
        .with_cause(cause)
    };

    // With onUploadProgress and XMLHttpRequest at hand: real upload progress.
    if let (Some(on_upload), true, false) = (
        &options.on_upload_progress,
        js::has_xhr(),
        request.body.stream,
    ) {
        let credentials = options
            .pass_through
            .iter()
            .any(|(k, v)| *k == "credentials" && v.as_string().as_deref() == Some("include"));
        let sent = js::xhr_put(
            url,
            &request.headers,
            &request.body.value,
            signal.as_ref(),
            credentials,
            on_upload,
            options.on_download_progress.as_ref(),
        );
        let result = match sent {
            Ok(p) => JsFuture::from(p).await,
            Err(e) => Err(e),
        };
        return match result {
            Err(cause) => Attempt::Failed(guard.explain(cause, network)),
            Ok(raw) => {
                let status = js::get(&raw, "status")
                    .and_then(|s| s.as_f64())
                    .unwrap_or(0.0);
                if may_retry && options.retry.retries_status(status as u16) {
                    let headers = js::get(&raw, "headers")
                        .and_then(|h| h.dyn_into::<web_sys::Headers>().ok());
                    return Attempt::RetryAfter(headers.and_then(|h| retry_after(&h)));
                }
                let content = js::get(&raw, "content")
                    .and_then(|c| c.dyn_into::<js_sys::Uint8Array>().ok())
                    .unwrap_or_else(|| js_sys::Uint8Array::new_with_length(0));
                Attempt::Done(response::build(&raw, &content, js::now() - started))
            }
        };
    }

    let init = web_sys::RequestInit::new();
    init.set_method("PUT");
    init.set_headers(&request.headers);
    init.set_signal(signal.as_ref());
    if !request.body.value.is_undefined() {
        init.set_body(&request.body.value);
    }
    if request.body.stream {
        let _ = Reflect::set(&init, &"duplex".into(), &"half".into());
    }
    for (name, value) in &options.pass_through {
        let _ = Reflect::set(&init, &JsValue::from_str(name), value);
    }
    let fetched = match js::fetch(url, &init) {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    let response: web_sys::Response = match fetched {
        Ok(r) => r.unchecked_into(),
        Err(cause) => return Attempt::Failed(guard.explain(cause, network)),
    };
    if let Some(on_upload) = &options.on_upload_progress {
        js::upload_done(on_upload, &request.body.value);
    }
    let status = response.status();
    if may_retry && options.retry.retries_status(status) {
        if let Some(body) = response.body() {
            let _ = body.cancel();
        }
        return Attempt::RetryAfter(retry_after(&response.headers()));
    }
    match response::read_body(&response, options.on_download_progress.as_ref()).await {
        Ok(content) => Attempt::Done(response::build(&response, &content, js::now() - started)),
        Err(cause) => Attempt::Failed(guard.explain(cause, broken_body)),
    }
}

/// The wait a `Retry-After` header asks for, in ms.
fn retry_after(headers: &web_sys::Headers) -> Option<f64> {
    let value = headers.get("retry-after").ok().flatten()?;
    crate::retry::parse_retry_after(&value, js_sys::Date::now())
}
