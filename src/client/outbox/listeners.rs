//! What starts or stops a tab's delivery from outside it: the platform's `online`
//! event, the changes the outbox's other tabs tell of (and this tab's own plan to take
//! over the head entry from them), and another tab's `versionchange` of the database.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::EventTarget;

use super::deliver::{kick, schedule, Shared};
use super::store;
use super::wake::{Channel, Listener, Timer};
use crate::rules::outbox;

/// Delivers at once (ignoring the waits) on the platform's `online` event.
pub(super) fn listen_online(shared: &Rc<Shared>) -> Option<Listener> {
    let weak = Rc::downgrade(shared);
    let global = js_sys::global().unchecked_into::<EventTarget>();
    Listener::on(&global, "online", move || {
        if let Some(shared) = weak.upgrade() {
            kick(&shared, true);
        }
    })
}

/// Tells `onChange` here when another tab's outbox of the same name changed it.
/// Each change also plans this tab's own try of the head entry ([`follow`]).
pub(super) fn listen_to_other_tabs(shared: &Rc<Shared>) -> Option<Channel> {
    let weak = Rc::downgrade(shared);
    Channel::open(&store::qualified(&shared.name), move || {
        if let Some(shared) = weak.upgrade() {
            wasm_bindgen_futures::spawn_local(async move {
                shared.count_changed().await;
                follow(&shared).await;
            });
        }
    })
}

/// Plans this tab's own try of the head entry another tab told of, a grace after that
/// entry's time (`rules::outbox::takeover_at`): the tab that tried it goes first while it
/// lives, and should it go away (closed during an outage), this one carries on.
async fn follow(shared: &Rc<Shared>) {
    let Ok(head) = store::head(&shared.db).await else {
        return;
    };
    let mut state = shared.state.borrow_mut();
    if state.closed {
        return;
    }
    let Some(entry) = head else {
        // Nothing left to wait for.
        state.timer = None;
        return;
    };
    let now = js_sys::Date::now();
    // A timer that has fired is no try to come.
    let planned = state
        .timer
        .as_ref()
        .map(Timer::due)
        .filter(|&due| due > now);
    if let Some(at) = outbox::takeover_at(entry.not_before, now, planned) {
        drop(state);
        schedule(shared, at - now);
    }
}

/// Closes the database at once when another tab deletes or upgrades it, so that tab is
/// not blocked; this outbox then refuses calls, saying so, and tells `on_closed`.
pub(super) fn listen_for_versionchange(shared: &Rc<Shared>) -> Option<Listener> {
    let weak = Rc::downgrade(shared);
    Listener::on(&shared.db, "versionchange", move || {
        let Some(shared) = weak.upgrade() else {
            return;
        };
        shared.db.close();
        let mut state = shared.state.borrow_mut();
        let was_open = !state.closed;
        state.close();
        // A user's close stays what it was: its calls keep saying so.
        state.by_other_tab = was_open;
        let last = state.last_pending;
        drop(state);
        if let (true, Some(on_closed)) = (was_open, &shared.callbacks.on_closed) {
            on_closed(last);
        }
    })
}
