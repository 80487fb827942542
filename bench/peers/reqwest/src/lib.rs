//! `put(url, body)` through reqwest's wasm client:
//! `Client::new().put(url).body(bytes).send().await?.bytes().await?`. reqwest's body is
//! Rust bytes, so a `Uint8Array` is copied into wasm memory first, as a user would do.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

fn js_error(e: reqwest::Error) -> JsValue {
    js_sys::Error::new(&e.to_string()).into()
}

/// PUTs `body` (a `Uint8Array`, or null for none) to `url`; resolves to
/// `{ status, content }` (`content` a `Uint8Array`).
#[wasm_bindgen]
pub async fn put(url: String, body: JsValue) -> Result<JsValue, JsValue> {
    let bytes = if body.is_null() || body.is_undefined() {
        Vec::new()
    } else {
        Uint8Array::new(&body).to_vec()
    };
    let response = reqwest::Client::new()
        .put(&url)
        .body(bytes)
        .send()
        .await
        .map_err(js_error)?;
    let status = response.status().as_u16();
    let content = response.bytes().await.map_err(js_error)?;
    let out = Object::new();
    Reflect::set(&out, &"status".into(), &status.into())?;
    Reflect::set(&out, &"content".into(), &Uint8Array::from(&content[..]).into())?;
    Ok(out.into())
}
