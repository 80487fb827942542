//! `/seen/{*key}`: what the server saw, so a client's tests can check what really
//! arrived rather than what the client believes it sent.
//!
//! Every request to an API route (not the static files of the fallback, not CORS
//! preflights, which the CORS layer answers itself, and not `/seen` itself) is
//! recorded under its path as it arrived, percent-encoding kept and query left out:
//! `PUT /resources/a?delay=5` is recorded under `/resources/a`.
//!
//! - `GET /seen/{*key}` answers `200` with what was recorded under `/` + the rest of
//!   the path (`GET /seen/resources/a` reads `/resources/a`):
//!
//!   ```json
//!   { "key": "/resources/a",
//!     "requests": [ { "method": "PUT", "query": "delay=5",
//!                     "headers": { "content-type": "text/plain" },
//!                     "bodySize": 5, "body": "hello",
//!                     "arrivedMs": 12.5, "endedMs": 20.1,
//!                     "status": 201, "etag": "\"…\"" } ],
//!     "inFlight": 0, "maxInFlight": 1, "dropped": 0 }
//!   ```
//!
//!   `requests` are in arrival order. `headers` has lower-case names, repeated ones
//!   joined with `", "`. `bodySize` counts the bytes of the body the route actually
//!   read (so far, while it is in flight); `body` is those bytes as text when they are
//!   at most 1 KiB of UTF-8, else `null`. `arrivedMs` (when the head arrived) and
//!   `endedMs` (when the route returned its answer) are milliseconds since the server
//!   started; `endedMs` and `status` are `null` while the request is in flight. A
//!   request the client gave up on (hanging up before the answer) has an `endedMs`
//!   and no `status`. `etag` is the answer's `ETag` header, or `null`.
//!   `inFlight` counts requests arrived and not ended, `maxInFlight` the most there
//!   were at once, `dropped` the requests no longer kept (see below). A key never
//!   seen answers the same shape with no requests and zeros.
//! - `DELETE /seen/{*key}` forgets the key: `204`, whether it was known or not.
//!
//! Memory is bounded: at most 10,000 keys (a new one evicts the one used least
//! recently, reads by `GET /seen` counting as uses), at most 1,000 requests per key
//! (the oldest are dropped and counted in `dropped`), and at most 128 MiB for all
//! records together (keys used least recently are evicted first).

mod counting;
mod log;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::Response;

use crate::body;
use crate::reply;
use crate::AppState;
use counting::{CountingBody, SharedTally, Tally};
pub(crate) use log::Log;
use log::{Place, Record};

/// A request being recorded: ends it in the log when the answer is ready, or when
/// dropped without one (the client hung up and hyper dropped the route's future), so
/// that the key's in-flight count always comes back down.
struct Arrival {
    /// The state holding the log.
    state: AppState,
    /// The key the request is recorded under.
    key: String,
    /// Where its record is.
    place: Place,
    /// Whether [`Arrival::end`] has run.
    ended: bool,
}

impl Arrival {
    /// Records the end of the request, with `answer` if there is one; only once.
    fn end(&mut self, answer: Option<&Response>) {
        if self.ended {
            return;
        }
        self.ended = true;
        let status = answer.map(|answer| answer.status().as_u16());
        let etag = answer
            .and_then(|answer| answer.headers().get(header::ETAG))
            .map(reply::header_text);
        self.state
            .lock_seen()
            .end(&self.key, &self.place, status, etag);
    }
}

impl Drop for Arrival {
    fn drop(&mut self) {
        self.end(None);
    }
}

/// Middleware on the API routes: records each request under its path, counting the
/// body bytes the route reads, and its answer's status and `ETag`.
pub(crate) async fn record(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, request_body) = request.into_parts();
    let tally: SharedTally = Arc::new(Mutex::new(Tally::new()));
    let key = parts.uri.path().to_owned();
    let place = {
        let mut log = state.lock_seen();
        let record = Record {
            id: 0,
            method: parts.method.as_str().to_owned(),
            query: parts.uri.query().unwrap_or_default().to_owned(),
            headers: reply::header_fields(&parts.headers),
            body: Arc::clone(&tally),
            arrived_ms: log.now_ms(),
            ended_ms: None,
            status: None,
            etag: None,
        };
        log.arrive(&key, record)
    };
    let mut arrival = Arrival {
        state,
        key,
        place,
        ended: false,
    };
    let counted = Body::new(CountingBody {
        inner: request_body,
        tally,
    });
    let answer = next.run(Request::from_parts(parts, counted)).await;
    arrival.end(Some(&answer));
    answer
}

/// The key `/seen/{*key}` is about: `/` + the rest of the path, as it arrived.
fn key_of(uri: &Uri) -> &str {
    uri.path().strip_prefix("/seen").unwrap_or(uri.path())
}

/// `GET /seen/{*key}`: what was recorded under the key (see the module docs).
pub(crate) async fn report(
    State(state): State<AppState>,
    uri: Uri,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let report = state.lock_seen().report(key_of(&uri));
    reply::json(StatusCode::OK, report)
}

/// `DELETE /seen/{*key}`: forgets the key; `204`.
pub(crate) async fn forget(
    State(state): State<AppState>,
    uri: Uri,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    state.lock_seen().remove(key_of(&uri));
    reply::empty(StatusCode::NO_CONTENT)
}
