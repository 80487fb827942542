//! Delivering an outbox: one entry at a time in queue order, under the outbox's Web
//! Lock, each outcome recorded in IndexedDB before the next entry goes.
//!
//! A delivery starts when the outbox opens, on every `put`, on `flush()`, on the
//! platform's `online` event and when the wait before the head entry's next try ends
//! (the listeners are in `listeners`).
//! One runs at a time in a tab: a start asked for while one runs makes it go round
//! once more ([`kick`]).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbDatabase;

use super::entry::Entry;
use super::lock;
use super::reports::{Failed, Sent};
use super::store;
use super::wake::{Channel, Listener, Timer};
use crate::client::body::{Body, BodyKind};
use crate::client::response::Response;
use crate::error::{Error, ErrorKind};
use crate::rules::options::Caller;
use crate::rules::outbox::{self, Verdict};
use crate::rules::Invalid;
use crate::rules::{message, retry};

/// The functions an outbox calls, in the tab that delivered.
#[derive(Default)]
pub(super) struct Callbacks {
    pub(super) on_sent: Option<Box<dyn Fn(Sent)>>,
    pub(super) on_failed: Option<Box<dyn Fn(Failed)>>,
    pub(super) on_change: Option<Box<dyn Fn(u32)>>,
    /// Called once when another tab deleted or upgraded the database, with the number
    /// of entries pending last counted here.
    pub(super) on_closed: Option<Box<dyn Fn(u32)>>,
}

/// An open outbox, shared by its handles and the delivery under way, and held by a
/// `Weak` in its timer, its `online` listener and its channel.
pub(super) struct Shared {
    pub(super) name: String,
    pub(super) db: IdbDatabase,
    pub(super) callbacks: Callbacks,
    pub(super) max_backoff_ms: f64,
    pub(super) max_age_ms: f64,
    pub(super) state: RefCell<State>,
}

/// Who waits for a delivery to end: a `flush()`'s slot for the count, and the
/// function that wakes it.
type Waiter = (Rc<RefCell<Option<Result<u32, Error>>>>, Function);

/// What the delivery of a tab is doing.
#[derive(Default)]
pub(super) struct State {
    /// A delivery is under way.
    running: bool,
    /// Asked to start while one ran (`Some(true)`: by `flush()` or `online`).
    again: Option<bool>,
    waiters: Vec<Waiter>,
    /// The wait before the head entry's next try.
    pub(super) timer: Option<Timer>,
    /// The `online` listener.
    pub(super) online: Option<Listener>,
    /// What the outbox's tabs tell each other of its changes.
    pub(super) channel: Option<Channel>,
    /// The database's `versionchange` listener: another tab deletes or upgrades it.
    pub(super) versionchange: Option<Listener>,
    pub(super) closed: bool,
    /// Closed because another tab deleted or upgraded the database.
    pub(super) by_other_tab: bool,
    /// The number of entries pending last counted here.
    pub(super) last_pending: u32,
}

impl State {
    /// Stops everything: no more deliveries, timer and listener gone. Returns whether a
    /// delivery is under way (it closes the database when it ends).
    pub(super) fn close(&mut self) -> bool {
        self.closed = true;
        self.timer = None;
        self.online = None;
        self.channel = None;
        self.running
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.db.close();
    }
}

/// Starts a delivery, or makes the one under way go round again. `forced` (`flush()`,
/// `online`) tries the head entry even before its wait has ended.
pub(super) fn kick(shared: &Rc<Shared>, forced: bool) {
    let mut state = shared.state.borrow_mut();
    if state.closed {
        return;
    }
    if state.running {
        state.again = Some(state.again.unwrap_or(false) || forced);
        return;
    }
    state.running = true;
    drop(state);
    wasm_bindgen_futures::spawn_local(run(shared.clone(), forced));
}

/// Delivers as far as it can now (see [`kick`]), then resolves with the number of
/// entries still pending.
pub(super) async fn flush(shared: &Rc<Shared>) -> Result<u32, Error> {
    if shared.state.borrow().closed {
        return store::count(&shared.db).await;
    }
    let slot = Rc::new(RefCell::new(None));
    let mut wake = None;
    let woken = js_sys::Promise::new(&mut |resolve, _| wake = Some(resolve));
    if let Some(wake) = wake {
        shared.state.borrow_mut().waiters.push((slot.clone(), wake));
    }
    kick(shared, true);
    let _ = wasm_bindgen_futures::JsFuture::from(woken).await;
    let outcome = slot.borrow_mut().take();
    match outcome {
        Some(outcome) => outcome,
        // Closed before it could start: nothing was delivered.
        None => store::count(&shared.db).await,
    }
}

/// Delivers, going round again while starts are asked for, then wakes the `flush()`es.
/// A storage failure is tried again after the longest wait; an outbox closed meanwhile
/// closes its database once the delivery under way has recorded its outcome.
async fn run(shared: Rc<Shared>, mut forced: bool) {
    loop {
        let outcome = deliver_all(&shared, forced).await;
        let mut state = shared.state.borrow_mut();
        if let Ok(pending) = &outcome {
            state.last_pending = *pending;
        }
        match state.again.take() {
            Some(again) if !state.closed => forced = again,
            _ => {
                state.running = false;
                let (closed, waiters) = (state.closed, std::mem::take(&mut state.waiters));
                drop(state);
                if closed {
                    shared.db.close();
                } else if outcome.is_err() {
                    schedule(&shared, shared.max_backoff_ms);
                }
                for (slot, wake) in waiters {
                    *slot.borrow_mut() = Some(outcome.clone());
                    let _ = wake.call0(&JsValue::NULL);
                }
                return;
            }
        }
    }
}

/// The outcome of one delivery.
enum Outcome {
    Sent(Response),
    Failed(Option<Response>, Option<Error>),
    /// To try again: why, and the wait the server asked for.
    Again(String, Option<f64>),
}

/// Delivers entries in order under the outbox's lock until the queue is empty, the
/// head entry must wait, or the outbox is closed: the number still pending.
async fn deliver_all(shared: &Rc<Shared>, mut forced: bool) -> Result<u32, Error> {
    let _held = lock::hold(&store::qualified(&shared.name)).await;
    let db = &shared.db;
    loop {
        if shared.state.borrow().closed {
            return store::count(db).await;
        }
        let Some(entry) = store::head(db).await? else {
            // Nothing left to wait for.
            shared.state.borrow_mut().timer = None;
            return Ok(0);
        };
        let id = entry.id.unwrap_or_default();
        let now = js_sys::Date::now();
        if outbox::expired(entry.queued_at, now, shared.max_age_ms) {
            if store::remove(db, id).await? {
                let target = message::target(&entry.method, &entry.url);
                let detail = outbox::too_old(shared.max_age_ms);
                let error = Error::new(ErrorKind::Timeout, &detail, &target);
                shared.failed(id, entry.key, None, Some(error));
            }
            shared.changed().await;
            continue;
        }
        if !forced && entry.not_before > now {
            schedule(shared, entry.not_before - now);
            return store::count(db).await;
        }
        match deliver(&entry).await {
            // An entry replaced or cleared while it was in flight is no longer the
            // app's: its outcome is not reported.
            Outcome::Sent(response) => {
                if store::remove(db, id).await? {
                    shared.sent(id, entry.key, response);
                }
                shared.changed().await;
            }
            Outcome::Failed(response, error) => {
                if store::remove(db, id).await? {
                    shared.failed(id, entry.key, response, error);
                }
                shared.changed().await;
            }
            Outcome::Again(why, retry_after) => {
                let wait = outbox::wait_ms(
                    entry.attempts.saturating_add(1),
                    retry_after,
                    shared.max_backoff_ms,
                    js_sys::Math::random(),
                );
                store::note_again(db, id, why, js_sys::Date::now() + wait).await?;
                schedule(shared, wait);
                shared.changed().await;
                return store::count(db).await;
            }
        }
        // A forced delivery ignores the wait of the head entry it was asked for; the
        // entries after it keep theirs.
        forced = false;
    }
}

impl Shared {
    /// Calls `onSent`.
    fn sent(&self, id: u64, key: Option<String>, response: Response) {
        if let Some(on_sent) = &self.callbacks.on_sent {
            on_sent(Sent { id, key, response });
        }
    }

    /// The error of a call on this outbox once it is closed.
    pub(super) fn check_open(&self) -> Result<(), Error> {
        let state = self.state.borrow();
        if !state.closed {
            return Ok(());
        }
        if state.by_other_tab {
            return Err(Error::new(
                ErrorKind::Storage,
                "Another tab deleted or upgraded the outbox's database, so this outbox closed; \
                 open it again (outbox(name) in JS, Outbox::open(name) in Rust)",
                &store::target(&self.name),
            ));
        }
        Err(Error::invalid(
            Invalid::new(
                "The outbox is closed; open it again (outbox(name) in JS, Outbox::open(name) in Rust)",
            ),
            &store::target(&self.name),
        ))
    }

    /// Calls `onFailed`.
    fn failed(
        &self,
        id: u64,
        key: Option<String>,
        response: Option<Response>,
        error: Option<Error>,
    ) {
        if let Some(on_failed) = &self.callbacks.on_failed {
            on_failed(Failed {
                id,
                key,
                response,
                error,
            });
        }
    }

    /// Calls `onChange` with the number of entries pending, and tells the outbox's other
    /// tabs, so that theirs is called too.
    pub(super) async fn changed(&self) {
        if let Some(channel) = &self.state.borrow().channel {
            channel.tell();
        }
        self.count_changed().await;
    }

    /// Calls `onChange` here.
    pub(super) async fn count_changed(&self) {
        if self.callbacks.on_change.is_none() && self.callbacks.on_closed.is_none() {
            return;
        }
        let Ok(pending) = store::count(&self.db).await else {
            return;
        };
        self.state.borrow_mut().last_pending = pending;
        if let Some(on_change) = &self.callbacks.on_change {
            on_change(pending);
        }
    }
}

/// Starts the delivery again after `ms`, replacing the wait set before.
pub(super) fn schedule(shared: &Rc<Shared>, ms: f64) {
    let weak: Weak<Shared> = Rc::downgrade(shared);
    let mut state = shared.state.borrow_mut();
    if state.closed {
        return;
    }
    state.timer = Some(Timer::after(ms, move || {
        if let Some(shared) = weak.upgrade() {
            kick(&shared, false);
        }
    }));
}

/// Sends `entry` once and judges the outcome.
async fn deliver(entry: &Entry) -> Outcome {
    let mut put = crate::put(entry.url.as_str());
    for (name, value) in &entry.headers {
        put = put.header(name.as_str(), value.as_str());
    }
    put.body = stored_body(&entry.body);
    // Without a timeout of its own, a delivery that never gets an answer would hold the
    // outbox's lock, and every tab's delivery, for good.
    put.timeout_ms = entry.timeout_ms.or(Some(outbox::DELIVERY_TIMEOUT_MS));
    put.total_timeout_ms = entry.total_timeout_ms;
    put.retry = entry.retry.clone();
    if entry.js {
        put.caller = Caller::Js;
    }
    put.fetch.stored = entry.fetch.dyn_ref::<js_sys::Object>().cloned();
    match put.send().await {
        Ok(response) => match outbox::verdict(response.status()) {
            Verdict::Sent => Outcome::Sent(response),
            Verdict::Failed => Outcome::Failed(Some(response), None),
            Verdict::Again => {
                let retry_after = response
                    .header("retry-after")
                    .and_then(|v| retry::parse_retry_after(&v, js_sys::Date::now()));
                let why = format!("{} {}", response.status(), response.status_text());
                Outcome::Again(why.trim_end().to_string(), retry_after)
            }
        },
        Err(error) if matches!(error.kind(), ErrorKind::Network | ErrorKind::Timeout) => {
            Outcome::Again(error.to_string(), None)
        }
        Err(error) => Outcome::Failed(None, Some(error)),
    }
}

/// The body of a stored entry, as fetch takes it.
fn stored_body(value: &JsValue) -> Body {
    let kind = if value.is_null() || value.is_undefined() {
        BodyKind::Empty
    } else if value.is_string() {
        BodyKind::Text
    } else if value.is_instance_of::<web_sys::Blob>() {
        BodyKind::Blob
    } else {
        BodyKind::Bytes
    };
    Body::of(value.clone(), kind)
}
