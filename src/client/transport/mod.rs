//! One attempt of a request, through the global `fetch` ([`fetch`]) or, for upload
//! progress, `XMLHttpRequest` ([`xhr`]), and what they share: what an attempt came to.

mod fetch;
mod xhr;

#[cfg(feature = "js")]
pub(crate) use fetch::answered;

use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

use super::request::Request;
use super::response::Response;
use crate::error::{Error, ErrorKind};
use crate::rules::message;

/// What one attempt came to.
pub(crate) enum Answer {
    /// The answer, body and all.
    Done(Response),
    /// An answer to send again (a status to retry, or a `401` to refresh the token
    /// for), its body not read: its status and `Retry-After` header.
    Again {
        status: u16,
        retry_after: Option<String>,
    },
}

/// A failed attempt: the JS value behind it, and which failure it was
/// ([`message::NETWORK`] or [`message::BROKEN_BODY`]) unless a timeout or abort explains it.
pub(crate) struct Failed {
    pub(crate) cause: JsValue,
    pub(crate) what: &'static str,
}

impl Failed {
    /// No answer came: the request failed.
    pub(crate) fn network(cause: JsValue) -> Failed {
        Failed {
            cause,
            what: message::NETWORK,
        }
    }

    /// The answer's body broke off.
    pub(crate) fn broken_body(cause: JsValue) -> Failed {
        Failed {
            cause,
            what: message::BROKEN_BODY,
        }
    }

    /// The [`ErrorKind::Network`] error it is, when no timeout or abort explains it, in a
    /// call aimed at `target`.
    pub(crate) fn into_error(self, target: &str) -> Error {
        Error::new(ErrorKind::Network, self.what, target).with_cause(self.cause)
    }
}

/// How one attempt is sent: stopped by `signal`, with `headers` in place of the call's
/// own when hooks or a bearer made them, and `again(status)` saying whether an answer is
/// to be sent again, in which case its body is not read.
pub(crate) struct Sending<'a> {
    pub(crate) signal: Option<&'a AbortSignal>,
    pub(crate) headers: Option<&'a web_sys::Headers>,
    pub(crate) again: &'a dyn Fn(u16) -> bool,
    /// When the call started, for `elapsed`.
    pub(crate) started: f64,
}

/// Sends `request` once, through XMLHttpRequest when it asked for upload progress and
/// the runtime has it, else through fetch.
pub(crate) async fn attempt(request: &Request, how: &Sending<'_>) -> Result<Answer, Failed> {
    if request.via_xhr {
        xhr::attempt(request, how).await
    } else {
        fetch::attempt(request, how).await
    }
}
