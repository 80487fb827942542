//! What wakes an outbox's delivery, and what tells its other tabs: a timer, a listener
//! on the global object, and a `BroadcastChannel`, each undone when dropped.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BroadcastChannel, EventTarget};

use crate::client::platform;

/// A `setTimeout` cleared on drop.
pub(super) struct Timer {
    id: JsValue,
    /// When it fires, in ms since the Unix epoch.
    due: f64,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `f` after `ms`.
    pub(super) fn after(ms: f64, f: impl FnMut() + 'static) -> Timer {
        let callback = Closure::<dyn FnMut()>::new(f);
        let id = platform::set_timeout(callback.as_ref().unchecked_ref(), ms);
        Timer {
            id,
            due: js_sys::Date::now() + ms,
            _callback: callback,
        }
    }

    /// When it fires, in ms since the Unix epoch.
    pub(super) fn due(&self) -> f64 {
        self.due
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        platform::clear_timeout(&self.id);
    }
}

/// An event listener, removed on drop.
pub(super) struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    /// Calls `f` on each `event` of `target` (`None` when it cannot listen).
    pub(super) fn on(
        target: &EventTarget,
        event: &'static str,
        f: impl FnMut() + 'static,
    ) -> Option<Listener> {
        let callback = Closure::<dyn FnMut()>::new(f);
        target
            .add_event_listener_with_callback(event, callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            target: target.clone(),
            event,
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}

/// A `BroadcastChannel` to the other tabs and workers of the origin, closed on drop.
pub(super) struct Channel {
    channel: BroadcastChannel,
    _listener: Listener,
}

impl Channel {
    /// Opens the channel `name`, calling `on_message` on each message from another tab
    /// (`None` where the platform has no `BroadcastChannel`).
    pub(super) fn open(name: &str, on_message: impl FnMut() + 'static) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let listener = Listener::on(&channel, "message", on_message)?;
        Some(Channel {
            channel,
            _listener: listener,
        })
    }

    /// Tells the other tabs that something changed.
    pub(super) fn tell(&self) {
        let _ = self.channel.post_message(&JsValue::TRUE);
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.close();
    }
}
