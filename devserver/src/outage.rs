//! `POST /outage?ms=N`: for the next N ms every `PUT /resources/{id}` answers `503 Service
//! Unavailable` with `Retry-After: 1`, as an API that is restarting would, so that the demo
//! can show an outbox holding its entries and then delivering them. Reads are not affected.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::reply::{self, Problem};
use crate::testing::{parse_number, MAX_DELAY_MS};
use crate::{body, AppState};

/// `POST /outage?ms=N`: starts an outage of N ms (at most [`MAX_DELAY_MS`]; `0` ends the
/// one under way): `200 {"outageMs": N}`.
pub(crate) async fn start(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    request_body: Body,
) -> Response {
    body::ignore(request_body, state.max_body).await;
    let ms = match requested_ms(query.as_deref()) {
        Ok(ms) => ms,
        Err(problem) => return problem.into_response(),
    };
    *state.lock_outage() = Some(Instant::now() + Duration::from_millis(ms));
    reply::json(StatusCode::OK, json!({ "outageMs": ms }))
}

/// The `ms` of the query: a whole number, capped.
fn requested_ms(query: Option<&str>) -> Result<u64, Problem> {
    let ms = query
        .into_iter()
        .flat_map(|q| form_urlencoded::parse(q.as_bytes()))
        .find(|(key, _)| key == "ms")
        .map(|(_, value)| value.into_owned());
    match ms {
        Some(ms) => Ok(parse_number::<u64>(&ms, "ms")?.min(MAX_DELAY_MS)),
        None => Err(Problem::bad_request(
            "POST /outage needs ?ms=N: how long PUT /resources/{id} answers 503",
        )),
    }
}

/// The answer of a `PUT /resources/{id}` during an outage: `503` with `Retry-After: 1`.
pub(crate) fn refusal(state: &AppState) -> Option<Response> {
    let until = (*state.lock_outage())?;
    if Instant::now() >= until {
        return None;
    }
    let mut answer = reply::error(
        StatusCode::SERVICE_UNAVAILABLE,
        "the API is in an outage (POST /outage started it); try again later",
    );
    answer
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    Some(answer)
}
