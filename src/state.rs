//! The flow's state as the app holds it: what the person has chosen and where their payment
//! stands. It is kept in sessionStorage (no name, ID number or phone in it) so a reload keeps
//! progress; what a person types to verify stays in memory only. A payment whose final result
//! this browser has not seen is also kept in localStorage (without the token), so a person who
//! closes the tab and comes back is shown that payment, never a second pay button for it.

use crate::api::{ApiClient, ApiError, LocalText, OrderRef, RecordOf, Payment, PaymentMethod, PaymentStatus, ProductCode, Purpose, Quote, TierChoice, VerificationSession, VerifyMethod};
use crate::domain::identity::mask_id_number;
use crate::domain::flow::{resolve, PaymentStage, Progress, RedirectReason, Step};
use crate::domain::payment_attempt::{Answered, PaymentAttempt};
use crate::domain::time_limit::{TokenTime, TokenUse};
use crate::i18n::Lang;
use crate::platform::{load, random_hex, save, storage_get, storage_set, Store};
use leptos::prelude::*;
use crate::router::navigate_to;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const FLOW_KEY: &str = "insurance-pay.flow.v1";
const PENDING_KEY: &str = "insurance-pay.pending.v1";
pub const LANG_KEY: &str = "insurance-pay.lang";

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

/// Which city's record the person reads, and their verification for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordAccess {
    pub province: Option<String>,
    pub city: String,
    pub place: Option<LocalText>,
    pub verification: Option<VerificationSession>,
    /// The read-only token, once verified.
    pub token: Option<String>,
    /// When `token` runs out.
    #[serde(default)]
    pub token_time: Option<TokenTime>,
    /// From the overview, for the year and spending screens: the years with a month grid, and
    /// how late spending shows (no figures are kept).
    #[serde(default)]
    pub years: Vec<u16>,
    #[serde(default)]
    pub spending_delay: Option<crate::api::Delay>,
    /// The record screen (path and query) the person was on when the token expired.
    #[serde(default)]
    pub return_to: Option<String>,
    /// A family member whose record is read with this token (亲情社保, read-only); none while
    /// the person reads their own.
    #[serde(default)]
    pub member: Option<MemberRecord>,
}

/// The family member whose record is shown, and the city it is read in (at first the payer's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberRecord {
    pub member_id: String,
    /// Masked (李*), as the family list shows it.
    pub name: String,
    pub city: String,
    /// The city's name, once the member's record has been read in another city.
    #[serde(default)]
    pub place: Option<LocalText>,
}

/// A payment the person pressed pay for whose final result has not been seen here: enough to
/// ask the backend about it again (the same quote, method and Idempotency-Key) after verifying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingPayment {
    pub province: Option<String>,
    pub place: Option<LocalText>,
    pub order: OrderRef,
    pub quote: Quote,
    pub method: PaymentMethod,
    pub key: String,
    /// Who pressed pay, as the backend masked their mobile: a record is resumed only for them
    /// (families pay for each other from one phone).
    #[serde(default)]
    pub payer: Option<String>,
}

thread_local! {
    /// Set for a gallery preview: pending payments then live here, in memory only (as the
    /// preview's flow does), so a preview never changes the person's real progress.
    static PREVIEW_PENDING: std::cell::RefCell<Option<Vec<PendingPayment>>> = const { std::cell::RefCell::new(None) };
}

/// The pending payments kept across visits, one per order. (Their decoder is in the stored
/// state's download, fetched at start when there are any: see `stored_state`.)
pub fn pending_payments() -> Vec<PendingPayment> {
    PREVIEW_PENDING
        .with(|p| p.borrow().clone())
        .unwrap_or_else(|| STORED.get().map(|code| (code.load_pending)()).unwrap_or_default())
}

/// From now on, pending payments live in memory, starting with `pending` (gallery previews).
pub fn keep_pending_in_memory(pending: Vec<PendingPayment>) {
    PREVIEW_PENDING.with(|p| *p.borrow_mut() = Some(pending));
}

fn save_pending_payments(pending: &Vec<PendingPayment>) {
    let in_preview = PREVIEW_PENDING.with(|p| p.borrow_mut().as_mut().map(|kept| kept.clone_from(pending)).is_some());
    if in_preview {
        return;
    }
    if pending.is_empty() {
        // Nothing to keep: a later visit then never fetches the stored state's code for it.
        storage_set(Store::Local, PENDING_KEY, None);
    } else {
        with_stored_state(pending, |code, pending| (code.save_pending)(pending));
    }
}

/// Reads and writes what web storage keeps: the flow (sessionStorage) and the pending payments
/// (localStorage). Their JSON coding is most of the state's code and no first visit needs it,
/// so it is a download of its own: fetched at start only when something is stored, and with
/// every later screen's code (see `screens::arrive`), so saving before pay is sent is immediate.
#[derive(Clone, Copy)]
pub struct StoredState {
    load_flow: fn() -> Option<Flow>,
    save_flow: fn(&Flow),
    load_pending: fn() -> Vec<PendingPayment>,
    save_pending: fn(&Vec<PendingPayment>),
}

on_demand! {
    chunk stored_state;
    fn stored_state_code() -> StoredState {
        StoredState {
            load_flow: || load(Store::Session, FLOW_KEY),
            save_flow: |flow| save(Store::Session, FLOW_KEY, flow),
            load_pending: || load(Store::Local, PENDING_KEY).unwrap_or_default(),
            save_pending: |pending| save(Store::Local, PENDING_KEY, pending),
        }
    }
}

thread_local! {
    static STORED: std::cell::Cell<Option<StoredState>> = const { std::cell::Cell::new(None) };
}

/// The stored state's code, fetched the first time.
pub async fn stored_state() -> Result<StoredState, crate::screens::ChunkError> {
    match STORED.get() {
        Some(code) => Ok(code),
        None => {
            let code = stored_state_code().await?;
            STORED.set(Some(code));
            Ok(code)
        }
    }
}

/// Whether this browser keeps a flow or a pending payment from before: then the app fetches
/// the stored state's code before it shows anything. (Nothing to keep removes the key.)
pub fn something_stored() -> bool {
    storage_get(Store::Session, FLOW_KEY).is_some() || storage_get(Store::Local, PENDING_KEY).is_some()
}

/// Writes `value` with the stored state's code: at once if it has arrived (the usual case, so
/// nothing is copied), else a copy once it does (writes waiting for it run in their order).
fn with_stored_state<T: Clone + 'static>(value: &T, write: fn(StoredState, &T)) {
    match STORED.get() {
        Some(code) => write(code, value),
        None => {
            let value = value.clone();
            leptos::task::spawn_local(async move {
                if let Ok(code) = stored_state().await {
                    write(code, &value);
                }
            });
        }
    }
}

/// The backend said the pending payment for `order` cannot be looked up or made (unknown
/// quote, a different request under its key, paid by another payment, window closed): the
/// record has nothing more to tell.
pub fn forget_pending_payment(order: &OrderRef) {
    let mut pending = pending_payments();
    pending.retain(|p| &p.order != order);
    save_pending_payments(&pending);
}

/// A new Idempotency-Key for an attempt to pay.
pub fn new_attempt_key() -> String {
    format!("pay-{}", random_hex(16))
}

/// Keeps the stored pending payments in step with `flow`: its unfinished attempt is recorded
/// (before the request is sent, so a tab killed mid-request still knows the key), and a
/// final result seen for an order clears that order's record.
fn sync_pending_payments(flow: &Flow) {
    // Before pay is pressed (choosing, verifying) there is nothing to record or clear: skip
    // reading localStorage for those updates.
    if flow.attempt.key.is_none() && !flow.has_final_result() {
        return;
    }
    let Some(order) = flow.order() else { return };
    let mut pending = pending_payments();
    let before = pending.clone();
    match flow.pending_payment() {
        // A record whose result is unknown is never replaced by a newer attempt's: its key is
        // the only way to ask about it. (The backend refuses a second payment meanwhile.)
        Some(current) => match pending.iter_mut().find(|p| p.order == order) {
            Some(stored) if stored.key == current.key => *stored = current,
            Some(_) => {}
            None => pending.push(current),
        },
        None if flow.has_final_result() => pending.retain(|p| p.order != order),
        None => {}
    }
    if pending != before {
        save_pending_payments(&pending);
    }
}

impl Flow {
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
                PaymentStatus::Processing => PaymentStage::Processing,
                PaymentStatus::Succeeded => PaymentStage::Succeeded,
                PaymentStatus::Failed => PaymentStage::Failed,
                PaymentStatus::Cancelled => PaymentStage::Cancelled,
                PaymentStatus::Expired => PaymentStage::Expired,
            }),
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
        self.payment.as_ref().is_some_and(|p| p.status != PaymentStatus::Processing)
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
        let done = payment.status != PaymentStatus::Processing;
        self.attempt.seen(payment.status);
        self.payment = Some(payment);
        done.then_some(Step::Outcome)
    }

    /// Start another payment: keep the region, forget everything personal.
    pub fn start_again(&mut self) {
        let (province, city, place) = (self.province.take(), self.city.take(), self.place.take());
        *self = Flow { province, city, place, ..Flow::default() };
    }

    /// A city chosen to read the record of: verify for it next (a token for another city's
    /// record is kept only when it is the same city).
    pub fn choose_record(&mut self, province: Option<String>, place: Option<LocalText>, city: String) {
        self.purpose = Purpose::Record;
        match &mut self.record {
            Some(record) if record.city == city => {}
            _ => self.record = Some(RecordAccess { province, city, place, ..RecordAccess::default() }),
        }
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

    /// The record token: the record screens read with it.
    pub fn record_token(&self) -> Option<&str> {
        self.record.as_ref()?.token.as_deref()
    }

    /// Verified to read the record: returns where to go (the record, or the record screen the
    /// person was on when the last token expired).
    pub fn record_verified(&mut self, token: String) -> String {
        let record = self.record.get_or_insert_with(RecordAccess::default);
        record.verification = None;
        record.token = Some(token);
        record.return_to.take().unwrap_or_else(|| "/record".into())
    }

    /// The backend no longer accepts the record token on the record screen at `here`: verify
    /// for the record again, then come back to it.
    pub fn record_expired(&mut self, here: String) {
        self.purpose = Purpose::Record;
        if let Some(record) = &mut self.record {
            record.verification = None;
            record.token = None;
            record.token_time = None;
            record.return_to = Some(here).filter(|h| h.starts_with("/record") || h.starts_with("/family"));
        }
    }

    /// 补缴 a gap seen in the record: `order` is paid as any other, and verifying for it builds
    /// on the record's verification (see `prior_token`), so nothing is asked twice. In a family
    /// member's record, the order is the member's, paid by the person who verified.
    pub fn pay_gap(&mut self, order: OrderRef) -> Step {
        let (province, place, member) = match self.record.as_ref() {
            // (A city code's first two digits are its province's: GB/T 2260.)
            Some(RecordAccess { member: Some(m), .. }) if m.place.is_some() => (m.city.get(..2).map(|p| format!("{p}0000")), m.place.clone(), Some(m.member_id.clone())),
            Some(r) => (r.province.clone(), r.place.clone(), r.member.as_ref().map(|m| m.member_id.clone())),
            None => Default::default(),
        };
        self.pay_for(province, place, order, member)
    }

    /// Pays `order` for the family `member` (or oneself), on the record's verification: from
    /// a record's gap, or from the family's overview (a product each person pays by their own
    /// choice of base).
    pub fn pay_for(&mut self, province: Option<String>, place: Option<LocalText>, order: OrderRef, member: Option<String>) -> Step {
        let next = self.choose_order(province, place, Some(order.city), Some(order.product), Some(order.year));
        // A relative's order: whatever was verified before was someone else's.
        if member.is_some() {
            self.forget_verification();
            self.paying_for = member;
        }
        next
    }

    /// A token from the record's verification that paying `order` may build on, with the
    /// family member it is paid for: the record read was in the order's city.
    pub fn prior_token_for_paying(&self) -> Option<(String, Option<String>)> {
        let record = self.record.as_ref()?;
        let read_in = record.member.as_ref().map_or(record.city.as_str(), |m| m.city.as_str());
        let token = record.token.clone().filter(|_| self.purpose == Purpose::Pay && self.city.as_deref() == Some(read_in))?;
        Some((token, self.paying_for.clone()))
    }

    /// 亲情社保: read the record of a family member (their consent is checked on every read).
    pub fn read_member_record(&mut self, member_id: String, name: String) {
        if let Some(record) = &mut self.record {
            record.member = Some(MemberRecord { member_id, name, city: record.city.clone(), place: None });
        }
    }

    /// The record is read in `city` instead (one the backend named as where they are insured):
    /// the member's city while reading a member's record, else one's own.
    pub fn read_record_in(&mut self, city: String, place: LocalText) {
        match &mut self.record {
            Some(RecordAccess { member: Some(member), .. }) => {
                member.city = city;
                member.place = Some(place);
            }
            Some(record) => {
                record.city = city;
                record.place = Some(place);
            }
            None => {}
        }
    }

    /// The family member whose record the record screens read, if any.
    pub fn member_record(&self) -> Option<&MemberRecord> {
        self.record.as_ref()?.member.as_ref()
    }

    /// Back to one's own record (or the family list).
    pub fn leave_member_record(&mut self) {
        if let Some(record) = &mut self.record {
            record.member = None;
        }
    }

    /// Whose record the record screens read, and where, with the token they read it with.
    pub fn record_reading(&self) -> Option<(String, RecordOf)> {
        let record = self.record.as_ref()?;
        let of = match &record.member {
            Some(m) => RecordOf { city: m.city.clone(), member: Some(m.member_id.clone()) },
            None => RecordOf::own(record.city.as_str()),
        };
        Some((record.token.clone()?, of))
    }

    /// The token that just came from verifying (for the current purpose) runs out at `time`.
    pub fn token_granted(&mut self, time: Option<TokenTime>) {
        match (self.purpose, &mut self.record) {
            (Purpose::Record, Some(record)) => record.token_time = time,
            _ => self.token_time = time,
        }
    }

    /// The token a screen acts with (`domain::time_limit::token_use`), with when it runs out.
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

/// What the person typed to verify: memory only, never stored, kept while they move around.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdentityDraft {
    pub name: String,
    pub id_number: String,
    pub mobile: String,
}

impl IdentityDraft {
    /// Who is paying, as the screens show it: name and masked ID number while they are in
    /// memory, otherwise (after a reload) the masked mobile the backend confirmed.
    pub fn payer_line(&self, masked_mobile: &str) -> String {
        if self.name.is_empty() {
            masked_mobile.to_string()
        } else {
            format!("{} · {}", self.name, mask_id_number(&self.id_number))
        }
    }
}

/// Everything the screens share, provided once at the root.
#[derive(Clone)]
pub struct AppState {
    pub api: Arc<dyn ApiClient>,
    pub flow: RwSignal<Flow>,
    pub draft: RwSignal<IdentityDraft>,
    /// Why the person was sent to this screen, shown once at its top.
    pub notice: RwSignal<Option<RedirectReason>>,
    pub lang: RwSignal<Lang>,
}

impl AppState {
    pub fn new(api: Arc<dyn ApiClient>) -> Self {
        let flow = STORED.get().and_then(|code| (code.load_flow)()).unwrap_or_default();
        let lang = remembered_lang();
        let state = AppState::unsaved(api, flow, lang);
        let flow = state.flow;
        Effect::new(move |_| {
            flow.with(|f| {
                if *f == Flow::default() {
                    // Nothing to keep: a first visit then never fetches the stored state's code.
                    storage_set(Store::Session, FLOW_KEY, None);
                } else {
                    with_stored_state(f, |code, f| (code.save_flow)(f));
                }
                sync_pending_payments(f);
            });
        });
        state
    }

    /// For a gallery preview: keeps everything in memory (the person's real flow and pending
    /// payments in this browser are left as they are).
    pub fn preview(api: Arc<dyn ApiClient>, lang: Lang) -> Self {
        keep_pending_in_memory(Vec::new());
        let state = AppState::unsaved(api, Flow::default(), lang);
        let flow = state.flow;
        Effect::new(move |_| flow.with(sync_pending_payments));
        state
    }

    fn unsaved(api: Arc<dyn ApiClient>, flow: Flow, lang: Lang) -> Self {
        AppState { api, flow: RwSignal::new(flow), draft: RwSignal::new(IdentityDraft::default()), notice: RwSignal::new(None), lang: RwSignal::new(lang) }
    }

    pub fn token(&self) -> String {
        self.flow.with_untracked(|f| f.token.clone().unwrap_or_default())
    }
}

/// The language the person chose here before (Chinese when they never did).
pub fn remembered_lang() -> Lang {
    storage_get(Store::Local, LANG_KEY).and_then(|code| Lang::from_code(&code)).unwrap_or_default()
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

/// A navigation function for event handlers and async tasks. `replace` keeps the step being
/// left out of the back-button history.
pub fn navigator() -> impl Fn(Step, bool) + Clone + Send + Sync + 'static {
    move |step: Step, replace: bool| navigate_to(step.path(), replace)
}

/// Decides once, when a screen mounts, whether it may be shown, and hands it what it shows
/// (`data` of the flow). If it may not, it records why and sends the person to the right step
/// (replacing the history entry, so back does not loop).
pub fn guarded<T>(step: Step, data: impl FnOnce(&Flow) -> Option<T>) -> Option<T> {
    let app = use_app();
    let (landed, reason, data) = app.flow.with_untracked(|flow| {
        let (landed, reason) = resolve(step, &flow.progress());
        (landed, reason, (landed == step).then(|| data(flow)).flatten())
    });
    if data.is_some() {
        return data;
    }
    // Shown by the guard but without its data cannot happen for a consistent flow; start over.
    let (landed, reason) = if landed == step { (Step::Entry, Some(RedirectReason::ChooseProductFirst)) } else { (landed, reason) };
    app.notice.set(reason);
    // After this render: the screen being left must finish mounting before the next one.
    request_animation_frame(move || navigate_to(landed.path(), true));
    None
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::flow::PaymentStage;
    use crate::domain::pricing::Breakdown;
    use rust_decimal::Decimal;

    fn quote() -> Quote {
        Quote { quote_id: "q_1".into(), tier_label: LocalText::default(), period: LocalText::default(), breakdown: Breakdown { lines: vec![], total: Decimal::from(350) } }
    }

    /// A flow that pressed pay for Beijing residents' insurance 2027 and has seen no answer.
    fn pressed_pay() -> Flow {
        let mut flow = Flow { province: Some("110000".into()), ..Flow::default() };
        flow.set_order(Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027));
        (flow.token, flow.quote, flow.method) = (Some("tok_a".into()), Some(quote()), Some(PaymentMethod::Wallet));
        flow.attempt = PaymentAttempt::with_key(new_attempt_key());
        flow
    }

    fn payment(status: PaymentStatus) -> Payment {
        Payment { payment_id: "pay_1".into(), status, amount: Decimal::from(350), method: PaymentMethod::Wallet, money_taken: false, receipt_serial: None, failure_reason: None }
    }

    #[test]
    fn each_step_of_the_flow_leads_to_the_next_screen() {
        let mut flow = Flow::default();
        assert_eq!(flow.choose_order(Some("110000".into()), None, Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027)), Step::Identity);
        assert_eq!(flow.verified("tok".into(), &[]), Step::Tier);
        assert_eq!(flow.choose_tier(None, quote()), Step::Method);
        assert_eq!(flow.choose_method(PaymentMethod::Wallet), Step::Review);
        let key = flow.press_pay();
        assert_eq!(flow.press_pay(), key, "a second press sends the same key");
        assert_eq!(flow.pay_answered(&Ok(payment(PaymentStatus::Processing))), PayNext::Show(Step::Processing));
        assert_eq!(flow.payment_seen(payment(PaymentStatus::Processing)), None);
        assert_eq!(flow.payment_seen(payment(PaymentStatus::Succeeded)), Some(Step::Outcome));
        assert_eq!(flow.progress().payment, Some(PaymentStage::Succeeded));
    }

    #[test]
    fn choosing_again_forgets_only_what_depended_on_the_old_choice() {
        let mut flow = pressed_pay();
        let key = flow.attempt.key.clone();
        // The same method again keeps the attempt (and its key); another method starts afresh.
        flow.choose_method(PaymentMethod::Wallet);
        assert_eq!(flow.attempt.key, key);
        flow.choose_method(PaymentMethod::BankCard);
        assert_eq!(flow.attempt.key, None);
        // Another quote drops the method chosen for the old amount.
        let mut flow = pressed_pay();
        flow.choose_tier(None, Quote { quote_id: "q_2".into(), ..quote() });
        assert_eq!((flow.method, flow.attempt.key.as_ref()), (None, None));
        // Another order needs verifying again.
        let mut flow = pressed_pay();
        flow.choose_order(None, None, Some("310100".into()), Some(ProductCode::ResidentMedical), Some(2027));
        assert_eq!((flow.token.as_ref(), flow.quote.as_ref()), (None, None));
    }

    #[test]
    fn what_the_answer_to_pay_does_to_the_key() {
        // No answer: the same key is kept for asking again.
        let mut flow = pressed_pay();
        let key = flow.press_pay();
        assert_eq!(flow.pay_answered(&Err(ApiError::Network)), PayNext::Stay);
        assert_eq!((flow.attempt.key.as_deref(), flow.attempt.awaiting_answer), (Some(key.as_str()), true));
        // Session expired: the key is kept, and pay must be pressed again after verifying.
        assert_eq!(flow.pay_answered(&Err(ApiError::SessionExpired)), PayNext::Stay);
        assert_eq!((flow.attempt.key.as_deref(), flow.attempt.awaiting_answer), (Some(key.as_str()), false));
        // A definite refusal: the key and the stored record go.
        let order = flow.order().unwrap();
        assert_eq!(flow.pay_answered(&Err(ApiError::OverLimit)), PayNext::ForgetPending(order));
        assert_eq!((flow.attempt.key, flow.attempt.awaiting_answer), (None, false));
    }

    #[test]
    fn a_pressed_payment_is_pending_until_its_final_result() {
        let mut flow = pressed_pay();
        let pending = flow.pending_payment().expect("pending once pay is pressed");
        assert_eq!(pending.key, flow.attempt.key.clone().unwrap());
        flow.payment = Some(payment(PaymentStatus::Processing));
        assert!(flow.pending_payment().is_some());
        for status in [PaymentStatus::Succeeded, PaymentStatus::Failed, PaymentStatus::Cancelled, PaymentStatus::Expired] {
            flow.payment = Some(payment(status));
            assert_eq!(flow.pending_payment(), None, "{status:?}");
        }
        assert_eq!(Flow::default().pending_payment(), None);
    }

    #[test]
    fn coming_back_in_a_new_tab_resumes_the_same_key_after_verifying() {
        let pending = vec![pressed_pay().pending_payment().unwrap()];
        // A new tab: empty flow. The person picks up the pending payment, then verifies.
        let mut flow = Flow::default();
        flow.resume(pending[0].clone());
        assert_eq!(flow.token, None, "a token is never carried across visits");
        assert_eq!(flow.verified("tok_b".into(), &pending), Step::Review);
        assert_eq!(flow.attempt.key.as_deref(), Some(pending[0].key.as_str()));
        assert_eq!(flow.quote, Some(quote()));
        // Choosing the same order from scratch and verifying also finds it.
        let mut flow = Flow::default();
        flow.set_order(Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027));
        assert_eq!(flow.verified("tok_c".into(), &pending), Step::Review);
        assert_eq!(flow.attempt.key.as_deref(), Some(pending[0].key.as_str()));
        // Another order goes on to choosing a tier.
        let mut flow = Flow::default();
        flow.set_order(Some("310100".into()), Some(ProductCode::ResidentMedical), Some(2027));
        assert_eq!(flow.verified("tok_d".into(), &pending), Step::Tier);
        assert_eq!(flow.attempt.key, None);
    }

    #[test]
    fn a_pending_payment_is_resumed_only_for_the_person_who_pressed_pay() {
        let session = |masked_mobile: &str| VerificationSession { session_id: "vs".into(), methods: vec![], masked_mobile: masked_mobile.into(), required: 1, passed: vec![], verified: None };
        let mut payer = pressed_pay();
        payer.verification = Some(session("138****8000"));
        let pending = vec![payer.pending_payment().unwrap()];
        let mut relative = Flow::default();
        relative.set_order(Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027));
        relative.verification = Some(session("139****1234"));
        assert_eq!(relative.verified("tok_r".into(), &pending), Step::Tier);
        let mut same = Flow::default();
        same.set_order(Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027));
        same.verification = Some(session("138****8000"));
        assert_eq!(same.verified("tok_s".into(), &pending), Step::Review);
    }

    #[test]
    fn an_expired_session_returns_to_the_same_place_with_everything_kept() {
        let mut flow = pressed_pay();
        flow.payment = Some(payment(PaymentStatus::Processing));
        let before = flow.clone();
        flow.session_expired(Some(Step::Processing));
        assert_eq!(flow.token, None);
        assert_eq!(flow.verified("tok_new".into(), &[]), Step::Processing);
        assert_eq!((flow.quote, flow.method, flow.attempt.key, flow.payment), (before.quote, before.method, before.attempt.key, before.payment));
        assert_eq!(flow.token.as_deref(), Some("tok_new"));
    }

    #[test]
    fn the_family_verifies_as_the_record_does_and_comes_back_to_the_family() {
        let mut flow = Flow::default();
        flow.choose_record(Some("110000".into()), None, "110100".into());
        flow.record.as_mut().unwrap().return_to = Some("/family".into());
        assert_eq!(flow.record_verified("tok_family".into()), "/family");
        assert_eq!(flow.record_token(), Some("tok_family"));
        // Expired on the consent screen: verify again, then back to that very screen.
        flow.record_expired("/family/consent?member=fm_1".into());
        assert_eq!(flow.record_token(), None);
        assert_eq!(flow.record_verified("tok_again".into()), "/family/consent?member=fm_1");
        // Anywhere else is not a place to come back to.
        flow.record_expired("/tier".into());
        assert_eq!(flow.record_verified("tok_third".into()), "/record");
    }

    #[test]
    fn reading_the_record_keeps_the_payment_apart_and_paying_a_gap_builds_on_it() {
        let mut flow = pressed_pay();
        let before = flow.clone();
        flow.choose_record(Some("110000".into()), None, "110100".into());
        flow.set_session(Some(VerificationSession { session_id: "vs_r".into(), methods: vec![], masked_mobile: "m".into(), required: 2, passed: vec![], verified: None }));
        flow.method_passed(vec![VerifyMethod::Sms]);
        assert_eq!(flow.session().map(|s| s.passed.clone()), Some(vec![VerifyMethod::Sms]));
        flow.change_details();
        assert_eq!(flow.session(), None);
        assert_eq!((flow.token.clone(), flow.quote.clone(), flow.attempt.key.clone()), (before.token, before.quote, before.attempt.key), "the payment is untouched");
        assert_eq!(flow.record_verified("tok_read".into()), "/record");
        // A token expired on a year's page: verifying again comes back to it.
        flow.record_expired("/record/year?year=2025".into());
        assert_eq!(flow.record_token(), None);
        assert_eq!(flow.record_verified("tok_read2".into()), "/record/year?year=2025");
        // 补缴: the order is filled in, and paying may build on the record's token (same city only).
        let gap = OrderRef { city: "110100".into(), product: ProductCode::FlexiblePension, year: 2025 };
        assert_eq!(flow.pay_gap(gap.clone()), Step::Identity);
        assert_eq!((flow.order(), flow.purpose, flow.token.as_ref()), (Some(gap), Purpose::Pay, None));
        assert_eq!(flow.prior_token_for_paying(), Some(("tok_read2".into(), None)));
        flow.set_order(Some("310100".into()), Some(ProductCode::FlexiblePension), Some(2025));
        assert_eq!(flow.prior_token_for_paying(), None);
    }

    #[test]
    fn a_family_members_gap_is_their_order_paid_on_the_payers_verification() {
        let mut flow = Flow::default();
        flow.choose_record(Some("430000".into()), None, "430100".into());
        flow.record_verified("tok_payer".into());
        flow.read_member_record("fm_1".into(), "李*".into());
        assert_eq!(flow.record_reading(), Some(("tok_payer".into(), RecordOf { city: "430100".into(), member: Some("fm_1".into()) })));
        // Her record is in another city: the member's city changes, the payer's stays.
        flow.read_record_in("440100".into(), LocalText::new("广东省广州市", "Guangzhou, Guangdong"));
        let gap = OrderRef { city: "440100".into(), product: ProductCode::FlexiblePension, year: 2025 };
        flow.pay_gap(gap.clone());
        assert_eq!(flow.prior_token_for_paying(), Some(("tok_payer".into(), Some("fm_1".into()))));
        assert_eq!((flow.province.as_deref(), flow.place.as_ref().map(|p| p.zh.as_str())), (Some("440000"), Some("广东省广州市")));
        // The same order for oneself afterwards is another person's: nothing verified carries over.
        flow.token = Some("tok_for_her".into());
        flow.choose_order(None, None, Some(gap.city.clone()), Some(gap.product), Some(gap.year));
        assert_eq!((flow.paying_for.as_ref(), flow.token.as_ref()), (None, None));
        flow.leave_member_record();
        assert_eq!(flow.record_reading(), Some(("tok_payer".into(), RecordOf::own("430100"))));
        assert_eq!(flow.record.as_ref().map(|r| r.city.as_str()), Some("430100"));
    }

    #[test]
    fn resuming_another_order_drops_the_token_granted_for_this_one() {
        let pending = pressed_pay().pending_payment().unwrap();
        let mut flow = Flow { token: Some("tok_x".into()), ..Flow::default() };
        flow.set_order(Some("440100".into()), Some(ProductCode::ResidentMedical), Some(2027));
        flow.token = Some("tok_x".into());
        flow.resume(pending.clone());
        assert_eq!(flow.token, None);
        let mut same = pressed_pay();
        same.resume(pending);
        assert_eq!(same.token.as_deref(), Some("tok_a"));
    }

    #[test]
    fn a_token_s_time_goes_with_it() {
        let time = |at| TokenTime::from_now(at, 1800, true);
        // Paying: given with the token, kept when a payment for the same order is taken up.
        let mut flow = pressed_pay();
        flow.token_granted(time(1));
        assert_eq!(flow.timed_token(TokenUse::Pay), Some(("tok_a", time(1).unwrap())));
        let pending = flow.pending_payment().unwrap();
        flow.resume(pending);
        assert_eq!(flow.timed_token(TokenUse::Pay), Some(("tok_a", time(1).unwrap())));
        // More time for the token held; an answer for a token given up meanwhile changes nothing.
        flow.token_extended(TokenUse::Pay, "tok_a", time(2));
        assert_eq!(flow.timed_token(TokenUse::Pay).map(|(_, t)| t), time(2));
        flow.token_extended(TokenUse::Pay, "tok_old", time(3));
        assert_eq!(flow.timed_token(TokenUse::Pay).map(|(_, t)| t), time(2));
        flow.session_expired(Some(Step::Review));
        assert_eq!((flow.timed_token(TokenUse::Pay), flow.token_time), (None, None));
        // Reading: the record's token has its own time, and loses it when it expires.
        flow.choose_record(None, None, "110100".into());
        flow.record_verified("tok_read".into());
        flow.token_granted(time(5));
        assert_eq!(flow.timed_token(TokenUse::Read), Some(("tok_read", time(5).unwrap())));
        assert_eq!(flow.timed_token(TokenUse::Pay), None);
        flow.record_expired("/record".into());
        assert_eq!(flow.timed_token(TokenUse::Read), None);
    }
}
