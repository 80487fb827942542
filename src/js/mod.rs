//! The JS exports: `put()` and `PutResponse`. A thin adapter: it reads its JS
//! arguments into the client's [`Put`], sends it, and turns the
//! [`Response`](crate::Response) into a `PutResponse`.

mod callbacks;
mod client;
mod options;
mod outbox;
mod response;
mod types;
mod values;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::update::Failure;
use crate::client::{Body, BodyKind, Hooks, Put};
use crate::error::Error;
use crate::rules::Invalid;
pub use client::{create, Client};
pub use outbox::{outbox, Outbox};
pub use response::PutResponse;
use values::Kind;

/// Sends `data` to `url` with the HTTP method PUT, as Python Requests' `requests.put`.
/// Its TypeScript declaration, with the documentation JS users see, is in `types.rs`.
///
/// Every argument is taken as the JS value it is (`undefined` when left out). Resolves
/// to a [`PutResponse`]. Never throws: every failure rejects the promise with an
/// `Error` whose `name` says what happened (`InvalidInputError`, `NetworkError`,
/// `TimeoutError`, `AbortError`, `HttpError`, `NotSupportedError`).
///
/// From JavaScript, as the package exports it:
///
/// ```js
/// const res = await put('/resources/123', { 'Content-Type': 'application/json' }, '{"name":"John Doe"}');
/// ```
///
/// From Rust, it is a promise like any other (Rust code uses [`crate::put`] instead):
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_bindgen::JsValue> {
/// use wasm_bindgen::JsValue;
/// let promise = wasm_put::js::put("/resources/1".into(), JsValue::NULL, "hi".into(), JsValue::UNDEFINED);
/// let res = wasm_bindgen_futures::JsFuture::from(promise).await?;
/// # Ok(()) }
/// ```
#[wasm_bindgen(js_name = put, skip_typescript)]
pub fn put(url: JsValue, headers: JsValue, data: JsValue, options: JsValue) -> Promise {
    put_call(Call::free(), &url, &headers, &data, &options)
}

/// Changes the JSON resource at `url` without losing anyone's update: `GET` it, call
/// `change(current)` (`null` when absent; it may return a promise), `PUT` the result
/// with `If-Match` (or `If-None-Match: *`), and start again on `412`, at most
/// `options.conflicts` times (default 5). Its TypeScript declaration is in `types.rs`.
///
/// ```js
/// const res = await update('/resources/counter', (c) => ({ n: (c?.n ?? 0) + 1 }));
/// ```
///
/// Resolves to the PUT's `PutResponse`. A `change` that throws or rejects makes it
/// reject with that same error, and nothing is PUT.
#[wasm_bindgen(js_name = update, skip_typescript)]
pub fn update(url: JsValue, change: JsValue, options: JsValue) -> Promise {
    update_call(Call::free(), &url, change, &options)
}

/// What a JS call starts from: the free functions' nothing, or a client's defaults.
struct Call {
    /// The request every option is applied over.
    defaults: Put,
    /// The client's `afterResponse` hooks, when it has some, with the hooks and bearer
    /// `defaults` carries (a call adds to them the step that runs them).
    after: Option<(Hooks, Rc<Vec<js_sys::Function>>)>,
    /// The client's `throwHttpErrors`, unless the call gives its own.
    throw_http_errors: bool,
    /// Whether a header whose value is `undefined` removes a default (a client's call),
    /// rather than being refused.
    removes_defaults: bool,
}

impl Call {
    /// A call of the free `put()` or `update()`.
    fn free() -> Call {
        Call {
            defaults: crate::put("").for_js(),
            after: None,
            throw_http_errors: false,
            removes_defaults: false,
        }
    }

    /// The request for the `url` and `options` of `of`, what the options say beyond
    /// it, and the slot the `afterResponse` hooks leave their response in; or the
    /// rejected promise of a url that is no string or `URL`.
    fn start(self, url: &JsValue, options: &JsValue, of: options::For) -> Result<Started, Promise> {
        let url = url_of(url)
            .map_err(|invalid| Promise::reject(&Error::invalid(invalid, "PUT (no url)").into()))?;
        let mut request = self.defaults;
        request.url = url;
        let (mut request, extra) = options::apply(options, request, of);
        let slot = self.after.map(|(mut hooks, after)| {
            let slot = Rc::new(RefCell::new(None));
            let run = callbacks::after_response(after, slot.clone());
            hooks.after.push(Rc::new(run));
            request.hooks = Some(Rc::new(hooks));
            slot
        });
        let throw_http_errors = extra.throw_http_errors.unwrap_or(self.throw_http_errors);
        Ok(Started {
            request,
            extra,
            throw_http_errors,
            removes_defaults: self.removes_defaults,
            slot,
        })
    }
}

/// A JS call with its arguments read.
struct Started {
    request: Put,
    extra: options::Extra,
    throw_http_errors: bool,
    removes_defaults: bool,
    /// Where the `afterResponse` hooks leave the `PutResponse` they settled on, when
    /// the call has such hooks.
    slot: Option<Rc<RefCell<Option<JsValue>>>>,
}

/// `put()`, plain or a client's.
fn put_call(
    call: Call,
    url: &JsValue,
    headers: &JsValue,
    data: &JsValue,
    options: &JsValue,
) -> Promise {
    let started = match call.start(url, options, options::For::Put) {
        Ok(started) => started,
        Err(rejected) => return rejected,
    };
    let request = with_headers(started.request, headers, started.removes_defaults);
    let request = with_data(request, data, started.extra.has_json);
    let (throw_http_errors, slot) = (started.throw_http_errors, started.slot);
    if request.is_direct() {
        let finish = move |outcome: Result<crate::Response, Error>| {
            respond(outcome?, throw_http_errors, None)
        };
        return request.send_direct(Box::new(finish));
    }
    wasm_bindgen_futures::future_to_promise(async move {
        let response = request.send().await?;
        let replaced = slot.and_then(|slot| slot.borrow_mut().take());
        respond(response, throw_http_errors, replaced)
    })
}

/// `update()`, plain or a client's.
fn update_call(call: Call, url: &JsValue, change: JsValue, options: &JsValue) -> Promise {
    let started = match call.start(url, options, options::For::Update) {
        Ok(started) => started,
        Err(rejected) => return rejected,
    };
    let extra = started.extra;
    let mut request = with_headers(started.request, &extra.headers, started.removes_defaults);
    // Without a function the GET is refused too (the request keeps the failure), so
    // `change` is never asked for.
    let change = match change.dyn_into::<js_sys::Function>() {
        Ok(change) => Some(change),
        Err(v) => {
            request.fail(Invalid::new(format!(
                "update() needs a change function (current) => next, not {}",
                Kind::of(&v).describe()
            )));
            None
        }
    };
    let conflicts = extra
        .conflicts
        .unwrap_or(crate::client::update::DEFAULT_CONFLICTS);
    let (throw_http_errors, slot) = (started.throw_http_errors, started.slot);
    wasm_bindgen_futures::future_to_promise(async move {
        let changed = |current: Option<JsValue>| {
            let next = match &change {
                Some(change) => change.call1(&JsValue::NULL, &current.unwrap_or(JsValue::NULL)),
                None => Err(JsValue::UNDEFINED),
            };
            async move {
                // A value, or a promise of one: its rejection is the change's own error.
                let next = next?;
                wasm_bindgen_futures::JsFuture::from(Promise::resolve(&next)).await
            }
        };
        let response = match crate::client::update::run(request, conflicts, changed).await {
            Ok(response) => response,
            Err(Failure::Call(error)) => return Err(error.into()),
            Err(Failure::Change(error)) => return Err(error),
        };
        let replaced = slot.and_then(|slot| slot.borrow_mut().take());
        respond(response, throw_http_errors, replaced)
    })
}

/// The `PutResponse` of `response` (or the one the `afterResponse` hooks `replaced` it
/// with), or its `HttpError` when `throw_http_errors` and it is not 2xx.
fn respond(
    response: crate::Response,
    throw_http_errors: bool,
    replaced: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    if let Some(js) = replaced {
        let ok = js_sys::Reflect::get(&js, &"ok".into()).ok();
        if throw_http_errors && ok.and_then(|ok| ok.as_bool()) == Some(false) {
            // The hooks' response says itself what its error is.
            let raise = js_sys::Reflect::get(&js, &"raiseForStatus".into())?;
            raise.unchecked_into::<js_sys::Function>().call0(&js)?;
        }
        return Ok(js);
    }
    let failed = throw_http_errors && !response.ok();
    let error = failed.then(|| response.clone());
    let js = JsValue::from(PutResponse::from(response));
    match error {
        Some(response) => Err(response.http_error(js).into()),
        None => Ok(js),
    }
}

/// The url argument: a string, or a `URL` (its href).
fn url_of(url: &JsValue) -> Result<String, Invalid> {
    match Kind::of(url) {
        Kind::String => Ok(url.as_string().unwrap_or_default()),
        // Through a catching `String(url)`: a subclass of URL may override it and throw.
        Kind::Url => values::js_string_of(url, "the url").map(String::from),
        kind => Err(Invalid::new(format!(
            "The url must be a string or a URL, not {}",
            kind.describe()
        ))),
    }
}

/// The headers argument: `null`/`undefined`, a plain object, a `Headers`, a `Map`, or
/// `[name, value]` pairs; values are strings or numbers. With `removes_defaults` (a
/// client's call), a value `undefined` removes the client's header of that name.
fn with_headers(mut request: Put, headers: &JsValue, removes_defaults: bool) -> Put {
    let kind = Kind::of(headers);
    if kind.is_absent() {
        return request;
    }
    let pairs = match values::pairs(headers, kind, "headers") {
        Ok(pairs) => pairs,
        Err(invalid) => {
            request.fail(invalid);
            return request;
        }
    };
    for (name, value) in pairs {
        let Some(name) = name.as_string() else {
            request.fail(Invalid::new(
                "A header name must be a string; check the keys of headers",
            ));
            return request;
        };
        let kind = Kind::of(&value);
        if removes_defaults && kind == Kind::Undefined {
            request.remove_defaults(std::iter::once(name.as_str()));
            continue;
        }
        let text = match kind {
            Kind::String | Kind::Number => values::string_of(&value),
            _ => None,
        };
        let Some(text) = text else {
            request.fail(Invalid::new(format!(
                "Header \"{name}\" has {} as its value; header values are strings or numbers",
                kind.describe()
            )));
            return request;
        };
        request = request.header(name, text);
    }
    request
}

/// The data argument, as Requests' `data=` (see the contract for every type).
fn with_data(mut request: Put, data: &JsValue, has_json: bool) -> Put {
    let kind = Kind::of(data);
    if kind.is_absent() {
        return request;
    }
    if has_json {
        request.fail(Invalid::new("Pass either data or options.json, not both"));
        return request;
    }
    let as_is = |kind| request_body(data, kind);
    let body = match kind {
        Kind::String => as_is(BodyKind::Text),
        Kind::Bytes => as_is(BodyKind::Bytes),
        Kind::Blob => as_is(BodyKind::Blob),
        Kind::FormData => as_is(BodyKind::FormData),
        Kind::Params => as_is(BodyKind::Params),
        Kind::Stream => as_is(BodyKind::Stream),
        Kind::Plain | Kind::Map | Kind::Array => {
            return match values::form(data, kind, "data") {
                Ok(text) => request.form_text(text),
                Err(invalid) => {
                    request.fail(invalid);
                    request
                }
            }
        }
        _ => {
            request.fail(Invalid::new(format!(
                "The data must be a string, a plain object, a Map, pairs, URLSearchParams, FormData, a Blob, an ArrayBuffer, a typed array or a ReadableStream, not {}",
                kind.describe()
            )));
            return request;
        }
    };
    request.body(body)
}

/// A body of `kind` handed to fetch as the JS value it is.
fn request_body(data: &JsValue, kind: BodyKind) -> Body {
    Body::of(data.clone(), kind)
}
