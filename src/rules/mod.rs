//! The pure core: the rules of HTTP and of the contract, with no JS types, tested on the
//! host. The client (`crate::client`) and the JS exports (`crate::js`) sit on it.
//!
//! * [`form`]: `application/x-www-form-urlencoded`, as Requests' `data={…}`;
//! * [`form_fields`]: a serde value (the Rust `form()` and `query()`) as form fields;
//! * [`basic_auth`]: the `Authorization` value of HTTP Basic;
//! * [`headers`]: what a request header name and value may hold;
//! * [`options`]: the one table of option names, query merging;
//! * [`option_checks`]: the checks of option values, in the caller's words;
//! * [`outbox`]: what an answer does to an outbox entry, the waits between deliveries;
//! * [`retry`]: which answers are retried, the backoff and `Retry-After`;
//! * [`attempts`]: a call's attempts: retry, resend after a `401`, ask the caller, stop;
//! * [`bearer`]: a client's shared token refresh after a `401`;
//! * [`http_date`]: the HTTP dates a `Retry-After` may hold;
//! * [`charset`]: the `charset` of a `Content-Type`;
//! * [`message`]: the sentences of the errors that are not about one input.

pub mod attempts;
pub mod basic_auth;
pub mod bearer;
pub mod charset;
pub mod form;
pub mod form_fields;
pub mod headers;
pub mod http_date;
pub mod message;
pub mod option_checks;
pub mod option_table;
pub mod options;
pub mod outbox;
pub mod retry;

/// Bad input, found before anything is sent: the sentence that says what is wrong and
/// what to do. The client turns it into a [`crate::Error`] of kind
/// [`crate::ErrorKind::InvalidInput`], adding the method and URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// What is wrong and what to do, without the method and URL.
    pub detail: String,
}

impl Invalid {
    /// Bad input described by `detail`.
    pub fn new(detail: impl Into<String>) -> Self {
        Invalid {
            detail: detail.into(),
        }
    }
}
