//! The `options` of a call: the lookups in the one table of their names
//! (`option_table`: the JS name, the Rust method, what the value must be, which calls
//! take it), the words a message uses for each caller ([`Caller`]), the refusal of
//! unknown keys, and query merging. The checks of their values are in `option_checks`.

pub use super::basic_auth::{base64_into, basic_auth};
pub use super::option_table::{Key, Spec, Takes, OPTIONS};
use super::Invalid;

/// Who makes a call: a Rust caller reads the Rust method (`timeout(…)`), a JS caller
/// the option's name (`Option timeout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Caller {
    /// The Rust builder.
    #[default]
    Rust,
    /// The JS `put()` and `update()`.
    Js,
}

/// The JS functions whose options are read: their keys differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum For {
    /// `put()` (and a client's `put`).
    Put,
    /// `update()` (and a client's `update`).
    Update,
    /// `create()` and `extend()`: a client's defaults.
    Create,
    /// An outbox's `put`: an entry to store.
    Outbox,
}

/// The option `key`'s entry.
pub fn spec_of(key: Key) -> &'static Spec {
    let found = OPTIONS.iter().find(|s| s.key == key);
    // Every key has its entry (a test checks it); the first stands in otherwise.
    found.unwrap_or(&OPTIONS[0])
}

impl Spec {
    /// Whether the JS function `of` takes it.
    pub fn taken_by(&self, of: For) -> bool {
        match of {
            For::Put => self.takes.put,
            For::Update => self.takes.update,
            For::Create => self.takes.create,
            For::Outbox => self.takes.outbox,
        }
    }

    /// How a message names it to `caller`: `Option timeout`, or `timeout(…)`.
    pub fn named(&self, caller: Caller) -> String {
        match caller {
            Caller::Js => format!("Option {}", self.js),
            Caller::Rust => format!("{}(…)", self.rust),
        }
    }
}

/// The option of the JS function `of` that the JS name `name` gives, or the refusal
/// that names it and lists those there are.
pub fn check_key(name: &str, of: For) -> Result<&'static Spec, Invalid> {
    let taken = || OPTIONS.iter().filter(|s| s.taken_by(of));
    if let Some(spec) = taken().find(|s| s.js == name) {
        return Ok(spec);
    }
    if of == For::Outbox {
        if let Some(spec) = OPTIONS.iter().find(|s| s.js == name && s.takes.put) {
            return Err(not_queued(spec, Caller::Js));
        }
    }
    let names: Vec<&str> = taken().map(|s| s.js).collect();
    Err(Invalid::new(format!(
        "Unknown option \"{name}\"; the options are {}",
        names.join(", ")
    )))
}

/// The refusal of an option of `put()` that an outbox entry cannot keep, saying why.
pub fn not_queued(spec: &Spec, caller: Caller) -> Invalid {
    let why = match spec.key {
        Key::Signal => "a signal cannot be stored; clear() or close() the outbox to stop it",
        Key::Supersede => {
            "an outbox has key for that: a new entry with the key of a pending one replaces it"
        }
        Key::Retry => {
            "its shouldRetry is a function, which cannot be stored; give limit, statusCodes, backoffMs and maxBackoffMs"
        }
        Key::OnUploadProgress | Key::OnDownloadProgress => {
            "a function cannot be stored with an entry; onSent and onChange say how delivery goes"
        }
        _ => "it cannot be stored with an entry",
    };
    Invalid::new(format!(
        "{} is not taken by an outbox's put: {why}",
        spec.named(caller)
    ))
}

/// The keys `options.retry` may hold, as an object: JS name, Rust field, what it must be.
pub const RETRY_FIELDS: [(&str, &str, &str); 5] = [
    ("limit", "limit", "a whole number of retries"),
    ("statusCodes", "status_codes", "an array of numbers"),
    ("backoffMs", "backoff", "a number of milliseconds"),
    ("maxBackoffMs", "max_backoff", "a number of milliseconds"),
    (
        "shouldRetry",
        "should_retry",
        "a function ({ error, response, attempt }) => boolean or a promise of one",
    ),
];

/// Refuses a key of `options.retry` that is not in [`RETRY_FIELDS`], naming it and
/// listing those there are.
pub fn check_retry_key(name: &str) -> Result<(), Invalid> {
    if RETRY_FIELDS.iter().any(|(js, _, _)| *js == name) {
        return Ok(());
    }
    let names: Vec<String> = RETRY_FIELDS
        .iter()
        .map(|(js, _, _)| format!("retry.{js}"))
        .collect();
    Err(Invalid::new(format!(
        "Unknown option \"retry.{name}\"; the options are {}",
        names.join(", ")
    )))
}

/// `Option <name> must be <what>, not <what it is>`.
pub fn wrong_type(name: &str, what: &str, found: &str) -> Invalid {
    Invalid::new(format!("Option {name} must be {what}, not {found}"))
}

/// Appends `extra` (an encoded query) to `search` (a URL's `search`, with or without
/// its `?`), keeping every pair already there. Returns the new search without `?`.
pub fn merge_query(search: &str, extra: &str) -> String {
    let existing = search.strip_prefix('?').unwrap_or(search);
    let mut out = String::with_capacity(existing.len() + extra.len() + 1);
    out.push_str(existing);
    if !existing.is_empty() && !extra.is_empty() && !existing.ends_with('&') {
        out.push('&');
    }
    out.push_str(extra);
    out
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
