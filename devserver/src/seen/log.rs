//! The record behind `/seen`: what arrived, by key, within its bounds (see the module
//! docs of `seen`).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Instant;

use serde_json::{json, Map, Value};

use super::counting::BODY_TEXT_LIMIT;
use super::counting::{lock_tally, SharedTally};

/// Most keys kept; a new key past this evicts the one used least recently.
pub(crate) const MAX_KEYS: usize = 10_000;

/// Most requests kept per key; past this the oldest are dropped.
pub(crate) const MAX_REQUESTS_PER_KEY: usize = 1_000;

/// Most bytes (as estimated by [`Record::cost`] and [`key_cost`]) all records and
/// keys may take together; past this keys used least recently are evicted.
const MAX_KEPT_BYTES: usize = 128 * 1024 * 1024;

/// Estimated bookkeeping bytes of a record, besides its text.
const RECORD_OVERHEAD: usize = 256;

/// Estimated bookkeeping bytes of a key, besides its text.
const KEY_OVERHEAD: usize = 256;

/// One request recorded under a key.
pub(super) struct Record {
    /// Tells records apart, increasing in arrival order.
    pub(super) id: u64,
    /// The request method.
    pub(super) method: String,
    /// The query string, `""` if none.
    pub(super) query: String,
    /// The request headers, as `/echo` shows them.
    pub(super) headers: Map<String, Value>,
    /// What the route read of the body.
    pub(super) body: SharedTally,
    /// When the head arrived, in ms since the server started.
    pub(super) arrived_ms: f64,
    /// When the route answered (or the client gave up), in ms since the server started.
    pub(super) ended_ms: Option<f64>,
    /// The answer's status.
    pub(super) status: Option<u16>,
    /// The answer's `ETag` header.
    pub(super) etag: Option<String>,
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
pub(super) struct Place {
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
    pub(super) fn now_ms(&self) -> f64 {
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
    pub(super) fn remove(&mut self, key: &str) {
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
    pub(super) fn arrive(&mut self, key: &str, mut record: Record) -> Place {
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
    pub(super) fn end(
        &mut self,
        key: &str,
        place: &Place,
        status: Option<u16>,
        etag: Option<String>,
    ) {
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
    pub(super) fn report(&mut self, key: &str) -> Value {
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

#[cfg(test)]
mod tests {
    use super::super::counting::Tally;
    use super::*;
    use std::sync::{Arc, Mutex};

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
