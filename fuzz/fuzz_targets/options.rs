//! `options::merge_query` and `options::basic_auth` on any text: the merged query is
//! the old pairs then the new for a form parser; Basic auth decodes back to
//! `user:password` and is always a valid header value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wasm_put::rules::{headers, options};

fn pairs(s: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(s.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn decode_base64(s: &str) -> Vec<u8> {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    assert_eq!(s.len() % 4, 0, "{s:?}");
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let pad = chunk.iter().filter(|&&b| b == b'=').count();
        let mut n = 0u32;
        for &b in chunk {
            let v = if b == b'=' {
                0
            } else {
                ABC.iter().position(|&x| x == b).expect("base64") as u32
            };
            n = (n << 6) | v;
        }
        out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
    }
    out
}

fuzz_target!(|input: (&str, &str, &str, &str)| {
    let (search, extra, user, password) = input;
    let merged = options::merge_query(search, extra);
    let old = search.strip_prefix('?').unwrap_or(search);
    assert!(merged.starts_with(old) && merged.ends_with(extra));
    let mut want = pairs(old);
    want.extend(pairs(extra));
    assert_eq!(pairs(&merged), want, "{search:?} + {extra:?} = {merged:?}");

    match options::basic_auth(user, password) {
        Ok(value) => {
            assert_eq!(headers::check_value(&value), Ok(()));
            let encoded = value.strip_prefix("Basic ").expect("Basic scheme");
            assert_eq!(
                decode_base64(encoded),
                format!("{user}:{password}").into_bytes()
            );
        }
        Err(_) => assert!(
            user.contains(':') || user.chars().chain(password.chars()).any(char::is_control)
        ),
    }
});
