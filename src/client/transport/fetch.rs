//! One attempt through the global `fetch`: the request, the answer, its body (whole, or
//! chunk by chunk for download progress, joined in JS memory).

use js_sys::{Array, JsString, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{Answer, Failed, Sending};
use crate::client::platform;
use crate::client::progress::{report, OnProgress};
use crate::client::request::Request;
use crate::client::response::Response;

/// Sends `call` once, as `how` says.
pub(super) async fn attempt(call: &Request, how: &Sending<'_>) -> Result<Answer, Failed> {
    let init = call.init(how.signal, how.headers);
    let promise = platform::fetch(&call.url, &init).map_err(Failed::network)?;
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(Failed::network)?
        .unchecked_into();
    if let Some(on_upload) = &call.on_upload {
        let size = call.body.size();
        report(on_upload, size.unwrap_or_default(), size);
    }
    let status = response.status();
    let headers = response.headers();
    if (how.again)(status) {
        if let Some(body) = response.body() {
            // The answer is dropped: its body is cancelled, and a failed cancel (the
            // connection is gone) changes nothing.
            let cancelled = JsFuture::from(body.cancel());
            wasm_bindgen_futures::spawn_local(async move {
                let _ = cancelled.await;
            });
        }
        let retry_after = headers.get("retry-after").ok().flatten();
        return Ok(Answer::Again {
            status,
            retry_after,
        });
    }
    let content = match &call.on_download {
        Some(on_download) => read_with_progress(&response, &headers, on_download).await,
        None => read_whole(&response).await,
    }
    .map_err(Failed::broken_body)?;
    Ok(Answer::Done(answered(
        call,
        &response,
        headers,
        content,
        how.started,
    )))
}

/// The [`Response`] of `call`: fetch's `response`, its `headers` and its body's bytes.
pub(crate) fn answered(
    call: &Request,
    response: &web_sys::Response,
    headers: web_sys::Headers,
    content: Uint8Array,
    started: f64,
) -> Response {
    Response {
        status: response.status(),
        status_text: string_field(response, "statusText"),
        url: string_field(response, "url"),
        redirected: response.redirected(),
        headers,
        content,
        elapsed_ms: platform::now_ms() - started,
        method: call.method.as_str(),
    }
}

/// A string property of a fetch `Response`, kept as a JS string.
fn string_field(response: &web_sys::Response, name: &str) -> JsString {
    Reflect::get(response, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.dyn_into::<JsString>().ok())
        .unwrap_or_else(|| JsString::from(""))
}

async fn read_whole(response: &web_sys::Response) -> Result<Uint8Array, JsValue> {
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer))
}

/// Reads the body chunk by chunk, reporting `{ loaded, total }` after each; the last
/// report has `loaded` equal to the body's length. The chunks are joined in JS memory.
async fn read_with_progress(
    response: &web_sys::Response,
    headers: &web_sys::Headers,
    on_download: &OnProgress,
) -> Result<Uint8Array, JsValue> {
    // A Content-Length counts encoded bytes; with a Content-Encoding it is no total.
    let total = match headers.get("content-encoding")? {
        Some(_) => None,
        None => headers
            .get("content-length")?
            .and_then(|n| n.trim().parse::<u64>().ok())
            .map(|n| n as f64),
    };
    let Some(body) = response.body() else {
        report(on_download, 0.0, total);
        return Ok(Uint8Array::new_with_length(0));
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let chunks = Array::new();
    let mut loaded = 0.0;
    loop {
        let step = JsFuture::from(reader.read()).await?;
        if Reflect::get(&step, &"done".into())?.is_truthy() {
            break;
        }
        let Ok(chunk) = Reflect::get(&step, &"value".into())?.dyn_into::<Uint8Array>() else {
            continue;
        };
        loaded += f64::from(chunk.length());
        chunks.push(&chunk);
        report(on_download, loaded, total);
    }
    if chunks.length() == 0 {
        report(on_download, 0.0, total);
    }
    Ok(join(&chunks, loaded))
}

/// The chunks (`Uint8Array`s) joined into one, in JS memory.
fn join(chunks: &Array, length: f64) -> Uint8Array {
    let content = Uint8Array::new_with_length(length as u32);
    let mut at = 0;
    for chunk in chunks.iter() {
        let chunk: Uint8Array = chunk.unchecked_into();
        content.set(&chunk, at);
        at += chunk.length();
    }
    content
}
