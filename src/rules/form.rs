//! `application/x-www-form-urlencoded`: the encoding Requests uses for `data={…}`.
//!
//! Bytes are encoded as the URL Standard's urlencoded serializer does: ASCII letters,
//! digits and `*-._` stay, a space becomes `+`, every other UTF-8 byte becomes `%XX`.

use std::string::String;

/// Builds a form body pair by pair.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FormEncoder {
    out: String,
}

impl FormEncoder {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `key=value`.
    pub fn pair(&mut self, key: &str, value: &str) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        encode_into(&mut self.out, key);
        self.out.push('=');
        encode_into(&mut self.out, value);
    }

    /// The encoded form.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Appends `s`, form-encoded, to `out`.
pub fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xF)]));
            }
        }
    }
}

/// Encodes pairs into one form body.
pub fn encode<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut form = FormEncoder::new();
    for (k, v) in pairs {
        form.pair(k, v);
    }
    form.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_tutorial_form_encodes_as_requests_does() {
        assert_eq!(encode([("key", "value")]), "key=value");
        assert_eq!(
            encode([("key1", "value1"), ("key2", "value2")]),
            "key1=value1&key2=value2"
        );
    }

    #[test]
    fn spaces_become_plus_and_reserved_bytes_are_escaped() {
        assert_eq!(encode([("a b", "c&d=e+f")]), "a+b=c%26d%3De%2Bf");
        assert_eq!(encode([("k", "*-._~")]), "k=*-._%7E");
    }

    #[test]
    fn non_ascii_is_percent_encoded_as_utf8() {
        assert_eq!(encode([("名", "café")]), "%E5%90%8D=caf%C3%A9");
    }

    #[test]
    fn repeated_keys_stay_in_order() {
        assert_eq!(encode([("k", "1"), ("k", "2")]), "k=1&k=2");
    }

    #[test]
    fn empty_form_is_empty_string() {
        assert_eq!(encode([]), "");
        assert_eq!(encode([("", "")]), "=");
    }
}
