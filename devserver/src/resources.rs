//! `/resources`: an in-memory store of byte bodies, written with `PUT` as `requests.put`
//! would, with ETags, conditional writes and limits on what it keeps.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{json, Value};

use crate::body;
use crate::reply::{self, Problem, FORM_URLENCODED};
use crate::AppState;

/// Largest stored body echoed back as text in the `data` field of a `PUT` answer.
const DATA_ECHO_LIMIT: usize = 64 * 1024;

/// Content type given to bodies stored without one.
const DEFAULT_CONTENT_TYPE: &str = "application/octet-stream";

/// One stored resource.
struct Resource {
    data: Bytes,
    content_type: HeaderValue,
    etag: String,
}

/// All stored resources, by id (kept sorted for listing), and their total size.
#[derive(Default)]
pub(crate) struct Store {
    items: BTreeMap<String, Resource>,
    total_bytes: u64,
}

/// The strong ETag of a body: its 64-bit FNV-1a hash and its length, in hex, quoted.
pub(crate) fn etag_of(data: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in data {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("\"{hash:016x}-{:x}\"", data.len())
}

/// The conditions of a request's `If-Match` and `If-None-Match` headers.
struct Preconditions {
    /// `If-Match`: `None` when absent, `Some(None)` for `*`, else the listed tags.
    if_match: Option<Option<Vec<String>>>,
    /// `If-None-Match`, in the same form.
    if_none_match: Option<Option<Vec<String>>>,
}

/// Reads every value of header `name` as one comma-separated list of entity tags;
/// `*` anywhere in it gives `Some(None)`.
fn tag_list(headers: &HeaderMap, name: header::HeaderName) -> Option<Option<Vec<String>>> {
    let mut tags = Vec::new();
    let mut present = false;
    for value in headers.get_all(name) {
        present = true;
        for tag in reply::header_text(value).split(',') {
            let tag = tag.trim();
            if tag == "*" {
                return Some(None);
            }
            if !tag.is_empty() {
                tags.push(tag.to_owned());
            }
        }
    }
    present.then_some(Some(tags))
}

impl Preconditions {
    fn from_headers(headers: &HeaderMap) -> Self {
        Preconditions {
            if_match: tag_list(headers, header::IF_MATCH),
            if_none_match: tag_list(headers, header::IF_NONE_MATCH),
        }
    }

    /// Checks the conditions against the current ETag (`None` when the resource does
    /// not exist). `Err` holds the message of the `412` answer.
    fn check(&self, current: Option<&str>) -> Result<(), String> {
        if let Some(if_match) = &self.if_match {
            match (if_match, current) {
                (_, None) => return Err("If-Match failed: the resource does not exist".to_owned()),
                (None, Some(_)) => {}
                (Some(tags), Some(etag)) => {
                    // Strong comparison: weak tags (W/"...") never match.
                    if !tags.iter().any(|tag| tag == etag) {
                        return Err(format!(
                            "If-Match failed: the current ETag is {etag}, which is not among {}",
                            reply::shorten(&tags.join(", "))
                        ));
                    }
                }
            }
        }
        if let (Some(if_none_match), Some(etag)) = (&self.if_none_match, current) {
            match if_none_match {
                None => {
                    return Err("If-None-Match: * failed: the resource already exists".to_owned())
                }
                Some(tags) => {
                    // Weak comparison: W/"x" matches "x".
                    let bare = |tag: &str| tag.trim_start_matches("W/").to_owned();
                    if tags.iter().any(|tag| bare(tag) == bare(etag)) {
                        return Err(format!(
                            "If-None-Match failed: the current ETag {etag} is listed"
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The `412` answer for a failed precondition.
fn precondition_failed(message: String) -> Response {
    reply::json(
        StatusCode::PRECONDITION_FAILED,
        json!({ "error": message, "precondition": "failed" }),
    )
}

/// The `404` answer for an id that is not stored.
fn not_found(id: &str) -> Response {
    reply::error(StatusCode::NOT_FOUND, format!("no resource with id {id:?}"))
}

/// The path's id if it is safe, else the problem with it.
fn checked_id(path: Result<Path<String>, PathRejection>) -> Result<String, Problem> {
    reply::safe_segment(path, "resource id", "an id")
}

impl Store {
    /// Checks that storing `size` bytes under `id` stays within the limits; `Err`
    /// holds the message of the `507` answer.
    fn check_room(&self, state: &AppState, id: &str, size: u64) -> Result<(), String> {
        let old_size = self.items.get(id).map(|r| r.data.len() as u64);
        if old_size.is_none() && self.items.len() >= state.max_resources {
            return Err(format!(
                "the store is full: it keeps at most {} resources (--max-resources); delete some first",
                state.max_resources
            ));
        }
        let new_total = (self.total_bytes - old_size.unwrap_or(0)).saturating_add(size);
        if new_total > state.max_total_bytes {
            return Err(format!(
                "storing {size} bytes would bring the store to {new_total} bytes, over its limit of {} bytes (--max-total-bytes)",
                state.max_total_bytes
            ));
        }
        Ok(())
    }
}

/// The `507 Insufficient Storage` answer.
fn insufficient_storage(message: String) -> Response {
    reply::error(StatusCode::INSUFFICIENT_STORAGE, message)
}

/// `?delay=ms` of a `PUT`: how long to wait before handling it (at most a minute).
fn put_delay(query: Option<&str>) -> Result<u64, Problem> {
    let delay = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .find_map(|pair| pair.strip_prefix("delay="));
    match delay {
        None => Ok(0),
        Some(ms) => crate::testing::parse_number::<u64>(ms, "the delay in ms")
            .map(|ms| ms.min(crate::testing::MAX_DELAY_MS)),
    }
}

/// `PUT /resources/{id}`: stores the body and its `Content-Type`. With `?delay=ms`
/// the PUT is handled (its preconditions checked, its body stored) that much later: a
/// slow server, for the demo and the tests of write ordering. During an outage
/// (`POST /outage`) it answers `503` with `Retry-After: 1` and stores nothing.
pub(crate) async fn put(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    let checked = checked_id(path).and_then(|id| Ok((id, put_delay(query.as_deref())?)));
    let (id, delay) = match checked {
        Ok(checked) => checked,
        Err(problem) => {
            body::drain_quietly(&headers, request_body).await;
            return problem.into_response();
        }
    };
    if let Some(refused) = crate::outage::refusal(&state) {
        body::drain_quietly(&headers, request_body).await;
        return refused;
    }
    if delay > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    }
    let conditions = Preconditions::from_headers(&headers);
    let declared = body::declared_length(&headers);

    // Everything that can be decided before reading the body is decided first.
    let early = {
        let store = state.lock_store();
        let current = store.items.get(&id).map(|r| r.etag.as_str());
        if let Err(message) = conditions.check(current) {
            Some(precondition_failed(message))
        } else if declared.is_some_and(|len| len > state.max_body) {
            Some(body::too_large(state.max_body))
        } else if let Err(message) = store.check_room(&state, &id, declared.unwrap_or(0)) {
            Some(insufficient_storage(message))
        } else {
            None
        }
    };
    if let Some(answer) = early {
        body::drain_quietly(&headers, request_body).await;
        return answer;
    }

    let data = match body::read_limited(request_body, state.max_body).await {
        Ok(data) => data,
        Err(err) => return err.into_response(),
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static(DEFAULT_CONTENT_TYPE));
    let etag = etag_of(&data);
    let size = data.len() as u64;

    let created = {
        let mut store = state.lock_store();
        // Checked again: another request may have changed the store meanwhile.
        let current = store.items.get(&id).map(|r| r.etag.as_str());
        if let Err(message) = conditions.check(current) {
            return precondition_failed(message);
        }
        if let Err(message) = store.check_room(&state, &id, size) {
            return insufficient_storage(message);
        }
        let resource = Resource {
            data: data.clone(),
            content_type: content_type.clone(),
            etag: etag.clone(),
        };
        let old = store.items.insert(id.clone(), resource);
        let old_size = old.as_ref().map_or(0, |r| r.data.len() as u64);
        store.total_bytes = store.total_bytes - old_size + size;
        old.is_none()
    };

    let content_type_text = reply::header_text(&content_type);
    let media_type = reply::media_type(&content_type_text);
    let text = std::str::from_utf8(&data).ok();
    let data_field = match text {
        Some(text) if data.len() <= DATA_ECHO_LIMIT => Value::String(text.to_owned()),
        _ => Value::Null,
    };
    let json_field = if reply::is_json(&media_type) {
        serde_json::from_slice::<Value>(&data).unwrap_or(Value::Null)
    } else {
        Value::Null
    };
    let form_field = if media_type == FORM_URLENCODED {
        reply::urlencoded_to_json(&data)
    } else {
        Value::Null
    };
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let mut answer = reply::json(
        status,
        json!({
            "id": id,
            "created": created,
            "size": size,
            "contentType": content_type_text,
            "etag": etag,
            "data": data_field,
            "json": json_field,
            "form": form_field,
        }),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        answer.headers_mut().insert(header::ETAG, value);
    }
    if created {
        if let Ok(value) = HeaderValue::from_str(&format!("/resources/{id}")) {
            answer.headers_mut().insert(header::LOCATION, value);
        }
    }
    answer
}

/// `GET /resources/{id}`: the stored bytes with their `Content-Type` and `ETag`.
pub(crate) async fn get(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match checked_id(path) {
        Ok(id) => id,
        Err(problem) => return problem.into_response(),
    };
    let found = state
        .lock_store()
        .items
        .get(&id)
        .map(|r| (r.data.clone(), r.content_type.clone(), r.etag.clone()));
    let Some((data, content_type, etag)) = found else {
        return not_found(&id);
    };
    let mut answer = Response::new(Body::from(data));
    answer
        .headers_mut()
        .insert(header::CONTENT_TYPE, content_type);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        answer.headers_mut().insert(header::ETAG, value);
    }
    answer
}

/// `DELETE /resources/{id}`: forgets the resource; `204`, or `404` if it was absent.
pub(crate) async fn delete(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    request_body: Body,
) -> Response {
    body::drain_quietly(&headers, request_body).await;
    let id = match checked_id(path) {
        Ok(id) => id,
        Err(problem) => return problem.into_response(),
    };
    let mut store = state.lock_store();
    match store.items.remove(&id) {
        Some(old) => {
            store.total_bytes -= old.data.len() as u64;
            reply::empty(StatusCode::NO_CONTENT)
        }
        None => not_found(&id),
    }
}

/// `GET /resources`: `{"ids": [...]}`, sorted.
pub(crate) async fn list(State(state): State<AppState>) -> Response {
    let ids: Vec<String> = state.lock_store().items.keys().cloned().collect();
    reply::json(StatusCode::OK, json!({ "ids": ids }))
}
