//! The one table of option names ([`OPTIONS`]): for each option its JS name, the Rust
//! method that sets it, what its value must be, which JS functions take it, and fetch's
//! choices for it. `options` looks names up in it.

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
    Key,
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
    /// An outbox's `put`: what `put()` takes that can be stored with an entry, and `key`.
    pub outbox: bool,
}

/// Taken by every function.
const ALL: Takes = Takes {
    put: true,
    update: true,
    create: true,
    outbox: true,
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

/// A `Spec` taken by the functions `takes` says; an outbox's `put` takes it when
/// `put()` does.
const fn taken(put: bool, update: bool, create: bool, spec: Spec) -> Spec {
    Spec {
        takes: Takes {
            put,
            update,
            create,
            outbox: put,
        },
        ..spec
    }
}

/// A `Spec` that an outbox's `put` refuses: a function, a signal or a way of running
/// one call cannot be stored with an entry (`options::not_queued` says why).
const fn not_queued(spec: Spec) -> Spec {
    Spec {
        takes: Takes {
            outbox: false,
            ..spec.takes
        },
        ..spec
    }
}

/// A `Spec` for `put()` only.
const fn put_only(spec: Spec) -> Spec {
    taken(true, false, false, spec)
}

/// A `Spec` for an outbox's `put` only.
const fn queued_only(spec: Spec) -> Spec {
    Spec {
        takes: Takes {
            put: false,
            update: false,
            create: false,
            outbox: true,
        },
        ..spec
    }
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
pub const OPTIONS: [Spec; 28] = [
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
    not_queued(taken(
        true,
        true,
        false,
        spec(Key::Signal, "signal", "signal", "an AbortSignal"),
    )),
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
    not_queued(spec(
        Key::OnUploadProgress,
        "onUploadProgress",
        "on_upload_progress",
        "a function ({ loaded, total }) => void",
    )),
    not_queued(spec(
        Key::OnDownloadProgress,
        "onDownloadProgress",
        "on_download_progress",
        "a function ({ loaded, total }) => void",
    )),
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
    not_queued(taken(
        true,
        false,
        true,
        spec(
            Key::Supersede,
            "supersede",
            "supersede",
            "true (keyed by the URL) or a string key",
        ),
    )),
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
    queued_only(spec(
        Key::Key,
        "key",
        "key",
        "a string: a new entry with the key of a pending one replaces it",
    )),
];
