//! The one deliverer of an outbox across the tabs and workers of an origin: a Web Lock
//! (`navigator.locks`) named after the outbox, held while entries are delivered. Where
//! the platform has no Web Locks, each tab delivers alone.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::client::platform;

/// A Web Lock held until this is dropped (or nothing, where there are none).
pub(super) struct Held {
    /// Resolves the promise the lock's callback returned, which releases the lock.
    release: Option<Function>,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(release) = self.release.take() {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// Waits for the Web Lock `name` and holds it. Dropped before the lock is granted (a
/// dropped future), the lock is released as soon as it is.
pub(super) async fn hold(name: &str) -> Held {
    let locks = Reflect::get(&platform::global("navigator"), &"locks".into()).unwrap_or_default();
    let request = Reflect::get(&locks, &"request".into()).unwrap_or_default();
    let Some(request) = request.dyn_ref::<Function>() else {
        return Held { release: None };
    };
    let mut release = None;
    let released = Promise::new(&mut |resolve, _| release = Some(resolve));
    let held = Held { release };
    let mut granted = None;
    let on_grant = Promise::new(&mut |resolve, _| granted = Some(resolve));
    // Called once the lock is granted, before this returns; dropped with this future, a
    // later grant finds it gone, throws, and the lock is released at once.
    let callback = Closure::once(move |_lock: JsValue| -> JsValue {
        if let Some(granted) = &granted {
            let _ = granted.call0(&JsValue::NULL);
        }
        released.into()
    });
    // The lock manager reports a refusal (an opaque origin, a document no longer
    // active) by rejecting the promise it returns, which otherwise settles only once the
    // lock is released: whichever settles first says whether the lock was granted.
    let Ok(requested) = request.call2(&locks, &JsValue::from_str(name), callback.as_ref()) else {
        return Held { release: None };
    };
    let first = Promise::race(&Array::of2(&on_grant, &requested));
    match JsFuture::from(first).await {
        Ok(_) => {
            drop(callback);
            held
        }
        // Refused: deliver without the lock, as where there are no Web Locks.
        Err(_) => Held { release: None },
    }
}
