//! Retries: which answers are retried, how long to wait, and `Retry-After`.
//!
//! Pure arithmetic, tested on the host; the wasm side only sleeps and calls again.

pub use super::http_date::parse_http_date;

/// The statuses retried by default, as in ky and urllib3: 408, 413, 429, 500, 502, 503, 504.
pub const DEFAULT_STATUS_CODES: [u16; 7] = [408, 413, 429, 500, 502, 503, 504];

/// The default base of the exponential backoff, in ms.
pub const DEFAULT_BACKOFF_MS: f64 = 300.0;

/// The default cap on one wait, in ms (also the cap on `Retry-After`).
pub const DEFAULT_MAX_BACKOFF_MS: f64 = 30_000.0;

/// The most retries one call may ask for.
pub const MAX_LIMIT: u32 = 100;

/// Why a retry policy cannot be used (the caller's wording is made from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryProblem {
    /// `limit` is above [`MAX_LIMIT`].
    Limit,
    /// A status code is not from 100 to 599.
    StatusCode,
}

/// Checks a retry policy's limit and statuses.
pub fn check(limit: u32, status_codes: &[u16]) -> Result<(), RetryProblem> {
    if limit > MAX_LIMIT {
        return Err(RetryProblem::Limit);
    }
    if status_codes.iter().any(|c| !(100..=599).contains(c)) {
        return Err(RetryProblem::StatusCode);
    }
    Ok(())
}

/// The wait before retry number `retry` (0 for the first retry), in ms, for a backoff
/// base and cap in ms.
///
/// With `retry_after_ms` (from a `Retry-After` header) that is the wait; otherwise
/// `backoff_ms · 2^retry`, half of it fixed and half scaled by `jitter` in [0, 1).
/// Either way it is never more than `max_backoff_ms` and never negative, whatever the
/// numbers (NaN and infinities included).
pub fn delay_ms(
    backoff_ms: f64,
    max_backoff_ms: f64,
    retry: u32,
    jitter: f64,
    retry_after_ms: Option<f64>,
) -> f64 {
    let wait = match retry_after_ms {
        Some(ms) => ms,
        None => {
            let exp = (0..retry.min(60)).fold(backoff_ms, |ms, _| ms * 2.0);
            let jitter = if jitter.is_finite() {
                jitter.clamp(0.0, 1.0)
            } else {
                0.0
            };
            // One product, not `exp * 0.5 + exp * 0.5 * jitter`: with an `exp` that
            // overflowed to infinity and a jitter of 0 that sum is ∞ + NaN = NaN,
            // which would wait 0 instead of the cap.
            exp * (0.5 + 0.5 * jitter)
        }
    };
    if wait.is_nan() {
        return 0.0;
    }
    wait.clamp(0.0, max_backoff_ms.max(0.0))
}

/// Reads a `Retry-After` value: whole seconds, or an HTTP date (then the time from
/// `now_ms`, ms since the Unix epoch, to that date). `None` for anything else.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    // HTTP's optional whitespace is spaces and tabs: ASCII.
    let value = value.trim_ascii();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Whole seconds; a number too large for u64 saturates (the wait is capped anyway).
        let secs = value.bytes().fold(0u64, |n, b| {
            n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
        });
        return Some(secs as f64 * 1000.0);
    }
    let at = parse_http_date(value)?;
    Some((at as f64 * 1000.0 - now_ms).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_statuses_are_the_usual_ones() {
        for s in [408, 413, 429, 500, 502, 503, 504] {
            assert!(DEFAULT_STATUS_CODES.contains(&s));
        }
        for s in [200, 201, 400, 401, 404, 412, 501] {
            assert!(!DEFAULT_STATUS_CODES.contains(&s));
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_within_half_and_whole() {
        let p = |retry, jitter| {
            delay_ms(
                DEFAULT_BACKOFF_MS,
                DEFAULT_MAX_BACKOFF_MS,
                retry,
                jitter,
                None,
            )
        };
        assert_eq!(p(0, 0.0), 150.0);
        assert_eq!(p(0, 1.0), 300.0);
        assert_eq!(p(1, 0.0), 300.0);
        assert_eq!(p(3, 1.0), 2400.0);
    }

    #[test]
    fn backoff_never_exceeds_the_cap_and_is_never_negative() {
        let p = |retry, jitter, after| delay_ms(DEFAULT_BACKOFF_MS, 1000.0, retry, jitter, after);
        assert_eq!(p(30, 1.0, None), 1000.0);
        assert_eq!(p(u32::MAX, f64::NAN, None), 1000.0);
        assert_eq!(p(0, 0.5, Some(5_000.0)), 1000.0);
        assert_eq!(p(0, 0.5, Some(-5.0)), 0.0);
        assert_eq!(p(0, 0.5, Some(f64::NAN)), 0.0);
        // A backoff that overflows to infinity waits the cap, even with no jitter.
        let huge = |retry, jitter, after| delay_ms(f64::MAX, 1000.0, retry, jitter, after);
        assert_eq!(huge(1, 0.0, None), 1000.0);
    }

    #[test]
    fn a_retry_is_checked_for_its_limit_and_statuses() {
        assert_eq!(check(100, &DEFAULT_STATUS_CODES), Ok(()));
        assert_eq!(check(101, &DEFAULT_STATUS_CODES), Err(RetryProblem::Limit));
        assert_eq!(check(1, &[100, 599]), Ok(()));
        assert_eq!(check(1, &[99]), Err(RetryProblem::StatusCode));
        assert_eq!(check(1, &[600]), Err(RetryProblem::StatusCode));
    }

    #[test]
    fn retry_after_reads_seconds() {
        assert_eq!(parse_retry_after("120", 0.0), Some(120_000.0));
        assert_eq!(parse_retry_after(" 0 ", 0.0), Some(0.0));
        assert_eq!(
            parse_retry_after("99999999999999999999999", 0.0),
            Some(u64::MAX as f64 * 1000.0)
        );
        assert_eq!(parse_retry_after("-1", 0.0), None);
        assert_eq!(parse_retry_after("1.5", 0.0), None);
        assert_eq!(parse_retry_after("soon", 0.0), None);
        assert_eq!(parse_retry_after("", 0.0), None);
    }

    #[test]
    fn retry_after_reads_the_three_http_date_forms() {
        let t = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(t));
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(t));
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(t));
        let now_ms = (t as f64 - 2.0) * 1000.0;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now_ms),
            Some(2000.0)
        );
        // A date in the past means: retry now.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 1e15),
            Some(0.0)
        );
    }
}
