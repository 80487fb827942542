//! [`Client`]: a client configured once (base URL, default headers and options, bearer
//! tokens with one shared refresh, hooks), built as reqwest's `ClientBuilder` is. Its
//! calls are the same [`Put`] and [`Update`] builders as the free functions'.

use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

use super::bearer::Bearer;
use super::builder::Put;
use super::callbacks::{HookRequest, Hooks};
use super::response::Response;
use super::retry::Retry;
use super::update::Update;
use super::url;
use crate::error::Error;
use crate::rules::options::Caller;
use crate::rules::Invalid;

/// A client configured once: each call resolves its URL against the base URL, sends
/// the default headers under its own, and uses the defaults it does not set itself.
/// Cloning it is cheap (the defaults are shared), and clones share the bearer's refresh.
///
/// ```no_run
/// # async fn run() -> Result<(), wasm_put::Error> {
/// use std::time::Duration;
/// let api = wasm_put::Client::builder()
///     .base_url("https://api.example.com/v1/")
///     .header("X-App", "notes")
///     .timeout(Duration::from_secs(10))
///     .retry(2)
///     .build()?;
/// let res = api.put("notes/42").json(&[1, 2, 3]).send().await?; // PUT …/v1/notes/42
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    defaults: Rc<Put>,
}

/// Builds a [`Client`]; made by [`Client::builder`]. A bad value is kept and returned
/// by [`ClientBuilder::build`].
#[derive(Debug)]
pub struct ClientBuilder {
    defaults: Put,
    hooks: Hooks,
}

impl Client {
    /// Starts a client with no defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            defaults: super::put(""),
            hooks: Hooks::default(),
        }
    }

    /// Starts a PUT to `url`, resolved against the base URL as `new URL(url, base)`
    /// does: `"notes/42"` against `…/v1/` is `…/v1/notes/42`, `"/notes/42"` is
    /// `…/notes/42`, and an absolute URL ignores the base. Headers and options set on
    /// the `Put` win over the client's.
    ///
    /// ```no_run
    /// # async fn run(api: wasm_put::Client) -> Result<(), wasm_put::Error> {
    /// let res = api.put("notes/42").header("X-App", "other").body("hi").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn put(&self, url: impl Into<String>) -> Put {
        let mut put = (*self.defaults).clone();
        put.url = url.into();
        put
    }

    /// [`update`](crate::update) through this client: the GET and the PUT both get its
    /// defaults, hooks and bearer.
    ///
    /// ```no_run
    /// # async fn run(api: wasm_put::Client) -> Result<(), wasm_put::Error> {
    /// api.update("counter", |n: Option<u64>| n.unwrap_or(0) + 1).await?;
    /// # Ok(()) }
    /// ```
    pub fn update<T, F>(&self, url: impl Into<String>, change: F) -> Update<T, F>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
        F: FnMut(Option<T>) -> T,
    {
        Update::of(self.put(url), change)
    }
}

impl ClientBuilder {
    /// The base URL each call's URL resolves against (absolute, or relative to the page
    /// or worker location). Not a URL: [`build`](Self::build) fails with
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput).
    pub fn base_url(mut self, base: &str) -> Self {
        match url::resolve(base, Caller::Rust) {
            Ok(href) => self.defaults.base_url = Some(href.into()),
            Err((invalid, _)) => self.defaults.fail(Invalid::new(format!(
                "base_url(…) is not a URL ({}): \"{base}\"",
                invalid.detail
            ))),
        }
        self
    }

    /// A default header, sent with every call unless the call sets the same name (in
    /// any case).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.defaults = self.defaults.header(name, value).settle_defaults();
        self
    }

    /// The default [`Put::timeout`] of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.defaults = self.defaults.timeout(timeout);
        self
    }

    /// The default [`Put::total_timeout`] of each call.
    pub fn total_timeout(mut self, total: Duration) -> Self {
        self.defaults = self.defaults.total_timeout(total);
        self
    }

    /// The default [`Put::retry`]; a call's own replaces it whole.
    pub fn retry(mut self, retry: impl Into<Retry>) -> Self {
        self.defaults = self.defaults.retry(retry);
        self
    }

    /// Any other default, set on a [`Put`] as for one call (`basic_auth`, `query`,
    /// `credentials`, `supersede`, …). Whatever is set here goes with every call: it is
    /// meant for options, not for a body, a condition or a signal, which belong to one
    /// call.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_put::Error> {
    /// let api = wasm_put::Client::builder()
    ///     .options(|put| put.credentials(web_sys::RequestCredentials::Include))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn options(mut self, set: impl FnOnce(Put) -> Put) -> Self {
        self.defaults = set(self.defaults).settle_defaults();
        self
    }

    /// Bearer tokens: every attempt sends `Authorization: Bearer <token()>`. On a `401`,
    /// a call whose token is still the current one runs `refresh` and is sent again once;
    /// calls that meet a `401` while it runs wait for it (one refresh for any number of
    /// concurrent 401s); a call whose token was replaced meanwhile is sent again with the
    /// current one. A refresh that fails ends the calls waiting on it with its error. A
    /// call's own `Authorization` header wins (a default one does not). `refresh` must not
    /// send through this client: it would wait for its own refresh.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_put::Error> {
    /// use std::{cell::RefCell, rc::Rc};
    /// let token = Rc::new(RefCell::new(String::from("first")));
    /// let (read, write) = (token.clone(), token.clone());
    /// let api = wasm_put::Client::builder()
    ///     .bearer(
    ///         move || read.borrow().clone(),
    ///         move || {
    ///             let write = write.clone();
    ///             async move {
    ///                 *write.borrow_mut() = String::from("renewed"); // e.g. from a renew call
    ///                 Ok(())
    ///             }
    ///         },
    ///     )
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn bearer<T, R, Fut>(mut self, token: T, refresh: R) -> Self
    where
        T: Fn() -> String + 'static,
        R: Fn() -> Fut + 'static,
        Fut: Future<Output = Result<(), Error>> + 'static,
    {
        self.hooks.bearer = Some(Bearer::new(
            Rc::new(move || Box::pin(std::future::ready(Ok(token())))),
            Rc::new(move || Box::pin(refresh())),
        ));
        self
    }

    /// A hook run before every attempt (retries too), after those added before it: it
    /// may change the attempt's headers; an `Err` ends the call, with nothing more sent.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_put::Error> {
    /// let api = wasm_put::Client::builder()
    ///     .before_request(|req| async move {
    ///         req.headers.set("X-Attempt", &req.attempt.to_string())
    ///             .map_err(|_| wasm_put::Error::callback("header refused"))
    ///     })
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn before_request<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(HookRequest) -> Fut + 'static,
        Fut: Future<Output = Result<(), Error>> + 'static,
    {
        self.hooks
            .before
            .push(Rc::new(move |request| Box::pin(hook(request))));
        self
    }

    /// A hook run on each PUT's final answer (after retries), after those added before
    /// it: it returns the response to go on with (the one it got, or another); an `Err`
    /// ends the call.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), wasm_put::Error> {
    /// let api = wasm_put::Client::builder()
    ///     .after_response(|_req, res| async move {
    ///         if res.status() == 507 {
    ///             return Err(wasm_put::Error::callback("the server is full"));
    ///         }
    ///         Ok(res)
    ///     })
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn after_response<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(HookRequest, Response) -> Fut + 'static,
        Fut: Future<Output = Result<Response, Error>> + 'static,
    {
        self.hooks.after.push(Rc::new(move |request, response| {
            Box::pin(hook(request, response))
        }));
        self
    }

    /// The client, or the first bad value given to the builder
    /// ([`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput)).
    pub fn build(self) -> Result<Client, Error> {
        let mut defaults = self.defaults;
        if let Some(invalid) = defaults.invalid.take() {
            return Err(Error::invalid(invalid, "Client::builder()"));
        }
        defaults.hooks = Some(Rc::new(self.hooks));
        Ok(Client {
            defaults: Rc::new(defaults),
        })
    }
}
