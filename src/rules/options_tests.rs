//! Tests of `options.rs`: option checks, Basic auth, base64 and query merging.
use super::*;

#[test]
fn pass_through_choices_are_checked_by_name() {
    assert!(check_choice("credentials", "include").is_ok());
    assert!(check_choice("referrer", "anything").is_ok());
    let e = check_choice("mode", "navigate").unwrap_err();
    assert!(e.detail.contains("Option mode cannot be \"navigate\""));
    assert!(e.detail.contains("\"no-cors\""));
}

#[test]
fn unknown_keys_are_named_with_the_known_ones() {
    assert!(check_key("timeout", &KNOWN, "").is_ok());
    let e = check_key("timout", &KNOWN, "").unwrap_err();
    assert!(e
        .detail
        .starts_with("Unknown option \"timout\"; the options are json, params, timeout"));
    let e = check_key("limt", &KNOWN_RETRY, "retry.").unwrap_err();
    assert!(e.detail.starts_with("Unknown option \"retry.limt\""));
    assert!(e.detail.contains("retry.limit"));
}

#[test]
fn timeout_must_be_finite_and_positive() {
    assert_eq!(check_timeout(5000.0).unwrap(), 5000.0);
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(check_timeout(bad).is_err());
    }
}

#[test]
fn retry_count_and_object_make_a_policy() {
    let p = retry_policy(&RetryInput {
        limit: Some(3.0),
        ..RetryInput::default()
    })
    .unwrap();
    assert_eq!(p.limit, 3);
    assert_eq!(p.backoff_ms, 300.0);
    let p = retry_policy(&RetryInput {
        limit: Some(2.0),
        status_codes: Some(vec![503.0, 418.0]),
        backoff_ms: Some(10.0),
        max_backoff_ms: Some(50.0),
    })
    .unwrap();
    assert_eq!(p.status_codes, vec![503, 418]);
    assert_eq!((p.backoff_ms, p.max_backoff_ms), (10.0, 50.0));
}

#[test]
fn bad_retry_values_are_refused_naming_the_field() {
    let bad = |input: RetryInput| retry_policy(&input).unwrap_err().detail;
    assert!(bad(RetryInput {
        limit: Some(1.5),
        ..Default::default()
    })
    .contains("whole number"));
    assert!(bad(RetryInput {
        limit: Some(-1.0),
        ..Default::default()
    })
    .contains("retry"));
    assert!(bad(RetryInput {
        limit: Some(1e9),
        ..Default::default()
    })
    .contains("100"));
    assert!(bad(RetryInput {
        status_codes: Some(vec![99.0]),
        ..Default::default()
    })
    .contains("statusCodes"));
    assert!(bad(RetryInput {
        backoff_ms: Some(f64::NAN),
        ..Default::default()
    })
    .contains("retry.backoffMs"));
    assert!(bad(RetryInput {
        max_backoff_ms: Some(-1.0),
        ..Default::default()
    })
    .contains("retry.maxBackoffMs"));
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
fn update_takes_puts_options_less_the_body_and_conditions_plus_its_own() {
    let known = known_for_update();
    for key in NOT_FOR_UPDATE {
        assert!(check_key(key, &known, "").is_err(), "{key}");
    }
    for key in ["timeout", "retry", "signal", "conflicts", "headers"] {
        assert!(check_key(key, &known, "").is_ok(), "{key}");
    }
    assert_eq!(check_conflicts(5.0).unwrap(), 5);
    for bad in [-1.0, 1.5, 101.0, f64::NAN] {
        assert!(check_conflicts(bad).is_err());
    }
}

#[test]
fn expected_names_what_each_known_option_must_hold_and_nothing_for_an_unknown_one() {
    assert_eq!(
        expected("timeout", &KNOWN),
        Some("a finite number of milliseconds above 0 (e.g. 5000)")
    );
    assert_eq!(
        expected("limit", &KNOWN_RETRY),
        Some("a whole number of retries")
    );
    assert_eq!(
        expected("conflicts", &known_for_update()),
        Some("a whole number of times to start again after a 412 (e.g. 5)")
    );
    for (key, what) in KNOWN {
        assert_eq!(expected(key, &KNOWN), Some(what), "{key}");
    }
    for (key, what) in KNOWN_RETRY {
        assert_eq!(expected(key, &KNOWN_RETRY), Some(what), "{key}");
    }
    assert_eq!(expected("timout", &KNOWN), None);
    assert_eq!(expected("json", &known_for_update()), None);
}
