//! What an outbox tells of its entries: [`Sent`] and [`Failed`] to its callbacks, and
//! [`Pending`] for [`Outbox::pending`](super::Outbox::pending).

use super::entry::Entry;
use crate::client::response::Response;
use crate::error::Error;

/// An entry delivered: its id, its key, and the `2xx` answer.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The entry's id.
    pub id: u64,
    /// Its key, if it had one.
    pub key: Option<String>,
    /// The answer.
    pub response: Response,
}

/// An entry given up: the answer that retrying cannot change (`response`), or the error
/// (`error`: a [`Timeout`](crate::ErrorKind::Timeout) for an entry past `max_age`).
#[derive(Debug, Clone)]
pub struct Failed {
    /// The entry's id.
    pub id: u64,
    /// Its key, if it had one.
    pub key: Option<String>,
    /// The answer (such as a `412`), when there was one.
    pub response: Option<Response>,
    /// The error, when there was no answer to give up on.
    pub error: Option<Error>,
}

/// A pending entry, as [`Outbox::pending`](super::Outbox::pending) lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The entry's id: the queue's order.
    pub id: u64,
    /// Its key, if it has one.
    pub key: Option<String>,
    /// `PUT`.
    pub method: String,
    /// The URL, resolved.
    pub url: String,
    /// When it was queued, in ms since the Unix epoch.
    pub queued_at: f64,
    /// Deliveries tried so far that will be tried again.
    pub attempts: u32,
    /// Why the last delivery did not go through, if one was tried.
    pub last_error: Option<String>,
}

impl From<Entry> for Pending {
    fn from(entry: Entry) -> Pending {
        Pending {
            id: entry.id.unwrap_or_default(),
            key: entry.key,
            method: entry.method,
            url: entry.url,
            queued_at: entry.queued_at,
            attempts: entry.attempts,
            last_error: entry.last_error,
        }
    }
}
