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
//! - **Handed off:** a payment waiting for the payer's wallet (`requires_action`) sends them to
//!   the provider once per press. Coming back (a return, a reload, the wallet's sheet closing)
//!   asks the backend and never sends them again by itself: what the wallet or the return says
//!   proves nothing. Back without paying, the key stays: pay again reuses that payment.

use crate::api::{ApiError, NextAction, PaymentStatus};
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
    /// The person was sent to the provider (its page, its sheet) for this payment since pay was
    /// last pressed: arriving again asks the backend instead of sending them again.
    #[serde(default)]
    pub handed_off: bool,
}

/// What the waiting screen does with the payment as the backend last reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirming {
    /// Send the person to the provider now: its page, or WeChat's sheet.
    HandOff,
    /// Show the code for the payer's phone to scan, and keep asking.
    ShowCode,
    /// Keep asking the backend (processing, or back from the provider with no word yet).
    Wait,
    /// The payment has its result.
    Done,
}

/// The provider's page or sheet closed without a payment the backend knows of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftWallet {
    /// The payer closed the sheet or left the page.
    Cancelled,
    /// The wallet reported a problem.
    Failed,
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
        PaymentAttempt { key: Some(key), ..PaymentAttempt::default() }
    }

    /// A payment pressed before whose answer was never seen, taken up again: the backend is
    /// asked about it with its key.
    pub fn resumed(key: String) -> Self {
        PaymentAttempt { key: Some(key), awaiting_answer: true, handed_off: false }
    }

    /// Pay pressed: the key to send, the attempt's own or (the first time) a new one. Each
    /// press may hand the person to the provider once more.
    pub fn press(&mut self, new_key: impl FnOnce() -> String) -> String {
        self.awaiting_answer = true;
        self.handed_off = false;
        self.key.get_or_insert_with(new_key).clone()
    }

    /// What to do with the payment as the backend reports it (see [`Confirming`]).
    pub fn confirming(&self, status: PaymentStatus, action: &NextAction) -> Confirming {
        match (status, action) {
            (PaymentStatus::RequiresAction, NextAction::Qr { .. }) => Confirming::ShowCode,
            (PaymentStatus::RequiresAction, NextAction::Redirect { .. } | NextAction::WechatJsapi { .. }) if !self.handed_off => Confirming::HandOff,
            (PaymentStatus::RequiresAction | PaymentStatus::Processing, _) => Confirming::Wait,
            _ => Confirming::Done,
        }
    }

    /// About to send the person to the provider: coming back must not send them again.
    pub fn hand_off(&mut self) {
        self.handed_off = true;
    }

    /// The person asks to go to the provider again for the same payment (its page, its sheet).
    pub fn to_wallet_again(&mut self) {
        self.handed_off = false;
    }

    /// The person is back from the provider and the backend still waits for their wallet: back
    /// to the pay button, with the key. Only pressing pay (the same payment) hands off again.
    pub fn back_unpaid(&mut self) {
        self.awaiting_answer = false;
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

/// Where the app is running, from the browser's user-agent string: the backend chooses the
/// provider's hand-off by it (WeChat's sheet, another app's page, a cashier page, a code).
pub fn client_kind(user_agent: &str, touch_screen: bool) -> crate::api::ClientKind {
    use crate::api::ClientKind;
    let ua = user_agent.to_ascii_lowercase();
    if ua.contains("micromessenger") {
        ClientKind::WechatWebview
    } else if ["alipayclient", "unionpay", "bankabc", "icbc", "ccbsdk", "cmbmobile"].iter().any(|app| ua.contains(app)) {
        ClientKind::InAppWebview
    } else if ua.contains("mobile") || ua.contains("android") || ua.contains("iphone") || (ua.contains("macintosh") && touch_screen) {
        ClientKind::MobileBrowser
    } else {
        ClientKind::DesktopBrowser
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

    #[test]
    fn a_payment_waiting_for_the_wallet_hands_off_once_per_press() {
        let (mut attempt, mut new_key) = (PaymentAttempt::default(), keys());
        let redirect = NextAction::Redirect { url: "https://pay.example/c/1".into() };
        attempt.press(&mut new_key);
        attempt.answered(&Ok(()), false);
        assert_eq!(attempt.confirming(PaymentStatus::RequiresAction, &redirect), Confirming::HandOff);
        attempt.hand_off();
        // Back (a return, a reload): ask the backend, never send them again by itself.
        assert_eq!(attempt.confirming(PaymentStatus::RequiresAction, &redirect), Confirming::Wait);
        attempt.to_wallet_again();
        assert_eq!(attempt.confirming(PaymentStatus::RequiresAction, &redirect), Confirming::HandOff, "asked for: the page again");
        attempt.hand_off();
        attempt.seen(PaymentStatus::RequiresAction);
        attempt.back_unpaid();
        assert_eq!(attempt.confirming(PaymentStatus::RequiresAction, &redirect), Confirming::Wait, "back at pay: nothing opens by itself");
        assert_eq!(attempt.key.as_deref(), Some("key-1"), "no money taken: the same payment stays");
        assert_eq!(attempt.press(&mut new_key), "key-1", "pay again reuses it");
        assert_eq!(attempt.confirming(PaymentStatus::RequiresAction, &redirect), Confirming::HandOff);
        assert_eq!(attempt.confirming(PaymentStatus::Processing, &NextAction::None), Confirming::Wait);
        assert_eq!(attempt.confirming(PaymentStatus::Succeeded, &NextAction::None), Confirming::Done);
        assert_eq!(attempt.confirming(PaymentStatus::RequiresAction, &NextAction::Qr { code: "x".into() }), Confirming::ShowCode);
    }

    #[test]
    fn the_client_is_told_by_its_user_agent() {
        use crate::api::ClientKind::*;
        let cases = [
            ("Mozilla/5.0 (Linux; Android 13; V2203A) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) NetType/WIFI", WechatWebview),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 AlipayClient/10.5.36", InAppWebview),
            ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36", MobileBrowser),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36", DesktopBrowser),
        ];
        for (ua, kind) in cases {
            assert_eq!(client_kind(ua, false), kind, "{ua}");
        }
        // iPadOS says it is a Mac; its touch screen tells it apart.
        assert_eq!(client_kind("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15", true), MobileBrowser);
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
