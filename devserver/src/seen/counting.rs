//! Counting the bytes of a request body as the route reads them, without changing how
//! it is read: [`CountingBody`] wraps the body, a [`Tally`] holds the count (and the
//! bytes themselves while they are few, to show as text).

use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use axum::body::Body;
use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// Largest body shown as text in a record; larger ones are only counted.
pub(super) const BODY_TEXT_LIMIT: usize = 1024;

/// The bytes of a request body a route has read, counted as it reads them; shared
/// by the [`CountingBody`] that counts and the [`Record`] that shows them.
pub(super) struct Tally {
    /// Bytes read so far.
    pub(super) size: u64,
    /// The bytes read so far, while they are at most [`BODY_TEXT_LIMIT`]; `None` once
    /// there were more.
    kept: Option<Vec<u8>>,
}

impl Tally {
    /// A tally of nothing read yet.
    pub(super) fn new() -> Self {
        Tally {
            size: 0,
            kept: Some(Vec::new()),
        }
    }

    /// Counts `data`, keeping it while the total stays within [`BODY_TEXT_LIMIT`].
    fn add(&mut self, data: &[u8]) {
        self.size = self.size.saturating_add(data.len() as u64);
        if let Some(kept) = self.kept.as_mut() {
            if kept.len() + data.len() > BODY_TEXT_LIMIT {
                self.kept = None;
            } else {
                kept.extend_from_slice(data);
            }
        }
    }

    /// The bytes read as text, if they are at most [`BODY_TEXT_LIMIT`] and UTF-8.
    pub(super) fn text(&self) -> Option<String> {
        let kept = self.kept.as_deref()?;
        std::str::from_utf8(kept).ok().map(str::to_owned)
    }
}

/// A [`Tally`] shared between a body and its record.
pub(super) type SharedTally = Arc<Mutex<Tally>>;

/// Locks a tally. A poisoned lock is taken over: a tally is never left half-updated.
pub(super) fn lock_tally(tally: &SharedTally) -> MutexGuard<'_, Tally> {
    tally
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A request body that counts the bytes read through it into a [`Tally`], and is
/// otherwise the body it wraps: same frames, same errors, same end and size hint, so
/// that streaming, limits and early answers behave as without it.
pub(super) struct CountingBody {
    /// The body as it arrived.
    pub(super) inner: Body,
    /// Where the bytes read are counted.
    pub(super) tally: SharedTally,
}

impl http_body::Body for CountingBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled {
            if let Some(data) = frame.data_ref() {
                lock_tally(&self.tally).add(data);
            }
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
