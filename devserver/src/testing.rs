//! Routes that exist for testing an HTTP client: echoes, chosen statuses, delays,
//! slow or broken bodies, flaky endpoints, redirects and large answers.

use std::time::Duration;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::body::{self, PatternBody, ScriptedBody, Step};
use crate::reply::{self, Problem, FORM_URLENCODED};
use crate::AppState;

/// Largest body `/echo` keeps in memory (and shows as text); larger ones are counted only.
const ECHO_KEEP: usize = 1024 * 1024;

/// Longest wait `/delay` and `/slow-body` agree to, in milliseconds.
pub(crate) const MAX_DELAY_MS: u64 = 60_000;

/// Largest body `/bytes/{n}` sends.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Largest `X-Big` header `/big-headers` sends.
const MAX_BIG_HEADER: usize = 1024 * 1024;

/// Size of the `X-Big` header when `/big-headers` is given no `bytes`.
const DEFAULT_BIG_HEADER: usize = 8 * 1024;

/// Most distinct keys `/flaky` keeps counters for.
const MAX_FLAKY_KEYS: usize = 10_000;

/// The first value of query parameter `name`, decoded.
fn query_param(uri: &Uri, name: &str) -> Option<String> {
    form_urlencoded::parse(uri.query()?.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Parses a number from the path or query, or gives the `400` problem naming `what`.
pub(crate) fn parse_number<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, Problem> {
    text.trim().parse().map_err(|_| {
        Problem::bad_request(format!(
            "{what} must be a whole number, got {:?}",
            reply::shorten(text)
        ))
    })
}

/// The path parameter as text, or the `400` problem with a path that cannot be decoded.
fn path_text(path: Result<Path<String>, PathRejection>) -> Result<String, Problem> {
    path.map(|Path(text)| text).map_err(reply::bad_path)
}

/// A `Location` header value for `target`, keeping the request's query string.
fn location(target: &str, uri: &Uri) -> HeaderValue {
    let with_query = match uri.query() {
        Some(query) => format!("{target}?{query}"),
        None => target.to_owned(),
    };
    HeaderValue::from_str(&with_query).unwrap_or_else(|_| HeaderValue::from_static("/echo"))
}

/// `ANY /echo`: describes the request as JSON, counting any body by streaming it.
pub(crate) async fn echo(
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    let counted = match body::count(request_body, ECHO_KEEP).await {
        Ok(counted) => counted,
        Err(err) => return err.into_response(),
    };
    let header_fields = reply::header_fields(&headers);
    let content_type = headers.get(header::CONTENT_TYPE).map(reply::header_text);
    let media_type = content_type.as_deref().map(reply::media_type);
    let text = counted
        .kept
        .as_ref()
        .and_then(|kept| std::str::from_utf8(kept).ok())
        .map(str::to_owned);
    let form = match (&counted.kept, media_type.as_deref()) {
        (Some(kept), Some(FORM_URLENCODED)) => reply::urlencoded_to_json(kept),
        _ => Value::Null,
    };
    reply::json(
        StatusCode::OK,
        json!({
            "method": method.as_str(),
            "path": uri.path(),
            "query": uri.query().unwrap_or_default(),
            "args": reply::urlencoded_to_json(uri.query().unwrap_or_default().as_bytes()),
            "headers": header_fields,
            "bodySize": counted.size,
            "contentType": content_type,
            "body": text,
            "form": form,
        }),
    )
}

/// `ANY /echo-body`: answers with the request body and its `Content-Type`, as is.
pub(crate) async fn echo_body(
    State(state): State<AppState>,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    if body::declared_length(&headers).is_some_and(|len| len > state.max_body) {
        body::drain_quietly(&headers, request_body).await;
        return body::too_large(state.max_body);
    }
    let data = match body::read_limited(request_body, state.max_body).await {
        Ok(data) => data,
        Err(err) => return err.into_response(),
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("application/octet-stream"));
    let mut answer = Response::new(Body::from(data));
    answer
        .headers_mut()
        .insert(header::CONTENT_TYPE, content_type);
    answer
}

/// `PUT /sink`: reads the whole body, whatever its size, throws it away; `204`.
pub(crate) async fn sink(request_body: Body) -> Response {
    match body::discard(request_body).await {
        Ok(_) => reply::empty(StatusCode::NO_CONTENT),
        Err(err) => err.into_response(),
    }
}

/// `ANY /status/{code}`: answers with that status and `{"status": code}`.
pub(crate) async fn status(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let code: u16 = match path_text(path).and_then(|text| parse_number(&text, "the status code")) {
        Ok(code) => code,
        Err(problem) => return problem.into_response(),
    };
    if (100..200).contains(&code) {
        return reply::error(
            StatusCode::BAD_REQUEST,
            format!(
                "{code} is informational (1xx) and cannot be the final answer; ask for 200 to 599"
            ),
        );
    }
    let status = match StatusCode::from_u16(code) {
        Ok(status) if (200..600).contains(&code) => status,
        _ => {
            return reply::error(
                StatusCode::BAD_REQUEST,
                format!("status code {code} is out of range; ask for 200 to 599"),
            )
        }
    };
    let mut answer = if reply::is_bodyless(status) {
        reply::empty(status)
    } else {
        reply::json(status, json!({ "status": code }))
    };
    if status == StatusCode::UNAUTHORIZED {
        answer.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"wasm-put\""),
        );
    }
    answer
}

/// `ANY /delay/{ms}`: reads the body, waits `min(ms, 60000)` ms, answers `{"delayed": ms}`
/// with the time actually waited.
pub(crate) async fn delay(
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    let ms: u64 =
        match path_text(path).and_then(|text| parse_number::<u64>(&text, "the delay in ms")) {
            Ok(ms) => ms.min(MAX_DELAY_MS),
            Err(problem) => {
                body::drain_quietly(&headers, request_body).await;
                return problem.into_response();
            }
        };
    if let Err(err) = body::discard(request_body).await {
        return err.into_response();
    }
    tokio::time::sleep(Duration::from_millis(ms)).await;
    reply::json(StatusCode::OK, json!({ "delayed": ms }))
}

/// The first chunk `/slow-body` sends at once.
pub(crate) const SLOW_BODY_FIRST: &str = "first chunk, sent at once\n";
/// The rest `/slow-body` sends after its delay.
pub(crate) const SLOW_BODY_REST: &str = "rest of the body, sent after the delay\n";

/// `ANY /slow-body/{ms}`: status, headers and a first chunk at once, the rest of the
/// body after `min(ms, 60000)` ms.
pub(crate) async fn slow_body(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let ms: u64 =
        match path_text(path).and_then(|text| parse_number::<u64>(&text, "the delay in ms")) {
            Ok(ms) => ms.min(MAX_DELAY_MS),
            Err(problem) => return problem.into_response(),
        };
    let script = ScriptedBody::new([
        Step::Data(Bytes::from_static(SLOW_BODY_FIRST.as_bytes())),
        Step::Sleep(Duration::from_millis(ms)),
        Step::Data(Bytes::from_static(SLOW_BODY_REST.as_bytes())),
    ]);
    let mut answer = Response::new(Body::new(script));
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    answer
}

/// The length `/drop` announces but never delivers.
pub(crate) const DROP_ANNOUNCED: u64 = 100_000;
/// The bytes `/drop` sends before dropping the connection.
pub(crate) const DROP_SENT: usize = 4096;

/// `ANY /drop`: announces `Content-Length: 100000`, sends 4 KiB, then aborts the
/// connection, so that the client sees a network error rather than a short success.
/// With `?chunked=1` it announces no length and sends the 4 KiB chunked, then aborts
/// before the last chunk: the client must see the missing end as an error too.
pub(crate) async fn drop_connection(
    State(state): State<AppState>,
    uri: Uri,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let chunked = matches!(
        query_param(&uri, "chunked").as_deref(),
        Some("1" | "true" | "yes")
    );
    let script = ScriptedBody::new([
        Step::Data(Bytes::from(vec![b'x'; DROP_SENT])),
        Step::Sleep(Duration::from_millis(20)),
        Step::Fail("connection dropped on purpose by /drop"),
    ]);
    let mut answer = Response::new(Body::new(script));
    let headers = answer.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if !chunked {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(DROP_ANNOUNCED));
    }
    answer
}

/// `ANY /bytes/{n}`: `n` bytes where byte `i` is `i % 256`, with `Content-Length`, or
/// streamed in 64 KiB chunks without it when the query has `chunked=1`.
pub(crate) async fn bytes(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let n: u64 = match path_text(path).and_then(|text| parse_number(&text, "the byte count")) {
        Ok(n) => n,
        Err(problem) => return problem.into_response(),
    };
    if n > MAX_BYTES {
        return reply::error(
            StatusCode::BAD_REQUEST,
            format!("{n} bytes is too many: /bytes sends at most {MAX_BYTES}"),
        );
    }
    let chunked = matches!(
        query_param(&uri, "chunked").as_deref(),
        Some("1" | "true" | "yes")
    );
    let mut answer = Response::new(Body::new(PatternBody::new(n, !chunked)));
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    answer
}

/// `ANY /flaky/{key}?fails=N&status=S&retryAfter=R&delay=D`: the first `N` attempts (2
/// by default) for a key answer `S` (503 by default) with `Retry-After: R` when given,
/// `D` ms late when given (at most 60000: a server that times out, then recovers),
/// later ones `200 {"attempts": n}` at once. Every answer carries `X-Attempt: n`.
/// `DELETE /flaky/{key}` resets the key's counter.
pub(crate) async fn flaky(
    State(state): State<AppState>,
    method: Method,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let key = match reply::safe_segment(path, "flaky key", "a key") {
        Ok(key) => key,
        Err(problem) => return problem.into_response(),
    };
    if method == Method::DELETE {
        state.lock_flaky().remove(&key);
        return reply::empty(StatusCode::NO_CONTENT);
    }
    let fails: u64 = match query_param(&uri, "fails") {
        None => 2,
        Some(text) => match parse_number(&text, "fails") {
            Ok(fails) => fails,
            Err(problem) => return problem.into_response(),
        },
    };
    let failure_status = match query_param(&uri, "status") {
        None => StatusCode::SERVICE_UNAVAILABLE,
        Some(text) => match parse_number::<u16>(&text, "status") {
            Ok(code) if (200..600).contains(&code) => match StatusCode::from_u16(code) {
                Ok(status) => status,
                Err(_) => {
                    return reply::error(StatusCode::BAD_REQUEST, "status must be 200 to 599")
                }
            },
            Ok(code) => {
                return reply::error(
                    StatusCode::BAD_REQUEST,
                    format!("status must be 200 to 599, got {code}"),
                )
            }
            Err(problem) => return problem.into_response(),
        },
    };
    let retry_after = match query_param(&uri, "retryAfter") {
        None => None,
        Some(text) => match HeaderValue::from_str(&text) {
            Ok(value) => Some(value),
            Err(_) => {
                return reply::error(
                    StatusCode::BAD_REQUEST,
                    "retryAfter must be a valid header value (seconds or an HTTP date)",
                )
            }
        },
    };
    let delay_ms: u64 = match query_param(&uri, "delay") {
        None => 0,
        Some(text) => match parse_number::<u64>(&text, "the delay in ms") {
            Ok(ms) => ms.min(MAX_DELAY_MS),
            Err(problem) => return problem.into_response(),
        },
    };
    let attempt = {
        let mut counters = state.lock_flaky();
        if !counters.contains_key(&key) && counters.len() >= MAX_FLAKY_KEYS {
            return reply::error(
                StatusCode::INSUFFICIENT_STORAGE,
                format!("too many flaky keys (at most {MAX_FLAKY_KEYS}); DELETE some first"),
            );
        }
        let counter = counters.entry(key.clone()).or_insert(0);
        *counter = counter.saturating_add(1);
        *counter
    };
    let mut answer = if attempt <= fails {
        if delay_ms > 0 {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        }
        let mut answer = if reply::is_bodyless(failure_status) {
            reply::empty(failure_status)
        } else {
            reply::json(
                failure_status,
                json!({
                    "error": format!("planned failure {attempt} of {fails} for flaky key {key:?}"),
                    "attempts": attempt,
                }),
            )
        };
        if let Some(value) = retry_after {
            answer.headers_mut().insert(header::RETRY_AFTER, value);
        }
        answer
    } else {
        reply::json(StatusCode::OK, json!({ "attempts": attempt }))
    };
    answer
        .headers_mut()
        .insert("x-attempt", HeaderValue::from(attempt));
    answer
}

/// A `307 Temporary Redirect` to `target` (with the request's query string).
fn redirect_to(target: &str, uri: &Uri) -> Response {
    let location = location(target, uri);
    let mut answer = reply::json(
        StatusCode::TEMPORARY_REDIRECT,
        json!({ "location": reply::header_text(&location) }),
    );
    answer.headers_mut().insert(header::LOCATION, location);
    answer
}

/// `ANY /redirect/{n}`: `307` to `/redirect/{n-1}`; `/redirect/0` goes to `/echo`.
pub(crate) async fn redirect(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    uri: Uri,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let n: u32 = match path_text(path).and_then(|text| parse_number(&text, "the redirect count")) {
        Ok(n) => n,
        Err(problem) => return problem.into_response(),
    };
    if n == 0 {
        redirect_to("/echo", &uri)
    } else {
        redirect_to(&format!("/redirect/{}", n - 1), &uri)
    }
}

/// `ANY /redirect-loop`: `307` to itself, forever.
pub(crate) async fn redirect_loop(
    State(state): State<AppState>,
    uri: Uri,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    redirect_to("/redirect-loop", &uri)
}

/// `ANY /big-headers?bytes=N`: `200` with an `X-Big` header of `N` bytes (8 KiB by
/// default, at most 1 MiB).
pub(crate) async fn big_headers(
    State(state): State<AppState>,
    uri: Uri,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let size: usize = match query_param(&uri, "bytes") {
        None => DEFAULT_BIG_HEADER,
        Some(text) => match parse_number(&text, "bytes") {
            Ok(size) => size,
            Err(problem) => return problem.into_response(),
        },
    };
    if size > MAX_BIG_HEADER {
        return reply::error(
            StatusCode::BAD_REQUEST,
            format!("bytes must be at most {MAX_BIG_HEADER}, got {size}"),
        );
    }
    let value: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
    let mut answer = reply::json(StatusCode::OK, json!({ "bytes": size }));
    match HeaderValue::from_bytes(&value) {
        Ok(value) => {
            answer.headers_mut().insert("x-big", value);
            answer
        }
        Err(_) => reply::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "could not build the header",
        ),
    }
}

/// `ANY /hang-up`: reads the request, then closes the connection without a word (no
/// status line), as a server that crashes mid-request would.
pub(crate) async fn hang_up(State(state): State<AppState>, request_body: Body) -> Response {
    body::ignore(request_body, state.max_body).await;
    // A body that fails before its first byte makes hyper abort the connection before
    // the buffered head is flushed.
    Response::new(Body::new(ScriptedBody::new([Step::Fail(
        "connection closed on purpose by /hang-up",
    )])))
}

/// The body `/bad-encoding` sends: plain text, though it is announced as gzip.
pub(crate) const BAD_ENCODING_BODY: &str = "this is not gzip at all, whatever the header says\n";

/// `ANY /bad-encoding`: `200` with `Content-Encoding: gzip` and a body that is not
/// gzip, so that decoding it fails in the client.
pub(crate) async fn bad_encoding(State(state): State<AppState>, request_body: Body) -> Response {
    body::ignore(request_body, state.max_body).await;
    let mut answer = Response::new(Body::from(BAD_ENCODING_BODY));
    let headers = answer.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    answer
}
