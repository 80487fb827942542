//! `PutResponse`: what the JS `put()` resolves to, a class over the client's
//! [`Response`]. Its body stays the JS `Uint8Array` it arrived as.

use std::cell::RefCell;

use js_sys::{JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::client::Response;

/// What `put()` resolves to, modelled on a Requests `Response`. Its TypeScript
/// declaration is in `types.rs`. In JavaScript:
///
/// ```js
/// const res = await put('/resources/1', null, 'hi');
/// console.log(res.status, res.text, res.etag);
/// ```
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct PutResponse {
    inner: Response,
    /// The decoded body, once read.
    text: RefCell<Option<JsString>>,
}

impl From<Response> for PutResponse {
    fn from(inner: Response) -> PutResponse {
        PutResponse {
            inner,
            text: RefCell::new(None),
        }
    }
}

#[wasm_bindgen]
impl PutResponse {
    /// The HTTP status code, e.g. 201.
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.inner.status()
    }

    /// `true` for a status from 200 to 299.
    #[wasm_bindgen(getter)]
    pub fn ok(&self) -> bool {
        self.inner.ok()
    }

    /// The status text, e.g. `Created`.
    #[wasm_bindgen(getter, js_name = statusText)]
    pub fn status_text(&self) -> JsString {
        self.inner.status_text.clone()
    }

    /// The final URL, after redirects.
    #[wasm_bindgen(getter)]
    pub fn url(&self) -> JsString {
        self.inner.url.clone()
    }

    /// Whether a redirect was followed.
    #[wasm_bindgen(getter)]
    pub fn redirected(&self) -> bool {
        self.inner.redirected()
    }

    /// The headers as a plain object: lower-case names, repeated headers joined
    /// with `, `.
    #[wasm_bindgen(getter)]
    pub fn headers(&self) -> Object {
        let out = Object::new();
        self.inner.for_each_header(|name, value| {
            let key = JsValue::from_str(&name);
            let joined = match Object::has_own(&out, &key) {
                true => {
                    let before = Reflect::get(&out, &key).ok().and_then(|v| v.as_string());
                    JsValue::from(format!("{}, {value}", before.unwrap_or_default()))
                }
                false => JsValue::from(value),
            };
            // An own data property, set without calling a setter: `__proto__` is a
            // valid header name, and a plain assignment would set the prototype.
            let descriptor = Object::new();
            for (field, v) in [
                ("value", joined),
                ("enumerable", JsValue::TRUE),
                ("writable", JsValue::TRUE),
                ("configurable", JsValue::TRUE),
            ] {
                let _ = Reflect::set(&descriptor, &field.into(), &v);
            }
            Object::define_property(&out, &key, &descriptor);
        });
        out
    }

    /// The body bytes (Requests' `.content`).
    #[wasm_bindgen(getter)]
    pub fn content(&self) -> Uint8Array {
        self.inner.content()
    }

    /// The body decoded by the charset of `Content-Type` (UTF-8 by default).
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> JsString {
        if let Ok(mut cached) = self.text.try_borrow_mut() {
            return cached.get_or_insert_with(|| self.inner.text_js()).clone();
        }
        self.inner.text_js()
    }

    /// Milliseconds from the start of the call to the end of the body.
    #[wasm_bindgen(getter)]
    pub fn elapsed(&self) -> f64 {
        self.inner.elapsed_ms
    }

    /// The `ETag` header, or `null` (never `undefined`: the contract's nullable fields
    /// are `null` when absent, as the `.d.ts` says).
    #[wasm_bindgen(getter)]
    pub fn etag(&self) -> JsValue {
        self.inner.etag().map_or(JsValue::NULL, JsValue::from)
    }

    /// The body parsed as JSON; throws a `SyntaxError` saying so when it is not JSON.
    pub fn json(&self) -> Result<JsValue, JsValue> {
        self.inner.json_js_of(&self.text()).map_err(JsValue::from)
    }

    /// Throws an `HttpError` when the status is not 2xx, as Requests'
    /// `raise_for_status()`.
    #[wasm_bindgen(js_name = raiseForStatus)]
    pub fn raise_for_status(&self) -> Result<(), JsValue> {
        if self.inner.ok() {
            return Ok(());
        }
        let copy = PutResponse::from(self.inner.clone());
        Err(self.inner.http_error(copy.into()).into())
    }
}
