//! The request data of a safe save: the condition of a conditional PUT and the key a
//! call supersedes by, and the refusal of both conditions at once.

use crate::rules::options::{self, Caller, Key};
use crate::rules::Invalid;

/// The condition of a conditional PUT.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Condition {
    /// `If-Match: <etag>`: only that version is replaced.
    IfMatch(String),
    /// `If-None-Match: *`: only a new resource is created.
    CreateOnly,
}

impl Condition {
    /// Its header, its value, and the header of the other condition.
    pub(crate) fn header(self) -> (&'static str, String, &'static str) {
        match self {
            Condition::IfMatch(etag) => ("If-Match", etag, "If-None-Match"),
            Condition::CreateOnly => ("If-None-Match", "*".into(), "If-Match"),
        }
    }
}

/// What a call supersedes by: a key given, or the resolved URL (the JS `supersede: true`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Supersede {
    /// A key of the caller's.
    Key(String),
    /// The URL the call resolves to.
    #[cfg_attr(not(feature = "js"), allow(dead_code))]
    Url,
}

/// Why a PUT cannot be both conditional on a version and create-only, in `caller`'s words.
pub(crate) fn both_conditions(caller: Caller) -> Invalid {
    let (if_match, create_only) = (
        options::spec_of(Key::IfMatch),
        options::spec_of(Key::CreateOnly),
    );
    let (a, b) = match caller {
        Caller::Js => (if_match.js, create_only.js),
        Caller::Rust => (if_match.rust, create_only.rust),
    };
    Invalid::new(format!(
        "Pass either {a} or {b}, not both: one asks for a version, the other for none"
    ))
}
