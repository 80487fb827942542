//! Bearer tokens for the tests of token refresh: `POST /tokens/{key}` issues a key's
//! token (replacing the one before), and `/protected/{key}` answers `401` unless it is
//! sent that key's current token.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::body;
use crate::reply::{self, Problem};
use crate::AppState;

/// Each key's current token and how many were issued for it.
#[derive(Default)]
pub(crate) struct Tokens(HashMap<String, (String, u64)>);

/// The key of the path, when it is a safe segment.
fn key_of(path: Result<Path<String>, PathRejection>) -> Result<String, Problem> {
    reply::safe_segment(path, "token key", "a key")
}

/// `POST /tokens/{key}`: a new token for `key`, which replaces the one before:
/// `200 {"token": "...", "issued": n}`.
pub(crate) async fn issue(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let key = match key_of(path) {
        Ok(key) => key,
        Err(refused) => return refused.into_response(),
    };
    let mut tokens = state.lock_tokens();
    let entry = tokens.0.entry(key.clone()).or_default();
    entry.1 += 1;
    entry.0 = format!("{key}.{}", entry.1);
    reply::json(
        StatusCode::OK,
        json!({ "token": entry.0, "issued": entry.1 }),
    )
}

/// `ANY /protected/{key}`: `200 {"key": ..., "issued": n}` when the request carries
/// `Authorization: Bearer <the key's current token>`, else `401` with
/// `WWW-Authenticate: Bearer`.
pub(crate) async fn protected(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let key = match key_of(path) {
        Ok(key) => key,
        Err(refused) => return refused.into_response(),
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let tokens = state.lock_tokens();
    match (tokens.0.get(&key), sent) {
        (Some((current, issued)), Some(sent)) if current == sent => {
            reply::json(StatusCode::OK, json!({ "key": key, "issued": issued }))
        }
        _ => {
            let mut answer = reply::error(
                StatusCode::UNAUTHORIZED,
                "send Authorization: Bearer <the token POST /tokens/{key} issued last>",
            );
            answer
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            answer
        }
    }
}
