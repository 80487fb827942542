//! The direct path of the JS `put()`: a call that needs none of what the async path
//! gives (no retries, timeout, signal, `supersede` or progress) runs as a promise chain,
//! `fetch` then `arrayBuffer()`, with one Rust closure per step: no executor task and no
//! `JsFuture`, which cost the most per call (`cargo xtask bench` measures both paths).

use js_sys::{ArrayBuffer, Promise, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::builder::Put;
use super::platform;
use super::request::{Prepared, Request};
use super::response::Response;
use super::transport::{answered, Failed};
use crate::error::Error;

/// What the chain does with the answer: the JS value it resolves to, or rejects with.
pub(crate) type Finish = Box<dyn FnOnce(Result<Response, Error>) -> Result<JsValue, JsValue>>;

impl Put {
    /// Whether the call can run as a promise chain: it needs no retries, timeout,
    /// signal, `supersede`, progress, total timeout or client hooks.
    pub(crate) fn is_direct(&self) -> bool {
        self.retry.as_ref().map_or(true, |r| r.limit == 0)
            && self.supersede.is_none()
            && self.timeout_ms.is_none()
            && self.signal.is_none()
            && self.on_upload.is_none()
            && self.on_download.is_none()
            && self.total_timeout_ms.is_none()
            && self.hooks.as_ref().map_or(true, |hooks| hooks.is_empty())
    }

    /// The call as a promise chain (see [`Put::is_direct`]; else it runs as
    /// [`Put::send`] would, without what it skips). `finish` makes the promise's value
    /// from the outcome.
    pub(crate) fn send_direct(self, finish: Finish) -> Promise {
        let started = platform::now_ms();
        match Prepared::try_from(self) {
            Ok(prepared) => chain(prepared.request, started, finish),
            Err(error) => settle(finish(Err(error))),
        }
    }
}

/// A promise settled with `outcome`.
fn settle(outcome: Result<JsValue, JsValue>) -> Promise {
    match outcome {
        Ok(value) => Promise::resolve(&value),
        Err(error) => Promise::reject(&error),
    }
}

/// `promise.then(step, step)`: one closure for both outcomes, freed after its one call.
fn then(promise: &Promise, step: impl FnOnce(JsValue) -> JsValue + 'static) -> Promise {
    let step = Closure::once_into_js(step);
    let promise: &platform::AnyPromise = promise.unchecked_ref();
    promise.then_both(&step, &step)
}

/// `fetch`, then the body, then `finish`.
fn chain(request: Request, started: f64, finish: Finish) -> Promise {
    let fetched = match platform::fetch(&request.url, &request.init(None, None)) {
        Ok(fetched) => fetched,
        Err(cause) => {
            return settle(finish(Err(
                Failed::network(cause).into_error(&request.target)
            )))
        }
    };
    then(&fetched, move |answer| {
        // A fulfilled fetch gives a `Response`; a rejection, anything else.
        let response = match answer.dyn_into::<web_sys::Response>() {
            Ok(response) => response,
            Err(cause) => {
                let failed = Failed::network(cause).into_error(&request.target);
                return settle(finish(Err(failed))).into();
            }
        };
        let body = match response.array_buffer() {
            Ok(body) => body,
            Err(cause) => {
                let failed = Failed::broken_body(cause).into_error(&request.target);
                return settle(finish(Err(failed))).into();
            }
        };
        then(&body, move |bytes| {
            let outcome = match bytes.dyn_into::<ArrayBuffer>() {
                Ok(buffer) => {
                    let headers = response.headers();
                    let content = Uint8Array::new(&buffer);
                    Ok(answered(&request, &response, headers, content, started))
                }
                Err(cause) => Err(Failed::broken_body(cause).into_error(&request.target)),
            };
            match finish(outcome) {
                Ok(value) => value,
                Err(error) => Promise::reject(&error).into(),
            }
        })
        .into()
    })
}
