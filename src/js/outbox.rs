//! `outbox(name, options)` and the JS `Outbox`: the Rust [`Outbox`](crate::Outbox) with
//! its callbacks made from the JS functions given, and `put` reading its arguments as
//! `put()` does.

use js_sys::{Function, Promise};
use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::prelude::*;

use super::options::console_error;
use super::values::{self, Kind};
use super::{options, Call, PutResponse};
use crate::client::object;
use crate::client::{Failed, OpenOutbox, Sent};
use crate::error::Error;
use crate::rules::options::Caller;
use crate::rules::{outbox as rules, Invalid};

/// Opens the outbox `name`: a durable queue of PUTs in IndexedDB. Resolves to an
/// `Outbox`; rejects with `NotSupportedError` where there is no IndexedDB (Node),
/// `StorageError` when the browser's storage fails it (or the open stays blocked past
/// 10 s), and `InvalidInputError` for a bad name or option. Its TypeScript declaration is in
/// `types.rs`.
///
/// ```js
/// const box = await outbox('notes', { onSent: ({ key }) => markSaved(key) });
/// await box.put('/notes/42', null, null, { json: note, key: 'note-42' });
/// ```
#[wasm_bindgen(js_name = outbox, skip_typescript)]
pub fn outbox(name: JsValue, options: JsValue) -> Promise {
    let open = opening(&name, &options);
    promise(async move {
        let outbox = open.await?;
        Ok(Outbox { outbox }.into())
    })
}

/// An open outbox (made by `outbox()`; its TypeScript declaration is in `types.rs`).
#[wasm_bindgen(skip_typescript)]
pub struct Outbox {
    outbox: crate::Outbox,
}

#[wasm_bindgen]
impl Outbox {
    /// Stores a PUT, with `put()`'s arguments (its options less `signal`, `supersede`
    /// and the progress callbacks, plus `key`): resolves with `{ id, key }` once it is
    /// committed to IndexedDB.
    pub fn put(&self, url: JsValue, headers: JsValue, data: JsValue, options: JsValue) -> Promise {
        let call = Call {
            defaults: self.outbox.put("").for_js(),
            after: None,
            throw_http_errors: false,
            removes_defaults: false,
        };
        let started = match call.start(&url, &options, options::For::Outbox) {
            Ok(started) => started,
            Err(rejected) => return rejected,
        };
        let request = super::with_headers(started.request, &headers, false);
        let request = super::with_data(request, &data, started.extra.has_json);
        promise(async move {
            let queued = request.enqueue().await?;
            let key = queued.key.map_or(JsValue::NULL, JsValue::from);
            Ok(object(&[("id", JsValue::from_f64(queued.id as f64)), ("key", key)]).into())
        })
    }

    /// The pending entries in delivery order: `{ id, key, method, url, queuedAt,
    /// attempts, lastError }`, `key` and `lastError` `null` when none.
    pub fn pending(&self) -> Promise {
        let outbox = self.outbox.clone();
        promise(async move {
            let pending = outbox.pending().await?;
            let text = |v: Option<String>| v.map_or(JsValue::NULL, JsValue::from);
            let list: js_sys::Array = pending
                .into_iter()
                .map(|entry| {
                    object(&[
                        ("id", JsValue::from_f64(entry.id as f64)),
                        ("key", text(entry.key)),
                        ("method", entry.method.into()),
                        ("url", entry.url.into()),
                        ("queuedAt", entry.queued_at.into()),
                        ("attempts", entry.attempts.into()),
                        ("lastError", text(entry.last_error)),
                    ])
                })
                .collect();
            Ok(list.into())
        })
    }

    /// Tries now: resolves with the number still pending when it cannot go further.
    pub fn flush(&self) -> Promise {
        let outbox = self.outbox.clone();
        promise(async move { Ok(JsValue::from(outbox.flush().await?)) })
    }

    /// Removes every pending entry.
    pub fn clear(&self) -> Promise {
        let outbox = self.outbox.clone();
        promise(async move {
            outbox.clear().await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Stops delivering from this tab; the entries stay stored.
    pub fn close(&self) {
        self.outbox.close();
    }

    /// The outbox's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.outbox.name().to_string()
    }
}

/// The opening of the outbox `name` with `options` read; a bad one is kept for the
/// opening to refuse.
fn opening(name: &JsValue, options: &JsValue) -> OpenOutbox {
    let mut open = crate::Outbox::open(name.as_string().unwrap_or_default());
    if !name.is_string() {
        open.fail(Invalid::new(format!(
            "outbox() needs a name string (e.g. outbox('notes')), not {}",
            Kind::of(name).describe()
        )));
        return open;
    }
    let pairs = match values::option_pairs(options, "options of outbox()") {
        Ok(pairs) => pairs,
        Err(invalid) => {
            open.fail(invalid);
            return open;
        }
    };
    // The first refusal is kept (and the opening refused with it).
    for (key, value) in pairs {
        open = read_one(open, &key.as_string().unwrap_or_default(), value);
    }
    open
}

/// One option of `outbox()` applied, or its refusal kept.
fn read_one(mut open: OpenOutbox, key: &str, value: JsValue) -> OpenOutbox {
    let what = match rules::check_key(key) {
        Ok((_, _, what)) => what,
        Err(invalid) => {
            open.fail(invalid);
            return open;
        }
    };
    if Kind::of(&value).is_absent() {
        return open;
    }
    let wrong = crate::rules::options::wrong_type(key, what, Kind::of(&value).describe());
    match (key, value.as_f64(), value.dyn_ref::<Function>().cloned()) {
        ("maxAgeMs", Some(ms), _) => open.max_age_ms(Caller::Js, ms),
        ("maxBackoffMs", Some(ms), _) => open.max_backoff_ms(Caller::Js, ms),
        ("onSent", _, Some(f)) => open.on_sent(move |sent| call(&f, "onSent", sent_event(sent))),
        ("onFailed", _, Some(f)) => {
            open.on_failed(move |failed| call(&f, "onFailed", failed_event(failed)))
        }
        ("onChange", _, Some(f)) => {
            let change = |f: Function, closed: bool| {
                move |pending: u32| {
                    let event = object(&[
                        ("pending", JsValue::from(pending)),
                        ("closed", JsValue::from_bool(closed)),
                    ]);
                    call(&f, "onChange", event.into())
                }
            };
            open.on_closed(change(f.clone(), true))
                .on_change(change(f, false))
        }
        _ => {
            open.fail(wrong);
            open
        }
    }
}

/// Calls a callback of an outbox; what it throws is logged, and delivery goes on.
fn call(f: &Function, name: &str, event: JsValue) {
    if let Err(thrown) = f.call1(&JsValue::NULL, &event) {
        console_error(&format!("wasm-put: the outbox's {name} threw:"), &thrown);
    }
}

/// `{ id, key, response }`.
fn sent_event(sent: Sent) -> JsValue {
    let key = sent.key.map_or(JsValue::NULL, JsValue::from);
    let response = JsValue::from(PutResponse::from(sent.response));
    object(&[
        ("id", JsValue::from_f64(sent.id as f64)),
        ("key", key),
        ("response", response),
    ])
    .into()
}

/// `{ id, key, response, error }`, `response` or `error` `null`.
fn failed_event(failed: Failed) -> JsValue {
    let key = failed.key.map_or(JsValue::NULL, JsValue::from);
    let response = failed
        .response
        .map_or(JsValue::NULL, |r| PutResponse::from(r).into());
    let error = failed.error.map_or(JsValue::NULL, |e: Error| e.into());
    object(&[
        ("id", JsValue::from_f64(failed.id as f64)),
        ("key", key),
        ("response", response),
        ("error", error),
    ])
    .into()
}

/// The promise of an outbox's work: one `future_to_promise` for every method (measured:
/// one per method cost the package more).
fn promise(work: impl Future<Output = Result<JsValue, Error>> + 'static) -> Promise {
    let work: Pin<Box<dyn Future<Output = Result<JsValue, Error>>>> = Box::pin(work);
    wasm_bindgen_futures::future_to_promise(async move { Ok(work.await?) })
}
