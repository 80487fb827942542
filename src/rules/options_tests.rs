//! Tests of `options.rs` and `option_checks.rs`: the option table, value checks, Basic
//! auth, base64 and query merging.
use super::*;
use crate::rules::option_checks::*;
use crate::rules::retry::RetryProblem;

#[test]
fn pass_through_choices_are_checked_by_name() {
    assert!(check_choice(Caller::Js, Key::Credentials, "include").is_ok());
    assert!(check_choice(Caller::Js, Key::Referrer, "anything").is_ok());
    let e = check_choice(Caller::Js, Key::Mode, "navigate").unwrap_err();
    assert!(e.detail.contains("Option mode cannot be \"navigate\""));
    assert!(e.detail.contains("\"no-cors\""));
    let e = check_choice(Caller::Rust, Key::Priority, "urgent").unwrap_err();
    assert!(
        e.detail.starts_with("priority(…) cannot be \"urgent\""),
        "{}",
        e.detail
    );
}

#[test]
fn unknown_keys_are_named_with_the_known_ones() {
    assert!(check_key("timeout", For::Put).is_ok());
    let e = check_key("timout", For::Put).unwrap_err();
    assert!(e
        .detail
        .starts_with("Unknown option \"timout\"; the options are json, params, timeout"));
    let e = check_retry_key("limt").unwrap_err();
    assert!(e.detail.starts_with("Unknown option \"retry.limt\""));
    assert!(e.detail.contains("retry.limit"));
}

#[test]
fn timeout_must_be_finite_and_positive() {
    assert_eq!(check_timeout(Caller::Js, 5000.0).unwrap(), 5000.0);
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(check_timeout(Caller::Js, bad).is_err());
    }
    assert!(check_timeout(Caller::Rust, 0.0)
        .unwrap_err()
        .detail
        .starts_with("timeout(…)"));
}

#[test]
fn retry_count_and_object_make_a_policy() {
    assert_eq!(retry_limit(3.0).unwrap(), 3);
    assert_eq!(retry_status(503.0).unwrap(), 503);
    assert_eq!(
        retry_wait("backoffMs", 10.0).unwrap(),
        std::time::Duration::from_millis(10)
    );
    assert_eq!(
        retry_wait("maxBackoffMs", 50.0).unwrap(),
        std::time::Duration::from_millis(50)
    );
}

#[test]
fn bad_retry_values_are_refused_naming_the_field() {
    assert!(retry_limit(1.5)
        .unwrap_err()
        .detail
        .contains("whole number"));
    assert!(retry_limit(-1.0).unwrap_err().detail.contains("retry"));
    assert!(retry_limit(1e9).unwrap_err().detail.contains("100"));
    assert!(retry_status(99.0)
        .unwrap_err()
        .detail
        .contains("statusCodes"));
    assert!(retry_wait("backoffMs", f64::NAN)
        .unwrap_err()
        .detail
        .contains("retry.backoffMs"));
    assert!(retry_wait("maxBackoffMs", -1.0)
        .unwrap_err()
        .detail
        .contains("retry.maxBackoffMs"));
    assert!(
        retry_wait("backoffMs", 1e300).is_err(),
        "too long for a Duration"
    );
    for bad in [f64::INFINITY, f64::NEG_INFINITY, -0.5] {
        assert!(retry_wait("backoffMs", bad).is_err(), "{bad}");
    }
    assert_eq!(
        retry_wait("backoffMs", 0.0).unwrap(),
        std::time::Duration::ZERO
    );
    let rust = retry_refused(Caller::Rust, RetryProblem::Limit).detail;
    assert_eq!(rust, "retry(…) allows at most 100 retries");
}

#[test]
fn basic_auth_is_base64_of_user_colon_password() {
    assert_eq!(
        basic_auth("Aladdin", "open sesame").unwrap(),
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(
        basic_auth("user", "pässwörd").unwrap(),
        "Basic dXNlcjpww6Rzc3fDtnJk"
    );
    assert!(basic_auth("a:b", "c").is_err());
    assert!(basic_auth("a", "c\nd").is_err());
}

#[test]
fn base64_pads_as_the_standard_says() {
    for (input, out) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
    ] {
        let mut s = String::new();
        base64_into(&mut s, input.as_bytes());
        assert_eq!(s, out);
    }
}

#[test]
fn query_merging_keeps_existing_pairs() {
    assert_eq!(merge_query("", "a=1"), "a=1");
    assert_eq!(merge_query("?x=1", "a=1"), "x=1&a=1");
    assert_eq!(merge_query("?x=1&", "a=1"), "x=1&a=1");
    assert_eq!(merge_query("?x=1", ""), "x=1");
    assert_eq!(merge_query("?a=1", "a=2"), "a=1&a=2");
}

#[test]
fn create_takes_puts_options_less_the_body_conditions_and_signal_plus_its_own() {
    for key in ["json", "ifMatch", "createOnly", "signal", "conflicts"] {
        assert!(check_key(key, For::Create).is_err(), "{key}");
    }
    for key in [
        "timeout",
        "totalTimeout",
        "retry",
        "supersede",
        "headers",
        "baseUrl",
        "bearer",
        "hooks",
        "params",
        "auth",
    ] {
        assert!(check_key(key, For::Create).is_ok(), "{key}");
    }
    for key in ["baseUrl", "bearer", "hooks"] {
        assert!(check_key(key, For::Put).is_err(), "{key}");
        assert!(check_key(key, For::Update).is_err(), "{key}");
    }
    assert!(check_key("totalTimeout", For::Put).is_ok());
    assert!(check_key("totalTimeout", For::Update).is_ok());
    assert!(check_total_timeout(Caller::Js, 1.0).is_ok());
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        let e = check_total_timeout(Caller::Js, bad).unwrap_err();
        assert!(e.detail.starts_with("Option totalTimeout must be"));
    }
    assert!(check_retry_key("shouldRetry").is_ok());
}

#[test]
fn update_takes_puts_options_less_the_body_and_conditions_plus_its_own() {
    for key in ["json", "ifMatch", "createOnly", "supersede"] {
        assert!(check_key(key, For::Update).is_err(), "{key}");
        assert!(check_key(key, For::Put).is_ok(), "{key}");
    }
    for key in ["timeout", "retry", "signal", "conflicts", "headers"] {
        assert!(check_key(key, For::Update).is_ok(), "{key}");
    }
    for key in ["conflicts", "headers"] {
        assert!(check_key(key, For::Put).is_err(), "{key}");
    }
    assert_eq!(check_conflicts(5.0).unwrap(), 5);
    for bad in [-1.0, 1.5, 101.0, f64::NAN] {
        assert!(check_conflicts(bad).is_err());
    }
}

#[test]
fn expected_names_what_each_known_option_must_hold_and_nothing_for_an_unknown_one() {
    let expects = |name, of| check_key(name, of).map(|s| s.expects).ok();
    assert_eq!(
        expects("timeout", For::Put),
        Some("a finite number of milliseconds above 0 (e.g. 5000)")
    );
    assert_eq!(
        RETRY_FIELDS[0],
        ("limit", "limit", "a whole number of retries")
    );
    assert_eq!(
        expects("conflicts", For::Update),
        Some("a whole number of times to start again after a 412 (e.g. 5)")
    );
    assert_eq!(expects("timout", For::Put), None);
    assert_eq!(expects("json", For::Update), None);
}

#[test]
fn the_table_has_one_entry_per_key_and_name() {
    for spec in &OPTIONS {
        assert_eq!(spec_of(spec.key), spec, "{:?}", spec.key);
        assert_eq!(
            OPTIONS.iter().filter(|s| s.js == spec.js).count(),
            1,
            "{}",
            spec.js
        );
    }
    assert_eq!(spec_of(Key::Timeout).named(Caller::Js), "Option timeout");
    assert_eq!(spec_of(Key::Auth).named(Caller::Rust), "basic_auth(…)");
}

#[test]
fn the_timeouts_are_refused_in_the_same_words_as_before() {
    let refused = |check: fn(Caller, f64) -> Result<f64, Invalid>, caller| {
        check(caller, 0.0).unwrap_err().detail
    };
    assert_eq!(
        refused(check_timeout, Caller::Js),
        "Option timeout must be a finite number of milliseconds above 0 (e.g. 5000)"
    );
    assert_eq!(
        refused(check_timeout, Caller::Rust),
        "timeout(…) must be above zero (e.g. Duration::from_secs(5))"
    );
    assert_eq!(
        refused(check_total_timeout, Caller::Js),
        "Option totalTimeout must be a finite number of milliseconds above 0 (e.g. 30000)"
    );
    assert_eq!(
        refused(check_total_timeout, Caller::Rust),
        "total_timeout(…) must be above zero (e.g. Duration::from_secs(30))"
    );
}

#[test]
fn an_outbox_takes_what_an_entry_can_keep_plus_key_and_says_why_not_the_rest() {
    for key in [
        "json",
        "params",
        "timeout",
        "totalTimeout",
        "retry",
        "throwHttpErrors",
        "auth",
        "ifMatch",
        "createOnly",
        "credentials",
        "keepalive",
        "key",
    ] {
        assert!(check_key(key, For::Outbox).is_ok(), "{key}");
    }
    assert!(check_key("key", For::Put).is_err());
    for (key, why) in [
        ("signal", "a signal cannot be stored"),
        (
            "supersede",
            "a new entry with the key of a pending one replaces it",
        ),
        ("onUploadProgress", "a function cannot be stored"),
        ("onDownloadProgress", "a function cannot be stored"),
    ] {
        let e = check_key(key, For::Outbox).unwrap_err().detail;
        assert!(
            e.starts_with(&format!("Option {key} is not taken by an outbox's put: ")),
            "{e}"
        );
        assert!(e.contains(why), "{e}");
    }
    // Options no put() takes are unknown, listed with those an outbox takes.
    let e = check_key("baseUrl", For::Outbox).unwrap_err().detail;
    assert!(
        e.starts_with("Unknown option \"baseUrl\"") && e.contains("key"),
        "{e}"
    );
    assert!(!e.contains("signal"), "{e}");
}
