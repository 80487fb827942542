//! The client: one PUT, from the builder to the answer, over the platform `fetch`.
//!
//! A call goes through these modules in order: [`builder`] (the [`Put`] as Rust
//! fields, with [`fetch_options`] and [`conditions`]), [`request`] (checked and prepared once per
//! call), [`execute`] (its [`supersede`] turn, the attempts under a [`guard`], the retry
//! waits), [`transport`] (one attempt through fetch or XMLHttpRequest) and [`response`]
//! (the answer). [`update`] runs a GET and a conditional PUT on the same builder. The
//! JS `put()` (`crate::js`) is a thin adapter over the same `Put`.

mod bearer;
mod body;
mod builder;
mod callbacks;
mod conditions;
mod configured;
#[cfg(feature = "js")]
mod direct;
mod execute;
mod fetch_options;
pub(crate) mod guard;
#[cfg(feature = "outbox")]
pub(crate) mod outbox;
mod platform;
mod progress;
mod request;
mod response;
mod retry;
mod supersede;
mod transport;
pub(crate) mod update;
mod url;

#[cfg(feature = "js")]
pub(crate) use bearer::Bearer;
pub use body::Body;
#[cfg(feature = "js")]
pub(crate) use body::BodyKind;
pub(crate) use builder::Method;
#[cfg(feature = "outbox")]
pub use builder::Queued;
pub use builder::{put, Put};
pub use callbacks::HookRequest;
#[cfg(feature = "js")]
pub(crate) use callbacks::Hooks;
pub use configured::{Client, ClientBuilder};
#[cfg(feature = "outbox")]
pub use outbox::{Failed, OpenOutbox, Outbox, Pending, Sent};
#[cfg(feature = "js")]
pub(crate) use platform::object;
pub use progress::Progress;
pub use response::Response;
pub use retry::{Retry, RetryContext, ShouldRetry};
#[cfg(feature = "js")]
pub(crate) use url::resolve as resolve_url;
