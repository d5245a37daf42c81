//! The embedded demo backend: implements [`ApiClient`] in-process with deterministic fixtures,
//! a few hundred milliseconds of latency so loading states are visible, and the same rules a
//! real backend enforces (sessions, attempts, idempotency, limits, settlement over time).
//! In the browser its database is kept in sessionStorage so a reload mid-payment behaves like a
//! real server; the reference backend (tests/backend) keeps the same database in SQLite through
//! [`DemoStore`]. It holds no unmasked ID number or phone, and typed-in names only in memory.

pub mod family;
pub mod fixtures;
pub mod record;

use super::deferred::FirstScreenCalls;
use super::operations::Op;
use super::*;
use crate::domain::identity::{mask_id_number, mask_mobile, validate_id_number, validate_mobile, validate_name};
use crate::domain::pricing::{flexible_base, flexible_standard, price, PricingInput};
use crate::domain::receipt_code;
use crate::platform::{load, now_ms, random_bytes, random_hex, rfc3339_utc, save, sleep_ms, Store};
use fixtures::{DemoCity, Scenario};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

const STORAGE_KEY: &str = "insurance-pay.demo-db.v1";
const SMS_RESEND_SECONDS: u32 = 60;
const SMS_EXPIRES_SECONDS: u32 = 300;
const SMS_MAX_ATTEMPTS: u32 = 5;
/// SMS codes one phone may be sent in any hour, unless the backend is set up otherwise.
pub const SMS_PER_HOUR: u32 = 5;
const HOUR_MS: u64 = 3_600_000;
const ECARD_MAX_ATTEMPTS: u32 = 3;
const TOKEN_SECONDS: u32 = 1800;
/// However often it is given more time, a token lasts at most six hours from its verification
/// (more than ten extensions of half an hour, as WCAG 2.2.1 asks).
const TOKEN_LONGEST_SECONDS: u64 = 6 * 3600;

#[derive(Clone, Copy, Debug)]
pub struct DemoTiming {
    /// Delay before every answer.
    pub latency_ms: u32,
    /// How long a payment stays processing before it succeeds or fails.
    pub settle_ms: u64,
    /// How long a payment that is never confirmed waits before it expires.
    pub expire_ms: u64,
}

impl DemoTiming {
    pub const BROWSER: DemoTiming = DemoTiming { latency_ms: 350, settle_ms: 1500, expire_ms: 9000 };
    pub const INSTANT: DemoTiming = DemoTiming { latency_ms: 0, settle_ms: 0, expire_ms: 0 };
}

/// Where the database lives between calls: loaded once, saved after every call. A call whose
/// changes could not be saved fails (as a server error) rather than answering as if they were.
pub trait DemoStore: Send + Sync {
    fn load(&self) -> Option<DemoDatabase>;
    fn save(&self, db: &DemoDatabase) -> Result<(), String>;
}

/// The browser's store: this tab's sessionStorage.
struct TabSession;

impl DemoStore for TabSession {
    fn load(&self) -> Option<DemoDatabase> {
        load(Store::Session, STORAGE_KEY)
    }
    fn save(&self, db: &DemoDatabase) -> Result<(), String> {
        // Browser storage can be full or off (private mode): the tab still works, it just
        // forgets on reload, as the app's own state does.
        save(Store::Session, STORAGE_KEY, db);
        Ok(())
    }
}

#[derive(Clone)]
pub struct DemoBackend {
    state: Arc<Mutex<DemoDatabase>>,
    /// Names typed by people not in the fixtures: memory only, never stored.
    typed_names: Arc<Mutex<HashMap<String, String>>>,
    timing: DemoTiming,
    verify_base: String,
    store: Option<Arc<dyn DemoStore>>,
    /// A switch for tests: every payment created while it is on is declined by the bank.
    declining: Arc<AtomicBool>,
    /// SMS codes one phone may be sent in any hour.
    sms_per_hour: u32,
    /// One operation made to misbehave (the gallery's previews of problems and waits).
    script: Option<Arc<Script>>,
}

/// How a scripted operation misbehaves.
#[derive(Debug, Clone, PartialEq)]
pub enum Misbehave {
    /// The first such call fails with this problem; later ones are answered (so "try again"
    /// works as it would).
    Fail(ApiError),
    /// Every such call fails with this problem: a screen that asks again by itself (a payment's
    /// status) keeps showing it, as while a backend stays down.
    KeepFailing(ApiError),
    /// No answer ever comes: the screen stays in its waiting state.
    Hang,
    /// The SMS code is sent with under a minute to live (the expiry warning shows at once).
    ShortLivedCode,
}

#[derive(Debug)]
struct Script {
    op: Op,
    misbehave: Misbehave,
    /// A one-off failure has happened (shared by every clone: the record's and family's calls).
    spent: AtomicBool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Person {
    Fixture(usize),
    Typed { masked_id: String, masked_mobile: String },
}

impl Person {
    fn key(&self) -> String {
        match self {
            Person::Fixture(i) => format!("p{i}"),
            Person::Typed { masked_id, .. } => format!("t:{masked_id}"),
        }
    }
    fn fixture(&self) -> Option<&'static fixtures::DemoPerson> {
        match self {
            Person::Fixture(i) => fixtures::PEOPLE.get(*i),
            Person::Typed { .. } => None,
        }
    }
    fn scenario(&self) -> Scenario {
        self.fixture().map_or(Scenario::Normal, |p| p.scenario)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Session {
    person: Person,
    /// The family payer verifying to pay for `person` (see `StartVerification::member`).
    #[serde(default)]
    paid_by: Option<Person>,
    #[serde(default)]
    purpose: Purpose,
    /// The order paid (purpose pay).
    order: Option<OrderRef>,
    /// How many methods must pass, and those that have.
    #[serde(default = "one")]
    required: u32,
    #[serde(default)]
    passed: Vec<VerifyMethod>,
    methods: Vec<VerifyMethod>,
    locked: Vec<VerifyMethod>,
    sms_sent_at: Option<u64>,
    sms_attempts: u32,
    ecard_attempts: u32,
    face_started: bool,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Grant {
    person: Person,
    #[serde(default)]
    paid_by: Option<Person>,
    #[serde(default)]
    purpose: Purpose,
    /// The order a pay token may pay (none for a record token).
    order: Option<OrderRef>,
    /// The methods passed for it, which count towards a later purpose (see `prior_token`).
    #[serde(default)]
    passed: Vec<VerifyMethod>,
    expires_at: u64,
    /// When the verification gave it (0 for a grant stored before this was kept: then
    /// `expires_at` less one token's time).
    #[serde(default)]
    issued_at: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredQuote {
    person_key: String,
    order: OrderRef,
    quote: Quote,
    /// The months the quote pays for (a whole year for fixed tiers).
    #[serde(default = "twelve")]
    months: u32,
}

fn twelve() -> u32 {
    12
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredPayment {
    person: Person,
    /// The family payer who paid for `person`, if not `person`.
    #[serde(default)]
    paid_by: Option<Person>,
    order: OrderRef,
    quote_id: String,
    payment: Payment,
    created_at: u64,
    settles_at: u64,
    outcome: PaymentStatus,
    paid_at: Option<String>,
}

/// A receipt as the calls on it need it.
struct FoundReceipt {
    person: Person,
    paid_by: Option<Person>,
    order: OrderRef,
    amount: Decimal,
    paid_at: String,
    channel: PaymentMethod,
    period: LocalText,
}

/// A receipt's check codes (`domain::receipt_code`): the QR's 80-bit one and the printed one.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ReceiptCodes {
    qr: String,
    printed: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct IdempotencyRecord {
    token_person: String,
    request: CreatePayment,
    payment_id: String,
}

/// Everything the demo backend remembers. Serialised as one object of tables (`sessions`,
/// `grants`, `quotes`, `payments`, `idempotency`, each keyed by id) plus two counters.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct DemoDatabase {
    next_id: u64,
    next_serial: u64,
    sessions: BTreeMap<String, Session>,
    grants: BTreeMap<String, Grant>,
    quotes: BTreeMap<String, StoredQuote>,
    payments: BTreeMap<String, StoredPayment>,
    idempotency: BTreeMap<String, IdempotencyRecord>,
    /// Receipts' check codes, by serial.
    #[serde(default)]
    receipt_codes: BTreeMap<String, ReceiptCodes>,
    /// Proofs of insurance issued, by code.
    #[serde(default)]
    proofs: BTreeMap<String, StoredProof>,
    /// When each phone (its person's key) was last sent SMS codes, within the last hour.
    #[serde(default)]
    sms_sends: BTreeMap<String, Vec<u64>>,
    /// Families, by their payer's person key.
    #[serde(default)]
    families: BTreeMap<String, family::StoredFamily>,
    /// Quotes for several family members, by id (each member's block is also in `quotes`).
    #[serde(default)]
    family_quotes: BTreeMap<String, family::StoredFamilyQuote>,
    /// Payments of parts of family quotes, by id (each member's is also in `payments`).
    #[serde(default)]
    family_payments: BTreeMap<String, family::StoredFamilyPayment>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredProof {
    person: Person,
    city: String,
    issued_at: u64,
}

impl DemoBackend {
    /// `verify_base` is the page a receipt's QR code points at (the serial is appended).
    pub fn new(timing: DemoTiming, verify_base: impl Into<String>) -> Self {
        DemoBackend::with_store(timing, Arc::new(TabSession)).with_verify_base(verify_base)
    }

    /// A backend whose database starts from, and is saved after every call to, `store`.
    pub fn with_store(timing: DemoTiming, store: Arc<dyn DemoStore>) -> Self {
        let state = store.load().unwrap_or_default();
        DemoBackend { state: Arc::new(Mutex::new(state)), store: Some(store), ..DemoBackend::ephemeral(timing) }
    }

    /// Where receipts' QR codes point (the serial is appended as `?serial=`).
    pub fn with_verify_base(mut self, verify_base: impl Into<String>) -> Self {
        self.verify_base = verify_base.into();
        self
    }

    /// A backend that starts empty and never touches storage (for tests).
    pub fn ephemeral(timing: DemoTiming) -> Self {
        DemoBackend {
            state: Arc::default(),
            typed_names: Arc::default(),
            timing,
            verify_base: "https://demo.invalid/check".into(),
            store: None,
            declining: Arc::default(),
            sms_per_hour: SMS_PER_HOUR,
            script: None,
        }
    }

    /// The same backend (the same database) with the operation `op` misbehaving: the gallery's
    /// previews. The backend it was made from answers as usual (a preview prepares with it).
    pub fn scripted(&self, op: Op, misbehave: Misbehave) -> DemoBackend {
        DemoBackend { script: Some(Arc::new(Script { op, misbehave, spent: AtomicBool::new(false) })), ..self.clone() }
    }

    /// The scripted answer to `op`, if it is the operation scripted: `Some(Some(error))` fails,
    /// `Some(None)` never answers.
    fn misbehaving(&self, op: Op) -> Option<Option<ApiError>> {
        let script = self.script.as_deref().filter(|s| s.op == op)?;
        match &script.misbehave {
            Misbehave::Hang => Some(None),
            Misbehave::KeepFailing(error) => Some(Some(error.clone())),
            // A one-off failure is spent by the first call; later ones are answered.
            Misbehave::Fail(error) if !script.spent.swap(true, Ordering::Relaxed) => Some(Some(error.clone())),
            _ => None,
        }
    }

    fn short_lived_code(&self) -> bool {
        self.script.as_deref().is_some_and(|s| s.misbehave == Misbehave::ShortLivedCode)
    }

    /// How many SMS codes one phone may be sent in any hour (a shared test backend that
    /// verifies the same demo people all day raises it).
    pub fn with_sms_per_hour(mut self, sms_per_hour: u32) -> Self {
        self.sms_per_hour = sms_per_hour;
        self
    }

    /// While on, every new payment is declined by the bank when it settles (a test switch).
    pub fn decline_payments(&self, on: bool) {
        self.declining.store(on, Ordering::Relaxed);
    }

    /// A family member takes their consent back from their own phone (a switch for tests and
    /// the reference backend): whether a granted consent was found.
    pub fn withdraw_consent(&self, member_id: &str) -> ApiFuture<bool> {
        let member_id = member_id.to_string();
        self.call_after(None, self.timing.latency_ms, move |ctx| Ok(ctx.withdraw_consent(&member_id)))
    }

    /// The one entry point of every operation: the scripted misbehaviour if `op` is the one
    /// scripted, else the handler's answer after the simulated latency, the database saved.
    fn call<T: 'static>(&self, op: Op, handler: impl FnOnce(&mut Ctx) -> Result<T, ApiError> + 'static) -> ApiFuture<T> {
        self.call_after(Some(op), self.timing.latency_ms, handler)
    }

    fn call_after<T: 'static>(&self, op: Option<Op>, latency_ms: u32, handler: impl FnOnce(&mut Ctx) -> Result<T, ApiError> + 'static) -> ApiFuture<T> {
        match op.and_then(|op| self.misbehaving(op)) {
            Some(Some(error)) => return Box::pin(async move { Err(error) }),
            Some(None) => return Box::pin(std::future::pending()),
            None => {}
        }
        let this = self.clone();
        Box::pin(async move {
            sleep_ms(latency_ms).await;
            let mut state = this.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let mut ctx = Ctx { db: &mut state, backend: &this, now: now_ms() };
            let result = handler(&mut ctx);
            match &this.store {
                Some(store) => store.save(&state).map_err(|_| ApiError::ServerError { status: 500 }).and(result),
                None => result,
            }
        })
    }
}

/// A code or password that is not six digits (the contract's pattern; the app sends nothing
/// else) is bad input, refused before anything is looked up: it counts no try.
fn six_digits(text: &str, field: &str) -> Result<(), ApiError> {
    match text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit()) {
        true => Ok(()),
        false => Err(ApiError::InvalidRequest { field: Some(field.into()) }),
    }
}

/// What a request handler sees: the database, the backend's settings and the time.
struct Ctx<'a> {
    db: &'a mut DemoDatabase,
    backend: &'a DemoBackend,
    now: u64,
}

impl Ctx<'_> {
    fn new_id(&mut self, prefix: &str) -> String {
        self.db.next_id += 1;
        format!("{prefix}_{:06}{}", self.db.next_id, random_hex(4))
    }

    fn any_grant(&self, token: &str) -> Result<Grant, ApiError> {
        match self.db.grants.get(token) {
            Some(grant) if grant.expires_at > self.now => Ok(grant.clone()),
            _ => Err(ApiError::SessionExpired),
        }
    }

    /// A token that may pay: a record token is refused (it only reads).
    fn grant(&self, token: &str) -> Result<(Grant, OrderRef), ApiError> {
        let grant = self.any_grant(token)?;
        match (grant.purpose, grant.order.clone()) {
            (Purpose::Pay, Some(order)) => Ok((grant, order)),
            _ => Err(ApiError::ReadOnlyToken),
        }
    }

    /// A token that may pay `order`: one granted for another order is refused as an expired one
    /// is, so it says nothing about that order.
    fn grant_for(&self, token: &str, order: &OrderRef) -> Result<Grant, ApiError> {
        match self.grant(token)? {
            (grant, granted) if &granted == order => Ok(grant),
            _ => Err(ApiError::SessionExpired),
        }
    }

    /// A token for reading the record (a pay token has not verified enough to read it).
    fn record_grant(&self, token: &str) -> Result<Grant, ApiError> {
        let grant = self.any_grant(token)?;
        if grant.purpose != Purpose::Record {
            return Err(ApiError::SessionExpired);
        }
        Ok(grant)
    }

    /// `method` passed: the token once the purpose has all it needs, else what is still needed.
    fn method_passed(&mut self, session_id: &str, method: VerifyMethod) -> Verified {
        let session = self.db.sessions.get_mut(session_id).expect("session checked by caller");
        if !session.passed.contains(&method) {
            session.passed.push(method);
        }
        let passed = session.passed.clone();
        let still_needed = session.required.saturating_sub(passed.len() as u32);
        if still_needed > 0 {
            return Verified { token: None, expires_in_seconds: 0, passed, still_needed };
        }
        self.issue_token(session_id)
    }

    fn issue_token(&mut self, session_id: &str) -> Verified {
        let session = self.db.sessions.remove(session_id).expect("session checked by caller");
        let token = format!("tok_{}", random_hex(16));
        let expires_at = self.now + u64::from(TOKEN_SECONDS) * 1000;
        let passed = session.passed.clone();
        self.db.grants.insert(token.clone(), Grant { person: session.person, paid_by: session.paid_by, purpose: session.purpose, order: session.order, passed: passed.clone(), expires_at, issued_at: self.now });
        Verified { token: Some(token), expires_in_seconds: TOKEN_SECONDS, passed, still_needed: 0 }
    }

    fn session(&mut self, session_id: &str, method: VerifyMethod) -> Result<&mut Session, ApiError> {
        let session = self.db.sessions.get_mut(session_id).ok_or(ApiError::SessionExpired)?;
        if !session.methods.contains(&method) {
            return Err(ApiError::MethodUnavailable);
        }
        if session.locked.contains(&method) {
            return Err(ApiError::TooManyAttempts);
        }
        Ok(session)
    }

    fn person_name(&self, person: &Person) -> String {
        match person {
            Person::Fixture(i) => fixtures::PEOPLE[*i].name.to_string(),
            Person::Typed { .. } => {
                let names = self.backend.typed_names.lock().unwrap_or_else(|p| p.into_inner());
                names.get(&person.key()).cloned().unwrap_or_else(|| "*".into())
            }
        }
    }

    fn masked_id(&self, person: &Person) -> String {
        match person {
            Person::Fixture(i) => mask_id_number(fixtures::PEOPLE[*i].id_number),
            Person::Typed { masked_id, .. } => masked_id.clone(),
        }
    }

    fn masked_mobile(&self, person: &Person) -> String {
        match person {
            Person::Fixture(i) => mask_mobile(fixtures::PEOPLE[*i].mobile),
            Person::Typed { masked_mobile, .. } => masked_mobile.clone(),
        }
    }

    /// Whose record a record token may read in `of.city` (the token's person's own, or their
    /// family member's while the member's consent is in force), the career behind it, and the
    /// payments made through the app towards it; or why there is none to show.
    fn record_of(&mut self, token: &str, of: &RecordOf) -> Result<(Person, fixtures::Career, &'static DemoCity, Vec<record::AppPayment>), ApiError> {
        let grant = self.record_grant(token)?;
        let holder = match &of.member {
            None => grant.person,
            Some(member_id) => self.consenting_member(&grant.person, member_id)?,
        };
        let city = of.city.as_str();
        let place = fixtures::city(city).ok_or(ApiError::NotFound)?;
        if record::peak_day(fixtures::DEMO_TODAY) {
            return Err(ApiError::PeakDays { retry_after_seconds: Some(3600) });
        }
        let mine: Vec<&(usize, &str, fixtures::Career)> = match holder {
            Person::Fixture(i) => fixtures::RECORDS.iter().filter(|r| r.0 == i).collect(),
            Person::Typed { .. } => Vec::new(),
        };
        let Some(&&(_, _, career)) = mine.iter().find(|r| r.1 == city) else {
            let elsewhere = mine.iter().filter_map(|r| fixtures::city(r.1)).map(|c| City { code: c.code.into(), name: LocalText::new(c.name.0, c.name.1) }).collect();
            return Err(ApiError::NotInsured { elsewhere });
        };
        if career == fixtures::Career::TransferringIn {
            return Err(ApiError::TransferInProgress { working_days: Some(fixtures::TRANSFER_WORKING_DAYS) });
        }
        let paid = self.app_payments(&holder, city);
        Ok((holder, career, place, paid))
    }

    /// The payments `person` made through the app in `city`, as the record counts them.
    fn app_payments(&mut self, person: &Person, city: &str) -> Vec<record::AppPayment> {
        self.settle_all();
        let key = person.key();
        self.db
            .payments
            .values()
            .filter(|p| p.person.key() == key && p.order.city == city && p.payment.status == PaymentStatus::Succeeded)
            .map(|p| record::AppPayment {
                insurance: match p.order.product {
                    ProductCode::FlexiblePension => Insurance::Pension,
                    _ => Insurance::Medical,
                },
                year: p.order.year,
                months: self.db.quotes.get(&p.quote_id).map_or(12, |q| q.months),
                amount: p.payment.amount,
                serial: p.payment.receipt_serial.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// The proof `code` as it reads now (the figures are the record's as of today).
    fn proof(&mut self, code: &str) -> Result<RecordProof, ApiError> {
        let stored = self.db.proofs.get(code).cloned().ok_or(ApiError::NotFound)?;
        let Person::Fixture(index) = stored.person else { return Err(ApiError::NotFound) };
        let career = fixtures::RECORDS.iter().find(|r| r.0 == index && r.1 == stored.city).map(|r| r.2).ok_or(ApiError::NotFound)?;
        let city = fixtures::city(&stored.city).ok_or(ApiError::NotFound)?;
        let holder = masked_name(&self.person_name(&stored.person));
        let paid = self.app_payments(&stored.person, &stored.city);
        let overview = record::overview(career, city, holder, &paid, &rfc3339_utc(self.now));
        Ok(RecordProof {
            code: code.into(),
            issued_at: rfc3339_utc(stored.issued_at),
            region: overview.region,
            holder: overview.holder,
            holder_masked_id: self.masked_id(&stored.person),
            insurances: overview.insurances,
            months_paid: overview.months_paid,
            as_of: overview.as_of,
            verify_url: format!("{}?proof={code}", self.backend.verify_base),
        })
    }

    /// Moves a processing payment to its outcome once its time has come.
    fn settle(&mut self, payment_id: &str) {
        let now = self.now;
        let Some(stored) = self.db.payments.get(payment_id) else { return };
        if stored.payment.status != PaymentStatus::Processing || now < stored.settles_at {
            return;
        }
        let outcome = stored.outcome;
        let serial = (outcome == PaymentStatus::Succeeded).then(|| {
            self.db.next_serial += 1;
            format!("{}{}{:08}", stored.order.year, stored.order.city, self.db.next_serial)
        });
        let stored = self.db.payments.get_mut(payment_id).expect("looked up above");
        stored.payment.status = outcome;
        stored.payment.money_taken = outcome == PaymentStatus::Succeeded;
        stored.payment.failure_reason = match outcome {
            PaymentStatus::Failed => Some(LocalText::new(
                "银行卡余额不足，银行拒绝了这笔付款",
                "The bank declined the payment: insufficient balance",
            )),
            PaymentStatus::Expired => Some(LocalText::new(
                "付款未在规定时间内确认，订单已关闭",
                "The payment was not confirmed in time and the order was closed",
            )),
            _ => None,
        };
        if serial.is_some() {
            stored.paid_at = Some(rfc3339_utc(stored.settles_at));
        }
        stored.payment.receipt_serial = serial;
    }

    /// The payment behind receipt `serial`: one made here, or an "already paid" demo person's
    /// (whose receipts exist from the start).
    fn find_receipt(&mut self, serial: &str) -> Result<FoundReceipt, ApiError> {
        self.settle_all();
        let found = self.db.payments.values().find(|p| p.payment.receipt_serial.as_deref() == Some(serial)).cloned();
        let (person, paid_by, order, amount, paid_at, channel, quote_id) = match found {
            Some(p) => (p.person, p.paid_by, p.order, p.payment.amount, p.paid_at.unwrap_or_default(), p.payment.method, Some(p.quote_id)),
            None => {
                let index = fixtures::PEOPLE.iter().position(|p| p.scenario == Scenario::AlreadyPaid).expect("fixture");
                let order = fixtures::CITIES
                    .iter()
                    .flat_map(|c| ProductCode::ALL.into_iter().flat_map(move |product| fixtures::years(product).into_iter().map(move |y| OrderRef { city: c.code.into(), product, year: y.0 })))
                    .find(|o| already_paid_serial(o) == serial)
                    .ok_or(ApiError::NotFound)?;
                let amount = Decimal::from(city_of(&order)?.resident_tiers[1].0);
                (Person::Fixture(index), None, order, amount, "2026-10-08T02:15:00Z".to_string(), PaymentMethod::Wallet, None)
            }
        };
        let period = quote_id
            .and_then(|id| self.db.quotes.get(&id).map(|q| q.quote.period.clone()))
            .unwrap_or_else(|| LocalText::new(format!("{}年度", order.year), format!("Year {}", order.year)));
        Ok(FoundReceipt { person, paid_by, order, amount, paid_at, channel, period })
    }

    /// The insured person, the relative who paid for them, or a family payer who may read the
    /// insured person's record (their consent in force) may read the whole receipt.
    fn may_read_receipt(&mut self, reader: &Grant, found: &FoundReceipt) -> bool {
        let key = reader.person.key();
        found.person.key() == key
            || found.paid_by.as_ref().is_some_and(|p| p.key() == key)
            || (reader.purpose == Purpose::Record && self.reads_record_of(&reader.person, &found.person))
    }

    /// Receipt `serial`'s check codes, issued the first time its payer reads it.
    fn receipt_codes(&mut self, serial: &str) -> ReceiptCodes {
        let codes = self.db.receipt_codes.entry(serial.to_string()).or_insert_with(|| {
            ReceiptCodes {
                qr: receipt_code::encode(&random_bytes(10), receipt_code::QR_CODE_LEN),
                printed: receipt_code::encode(&random_bytes(5), receipt_code::PRINTED_CODE_LEN),
            }
        });
        codes.clone()
    }

    fn settle_all(&mut self) {
        let ids: Vec<String> = self.db.payments.keys().cloned().collect();
        for id in ids {
            self.settle(&id);
        }
    }

    /// Whether a payment of `order` for `person` is under way (by them or a relative).
    fn being_paid(&self, person: &Person, order: &OrderRef) -> bool {
        let key = person.key();
        self.db.payments.values().any(|p| p.person.key() == key && &p.order == order && p.payment.status == PaymentStatus::Processing)
    }

    fn paid_record(&mut self, person: &Person, order: &OrderRef) -> Option<PaidRecord> {
        if person.scenario() == Scenario::AlreadyPaid {
            let tier = city_of(order).ok()?.resident_tiers[1].0;
            return Some(PaidRecord {
                serial: already_paid_serial(order),
                amount: Decimal::from(tier),
                paid_at: "2026-10-08T02:15:00Z".into(),
            });
        }
        self.settle_all();
        let key = person.key();
        self.db.payments.values().find(|p| p.person.key() == key && &p.order == order && p.payment.status == PaymentStatus::Succeeded).map(|p| {
            PaidRecord {
                serial: p.payment.receipt_serial.clone().unwrap_or_default(),
                amount: p.payment.amount,
                paid_at: p.paid_at.clone().unwrap_or_default(),
            }
        })
    }
}

/// "广东省广州市" / "Guangzhou, Guangdong"; a municipality is named once ("北京市" / "Beijing").
fn region_name(city: &DemoCity) -> LocalText {
    if city.province.0 == city.name.0 {
        LocalText::new(city.name.0, city.name.1)
    } else {
        LocalText::new(format!("{}{}", city.province.0, city.name.0), format!("{}, {}", city.name.1, city.province.1))
    }
}

/// A name as a record shows its holder: the family name, the rest masked (张*, 赵**).
fn masked_name(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|first| std::iter::once(first).chain(chars.map(|_| '*')).collect()).unwrap_or_default()
}

fn already_paid_serial(order: &OrderRef) -> String {
    format!("{}{}00000000", order.year, order.city)
}

fn city_of(order: &OrderRef) -> Result<&'static DemoCity, ApiError> {
    fixtures::city(&order.city).ok_or(ApiError::NotFound)
}

fn year_of(order: &OrderRef) -> Result<(u16, &'static str, &'static str, WindowStatus, u32), ApiError> {
    let city = city_of(order)?;
    if order.product == ProductCode::FlexiblePension && !city.offers_flexible_pension {
        return Err(ApiError::NotFound);
    }
    fixtures::years(order.product).into_iter().find(|y| y.0 == order.year).ok_or(ApiError::NotFound)
}

fn product_of(code: ProductCode) -> Product {
    Product {
        code,
        name: fixtures::product_name(code),
        summary: fixtures::product_summary(code),
        years: fixtures::years(code)
            .into_iter()
            .map(|(year, opens_on, deadline, status, days_late)| ContributionYear {
                year,
                opens_on: opens_on.into(),
                deadline: deadline.into(),
                status,
                days_late,
            })
            .collect(),
    }
}

const TIER_NAMES: [(&str, &str); 3] = [("一档", "Tier 1"), ("二档", "Tier 2"), ("三档", "Tier 3")];

fn fixed_tiers(city: &DemoCity, product: ProductCode) -> Vec<FixedTier> {
    let table = if product == ProductCode::NewbornMedical { city.newborn_tiers } else { city.resident_tiers };
    table
        .iter()
        .zip(TIER_NAMES)
        .enumerate()
        .map(|(i, ((personal, subsidy), (zh, en)))| FixedTier {
            code: format!("tier-{}", i + 1),
            name: LocalText::new(zh, en),
            personal_amount: Decimal::from(*personal),
            subsidy: Decimal::from(*subsidy),
        })
        .collect()
}

/// What `person` pays at a fixed `tier` (their concession counts in residents' insurance).
fn fixed_tier_price(person: &Person, product: ProductCode, tier: &FixedTier, days_late: u32) -> PricingInput {
    let discounts = match product {
        ProductCode::ResidentMedical => person.fixture().and_then(|p| p.concession).into_iter().collect(),
        _ => vec![],
    };
    PricingInput { standard: tier.personal_amount + tier.subsidy, subsidy: tier.subsidy, discounts, days_late }
}

/// The period a fixed tier pays for: the whole calendar year.
fn whole_year(year: u16) -> LocalText {
    LocalText::new(format!("{year}年1月1日至{year}年12月31日"), format!("1 Jan {year} – 31 Dec {year}"))
}

fn cycle_text(cycle: Cycle) -> (&'static str, &'static str) {
    match cycle {
        Cycle::Monthly => ("按月", "monthly"),
        Cycle::Quarterly => ("按季度", "quarterly"),
        Cycle::HalfYearly => ("按半年", "half-yearly"),
    }
}

/// The demo's regions, from the fixtures.
fn regions() -> Vec<Province> {
    let mut provinces: Vec<Province> = Vec::new();
    for city in fixtures::CITIES {
        let entry = City { code: city.code.into(), name: LocalText::new(city.name.0, city.name.1) };
        match provinces.iter_mut().find(|p| p.code == city.province_code) {
            Some(province) => province.cities.push(entry),
            None => provinces.push(Province {
                code: city.province_code.into(),
                name: LocalText::new(city.province.0, city.province.1),
                cities: vec![entry],
            }),
        }
    }
    provinces
}

/// The products a demo city offers, from the fixtures.
fn products(city: &str) -> Result<Vec<Product>, ApiError> {
    let city = fixtures::city(city).ok_or(ApiError::NotFound)?;
    Ok(ProductCode::ALL
        .into_iter()
        .filter(|code| *code != ProductCode::FlexiblePension || city.offers_flexible_pension)
        .map(product_of)
        .collect())
}

/// The demo as the first screen meets it: the regions and products straight from the fixtures,
/// and the whole demo backend (its database and every other call) in a download of its own,
/// fetched with the first call beyond them (see `Deferred`).
pub struct DemoFront {
    timing: DemoTiming,
    verify_base: String,
    whole: Arc<std::sync::OnceLock<Arc<dyn ApiClient>>>,
}

impl DemoFront {
    pub fn new(timing: DemoTiming, verify_base: impl Into<String>) -> Self {
        DemoFront { timing, verify_base: verify_base.into(), whole: Arc::default() }
    }
}

on_demand! {
    chunk demo_calls;
    fn whole_demo() -> fn(DemoTiming, String) -> Arc<dyn ApiClient> {
        |timing, verify_base| Arc::new(DemoBackend::new(timing, verify_base))
    }
}

impl FirstScreenCalls for DemoFront {
    fn describe(&self) -> String {
        "demo".into()
    }

    fn regions(&self) -> ApiFuture<Vec<Province>> {
        // No simulated latency: the demo shows as fast as a real deployment whose boot script
        // fetched the regions during the wasm download.
        Box::pin(async { Ok(regions()) })
    }

    fn products(&self, city: &str) -> ApiFuture<Vec<Product>> {
        let (city, latency_ms) = (city.to_string(), self.timing.latency_ms);
        Box::pin(async move {
            sleep_ms(latency_ms).await;
            products(&city)
        })
    }

    fn whole(&self) -> ApiFuture<Arc<dyn ApiClient>> {
        let (timing, verify_base, whole) = (self.timing, self.verify_base.clone(), self.whole.clone());
        Box::pin(async move {
            let make = whole_demo().await.map_err(|_| ApiError::Network)?;
            Ok(whole.get_or_init(|| make(timing, verify_base)).clone())
        })
    }
}

impl ApiClient for DemoBackend {
    fn describe(&self) -> String {
        "demo".into()
    }

    fn regions(&self) -> ApiFuture<Vec<Province>> {
        self.call_after(Some(Op::ListRegions), 0, |_| Ok(regions()))
    }

    fn products(&self, city: &str) -> ApiFuture<Vec<Product>> {
        let city = city.to_string();
        self.call(Op::ListProducts, move |_| products(&city))
    }

    fn payment_api(&self) -> ApiFuture<Arc<dyn PaymentApi>> {
        let demo = self.clone();
        Box::pin(async move { Ok(Arc::new(demo) as Arc<dyn PaymentApi>) })
    }

    fn record_api(&self) -> ApiFuture<Arc<dyn RecordApi>> {
        let this = self.clone();
        Box::pin(async move { Ok(demo_records().await.map_err(|_| ApiError::Network)?(this)) })
    }

    fn family_api(&self) -> ApiFuture<Arc<dyn FamilyApi>> {
        let this = self.clone();
        Box::pin(async move { Ok(demo_families().await.map_err(|_| ApiError::Network)?(this)) })
    }
}

impl PaymentApi for DemoBackend {
    fn start_verification(&self, request: StartVerification) -> ApiFuture<VerificationSession> {
        self.call(Op::StartVerification, move |ctx| {
            let field = |name: &str| ApiError::InvalidRequest { field: Some(name.into()) };
            // Each purpose names one thing: a request naming the other's is refused, not read.
            match request.purpose {
                Purpose::Pay if request.city.is_some() => return Err(field("city")),
                Purpose::Record if request.order.is_some() => return Err(field("order")),
                _ => {}
            }
            let (city, order) = match request.purpose {
                Purpose::Pay => {
                    let order = request.order.clone().ok_or_else(|| field("order"))?;
                    let city = city_of(&order)?;
                    if !year_of(&order)?.3.accepts_payment() {
                        return Err(ApiError::WindowClosed);
                    }
                    (city, Some(order))
                }
                Purpose::Record => (fixtures::city(request.city.as_deref().ok_or_else(|| field("city"))?).ok_or(ApiError::NotFound)?, None),
            };
            // Reading a record asks for more than paying: two of the city's methods (seed 002's
            // levels beyond real-name: the social security number, then the face).
            let required = match request.purpose {
                Purpose::Pay => 1,
                Purpose::Record => city.verify_methods.len().min(2) as u32,
            };
            let (person, paid_by, passed, masked_mobile) = match &request.prior_token {
                // Verified before (a record token, to pay a gap): the same person, and the methods
                // passed then count.
                Some(token) => {
                    let prior = ctx.any_grant(token)?;
                    let masked_mobile = ctx.masked_mobile(&prior.person);
                    // Paying for a family member: the payer's verification, the member's order.
                    let (person, paid_by) = match &request.member {
                        Some(member_id) if prior.purpose == Purpose::Record && request.purpose == Purpose::Pay => (ctx.consenting_member(&prior.person, member_id)?, Some(prior.person)),
                        Some(_) => return Err(field("member")),
                        None => (prior.person, prior.paid_by),
                    };
                    (person, paid_by, prior.passed, masked_mobile)
                }
                None if request.member.is_some() => return Err(field("member")),
                None => {
                    let name = validate_name(&request.name).map_err(|_| field("name"))?;
                    let id_number = validate_id_number(&request.id_number).map_err(|_| field("id_number"))?;
                    let mobile = validate_mobile(&request.mobile).map_err(|_| field("mobile"))?;
                    let person = match fixtures::person_by_id(&id_number) {
                        Some((_, fixture)) if fixture.name != name => return Err(ApiError::IdentityMismatch),
                        Some((index, _)) => Person::Fixture(index),
                        None => {
                            let person = Person::Typed { masked_id: mask_id_number(&id_number), masked_mobile: mask_mobile(&mobile) };
                            ctx.backend.typed_names.lock().unwrap_or_else(|p| p.into_inner()).insert(person.key(), name);
                            person
                        }
                    };
                    (person, None, Vec::new(), mask_mobile(&mobile))
                }
            };
            let session_id = ctx.new_id("vs");
            let covered = passed.len() as u32 >= required;
            ctx.db.sessions.insert(
                session_id.clone(),
                Session {
                    person,
                    paid_by,
                    purpose: request.purpose,
                    order,
                    required,
                    passed,
                    methods: city.verify_methods.to_vec(),
                    locked: vec![],
                    sms_sent_at: None,
                    sms_attempts: 0,
                    ecard_attempts: 0,
                    face_started: false,
                },
            );
            let passed = ctx.db.sessions[&session_id].passed.clone();
            let verified = covered.then(|| ctx.issue_token(&session_id));
            Ok(VerificationSession { session_id, methods: city.verify_methods.to_vec(), masked_mobile, required, passed, verified })
        })
    }

    fn send_sms_code(&self, session_id: &str) -> ApiFuture<SmsSent> {
        let session_id = session_id.to_string();
        let short_lived = self.short_lived_code();
        self.call(Op::SendSmsCode, move |ctx| {
            let now = ctx.now;
            let (resend_ms, expires_ms) = (u64::from(SMS_RESEND_SECONDS) * 1000, u64::from(SMS_EXPIRES_SECONDS) * 1000);
            // Sent at `at`: nothing more is sent for a minute, and the code lasts five; the
            // answer says how long is left of each.
            let wait_since = |at: u64| SmsSent {
                resend_after_seconds: ((at + resend_ms).saturating_sub(now)).div_ceil(1000) as u32,
                // (A preview's short-lived code: the expiry warning shows at once.)
                expires_in_seconds: if short_lived { 45 } else { ((at + expires_ms).saturating_sub(now) / 1000) as u32 },
            };
            let session = ctx.session(&session_id, VerifyMethod::Sms)?;
            if let Some(sent) = session.sms_sent_at.filter(|sent| now < sent + resend_ms) {
                return Ok(wait_since(sent));
            }
            let phone = session.paid_by.as_ref().unwrap_or(&session.person).key();
            let sends = ctx.db.sms_sends.entry(phone).or_default();
            sends.retain(|at| now < at + HOUR_MS);
            let sent_at = match sends.last() {
                // This phone was sent a code a moment ago, for another session (a reload,
                // verifying again): that code, still good, serves this one too.
                Some(&last) if now < last + resend_ms => last,
                // A few an hour: then the phone waits until the oldest is an hour old.
                Some(_) if sends.len() >= ctx.backend.sms_per_hour as usize => {
                    let left = (sends[0] + HOUR_MS - now).div_ceil(1000) as u32;
                    return Err(ApiError::TooManyRequests { retry_after_seconds: Some(left) });
                }
                _ => {
                    sends.push(now);
                    now
                }
            };
            let session = ctx.db.sessions.get_mut(&session_id).expect("found above");
            session.sms_sent_at = Some(sent_at);
            session.sms_attempts = 0;
            Ok(wait_since(sent_at))
        })
    }

    fn check_sms_code(&self, session_id: &str, code: &str) -> ApiFuture<Verified> {
        let (session_id, code) = (session_id.to_string(), code.to_string());
        self.call(Op::CheckSmsCode, move |ctx| {
            six_digits(&code, "code")?;
            let now = ctx.now;
            let session = ctx.session(&session_id, VerifyMethod::Sms)?;
            let sent = session.sms_sent_at.ok_or(ApiError::InvalidCode { attempts_left: None })?;
            if now > sent + u64::from(SMS_EXPIRES_SECONDS) * 1000 {
                return Err(ApiError::CodeExpired);
            }
            if code != fixtures::DEMO_SMS_CODE {
                session.sms_attempts += 1;
                if session.sms_attempts >= SMS_MAX_ATTEMPTS {
                    session.locked.push(VerifyMethod::Sms);
                    return Err(ApiError::TooManyAttempts);
                }
                return Err(ApiError::InvalidCode { attempts_left: Some(SMS_MAX_ATTEMPTS - session.sms_attempts) });
            }
            Ok(ctx.method_passed(&session_id, VerifyMethod::Sms))
        })
    }

    fn check_ecard_password(&self, session_id: &str, password: &str) -> ApiFuture<Verified> {
        let (session_id, password) = (session_id.to_string(), password.to_string());
        self.call(Op::CheckEcardPassword, move |ctx| {
            six_digits(&password, "password")?;
            let session = ctx.session(&session_id, VerifyMethod::Ecard)?;
            if password != fixtures::DEMO_ECARD_PASSWORD {
                session.ecard_attempts += 1;
                if session.ecard_attempts >= ECARD_MAX_ATTEMPTS {
                    session.locked.push(VerifyMethod::Ecard);
                    return Err(ApiError::TooManyAttempts);
                }
                return Err(ApiError::InvalidCode { attempts_left: Some(ECARD_MAX_ATTEMPTS - session.ecard_attempts) });
            }
            Ok(ctx.method_passed(&session_id, VerifyMethod::Ecard))
        })
    }

    fn start_face(&self, session_id: &str, return_url: &str) -> ApiFuture<FaceHandoff> {
        let (session_id, return_url) = (session_id.to_string(), return_url.to_string());
        self.call(Op::StartFace, move |ctx| {
            let session = ctx.session(&session_id, VerifyMethod::Face)?;
            session.face_started = true;
            let url = format!("/face-check?session={}&return={}", session_id, url_encode(&return_url));
            Ok(FaceHandoff { url })
        })
    }

    fn face_result(&self, session_id: &str) -> ApiFuture<Verified> {
        let session_id = session_id.to_string();
        self.call(Op::FaceResult, move |ctx| {
            let session = ctx.session(&session_id, VerifyMethod::Face)?;
            if !session.face_started {
                return Err(ApiError::VerificationFailed);
            }
            if session.person.scenario() == Scenario::FaceFails {
                // One failed face check locks the method, as most providers do.
                session.locked.push(VerifyMethod::Face);
                return Err(ApiError::VerificationFailed);
            }
            Ok(ctx.method_passed(&session_id, VerifyMethod::Face))
        })
    }

    /// More time for a token that has not run out (the person pressed "need more time"): half
    /// an hour from now, but never past six hours from its verification.
    fn refresh_token(&self, token: &str) -> ApiFuture<TokenRefreshed> {
        let token = token.to_string();
        self.call(Op::RefreshToken, move |ctx| {
            let grant = ctx.any_grant(&token)?;
            let issued_at = if grant.issued_at > 0 { grant.issued_at } else { grant.expires_at.saturating_sub(u64::from(TOKEN_SECONDS) * 1000) };
            let longest = issued_at + TOKEN_LONGEST_SECONDS * 1000;
            let expires_at = (ctx.now + u64::from(TOKEN_SECONDS) * 1000).min(longest).max(grant.expires_at);
            ctx.db.grants.get_mut(&token).expect("found above").expires_at = expires_at;
            Ok(TokenRefreshed { expires_in_seconds: ((expires_at - ctx.now) / 1000) as u32, can_extend: expires_at < longest })
        })
    }

    fn insured_profile(&self, token: &str, order: &OrderRef) -> ApiFuture<InsuredProfile> {
        let (token, order) = (token.to_string(), order.clone());
        self.call(Op::InsuredProfile, move |ctx| {
            let grant = ctx.grant_for(&token, &order)?;
            let masked_mobile = ctx.masked_mobile(&grant.person);
            let concession = match order.product {
                ProductCode::ResidentMedical => grant.person.fixture().and_then(|p| p.concession),
                _ => None,
            };
            Ok(InsuredProfile {
                name: ctx.person_name(&grant.person),
                masked_id: ctx.masked_id(&grant.person),
                masked_mobile,
                concession,
                already_paid: ctx.paid_record(&grant.person, &order),
            })
        })
    }

    fn tier_options(&self, token: &str, order: &OrderRef) -> ApiFuture<TierOptions> {
        let (token, order) = (token.to_string(), order.clone());
        self.call(Op::TierOptions, move |ctx| {
            ctx.grant_for(&token, &order)?;
            let city = city_of(&order)?;
            Ok(match order.product {
                ProductCode::ResidentMedical | ProductCode::NewbornMedical => TierOptions::Fixed { tiers: fixed_tiers(city, order.product) },
                ProductCode::FlexibleMedical | ProductCode::FlexiblePension => TierOptions::WageBased {
                    monthly_average_wage: Decimal::from(city.monthly_average_wage),
                    min_percent: 60,
                    max_percent: 300,
                    suggested_percents: vec![60, 100, 150, 200, 300],
                    rates: fixtures::rates(order.product),
                    cycles: city.cycles.to_vec(),
                },
            })
        })
    }

    fn quote(&self, token: &str, request: QuoteRequest) -> ApiFuture<Quote> {
        let token = token.to_string();
        self.call(Op::CreateQuote, move |ctx| {
            let order = request.order.clone();
            let grant = ctx.grant_for(&token, &order)?;
            let city = city_of(&order)?;
            let (year, _, _, status, days_late) = year_of(&order)?;
            if !status.accepts_payment() {
                return Err(ApiError::WindowClosed);
            }
            let invalid = |field: &str| ApiError::InvalidRequest { field: Some(field.into()) };
            let (input, tier_label, period) = match (&request.choice, order.product) {
                (TierChoice::Fixed { tier }, ProductCode::ResidentMedical | ProductCode::NewbornMedical) => {
                    let tier = fixed_tiers(city, order.product).into_iter().find(|t| &t.code == tier).ok_or_else(|| invalid("tier"))?;
                    (fixed_tier_price(&grant.person, order.product, &tier, days_late), tier.name, whole_year(year))
                }
                (TierChoice::WageBased { base_percent, rate_percent, cycle }, ProductCode::FlexibleMedical | ProductCode::FlexiblePension) => {
                    if !(60..=300).contains(base_percent) {
                        return Err(invalid("base_percent"));
                    }
                    if !fixtures::rates(order.product).contains(rate_percent) {
                        return Err(invalid("rate_percent"));
                    }
                    if !city.cycles.contains(cycle) {
                        return Err(invalid("cycle"));
                    }
                    let wage = Decimal::from(city.monthly_average_wage);
                    let base = crate::domain::money::format_yuan(flexible_base(wage, *base_percent));
                    let months = cycle.months();
                    let standard = flexible_standard(wage, *base_percent, *rate_percent, months);
                    let input = PricingInput { standard, subsidy: Decimal::ZERO, discounts: vec![], days_late };
                    let (cycle_zh, cycle_en) = cycle_text(*cycle);
                    let label = LocalText::new(
                        format!("缴费基数 {base}（社平工资的{base_percent}%），费率 {rate_percent}%"),
                        format!("Base {base} ({base_percent} % of the average wage), rate {rate_percent} %"),
                    );
                    let period = LocalText::new(format!("{year}年度，{cycle_zh}缴费 {months} 个月"), format!("{year}, paid {cycle_en}: {months} month(s)"));
                    (input, label, period)
                }
                _ => return Err(invalid("choice")),
            };
            let months = match &request.choice {
                TierChoice::WageBased { cycle, .. } => cycle.months(),
                TierChoice::Fixed { .. } => 12,
            };
            let quote = Quote { quote_id: ctx.new_id("q"), tier_label, period, breakdown: price(&input) };
            ctx.db.quotes.insert(quote.quote_id.clone(), StoredQuote { person_key: grant.person.key(), order, quote: quote.clone(), months });
            Ok(quote)
        })
    }

    fn payment_methods(&self, token: &str, quote_id: &str) -> ApiFuture<Vec<PaymentMethodOffer>> {
        let (token, quote_id) = (token.to_string(), quote_id.to_string());
        self.call(Op::PaymentMethods, move |ctx| {
            let (grant, _) = ctx.grant(&token)?;
            let stored = ctx.db.quotes.get(&quote_id).filter(|q| q.person_key == grant.person.key()).ok_or(ApiError::NotFound)?;
            if stored.quote.breakdown.total.is_zero() {
                return Ok(vec![PaymentMethodOffer { method: PaymentMethod::FiscalPayOnBehalf, single_limit: Decimal::ZERO, balance: None }]);
            }
            let city = city_of(&stored.order)?;
            Ok(city
                .payment_methods
                .iter()
                .map(|(method, limit)| PaymentMethodOffer { method: *method, single_limit: Decimal::from(*limit), balance: None })
                .collect())
        })
    }

    fn create_payment(&self, token: &str, request: CreatePayment, idempotency_key: &str) -> ApiFuture<Payment> {
        let (token, key) = (token.to_string(), idempotency_key.to_string());
        self.call(Op::CreatePayment, move |ctx| {
            let (grant, _) = ctx.grant(&token)?;
            if key.len() < 16 {
                return Err(ApiError::InvalidRequest { field: Some("Idempotency-Key".into()) });
            }
            if let Some(record) = ctx.db.idempotency.get(&key).cloned() {
                if record.request != request || record.token_person != grant.person.key() {
                    return Err(ApiError::IdempotencyConflict);
                }
                ctx.settle(&record.payment_id);
                return Ok(ctx.db.payments[&record.payment_id].payment.clone());
            }
            let stored = ctx.db.quotes.get(&request.quote_id).filter(|q| q.person_key == grant.person.key()).cloned().ok_or(ApiError::NotFound)?;
            if !year_of(&stored.order)?.3.accepts_payment() {
                return Err(ApiError::WindowClosed);
            }
            if ctx.paid_record(&grant.person, &stored.order).is_some() {
                return Err(ApiError::AlreadyPaid);
            }
            let person_key = grant.person.key();
            if ctx.being_paid(&grant.person, &stored.order) {
                return Err(ApiError::PaymentInProgress);
            }
            let amount = stored.quote.breakdown.total;
            let allowed = if amount.is_zero() {
                request.method == PaymentMethod::FiscalPayOnBehalf
            } else {
                let city = city_of(&stored.order)?;
                let offer = city.payment_methods.iter().find(|(m, _)| *m == request.method).ok_or(ApiError::MethodUnavailable)?;
                if amount > Decimal::from(offer.1) {
                    return Err(ApiError::OverLimit);
                }
                true
            };
            if !allowed {
                return Err(ApiError::MethodUnavailable);
            }
            let declined = ctx.backend.declining.load(Ordering::Relaxed);
            let (outcome, delay) = match grant.person.scenario() {
                _ if declined => (PaymentStatus::Failed, ctx.backend.timing.settle_ms),
                Scenario::PaymentFails => (PaymentStatus::Failed, ctx.backend.timing.settle_ms),
                Scenario::PaymentExpires => (PaymentStatus::Expired, ctx.backend.timing.expire_ms),
                _ => (PaymentStatus::Succeeded, ctx.backend.timing.settle_ms),
            };
            let payment = Payment {
                payment_id: ctx.new_id("pay"),
                status: PaymentStatus::Processing,
                amount,
                method: request.method,
                money_taken: false,
                receipt_serial: None,
                failure_reason: None,
            };
            let id = payment.payment_id.clone();
            ctx.db.payments.insert(
                id.clone(),
                StoredPayment {
                    person: grant.person.clone(),
                    paid_by: grant.paid_by.clone(),
                    order: stored.order,
                    quote_id: request.quote_id.clone(),
                    payment,
                    created_at: ctx.now,
                    settles_at: ctx.now + delay,
                    outcome,
                    paid_at: None,
                },
            );
            ctx.db.idempotency.insert(key, IdempotencyRecord { token_person: person_key, request, payment_id: id.clone() });
            ctx.settle(&id);
            Ok(ctx.db.payments[&id].payment.clone())
        })
    }

    fn payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        let (token, payment_id) = (token.to_string(), payment_id.to_string());
        self.call(Op::GetPayment, move |ctx| {
            let (grant, _) = ctx.grant(&token)?;
            ctx.settle(&payment_id);
            let stored = ctx.db.payments.get(&payment_id).filter(|p| p.person.key() == grant.person.key()).ok_or(ApiError::NotFound)?;
            Ok(stored.payment.clone())
        })
    }

    fn cancel_payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        let (token, payment_id) = (token.to_string(), payment_id.to_string());
        self.call(Op::CancelPayment, move |ctx| {
            let (grant, _) = ctx.grant(&token)?;
            ctx.settle(&payment_id);
            let stored = ctx.db.payments.get_mut(&payment_id).filter(|p| p.person.key() == grant.person.key()).ok_or(ApiError::NotFound)?;
            // Cancelling a payment that already reached an outcome changes nothing; the app
            // shows whatever that outcome is.
            if stored.payment.status == PaymentStatus::Processing {
                stored.payment.status = PaymentStatus::Cancelled;
                stored.payment.money_taken = false;
            }
            Ok(stored.payment.clone())
        })
    }

    fn receipt(&self, token: &str, serial: &str) -> ApiFuture<Receipt> {
        let (token, serial) = (token.to_string(), serial.to_string());
        self.call(Op::GetReceipt, move |ctx| {
            let reader = ctx.any_grant(&token)?;
            let found = ctx.find_receipt(&serial)?;
            // Someone else's receipt is refused as an unknown one is: nothing says it exists.
            if !ctx.may_read_receipt(&reader, &found) {
                return Err(ApiError::NotFound);
            }
            let codes = ctx.receipt_codes(&serial);
            let verify_url = format!("{}?serial={}&code={}", ctx.backend.verify_base, serial, codes.qr);
            Ok(Receipt {
                amount: found.amount,
                payer_name: ctx.person_name(&found.person),
                payer_masked_id: ctx.masked_id(&found.person),
                paid_by: found.paid_by.as_ref().map(|p| masked_name(&ctx.person_name(p))),
                product: fixtures::product_name(found.order.product),
                region: region_name(city_of(&found.order)?),
                period: found.period,
                paid_at: found.paid_at,
                channel: found.channel,
                verify_url,
                check_code: receipt_code::printed(&codes.printed),
                serial,
            })
        })
    }

    fn check_receipt(&self, serial: &str, code: &str) -> ApiFuture<ReceiptCheck> {
        let (serial, code) = (serial.to_string(), code.to_string());
        self.call(Op::CheckReceipt, move |ctx| {
            // Codes exist once the receipt has been read by its payer (nobody can know one
            // before); a wrong code and an unknown serial get the same answer.
            let issued = ctx.db.receipt_codes.get(&serial).cloned().ok_or(ApiError::NotFound)?;
            let typed = receipt_code::normalize(&code).ok_or(ApiError::NotFound)?;
            if typed != issued.qr && typed != issued.printed {
                return Err(ApiError::NotFound);
            }
            let found = ctx.find_receipt(&serial)?;
            Ok(ReceiptCheck {
                serial,
                holder: masked_name(&ctx.person_name(&found.person)),
                product: fixtures::product_name(found.order.product),
                period: found.period,
                amount: found.amount,
                status: ReceiptStatus::Paid,
            })
        })
    }
}

on_demand! {
    chunk demo_family;
    /// The demo's families and relatives: a download of their own, fetched with the family's screens.
    fn demo_families() -> fn(DemoBackend) -> Arc<dyn FamilyApi> {
        |demo| Arc::new(demo)
    }
}

on_demand! {
    chunk demo_record;
    /// The demo people's records: a download of their own, fetched with the record's screens.
    fn demo_records() -> fn(DemoBackend) -> Arc<dyn RecordApi> {
        |demo| Arc::new(demo)
    }
}

impl RecordApi for DemoBackend {
    fn record(&self, token: &str, of: &RecordOf) -> ApiFuture<RecordOverview> {
        let (token, of) = (token.to_string(), of.clone());
        self.call(Op::GetRecord, move |ctx| {
            let (person, career, city, paid) = ctx.record_of(&token, &of)?;
            let holder = masked_name(&ctx.person_name(&person));
            Ok(record::overview(career, city, holder, &paid, &rfc3339_utc(ctx.now)))
        })
    }

    fn record_year(&self, token: &str, of: &RecordOf, year: u16) -> ApiFuture<RecordYear> {
        let (token, of) = (token.to_string(), of.clone());
        self.call(Op::GetRecordYear, move |ctx| {
            let (_, career, city, paid) = ctx.record_of(&token, &of)?;
            if city.record.detail == DetailLevel::Totals || !record::YEARS.contains(&year) {
                return Err(ApiError::NotFound);
            }
            Ok(record::record_year(career, city, year, &paid, &record::as_of(city, &rfc3339_utc(ctx.now))))
        })
    }

    fn record_proof(&self, token: &str, city: &str) -> ApiFuture<RecordProof> {
        let (token, city) = (token.to_string(), city.to_string());
        self.call(Op::CreateRecordProof, move |ctx| {
            let (person, ..) = ctx.record_of(&token, &RecordOf::own(city.as_str()))?;
            // One proof per person, city and day: asking again gives the same one.
            let day = ctx.now / 86_400_000;
            let existing = ctx.db.proofs.iter().find(|(_, p)| p.person == person && p.city == city && p.issued_at / 86_400_000 == day).map(|(code, _)| code.clone());
            let code = match existing {
                Some(code) => code,
                None => {
                    let code = format!("CB{}", random_hex(6).to_uppercase());
                    ctx.db.proofs.insert(code.clone(), StoredProof { person, city, issued_at: ctx.now });
                    code
                }
            };
            ctx.proof(&code)
        })
    }

    fn check_proof(&self, code: &str) -> ApiFuture<RecordProof> {
        let code = code.to_string();
        self.call(Op::CheckRecordProof, move |ctx| ctx.proof(&code))
    }

    fn medical_spending(&self, token: &str, of: &RecordOf, page: u32) -> ApiFuture<SpendingPage> {
        let (token, of) = (token.to_string(), of.clone());
        self.call(Op::GetMedicalSpending, move |ctx| {
            let (_, career, city, paid) = ctx.record_of(&token, &of)?;
            let overview = record::overview(career, city, String::new(), &paid, &rfc3339_utc(ctx.now));
            let balance = overview.medical_account.filter(|_| overview.spending_delay.is_some()).ok_or(ApiError::NotFound)?.amount;
            let all = record::spending(balance);
            let pages = all.len().div_ceil(record::SPENDING_PAGE_SIZE) as u32;
            if page == 0 || page > pages {
                return Err(ApiError::InvalidRequest { field: Some("page".into()) });
            }
            let items = all.into_iter().skip((page as usize - 1) * record::SPENDING_PAGE_SIZE).take(record::SPENDING_PAGE_SIZE).collect();
            Ok(SpendingPage { as_of: overview.as_of, items, page, pages })
        })
    }
}

/// Percent-encodes a URL component (enough for the return path of the face hand-off).
pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
