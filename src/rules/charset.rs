//! The `charset` parameter of a `Content-Type` value.

/// The `charset` of `content_type`, unquoted, or `None`:
/// `text/html; charset="ISO-8859-1"` gives `ISO-8859-1`; the name matches in any case.
pub fn of(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .map_or(value, str::trim);
        (!value.is_empty()).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn the_charset_is_found_in_any_case_spacing_and_quoting() {
        assert_eq!(of("text/plain; charset=iso-8859-1"), Some("iso-8859-1"));
        assert_eq!(of("text/plain;CHARSET = \"Latin1\" "), Some("Latin1"));
        assert_eq!(
            of("text/plain; format=flowed; charset=utf-8"),
            Some("utf-8")
        );
    }

    #[test]
    fn no_charset_or_an_empty_one_is_none() {
        assert_eq!(of("application/json"), None);
        assert_eq!(of("text/plain; charset="), None);
        assert_eq!(of("text/plain; charset=\"\""), None);
        assert_eq!(of("charset=utf-8"), None);
    }
}
