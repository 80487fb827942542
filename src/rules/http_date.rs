//! HTTP dates (RFC 9110 §5.6.7), as `Retry-After` may give one: the three forms, read
//! into seconds since the Unix epoch with no clock and no allocation.

/// Seconds since the Unix epoch of an HTTP date (RFC 9110 §5.6.7): IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
pub fn parse_http_date(s: &str) -> Option<i64> {
    // At most six words; a seventh makes the value no HTTP date (`None` below).
    let mut words = [""; 7];
    let mut n = 0;
    for w in s.split_ascii_whitespace() {
        *words.get_mut(n)? = w;
        n += 1;
    }
    let (day, month, year, time) = match words.get(..n)? {
        [wd, d, m, y, t, "GMT"] if wd.ends_with(',') => (*d, *m, year4(y)?, *t),
        [wd, dmy, t, "GMT"] if wd.ends_with(',') => {
            let (d, m, y) = three(dmy, b'-')?;
            let yy = i64::from(digits(y, 2, 2)?);
            // RFC 9110: a two-digit year more than 50 years ahead is in the past century.
            (d, m, if yy < 70 { 2000 + yy } else { 1900 + yy }, *t)
        }
        [_wd, m, d, t, y] => (*d, *m, year4(y)?, *t),
        _ => return None,
    };
    let day = digits(day, 1, 2)?;
    let month = month_number(month)?;
    let (h, mi, se) = three(time, b':')?;
    let (h, mi, se) = (digits(h, 2, 2)?, digits(mi, 2, 2)?, digits(se, 2, 2)?);
    // A day its month does not have (31 April, 29 February of a common year) makes
    // the date invalid, rather than a day of the next month.
    if !(1..=days_in_month(year, month)).contains(&day) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + i64::from(h * 3600 + mi * 60 + se))
}

/// `s` as the three fields around exactly two `sep` bytes, or `None`.
fn three(s: &str, sep: u8) -> Option<(&str, &str, &str)> {
    let (a, rest) = split_at_byte(s, sep)?;
    let (b, c) = split_at_byte(rest, sep)?;
    (!c.bytes().any(|x| x == sep)).then_some((a, b, c))
}

/// `s` before and after its first `sep` byte (an ASCII byte, so both are `str`s).
fn split_at_byte(s: &str, sep: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|x| x == sep)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

fn year4(y: &str) -> Option<i64> {
    digits(y, 4, 4).map(i64::from)
}

/// The value of `s` when it is `min` to `max` (at most 9) ASCII digits, else `None`.
fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

fn month_number(m: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS.iter().position(|x| *x == m).map(|i| i as u32 + 1)
}

/// The number of days in `month` (1–12) of `year`, proleptic Gregorian.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_dates_are_refused() {
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Thu, 31 Apr 2025 08:49:37 GMT",
            "Sat, 29 Feb 1900 08:49:37 GMT",
            "Thursday, 30-Feb-00 08:49:37 GMT",
            "06 Nov 1994",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn retry_after_date_on_feb_29_of_a_leap_year_is_read() {
        // Leap years: divisible by 4, except centuries, except those divisible by 400.
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT"),
            Some(1_709_164_800)
        );
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT"),
            Some(951_782_400)
        );
        assert_eq!(
            parse_http_date("Tue, 29 Feb 1600 00:00:00 GMT"),
            Some(-11_670_998_400)
        );
    }

    #[test]
    fn feb_29_of_a_common_year_or_a_century_not_divisible_by_400_is_refused() {
        for bad in [
            "Sat, 29 Feb 2025 00:00:00 GMT",
            "Mon, 29 Feb 2100 00:00:00 GMT",
            "Mon, 29 Feb 1700 00:00:00 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        assert_eq!(
            parse_http_date("Fri, 28 Feb 2025 00:00:00 GMT"),
            Some(1_740_700_800)
        );
    }

    #[test]
    fn dates_without_the_comma_after_the_weekday_are_refused() {
        assert_eq!(parse_http_date("Sun 06 Nov 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sunday 06-Nov-94 08:49:37 GMT"), None);
    }

    #[test]
    fn rfc850_years_70_to_99_are_the_1900s_and_00_to_69_the_2000s() {
        assert_eq!(parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Wednesday, 31-Dec-69 23:59:59 GMT"),
            Some(3_155_759_999)
        );
    }

    #[test]
    fn a_leap_second_is_read_as_the_first_second_of_the_next_minute() {
        assert_eq!(
            parse_http_date("Wed, 31 Dec 2008 23:59:60 GMT"),
            parse_http_date("Thu, 01 Jan 2009 00:00:00 GMT")
        );
        assert_eq!(
            parse_http_date("Thu, 01 Jan 2009 00:00:00 GMT"),
            Some(1_230_768_000)
        );
    }

    #[test]
    fn a_minute_of_60_or_a_second_of_61_is_refused() {
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:60:00 GMT"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:61 GMT"), None);
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:59:59 GMT"),
            Some(784_112_399)
        );
    }

    #[test]
    fn civil_days_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 11, 24), 20_781);
    }
}
