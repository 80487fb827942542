//! HTTP Basic credentials (RFC 7617): the `Authorization` value, base64 and all.

use super::Invalid;

/// The `Authorization` value for HTTP Basic (RFC 7617, UTF-8).
pub fn basic_auth(user: &str, password: &str) -> Result<String, Invalid> {
    if user.contains(':') {
        return Err(Invalid::new(
            "a Basic user name cannot hold \":\" (RFC 7617)",
        ));
    }
    if user.chars().chain(password.chars()).any(char::is_control) {
        return Err(Invalid::new(
            "the user name and password cannot hold control characters",
        ));
    }
    let mut out = String::from("Basic ");
    base64_into(&mut out, format!("{user}:{password}").as_bytes());
    Ok(out)
}

/// Appends standard base64 (with padding) of `bytes`.
pub fn base64_into(out: &mut String, bytes: &[u8]) {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
}
