//! The embedded demo backend: implements [`ApiClient`] in-process with deterministic fixtures,
//! a few hundred milliseconds of latency so loading states are visible, and the same rules a
//! real backend enforces (sessions, attempts, idempotency, limits, settlement over time).
//! In the browser its database is kept in sessionStorage so a reload mid-payment behaves like a
//! real server; the reference backend (tests/backend) keeps the same database in SQLite through
//! [`DemoStore`]. It holds no unmasked ID number or phone, and typed-in names only in memory.

pub(crate) mod cashier;
mod catalogue;
mod ctx;
pub mod family;
pub mod fixtures;
pub mod record;
mod payment;
mod record_calls;

use super::deferred::FirstScreenCalls;
use super::operations::Op;
use super::*;
use crate::domain::identity::{mask_id_number, mask_mobile, validate_id_number, validate_mobile, validate_name};
use crate::domain::pricing::{flexible_base, flexible_standard, price, PricingInput};
use crate::domain::limits::over_limit;
use crate::domain::receipt_code;
use crate::platform::{load, now_ms, random_bytes, random_hex, rfc3339_utc, save, sleep_ms, Store};
use fixtures::{DemoCity, PensionTiers, Scenario};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use catalogue::*;
pub use cashier::{stand_in, CashierDecision, CashierView};
use cashier::ProviderState;
use ctx::*;

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
    /// The stand-in payment provider's cashier page (see `cashier`).
    cashier_base: String,
    store: Option<Arc<dyn DemoStore>>,
    /// A switch for tests: every payment created while it is on is declined by the bank.
    declining: Arc<AtomicBool>,
    /// A switch for tests: the payment provider refuses to open every payment that needs the
    /// payer's wallet.
    provider_refusing: Arc<AtomicBool>,
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
    /// `methods` must pass one after the other (see `VerificationSession::in_order`).
    #[serde(default)]
    in_order: bool,
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
    /// The provider's side, for a payment that waits for the payer's wallet.
    #[serde(default)]
    provider: Option<ProviderState>,
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
    /// The stand-in cashier is the app's own `/cashier` page, beside `verify_base`.
    pub fn new(timing: DemoTiming, verify_base: impl Into<String>) -> Self {
        let verify_base = verify_base.into();
        let cashier_base = format!("{}/cashier", origin_of(&verify_base));
        DemoBackend::with_store(timing, Arc::new(TabSession)).with_verify_base(verify_base).with_cashier_base(cashier_base)
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
            cashier_base: "https://demo.invalid/cashier".into(),
            store: None,
            declining: Arc::default(),
            provider_refusing: Arc::default(),
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

    /// While on, the payment provider refuses to open any payment that needs the wallet.
    pub fn refuse_at_provider(&self, on: bool) {
        self.provider_refusing.store(on, Ordering::Relaxed);
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

/// What a request handler sees: the database, the backend's settings and the time.
struct Ctx<'a> {
    db: &'a mut DemoDatabase,
    backend: &'a DemoBackend,
    now: u64,
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
        |timing, verify_base| Arc::new(DemoBackend::new(timing, verify_base).serve_stand_in_cashier())
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

/// The origin (`https://host:port`) of an absolute address: where the app's own pages are.
fn origin_of(url: &str) -> String {
    url.split('/').take(3).collect::<Vec<_>>().join("/")
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
