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

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use serde_json::{json, Map, Value};

use crate::body;
use crate::reply;
use crate::AppState;

/// Most keys kept; a new key past this evicts the one used least recently.
pub(crate) const MAX_KEYS: usize = 10_000;

/// Most requests kept per key; past this the oldest are dropped.
pub(crate) const MAX_REQUESTS_PER_KEY: usize = 1_000;

/// Most bytes (as estimated by [`Record::cost`] and [`key_cost`]) all records and
/// keys may take together; past this keys used least recently are evicted.
const MAX_KEPT_BYTES: usize = 128 * 1024 * 1024;

/// Largest body shown as text in a record; larger ones are only counted.
const BODY_TEXT_LIMIT: usize = 1024;

/// Estimated bookkeeping bytes of a record, besides its text.
const RECORD_OVERHEAD: usize = 256;

/// Estimated bookkeeping bytes of a key, besides its text.
const KEY_OVERHEAD: usize = 256;

/// The bytes of a request body a route has read, counted as it reads them; shared
/// by the [`CountingBody`] that counts and the [`Record`] that shows them.
struct Tally {
    /// Bytes read so far.
    size: u64,
    /// The bytes read so far, while they are at most [`BODY_TEXT_LIMIT`]; `None` once
    /// there were more.
    kept: Option<Vec<u8>>,
}

impl Tally {
    /// A tally of nothing read yet.
    fn new() -> Self {
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
    fn text(&self) -> Option<String> {
        let kept = self.kept.as_deref()?;
        std::str::from_utf8(kept).ok().map(str::to_owned)
    }
}

/// A [`Tally`] shared between a body and its record.
type SharedTally = Arc<Mutex<Tally>>;

/// Locks a tally. A poisoned lock is taken over: a tally is never left half-updated.
fn lock_tally(tally: &SharedTally) -> MutexGuard<'_, Tally> {
    tally
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A request body that counts the bytes read through it into a [`Tally`], and is
/// otherwise the body it wraps: same frames, same errors, same end and size hint, so
/// that streaming, limits and early answers behave as without it.
struct CountingBody {
    /// The body as it arrived.
    inner: Body,
    /// Where the bytes read are counted.
    tally: SharedTally,
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

/// One request recorded under a key.
struct Record {
    /// Tells records apart, increasing in arrival order.
    id: u64,
    /// The request method.
    method: String,
    /// The query string, `""` if none.
    query: String,
    /// The request headers, as `/echo` shows them.
    headers: Map<String, Value>,
    /// What the route read of the body.
    body: SharedTally,
    /// When the head arrived, in ms since the server started.
    arrived_ms: f64,
    /// When the route answered (or the client gave up), in ms since the server started.
    ended_ms: Option<f64>,
    /// The answer's status.
    status: Option<u16>,
    /// The answer's `ETag` header.
    etag: Option<String>,
}

impl Record {
    /// Estimated bytes this record takes, counting its body text at its largest.
    fn cost(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.len() + value.as_str().map_or(0, str::len) + 32)
            .sum();
        RECORD_OVERHEAD
            + self.method.len()
            + self.query.len()
            + headers
            + BODY_TEXT_LIMIT
            + self.etag.as_ref().map_or(0, String::len)
    }

    /// The record as JSON.
    fn to_json(&self) -> Value {
        let (body_size, text) = {
            let tally = lock_tally(&self.body);
            (tally.size, tally.text())
        };
        json!({
            "method": self.method,
            "query": self.query,
            "headers": self.headers,
            "bodySize": body_size,
            "body": text,
            "arrivedMs": self.arrived_ms,
            "endedMs": self.ended_ms,
            "status": self.status,
            "etag": self.etag,
        })
    }
}

/// Estimated bytes a key takes (its text is held twice: as the key and in the
/// least-recently-used index).
fn key_cost(key: &str) -> usize {
    KEY_OVERHEAD + 2 * key.len()
}

/// Everything recorded under one key.
struct Entry {
    /// Tells this entry apart from an earlier one under the same key (forgotten or
    /// evicted), so that requests of the earlier one end without touching this one.
    generation: u64,
    /// When the key was last used, as a tick of [`Log::next_tick`].
    last_use: u64,
    /// The requests kept, oldest first.
    requests: VecDeque<Record>,
    /// Estimated bytes of `requests` and the key.
    bytes: usize,
    /// Requests arrived and not ended.
    in_flight: u64,
    /// The most requests in flight at once.
    max_in_flight: u64,
    /// Requests no longer kept because of [`MAX_REQUESTS_PER_KEY`] or [`MAX_KEPT_BYTES`].
    dropped: u64,
}

/// What the server saw, by key: the state behind `/seen`.
pub(crate) struct Log {
    /// When the server started: the zero of `arrivedMs` and `endedMs`.
    started: Instant,
    /// The entries, by key.
    keys: HashMap<String, Entry>,
    /// The keys by their [`Entry::last_use`], least recently used first.
    by_use: BTreeMap<u64, String>,
    /// The source of record ids, generations and use ticks.
    next_tick: u64,
    /// Estimated bytes of all entries together.
    bytes: usize,
}

/// Where [`Log::arrive`] put a request's record, for [`Log::end`] to find it.
struct Place {
    /// The entry's generation.
    generation: u64,
    /// The record's id.
    id: u64,
}

impl Log {
    /// An empty log whose clock starts now.
    pub(crate) fn new() -> Self {
        Log {
            started: Instant::now(),
            keys: HashMap::new(),
            by_use: BTreeMap::new(),
            next_tick: 0,
            bytes: 0,
        }
    }

    /// Milliseconds since the server started.
    fn now_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }

    /// A number never given before.
    fn tick(&mut self) -> u64 {
        self.next_tick += 1;
        self.next_tick
    }

    /// Marks `key` as used now, if it is kept.
    fn touch(&mut self, key: &str) {
        let tick = self.tick();
        if let Some(entry) = self.keys.get_mut(key) {
            self.by_use.remove(&entry.last_use);
            entry.last_use = tick;
            self.by_use.insert(tick, key.to_owned());
        }
    }

    /// Forgets `key` and everything recorded under it.
    fn remove(&mut self, key: &str) {
        if let Some(entry) = self.keys.remove(key) {
            self.by_use.remove(&entry.last_use);
            self.bytes -= entry.bytes;
        }
    }

    /// Evicts the key used least recently, unless it is `keep`; `false` if nothing
    /// was evicted.
    fn evict_least_used(&mut self, keep: &str) -> bool {
        let least = match self.by_use.first_key_value() {
            Some((_, key)) if key != keep => key.clone(),
            _ => return false,
        };
        self.remove(&least);
        true
    }

    /// Drops the oldest request kept under `key`, counting it in `dropped`; `false`
    /// if there was none.
    fn drop_oldest(&mut self, key: &str) -> bool {
        let Some(entry) = self.keys.get_mut(key) else {
            return false;
        };
        let Some(oldest) = entry.requests.pop_front() else {
            return false;
        };
        let cost = oldest.cost();
        entry.bytes -= cost;
        entry.dropped = entry.dropped.saturating_add(1);
        self.bytes -= cost;
        true
    }

    /// Records the arrival of a request under `key` and counts it in flight.
    fn arrive(&mut self, key: &str, mut record: Record) -> Place {
        if !self.keys.contains_key(key) {
            while self.keys.len() >= MAX_KEYS && self.evict_least_used(key) {}
            let generation = self.tick();
            let cost = key_cost(key);
            self.keys.insert(
                key.to_owned(),
                Entry {
                    generation,
                    last_use: generation,
                    requests: VecDeque::new(),
                    bytes: cost,
                    in_flight: 0,
                    max_in_flight: 0,
                    dropped: 0,
                },
            );
            self.by_use.insert(generation, key.to_owned());
            self.bytes += cost;
        } else {
            self.touch(key);
        }
        record.id = self.tick();
        let id = record.id;
        let cost = record.cost();
        let generation = match self.keys.get_mut(key) {
            Some(entry) => {
                entry.requests.push_back(record);
                entry.bytes += cost;
                entry.in_flight += 1;
                entry.max_in_flight = entry.max_in_flight.max(entry.in_flight);
                entry.generation
            }
            None => 0,
        };
        self.bytes += cost;
        while self
            .keys
            .get(key)
            .is_some_and(|entry| entry.requests.len() > MAX_REQUESTS_PER_KEY)
        {
            self.drop_oldest(key);
        }
        while self.bytes > MAX_KEPT_BYTES {
            if !self.evict_least_used(key) && !self.drop_oldest(key) {
                break;
            }
        }
        Place { generation, id }
    }

    /// Records the end of the request at `place` under `key`: its answer's status
    /// and `ETag`, or neither when the client gave up first.
    fn end(&mut self, key: &str, place: &Place, status: Option<u16>, etag: Option<String>) {
        let now = self.now_ms();
        let Some(entry) = self.keys.get_mut(key) else {
            return;
        };
        if entry.generation != place.generation {
            return;
        }
        entry.in_flight = entry.in_flight.saturating_sub(1);
        let Ok(index) = entry
            .requests
            .binary_search_by_key(&place.id, |record| record.id)
        else {
            return;
        };
        let record = &mut entry.requests[index];
        let before = record.cost();
        record.ended_ms = Some(now);
        record.status = status;
        record.etag = etag;
        let grown = record.cost() - before;
        entry.bytes += grown;
        self.bytes += grown;
    }

    /// What was recorded under `key`, as the JSON answer of `GET /seen/{*key}`.
    fn report(&mut self, key: &str) -> Value {
        self.touch(key);
        match self.keys.get(key) {
            None => json!({
                "key": key,
                "requests": [],
                "inFlight": 0,
                "maxInFlight": 0,
                "dropped": 0,
            }),
            Some(entry) => json!({
                "key": key,
                "requests": entry.requests.iter().map(Record::to_json).collect::<Vec<_>>(),
                "inFlight": entry.in_flight,
                "maxInFlight": entry.max_in_flight,
                "dropped": entry.dropped,
            }),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of a `GET` with no headers, as [`record`] would make.
    fn get() -> Record {
        Record {
            id: 0,
            method: "GET".to_owned(),
            query: String::new(),
            headers: Map::new(),
            body: Arc::new(Mutex::new(Tally::new())),
            arrived_ms: 0.0,
            ended_ms: None,
            status: None,
            etag: None,
        }
    }

    #[test]
    fn a_new_key_past_the_limit_evicts_the_one_used_least_recently() {
        let mut log = Log::new();
        for n in 0..MAX_KEYS {
            log.arrive(&format!("/k/{n}"), get());
        }
        log.touch("/k/0");
        log.arrive("/k/new", get());
        assert_eq!(log.keys.len(), MAX_KEYS);
        assert!(log.keys.contains_key("/k/0"));
        assert!(!log.keys.contains_key("/k/1"));
        assert!(log.keys.contains_key("/k/new"));
    }

    #[test]
    fn the_byte_budget_evicts_keys_used_least_recently() {
        let mut log = Log::new();
        let mut big = get();
        big.headers.insert(
            "x-big".to_owned(),
            Value::String("x".repeat(MAX_KEPT_BYTES / 4)),
        );
        for n in 0..5 {
            let mut record = get();
            record.headers = big.headers.clone();
            log.arrive(&format!("/k/{n}"), record);
        }
        assert!(log.bytes <= MAX_KEPT_BYTES);
        assert!(!log.keys.contains_key("/k/0"));
        assert!(log.keys.contains_key("/k/4"));
        let counted: usize = log.keys.values().map(|entry| entry.bytes).sum();
        assert_eq!(counted, log.bytes);
    }

    #[test]
    fn a_request_of_a_forgotten_key_ends_without_touching_the_new_one() {
        let mut log = Log::new();
        let old = log.arrive("/k", get());
        log.remove("/k");
        log.arrive("/k", get());
        log.end("/k", &old, Some(200), None);
        assert_eq!(log.keys["/k"].in_flight, 1);
        assert_eq!(log.bytes, log.keys["/k"].bytes);
    }
}
