//! `form::encode` on any pairs: the URL Standard's serializer byte for byte, and a
//! standard form parser reads the pairs back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wasm_put::rules::form;

fuzz_target!(|pairs: Vec<(&str, &str)>| {
    let encoded = form::encode(pairs.iter().copied());
    let reference = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter())
        .finish();
    assert_eq!(encoded, reference);
    let back: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let want: Vec<(String, String)> = pairs
        .iter()
        .map(|&(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    assert_eq!(back, want);
});
