//! The payment's part of the flow: the order, the verification, the tier, the method and the
//! attempt to pay, each choice forgetting what depended on the one it replaces; and the
//! tokens' time limits.

use crate::api::{LocalText, OrderRef, Payment, PaymentMethod, PaymentStatus, ProductCode, Purpose, Quote, TierChoice, VerificationSession, VerifyMethod, ApiError};
use crate::domain::access::Holding;
use crate::domain::flow::{PaymentStage, Progress, Step};
use crate::domain::payment_attempt::{Answered, PaymentAttempt};
use crate::domain::time_limit::{TokenTime, TokenUse};
use serde::{Deserialize, Serialize};
use super::{new_attempt_key, PendingPayment, RecordAccess};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    pub province: Option<String>,
    pub city: Option<String>,
    pub product: Option<ProductCode>,
    pub year: Option<u16>,
    /// Province and city names for display, as the backend named them.
    pub place: Option<LocalText>,
    pub verification: Option<VerificationSession>,
    pub token: Option<String>,
    /// When `token` runs out (see `domain::time_limit`).
    #[serde(default)]
    pub token_time: Option<TokenTime>,
    pub tier: Option<TierChoice>,
    pub quote: Option<Quote>,
    pub method: Option<PaymentMethod>,
    /// The attempt to pay this order: its Idempotency-Key, and whether an answer is awaited.
    #[serde(default)]
    pub attempt: PaymentAttempt,
    pub payment: Option<Payment>,
    /// Where the person was when their session expired: verifying again brings them back.
    pub return_to: Option<Step>,
    /// What the identity screen verifies for: paying the order, or reading `record`.
    #[serde(default)]
    pub purpose: Purpose,
    /// The record being read (查询), apart from the payment: a token for it only reads.
    #[serde(default)]
    pub record: Option<RecordAccess>,
    /// The family member (their id) this order is paid for, on the payer's record verification;
    /// none when paying for the person who verifies.
    #[serde(default)]
    pub paying_for: Option<String>,
    /// The family order under way (亲属代缴: `domain::family_order::FamilyOrderFlow`), as the
    /// family's screens wrote it. Kept as its JSON, so the payer's first screen carries none of
    /// its code.
    #[serde(default)]
    pub family_order: Option<String>,
}

impl Flow {
    /// Nothing chosen, verified or paid: as a first visit finds it. (Field by field rather than
    /// `== Flow::default()`, which would bring the comparison of every answer the flow holds,
    /// a payment's hand-off included, into the payer's first download.)
    pub fn is_untouched(&self) -> bool {
        let Flow { province, city, product, year, place, verification, token, token_time, tier, quote, method, attempt, payment, return_to, purpose, record, paying_for, family_order } = self;
        province.is_none() && city.is_none() && product.is_none() && year.is_none() && place.is_none() && verification.is_none() && token.is_none() && token_time.is_none()
            && tier.is_none() && quote.is_none() && method.is_none() && attempt.key.is_none() && !attempt.awaiting_answer && !attempt.handed_off && payment.is_none()
            && return_to.is_none() && *purpose == Purpose::Pay && record.is_none() && paying_for.is_none() && family_order.is_none()
    }

    pub fn order(&self) -> Option<OrderRef> {
        Some(OrderRef { city: self.city.clone()?, product: self.product?, year: self.year? })
    }

    pub fn progress(&self) -> Progress {
        Progress {
            product_chosen: self.order().is_some(),
            verified: self.token.is_some(),
            tier_chosen: self.quote.is_some(),
            method_chosen: self.method.is_some(),
            payment: self.payment.as_ref().map(|p| match p.status {
                PaymentStatus::RequiresAction => PaymentStage::AwaitingWallet,
                PaymentStatus::Processing => PaymentStage::Processing,
                PaymentStatus::Succeeded => PaymentStage::Succeeded,
                PaymentStatus::Failed => PaymentStage::Failed,
                PaymentStatus::Cancelled => PaymentStage::Cancelled,
                PaymentStatus::Expired => PaymentStage::Expired,
            }),
        }
    }

    /// What the person holds, for the screens they may open (`domain::access`).
    pub fn holding(&self) -> Holding {
        Holding {
            progress: self.progress(),
            verifying_to_read: self.purpose == Purpose::Record,
            reading_city_chosen: self.record.is_some(),
            reading: self.record_token().is_some(),
        }
    }

    /// A different order needs a new verification and everything after it.
    pub fn set_order(&mut self, city: Option<String>, product: Option<ProductCode>, year: Option<u16>) {
        if (self.city.as_ref(), self.product, self.year) != (city.as_ref(), product, year) {
            self.city = city;
            self.product = product;
            self.year = year;
            self.forget_verification();
        }
    }

    pub fn forget_verification(&mut self) {
        self.verification = None;
        self.token = None;
        self.token_time = None;
        self.return_to = None;
        self.forget_tier();
    }

    /// The payment succeeded: the verification session is of no further use and is dropped.
    /// The token stays for reading the receipt (only the payer's reads it) until the person
    /// starts again.
    pub fn end_session(&mut self) {
        self.verification = None;
    }

    /// The backend no longer accepts the token: verify again, then come back to `at` with
    /// every choice (and any payment) kept.
    pub fn session_expired(&mut self, at: Option<Step>) {
        self.purpose = Purpose::Pay;
        self.verification = None;
        self.token = None;
        self.token_time = None;
        self.return_to = at.filter(|s| !matches!(s, Step::Entry | Step::Identity));
    }

    /// The payment this flow is waiting for: pay was pressed and no final result seen yet.
    pub fn pending_payment(&self) -> Option<PendingPayment> {
        if self.has_final_result() {
            return None;
        }
        Some(PendingPayment {
            province: self.province.clone(),
            place: self.place.clone(),
            order: self.order()?,
            quote: self.quote.clone()?,
            method: self.method?,
            key: self.attempt.key.clone()?,
            payer: self.payer(),
        })
    }

    /// The payment reached succeeded, failed, cancelled or expired, as far as the app has seen.
    pub fn has_final_result(&self) -> bool {
        self.payment.as_ref().is_some_and(|p| p.status.is_final())
    }

    fn payer(&self) -> Option<String> {
        self.verification.as_ref().map(|v| v.masked_mobile.clone())
    }

    /// Takes up a pending payment: its order and choices and its key, so the review screen
    /// asks the backend about that payment instead of offering to pay again.
    pub fn resume(&mut self, pending: PendingPayment) {
        // A token is granted for one order: it is kept only when the order is the same.
        let same_order = self.order().as_ref() == Some(&pending.order);
        let (token, token_time, verification) = if same_order { (self.token.take(), self.token_time, self.verification.take()) } else { (None, None, None) };
        *self = Flow { province: pending.province, place: pending.place, record: self.record.take(), ..Flow::default() };
        self.city = Some(pending.order.city);
        self.product = Some(pending.order.product);
        self.year = Some(pending.order.year);
        self.quote = Some(pending.quote);
        self.method = Some(pending.method);
        // Whether that payment exists is unknown until the backend is asked.
        self.attempt = PaymentAttempt::resumed(pending.key);
        (self.token, self.token_time, self.verification) = (token, token_time, verification);
    }

    /// Just verified with `token`: back to where an expired session left off, or to a payment
    /// still pending for this order, or on to choosing a tier. Returns the step to show.
    pub fn verified(&mut self, token: String, pending: &[PendingPayment]) -> Step {
        self.token = Some(token);
        if let Some(step) = self.return_to.take() {
            return step;
        }
        let (order, payer) = (self.order(), self.payer());
        match pending.iter().find(|p| Some(&p.order) == order.as_ref() && (p.payer.is_none() || p.payer == payer)) {
            Some(p) => {
                self.resume(p.clone());
                Step::Review
            }
            None => {
                self.forget_tier();
                Step::Tier
            }
        }
    }

    pub fn forget_tier(&mut self) {
        self.tier = None;
        self.quote = None;
        self.method = None;
        self.forget_payment();
    }

    pub fn forget_payment(&mut self) {
        self.attempt = PaymentAttempt::default();
        self.payment = None;
    }

    /// Region, product and year chosen on the first screen: on to proving who is paying.
    pub fn choose_order(&mut self, province: Option<String>, place: Option<LocalText>, city: Option<String>, product: Option<ProductCode>, year: Option<u16>) -> Step {
        self.purpose = Purpose::Pay;
        // An order for oneself: nothing verified for a relative's carries over.
        if self.paying_for.take().is_some() {
            self.forget_verification();
        }
        self.province = province;
        self.place = place;
        self.set_order(city, product, year);
        Step::Identity
    }

    /// A tier chosen and priced: on to choosing how to pay. Another quote is another amount,
    /// so everything chosen after the old one goes.
    pub fn choose_tier(&mut self, tier: Option<TierChoice>, quote: Quote) -> Step {
        if self.quote.as_ref().map(|q| &q.quote_id) != Some(&quote.quote_id) {
            self.forget_tier();
        }
        self.tier = tier;
        self.quote = Some(quote);
        Step::Method
    }

    /// A payment method chosen: on to checking the answers. Another method is another
    /// request: it must not reuse the old Idempotency-Key.
    pub fn choose_method(&mut self, method: PaymentMethod) -> Step {
        if self.method != Some(method) || self.payment.is_some() {
            self.forget_payment();
        }
        self.method = Some(method);
        Step::Review
    }

    /// Pay pressed: the Idempotency-Key to send, the same on every press until a result.
    pub fn press_pay(&mut self) -> String {
        self.attempt.press(new_attempt_key)
    }

    /// The backend's answer to pay (or its absence): what to do next (see `PaymentAttempt`).
    pub fn pay_answered(&mut self, answer: &Result<Payment, ApiError>) -> PayNext {
        match (self.attempt.answered(answer, self.payment.is_some()), answer) {
            (Answered::Payment, Ok(payment)) => {
                self.payment = Some(payment.clone());
                PayNext::Show(Step::Processing)
            }
            // A definite refusal (unknown quote, paid or closed order, over the limit, the key
            // used for another request): its pending record goes too.
            (Answered::Refused, _) => self.order().map_or(PayNext::Stay, PayNext::ForgetPending),
            _ => PayNext::Stay,
        }
    }

    /// The payment as the backend now reports it: its result screen once it has one.
    pub fn payment_seen(&mut self, payment: Payment) -> Option<Step> {
        let done = payment.status.is_final();
        self.attempt.seen(payment.status);
        self.payment = Some(payment);
        done.then_some(Step::Outcome)
    }

    /// Start another payment: keep the region, forget everything personal.
    pub fn start_again(&mut self) {
        let (province, city, place) = (self.province.take(), self.city.take(), self.place.take());
        *self = Flow { province, city, place, ..Flow::default() };
    }

    /// The verification the identity screen is working on, for the current purpose.
    pub fn session(&self) -> Option<&VerificationSession> {
        match self.purpose {
            Purpose::Pay => self.verification.as_ref(),
            Purpose::Record => self.record.as_ref()?.verification.as_ref(),
        }
    }

    pub fn set_session(&mut self, session: Option<VerificationSession>) {
        match (self.purpose, &mut self.record) {
            (Purpose::Record, Some(record)) => record.verification = session,
            _ => self.verification = session,
        }
    }

    /// The person wants to change the details they verify with: the verification under way for
    /// the current purpose goes (for paying, with everything chosen after it).
    pub fn change_details(&mut self) {
        match self.purpose {
            Purpose::Pay => self.forget_verification(),
            Purpose::Record => self.set_session(None),
        }
    }

    /// One method passed and the purpose needs another: the session remembers which passed.
    pub fn method_passed(&mut self, passed: Vec<VerifyMethod>) {
        let mut session = self.session().cloned();
        if let Some(session) = &mut session {
            session.passed = passed;
        }
        self.set_session(session);
    }

    /// The token that just came from verifying (for the current purpose) runs out at `time`.
    pub fn token_granted(&mut self, time: Option<TokenTime>) {
        match (self.purpose, &mut self.record) {
            (Purpose::Record, Some(record)) => record.token_time = time,
            _ => self.token_time = time,
        }
    }

    /// The token a screen acts with (`acts` of its row in `screens.rs`), with when it runs out.
    pub fn timed_token(&self, kind: TokenUse) -> Option<(&str, TokenTime)> {
        match kind {
            TokenUse::Pay => Some((self.token.as_deref()?, self.token_time?)),
            TokenUse::Read => {
                let record = self.record.as_ref()?;
                Some((record.token.as_deref()?, record.token_time?))
            }
        }
    }

    /// The backend gave `token` more time: kept only while it is still the token in use.
    pub fn token_extended(&mut self, kind: TokenUse, token: &str, time: Option<TokenTime>) {
        let (held, held_time) = match kind {
            TokenUse::Pay => (self.token.as_deref(), &mut self.token_time),
            TokenUse::Read => match &mut self.record {
                Some(record) => (record.token.as_deref(), &mut record.token_time),
                None => return,
            },
        };
        if held == Some(token) {
            *held_time = time;
        }
    }
}

/// What follows the answer to pay.
#[derive(Debug, Clone, PartialEq)]
pub enum PayNext {
    Show(Step),
    /// Stay on the review screen (it shows the problem and the way on).
    Stay,
    /// Stay, and drop the stored pending payment of this order: it was refused for certain.
    ForgetPending(OrderRef),
}
