//! What a [`Put`](crate::Put) made by an outbox is queued into: the [`Queue`] an
//! [`Outbox`](crate::Outbox) is, seen from the builder, so that the builder never imports
//! the outbox, and what [`Put::enqueue`](crate::Put::enqueue) resolves with.

use std::rc::Rc;

use super::Put;
use crate::client::callbacks::LocalFuture;
use crate::error::Error;
use crate::rules::Invalid;

/// An entry committed to an outbox: its id (the queue's order) and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    /// The entry's id: later entries have larger ones.
    pub id: u64,
    /// The key given with [`Put::key`](crate::Put::key), if any.
    pub key: Option<String>,
}

/// Where [`Put::enqueue`](crate::Put::enqueue) stores the request.
pub(crate) trait Queue {
    /// Checks `put`, stores it with `key`, and resolves once it is committed.
    fn enqueue(self: Rc<Self>, put: Put, key: Option<String>)
        -> LocalFuture<Result<Queued, Error>>;
}

impl Put {
    /// The key of an outbox entry: enqueued, it replaces the pending entry with the same
    /// key (which is then never sent) and goes to the end of the queue. Only for a
    /// request made by [`Outbox::put`](crate::Outbox::put): on any other it is bad input,
    /// which [`send`](Put::send) returns.
    ///
    /// ```no_run
    /// # async fn run(outbox: wasm_put::Outbox) -> Result<(), wasm_put::Error> {
    /// outbox.put("/notes/42").body("draft").key("note-42").enqueue().await?;
    /// # Ok(()) }
    /// ```
    pub fn key(mut self, key: impl Into<String>) -> Put {
        let key = key.into();
        match &mut self.queue {
            Some((_, slot)) => *slot = Some(key),
            None => self.fail(Invalid::new(format!(
                "key(\"{key}\") is for a request made by Outbox::put(url); send() has no queue to replace an entry in"
            ))),
        }
        self
    }

    /// Stores the request in the outbox that made it ([`Outbox::put`](crate::Outbox::put))
    /// and resolves once the entry is committed to IndexedDB, before anything is sent.
    /// The outbox then delivers it in queue order, through outages and reloads.
    ///
    /// A request not made by an open outbox, or with something an entry cannot keep (a
    /// signal, a progress callback, `supersede`, a `should_retry`, a `FormData` or
    /// `ReadableStream` body), is refused with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput).
    pub async fn enqueue(self) -> Result<Queued, Error> {
        let queue = self
            .queue
            .as_ref()
            .map(|(queue, key)| (queue.upgrade(), key.clone()));
        let why = match queue {
            Some((Some(queue), key)) => return queue.enqueue(self, key).await,
            Some((None, _)) => "The outbox that made this request is closed or gone; open it again with Outbox::open(name)",
            None => "enqueue() is for a request made by Outbox::put(url); use send() to send this one",
        };
        let target = crate::rules::message::target(self.method.as_str(), &self.url);
        Err(Error::invalid(Invalid::new(why), &target))
    }
}
