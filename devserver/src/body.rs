//! Request bodies read as streams (with size limits and an idle timeout) and the
//! hand-made response bodies the test routes send.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use bytes::{Bytes, BytesMut};
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;

use crate::reply;

/// How long a request body may go without sending a byte before the server gives up
/// on it (a guard against clients that trickle a body to hold a connection open).
pub(crate) const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// How much of a body the server reads and throws away before answering early with
/// an error, so that a client that is still sending a small body sees the answer
/// rather than a reset connection. Past this the connection is simply closed.
const DRAIN_BEFORE_ERROR: u64 = 1024 * 1024;

/// Why a request body could not be read as wanted.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// The body is larger than the limit, in bytes.
    TooLarge(u64),
    /// The client sent nothing for [`BODY_IDLE_TIMEOUT`].
    Idle,
    /// The connection failed or the body was malformed (e.g. bad chunked encoding).
    Broken(String),
}

impl BodyError {
    /// The JSON error answer for this failure.
    pub(crate) fn into_response(self) -> Response {
        match self {
            BodyError::TooLarge(limit) => too_large(limit),
            BodyError::Idle => reply::error(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body stalled: no data for {} seconds",
                    BODY_IDLE_TIMEOUT.as_secs()
                ),
            ),
            BodyError::Broken(why) => reply::error(
                StatusCode::BAD_REQUEST,
                format!("the request body could not be read: {why}"),
            ),
        }
    }
}

/// The `413 Payload Too Large` answer for a body over `limit` bytes.
pub(crate) fn too_large(limit: u64) -> Response {
    reply::error(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the request body is larger than the limit of {limit} bytes (--max-body)"),
    )
}

/// The body length the client announced in `Content-Length`, if any and valid.
pub(crate) fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The next non-empty data chunk of `body`, or `None` at its end. Trailers are skipped.
async fn next_chunk(body: &mut Body) -> Result<Option<Bytes>, BodyError> {
    loop {
        let frame = match tokio::time::timeout(BODY_IDLE_TIMEOUT, body.frame()).await {
            Err(_) => return Err(BodyError::Idle),
            Ok(None) => return Ok(None),
            Ok(Some(Err(err))) => return Err(BodyError::Broken(err.to_string())),
            Ok(Some(Ok(frame))) => frame,
        };
        if let Ok(data) = frame.into_data() {
            if !data.is_empty() {
                return Ok(Some(data));
            }
        }
    }
}

/// Reads the whole body into memory, failing with [`BodyError::TooLarge`] as soon as
/// it grows past `limit` bytes (so never holding more than `limit` bytes).
pub(crate) async fn read_limited(mut body: Body, limit: u64) -> Result<Bytes, BodyError> {
    let mut buf = BytesMut::new();
    let mut single: Option<Bytes> = None;
    while let Some(chunk) = next_chunk(&mut body).await? {
        let held = single.as_ref().map_or(buf.len(), Bytes::len);
        if held as u64 + chunk.len() as u64 > limit {
            drop((buf, single));
            let _ = tokio::time::timeout(DRAIN_TIME_LIMIT, ignore(body, DRAIN_BEFORE_ERROR)).await;
            return Err(BodyError::TooLarge(limit));
        }
        if let Some(first) = single.take() {
            buf.extend_from_slice(&first);
            buf.extend_from_slice(&chunk);
        } else if buf.is_empty() {
            // Bodies often come in one chunk: that one is kept without copying.
            single = Some(chunk);
        } else {
            buf.extend_from_slice(&chunk);
        }
    }
    Ok(single.unwrap_or_else(|| buf.freeze()))
}

/// What [`count`] found out about a body.
pub(crate) struct Counted {
    /// The body's size in bytes.
    pub(crate) size: u64,
    /// The whole body, when it was no larger than the `keep` limit.
    pub(crate) kept: Option<Bytes>,
}

/// Reads the body to its end, counting its bytes and keeping it only while it is no
/// larger than `keep` bytes (so memory use stays under `keep` whatever the size).
pub(crate) async fn count(mut body: Body, keep: usize) -> Result<Counted, BodyError> {
    let mut size = 0u64;
    let mut kept = Some(BytesMut::new());
    while let Some(chunk) = next_chunk(&mut body).await? {
        size = size.saturating_add(chunk.len() as u64);
        if let Some(buf) = kept.as_mut() {
            if buf.len() + chunk.len() > keep {
                kept = None;
            } else {
                buf.extend_from_slice(&chunk);
            }
        }
    }
    Ok(Counted {
        size,
        kept: kept.map(BytesMut::freeze),
    })
}

/// Reads the body to its end and throws it away, returning its size.
pub(crate) async fn discard(mut body: Body) -> Result<u64, BodyError> {
    let mut size = 0u64;
    while let Some(chunk) = next_chunk(&mut body).await? {
        size = size.saturating_add(chunk.len() as u64);
    }
    Ok(size)
}

/// Longest time [`drain_quietly`] spends on a body.
const DRAIN_TIME_LIMIT: Duration = Duration::from_secs(1);

/// Before an early (error) answer, reads and throws away what is left of a small
/// body (at most [`DRAIN_BEFORE_ERROR`] bytes, for at most a second, ignoring errors),
/// so that a client still sending it sees the answer rather than a reset connection.
///
/// Bodies announced as larger, and bodies of `Expect: 100-continue` requests (which
/// would be invited by reading them), are left unread: hyper then closes the
/// connection after the answer instead of reusing it.
pub(crate) async fn drain_quietly(headers: &HeaderMap, body: Body) {
    if headers.contains_key(header::EXPECT)
        || declared_length(headers).is_some_and(|len| len > DRAIN_BEFORE_ERROR)
    {
        return;
    }
    let _ = tokio::time::timeout(DRAIN_TIME_LIMIT, ignore(body, DRAIN_BEFORE_ERROR)).await;
}

/// Reads and throws away the body of a request whose route does not use it (so the
/// connection stays usable and the client is not cut off while sending), stopping
/// after about `max` bytes. Errors are ignored: the answer does not depend on the body.
pub(crate) async fn ignore(mut body: Body, max: u64) {
    let mut seen = 0u64;
    while seen <= max {
        match next_chunk(&mut body).await {
            Ok(Some(chunk)) => seen = seen.saturating_add(chunk.len() as u64),
            Ok(None) | Err(_) => return,
        }
    }
}

/// One step of a [`ScriptedBody`].
pub(crate) enum Step {
    /// Send these bytes.
    Data(Bytes),
    /// Wait this long before the next step.
    Sleep(Duration),
    /// Fail the body, which makes the server abort the connection.
    Fail(&'static str),
}

/// A response body that plays a list of [`Step`]s: data, pauses and failures. Its
/// length is unknown to hyper, so it is sent chunked unless the answer carries a
/// `Content-Length` header of its own.
pub(crate) struct ScriptedBody {
    steps: VecDeque<Step>,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl ScriptedBody {
    /// A body that plays `steps` in order.
    pub(crate) fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        ScriptedBody {
            steps: steps.into_iter().collect(),
            sleep: None,
        }
    }
}

/// The error a [`ScriptedBody`] fails with.
#[derive(Debug)]
pub(crate) struct PlannedFailure(&'static str);

impl std::fmt::Display for PlannedFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for PlannedFailure {}

impl http_body::Body for ScriptedBody {
    type Data = Bytes;
    type Error = PlannedFailure;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, PlannedFailure>>> {
        loop {
            if let Some(sleep) = self.sleep.as_mut() {
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                self.sleep = None;
            }
            match self.steps.pop_front() {
                None => return Poll::Ready(None),
                Some(Step::Data(data)) => return Poll::Ready(Some(Ok(Frame::data(data)))),
                Some(Step::Sleep(duration)) => {
                    self.sleep = Some(Box::pin(tokio::time::sleep(duration)));
                }
                Some(Step::Fail(why)) => return Poll::Ready(Some(Err(PlannedFailure(why)))),
            }
        }
    }
}

/// Size of the chunks [`PatternBody`] sends.
const PATTERN_CHUNK: usize = 64 * 1024;

/// A response body of `n` bytes where byte `i` is `i % 256`, made chunk by chunk
/// rather than held in memory.
pub(crate) struct PatternBody {
    remaining: u64,
    announce_length: bool,
    chunk: Bytes,
}

impl PatternBody {
    /// `len` bytes of the pattern. With `announce_length` the length is known to
    /// hyper, which sends `Content-Length`; without it the body goes out chunked.
    pub(crate) fn new(len: u64, announce_length: bool) -> Self {
        // A chunk's length is a multiple of 256, so every chunk starts at byte 0.
        let chunk: Vec<u8> = (0..PATTERN_CHUNK).map(|i| (i % 256) as u8).collect();
        PatternBody {
            remaining: len,
            announce_length,
            chunk: Bytes::from(chunk),
        }
    }
}

impl http_body::Body for PatternBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        let take = self.remaining.min(PATTERN_CHUNK as u64) as usize;
        self.remaining -= take as u64;
        Poll::Ready(Some(Ok(Frame::data(self.chunk.slice(..take)))))
    }

    fn is_end_stream(&self) -> bool {
        self.announce_length && self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        if self.announce_length {
            SizeHint::with_exact(self.remaining)
        } else {
            SizeHint::default()
        }
    }
}
