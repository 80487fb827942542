//! Small helpers shared by the routes: JSON answers, errors, header and form parsing.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

/// An answer with `status` and `value` as its JSON body.
pub(crate) fn json(status: StatusCode, value: Value) -> Response {
    let mut response = Response::new(Body::from(value.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// An error answer: `status` with the JSON body `{"error": message}`.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json(status, serde_json::json!({ "error": message.into() }))
}

/// An answer with `status` and no body at all.
pub(crate) fn empty(status: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response
}

/// Whether an answer with `status` must not carry a body.
pub(crate) fn is_bodyless(status: StatusCode) -> bool {
    status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::RESET_CONTENT
        || status == StatusCode::NOT_MODIFIED
}

/// A header value as text; bytes that are not UTF-8 are replaced (never fails).
pub(crate) fn header_text(value: &HeaderValue) -> String {
    String::from_utf8_lossy(value.as_bytes()).into_owned()
}

/// Headers as a JSON object, as `/echo` and `/seen` show them: lower-case names,
/// repeated values joined with `", "`.
pub(crate) fn header_fields(headers: &HeaderMap) -> Map<String, Value> {
    let mut fields = Map::new();
    for name in headers.keys() {
        let values: Vec<String> = headers.get_all(name).iter().map(header_text).collect();
        fields.insert(name.as_str().to_owned(), Value::String(values.join(", ")));
    }
    fields
}

/// The media type of a `Content-Type` value, lower-cased and without parameters:
/// `Application/JSON; charset=utf-8` gives `application/json`.
pub(crate) fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type (from [`media_type`]) is JSON: `application/json` or `*/*+json`.
pub(crate) fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}

/// The media type of HTML forms' urlencoded bodies.
pub(crate) const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";

/// Parses `application/x-www-form-urlencoded` text (a query string or a form body)
/// into a JSON object: `a=1&b=2&b=3` gives `{"a": "1", "b": ["2", "3"]}`.
pub(crate) fn urlencoded_to_json(input: &[u8]) -> Value {
    let mut fields = Map::new();
    for (name, value) in form_urlencoded::parse(input) {
        let value = Value::String(value.into_owned());
        match fields.get_mut(name.as_ref()) {
            None => {
                fields.insert(name.into_owned(), value);
            }
            Some(Value::Array(values)) => values.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
        }
    }
    Value::Object(fields)
}

/// Whether `id` is a safe path segment for resource ids and flaky keys: 1 to 128
/// characters of `A-Z a-z 0-9 . _ ~ -`, and neither `.` nor `..`.
pub(crate) fn is_safe_segment(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-'))
}

/// The path parameter when it is a safe segment (see [`is_safe_segment`]), else the
/// problem with it: `bad <what> "…": <each> is 1 to 128 characters …` (`what` names
/// the parameter, e.g. `resource id`; `each` says it again, e.g. `an id`).
pub(crate) fn safe_segment(
    path: Result<Path<String>, PathRejection>,
    what: &str,
    each: &str,
) -> Result<String, Problem> {
    match path {
        Err(rejection) => Err(bad_path(rejection)),
        Ok(Path(text)) if is_safe_segment(&text) => Ok(text),
        Ok(Path(text)) => Err(Problem::bad_request(format!(
            "bad {what} {:?}: {each} is 1 to 128 characters of A-Z a-z 0-9 . _ ~ - and not . or ..",
            shorten(&text)
        ))),
    }
}

/// `text` cut to at most 80 characters, for quoting client input in error messages.
pub(crate) fn shorten(text: &str) -> String {
    if text.chars().count() <= 80 {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    }
}

/// An error answer not built yet: its status and message. Small, unlike a
/// [`Response`], so it can be passed around in `Result`s.
#[derive(Debug)]
pub(crate) struct Problem {
    status: StatusCode,
    message: String,
}

impl Problem {
    /// A `400 Bad Request` problem.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Problem {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        error(self.status, self.message)
    }
}

/// The problem with a path parameter that could not be decoded (e.g. bad UTF-8).
pub(crate) fn bad_path(rejection: impl std::fmt::Display) -> Problem {
    Problem::bad_request(format!("the path could not be read: {rejection}"))
}
