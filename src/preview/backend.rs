//! The gallery's backend: the embedded demo, kept in memory (a preview never touches the tab's
//! real demo data), with one call scripted to fail with a chosen problem or never to answer.

use crate::api::demo::DemoBackend;
use crate::api::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Every call the app makes, named for scripting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Regions,
    Products,
    StartVerification,
    SendSmsCode,
    CheckSmsCode,
    CheckEcardPassword,
    StartFace,
    FaceResult,
    RefreshToken,
    InsuredProfile,
    TierOptions,
    Quote,
    PaymentMethods,
    CreatePayment,
    Payment,
    CancelPayment,
    Receipt,
    CheckReceipt,
    Record,
    RecordYear,
    MedicalSpending,
    RecordProof,
    CheckProof,
    Family,
    AddMember,
    RequestConsent,
    ConfirmConsent,
    RemoveMember,
    FamilyStatus,
    FamilyQuote,
    CreateFamilyPayment,
    FamilyPayment,
}

/// How the scripted call misbehaves.
#[derive(Debug, Clone, PartialEq)]
pub enum Misbehave {
    /// The first such call fails with this problem; later ones reach the demo (so "try again"
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

#[derive(Clone)]
pub struct ScriptedBackend {
    pub demo: DemoBackend,
    script: Option<(Call, Misbehave)>,
    spent: Arc<AtomicBool>,
}

impl ScriptedBackend {
    pub fn new(demo: DemoBackend, script: Option<(Call, Misbehave)>) -> Self {
        ScriptedBackend { demo, script, spent: Arc::default() }
    }

    /// The scripted answer for `call`, if it is the one scripted, else the demo's.
    fn answer<T: 'static>(&self, call: Call, demo: impl FnOnce() -> ApiFuture<T>) -> ApiFuture<T> {
        match &self.script {
            Some((scripted, Misbehave::Hang)) if *scripted == call => Box::pin(std::future::pending()),
            // A one-off failure is spent by the first call; the other kind never is.
            Some((scripted, misbehave @ (Misbehave::Fail(error) | Misbehave::KeepFailing(error))))
                if *scripted == call && (matches!(misbehave, Misbehave::KeepFailing(_)) || !self.spent.swap(true, Ordering::Relaxed)) =>
            {
                let error = error.clone();
                Box::pin(async move { Err(error) })
            }
            _ => demo(),
        }
    }
}

impl ApiClient for ScriptedBackend {
    fn describe(&self) -> String {
        self.demo.describe()
    }
    fn regions(&self) -> ApiFuture<Vec<Province>> {
        self.answer(Call::Regions, || self.demo.regions())
    }
    fn products(&self, city: &str) -> ApiFuture<Vec<Product>> {
        self.answer(Call::Products, || self.demo.products(city))
    }
    fn payment_api(&self) -> ApiFuture<Arc<dyn PaymentApi>> {
        let scripted = self.clone();
        Box::pin(async move { Ok(Arc::new(scripted) as Arc<dyn PaymentApi>) })
    }

    fn record_api(&self) -> ApiFuture<Arc<dyn RecordApi>> {
        let (scripted, records) = (self.clone(), self.demo.record_api());
        Box::pin(async move { Ok(Arc::new(ScriptedRecords { scripted, records: records.await? }) as Arc<dyn RecordApi>) })
    }

    fn family_api(&self) -> ApiFuture<Arc<dyn FamilyApi>> {
        let (scripted, family) = (self.clone(), self.demo.family_api());
        Box::pin(async move { Ok(Arc::new(ScriptedFamily { scripted, family: family.await? }) as Arc<dyn FamilyApi>) })
    }
}

impl PaymentApi for ScriptedBackend {
    fn start_verification(&self, request: StartVerification) -> ApiFuture<VerificationSession> {
        self.answer(Call::StartVerification, || self.demo.start_verification(request))
    }
    fn send_sms_code(&self, session_id: &str) -> ApiFuture<SmsSent> {
        if matches!(self.script, Some((_, Misbehave::ShortLivedCode))) {
            let sent = self.demo.send_sms_code(session_id);
            return Box::pin(async move { sent.await.map(|s| SmsSent { expires_in_seconds: 45, ..s }) });
        }
        self.answer(Call::SendSmsCode, || self.demo.send_sms_code(session_id))
    }
    fn check_sms_code(&self, session_id: &str, code: &str) -> ApiFuture<Verified> {
        self.answer(Call::CheckSmsCode, || self.demo.check_sms_code(session_id, code))
    }
    fn check_ecard_password(&self, session_id: &str, password: &str) -> ApiFuture<Verified> {
        self.answer(Call::CheckEcardPassword, || self.demo.check_ecard_password(session_id, password))
    }
    fn start_face(&self, session_id: &str, return_url: &str) -> ApiFuture<FaceHandoff> {
        self.answer(Call::StartFace, || self.demo.start_face(session_id, return_url))
    }
    fn face_result(&self, session_id: &str) -> ApiFuture<Verified> {
        self.answer(Call::FaceResult, || self.demo.face_result(session_id))
    }
    fn refresh_token(&self, token: &str) -> ApiFuture<TokenRefreshed> {
        self.answer(Call::RefreshToken, || self.demo.refresh_token(token))
    }
    fn insured_profile(&self, token: &str, order: &OrderRef) -> ApiFuture<InsuredProfile> {
        self.answer(Call::InsuredProfile, || self.demo.insured_profile(token, order))
    }
    fn tier_options(&self, token: &str, order: &OrderRef) -> ApiFuture<TierOptions> {
        self.answer(Call::TierOptions, || self.demo.tier_options(token, order))
    }
    fn quote(&self, token: &str, request: QuoteRequest) -> ApiFuture<Quote> {
        self.answer(Call::Quote, || self.demo.quote(token, request))
    }
    fn payment_methods(&self, token: &str, quote_id: &str) -> ApiFuture<Vec<PaymentMethodOffer>> {
        self.answer(Call::PaymentMethods, || self.demo.payment_methods(token, quote_id))
    }
    fn create_payment(&self, token: &str, request: CreatePayment, idempotency_key: &str) -> ApiFuture<Payment> {
        self.answer(Call::CreatePayment, || self.demo.create_payment(token, request, idempotency_key))
    }
    fn payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        self.answer(Call::Payment, || self.demo.payment(token, payment_id))
    }
    fn cancel_payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        self.answer(Call::CancelPayment, || self.demo.cancel_payment(token, payment_id))
    }
    fn receipt(&self, token: &str, serial: &str) -> ApiFuture<Receipt> {
        self.answer(Call::Receipt, || self.demo.receipt(token, serial))
    }

    fn check_receipt(&self, serial: &str, code: &str) -> ApiFuture<ReceiptCheck> {
        self.answer(Call::CheckReceipt, || self.demo.check_receipt(serial, code))
    }
}

/// The demo's family calls, with the same script.
struct ScriptedFamily {
    scripted: ScriptedBackend,
    family: Arc<dyn FamilyApi>,
}

impl FamilyApi for ScriptedFamily {
    fn family(&self, token: &str) -> ApiFuture<Family> {
        self.scripted.answer(Call::Family, || self.family.family(token))
    }
    fn add_member(&self, token: &str, request: AddMember) -> ApiFuture<FamilyMember> {
        self.scripted.answer(Call::AddMember, || self.family.add_member(token, request))
    }
    fn request_consent(&self, token: &str, member_id: &str) -> ApiFuture<FamilyMember> {
        self.scripted.answer(Call::RequestConsent, || self.family.request_consent(token, member_id))
    }
    fn confirm_consent(&self, token: &str, member_id: &str, code: &str) -> ApiFuture<FamilyMember> {
        self.scripted.answer(Call::ConfirmConsent, || self.family.confirm_consent(token, member_id, code))
    }
    fn remove_member(&self, token: &str, member_id: &str) -> ApiFuture<Family> {
        self.scripted.answer(Call::RemoveMember, || self.family.remove_member(token, member_id))
    }
    fn family_status(&self, token: &str, order: &OrderRef) -> ApiFuture<FamilyStatus> {
        self.scripted.answer(Call::FamilyStatus, || self.family.family_status(token, order))
    }
    fn family_quote(&self, token: &str, request: FamilyQuoteRequest) -> ApiFuture<FamilyQuote> {
        self.scripted.answer(Call::FamilyQuote, || self.family.family_quote(token, request))
    }
    fn create_family_payment(&self, token: &str, request: CreateFamilyPayment, idempotency_key: &str) -> ApiFuture<FamilyPayment> {
        self.scripted.answer(Call::CreateFamilyPayment, || self.family.create_family_payment(token, request, idempotency_key))
    }
    fn family_payment(&self, token: &str, payment_id: &str) -> ApiFuture<FamilyPayment> {
        self.scripted.answer(Call::FamilyPayment, || self.family.family_payment(token, payment_id))
    }
}

/// The demo's record calls, with the same script.
struct ScriptedRecords {
    scripted: ScriptedBackend,
    records: Arc<dyn RecordApi>,
}

impl RecordApi for ScriptedRecords {
    fn record(&self, token: &str, of: &RecordOf) -> ApiFuture<RecordOverview> {
        self.scripted.answer(Call::Record, || self.records.record(token, of))
    }
    fn record_year(&self, token: &str, of: &RecordOf, year: u16) -> ApiFuture<RecordYear> {
        self.scripted.answer(Call::RecordYear, || self.records.record_year(token, of, year))
    }
    fn medical_spending(&self, token: &str, of: &RecordOf, page: u32) -> ApiFuture<SpendingPage> {
        self.scripted.answer(Call::MedicalSpending, || self.records.medical_spending(token, of, page))
    }
    fn record_proof(&self, token: &str, city: &str) -> ApiFuture<RecordProof> {
        self.scripted.answer(Call::RecordProof, || self.records.record_proof(token, city))
    }
    fn check_proof(&self, code: &str) -> ApiFuture<RecordProof> {
        self.scripted.answer(Call::CheckProof, || self.records.check_proof(code))
    }
}
