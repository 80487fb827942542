//! The `options` of a call: one table of their names ([`OPTIONS`]: the JS name, the Rust
//! method, what the value must be, which calls take it), the words a message uses for
//! each caller ([`Caller`]), the refusal of unknown keys, and query merging. The checks
//! of their values are in `option_checks`.

pub use super::basic_auth::{base64_into, basic_auth};
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

/// Each option, as the JS reader dispatches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // Each is the option of the same name in [`OPTIONS`].
pub enum Key {
    Json,
    Params,
    Timeout,
    TotalTimeout,
    Signal,
    Retry,
    Auth,
    ThrowHttpErrors,
    OnUploadProgress,
    OnDownloadProgress,
    Credentials,
    Mode,
    Cache,
    Redirect,
    Referrer,
    ReferrerPolicy,
    Integrity,
    Keepalive,
    Priority,
    IfMatch,
    CreateOnly,
    Supersede,
    Conflicts,
    Headers,
    BaseUrl,
    Bearer,
    Hooks,
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
}

/// Which of the JS functions take an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Takes {
    /// `put()`.
    pub put: bool,
    /// `update()`: it makes the body and conditions itself, and runs its own PUTs one
    /// after the other.
    pub update: bool,
    /// `create()`: the defaults of a client (no body, condition or signal: those belong
    /// to one call).
    pub create: bool,
}

/// Taken by every function.
const ALL: Takes = Takes {
    put: true,
    update: true,
    create: true,
};

/// One option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// What the JS reader does with it.
    pub key: Key,
    /// Its JS name.
    pub js: &'static str,
    /// The Rust method that sets it (`""`: JS only).
    pub rust: &'static str,
    /// What its value must be, for messages.
    pub expects: &'static str,
    /// Which functions take it.
    pub takes: Takes,
    /// For fetch's string options, the values fetch accepts (`None`: any).
    pub choices: Option<&'static [&'static str]>,
}

/// A `Spec` with no choices.
const fn spec(key: Key, js: &'static str, rust: &'static str, expects: &'static str) -> Spec {
    Spec {
        key,
        js,
        rust,
        expects,
        takes: ALL,
        choices: None,
    }
}

/// A `Spec` taken by the functions `takes` says.
const fn taken(put: bool, update: bool, create: bool, spec: Spec) -> Spec {
    Spec {
        takes: Takes {
            put,
            update,
            create,
        },
        ..spec
    }
}

/// A `Spec` for `put()` only.
const fn put_only(spec: Spec) -> Spec {
    taken(true, false, false, spec)
}

/// A fetch option whose value is one of `choices`.
const fn choice(
    key: Key,
    js: &'static str,
    rust: &'static str,
    choices: &'static [&'static str],
) -> Spec {
    Spec {
        choices: Some(choices),
        ..spec(key, js, rust, "a string")
    }
}

/// Every option, in the order messages list them: the one source of their names.
pub const OPTIONS: [Spec; 27] = [
    put_only(spec(Key::Json, "json", "json", "a JSON value")),
    spec(
        Key::Params,
        "params",
        "query",
        "a plain object, a Map, URLSearchParams or an array of [name, value] pairs",
    ),
    spec(
        Key::Timeout,
        "timeout",
        "timeout",
        "a finite number of milliseconds above 0 (e.g. 5000)",
    ),
    spec(
        Key::TotalTimeout,
        "totalTimeout",
        "total_timeout",
        "a finite number of milliseconds above 0 (e.g. 30000)",
    ),
    taken(
        true,
        true,
        false,
        spec(Key::Signal, "signal", "signal", "an AbortSignal"),
    ),
    spec(
        Key::Retry,
        "retry",
        "retry",
        "a count or { limit, statusCodes, backoffMs, maxBackoffMs, shouldRetry }",
    ),
    spec(
        Key::Auth,
        "auth",
        "basic_auth",
        "[user, password], two strings",
    ),
    spec(Key::ThrowHttpErrors, "throwHttpErrors", "", "true or false"),
    spec(
        Key::OnUploadProgress,
        "onUploadProgress",
        "on_upload_progress",
        "a function ({ loaded, total }) => void",
    ),
    spec(
        Key::OnDownloadProgress,
        "onDownloadProgress",
        "on_download_progress",
        "a function ({ loaded, total }) => void",
    ),
    choice(
        Key::Credentials,
        "credentials",
        "credentials",
        &["omit", "same-origin", "include"],
    ),
    choice(
        Key::Mode,
        "mode",
        "mode",
        &["cors", "no-cors", "same-origin"],
    ),
    choice(
        Key::Cache,
        "cache",
        "cache",
        &[
            "default",
            "no-store",
            "reload",
            "no-cache",
            "force-cache",
            "only-if-cached",
        ],
    ),
    choice(
        Key::Redirect,
        "redirect",
        "redirect",
        &["follow", "error", "manual"],
    ),
    spec(Key::Referrer, "referrer", "referrer", "a string"),
    choice(
        Key::ReferrerPolicy,
        "referrerPolicy",
        "referrer_policy",
        &[
            "",
            "no-referrer",
            "no-referrer-when-downgrade",
            "same-origin",
            "origin",
            "strict-origin",
            "origin-when-cross-origin",
            "strict-origin-when-cross-origin",
            "unsafe-url",
        ],
    ),
    spec(Key::Integrity, "integrity", "integrity", "a string"),
    spec(Key::Keepalive, "keepalive", "keepalive", "true or false"),
    choice(
        Key::Priority,
        "priority",
        "priority",
        &["high", "low", "auto"],
    ),
    put_only(spec(
        Key::IfMatch,
        "ifMatch",
        "if_match",
        "an ETag string (or \"*\")",
    )),
    put_only(spec(
        Key::CreateOnly,
        "createOnly",
        "create_only",
        "true or false",
    )),
    taken(
        true,
        false,
        true,
        spec(
            Key::Supersede,
            "supersede",
            "supersede",
            "true (keyed by the URL) or a string key",
        ),
    ),
    taken(
        false,
        true,
        false,
        spec(
            Key::Conflicts,
            "conflicts",
            "conflicts",
            "a whole number of times to start again after a 412 (e.g. 5)",
        ),
    ),
    taken(
        false,
        true,
        true,
        spec(
            Key::Headers,
            "headers",
            "header",
            "a plain object, a Headers, a Map or an array of [name, value] pairs",
        ),
    ),
    taken(
        false,
        false,
        true,
        spec(
            Key::BaseUrl,
            "baseUrl",
            "base_url",
            "a URL or a string holding one",
        ),
    ),
    taken(
        false,
        false,
        true,
        spec(
            Key::Bearer,
            "bearer",
            "bearer",
            "{ token, refresh }, two functions",
        ),
    ),
    taken(
        false,
        false,
        true,
        spec(
            Key::Hooks,
            "hooks",
            "",
            "{ beforeRequest, afterResponse }, arrays of functions",
        ),
    ),
];

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
    let names: Vec<&str> = taken().map(|s| s.js).collect();
    Err(Invalid::new(format!(
        "Unknown option \"{name}\"; the options are {}",
        names.join(", ")
    )))
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
