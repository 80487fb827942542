//! The prepared request: a [`Put`] checked and resolved once per call
//! ([`TryFrom<Put>`](Prepared)), into what each attempt sends ([`Request`], whose
//! `RequestInit` is made fresh per attempt) and how the attempts run ([`Plan`]).

use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::{AbortSignal, RequestInit};

use super::body::{Body, BodyKind};
use super::builder::{Method, Put};
use super::callbacks::Around;
use super::conditions::{both_conditions, Supersede};
use super::fetch_options::FetchOptions;
use super::progress::OnProgress;
use super::retry::Retry;
use super::{platform, url};
use crate::error::Error;
use crate::rules::options::Caller;
use crate::rules::{headers, message, Invalid};

/// What each attempt of a call sends.
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The method and URL, for messages.
    pub(crate) target: String,
    pub(crate) url: String,
    /// The headers, for XMLHttpRequest.
    pub(crate) headers: Vec<(String, String)>,
    /// The same as a `Headers`, made once; `None` when there are none (no `Headers` at
    /// all costs fetch less than an empty one) or when a client's hooks make them anew
    /// for each attempt.
    fetch_headers: Option<web_sys::Headers>,
    pub(crate) body: Body,
    /// The body as sent (a large one as a `Blob`).
    pub(crate) send_value: JsValue,
    pub(crate) fetch: FetchOptions,
    pub(crate) on_upload: Option<OnProgress>,
    pub(crate) on_download: Option<OnProgress>,
    /// Upload progress where XMLHttpRequest can give it.
    pub(crate) via_xhr: bool,
    /// Whether the call set its own `Authorization` (not a client's default), which wins
    /// over a bearer.
    pub(crate) own_authorization: bool,
}

/// How the attempts of a call are run.
pub(crate) struct Plan {
    /// Retries after the first attempt (0 for a body that cannot be replayed).
    pub(crate) limit: u32,
    pub(crate) retry: Option<Retry>,
    pub(crate) timeout_ms: Option<f64>,
    pub(crate) signal: Option<AbortSignal>,
    pub(crate) abort_on_drop: bool,
    /// The `supersede` key, when it has one.
    pub(crate) supersede: Option<String>,
    pub(crate) caller: Caller,
    /// The bound on the whole call.
    pub(crate) total_timeout_ms: Option<f64>,
    /// A client's hooks and bearer (`None` when it has none).
    pub(crate) hooks: Option<Rc<dyn Around>>,
    /// The call is a PUT of `update()`, whose 412s are not final answers.
    pub(crate) within_update: bool,
}

/// A call ready to run: what it sends, and how.
pub(crate) struct Prepared {
    pub(crate) request: Request,
    pub(crate) plan: Plan,
}

impl Request {
    /// A fresh `RequestInit` for one attempt, stopped by `signal`, with `headers` in
    /// place of the call's own when a hook or bearer made them for this attempt.
    pub(crate) fn init(
        &self,
        signal: Option<&AbortSignal>,
        headers: Option<&web_sys::Headers>,
    ) -> RequestInit {
        let init = RequestInit::new();
        init.set_method(self.method.as_str());
        if let Some(headers) = headers.or(self.fetch_headers.as_ref()) {
            init.set_headers(headers);
        }
        if self.body.kind != BodyKind::Empty {
            init.set_body(&self.send_value);
        }
        if self.body.kind == BodyKind::Stream {
            // fetch sends a stream only half-duplex, and must be told so.
            let _ = js_sys::Reflect::set(&init, &"duplex".into(), &"half".into());
        }
        self.fetch.apply(&init);
        if signal.is_some() {
            init.set_signal(signal);
        }
        init
    }

    /// The call's headers as a new `Headers`, for one attempt's hooks to change.
    pub(crate) fn fresh_headers(&self) -> Result<web_sys::Headers, Error> {
        fetch_headers(&self.headers, &self.target)
    }

    /// Whether XMLHttpRequest sends cookies cross-origin.
    pub(crate) fn with_credentials(&self) -> bool {
        self.fetch.with_credentials()
    }
}

impl TryFrom<Put> for Prepared {
    type Error = Error;

    /// Checks everything, resolves the URL, and makes the headers and the body to send.
    fn try_from(put: Put) -> Result<Prepared, Error> {
        let method = put.method.as_str();
        let href = url::resolve_against(&put.url, put.base_url.as_deref(), put.caller).map_err(
            |(invalid, shown)| Error::invalid(invalid, &message::target(method, &shown)),
        )?;
        if let Some(invalid) = put.invalid {
            return Err(Error::invalid(invalid, &message::target(method, &href)));
        }
        let href = if put.query.is_empty() {
            href
        } else {
            url::with_query(&href, &put.query)
                .map_err(|invalid| Error::invalid(invalid, &message::target(method, &href)))?
        };
        let target = message::target(method, &href);
        let own = put.headers;
        let own_authorization = own
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("authorization"));
        let mut header_list: Vec<(String, String)> = put
            .default_headers
            .into_iter()
            .filter(|(name, _)| !own.iter().any(|(o, _)| o.eq_ignore_ascii_case(name)))
            .collect();
        header_list.extend(own);
        if let Some(condition) = put.condition {
            let (name, value, other) = condition.header();
            if header_list
                .iter()
                .any(|(given, _)| given.eq_ignore_ascii_case(other))
            {
                return Err(Error::invalid(both_conditions(put.caller), &target));
            }
            header_list.push((name.into(), value));
        }
        if let Some(ct) = put.body.default_content_type() {
            if !header_list
                .iter()
                .any(|(name, _)| headers::is_content_type(name))
            {
                header_list.push(("content-type".into(), ct.into()));
            }
        }
        let hooks = put.hooks.filter(|hooks| !hooks.is_empty());
        // A client's hooks and bearer make each attempt's headers themselves.
        let fetch_headers = if header_list.is_empty() || hooks.is_some() {
            None
        } else {
            Some(fetch_headers(&header_list, &target)?)
        };
        let limit = match &put.retry {
            Some(retry) if put.body.replayable() => retry.limit,
            _ => 0,
        };
        let supersede = put.supersede.map(|by| match by {
            Supersede::Key(key) => key,
            Supersede::Url => href.clone(),
        });
        let via_xhr =
            put.on_upload.is_some() && put.body.kind != BodyKind::Stream && platform::has_xhr();
        let request = Request {
            method: put.method,
            target,
            url: href,
            headers: header_list,
            fetch_headers,
            send_value: put.body.to_send(),
            body: put.body,
            fetch: put.fetch,
            on_upload: put.on_upload,
            on_download: put.on_download,
            via_xhr,
            own_authorization,
        };
        let plan = Plan {
            limit,
            retry: put.retry,
            timeout_ms: put.timeout_ms,
            signal: put.signal,
            // A call cut short by its total timeout is dropped: it must abort its request.
            abort_on_drop: put.abort_on_drop || put.total_timeout_ms.is_some(),
            supersede,
            caller: put.caller,
            total_timeout_ms: put.total_timeout_ms,
            hooks,
            within_update: put.within_update,
        };
        Ok(Prepared { request, plan })
    }
}

/// The headers as fetch's `Headers`; one it refuses names the call `target`.
fn fetch_headers(list: &[(String, String)], target: &str) -> Result<web_sys::Headers, Error> {
    let refused = |name: &str| {
        Error::invalid(
            Invalid::new(format!("Header \"{name}\" was refused by fetch")),
            target,
        )
    };
    let headers = web_sys::Headers::new().map_err(|_| refused(""))?;
    for (name, value) in list {
        headers
            .append(name, value)
            .map_err(|e| refused(name).with_cause(e))?;
    }
    Ok(headers)
}
