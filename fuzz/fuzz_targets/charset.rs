//! `charset::of_content_type` on any text: never a panic; a charset found is a
//! non-empty, trimmed slice of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wasm_put::charset::of_content_type;

fuzz_target!(|content_type: &str| {
    if let Some(found) = of_content_type(content_type) {
        assert!(!found.is_empty());
        assert_eq!(found, found.trim());
        let start = found.as_ptr() as usize - content_type.as_ptr() as usize;
        assert!(start + found.len() <= content_type.len());
        assert!(content_type[start..].starts_with(found));
    }
});
