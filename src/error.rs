//! One error model: what can go wrong in a call, and the sentence that tells a person.
//!
//! Every failure of `put` is a [`PutError`]. It becomes a JS `Error` whose `name` is
//! [`ErrorKind::name`] at exactly one boundary (`PutError::into_js`, wasm only).

use alloc::string::String;

/// What went wrong, one variant per error name of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad url, header, data or option, found before anything was sent.
    InvalidInput,
    /// `fetch` failed: refused, DNS, reset, CORS, or the body broke off.
    Network,
    /// The `timeout` option elapsed.
    Timeout,
    /// The caller's `signal` aborted.
    Abort,
    /// A non-2xx answer, when the caller asked for it to be an error.
    Http,
}

impl ErrorKind {
    /// The JS `Error.name` of this kind.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "InvalidInputError",
            ErrorKind::Network => "NetworkError",
            ErrorKind::Timeout => "TimeoutError",
            ErrorKind::Abort => "AbortError",
            ErrorKind::Http => "HttpError",
        }
    }
}

/// A failed call: its kind, what happened and what to do, and the JS value behind it.
#[derive(Debug)]
pub struct PutError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// What happened and what to do, without the method and URL.
    pub detail: String,
    /// The JS value that caused it (a rejected `fetch`, an abort reason), kept as `cause`.
    pub cause: Option<wasm_bindgen::JsValue>,
}

impl PutError {
    /// A failure of `kind` with `detail`.
    pub fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        PutError {
            kind,
            detail: detail.into(),
            cause: None,
        }
    }

    /// Bad input, found before anything was sent.
    pub fn invalid_input(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, detail)
    }

    /// A header that `fetch`'s `Headers` refused, naming it.
    pub fn header_refused(name: &str, cause: wasm_bindgen::JsValue) -> Self {
        let mut d = String::from("Header ");
        push_quoted(&mut d, name);
        d.push_str(" was refused by fetch");
        Self::invalid_input(d).with_cause(cause)
    }

    /// Reading a caller's value threw (a getter, a proxy trap): `subject` names it,
    /// e.g. `the data` or `form field "tags"`.
    pub fn reading_threw(subject: &str, cause: wasm_bindgen::JsValue) -> Self {
        let mut d = String::from("Reading ");
        d.push_str(subject);
        d.push_str(" threw an exception (see cause)");
        Self::invalid_input(d).with_cause(cause)
    }

    /// Keeps `cause` as the error's `cause`.
    pub fn with_cause(mut self, cause: wasm_bindgen::JsValue) -> Self {
        self.cause = Some(cause);
        self
    }

    /// The whole message: the detail, then the method and URL, as `<detail>: PUT <url>`.
    pub fn message(&self, url: &str) -> String {
        let mut m = String::with_capacity(self.detail.len() + url.len() + 6);
        m.push_str(&self.detail);
        m.push_str(": PUT ");
        m.push_str(url);
        m
    }
}

/// Appends the decimal digits of `n` (no `core::fmt`, which would weigh on the wasm;
/// no indexing either, whose bounds-check panic would bring the formatter back).
pub fn push_uint(out: &mut String, n: u64) {
    if n >= 10 {
        push_uint(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends `s` in double quotes, so that an empty or odd key reads clearly.
pub fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_contract() {
        assert_eq!(ErrorKind::InvalidInput.name(), "InvalidInputError");
        assert_eq!(ErrorKind::Network.name(), "NetworkError");
        assert_eq!(ErrorKind::Timeout.name(), "TimeoutError");
        assert_eq!(ErrorKind::Abort.name(), "AbortError");
        assert_eq!(ErrorKind::Http.name(), "HttpError");
    }

    #[test]
    fn message_names_method_and_url() {
        let e = PutError::invalid_input("Header \"X\" is bad");
        assert_eq!(
            e.message("http://h/r/1"),
            "Header \"X\" is bad: PUT http://h/r/1"
        );
    }

    #[test]
    fn refused_headers_and_throwing_reads_say_what_and_where() {
        let e = PutError::header_refused("X-A", wasm_bindgen::JsValue::UNDEFINED);
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert_eq!(e.detail, "Header \"X-A\" was refused by fetch");
        let e = PutError::reading_threw("form field \"tags\"", wasm_bindgen::JsValue::UNDEFINED);
        assert_eq!(
            e.detail,
            "Reading form field \"tags\" threw an exception (see cause)"
        );
    }

    #[test]
    fn uints_print_without_fmt() {
        for (n, s) in [
            (0u64, "0"),
            (7, "7"),
            (5000, "5000"),
            (u64::MAX, "18446744073709551615"),
        ] {
            let mut out = String::new();
            push_uint(&mut out, n);
            assert_eq!(out, s);
        }
    }
}
