//! fetch's own options, on the builder: each kept as a Rust field of the request.

#[cfg(feature = "js")]
use wasm_bindgen::JsValue;
use web_sys::{ReferrerPolicy, RequestCache, RequestCredentials, RequestMode, RequestRedirect};

use super::Put;
use crate::rules::option_checks;
use crate::rules::options::{self, Key};

impl Put {
    /// fetch's `credentials`.
    ///
    /// ```no_run
    /// use web_sys::RequestCredentials;
    /// let request = wasm_put::put("/resources/1").credentials(RequestCredentials::Include);
    /// ```
    pub fn credentials(mut self, credentials: RequestCredentials) -> Put {
        self.fetch.credentials = Some(credentials);
        self
    }

    /// fetch's `mode`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").mode(web_sys::RequestMode::Cors);
    /// ```
    pub fn mode(mut self, mode: RequestMode) -> Put {
        self.fetch.mode = Some(mode);
        self
    }

    /// fetch's `cache`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").cache(web_sys::RequestCache::NoStore);
    /// ```
    pub fn cache(mut self, cache: RequestCache) -> Put {
        self.fetch.cache = Some(cache);
        self
    }

    /// fetch's `redirect`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").redirect(web_sys::RequestRedirect::Error);
    /// ```
    pub fn redirect(mut self, redirect: RequestRedirect) -> Put {
        self.fetch.redirect = Some(redirect);
        self
    }

    /// fetch's `referrer`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").referrer("");
    /// ```
    pub fn referrer(mut self, referrer: &str) -> Put {
        self.fetch.referrer = Some(referrer.to_string());
        self
    }

    /// fetch's `referrerPolicy`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    /// ```
    pub fn referrer_policy(mut self, policy: ReferrerPolicy) -> Put {
        self.fetch.referrer_policy = Some(policy);
        self
    }

    /// fetch's `integrity`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").integrity("sha256-…");
    /// ```
    pub fn integrity(mut self, integrity: &str) -> Put {
        self.fetch.integrity = Some(integrity.to_string());
        self
    }

    /// fetch's `keepalive`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").keepalive(true);
    /// ```
    pub fn keepalive(mut self, keepalive: bool) -> Put {
        self.fetch.keepalive = Some(keepalive);
        self
    }

    /// fetch's `priority`: `"high"`, `"low"` or `"auto"`.
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").priority("high");
    /// ```
    pub fn priority(mut self, priority: &str) -> Put {
        let choices = options::spec_of(Key::Priority).choices.unwrap_or_default();
        match choices.iter().find(|&&c| c == priority) {
            Some(&known) => self.fetch.priority = Some(known),
            None => {
                let refused = option_checks::check_choice(self.caller, Key::Priority, priority);
                self.checked(refused);
            }
        }
        self
    }

    /// A JS string option of fetch's (`key`), checked against the values fetch takes.
    #[cfg(feature = "js")]
    pub(crate) fn fetch_option(mut self, key: Key, value: &str) -> Put {
        if key == Key::Priority {
            // Checked and kept as the table's own string by the builder method.
            return self.priority(value);
        }
        let checked = option_checks::check_choice(self.caller, key, value);
        if self.checked(checked).is_none() {
            return self;
        }
        // The choices are the strings of web-sys' enums, so each reads back as one.
        let js = JsValue::from_str(value);
        let fetch = &mut self.fetch;
        match key {
            Key::Credentials => fetch.credentials = RequestCredentials::from_js_value(&js),
            Key::Mode => fetch.mode = RequestMode::from_js_value(&js),
            Key::Cache => fetch.cache = RequestCache::from_js_value(&js),
            Key::Redirect => fetch.redirect = RequestRedirect::from_js_value(&js),
            Key::ReferrerPolicy => fetch.referrer_policy = ReferrerPolicy::from_js_value(&js),
            Key::Referrer => fetch.referrer = Some(value.to_string()),
            Key::Integrity => fetch.integrity = Some(value.to_string()),
            _ => {}
        }
        self
    }
}
