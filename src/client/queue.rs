//! What a [`Put`](crate::Put) made by an outbox is queued into: the [`Queue`] an
//! [`Outbox`](crate::Outbox) is, seen from the builder, so that the builder never imports
//! the outbox, and what [`Put::enqueue`](crate::Put::enqueue) resolves with.

use std::rc::Rc;

use super::builder::Put;
use super::callbacks::LocalFuture;
use crate::error::Error;

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
