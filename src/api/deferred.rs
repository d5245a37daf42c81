//! A backend in two downloads: the first screen's calls (regions and products) are answered by
//! code that is already there, and every other call by the whole client, whose code is fetched
//! with the first of them (or ahead, once the first screen works). The HTTP client and the demo
//! are both built this way, so the payer's first screen never waits for the code of the screens
//! after it.

use super::*;

/// What a client answers before the rest of its code has arrived.
pub trait FirstScreenCalls: Send + Sync {
    fn describe(&self) -> String;
    fn regions(&self) -> ApiFuture<Vec<Province>>;
    fn products(&self, city: &str) -> ApiFuture<Vec<Product>>;
    /// The whole client, fetching its code the first time. A download that fails is a
    /// connection problem like any other (`ApiError::Network`: the screen offers a retry).
    fn whole(&self) -> ApiFuture<Arc<dyn ApiClient>>;
}

pub struct Deferred(Box<dyn FirstScreenCalls>);

impl Deferred {
    pub fn new(first: impl FirstScreenCalls + 'static) -> Self {
        Deferred(Box::new(first))
    }

    /// Makes a call of the whole client, fetching its code first if needed.
    fn later<T: 'static>(&self, call: impl FnOnce(&(dyn ApiClient + 'static)) -> ApiFuture<T> + 'static) -> ApiFuture<T> {
        after(self.0.whole(), call)
    }
}

impl ApiClient for Deferred {
    fn describe(&self) -> String {
        self.0.describe()
    }

    fn prepare_later_calls(&self) {
        let whole = self.0.whole();
        leptos::task::spawn_local(async move {
            let _ = whole.await;
        });
    }

    fn regions(&self) -> ApiFuture<Vec<Province>> {
        self.0.regions()
    }

    fn products(&self, city: &str) -> ApiFuture<Vec<Product>> {
        self.0.products(city)
    }

    fn start_verification(&self, request: StartVerification) -> ApiFuture<VerificationSession> {
        self.later(move |all| all.start_verification(request))
    }

    fn send_sms_code(&self, session_id: &str) -> ApiFuture<SmsSent> {
        let session_id = session_id.to_string();
        self.later(move |all| all.send_sms_code(&session_id))
    }

    fn check_sms_code(&self, session_id: &str, code: &str) -> ApiFuture<Verified> {
        let (session_id, code) = (session_id.to_string(), code.to_string());
        self.later(move |all| all.check_sms_code(&session_id, &code))
    }

    fn check_ecard_password(&self, session_id: &str, password: &str) -> ApiFuture<Verified> {
        let (session_id, password) = (session_id.to_string(), password.to_string());
        self.later(move |all| all.check_ecard_password(&session_id, &password))
    }

    fn start_face(&self, session_id: &str, return_url: &str) -> ApiFuture<FaceHandoff> {
        let (session_id, return_url) = (session_id.to_string(), return_url.to_string());
        self.later(move |all| all.start_face(&session_id, &return_url))
    }

    fn face_result(&self, session_id: &str) -> ApiFuture<Verified> {
        let session_id = session_id.to_string();
        self.later(move |all| all.face_result(&session_id))
    }

    fn insured_profile(&self, token: &str, order: &OrderRef) -> ApiFuture<InsuredProfile> {
        let (token, order) = (token.to_string(), order.clone());
        self.later(move |all| all.insured_profile(&token, &order))
    }

    fn tier_options(&self, token: &str, order: &OrderRef) -> ApiFuture<TierOptions> {
        let (token, order) = (token.to_string(), order.clone());
        self.later(move |all| all.tier_options(&token, &order))
    }

    fn quote(&self, token: &str, request: QuoteRequest) -> ApiFuture<Quote> {
        let token = token.to_string();
        self.later(move |all| all.quote(&token, request))
    }

    fn payment_methods(&self, token: &str, quote_id: &str) -> ApiFuture<Vec<PaymentMethodOffer>> {
        let (token, quote_id) = (token.to_string(), quote_id.to_string());
        self.later(move |all| all.payment_methods(&token, &quote_id))
    }

    fn create_payment(&self, token: &str, request: CreatePayment, idempotency_key: &str) -> ApiFuture<Payment> {
        let (token, key) = (token.to_string(), idempotency_key.to_string());
        self.later(move |all| all.create_payment(&token, request, &key))
    }

    fn payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        let (token, payment_id) = (token.to_string(), payment_id.to_string());
        self.later(move |all| all.payment(&token, &payment_id))
    }

    fn cancel_payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        let (token, payment_id) = (token.to_string(), payment_id.to_string());
        self.later(move |all| all.cancel_payment(&token, &payment_id))
    }

    fn receipt(&self, serial: &str) -> ApiFuture<Receipt> {
        let serial = serial.to_string();
        self.later(move |all| all.receipt(&serial))
    }

    fn record_api(&self) -> ApiFuture<Arc<dyn RecordApi>> {
        self.later(|all| all.record_api())
    }

    fn family_api(&self) -> ApiFuture<Arc<dyn FamilyApi>> {
        self.later(|all| all.family_api())
    }
}
