//! `headers::check` on any name and value, against the `http` crate: names agree
//! both ways; on Latin-1 values `http` ⊆ ours, ours being wider only by the control
//! characters `fetch` allows; beyond Latin-1 ours refuses (fetch cannot send it).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wasm_put::rules::headers::{self, HeaderProblem};

fuzz_target!(|input: (&str, &str)| {
    let (name, value) = input;
    let checked = headers::check(name, value);
    let name_ok = headers::check_name(name);
    let value_ok = headers::check_value(value);
    assert_eq!(checked, name_ok.and(value_ok));

    if name.len() < 1 << 16 {
        assert_eq!(
            name_ok.is_ok(),
            http::HeaderName::from_bytes(name.as_bytes()).is_ok(),
            "{name:?}"
        );
    }

    let latin1: Option<Vec<u8>> = value
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect();
    let has_break = value.contains(['\r', '\n', '\0']);
    match latin1 {
        Some(bytes) => {
            let theirs = http::HeaderValue::from_bytes(&bytes);
            assert_eq!(value_ok.is_ok(), !has_break, "{value:?}");
            if theirs.is_ok() {
                assert_eq!(value_ok, Ok(()), "{value:?}");
            } else if value_ok.is_ok() {
                assert!(
                    value.chars().any(|c| c.is_ascii_control() && c != '\t'),
                    "{value:?}"
                );
            }
        }
        None if !has_break => assert_eq!(value_ok, Err(HeaderProblem::NotLatin1), "{value:?}"),
        None => assert!(value_ok.is_err()),
    }
});
