//! The JS functions a caller gives (`retry.shouldRetry`, a client's `bearer` and
//! `hooks`) as the client's Rust callbacks: each is called with the JS values the
//! contract names, may return a promise, and what it throws or rejects with ends the
//! call as it is.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::values::Kind;
use super::PutResponse;
use crate::client::{HookRequest, Response, RetryContext};
use crate::error::{Error, ErrorKind};

/// A callback's boxed future.
type Pending<T> = Pin<Box<dyn Future<Output = Result<T, Error>>>>;

use crate::client::object;

/// Calls `f` with `args` and awaits what it returns (a value or a promise of one); a
/// throw or rejection is the call's error as it is. `what` names the function.
async fn called(f: &Function, args: &js_sys::Array, what: &str) -> Result<JsValue, Error> {
    let returned = f
        .apply(&JsValue::NULL, args)
        .map_err(|e| Error::thrown(e, what))?;
    JsFuture::from(Promise::resolve(&returned))
        .await
        .map_err(|e| Error::thrown(e, what))
}

/// The refusal of a value a callback returned.
fn returned_wrong(what: &str, must: &str, v: &JsValue) -> Error {
    let detail = format!("{what} must return {must}, not {}", Kind::of(v).describe());
    Error::new(ErrorKind::InvalidInput, &detail, what)
}

/// `retry.shouldRetry({ error, response, attempt })` as a Rust decision.
pub(super) fn should_retry(decide: Function) -> impl Fn(RetryContext) -> Pending<bool> {
    move |context: RetryContext| {
        let decide = decide.clone();
        Box::pin(async move {
            let error = context.error.map_or(JsValue::NULL, JsValue::from);
            let response = context
                .response
                .map_or(JsValue::NULL, |r| PutResponse::from(r).into());
            let event = object(&[
                ("error", error),
                ("response", response),
                ("attempt", context.attempt.into()),
            ]);
            let what = "retry.shouldRetry";
            let answer = called(&decide, &js_sys::Array::of1(&event), what).await?;
            answer
                .as_bool()
                .ok_or_else(|| returned_wrong(what, "true or false (or a promise of one)", &answer))
        })
    }
}

/// `bearer.token()` as the Rust token function.
pub(super) fn token(token: Function) -> Rc<dyn Fn() -> Pending<String>> {
    Rc::new(move || {
        let token = token.clone();
        Box::pin(async move {
            let what = "bearer.token";
            let value = called(&token, &js_sys::Array::new(), what).await?;
            value
                .as_string()
                .ok_or_else(|| returned_wrong(what, "a string (or a promise of one)", &value))
        })
    })
}

/// `bearer.refresh()` as the Rust refresh.
pub(super) fn refresh(refresh: Function) -> Rc<dyn Fn() -> Pending<()>> {
    Rc::new(move || {
        let refresh = refresh.clone();
        Box::pin(async move {
            called(&refresh, &js_sys::Array::new(), "bearer.refresh").await?;
            Ok(())
        })
    })
}

/// The `request` a JS hook gets: `{ method, url, headers }`, `headers` the attempt's
/// `Headers`; and its `{ attempt }`.
fn hook_arguments(request: &HookRequest) -> (Object, Object) {
    let js = object(&[
        ("method", request.method.into()),
        ("url", request.url.as_str().into()),
        ("headers", request.headers.clone().into()),
    ]);
    (js, object(&[("attempt", request.attempt.into())]))
}

/// A `hooks.beforeRequest` function as a Rust hook.
pub(super) fn before_request(hook: Function) -> impl Fn(HookRequest) -> Pending<()> {
    move |request: HookRequest| {
        let hook = hook.clone();
        Box::pin(async move {
            let (js, attempt) = hook_arguments(&request);
            let args = js_sys::Array::of2(&js, &attempt);
            called(&hook, &args, "hooks.beforeRequest").await?;
            Ok(())
        })
    }
}

/// The `hooks.afterResponse` functions of one JS call, run in order on the final
/// answer as a `PutResponse`; the last one given (or returned by a hook) is kept in
/// `slot` for the caller, the Rust response going on unchanged.
pub(super) fn after_response(
    hooks: Rc<Vec<Function>>,
    slot: Rc<RefCell<Option<JsValue>>>,
) -> impl Fn(HookRequest, Response) -> Pending<Response> {
    move |request: HookRequest, response: Response| {
        let (hooks, slot) = (hooks.clone(), slot.clone());
        Box::pin(async move {
            let what = "hooks.afterResponse";
            let mut current = JsValue::from(PutResponse::from(response.clone()));
            let class = Object::get_prototype_of(&current);
            let (js, attempt) = hook_arguments(&request);
            for hook in hooks.iter() {
                let args = js_sys::Array::of3(&js, &current, &attempt);
                let returned = called(hook, &args, what).await?;
                if returned.is_undefined() {
                    continue;
                }
                let is_response = returned.is_object()
                    && JsValue::from(Object::get_prototype_of(&returned)) == JsValue::from(&class);
                if !is_response {
                    return Err(returned_wrong(what, "a PutResponse or nothing", &returned));
                }
                current = returned;
            }
            *slot.borrow_mut() = Some(current);
            Ok(response)
        })
    }
}
