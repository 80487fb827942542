//! `update()`: the lost-update-safe change of a JSON resource (RFC 9110 §13.1).
//!
//! 1. `GET` the resource (with the request's headers, query, auth, timeout, signal and
//!    pass-throughs); 2. `change` the parsed JSON (`None` on `404`); 3. `PUT` the result
//!    as JSON with `If-Match: <the GET's ETag>` (`If-None-Match: *` after a `404`);
//!    4. on `412`, start again, at most `conflicts` times.

use std::future::Future;

use wasm_bindgen::JsValue;

use super::guard;
use super::{Method, Put, Response};
use crate::error::{Error, ErrorKind};
use crate::rules::message;

/// How many times `update()` starts again after a `412` by default.
pub const DEFAULT_CONFLICTS: u32 = 5;

/// Why an update failed: a call failed, or `change` did.
pub(crate) enum Failure<E> {
    /// The GET or the PUT failed.
    Call(Error),
    /// `change` failed, with its own error.
    Change(E),
}

impl<E> From<Error> for Failure<E> {
    fn from(e: Error) -> Self {
        Failure::Call(e)
    }
}

/// Runs the update: `request` holds the URL and the options of both calls; `change`
/// maps the current JSON (`None` when absent) to the next.
///
/// Its `total_timeout` bounds the whole update (every GET, `change` and PUT), and its
/// signal stops it wherever it waits; `supersede` does not apply (it makes its own PUTs
/// one after the other).
pub(crate) async fn run<E, F, Fut>(
    mut request: Put,
    conflicts: u32,
    change: F,
) -> Result<Response, Failure<E>>
where
    F: FnMut(Option<JsValue>) -> Fut,
    Fut: Future<Output = Result<JsValue, E>>,
{
    let total = request.total_timeout_ms.take();
    request.supersede = None;
    request.within_update = true;
    let signal = request.signal.clone();
    if total.is_none() && signal.is_none() {
        return steps(request, conflicts, change).await;
    }
    // Stopped between its calls, a call in flight must abort its request.
    request.abort_on_drop = true;
    let (caller, target) = (request.caller, message::target("PUT", &request.url));
    let work = steps(request, conflicts, change);
    match guard::within(total, signal.as_ref(), work).await {
        Ok(outcome) => outcome,
        Err(why) => Err(guard::stopped(why, total, signal.as_ref(), &target, caller).into()),
    }
}

/// The steps of the update, again on `412`.
async fn steps<E, F, Fut>(
    request: Put,
    conflicts: u32,
    mut change: F,
) -> Result<Response, Failure<E>>
where
    F: FnMut(Option<JsValue>) -> Fut,
    Fut: Future<Output = Result<JsValue, E>>,
{
    let mut seen = 0;
    loop {
        let read = request.clone().method(Method::Get).send().await?;
        let precondition = if read.status() == 404 {
            None
        } else if !read.ok() {
            let detail = format!(
                "{}; update() reads the resource first, and could not",
                message::http_failed(read.status(), &read.status_text())
            );
            return Err(
                Error::http(read.status(), &detail, &read.target(), JsValue::UNDEFINED).into(),
            );
        } else {
            let Some(etag) = read.etag() else {
                let detail = "The GET answer has no ETag, so update() cannot make a conditional PUT; the server must send ETags";
                return Err(
                    Error::http(read.status(), detail, &read.target(), JsValue::UNDEFINED).into(),
                );
            };
            Some(etag)
        };
        let current = match precondition {
            Some(_) => Some(read.json_js_of(&read.text_js())?),
            None => None,
        };
        let next = change(current).await.map_err(Failure::Change)?;
        let write = request.clone().json_value(&next);
        let write = match &precondition {
            Some(etag) => write.if_match(etag),
            None => write.create_only(),
        };
        let response = write.send().await?;
        if response.status() != 412 {
            return Ok(response);
        }
        if seen == conflicts {
            let detail = format!(
                "Request failed with status code 412: the resource kept changing; update() gave up after {conflicts} conflicts (raise options.conflicts)"
            );
            return Err(Error::http(412, &detail, &response.target(), JsValue::UNDEFINED).into());
        }
        seen += 1;
    }
}

/// A lost-update-safe change of the JSON resource at a URL; made by [`update`], run by
/// awaiting it (or [`Update::send`]).
pub struct Update<T, F> {
    request: Put,
    conflicts: u32,
    change: F,
    _value: std::marker::PhantomData<fn(Option<T>) -> T>,
}

/// Changes the JSON resource at `url` without losing anyone's update: `GET` it,
/// `change` it (`None` when it does not exist yet), `PUT` the result with `If-Match` (or
/// `If-None-Match: *`), and start again on `412`, at most 5 times by default.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_put::Error> {
/// #[derive(serde::Serialize, serde::Deserialize)]
/// struct Counter { n: u64 }
/// let res = wasm_put::update("/resources/counter", |c: Option<Counter>| Counter {
///     n: c.map_or(0, |c| c.n) + 1,
/// })
/// .options(|put| put.header("X-Token", "abc"))
/// .await?;
/// # Ok(()) }
/// ```
pub fn update<T, F>(url: impl Into<String>, change: F) -> Update<T, F>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
    F: FnMut(Option<T>) -> T,
{
    Update::of(super::put(url), change)
}

impl<T, F> Update<T, F> {
    /// The update of `request`'s URL, with its options.
    pub(crate) fn of(request: Put, change: F) -> Self {
        Update {
            request,
            conflicts: DEFAULT_CONFLICTS,
            change,
            _value: std::marker::PhantomData,
        }
    }
}

impl<T, F> std::fmt::Debug for Update<T, F> {
    /// The request and the conflicts allowed (not the change function).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Update")
            .field("request", &self.request)
            .field("conflicts", &self.conflicts)
            .finish_non_exhaustive()
    }
}

impl<T, F> Update<T, F>
where
    T: serde::Serialize + serde::de::DeserializeOwned,
    F: FnMut(Option<T>) -> T,
{
    /// The options of the GET and the PUT, set on a [`Put`] as for [`crate::put`]
    /// (headers, query, timeout, signal, retry, auth, pass-throughs).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// use std::time::Duration;
    /// wasm_put::update("/resources/n", |n: Option<u32>| n.unwrap_or(0) + 1)
    ///     .options(|put| put.timeout(Duration::from_secs(5)).retry(2))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn options(mut self, set: impl FnOnce(Put) -> Put) -> Self {
        self.request = set(self.request);
        self
    }

    /// How many times to start again after a `412` (default 5); then
    /// [`ErrorKind::Http`] with status 412.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// wasm_put::update("/resources/n", |n: Option<u32>| n.unwrap_or(0) + 1)
    ///     .conflicts(20)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn conflicts(mut self, conflicts: u32) -> Self {
        self.conflicts = conflicts;
        self
    }

    /// Runs the update; the same as awaiting it.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), wasm_put::Error> {
    /// let res = wasm_put::update("/resources/n", |n: Option<u32>| n.unwrap_or(0) + 1)
    ///     .send()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Response, Error> {
        let mut change = self.change;
        let (read, write) = (
            message::target("GET", &self.request.url),
            message::target("PUT", &self.request.url),
        );
        let outcome = run(self.request, self.conflicts, |current: Option<JsValue>| {
            let next = current
                .map(serde_wasm_bindgen::from_value::<T>)
                .transpose()
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Decode,
                        &format!("The resource is not the type asked for ({e})"),
                        &read,
                    )
                })
                .map(&mut change)
                .and_then(|next| {
                    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
                    serde::Serialize::serialize(&next, &serializer).map_err(|e| {
                        Error::new(
                            ErrorKind::InvalidInput,
                            &format!("The changed value cannot be turned into JSON ({e})"),
                            &write,
                        )
                    })
                });
            std::future::ready(next)
        })
        .await;
        match outcome {
            Ok(response) => Ok(response),
            Err(Failure::Call(e) | Failure::Change(e)) => Err(e),
        }
    }
}

impl<T, F> std::future::IntoFuture for Update<T, F>
where
    T: serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: FnMut(Option<T>) -> T + 'static,
{
    type Output = Result<Response, Error>;
    type IntoFuture = std::pin::Pin<Box<dyn Future<Output = Self::Output>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
