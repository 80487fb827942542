//! `supersede`: per key, at most one request in flight and at most one waiting.
//!
//! A call with a key takes the key's lane if it is free. Else it waits, replacing the
//! call already waiting, which fails with an abort whose cause is `superseded`. When the
//! call in flight ends (on every path: it holds a [`Turn`], released on `Drop`), the
//! waiting call is handed the lane, or the lane is removed. So the server sees the PUTs
//! of one key one at a time and in call order, the last one always goes out, and keys
//! used once leave nothing behind.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::error::{Error, ErrorKind};
use crate::rules::options::Caller;

/// A call waiting for a lane: its number, and what settles its wait.
struct Waiter {
    id: u64,
    /// Called when the lane is handed to it.
    resolve: Function,
    /// Called when a newer call replaces it.
    reject: Function,
}

/// The lane of one key.
struct Lane {
    /// The call that holds it.
    holder: u64,
    waiting: Option<Waiter>,
}

thread_local! {
    static LANES: RefCell<HashMap<String, Lane>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// What a newer call rejects the one it replaces with.
const SUPERSEDED: &str = "superseded";

/// A call's hold on its key's lane: waiting for it, then holding it until dropped.
pub struct Turn {
    key: String,
    id: u64,
}

impl Drop for Turn {
    fn drop(&mut self) {
        LANES.with(|lanes| {
            let mut lanes = lanes.borrow_mut();
            let Some(lane) = lanes.get_mut(&self.key) else {
                return;
            };
            if lane.holder == self.id {
                // Its request is over: the waiting call goes next, or the lane goes.
                match lane.waiting.take() {
                    Some(next) => {
                        lane.holder = next.id;
                        let _ = next.resolve.call0(&JsValue::NULL);
                    }
                    None => {
                        lanes.remove(&self.key);
                        if lanes.is_empty() {
                            lanes.shrink_to_fit();
                        }
                    }
                }
            } else if lane.waiting.as_ref().is_some_and(|w| w.id == self.id) {
                // It gave up waiting (its signal aborted, or its future was dropped).
                lane.waiting = None;
            }
        });
    }
}

/// Waits for `key`'s lane; `target` names the call in errors, in `caller`'s words. Fails with
/// [`ErrorKind::Abort`] when a newer call replaces this one (cause `superseded`) or
/// when `signal` aborts while it waits (cause the signal's reason).
pub async fn turn(
    key: &str,
    signal: Option<&AbortSignal>,
    target: &str,
    caller: Caller,
) -> Result<Turn, Error> {
    // Aborted already: it fails before taking a lane or a waiting call's place.
    if let Some(signal) = signal.filter(|s| s.aborted()) {
        return Err(crate::client::guard::aborted(signal, target, caller));
    }
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let turn = Turn {
        key: key.to_string(),
        id,
    };
    // A free lane is taken at once; only a call that must wait makes a promise to wait on.
    let free = LANES.with(|lanes| {
        let mut lanes = lanes.borrow_mut();
        if lanes.contains_key(key) {
            return false;
        }
        lanes.insert(
            key.to_string(),
            Lane {
                holder: id,
                waiting: None,
            },
        );
        true
    });
    if free {
        return Ok(turn);
    }
    let mut settle: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some((resolve, reject)) = settle else {
        return Err(superseded(target));
    };
    let replaced = LANES.with(|lanes| {
        lanes.borrow_mut().get_mut(key).and_then(|lane| {
            lane.waiting.replace(Waiter {
                id,
                resolve,
                reject: reject.clone(),
            })
        })
    });
    if let Some(older) = replaced {
        let _ = older
            .reject
            .call1(&JsValue::NULL, &JsValue::from_str(SUPERSEDED));
    }
    if let Some(signal) = signal {
        let _ = signal.add_event_listener_with_callback("abort", &reject);
    }
    let waited = JsFuture::from(promise).await;
    if let Some(signal) = signal {
        let _ = signal.remove_event_listener_with_callback("abort", &reject);
    }
    match waited {
        Ok(_) => Ok(turn),
        Err(reason) if reason.as_string().as_deref() == Some(SUPERSEDED) => Err(superseded(target)),
        Err(_) => match signal {
            Some(signal) => Err(crate::client::guard::aborted(signal, target, caller)),
            None => Err(superseded(target)),
        },
    }
}

/// The error of a waiting call that a newer one replaced.
fn superseded(target: &str) -> Error {
    Error::new(
        ErrorKind::Abort,
        "Request superseded: a newer call with the same supersede key was made while this one waited (cause: 'superseded')",
        target,
    )
    .with_cause(JsValue::from_str(SUPERSEDED))
}
