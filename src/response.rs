//! Reading a response's body, with download progress when asked, into a `PutResponse`.

use crate::{charset, js};
use js_sys::{Array, Function, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Reads the whole body of `response`. With `progress`, reads it chunk by chunk and
/// reports `{ loaded, total }` after each; the last report has `loaded` equal to the
/// body's length. The bytes stay in JS: chunks are joined into one `Uint8Array` there.
pub async fn read_body(
    response: &web_sys::Response,
    progress: Option<&Function>,
) -> Result<Uint8Array, JsValue> {
    let Some(progress) = progress else {
        let buffer = JsFuture::from(response.array_buffer()?).await?;
        return Ok(Uint8Array::new(&buffer));
    };
    let total = expected_length(response);
    let Some(stream) = response.body() else {
        js::download_progress(progress, 0.0, total);
        return Ok(Uint8Array::new_with_length(0));
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let chunks = Array::new();
    let mut loaded = 0.0;
    loop {
        let step = JsFuture::from(reader.read()).await?;
        if js::get(&step, "done").is_some_and(|d| d.is_truthy()) {
            break;
        }
        let Some(chunk) = js::get(&step, "value").and_then(|v| v.dyn_into::<Uint8Array>().ok())
        else {
            continue;
        };
        loaded += f64::from(chunk.length());
        chunks.push(&chunk);
        js::download_progress(progress, loaded, total);
    }
    if chunks.length() == 0 {
        js::download_progress(progress, 0.0, total);
    }
    let content = Uint8Array::new_with_length(loaded as u32);
    let mut at = 0;
    for chunk in chunks.iter() {
        let chunk: Uint8Array = chunk.unchecked_into();
        content.set(&chunk, at);
        at += chunk.length();
    }
    Ok(content)
}

/// The body length the server announced, when it is the length `content` will have:
/// `Content-Length` without a `Content-Encoding` (a compressed length would differ).
fn expected_length(response: &web_sys::Response) -> Option<f64> {
    let headers = response.headers();
    if headers.get("content-encoding").ok().flatten().is_some() {
        return None;
    }
    headers
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|n| n as f64)
}

/// The `PutResponse` of a fetch `Response` (or the XMLHttpRequest path's result).
pub fn build(response: &JsValue, content: &Uint8Array, elapsed: f64) -> js::PutResponse {
    let content_type = js::get(response, "headers")
        .and_then(|h| h.dyn_into::<web_sys::Headers>().ok())
        .and_then(|h| h.get("content-type").ok().flatten());
    let charset = content_type.as_deref().and_then(charset::of_content_type);
    js::PutResponse::new(response, content, elapsed, charset)
}
