//! Progress of a body, and the callbacks that receive it.

use std::cell::RefCell;
use std::rc::Rc;

/// Bytes of a body moved so far, and its whole size when known.
///
/// ```no_run
/// use wasm_put::Progress;
/// let request = wasm_put::put("/resources/1")
///     .body(vec![0u8; 1 << 20])
///     .on_upload_progress(|Progress { loaded, total }| println!("{loaded} of {total:?}"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes so far.
    pub loaded: u64,
    /// The whole size, or `None` when it is not known.
    pub total: Option<u64>,
}

/// A progress callback, owned by the request and shared with the listeners of its
/// attempts; freed with the request.
pub(crate) type OnProgress = Rc<RefCell<dyn FnMut(Progress)>>;

/// Calls `callback`. A callback that is already running (it started this transfer's
/// next step itself) is not called again.
pub(crate) fn report(callback: &OnProgress, loaded: f64, total: Option<f64>) {
    if let Ok(mut f) = callback.try_borrow_mut() {
        f(Progress {
            loaded: loaded.max(0.0) as u64,
            total: total.map(|t| t.max(0.0) as u64),
        });
    }
}
