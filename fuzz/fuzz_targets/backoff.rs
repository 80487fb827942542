//! `retry::delay_ms` on any numbers: never NaN, never negative, never over the cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wasm_put::rules::retry::delay_ms;

fuzz_target!(|input: (f64, f64, u32, f64, Option<f64>)| {
    let (backoff_ms, max_backoff_ms, retry, jitter, retry_after) = input;
    let wait = delay_ms(backoff_ms, max_backoff_ms, retry, jitter, retry_after);
    assert!(!wait.is_nan(), "{input:?}");
    assert!(wait >= 0.0, "{input:?} → {wait}");
    assert!(wait <= max_backoff_ms.max(0.0), "{input:?} → {wait}");
    // With a policy the option checks accept and no Retry-After, a backoff is at least
    // half the exponential (capped): never 0 because of an overflow.
    let accepted = backoff_ms.is_finite()
        && backoff_ms >= 0.0
        && max_backoff_ms.is_finite()
        && max_backoff_ms >= 0.0;
    if accepted && retry_after.is_none() && (0.0..=1.0).contains(&jitter) {
        let half = backoff_ms * 2f64.powi(retry.min(60) as i32) * 0.5;
        assert!(
            wait >= half.min(max_backoff_ms) * (1.0 - 1e-12),
            "{input:?} → {wait}"
        );
    }
});
