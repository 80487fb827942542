//! The decisions of a call's attempts: whether an answer is sent again unread (a status
//! the retry rule retries, a `401` to resend with a refreshed token), whether an attempt
//! that ended is retried, stops the call or goes to the caller's `should_retry`, the
//! numbers hooks see, and which final answers the `after_response` hooks get.
//!
//! Pure, tested on the host; `client::execute` sends, refreshes, asks and waits.

/// What a call's decisions rest on, fixed for the whole call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy<'a> {
    /// Retries allowed after the first attempt (0 for a body that cannot be sent again).
    pub limit: u32,
    /// The statuses the retry rule retries (none without a retry policy).
    pub status_codes: &'a [u16],
    /// Whether the caller decides each retry (`should_retry`): the status and
    /// network-error rules then stand aside, and every failed attempt is offered to it.
    pub caller_decides: bool,
    /// Whether the body can be sent again, which a resend after a `401` needs.
    pub replayable: bool,
}

/// What becomes of an answer once its status is known, before its body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Early {
    /// A `401` to an attempt sent with a bearer token: refresh, then send again at once
    /// (not a retry: no wait, the limit untouched).
    Resend,
    /// A status the retry rule retries, with a retry left: wait, then send again.
    Retry,
    /// Read it whole: it is the call's answer, unless the caller's decision retries it.
    Read,
}

/// How an attempt ended, once its answer was read whole or it had none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// An answer; `ok` when its status is 2xx.
    Answer {
        /// The status is 2xx.
        ok: bool,
    },
    /// No answer: a network error.
    Network,
    /// No answer: the attempt's own timeout ran out.
    Timeout,
    /// No answer, for another reason (an abort, the runtime, a callback's error).
    Other,
}

/// What follows an attempt that ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// How it ended is the call's outcome.
    Stop,
    /// Wait, then try again.
    Retry,
    /// Ask the caller's `should_retry` about retry number `retry` (1 for the first):
    /// `true` retries as [`Next::Retry`], `false` stops as [`Next::Stop`].
    Ask {
        /// The number of the retry it would be.
        retry: u32,
    },
}

/// Where a call's attempts stand: the retries made, the attempts sent, and whether the
/// call was already sent again after a `401`; `Attempts::default()` before the first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attempts {
    retries: u32,
    sent: u32,
    resent: bool,
}

impl Attempts {
    /// The retries made so far: each counted against the limit, and the exponent of
    /// the next wait's backoff.
    pub fn retries(&self) -> u32 {
        self.retries
    }

    /// The number hooks see for the next attempt: 0 for the first, then one more for
    /// each attempt sent, retries and a resend after a `401` alike.
    pub fn next_number(&self) -> u32 {
        self.sent
    }

    /// The number of the attempt sent last (0 before any).
    pub fn last_number(&self) -> u32 {
        self.sent.saturating_sub(1)
    }

    /// Whether a retry is left under `policy`'s limit.
    pub fn may_retry(&self, policy: &Policy) -> bool {
        self.retries < policy.limit
    }

    /// What an answer with `status` becomes before its body is read, for an attempt
    /// sent with a bearer token when `with_token`. A `401` is sent again once, and only
    /// with a body that can be sent again; a second `401` is read as the answer.
    pub fn early(&self, policy: &Policy, status: u16, with_token: bool) -> Early {
        if status == 401 && with_token && !self.resent && policy.replayable {
            return Early::Resend;
        }
        let rule = !policy.caller_decides && policy.status_codes.contains(&status);
        if rule && self.may_retry(policy) {
            Early::Retry
        } else {
            Early::Read
        }
    }

    /// What follows an attempt that ended as `ended`. Without the caller's decision, a
    /// network error is retried and anything else stops; with it, a non-2xx answer, a
    /// network error and a timed-out attempt are offered to it. Either way, only while
    /// a retry is left.
    pub fn next(&self, policy: &Policy, ended: Ended) -> Next {
        let offered = match ended {
            Ended::Answer { ok } => !ok && policy.caller_decides,
            Ended::Network => true,
            Ended::Timeout => policy.caller_decides,
            Ended::Other => false,
        };
        if !offered || !self.may_retry(policy) {
            Next::Stop
        } else if policy.caller_decides {
            Next::Ask {
                retry: self.retries + 1,
            }
        } else {
            Next::Retry
        }
    }

    /// An attempt was sent.
    pub fn sent_one(&mut self) {
        self.sent += 1;
    }

    /// The call is sent again after a `401` ([`Early::Resend`]).
    pub fn resending(&mut self) {
        self.resent = true;
    }

    /// The call is retried, after its wait.
    pub fn retrying(&mut self) {
        self.retries += 1;
    }
}

/// Whether a call's final answer goes through a client's `after_response` hooks: a
/// PUT's does, except a `412` within `update()`, which reads and tries again; the read
/// (a GET) of `update()` is not a final answer either.
pub fn after_response_runs(is_put: bool, within_update: bool, status: u16) -> bool {
    is_put && !(within_update && status == 412)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: [u16; 2] = [503, 429];

    /// A policy of `limit` retries of 503 and 429, the rules deciding, a replayable body.
    fn rules(limit: u32) -> Policy<'static> {
        Policy {
            limit,
            status_codes: &CODES,
            caller_decides: false,
            replayable: true,
        }
    }

    /// The same, the caller deciding.
    fn decided(limit: u32) -> Policy<'static> {
        Policy {
            caller_decides: true,
            ..rules(limit)
        }
    }

    /// Attempts after `retries` retries.
    fn after(retries: u32) -> Attempts {
        let mut attempts = Attempts::default();
        for _ in 0..retries {
            attempts.sent_one();
            attempts.retrying();
        }
        attempts
    }

    #[test]
    fn a_new_call_has_sent_nothing_and_retried_nothing() {
        let attempts = Attempts::default();
        assert_eq!(attempts.retries(), 0);
        assert_eq!(attempts.next_number(), 0);
        assert_eq!(attempts.last_number(), 0);
    }

    #[test]
    fn hooks_number_every_attempt_sent_retries_and_resends_alike() {
        let mut attempts = Attempts::default();
        attempts.sent_one();
        assert_eq!((attempts.next_number(), attempts.last_number()), (1, 0));
        attempts.resending();
        attempts.sent_one();
        assert_eq!((attempts.next_number(), attempts.last_number()), (2, 1));
        assert_eq!(attempts.retries(), 0, "a resend is not a retry");
        attempts.retrying();
        attempts.sent_one();
        assert_eq!((attempts.next_number(), attempts.last_number()), (3, 2));
        assert_eq!(attempts.retries(), 1);
        attempts.retrying();
        assert_eq!(attempts.retries(), 2);
    }

    #[test]
    fn retries_are_left_while_fewer_than_the_limit_were_made() {
        assert!(after(0).may_retry(&rules(1)));
        assert!(after(1).may_retry(&rules(2)));
        assert!(!after(2).may_retry(&rules(2)));
        assert!(!after(0).may_retry(&rules(0)));
    }

    #[test]
    fn a_listed_status_is_retried_unread_while_a_retry_is_left() {
        assert_eq!(after(0).early(&rules(2), 503, false), Early::Retry);
        assert_eq!(after(1).early(&rules(2), 429, true), Early::Retry);
        assert_eq!(after(2).early(&rules(2), 503, false), Early::Read);
        assert_eq!(after(0).early(&rules(2), 500, false), Early::Read);
        assert_eq!(after(0).early(&rules(2), 200, false), Early::Read);
    }

    #[test]
    fn the_caller_deciding_reads_every_answer_whole() {
        assert_eq!(after(0).early(&decided(2), 503, false), Early::Read);
        let none = Policy {
            status_codes: &[],
            ..rules(2)
        };
        assert_eq!(after(0).early(&none, 503, false), Early::Read);
    }

    #[test]
    fn a_401_with_a_bearer_token_is_resent_once_with_a_replayable_body() {
        let policy = rules(0);
        let mut attempts = Attempts::default();
        assert_eq!(attempts.early(&policy, 401, true), Early::Resend);
        assert_eq!(attempts.early(&policy, 401, false), Early::Read, "no token");
        assert_eq!(attempts.early(&policy, 403, true), Early::Read);
        let once = Policy {
            replayable: false,
            ..policy
        };
        assert_eq!(attempts.early(&once, 401, true), Early::Read, "a stream");
        attempts.sent_one();
        attempts.resending();
        assert_eq!(
            attempts.early(&policy, 401, true),
            Early::Read,
            "a second 401"
        );
    }

    #[test]
    fn a_resend_after_a_401_comes_before_the_retry_rule() {
        let codes = [401];
        let policy = Policy {
            status_codes: &codes,
            ..rules(3)
        };
        let mut attempts = Attempts::default();
        assert_eq!(attempts.early(&policy, 401, true), Early::Resend);
        attempts.resending();
        assert_eq!(attempts.early(&policy, 401, true), Early::Retry);
        assert_eq!(attempts.retries(), 0);
    }

    #[test]
    fn without_the_caller_only_network_errors_are_retried_after_an_attempt() {
        let policy = rules(1);
        let fresh = after(0);
        assert_eq!(fresh.next(&policy, Ended::Network), Next::Retry);
        assert_eq!(fresh.next(&policy, Ended::Timeout), Next::Stop);
        assert_eq!(fresh.next(&policy, Ended::Other), Next::Stop);
        assert_eq!(fresh.next(&policy, Ended::Answer { ok: false }), Next::Stop);
        assert_eq!(fresh.next(&policy, Ended::Answer { ok: true }), Next::Stop);
        assert_eq!(after(1).next(&policy, Ended::Network), Next::Stop);
    }

    #[test]
    fn the_caller_is_asked_about_failed_answers_network_errors_and_timeouts() {
        let policy = decided(3);
        let ask = |retry| Next::Ask { retry };
        assert_eq!(after(0).next(&policy, Ended::Answer { ok: false }), ask(1));
        assert_eq!(after(1).next(&policy, Ended::Network), ask(2));
        assert_eq!(after(2).next(&policy, Ended::Timeout), ask(3));
        assert_eq!(
            after(0).next(&policy, Ended::Answer { ok: true }),
            Next::Stop
        );
        assert_eq!(after(0).next(&policy, Ended::Other), Next::Stop);
        assert_eq!(after(3).next(&policy, Ended::Network), Next::Stop);
        assert_eq!(
            after(3).next(&policy, Ended::Answer { ok: false }),
            Next::Stop
        );
    }

    #[test]
    fn after_response_hooks_see_a_puts_final_answer_but_not_updates_412() {
        assert!(after_response_runs(true, false, 200));
        assert!(after_response_runs(true, false, 412));
        assert!(after_response_runs(true, true, 200));
        assert!(!after_response_runs(true, true, 412));
        assert!(!after_response_runs(false, false, 200));
        assert!(!after_response_runs(false, true, 412));
    }
}
