//! `put(url, body)` through gloo-net: `Request::put(url).body(body)`, then the body
//! bytes of the answer. The body (a `Uint8Array`, or anything `fetch` takes) is handed
//! to `fetch` as it is.

use gloo_net::http::Request;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

fn js_error(e: gloo_net::Error) -> JsValue {
    js_sys::Error::new(&e.to_string()).into()
}

/// PUTs `body` to `url`; resolves to `{ status, content }` (`content` a `Uint8Array`).
#[wasm_bindgen]
pub async fn put(url: String, body: JsValue) -> Result<JsValue, JsValue> {
    let request = Request::put(&url);
    let request = if body.is_null() || body.is_undefined() {
        request.build()
    } else {
        request.body(body)
    }
    .map_err(js_error)?;
    let response = request.send().await.map_err(js_error)?;
    let status = response.status();
    let content = response.binary().await.map_err(js_error)?;
    let out = Object::new();
    Reflect::set(&out, &"status".into(), &status.into())?;
    Reflect::set(&out, &"content".into(), &Uint8Array::from(&content[..]).into())?;
    Ok(out.into())
}
