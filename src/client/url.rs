//! The URL of a call: resolved against the page or worker location with the platform
//! `URL` (`web_sys::Url`), and checked before anything is sent.

use web_sys::Url;

use super::platform;
use crate::rules::options::{merge_query, Caller};
use crate::rules::Invalid;

/// Whether `url` starts with `scheme://`, which no base changes.
fn has_authority(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once("://") else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `url` resolved against the location: its href. Refuses what fetch would refuse later
/// or send somewhere surprising: no URL, a relative URL with nothing to resolve it
/// against, a scheme other than http(s), a user name or password in the URL (the
/// message in `caller`'s words). The error comes with the URL to show in its message
/// (never with a password in it).
pub fn resolve(url: &str, caller: Caller) -> Result<String, (Invalid, String)> {
    resolve_against(url, None, caller)
}

/// `url` resolved as `new URL(url, base)` does, `base` (a client's base URL, already
/// absolute) standing in for the location when given; see [`resolve`].
pub fn resolve_against(
    url: &str,
    base: Option<&str>,
    caller: Caller,
) -> Result<String, (Invalid, String)> {
    let base = if has_authority(url) {
        Ok(None)
    } else if let Some(base) = base {
        Ok(Some(base.to_string()))
    } else {
        platform::location_href().map(Some).ok_or(())
    };
    parse(url, &base, caller)
}

/// `url` parsed against `base` (`Ok(None)`: none needed; `Err`: none to be had) and
/// checked; see [`resolve`].
fn parse(
    url: &str,
    base: &Result<Option<String>, ()>,
    caller: Caller,
) -> Result<String, (Invalid, String)> {
    let parsed = match base {
        Ok(None) => Url::new(url),
        Ok(Some(base)) => Url::new_with_base(url, base),
        Err(()) => Url::new(url),
    };
    let Ok(parsed) = parsed else {
        let detail = if base.is_err() {
            "The url is not an absolute URL, and there is no page location to resolve it against; pass an absolute http(s) URL"
        } else {
            "The url is not a valid URL; check it for typos"
        };
        return Err((Invalid::new(detail), url.to_string()));
    };
    let protocol = parsed.protocol();
    if protocol != "http:" && protocol != "https:" {
        return Err((
            Invalid::new(format!(
                "Only http: and https: URLs can be sent a PUT, not {protocol}"
            )),
            parsed.href(),
        ));
    }
    if !parsed.username().is_empty() || !parsed.password().is_empty() {
        parsed.set_username("");
        parsed.set_password("");
        let instead = match caller {
            Caller::Js => "options.auth = [user, password]",
            Caller::Rust => "basic_auth(user, password)",
        };
        return Err((
            Invalid::new(format!("The url holds a user name or password, which fetch refuses; pass them as {instead}")),
            parsed.href(),
        ));
    }
    Ok(parsed.href())
}

/// `href` with the encoded pairs `extra` appended to its query, keeping those there.
pub fn with_query(href: &str, extra: &str) -> Result<String, Invalid> {
    let parsed = Url::new(href).map_err(|_| Invalid::new("The url could not be parsed"))?;
    parsed.set_search(&merge_query(&parsed.search(), extra));
    Ok(parsed.href())
}

#[cfg(test)]
mod tests {
    use super::has_authority;

    #[test]
    fn only_a_scheme_and_two_slashes_make_an_authority() {
        assert!(has_authority("http://h/"));
        assert!(has_authority("svn+ssh://h"));
        assert!(!has_authority("/resources/1"));
        assert!(!has_authority("1http://h"));
        assert!(!has_authority("a b://h"));
        assert!(!has_authority("mailto:x@y"));
    }
}
