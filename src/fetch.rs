//! `put()`: the one exported function, and the flow of a call through `fetch`.

use crate::error::{ErrorKind, PutError};
use crate::{charset, input, js};
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Sends `data` to `url` with the HTTP method PUT, as Python Requests' `requests.put`.
///
/// * `url`: a string or `URL`; a relative URL resolves against the page or worker.
/// * `headers`: a plain object, `Headers`, `Map` or array of `[name, value]` pairs.
/// * `data`: a string (sent as is); a plain object, `Map` or pairs (sent as a form);
///   `URLSearchParams`, `FormData`, `Blob`, `ArrayBuffer` or a typed array (sent as is).
/// * `options`: reserved for the options of the contract.
///
/// Resolves to a `PutResponse`. Never throws: every failure rejects the promise with an
/// `Error` whose `name` says what happened (`InvalidInputError`, `NetworkError`, …).
#[wasm_bindgen(unchecked_return_type = "Promise<PutResponse>")]
pub fn put(
    #[wasm_bindgen(unchecked_param_type = "string | URL")] url: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HeadersInput | null")] headers: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "DataInput | null")] data: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "Record<string, never> | null")] options: Option<
        JsValue,
    >,
) -> Promise {
    let started = js::now();
    wasm_bindgen_futures::future_to_promise(async move {
        let _ = options;
        let url = match input::url(&url) {
            Ok(url) => url,
            Err((error, shown)) => return Err(into_js(error, &shown)),
        };
        let none = JsValue::UNDEFINED;
        send(
            &url,
            headers.as_ref().unwrap_or(&none),
            data.as_ref().unwrap_or(&none),
            started,
        )
        .await
        .map(JsValue::from)
        .map_err(|e| into_js(e, &url))
    })
}

/// The one place where a [`PutError`] becomes a JS `Error`.
fn into_js(error: PutError, url: &str) -> JsValue {
    let cause = error.cause.clone().unwrap_or(JsValue::UNDEFINED);
    js::put_error(error.kind.name(), &error.message(url), &cause)
}

/// One request: check the input, call fetch, read the whole body.
async fn send(
    url: &str,
    headers: &JsValue,
    data: &JsValue,
    started: f64,
) -> Result<js::PutResponse, PutError> {
    let request_headers = input::headers(headers)?;
    let body = input::data(data)?;
    if let (Some(ct), false) = (body.default_content_type, request_headers.has_content_type) {
        request_headers
            .headers
            .set("content-type", ct)
            .map_err(|e| PutError::invalid_input("Content-Type was refused").with_cause(e))?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("PUT");
    init.set_headers(&request_headers.headers);
    if !body.value.is_undefined() {
        init.set_body(&body.value);
    }
    let pending = js::fetch(url, &init).map_err(network_error)?;
    let response: web_sys::Response = JsFuture::from(pending)
        .await
        .map_err(network_error)?
        .unchecked_into();
    let buffer = response.array_buffer().map_err(body_error)?;
    let buffer = JsFuture::from(buffer).await.map_err(body_error)?;
    let content = Uint8Array::new(&buffer);
    let content_type = response.headers().get("content-type").ok().flatten();
    let charset = content_type.as_deref().and_then(charset::of_content_type);
    Ok(js::PutResponse::new(
        &response,
        &content,
        js::now() - started,
        charset,
    ))
}

fn network_error(cause: JsValue) -> PutError {
    PutError::new(
        ErrorKind::Network,
        "Network error: the request could not be completed (server down, refused, DNS, reset, or blocked by CORS; see cause)",
    )
    .with_cause(cause)
}

fn body_error(cause: JsValue) -> PutError {
    PutError::new(
        ErrorKind::Network,
        "Network error: the response body broke off before its end (see cause)",
    )
    .with_cause(cause)
}
