//! One attempt to pay, whatever is being paid (a single payment, each part of a family order,
//! and later each part of a split payment or an instalment): its Idempotency-Key and the rules
//! for keeping it.
//!
//! - **Press:** pay pressed sends the attempt's key, made on the first press and the same on
//!   every press after, so double taps, retries, reloads and visits after closing the tab all
//!   reuse it and the backend makes one payment.
//! - **Answered:** a payment answered ends the wait. No answer (or "not now") keeps the key and
//!   the wait: the payment may exist, so the next look asks with the same key. A refusal before
//!   the key was looked at (the session expired) keeps the key but not the wait: the person
//!   verifies again and presses pay. A definite refusal drops the key: nothing was paid under it.
//! - **Seen:** a payment seen ended without taking money (failed, cancelled, expired) spends its
//!   key: paying again is a new payment.

use crate::api::{ApiError, PaymentStatus};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentAttempt {
    /// The Idempotency-Key, once pay has been pressed (or the attempt planned).
    #[serde(default)]
    pub key: Option<String>,
    /// Pay was pressed and no answer came back (or one that could not be read): the screen asks
    /// the backend about it with the same key rather than offering to pay.
    #[serde(default)]
    pub awaiting_answer: bool,
}

/// What an answer to pay (or to asking about it) means for the attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answered {
    /// The backend answered with the payment.
    Payment,
    /// No answer, or "not now": it may have been paid; ask again with the same key.
    Unknown,
    /// Refused before the key was looked at: verify again, then press pay (same key).
    VerifyAgain,
    /// A definite refusal: nothing was paid under the key.
    Refused,
}

impl PaymentAttempt {
    /// An attempt whose key is made now (a part planned before it is sent).
    pub fn with_key(key: String) -> Self {
        PaymentAttempt { key: Some(key), awaiting_answer: false }
    }

    /// A payment pressed before whose answer was never seen, taken up again: the backend is
    /// asked about it with its key.
    pub fn resumed(key: String) -> Self {
        PaymentAttempt { key: Some(key), awaiting_answer: true }
    }

    /// Pay pressed: the key to send, the attempt's own or (the first time) a new one.
    pub fn press(&mut self, new_key: impl FnOnce() -> String) -> String {
        self.awaiting_answer = true;
        self.key.get_or_insert_with(new_key).clone()
    }

    /// The backend's answer to sending it, or to asking about it. `created`: a payment under
    /// this key is known already, so even a definite refusal leaves the key with it.
    pub fn answered<T>(&mut self, answer: &Result<T, ApiError>, created: bool) -> Answered {
        match answer {
            Ok(_) => {
                self.awaiting_answer = false;
                Answered::Payment
            }
            Err(error) if error.outcome_unknown() => Answered::Unknown,
            Err(ApiError::SessionExpired) => {
                self.awaiting_answer = false;
                Answered::VerifyAgain
            }
            Err(_) => {
                self.awaiting_answer = false;
                if !created {
                    self.key = None;
                }
                Answered::Refused
            }
        }
    }

    /// The payment as the backend reports it: one that ended without taking money spends the key.
    pub fn seen(&mut self, status: PaymentStatus) {
        if matches!(status, PaymentStatus::Failed | PaymentStatus::Cancelled | PaymentStatus::Expired) {
            self.key = None;
        }
    }

    /// Pay was pressed and no answer has been seen: the screen asks about it on arrival.
    pub fn resuming(&self) -> bool {
        self.key.is_some() && self.awaiting_answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("key-{n}")
        }
    }

    #[test]
    fn every_press_sends_the_same_key_until_a_definite_answer() {
        let (mut attempt, mut new_key) = (PaymentAttempt::default(), keys());
        assert_eq!(attempt.press(&mut new_key), "key-1");
        assert_eq!(attempt.press(&mut new_key), "key-1");
        assert_eq!(attempt.answered::<()>(&Err(ApiError::Network), false), Answered::Unknown);
        assert!(attempt.resuming(), "no answer: asked about again with its key");
        assert_eq!(attempt.press(&mut new_key), "key-1");
        assert_eq!(attempt.answered::<()>(&Err(ApiError::SessionExpired), false), Answered::VerifyAgain);
        assert_eq!((attempt.key.as_deref(), attempt.awaiting_answer), (Some("key-1"), false), "verify again, then press pay with the same key");
        assert_eq!(attempt.press(&mut new_key), "key-1");
        assert_eq!(attempt.answered(&Ok(()), false), Answered::Payment);
        assert_eq!((attempt.key.as_deref(), attempt.awaiting_answer), (Some("key-1"), false));
    }

    #[test]
    fn a_definite_refusal_drops_the_key_unless_a_payment_was_made_under_it() {
        let (mut attempt, mut new_key) = (PaymentAttempt::default(), keys());
        attempt.press(&mut new_key);
        assert_eq!(attempt.answered::<()>(&Err(ApiError::AlreadyPaid), false), Answered::Refused);
        assert_eq!(attempt, PaymentAttempt::default());
        assert_eq!(attempt.press(&mut new_key), "key-2");
        assert_eq!(attempt.answered::<()>(&Err(ApiError::NotFound), true), Answered::Refused);
        assert_eq!(attempt.key.as_deref(), Some("key-2"), "a payment exists under it");
    }

    #[test]
    fn a_payment_that_ended_unpaid_spends_its_key() {
        let (mut attempt, mut new_key) = (PaymentAttempt::default(), keys());
        attempt.press(&mut new_key);
        attempt.answered(&Ok(()), false);
        attempt.seen(PaymentStatus::Processing);
        attempt.seen(PaymentStatus::Succeeded);
        assert_eq!(attempt.key.as_deref(), Some("key-1"));
        attempt.seen(PaymentStatus::Failed);
        assert_eq!(attempt.press(&mut new_key), "key-2", "paying again is a new payment");
    }

    fn error() -> impl Strategy<Value = ApiError> {
        prop_oneof![
            Just(ApiError::Network),
            Just(ApiError::ServerError { status: 500 }),
            Just(ApiError::BadResponse("x".into())),
            Just(ApiError::TooManyRequests { retry_after_seconds: Some(5) }),
            Just(ApiError::SessionExpired),
            Just(ApiError::AlreadyPaid),
            Just(ApiError::NotFound),
        ]
    }

    proptest! {
        /// Whatever the answers, a press never sends a key other than the last one sent unless
        /// a definite refusal or an unpaid end came in between: one payment per attempt.
        #[test]
        fn a_new_key_only_after_a_definite_refusal_or_an_unpaid_end(answers in proptest::collection::vec(prop_oneof![error().prop_map(Err), Just(Ok(()))], 1..12)) {
            let (mut attempt, mut new_key) = (PaymentAttempt::default(), keys());
            let mut last = attempt.press(&mut new_key);
            for answer in answers {
                let answered = attempt.answered(&answer, false);
                let may_change = answered == Answered::Refused;
                if answered == Answered::Unknown {
                    prop_assert!(attempt.resuming());
                }
                let next = attempt.press(&mut new_key);
                prop_assert!(may_change || next == last, "{last} then {next} after {answered:?}");
                last = next;
            }
        }
    }
}
