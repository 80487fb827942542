//! The body of a PUT: a JS value handed to fetch as it is. Its bytes are never copied
//! into wasm memory; a Rust `Vec<u8>` or `&[u8]` is copied out to JS once, when made.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, FormData, ReadableStream, UrlSearchParams};

use super::platform;

/// What a body is, for what fetch needs around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    /// No body.
    Empty,
    /// A string, sent as is (`text/plain;charset=UTF-8` unless set).
    Text,
    /// Form-encoded pairs (`application/x-www-form-urlencoded` unless set).
    Form,
    /// JSON text (`application/json` unless set).
    Json,
    /// An `ArrayBuffer` or any view of one.
    Bytes,
    /// A `Blob` or `File`.
    Blob,
    /// A `FormData`.
    FormData,
    /// A `URLSearchParams`.
    Params,
    /// A `ReadableStream`: sent once, never retried.
    Stream,
}

/// The body of a PUT. Made from `&str`, `String`, `Vec<u8>`, `&[u8]`,
/// `js_sys::Uint8Array` and `web_sys::{Blob, FormData, UrlSearchParams, ReadableStream}`.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_put::Error> {
/// let bytes: Vec<u8> = vec![1, 2, 3];
/// wasm_put::put("/resources/raw").body(bytes).send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Body {
    pub(crate) value: JsValue,
    pub(crate) kind: BodyKind,
}

/// From this size up, a byte or string body goes to a browser as a `Blob`: measured
/// with `cargo xtask bench` in Chromium, a Blob body uploads faster from 1 MiB up,
/// while for small bodies it costs more than it saves.
const BLOB_FROM: u32 = 256 * 1024;

impl Body {
    /// No body.
    pub fn empty() -> Body {
        Body::of(JsValue::UNDEFINED, BodyKind::Empty)
    }

    pub(crate) fn of(value: JsValue, kind: BodyKind) -> Body {
        Body { value, kind }
    }

    /// The `Content-Type` to send when the caller set none.
    pub(crate) fn default_content_type(&self) -> Option<&'static str> {
        match self.kind {
            BodyKind::Form => Some("application/x-www-form-urlencoded"),
            BodyKind::Json => Some("application/json"),
            _ => None,
        }
    }

    /// Whether it can be sent again: only such bodies are retried.
    pub(crate) fn replayable(&self) -> bool {
        self.kind != BodyKind::Stream
    }

    /// The byte size when it is known without reading the body.
    pub(crate) fn size(&self) -> Option<f64> {
        match self.kind {
            BodyKind::Empty => Some(0.0),
            BodyKind::Text | BodyKind::Form | BodyKind::Json => {
                Some(platform::utf8_len(&self.value))
            }
            BodyKind::Bytes => js_sys::Reflect::get(&self.value, &"byteLength".into())
                .ok()
                .and_then(|n| n.as_f64()),
            BodyKind::Blob => self.value.dyn_ref::<Blob>().map(Blob::size),
            BodyKind::Params => Some(platform::utf8_len(
                &self.value.unchecked_ref::<UrlSearchParams>().to_string(),
            )),
            BodyKind::FormData | BodyKind::Stream => None,
        }
    }

    /// The value to send. In browsers a large string or byte body goes as a `Blob`,
    /// which uploads faster; the `Blob` of a string keeps fetch's default type.
    pub(crate) fn to_send(&self) -> JsValue {
        if !platform::has_xhr() {
            return self.value.clone();
        }
        let large = |n: Option<f64>| n.is_some_and(|n| n >= f64::from(BLOB_FROM));
        let parts = || Array::of1(&self.value);
        let blob = match self.kind {
            BodyKind::Text | BodyKind::Form | BodyKind::Json
                if self.value.unchecked_ref::<js_sys::JsString>().length() >= BLOB_FROM =>
            {
                // The type fetch gives a string body; a Content-Type header still wins.
                let options = BlobPropertyBag::new();
                options.set_type("text/plain;charset=UTF-8");
                Blob::new_with_str_sequence_and_options(&parts(), &options).ok()
            }
            BodyKind::Bytes if large(self.size()) => {
                Blob::new_with_buffer_source_sequence(&parts()).ok()
            }
            _ => None,
        };
        blob.map_or_else(|| self.value.clone(), JsValue::from)
    }
}

impl Default for Body {
    fn default() -> Self {
        Body::empty()
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body::of(JsValue::from_str(text), BodyKind::Text)
    }
}

impl From<String> for Body {
    fn from(text: String) -> Body {
        Body::from(text.as_str())
    }
}

impl From<&[u8]> for Body {
    fn from(bytes: &[u8]) -> Body {
        Body::of(Uint8Array::from(bytes).into(), BodyKind::Bytes)
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body::from(bytes.as_slice())
    }
}

impl From<Uint8Array> for Body {
    fn from(bytes: Uint8Array) -> Body {
        Body::of(bytes.into(), BodyKind::Bytes)
    }
}

impl From<Blob> for Body {
    fn from(blob: Blob) -> Body {
        Body::of(blob.into(), BodyKind::Blob)
    }
}

impl From<FormData> for Body {
    fn from(form: FormData) -> Body {
        Body::of(form.into(), BodyKind::FormData)
    }
}

impl From<UrlSearchParams> for Body {
    fn from(params: UrlSearchParams) -> Body {
        Body::of(params.into(), BodyKind::Params)
    }
}

impl From<ReadableStream> for Body {
    fn from(stream: ReadableStream) -> Body {
        Body::of(stream.into(), BodyKind::Stream)
    }
}
