//! The charset of a response, from its `Content-Type`.

/// The `charset` parameter of a `Content-Type` value, unquoted, or `None`.
///
/// `text/html; charset="ISO-8859-1"` gives `ISO-8859-1`. Parameter names are matched
/// without regard to case; an empty charset counts as none.
pub fn of_content_type(content_type: &str) -> Option<&str> {
    let mut params = content_type.split(';');
    params.next();
    for param in params {
        let Some((name, value)) = param.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("charset") {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value)
                .trim();
            return (!value.is_empty()).then_some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::of_content_type;

    #[test]
    fn charset_is_found_in_any_case_and_quoting() {
        assert_eq!(of_content_type("text/plain; charset=utf-8"), Some("utf-8"));
        assert_eq!(
            of_content_type("text/html;CHARSET=\"ISO-8859-1\""),
            Some("ISO-8859-1")
        );
        assert_eq!(
            of_content_type("text/plain; format=flowed; charset = windows-1252 "),
            Some("windows-1252")
        );
    }

    #[test]
    fn no_charset_gives_none() {
        assert_eq!(of_content_type("application/json"), None);
        assert_eq!(of_content_type(""), None);
        assert_eq!(of_content_type("text/plain; charset="), None);
        assert_eq!(of_content_type("text/plain; charset=\"\""), None);
        assert_eq!(of_content_type("text/plain; nonsense"), None);
    }
}
