//! Headers every answer gets: CORS (so a page on any origin can call the API and read
//! every header), `Cache-Control: no-store`, and the optional request log line.

use std::io::Write;
use std::time::Instant;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::reply;

/// How long a browser may cache a preflight answer, in seconds.
pub const PREFLIGHT_MAX_AGE: &str = "600";

/// Answers CORS preflights itself and adds the CORS and caching headers to every
/// other answer (errors, 404s and static files included).
///
/// A preflight is an `OPTIONS` request with `Access-Control-Request-Method`; it gets
/// `204` allowing exactly the method and headers it asks for. Other `OPTIONS` requests
/// go to the routes like any method. `Access-Control-Allow-Credentials` is never sent:
/// the wildcard origin is only valid without credentials.
pub(crate) async fn cors(request: Request, next: Next) -> Response {
    let requested_method = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .cloned();
    if let (&Method::OPTIONS, Some(method)) = (request.method(), requested_method) {
        let mut answer = reply::empty(StatusCode::NO_CONTENT);
        let headers = answer.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, method);
        if let Some(asked) = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
        }
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(PREFLIGHT_MAX_AGE),
        );
        headers.insert(
            header::VARY,
            HeaderValue::from_static(
                "Access-Control-Request-Method, Access-Control-Request-Headers",
            ),
        );
        add_common_headers(&mut answer);
        return answer;
    }
    let mut answer = next.run(request).await;
    add_common_headers(&mut answer);
    answer
}

/// The headers every answer carries.
fn add_common_headers(answer: &mut Response) {
    let headers = answer.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("*"),
    );
    headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
}

/// Logs one line per request to stderr: method, path, status and time taken (to the
/// answer's head; a streamed body may take longer).
pub(crate) async fn log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let answer = next.run(request).await;
    // Written with `writeln!` rather than `eprintln!`, which would panic if stderr
    // were closed.
    let _ = writeln!(
        std::io::stderr(),
        "{method} {} {} {:.1}ms",
        reply::shorten(&path),
        answer.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    answer
}
