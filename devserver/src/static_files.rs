//! Static files: `ROOT/www/` at `/` and `ROOT/pkg/` at `/pkg/`, with the right MIME
//! types and no way out of those folders. This is also the fallback for every path
//! no API route claims.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use crate::body;
use crate::reply::{self, Problem};
use crate::AppState;

/// The page `/` shows when `www/index.html` does not exist yet.
const PLACEHOLDER_PAGE: &str = "<!doctype html>
<html lang=\"en\">
<head><meta charset=\"utf-8\"><title>wasm-put dev server</title></head>
<body>
<h1>wasm-put dev server</h1>
<p>The demo page is not built: there is no <code>www/index.html</code> under the
server's root folder. Build the demo (see the project's README), or start the server
with <code>--root</code> pointing at the folder that holds <code>www/</code> and
<code>pkg/</code>.</p>
<p>The test API is running all the same: try <a href=\"/echo\">/echo</a> or
<a href=\"/resources\">/resources</a>.</p>
</body>
</html>
";

/// The `Content-Type` for a file, from its name.
pub fn mime_type(file_name: &str) -> &'static str {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".d.ts") || lower.ends_with(".ts") {
        return "application/typescript; charset=utf-8";
    }
    let extension = lower.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" | "cjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "css" => "text/css; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// The folder a request path is served from and the file it names in it, or the
/// `400` answer for a path that tries to leave the folder.
fn resolve(root: &Path, raw_path: &str) -> Result<(PathBuf, PathBuf), Problem> {
    let bad = |why: &str| {
        Err(Problem::bad_request(format!(
            "refusing path {:?}: {why}",
            reply::shorten(raw_path)
        )))
    };
    if raw_path.contains('\\') || raw_path.to_ascii_lowercase().contains("%5c") {
        return bad("backslashes are not allowed");
    }
    let Ok(decoded) = percent_decode_str(raw_path).decode_utf8() else {
        return bad("it is not valid UTF-8 once decoded");
    };
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    for segment in &segments {
        if *segment == "." || *segment == ".." {
            return bad("`.` and `..` segments (path traversal) are not allowed");
        }
        if segment.contains('\\') || segment.contains('\0') {
            return bad("backslashes and NUL bytes are not allowed");
        }
    }
    let (base, rest) = match segments.split_first() {
        Some((&"pkg", rest)) => (root.join("pkg"), rest),
        _ => (root.join("www"), &segments[..]),
    };
    let mut file = base.clone();
    for segment in rest {
        file.push(segment);
    }
    Ok((base, file))
}

/// The fallback: serves `GET`/`HEAD` from the static folders, and answers `404` with
/// a JSON error for any other method on a path no route claims.
pub(crate) async fn fallback(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    body::drain_quietly(&headers, request_body).await;
    if method != Method::GET && method != Method::HEAD {
        return reply::error(
            StatusCode::NOT_FOUND,
            format!(
                "no route for {method} {}; the API has /resources/{{id}}, /echo, /echo-body, /sink, /status/{{code}}, /delay/{{ms}}, /slow-body/{{ms}}, /drop, /bytes/{{n}}, /flaky/{{key}}, /redirect/{{n}}, /redirect-loop, /big-headers, /hang-up and /bad-encoding",
                reply::shorten(uri.path())
            ),
        );
    }
    let (base, mut file) = match resolve(&state.root, uri.path()) {
        Ok(found) => found,
        Err(problem) => return problem.into_response(),
    };
    let is_root = uri.path() == "/";
    if tokio::fs::metadata(&file)
        .await
        .map(|m| m.is_dir())
        .unwrap_or(false)
    {
        file.push("index.html");
    }
    // Symbolic links must not lead out of the folder either.
    let inside = match (
        tokio::fs::canonicalize(&base).await,
        tokio::fs::canonicalize(&file).await,
    ) {
        (Ok(base), Ok(file)) => file.starts_with(&base),
        _ => false,
    };
    let contents = if inside {
        tokio::fs::read(&file).await.ok()
    } else {
        None
    };
    let Some(contents) = contents else {
        if is_root {
            let mut answer = Response::new(Body::from(PLACEHOLDER_PAGE));
            answer.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            return answer;
        }
        return reply::error(
            StatusCode::NOT_FOUND,
            format!("no file or route at {}", reply::shorten(uri.path())),
        );
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut answer = Response::new(Body::from(contents));
    let headers = answer.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(mime_type(&name)),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    answer
}
