//! The sentences of the errors that are not about one input: each says what happened
//! and what to do, in the caller's words. The client adds the method and URL (see
//! [`with_target`]).

use super::options::Caller;

/// `fetch` failed before any answer.
pub const NETWORK: &str = "Network error: the request could not be completed (server down, refused, DNS, reset, or blocked by CORS; see cause)";

/// The answer's body broke off.
pub const BROKEN_BODY: &str =
    "Network error: the response body broke off before its end (see cause)";

/// The caller's signal aborted, in `caller`'s words.
pub fn aborted(caller: Caller) -> &'static str {
    match caller {
        Caller::Js => "Request aborted by options.signal (the reason is in cause)",
        Caller::Rust => "Request aborted by its signal(…) (the reason is in cause)",
    }
}

/// `ms` rounded up to whole milliseconds, to print as an integer: no float formatting in
/// the wasm.
pub fn whole_ms(ms: f64) -> u64 {
    ms.ceil().min(u64::MAX as f64) as u64
}

/// The `timeout` elapsed after `ms` milliseconds (rounded up to a whole number).
pub fn timed_out(ms: f64, caller: Caller) -> String {
    let whole = whole_ms(ms);
    let option = match caller {
        Caller::Js => "options.timeout",
        Caller::Rust => "timeout(…)",
    };
    format!("Request timed out after {whole} ms; raise {option} or check that the server answers")
}

/// The whole call (every attempt and every wait) took longer than its `totalTimeout`
/// of `ms` milliseconds (rounded up to a whole number).
pub fn total_timed_out(ms: f64, caller: Caller) -> String {
    let whole = whole_ms(ms);
    let option = match caller {
        Caller::Js => "options.totalTimeout",
        Caller::Rust => "total_timeout(…)",
    };
    format!("Request timed out: the whole call, retries and waits included, took over its total timeout of {whole} ms; raise {option} or retry less")
}

/// A non-2xx answer, when the caller asked for it to be an error.
pub fn http_failed(status: u16, status_text: &str) -> String {
    if status_text.is_empty() {
        format!("Request failed with status code {status}")
    } else {
        format!("Request failed with status code {status} {status_text}")
    }
}

/// What a call is aimed at, for messages: `<METHOD> <url>`.
pub fn target(method: &str, url: &str) -> String {
    format!("{method} {url}")
}

/// The whole message of an error: `<detail>: <METHOD> <url>` (`target` is the last two).
pub fn with_target(detail: &str, target: &str) -> String {
    format!("{detail}: {target}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_method_and_url() {
        assert_eq!(
            with_target("Header \"X\" is bad", &target("PUT", "http://h/r/1")),
            "Header \"X\" is bad: PUT http://h/r/1"
        );
    }

    #[test]
    fn timeouts_are_whole_milliseconds() {
        assert!(timed_out(1.2, Caller::Js).starts_with("Request timed out after 2 ms;"));
        assert!(timed_out(5000.0, Caller::Js).contains("5000 ms"));
        assert!(timed_out(5000.0, Caller::Js).contains("raise options.timeout"));
        assert!(timed_out(5000.0, Caller::Rust).contains("raise timeout(…)"));
        assert!(aborted(Caller::Rust).contains("signal(…)"));
    }

    #[test]
    fn http_failures_give_the_status_and_its_text() {
        assert_eq!(
            http_failed(500, "Internal Server Error"),
            "Request failed with status code 500 Internal Server Error"
        );
        assert_eq!(http_failed(599, ""), "Request failed with status code 599");
    }
}
