//! Property tests of the pure core, on the host: each rule is checked against a
//! reference (the `form_urlencoded` and `http` crates, a date formatter written here)
//! or an invariant, over a few hundred generated inputs per property.
//!
//! Run with `cargo test --test properties`. A failure prints the smallest input found;
//! nothing is written to the source tree.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::Config;
use wasm_put::rules::headers::{self, HeaderProblem};
use wasm_put::rules::retry::{delay_ms, parse_http_date, parse_retry_after};
use wasm_put::rules::{form, options};

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Any string: mostly short, of any Unicode scalar values, with the characters the
/// encoders treat specially made common.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,12}",
        "[ a-zA-Z0-9*._~+%&=;?#/\\-]{0,12}",
        proptest::collection::vec(any::<char>(), 0..8).prop_map(|c| c.into_iter().collect()),
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec((any_text(), any_text()), 0..6)
}

fn parse_form(s: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(s.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn encode(pairs: &[(String, String)]) -> String {
    form::encode(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

// ---------------------------------------------------------------------------------
// Form encoding

proptest! {
    #![proptest_config(config(512))]

    /// What `form::encode` writes, a standard form parser reads back pair for pair.
    #[test]
    fn form_encoding_round_trips_through_a_standard_form_parser(pairs in pairs()) {
        prop_assert_eq!(parse_form(&encode(&pairs)), pairs);
    }

    /// It is byte for byte what the URL Standard's serializer writes.
    #[test]
    fn form_encoding_is_the_url_standard_serializer(pairs in pairs()) {
        let reference = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter())
            .finish();
        prop_assert_eq!(encode(&pairs), reference);
    }

    /// Only safe ASCII comes out, so the body needs no further escaping anywhere.
    #[test]
    fn form_encoding_writes_only_unreserved_ascii_plus_percent_and_separators(
        pairs in pairs()
    ) {
        let out = encode(&pairs);
        prop_assert!(out.bytes().all(|b| b.is_ascii_alphanumeric() || b"*-._+%&=".contains(&b)));
        prop_assert_eq!(out.matches('&').count(), pairs.len().saturating_sub(1));
    }
}

// ---------------------------------------------------------------------------------
// Header names and values against the `http` crate

/// Strings of ASCII (and a little beyond), where token and non-token bytes are both common.
fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[!#$%&'*+.^_`|~0-9A-Za-z-]{0,10}",
        "[\\x00-\\x7f]{0,6}",
        "[a-z]{0,4}[ :\"(),/;<=>?@\\[\\]{}\\\\\\x7f\\x00\\t\\r\\nü€]{0,2}[a-z]{0,4}",
        ".{0,6}",
    ]
}

/// Strings of Latin-1 (U+0000 to U+00FF), the domain on which `fetch` sends header
/// values byte for byte.
fn latin1_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,12}",
        "[\\x00-\\xff]{0,12}",
        "[a-z]{0,3}[\\x00-\\x1f\\x7f]{0,2}[a-z]{0,3}",
    ]
}

fn latin1_bytes(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
        .collect()
}

proptest! {
    #![proptest_config(config(512))]

    /// Names: exactly the `http` crate's rule, both ways. A name is one or more token
    /// characters (RFC 9110 §5.6.2); `http` lower-cases letters but accepts them, and
    /// refuses names of 64 KiB or more, which no generated name reaches.
    #[test]
    fn header_names_are_accepted_exactly_when_http_accepts_them(name in header_name()) {
        let ours = headers::check_name(&name);
        let theirs = http::HeaderName::from_bytes(name.as_bytes());
        prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: {:?}", name, ours);
        if name.is_empty() {
            prop_assert_eq!(ours, Err(HeaderProblem::EmptyName));
        }
    }

    /// Values, on Latin-1 strings (what `fetch` turns into header bytes one to one),
    /// compared with `http::HeaderValue::from_bytes` of those bytes:
    ///
    /// * every value `http` accepts, we accept (http ⊆ ours);
    /// * we accept more, deliberately, exactly the values holding a control character
    ///   other than tab, CR, LF and NUL (U+0001–U+0008, U+000B, U+000C, U+000E–U+001F,
    ///   U+007F): the Fetch Standard allows those in a header value and `fetch` sends
    ///   them, so refusing them would refuse what the platform does not; `http` (a
    ///   server-side type) refuses them. CR, LF and NUL (injection) both refuse.
    #[test]
    fn header_values_agree_with_http_except_for_controls_fetch_allows(value in latin1_value()) {
        let ours = headers::check_value(&value);
        let theirs = http::HeaderValue::from_bytes(&latin1_bytes(&value));
        if theirs.is_ok() {
            prop_assert_eq!(ours, Ok(()), "{:?}", value);
        }
        let fetch_only = |c: char| c.is_ascii_control() && !matches!(c, '\t' | '\r' | '\n' | '\0');
        let has_break = value.contains(['\r', '\n', '\0']);
        prop_assert_eq!(ours.is_ok(), !has_break, "{:?}", value);
        if ours.is_ok() && theirs.is_err() {
            prop_assert!(value.chars().any(fetch_only), "{:?}", value);
        }
        if has_break {
            prop_assert_eq!(ours, Err(HeaderProblem::LineBreakInValue));
            prop_assert!(theirs.is_err());
        }
    }

    /// Beyond Latin-1 we are deliberately narrower: any character above U+00FF is
    /// refused (`NotLatin1`), because `fetch` turns a header value into bytes one UTF-16
    /// unit each and throws a TypeError for a unit above 0xFF. `http::HeaderValue::from_str`
    /// sees UTF-8 bytes (all ≥ 0x80, "obs-text") and accepts them.
    #[test]
    fn header_values_beyond_latin1_are_refused_though_http_takes_their_utf8(
        before in "[ -~]{0,5}",
        wide in "[\\u{100}-\\u{10ffff}]",
        after in "[ -~]{0,5}",
    ) {
        let value = format!("{before}{wide}{after}");
        prop_assert_eq!(headers::check_value(&value), Err(HeaderProblem::NotLatin1));
        prop_assert!(http::HeaderValue::from_str(&value).is_ok());
    }

    /// `check` is `check_name` then `check_value`, and never panics.
    #[test]
    fn header_check_is_name_then_value(name in header_name(), value in any_text()) {
        let expected = headers::check_name(&name).and_then(|()| headers::check_value(&value));
        prop_assert_eq!(headers::check(&name, &value), expected);
    }
}

// ---------------------------------------------------------------------------------
// options::merge_query and options::basic_auth

proptest! {
    #![proptest_config(config(512))]

    /// With queries written by the form encoder, every existing pair is kept, in order,
    /// and every new one follows, in order, whether `search` has its `?` or a
    /// trailing `&`.
    #[test]
    fn merge_query_keeps_every_pair_and_appends_the_new_ones_in_order(
        existing in pairs(),
        extra in pairs(),
        question in any::<bool>(),
        trailing in any::<bool>(),
    ) {
        let mut search = encode(&existing);
        if trailing && !search.is_empty() {
            search.push('&');
        }
        if question {
            search.insert(0, '?');
        }
        let merged = options::merge_query(&search, &encode(&extra));
        prop_assert!(!merged.starts_with('?'));
        let mut expected = existing.clone();
        expected.extend(extra.iter().cloned());
        prop_assert_eq!(parse_form(&merged), expected);
    }

    /// On any text at all (hand-written queries, odd separators), the pairs a form
    /// parser reads from the result are those of the old query, then those of the new.
    #[test]
    fn merge_query_of_any_text_is_the_old_pairs_then_the_new(
        search in any_text(),
        extra in any_text(),
    ) {
        let merged = options::merge_query(&search, &extra);
        let old = search.strip_prefix('?').unwrap_or(&search);
        prop_assert!(merged.starts_with(old));
        prop_assert!(merged.ends_with(&extra));
        let mut expected = parse_form(old);
        expected.extend(parse_form(&extra));
        prop_assert_eq!(parse_form(&merged), expected);
    }

    /// Basic auth is `Basic ` and the base64 of `user:password` in UTF-8, always a valid
    /// header value; a `:` in the user or a control character anywhere is refused.
    #[test]
    fn basic_auth_is_base64_of_user_colon_password_and_a_valid_header_value(
        user in any_text(),
        password in any_text(),
    ) {
        match options::basic_auth(&user, &password) {
            Ok(value) => {
                prop_assert!(!user.contains(':'));
                prop_assert!(!user.chars().chain(password.chars()).any(char::is_control));
                prop_assert_eq!(headers::check_value(&value), Ok(()));
                prop_assert!(http::HeaderValue::from_str(&value).is_ok());
                let encoded = value.strip_prefix("Basic ").expect("Basic scheme");
                let plain = decode_base64(encoded).expect("valid base64");
                prop_assert_eq!(plain, format!("{user}:{password}").into_bytes());
            }
            Err(e) => {
                prop_assert!(
                    user.contains(':') || user.chars().chain(password.chars()).any(char::is_control),
                    "{}", e.detail
                );
            }
        }
    }
}

/// Standard base64 with padding, strictly: `None` for anything else.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if s.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let pad = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if pad > 2 || chunk[..4 - pad].contains(&b'=') {
            return None;
        }
        let mut n = 0u32;
        for &b in chunk {
            let v = if b == b'=' {
                0
            } else {
                ABC.iter().position(|&x| x == b)? as u32
            };
            n = (n << 6) | v;
        }
        out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
    }
    Some(out)
}

// ---------------------------------------------------------------------------------
// Retry-After and the backoff

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]; // from 1970-01-01
const LONG_WEEKDAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

/// The civil date of a day count from 1970-01-01 (H. Hinnant's algorithm), written
/// independently of the parser's inverse.
fn civil_from_days(z: i64) -> (i64, usize, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as usize;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

struct Parts {
    weekday: usize,
    year: i64,
    month: usize,
    day: u32,
    h: i64,
    mi: i64,
    s: i64,
}

fn parts(t: i64) -> Parts {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Parts {
        weekday: days.rem_euclid(7) as usize,
        year,
        month,
        day,
        h: secs / 3600,
        mi: secs / 60 % 60,
        s: secs % 60,
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`.
fn imf_fixdate(t: i64) -> String {
    let p = parts(t);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[p.weekday],
        p.day,
        MONTHS[p.month - 1],
        p.year,
        p.h,
        p.mi,
        p.s
    )
}

/// `Sunday, 06-Nov-94 08:49:37 GMT` (years 1970 to 2069 only).
fn rfc850(t: i64) -> String {
    let p = parts(t);
    format!(
        "{}, {:02}-{}-{:02} {:02}:{:02}:{:02} GMT",
        LONG_WEEKDAYS[p.weekday],
        p.day,
        MONTHS[p.month - 1],
        p.year % 100,
        p.h,
        p.mi,
        p.s
    )
}

/// `Sun Nov  6 08:49:37 1994`.
fn asctime(t: i64) -> String {
    let p = parts(t);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {:04}",
        WEEKDAYS[p.weekday],
        MONTHS[p.month - 1],
        p.day,
        p.h,
        p.mi,
        p.s,
        p.year
    )
}

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants a 4-digit year can write.
const YEAR_0: i64 = -62_167_219_200;
const YEAR_9999_END: i64 = 253_402_300_799;
/// 1970-01-01 and 2069-12-31T23:59:59Z: the instants an RFC 850 date can write.
const RFC850_END: i64 = 3_155_759_999;

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// An instant written as an IMF-fixdate parses back to that instant, and so does
    /// the same instant in the asctime and (for 1970–2069) RFC 850 forms.
    #[test]
    fn http_dates_parse_back_to_the_instant_they_were_written_from(t in YEAR_0..=YEAR_9999_END) {
        let fixdate = imf_fixdate(t);
        prop_assert_eq!(parse_http_date(&fixdate), Some(t), "{}", fixdate);
        prop_assert_eq!(parse_http_date(&asctime(t)), Some(t), "{}", asctime(t));
        if (0..=RFC850_END).contains(&t) {
            prop_assert_eq!(parse_http_date(&rfc850(t)), Some(t), "{}", rfc850(t));
        }
    }

    /// `Retry-After: <date>` waits from now to that instant, and not at all for a date
    /// already past.
    #[test]
    fn retry_after_a_date_waits_until_that_instant(
        t in 0i64..=YEAR_9999_END,
        now_ms in 0.0f64..4e12,
    ) {
        let wait = parse_retry_after(&imf_fixdate(t), now_ms).expect("a date");
        prop_assert_eq!(wait, (t as f64 * 1000.0 - now_ms).max(0.0));
    }

    /// `Retry-After: <seconds>` (with leading zeros or surrounding spaces) waits that
    /// many seconds, whatever the time now.
    #[test]
    fn retry_after_seconds_wait_that_many_seconds(
        secs in prop_oneof![0u64..100_000, any::<u64>()],
        zeros in 0usize..3,
        pad in "[ \t]{0,2}",
        now_ms in any::<f64>(),
    ) {
        let text = format!("{pad}{}{secs}{pad}", "0".repeat(zeros));
        prop_assert_eq!(parse_retry_after(&text, now_ms), Some(secs as f64 * 1000.0));
    }

    /// A day that its month does not have (31 April, 30 February, 29 February of a
    /// common year) is not a date: the header is ignored rather than read as a day of
    /// the next month.
    #[test]
    fn days_a_month_does_not_have_are_refused(
        year in 1000i64..=9999,
        month in 1u32..=12,
        day in 28u32..=31,
    ) {
        let text = format!("Mon, {day:02} {} {year} 12:00:00 GMT", MONTHS[month as usize - 1]);
        let parsed = parse_http_date(&text);
        prop_assert_eq!(parsed.is_some(), day <= days_in_month(year, month), "{}", text);
    }

    /// Garbage never panics, and what does parse as a date is a real instant with
    /// a 4-digit year.
    #[test]
    fn garbage_retry_after_never_panics(
        text in prop_oneof![
            any_text(),
            ".{0,40}",
            // Near misses: date-shaped words in any order.
            proptest::collection::vec(
                prop_oneof![
                    Just("Sun,".to_owned()), Just("GMT".to_owned()), Just("Nov".to_owned()),
                    "[0-9]{1,5}", "[0-9]{1,3}:[0-9]{1,3}:[0-9]{1,3}", "[0-9]{1,2}-[A-Za-z]{3}-[0-9]{1,3}",
                    ".{0,4}",
                ],
                0..7,
            ).prop_map(|w| w.join(" ")),
        ],
        now_ms in any::<f64>(),
    ) {
        if let Some(wait) = parse_retry_after(&text, now_ms) {
            prop_assert!(!wait.is_nan() || now_ms.is_nan());
        }
        if let Some(t) = parse_http_date(&text) {
            prop_assert!((YEAR_0..=YEAR_9999_END + 1).contains(&t), "{} → {}", text, t);
        }
    }
}

/// Any `f64`, with the special values common.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        0.0f64..1.0,
        0.0f64..1e6,
    ]
}

proptest! {
    #![proptest_config(config(2000))]

    /// For any policy (even ones the option checks would refuse) and any inputs, the
    /// wait is a number from 0 to `max_backoff_ms`: never NaN, never negative, never
    /// over the cap.
    #[test]
    fn the_wait_is_never_nan_negative_or_over_the_cap(
        backoff_ms in any_f64(),
        max_backoff_ms in any_f64(),
        retry in prop_oneof![0u32..70, any::<u32>()],
        jitter in any_f64(),
        retry_after in proptest::option::of(any_f64()),
    ) {
        let wait = delay_ms(backoff_ms, max_backoff_ms, retry, jitter, retry_after);
        prop_assert!(!wait.is_nan());
        prop_assert!(wait >= 0.0);
        prop_assert!(wait <= max_backoff_ms.max(0.0) || max_backoff_ms.is_nan() && wait == 0.0);
    }

    /// For policies the option checks accept (finite, ≥ 0) and jitter in [0, 1], the
    /// wait without `Retry-After` is between half and all of `backoff · 2^retry`,
    /// capped; a large backoff that overflows to infinity waits the cap, not 0.
    #[test]
    fn the_backoff_is_half_to_all_of_the_exponential_capped(
        backoff_ms in prop_oneof![0.0f64..1e4, 0.0f64..f64::MAX, Just(f64::MAX)],
        max_backoff_ms in prop_oneof![0.0f64..1e5, Just(30_000.0), 0.0f64..f64::MAX],
        retry in 0u32..100,
        jitter in prop_oneof![0.0f64..=1.0, Just(0.0), Just(1.0)],
    ) {
        let wait = delay_ms(backoff_ms, max_backoff_ms, retry, jitter, None);
        let exp = backoff_ms * 2f64.powi(retry.min(60) as i32);
        let low = (exp * 0.5).min(max_backoff_ms);
        let high = exp.min(max_backoff_ms);
        prop_assert!(wait >= low * (1.0 - 1e-12), "{} < {}", wait, low);
        prop_assert!(wait <= high * (1.0 + 1e-12), "{} > {}", wait, high);
    }

    /// `Retry-After` wins over the backoff, capped and floored at 0.
    #[test]
    fn retry_after_is_the_wait_capped(
        ms in prop_oneof![0.0f64..1e9, any_f64()],
        max_backoff_ms in 0.0f64..1e6,
        retry in any::<u32>(),
        jitter in any_f64(),
    ) {
        // The backoff base is the default's, 300 ms: Retry-After does not use it.
        let wait = delay_ms(300.0, max_backoff_ms, retry, jitter, Some(ms));
        let expected = if ms.is_nan() { 0.0 } else { ms.clamp(0.0, max_backoff_ms) };
        prop_assert_eq!(wait, expected);
    }
}
