//! What makes a save safe, on the builder: a conditional PUT (`if_match`,
//! `create_only`), `supersede` (one PUT per key in flight, none reordered), and the
//! `key` and `enqueue` of a PUT that an [`Outbox`](crate::Outbox) delivers.

use super::Put;
use crate::client::conditions::{both_conditions, Condition, Supersede};
use crate::client::queue::Queued;
use crate::error::Error;
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

    /// The key of an outbox entry: enqueued, it replaces the pending entry with the same
    /// key (which is then never sent) and goes to the end of the queue. Only for a
    /// request made by [`Outbox::put`](crate::Outbox::put): on any other it is bad input,
    /// which [`send`](Put::send) returns.
    ///
    /// ```no_run
    /// # async fn run(outbox: wasm_put::Outbox) -> Result<(), wasm_put::Error> {
    /// outbox.put("/notes/42").body("draft").key("note-42").enqueue().await?;
    /// # Ok(()) }
    /// ```
    pub fn key(mut self, key: impl Into<String>) -> Put {
        let key = key.into();
        match &mut self.queue {
            Some((_, slot)) => *slot = Some(key),
            None => self.fail(Invalid::new(format!(
                "key(\"{key}\") is for a request made by Outbox::put(url); send() has no queue to replace an entry in"
            ))),
        }
        self
    }

    /// Stores the request in the outbox that made it ([`Outbox::put`](crate::Outbox::put))
    /// and resolves once the entry is committed to IndexedDB, before anything is sent.
    /// The outbox then delivers it in queue order, through outages and reloads.
    ///
    /// A request not made by an outbox, or with something an entry cannot keep (a
    /// signal, a callback, `supersede`, `retry`, `total_timeout`, a `FormData` or
    /// `ReadableStream` body), is refused with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput).
    pub async fn enqueue(self) -> Result<Queued, Error> {
        let Some((queue, key)) = self.queue.clone() else {
            let target = crate::rules::message::target(self.method.as_str(), &self.url);
            return Err(Error::invalid(
                Invalid::new("enqueue() is for a request made by Outbox::put(url); use send() to send this one"),
                &target,
            ));
        };
        queue.enqueue(self, key).await
    }
}
