//! fetch's own options (`credentials`, `mode`, `cache`, `redirect`, `referrer`,
//! `referrerPolicy`, `integrity`, `keepalive`, `priority`): Rust fields of the request,
//! set on each attempt's `RequestInit`. The builder's methods for them are in
//! `builder/fetch.rs`.

use wasm_bindgen::JsValue;
use web_sys::{
    ReferrerPolicy, RequestCache, RequestCredentials, RequestInit, RequestMode, RequestRedirect,
};

/// fetch's options as given; `None` leaves fetch's default.
#[derive(Debug, Clone, Default)]
pub(crate) struct FetchOptions {
    pub(crate) credentials: Option<RequestCredentials>,
    pub(crate) mode: Option<RequestMode>,
    pub(crate) cache: Option<RequestCache>,
    pub(crate) redirect: Option<RequestRedirect>,
    pub(crate) referrer: Option<String>,
    pub(crate) referrer_policy: Option<ReferrerPolicy>,
    pub(crate) integrity: Option<String>,
    pub(crate) keepalive: Option<bool>,
    pub(crate) priority: Option<&'static str>,
    /// The options of an outbox entry as it stored them (what [`FetchOptions::apply`]
    /// set on a plain object), set as they are.
    pub(crate) stored: Option<js_sys::Object>,
}

impl FetchOptions {
    /// Sets those given on `init`.
    pub(crate) fn apply(&self, init: &RequestInit) {
        if let Some(stored) = &self.stored {
            js_sys::Object::assign(init, stored);
        }
        if let Some(credentials) = self.credentials {
            init.set_credentials(credentials);
        }
        if let Some(mode) = self.mode {
            init.set_mode(mode);
        }
        if let Some(cache) = self.cache {
            init.set_cache(cache);
        }
        if let Some(redirect) = self.redirect {
            init.set_redirect(redirect);
        }
        if let Some(referrer) = &self.referrer {
            init.set_referrer(referrer);
        }
        if let Some(policy) = self.referrer_policy {
            init.set_referrer_policy(policy);
        }
        if let Some(integrity) = &self.integrity {
            init.set_integrity(integrity);
        }
        // Newer than web-sys' `RequestInit`: set by name.
        for (name, value) in [
            ("keepalive", self.keepalive.map(JsValue::from)),
            ("priority", self.priority.map(JsValue::from)),
        ] {
            if let Some(value) = value {
                let _ = js_sys::Reflect::set(init, &JsValue::from_str(name), &value);
            }
        }
    }

    /// Whether cookies go with a cross-origin request (XMLHttpRequest's
    /// `withCredentials`).
    pub(crate) fn with_credentials(&self) -> bool {
        self.credentials == Some(RequestCredentials::Include)
    }
}
