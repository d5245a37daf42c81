//! The app's view of a backend: serde types (money as decimal strings), one client trait, and
//! the embedded demo implementation. An HTTP implementation slots in behind the same trait.

pub mod deferred;
pub mod demo;
mod error;
mod family;
pub mod http;
pub mod operations;
pub mod problem;
mod record;
mod types;

pub use error::*;
pub use family::*;
pub use record::*;
pub use types::*;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Browser futures are not `Send`; every call returns a boxed local future so the trait stays
/// object-safe and the app can hold `Arc<dyn ApiClient>` whatever the backend is.
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// Everything the app asks of a backend. Calls that act for a verified person take the bearer
/// token the verification step yielded.
pub trait ApiClient: Send + Sync {
    /// A short description for the diagnostics panel, e.g. which backend this is.
    fn describe(&self) -> String;

    /// Fetches ahead the code the later calls need, where it loads on demand.
    fn prepare_later_calls(&self) {}

    fn regions(&self) -> ApiFuture<Vec<Province>>;
    fn products(&self, city: &str) -> ApiFuture<Vec<Product>>;

    /// The payment's calls, from verifying to the receipt: a trait of their own, reached through
    /// this one call, so that forwarding them to a client whose code arrives later costs the
    /// payer's first screen nothing (see `Deferred`).
    fn payment_api(&self) -> ApiFuture<Arc<dyn PaymentApi>>;

    /// The record's calls. They are a trait of their own, reached through this one call, so
    /// their code (and their answers' decoders) arrives with the record's screens and the
    /// payer's first screen does not carry it.
    fn record_api(&self) -> ApiFuture<Arc<dyn RecordApi>>;

    /// The family's calls: a trait of their own for the same reason as the record's.
    fn family_api(&self) -> ApiFuture<Arc<dyn FamilyApi>>;
}

/// Paying for an order: verifying who pays, the insured person, tiers and quotes, payments and
/// their receipts.
pub trait PaymentApi {
    fn start_verification(&self, request: StartVerification) -> ApiFuture<VerificationSession>;
    fn send_sms_code(&self, session_id: &str) -> ApiFuture<SmsSent>;
    fn check_sms_code(&self, session_id: &str, code: &str) -> ApiFuture<Verified>;
    fn check_ecard_password(&self, session_id: &str, password: &str) -> ApiFuture<Verified>;
    /// Where to send the person for face verification; they come back to `return_url`.
    fn start_face(&self, session_id: &str, return_url: &str) -> ApiFuture<FaceHandoff>;
    fn face_result(&self, session_id: &str) -> ApiFuture<Verified>;
    /// More time for a token that has not run out, to pay or to read (the person asked for it:
    /// "need more time", WCAG 2.2.1).
    fn refresh_token(&self, token: &str) -> ApiFuture<TokenRefreshed>;

    fn insured_profile(&self, token: &str, order: &OrderRef) -> ApiFuture<InsuredProfile>;
    fn tier_options(&self, token: &str, order: &OrderRef) -> ApiFuture<TierOptions>;
    fn quote(&self, token: &str, request: QuoteRequest) -> ApiFuture<Quote>;
    fn payment_methods(&self, token: &str, quote_id: &str) -> ApiFuture<Vec<PaymentMethodOffer>>;

    /// Creating a payment twice with the same key returns the same payment, never a second one.
    fn create_payment(&self, token: &str, request: CreatePayment, idempotency_key: &str) -> ApiFuture<Payment>;
    fn payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment>;
    fn cancel_payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment>;

    /// The whole receipt, for the insured person's token or the family payer's who paid it.
    fn receipt(&self, token: &str, serial: &str) -> ApiFuture<Receipt>;
    /// The public check a verifier makes (no token): the serial and either check code. A wrong
    /// code is refused as an unknown serial is (`NotFound`), so neither tells a serial exists.
    fn check_receipt(&self, serial: &str, code: &str) -> ApiFuture<ReceiptCheck>;
}

/// Makes a payment call once the payment's API has arrived (its code may still be on its way).
pub fn payment_call<T: 'static>(api: &Arc<dyn ApiClient>, call: impl FnOnce(&(dyn PaymentApi + 'static)) -> ApiFuture<T> + 'static) -> ApiFuture<T> {
    after(api.payment_api(), call)
}

/// Makes `call` on the part of a client that `part` yields (its code may still be on its way),
/// tied to the screen that asks, so leaving the screen aborts the request.
pub fn after<P: ?Sized + 'static, T: 'static>(part: ApiFuture<Arc<P>>, call: impl FnOnce(&P) -> ApiFuture<T> + 'static) -> ApiFuture<T> {
    let owner = leptos::prelude::Owner::current();
    Box::pin(async move {
        let part = part.await?;
        let pending = match owner {
            Some(owner) => owner.with(|| call(&*part)),
            None => call(&*part),
        };
        pending.await
    })
}

/// Reading a person's record (我的社保), with the read-only token a record verification gives.
pub trait RecordApi {
    /// The record in `of.city` of the person the token was given for, or of their family
    /// member `of.member` (refused unless that member's consent is in force).
    fn record(&self, token: &str, of: &RecordOf) -> ApiFuture<RecordOverview>;
    fn record_year(&self, token: &str, of: &RecordOf, year: u16) -> ApiFuture<RecordYear>;
    /// Medical account spending, newest first; `page` counts from 1.
    fn medical_spending(&self, token: &str, of: &RecordOf, page: u32) -> ApiFuture<SpendingPage>;
    /// Issues a proof of insurance in `city` for oneself (the same one again on the same day).
    fn record_proof(&self, token: &str, city: &str) -> ApiFuture<RecordProof>;
    /// A proof by its code: what a verifier's QR scan checks.
    fn check_proof(&self, code: &str) -> ApiFuture<RecordProof>;
}

/// A payer's family, with the token of their verification for reading (a verified person, not
/// an order): the token reads and changes only that person's family.
pub trait FamilyApi {
    fn family(&self, token: &str) -> ApiFuture<Family>;
    /// Adds a relative. An adult comes back `pending`, with a consent code sent to their phone;
    /// a minor comes back `not_needed`.
    fn add_member(&self, token: &str, request: AddMember) -> ApiFuture<FamilyMember>;
    /// Sends the member a new consent code (after a withdrawal, an expiry or a lost code).
    fn request_consent(&self, token: &str, member_id: &str) -> ApiFuture<FamilyMember>;
    fn confirm_consent(&self, token: &str, member_id: &str, code: &str) -> ApiFuture<FamilyMember>;
    /// Takes a member off the list; the family as it is afterwards.
    fn remove_member(&self, token: &str, member_id: &str) -> ApiFuture<Family>;

    /// 家庭缴费总览: each member's state for `order` (paid, under way, due, window closed).
    fn family_status(&self, token: &str, order: &OrderRef) -> ApiFuture<FamilyStatus>;
    /// One quote for several members at one tier, with the payer's pay token for
    /// `request.order` (a verification to pay, built on the family's).
    fn family_quote(&self, token: &str, request: FamilyQuoteRequest) -> ApiFuture<FamilyQuote>;
    /// Pays one part of a family quote. Creating it twice with the same key returns the same
    /// payment; a member paid or being paid already is refused, whoever paid.
    fn create_family_payment(&self, token: &str, request: CreateFamilyPayment, idempotency_key: &str) -> ApiFuture<FamilyPayment>;
    fn family_payment(&self, token: &str, payment_id: &str) -> ApiFuture<FamilyPayment>;
}
