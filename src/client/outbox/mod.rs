//! An outbox: a named, durable queue of PUTs in IndexedDB, delivered in order when the
//! network allows, kept across reloads ([`Outbox`]). `entry` is what an entry holds,
//! `reports` what the outbox tells of its entries, `store` keeps the entries, `deliver`
//! sends them one at a time under the `lock` that makes one tab of an origin the
//! deliverer, `listeners` starts it from outside (the `online` event, the other tabs),
//! and the pure rules (what an answer does, the waits) are in `rules::outbox`.

mod deliver;
mod entry;
mod listeners;
mod lock;
mod reports;
mod store;
mod wake;

use std::cell::RefCell;
use std::future::IntoFuture;
use std::rc::Rc;
use std::time::Duration;

use super::builder::Put;
use super::builder::{Queue, Queued};
use super::callbacks::LocalFuture;
use crate::error::Error;
use crate::rules::options::Caller;
use crate::rules::{outbox as rules, Invalid};
use deliver::{Callbacks, Shared};
use entry::entry_of;
pub use reports::{Failed, Pending, Sent};

/// A durable queue of PUTs: each entry is committed to IndexedDB before
/// [`Put::enqueue`] resolves, then delivered in queue order, one at a time, through
/// outages, reloads and browser restarts. PUT is idempotent, so an entry sent twice (the
/// page closed between the answer and its removal) does no harm.
///
/// A `2xx` removes the entry and calls `on_sent`; an answer that retrying cannot change
/// (a `4xx` other than `408`/`429`, such as `412`) removes it and calls `on_failed`;
/// network errors, timeouts, `408`, `429` and `5xx` keep it at the head and try again
/// with backoff (`Retry-After` honoured, at most `max_backoff`), or at once on the
/// platform's `online` event or [`flush`](Outbox::flush). Two tabs of one origin share
/// an outbox: one delivers at a time (a Web Lock), and the callbacks run in that tab.
///
/// ```no_run
/// # fn mark_saved(_key: Option<String>) {}
/// # async fn run() -> Result<(), wasm_put::Error> {
/// use wasm_put::Outbox;
/// let outbox = Outbox::open("notes")
///     .on_sent(|sent| mark_saved(sent.key))
///     .await?;
/// outbox.put("/notes/42").body("draft").key("note-42").enqueue().await?;
/// # Ok(()) }
/// ```
///
/// `Clone` is cheap: the clones are handles on one open outbox.
#[derive(Clone)]
pub struct Outbox {
    shared: Rc<Shared>,
}

/// The opening of an outbox, with its callbacks and limits; `.await` it.
#[must_use = "an outbox opens when awaited"]
pub struct OpenOutbox {
    name: String,
    callbacks: Callbacks,
    max_backoff_ms: f64,
    max_age_ms: f64,
    invalid: Option<Invalid>,
}

impl Outbox {
    /// Opens the outbox `name` (creating it on first use); `.await` the result, after
    /// setting its callbacks. On a platform without IndexedDB (Node) it fails with
    /// [`ErrorKind::NotSupported`](crate::ErrorKind::NotSupported); when the browser's
    /// storage fails it, or the open stays blocked past 10 s by another tab, with
    /// [`ErrorKind::Storage`](crate::ErrorKind::Storage).
    pub fn open(name: impl Into<String>) -> OpenOutbox {
        OpenOutbox {
            name: name.into(),
            callbacks: Callbacks::default(),
            max_backoff_ms: rules::DEFAULT_MAX_BACKOFF_MS,
            max_age_ms: rules::DEFAULT_MAX_AGE_MS,
            invalid: None,
        }
    }

    /// The outbox's name.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// A PUT for this outbox: the [`Put`] builder, plus [`Put::key`]; store it with
    /// [`Put::enqueue`].
    pub fn put(&self, url: impl Into<String>) -> Put {
        let mut put = crate::put(url);
        let shared: Rc<dyn Queue> = self.shared.clone();
        put.queue = Some((Rc::downgrade(&shared), None));
        put
    }

    /// The pending entries, in delivery order.
    pub async fn pending(&self) -> Result<Vec<Pending>, Error> {
        self.shared.check_open()?;
        let entries = store::all(&self.shared.db).await?;
        Ok(entries.into_iter().map(Pending::from).collect())
    }

    /// Tries now, whatever the waits: resolves with the number of entries still pending
    /// when it cannot go further (0 when all went).
    pub async fn flush(&self) -> Result<u32, Error> {
        self.shared.check_open()?;
        deliver::flush(&self.shared).await
    }

    /// Removes every pending entry (none of them is sent).
    pub async fn clear(&self) -> Result<(), Error> {
        self.shared.check_open()?;
        store::clear(&self.shared.db).await?;
        self.shared.changed().await;
        Ok(())
    }

    /// Stops delivering in this tab and closes the database. The entries stay stored for
    /// the next time the outbox opens; a delivery under way records its entry's outcome
    /// first (then the database closes).
    pub fn close(&self) {
        let running = self.shared.state.borrow_mut().close();
        if !running {
            self.shared.db.close();
        }
    }
}

impl OpenOutbox {
    /// Called with each entry delivered (a `2xx`), in the tab that delivered it.
    pub fn on_sent(mut self, f: impl Fn(Sent) + 'static) -> OpenOutbox {
        self.callbacks.on_sent = Some(Box::new(f));
        self
    }

    /// Called with each entry given up: an answer retrying cannot change, or too old.
    pub fn on_failed(mut self, f: impl Fn(Failed) + 'static) -> OpenOutbox {
        self.callbacks.on_failed = Some(Box::new(f));
        self
    }

    /// Called with the number of entries pending, whenever it may have changed.
    pub fn on_change(mut self, f: impl Fn(u32) + 'static) -> OpenOutbox {
        self.callbacks.on_change = Some(Box::new(f));
        self
    }

    /// Called once, with the number of entries pending last counted here, when another
    /// tab deleted or upgraded the outbox's database: this outbox closes at once so as not
    /// to block that tab, and its calls then fail with
    /// [`ErrorKind::Storage`](crate::ErrorKind::Storage); open it again.
    pub fn on_closed(mut self, f: impl Fn(u32) + 'static) -> OpenOutbox {
        self.callbacks.on_closed = Some(Box::new(f));
        self
    }

    /// The longest wait between two tries of an entry (default 60 s), `Retry-After`
    /// included.
    pub fn max_backoff(self, max: Duration) -> OpenOutbox {
        self.max_backoff_ms(Caller::Rust, max.as_secs_f64() * 1000.0)
    }

    /// The age past which an entry is given up, with `on_failed` (default 7 days).
    pub fn max_age(self, max: Duration) -> OpenOutbox {
        self.max_age_ms(Caller::Rust, max.as_secs_f64() * 1000.0)
    }

    /// `max_backoff` in ms, checked.
    pub(crate) fn max_backoff_ms(mut self, caller: Caller, ms: f64) -> OpenOutbox {
        match rules::check_ms("maxBackoffMs", caller, ms) {
            Ok(ms) => self.max_backoff_ms = ms,
            Err(invalid) => self.fail(invalid),
        }
        self
    }

    /// `max_age` in ms, checked.
    pub(crate) fn max_age_ms(mut self, caller: Caller, ms: f64) -> OpenOutbox {
        match rules::check_ms("maxAgeMs", caller, ms) {
            Ok(ms) => self.max_age_ms = ms,
            Err(invalid) => self.fail(invalid),
        }
        self
    }

    /// Keeps the first bad input.
    pub(crate) fn fail(&mut self, invalid: Invalid) {
        self.invalid.get_or_insert(invalid);
    }

    async fn open(self) -> Result<Outbox, Error> {
        let target = store::target(&self.name);
        if let Some(invalid) = self.invalid {
            return Err(Error::invalid(invalid, &target));
        }
        if let Err(invalid) = rules::check_name(&self.name) {
            return Err(Error::invalid(invalid, &target));
        }
        let db = store::open(&self.name).await?;
        let shared = Rc::new(Shared {
            name: self.name,
            db,
            callbacks: self.callbacks,
            max_backoff_ms: self.max_backoff_ms,
            max_age_ms: self.max_age_ms,
            state: RefCell::default(),
        });
        let (online, channel, versionchange) = (
            listeners::listen_online(&shared),
            listeners::listen_to_other_tabs(&shared),
            listeners::listen_for_versionchange(&shared),
        );
        let mut state = shared.state.borrow_mut();
        (state.online, state.channel) = (online, channel);
        state.versionchange = versionchange;
        drop(state);
        deliver::kick(&shared, false);
        Ok(Outbox { shared })
    }
}

impl IntoFuture for OpenOutbox {
    type Output = Result<Outbox, Error>;
    type IntoFuture = LocalFuture<Result<Outbox, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.open())
    }
}

impl Queue for Shared {
    fn enqueue(
        self: Rc<Self>,
        put: Put,
        key: Option<String>,
    ) -> LocalFuture<Result<Queued, Error>> {
        Box::pin(async move {
            self.check_open()?;
            let entry = entry_of(put, key)?;
            let key = entry.key.clone();
            let id = store::add(&self.db, entry).await?;
            self.changed().await;
            deliver::kick(&self, false);
            Ok(Queued { id, key })
        })
    }
}
