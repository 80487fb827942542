//! Bearer tokens with one shared refresh: every attempt sends `Authorization: Bearer
//! <token>`; on a `401`, the calls that meet it while a refresh runs wait for that same
//! refresh, so any number of concurrent 401s make one refresh.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::callbacks::LocalFuture;
use crate::error::Error;
use crate::rules::bearer::{self, Step};

/// A token function and a refresh, shared by the clones of a client (and so by all its
/// calls), with the refresh in flight.
#[derive(Clone)]
pub(crate) struct Bearer {
    token: Rc<dyn Fn() -> LocalFuture<Result<String, Error>>>,
    refresh: Rc<dyn Fn() -> LocalFuture<Result<(), Error>>>,
    flight: Rc<RefCell<Option<Flight>>>,
}

/// A refresh in flight: settled when it ends, its outcome kept for each waiter.
#[derive(Clone)]
struct Flight {
    done: Promise,
    outcome: Rc<RefCell<Option<Result<(), Error>>>>,
}

impl Bearer {
    /// A bearer over `token` (the current token) and `refresh` (gets a new one).
    pub(crate) fn new(
        token: Rc<dyn Fn() -> LocalFuture<Result<String, Error>>>,
        refresh: Rc<dyn Fn() -> LocalFuture<Result<(), Error>>>,
    ) -> Bearer {
        Bearer {
            token,
            refresh,
            flight: Rc::new(RefCell::new(None)),
        }
    }

    /// The current token.
    pub(crate) async fn token(&self) -> Result<String, Error> {
        (self.token)().await
    }

    /// After a `401` to an attempt sent with the token `sent`: waits for the refresh in
    /// flight, or starts one when `sent` is still the current token, or (it was replaced
    /// meanwhile) does nothing; the steps are [`bearer::after_unauthorized`]'s. A failed
    /// refresh is the error of every call waiting.
    pub(crate) async fn after_unauthorized(&self, sent: &str) -> Result<(), Error> {
        let mut current = None;
        loop {
            let flight =
                match bearer::after_unauthorized(self.in_flight(), sent, current.as_deref()) {
                    Step::ReadToken => {
                        current = Some(self.token().await?);
                        continue;
                    }
                    Step::Resend => return Ok(()),
                    Step::Join(flight) => flight,
                    Step::Start => self.start(),
                };
            return flight.wait().await;
        }
    }

    fn in_flight(&self) -> Option<Flight> {
        self.flight.borrow().clone()
    }

    /// Starts the refresh, as its own task: a call that stops waiting does not stop it.
    fn start(&self) -> Flight {
        let outcome = Rc::new(RefCell::new(None));
        let (slot, refresh, state) = (outcome.clone(), self.refresh.clone(), self.flight.clone());
        let done = wasm_bindgen_futures::future_to_promise(async move {
            let refreshed = refresh().await;
            *slot.borrow_mut() = Some(refreshed);
            *state.borrow_mut() = None;
            Ok(JsValue::UNDEFINED)
        });
        let flight = Flight { done, outcome };
        *self.flight.borrow_mut() = Some(flight.clone());
        flight
    }
}

impl Flight {
    async fn wait(self) -> Result<(), Error> {
        // The task never rejects: its outcome is in the slot.
        let _ = JsFuture::from(self.done).await;
        self.outcome.borrow().clone().unwrap_or(Ok(()))
    }
}
