//! One attempt through `XMLHttpRequest`, for upload progress.
//!
//! fetch cannot say how many bytes of a request body have been sent (over HTTP/1.1 it
//! has no upload progress at all); XMLHttpRequest can. So where `on_upload_progress` is
//! given and XMLHttpRequest exists (pages and dedicated workers), the attempt goes
//! through it; elsewhere (Node, service workers) through fetch, with progress reported
//! once, when the body has been sent.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, JsString, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ProgressEvent, XmlHttpRequest, XmlHttpRequestResponseType};

use super::{Answer, Failed, Sending};
use crate::client::platform;
use crate::client::progress::{report, OnProgress};
use crate::client::request::Request;
use crate::client::response::Response;

/// The listeners of one request, removed when it ends or is dropped (which aborts it).
struct Listeners {
    xhr: XmlHttpRequest,
    signal: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    _progress: Vec<Closure<dyn FnMut(ProgressEvent)>>,
    done: bool,
}

impl Drop for Listeners {
    fn drop(&mut self) {
        if let Some((signal, closure)) = self.signal.take() {
            let _ = signal
                .remove_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
        }
        if let Ok(upload) = self.xhr.upload() {
            upload.set_onprogress(None);
        }
        self.xhr.set_onprogress(None);
        self.xhr.set_onload(None);
        self.xhr.set_onerror(None);
        self.xhr.set_onabort(None);
        if !self.done {
            let _ = self.xhr.abort();
        }
    }
}

/// A progress listener that records the bytes so far in `seen` and reports them.
fn listener(
    callback: &OnProgress,
    seen: &Rc<Cell<Option<f64>>>,
) -> Closure<dyn FnMut(ProgressEvent)> {
    let (callback, seen) = (callback.clone(), seen.clone());
    Closure::new(move |e: ProgressEvent| {
        seen.set(Some(e.loaded()));
        report(
            &callback,
            e.loaded(),
            e.length_computable().then(|| e.total()),
        );
    })
}

/// Sends `call` once through XMLHttpRequest, as `how` says.
pub(super) async fn attempt(call: &Request, how: &Sending<'_>) -> Result<Answer, Failed> {
    let signal = how.signal;
    let failed = Failed::network;
    let xhr = XmlHttpRequest::new().map_err(failed)?;
    xhr.open(call.method.as_str(), &call.url).map_err(failed)?;
    xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    xhr.set_with_credentials(call.with_credentials());
    match how.headers {
        Some(headers) => {
            // The headers a hook or bearer made for this attempt: `Array.from` lists
            // a `Headers` as [name, value] pairs.
            for entry in js_sys::Array::from(headers).iter() {
                let pair: js_sys::Array = entry.unchecked_into();
                let (name, value) = (pair.get(0), pair.get(1));
                let (name, value) = (name.as_string(), value.as_string());
                xhr.set_request_header(&name.unwrap_or_default(), &value.unwrap_or_default())
                    .map_err(failed)?;
            }
        }
        None => {
            for (name, value) in &call.headers {
                xhr.set_request_header(name, value).map_err(failed)?;
            }
        }
    }
    let mut settle: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some((resolve, reject)) = settle else {
        return Err(failed(JsValue::UNDEFINED));
    };
    let mut listeners = Listeners {
        xhr: xhr.clone(),
        signal: None,
        _progress: Vec::new(),
        done: false,
    };
    let (sent, received) = (Rc::new(Cell::new(None)), Rc::new(Cell::new(None)));
    if let Some(on_upload) = &call.on_upload {
        let upload = xhr.upload().map_err(failed)?;
        let l = listener(on_upload, &sent);
        upload.set_onprogress(Some(l.as_ref().unchecked_ref()));
        listeners._progress.push(l);
    }
    if let Some(on_download) = &call.on_download {
        let l = listener(on_download, &received);
        xhr.set_onprogress(Some(l.as_ref().unchecked_ref()));
        listeners._progress.push(l);
    }
    xhr.set_onload(Some(&resolve));
    xhr.set_onerror(Some(&reject));
    xhr.set_onabort(Some(&reject));
    if let Some(signal) = signal {
        if signal.aborted() {
            return Err(failed(signal.reason()));
        }
        let target = xhr.clone();
        let on_abort = Closure::<dyn FnMut()>::new(move || {
            let _ = target.abort();
        });
        signal
            .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())
            .map_err(failed)?;
        listeners.signal = Some((signal.clone(), on_abort));
    }
    xhr.unchecked_ref::<platform::AnyBodyXhr>()
        .send(&call.send_value)
        .map_err(failed)?;
    let outcome = JsFuture::from(promise).await;
    listeners.done = true;
    drop(listeners);
    if outcome.is_err() {
        return Err(failed(
            js_sys::TypeError::new("XMLHttpRequest failed: network error").into(),
        ));
    }
    let status = xhr.status().map_err(failed)?;
    let content = Uint8Array::new(&xhr.response().unwrap_or_default());
    if let Some(on_upload) = &call.on_upload {
        let size = call.body.size().or(sent.get());
        if sent.get() != size {
            report(on_upload, size.unwrap_or_default(), size);
        }
    }
    if let Some(on_download) = &call.on_download {
        let length = f64::from(content.length());
        if received.get() != Some(length) {
            report(on_download, length, Some(length));
        }
    }
    let headers =
        headers_of(&xhr.get_all_response_headers().unwrap_or_default()).map_err(failed)?;
    if (how.again)(status) {
        let retry_after = headers.get("retry-after").ok().flatten();
        return Ok(Answer::Again {
            status,
            retry_after,
        });
    }
    let final_url = xhr.response_url();
    let redirected = !final_url.is_empty() && final_url != call.url;
    let url = if final_url.is_empty() {
        call.url.as_str()
    } else {
        final_url.as_str()
    };
    Ok(Answer::Done(Response {
        status,
        status_text: JsString::from(xhr.status_text().unwrap_or_default()),
        url: JsString::from(url),
        redirected,
        headers,
        content,
        elapsed_ms: platform::now_ms() - how.started,
        method: call.method.as_str(),
    }))
}

/// The headers of `getAllResponseHeaders()` as a `Headers`.
fn headers_of(raw: &str) -> Result<web_sys::Headers, JsValue> {
    let headers = web_sys::Headers::new()?;
    for line in raw.split(['\r', '\n']) {
        if let Some((name, value)) = line.split_once(':') {
            let _ = headers.append(name.trim(), value.trim());
        }
    }
    Ok(headers)
}
