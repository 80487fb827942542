//! Header checks: what a request header name and value may hold.
//!
//! The rules are those of HTTP (RFC 9110 §5.1, §5.5) narrowed to what `fetch` accepts:
//! a name is a non-empty token; a value holds no CR, LF or NUL and, because `fetch`
//! carries header values as byte strings, no character above U+00FF.

/// Why a header was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderProblem {
    /// The name is empty.
    EmptyName,
    /// The name holds a character that is not a token character.
    InvalidName,
    /// The value holds CR, LF or NUL (header injection).
    LineBreakInValue,
    /// The value holds a character above U+00FF, which `fetch` cannot send.
    NotLatin1,
}

impl HeaderProblem {
    /// A sentence that says what is wrong and how to fix it.
    pub fn explain(self) -> &'static str {
        match self {
            HeaderProblem::EmptyName => "a header name cannot be empty",
            HeaderProblem::InvalidName => {
                "a header name may hold only letters, digits and !#$%&'*+-.^_`|~"
            }
            HeaderProblem::LineBreakInValue => {
                "a header value cannot hold CR, LF or NUL; remove the line break"
            }
            HeaderProblem::NotLatin1 => {
                "a header value can only hold characters up to U+00FF; percent-encode the value (encodeURIComponent)"
            }
        }
    }
}

/// Whether `c` is a token character (RFC 9110 §5.6.2).
pub fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '-'
                | '.'
                | '^'
                | '_'
                | '`'
                | '|'
                | '~'
        )
}

/// Checks a header name.
pub fn check_name(name: &str) -> Result<(), HeaderProblem> {
    if name.is_empty() {
        Err(HeaderProblem::EmptyName)
    } else if name.chars().all(is_token_char) {
        Ok(())
    } else {
        Err(HeaderProblem::InvalidName)
    }
}

/// Checks a header value.
pub fn check_value(value: &str) -> Result<(), HeaderProblem> {
    for c in value.chars() {
        if matches!(c, '\r' | '\n' | '\0') {
            return Err(HeaderProblem::LineBreakInValue);
        }
        if u32::from(c) > 0xFF {
            return Err(HeaderProblem::NotLatin1);
        }
    }
    Ok(())
}

/// Checks a header name and its value.
pub fn check(name: &str, value: &str) -> Result<(), HeaderProblem> {
    check_name(name)?;
    check_value(value)
}

/// Whether `name` is `Content-Type`, in any case.
pub fn is_content_type(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-type")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_and_values_pass() {
        assert_eq!(check("Content-Type", "application/json"), Ok(()));
        assert_eq!(check("X-Custom_1.2~", "a b\tc"), Ok(()));
        assert_eq!(check("accept", ""), Ok(()));
    }

    #[test]
    fn names_with_separators_or_spaces_are_refused() {
        for bad in ["X Y", "X:Y", "X\nY", "(x)", "x\"", "ü", "a/b"] {
            assert_eq!(check_name(bad), Err(HeaderProblem::InvalidName), "{bad:?}");
        }
        assert_eq!(check_name(""), Err(HeaderProblem::EmptyName));
    }

    #[test]
    fn values_with_line_breaks_or_nul_are_refused() {
        for bad in ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b"] {
            assert_eq!(check_value(bad), Err(HeaderProblem::LineBreakInValue));
        }
    }

    #[test]
    fn values_beyond_latin1_are_refused_and_latin1_passes() {
        assert_eq!(check_value("café"), Ok(()));
        assert_eq!(check_value("€"), Err(HeaderProblem::NotLatin1));
    }

    #[test]
    fn the_last_latin1_character_passes_and_the_next_one_is_refused() {
        assert_eq!(check_value("\u{FF}"), Ok(()));
        assert_eq!(check_value("\u{100}"), Err(HeaderProblem::NotLatin1));
    }

    #[test]
    fn a_header_is_refused_for_its_name_first_then_for_its_value() {
        assert_eq!(check("X Y", "ok"), Err(HeaderProblem::InvalidName));
        assert_eq!(check("", "a\nb"), Err(HeaderProblem::EmptyName));
        assert_eq!(check("X", "a\nb"), Err(HeaderProblem::LineBreakInValue));
        assert_eq!(check("X", "€"), Err(HeaderProblem::NotLatin1));
    }

    #[test]
    fn content_type_is_recognised_in_any_case() {
        assert!(is_content_type("content-TYPE"));
        assert!(!is_content_type("content-length"));
    }

    #[test]
    fn every_problem_has_an_explanation() {
        for p in [
            HeaderProblem::EmptyName,
            HeaderProblem::InvalidName,
            HeaderProblem::LineBreakInValue,
            HeaderProblem::NotLatin1,
        ] {
            assert!(!p.explain().is_empty());
        }
    }

    #[test]
    fn each_explanation_says_what_is_wrong_and_how_to_fix_it() {
        assert_eq!(
            HeaderProblem::EmptyName.explain(),
            "a header name cannot be empty"
        );
        assert!(HeaderProblem::LineBreakInValue
            .explain()
            .contains("CR, LF or NUL; remove the line break"));
        assert!(HeaderProblem::NotLatin1
            .explain()
            .contains("up to U+00FF; percent-encode the value (encodeURIComponent)"));
    }

    #[test]
    fn the_invalid_name_explanation_lists_exactly_the_punctuation_a_name_may_hold() {
        let text = HeaderProblem::InvalidName.explain();
        let listed = text.split_once("digits and ").map_or("", |(_, l)| l);
        assert!(!listed.is_empty(), "no list of characters in {text:?}");
        for c in (' '..='~').filter(|c| c.is_ascii_punctuation()) {
            assert_eq!(listed.contains(c), is_token_char(c), "{c:?}");
        }
    }
}
