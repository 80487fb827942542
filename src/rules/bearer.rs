//! A client's bearer after a `401`: one refresh shared by all its calls. The first `401`
//! to the current token starts it, the `401`s that meet it running join it, and a `401`
//! to a token replaced meanwhile sends again with the new one, refreshing nothing. (That
//! a call is sent again at most once, a second `401` being its answer, is
//! [`Attempts::early`](super::attempts::Attempts::early).)
//!
//! Pure, tested on the host; `client::bearer` reads the token, runs the refresh and waits.

/// The next step of a call after a `401` to an attempt sent with a bearer token; `F` is
/// the refresh running (what a call waits on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<F> {
    /// Read the current token, to see whether it was replaced since it was sent.
    ReadToken,
    /// Wait for the refresh running, then send again.
    Join(F),
    /// Start the refresh (the token sent is still the current one), wait for it, then
    /// send again.
    Start,
    /// The token was replaced meanwhile: send again with the new one, no refresh.
    Resend,
}

/// The next step after a `401` to an attempt sent with the token `sent`: `running` is
/// the refresh in flight, if any, and `current` the current token once read. A refresh
/// running is joined without reading the token; once read, a token other than `sent`
/// resends, and otherwise the refresh that started meanwhile is joined or one starts.
pub fn after_unauthorized<F>(running: Option<F>, sent: &str, current: Option<&str>) -> Step<F> {
    match (current, running) {
        (None, Some(flight)) => Step::Join(flight),
        (None, None) => Step::ReadToken,
        (Some(current), _) if current != sent => Step::Resend,
        (Some(_), Some(flight)) => Step::Join(flight),
        (Some(_), None) => Step::Start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_401_while_a_refresh_runs_joins_it_without_reading_the_token() {
        assert_eq!(after_unauthorized(Some(7), "old", None), Step::Join(7));
    }

    #[test]
    fn a_401_with_no_refresh_running_reads_the_token_first() {
        assert_eq!(after_unauthorized::<u8>(None, "old", None), Step::ReadToken);
    }

    #[test]
    fn a_401_to_the_current_token_starts_the_one_refresh() {
        assert_eq!(
            after_unauthorized::<u8>(None, "old", Some("old")),
            Step::Start
        );
    }

    #[test]
    fn a_refresh_started_while_the_token_was_read_is_joined() {
        assert_eq!(
            after_unauthorized(Some(7), "old", Some("old")),
            Step::Join(7)
        );
    }

    #[test]
    fn a_401_to_a_replaced_token_resends_without_refreshing() {
        assert_eq!(
            after_unauthorized::<u8>(None, "old", Some("new")),
            Step::Resend
        );
        assert_eq!(
            after_unauthorized(Some(7), "old", Some("new")),
            Step::Resend
        );
    }

    #[test]
    fn a_refresh_is_walked_from_the_first_401_to_its_end() {
        // One call meets a 401: it reads the token, then starts the refresh.
        let mut running = None;
        assert_eq!(after_unauthorized(running, "t1", None), Step::ReadToken);
        assert_eq!(after_unauthorized(running, "t1", Some("t1")), Step::Start);
        running = Some(1);
        // A second call's 401 to the same token joins it.
        assert_eq!(after_unauthorized(running, "t1", None), Step::Join(1));
        // The refresh ends with a new token; a late 401 to the old one resends.
        running = None;
        assert_eq!(after_unauthorized(running, "t1", None), Step::ReadToken);
        assert_eq!(after_unauthorized(running, "t1", Some("t2")), Step::Resend);
    }
}
