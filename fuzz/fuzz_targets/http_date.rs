//! `retry::parse_http_date` and `retry::parse_retry_after` on any text: never a panic,
//! and a date that parses is a real instant that, written back as an IMF-fixdate,
//! parses to the same instant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wasm_put::rules::retry::{parse_http_date, parse_retry_after};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// IMF-fixdate of `t` seconds since the epoch (H. Hinnant's civil-from-days).
fn imf_fixdate(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "Mon, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        MONTHS[m as usize - 1],
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fuzz_target!(|input: (f64, &str)| {
    let (now_ms, text) = input;
    let wait = parse_retry_after(text, now_ms);
    if let Some(wait) = wait {
        assert!(wait >= 0.0 || now_ms.is_nan(), "{text:?} waits {wait}");
    }
    if let Some(t) = parse_http_date(text) {
        // 0000-01-01 to 9999-12-31 23:59:60: what a 4-digit (or 2-digit) year can say.
        assert!(
            (-62_167_219_200..=253_402_300_800).contains(&t),
            "{text:?} → {t}"
        );
        // A leap second (:60) names the same instant as :00 of the next minute; the
        // written-back form has no leap second, so compare through it.
        // (9999-12-31 23:59:60 is the one instant whose next second has a 5-digit year.)
        if t > 253_402_300_799 {
            return;
        }
        let back = imf_fixdate(t);
        assert_eq!(parse_http_date(&back), Some(t), "{text:?} → {t} → {back:?}");
        // An IMF-fixdate names the same day, month and year it is read as (no
        // "31 Apr" read as 1 May), unless it is a leap second rolling over.
        let words: Vec<&str> = text.split_ascii_whitespace().collect();
        let again: Vec<&str> = back.split_ascii_whitespace().collect();
        if words.len() == 6 && !words[4].ends_with(":60") {
            let day = |w: &str| w.parse::<u32>().ok();
            assert_eq!(day(words[1]), day(again[1]), "{text:?} read as {back:?}");
            assert_eq!(&words[2..4], &again[2..4], "{text:?} read as {back:?}");
        }
    }
});
