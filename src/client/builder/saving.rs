//! What makes a save safe, on the builder: a conditional PUT (`if_match`,
//! `create_only`) and `supersede` (one PUT per key in flight, none reordered).

use super::Put;
use crate::client::conditions::{both_conditions, Condition, Supersede};
use crate::rules::options::{self, Key};
use crate::rules::{headers, Invalid};

impl Put {
    /// Sends `If-Match: <etag>`: the server applies the PUT only if the resource is
    /// still that version (else `412`).
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/1").body("v2").if_match("\"v1\"");
    /// ```
    pub fn if_match(mut self, etag: &str) -> Put {
        if let Err(problem) = headers::check("If-Match", etag) {
            let named = options::spec_of(Key::IfMatch).named(self.caller);
            self.fail(Invalid::new(format!(
                "{named} holds an invalid ETag: {}",
                problem.explain()
            )));
        }
        self.condition(Condition::IfMatch(etag.to_string()))
    }

    /// Sends `If-None-Match: *`: the PUT only creates (else `412`).
    ///
    /// ```no_run
    /// let request = wasm_put::put("/resources/new").body("first").create_only();
    /// ```
    pub fn create_only(self) -> Put {
        self.condition(Condition::CreateOnly)
    }

    /// Keeps `condition`; the other one already given is refused.
    fn condition(mut self, condition: Condition) -> Put {
        match (&self.condition, &condition) {
            (Some(Condition::IfMatch(_)), Condition::CreateOnly)
            | (Some(Condition::CreateOnly), Condition::IfMatch(_)) => {
                self.fail(both_conditions(self.caller))
            }
            _ => self.condition = Some(condition),
        }
        self
    }

    /// At most one PUT per `key` is in flight: a call made while one is in flight waits
    /// for it, and replaces any call already waiting, which fails with
    /// [`ErrorKind::Abort`](crate::ErrorKind::Abort) (its cause the string `superseded`).
    /// The server sees the PUTs in call order, and the last one always goes out: the
    /// autosave pattern.
    ///
    /// ```no_run
    /// # async fn run(text: &str) -> Result<(), wasm_put::Error> {
    /// // On every keystroke: older saves still waiting are dropped, none is reordered.
    /// wasm_put::put("/resources/draft").body(text).supersede("draft").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn supersede(mut self, key: impl Into<String>) -> Put {
        self.supersede = Some(Supersede::Key(key.into()));
        self
    }

    /// `supersede` keyed by the resolved URL (the JS `supersede: true`).
    #[cfg(feature = "js")]
    pub(crate) fn supersede_by_url(mut self) -> Put {
        self.supersede = Some(Supersede::Url);
        self
    }

    /// No `supersede`, whatever a client's defaults say (the JS `supersede: false`).
    #[cfg(feature = "js")]
    pub(crate) fn no_supersede(mut self) -> Put {
        self.supersede = None;
        self
    }
}
