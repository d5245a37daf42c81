//! The HTTP implementation of [`ApiClient`], for any backend that implements the contract in
//! public/openapi.yaml: gloo-net's fetch wrapper, and the browser's own JSON parser via
//! serde-wasm-bindgen (no serde_json in the download).

use super::deferred::FirstScreenCalls;
use super::operations::{Op, Retry};
use super::problem::Problem;
use super::*;
use crate::platform::{sleep_ms, to_json};
use leptos::prelude::{on_cleanup, set_timeout_with_handle, Owner};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A request that has not answered in this long is abandoned (and retried if it may be).
const TIMEOUT: Duration = Duration::from_secs(15);
/// Tries in all for a request that may be retried.
const ATTEMPTS: u32 = 3;
/// Longest automatic wait between tries; a longer Retry-After is left to the person.
const MAX_WAIT_MS: u32 = 8_000;

#[derive(Clone, Debug)]
pub struct HttpBackend {
    base: String,
    timeout: Duration,
    read_problem: ReadProblem,
}

/// Reads a failed answer's problem details. The first screen's calls read only what they can
/// meet there (the type, the title, the wait, the field); the whole client reads every
/// field, so the decoders of the later screens' problems are not in the first download.
type ReadProblem = fn(JsValue) -> Option<Problem>;

fn read_problem_head(body: JsValue) -> Option<Problem> {
    // Read field by field: a decoder derived for four fields costs the first download more.
    let value = |key: &str| js_sys::Reflect::get(&body, &JsValue::from_str(key)).ok();
    let text = |key: &str| value(key).and_then(|v| v.as_string());
    Some(Problem {
        problem_type: text("type")?,
        title: text("title").unwrap_or_default(),
        retry_after_seconds: value("retry_after_seconds").and_then(|v| serde_wasm_bindgen::from_value(v).ok()),
        field: text("field"),
        ..Problem::default()
    })
}

fn read_whole_problem(body: JsValue) -> Option<Problem> {
    serde_wasm_bindgen::from_value(body).ok()
}

struct Request {
    method: &'static str,
    path: String,
    token: Option<String>,
    body: Option<String>,
    idempotency_key: Option<String>,
    retry: Retry,
}

impl Request {
    /// A request for `op`, its path parameters filled in with `segments` (already encoded).
    #[inline(always)]
    fn to(op: Op, segments: &[&str]) -> Self {
        let spec = op.spec();
        Request { method: spec.method, path: spec.path_with(segments), token: None, body: None, idempotency_key: None, retry: spec.retry }
    }
    fn query(mut self, query: &str) -> Self {
        self.path.push('?');
        self.path.push_str(query);
        self
    }
    fn body(mut self, body: Option<String>) -> Self {
        self.body = body;
        self
    }
    fn bearer(mut self, token: &str) -> Self {
        self.token = Some(token.to_string());
        self
    }
    fn idempotent(mut self, key: &str) -> Self {
        self.idempotency_key = Some(key.to_string());
        self
    }
}

/// A failed try: what it means for the app, and how long the backend asked us to wait.
struct Failure {
    error: ApiError,
    retry_after_seconds: Option<u32>,
}

fn segment(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

fn order_query(order: &OrderRef) -> String {
    format!("city={}&product={}&year={}", segment(&order.city), order.product.as_str(), order.year)
}

impl HttpBackend {
    pub fn new(base: impl Into<String>) -> Self {
        HttpBackend { base: base.into().trim_end_matches('/').to_string(), timeout: TIMEOUT, read_problem: read_problem_head }
    }

    /// How long one request may take before it is given up (15 s unless configured).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends `call`, retrying where allowed, and decodes the answer. The request is aborted when
    /// the reactive owner that made it (the screen, or an effect's previous run) is cleaned up.
    fn call<T: DeserializeOwned + CheckAmounts + 'static>(&self, call: Request) -> ApiFuture<T> {
        let what = format!("{} {}", call.method, call.path);
        let answer = self.fetch_json(call);
        Box::pin(async move {
            let bad = |why: String| ApiError::BadResponse(format!("{what}: {why}"));
            let answer: T = serde_wasm_bindgen::from_value(answer.await?).map_err(|e| bad(e.to_string()))?;
            answer.check_amounts().map_err(|e| bad(e.to_string()))?;
            Ok(answer)
        })
    }

    /// The transport half of `call`, the same for every answer type (so it is in the download
    /// once, not once per call): the answer's JSON, or why there is none.
    fn fetch_json(&self, call: Request) -> ApiFuture<JsValue> {
        let url = format!("{}{}", self.base, call.path);
        let (timeout, read_problem) = (self.timeout, self.read_problem);
        let current: Rc<RefCell<Option<web_sys::AbortController>>> = Rc::default();
        let gone = Rc::new(Cell::new(false));
        if Owner::current().is_some() {
            let (current, gone) = (SendWrapper::new(current.clone()), SendWrapper::new(gone.clone()));
            on_cleanup(move || {
                gone.set(true);
                if let Some(controller) = current.borrow().as_ref() {
                    controller.abort();
                }
            });
        }
        Box::pin(async move {
            let mut attempt = 1;
            loop {
                if gone.get() {
                    return Err(ApiError::Network);
                }
                let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network)?;
                *current.borrow_mut() = Some(controller.clone());
                match send_once(&url, &call, &controller, timeout, read_problem).await {
                    Ok(value) => return Ok(value),
                    Err(failure) => {
                        // Tried again: no answer, maintenance, rate limits, and gateways' 502/504.
                        let transient = matches!(
                            failure.error,
                            ApiError::Network | ApiError::Maintenance { .. } | ApiError::TooManyRequests { .. } | ApiError::ServerError { status: 502 | 504 }
                        );
                        let wait = failure.retry_after_seconds.map_or(400 << attempt, |s| s.saturating_mul(1000));
                        if call.retry == Retry::Never || !transient || attempt >= ATTEMPTS || wait > MAX_WAIT_MS || gone.get() {
                            return Err(failure.error);
                        }
                        sleep_ms(wait).await;
                        attempt += 1;
                    }
                }
            }
        })
    }
}

fn no_answer() -> Failure {
    Failure { error: ApiError::Network, retry_after_seconds: None }
}

async fn send_once(url: &str, call: &Request, controller: &web_sys::AbortController, timeout: Duration, read_problem: ReadProblem) -> Result<JsValue, Failure> {
    use gloo_net::http::{Method, RequestBuilder};
    let mut request = RequestBuilder::new(url)
        .method(match call.method {
            "POST" => Method::POST,
            "DELETE" => Method::DELETE,
            _ => Method::GET,
        })
        .mode(web_sys::RequestMode::Cors)
        .header("Accept", "application/json, application/problem+json")
        .abort_signal(Some(&controller.signal()));
    if let Some(token) = &call.token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    if let Some(key) = &call.idempotency_key {
        request = request.header("Idempotency-Key", key);
    }
    let timer = {
        let controller = SendWrapper::new(controller.clone());
        set_timeout_with_handle(move || controller.abort(), timeout).ok()
    };
    // The first screen's regions may already be on their way (index.html's boot script).
    let prefetched = match call.method {
        "GET" => crate::boot::take_prefetched(url),
        _ => None,
    };
    let fetched: Result<web_sys::Response, Failure> = match prefetched {
        Some(started) => match JsFuture::from(until_aborted(started, &controller.signal())).await.ok().and_then(|r| r.dyn_into::<web_sys::Response>().ok()) {
            Some(response) if response.ok() => Ok(response),
            // Anything but a good answer is asked again, with the usual handling.
            _ => send(request, call).await,
        },
        None => send(request, call).await,
    };
    if let Some(timer) = timer {
        timer.clear();
    }
    let response = fetched?;
    let retry_after_seconds = response.headers().get("Retry-After").ok().flatten().and_then(|v| v.trim().parse().ok());
    let body = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    if response.ok() {
        return body.ok_or_else(|| Failure { error: ApiError::BadResponse(format!("{} {}: not JSON", call.method, call.path)), retry_after_seconds: None });
    }
    let status = response.status();
    let mut problem = body
        .and_then(read_problem)
        .unwrap_or_else(|| Problem { problem_type: "about:blank".into(), title: response.status_text(), status, ..Problem::default() });
    problem.status = status;
    problem.retry_after_seconds = problem.retry_after_seconds.or(retry_after_seconds);
    let retry_after_seconds = problem.retry_after_seconds;
    // Gateways answer 502/504 without problem details: those are worth another try.
    let error = match problem.into_error() {
        ApiError::BadResponse(_) if status == 503 => ApiError::Maintenance { retry_after_seconds },
        ApiError::BadResponse(_) if status >= 500 => ApiError::ServerError { status },
        error => error,
    };
    Err(Failure { error, retry_after_seconds })
}

/// `started`, or a rejection as soon as `signal` aborts (the timeout, or the screen going away):
/// the boot script's request was made without the app's signal.
fn until_aborted(started: js_sys::Promise, signal: &web_sys::AbortSignal) -> js_sys::Promise {
    let signal = signal.clone();
    let aborted = js_sys::Promise::new(&mut |_resolve, reject| {
        let reject = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        signal.set_onabort(Some(reject.unchecked_ref()));
    });
    js_sys::Promise::race(&js_sys::Array::of2(&started, &aborted))
}

async fn send(request: gloo_net::http::RequestBuilder, call: &Request) -> Result<web_sys::Response, Failure> {
    let request = match &call.body {
        Some(body) => request.header("Content-Type", "application/json").body(body.as_str()),
        None => request.build(),
    };
    let response = request.map_err(|_| no_answer())?.send().await.map_err(|_| no_answer())?;
    Ok(response.into())
}

/// Every call of the contract. Only the first screen's calls are in the main download; the
/// rest (with their answers' decoders, most of the client's size) arrive with the first of
/// them (see `Deferred`).
struct AllCalls(HttpBackend);

on_demand! {
    chunk http_calls;
    fn all_calls() -> fn(HttpBackend) -> Arc<dyn ApiClient> {
        |http| Arc::new(AllCalls(HttpBackend { read_problem: read_whole_problem, ..http }))
    }
}

impl FirstScreenCalls for HttpBackend {
    fn describe(&self) -> String {
        self.base.clone()
    }

    fn regions(&self) -> ApiFuture<Vec<Province>> {
        self.call(Request::to(Op::ListRegions, &[]))
    }

    fn products(&self, city: &str) -> ApiFuture<Vec<Product>> {
        self.call(Request::to(Op::ListProducts, &[&segment(city)]))
    }

    fn whole(&self) -> ApiFuture<Arc<dyn ApiClient>> {
        let http = self.clone();
        Box::pin(async move { Ok(all_calls().await.map_err(|_| ApiError::Network)?(http)) })
    }
}

impl ApiClient for AllCalls {
    fn describe(&self) -> String {
        self.0.base.clone()
    }

    fn regions(&self) -> ApiFuture<Vec<Province>> {
        FirstScreenCalls::regions(&self.0)
    }

    fn products(&self, city: &str) -> ApiFuture<Vec<Product>> {
        FirstScreenCalls::products(&self.0, city)
    }

    fn payment_api(&self) -> ApiFuture<Arc<dyn PaymentApi>> {
        let all = AllCalls(self.0.clone());
        Box::pin(async move { Ok(Arc::new(all) as Arc<dyn PaymentApi>) })
    }

    fn record_api(&self) -> ApiFuture<Arc<dyn RecordApi>> {
        let http = self.0.clone();
        Box::pin(async move { Ok(record_calls().await.map_err(|_| ApiError::Network)?(http)) })
    }

    fn family_api(&self) -> ApiFuture<Arc<dyn FamilyApi>> {
        let http = self.0.clone();
        Box::pin(async move { Ok(family_calls().await.map_err(|_| ApiError::Network)?(http)) })
    }
}

impl PaymentApi for AllCalls {
    fn start_verification(&self, request: StartVerification) -> ApiFuture<VerificationSession> {
        self.0.call(Request::to(Op::StartVerification, &[]).body(to_json(&request)))
    }

    fn send_sms_code(&self, session_id: &str) -> ApiFuture<SmsSent> {
        self.0.call(Request::to(Op::SendSmsCode, &[&segment(session_id)]))
    }

    fn check_sms_code(&self, session_id: &str, code: &str) -> ApiFuture<Verified> {
        let body = to_json(&CodeCheck { code: code.into() });
        self.0.call(Request::to(Op::CheckSmsCode, &[&segment(session_id)]).body(body))
    }

    fn check_ecard_password(&self, session_id: &str, password: &str) -> ApiFuture<Verified> {
        let body = to_json(&PasswordCheck { password: password.into() });
        self.0.call(Request::to(Op::CheckEcardPassword, &[&segment(session_id)]).body(body))
    }

    fn start_face(&self, session_id: &str, return_url: &str) -> ApiFuture<FaceHandoff> {
        let body = to_json(&FaceStart { return_url: return_url.into() });
        self.0.call(Request::to(Op::StartFace, &[&segment(session_id)]).body(body))
    }

    fn face_result(&self, session_id: &str) -> ApiFuture<Verified> {
        self.0.call(Request::to(Op::FaceResult, &[&segment(session_id)]))
    }

    fn refresh_token(&self, token: &str) -> ApiFuture<TokenRefreshed> {
        self.0.call(Request::to(Op::RefreshToken, &[]).bearer(token))
    }

    fn insured_profile(&self, token: &str, order: &OrderRef) -> ApiFuture<InsuredProfile> {
        self.0.call(Request::to(Op::InsuredProfile, &[]).query(&order_query(order)).bearer(token))
    }

    fn tier_options(&self, token: &str, order: &OrderRef) -> ApiFuture<TierOptions> {
        self.0.call(Request::to(Op::TierOptions, &[]).query(&order_query(order)).bearer(token))
    }

    fn quote(&self, token: &str, request: QuoteRequest) -> ApiFuture<Quote> {
        self.0.call(Request::to(Op::CreateQuote, &[]).body(to_json(&request)).bearer(token))
    }

    fn payment_methods(&self, token: &str, quote_id: &str) -> ApiFuture<Vec<PaymentMethodOffer>> {
        self.0.call(Request::to(Op::PaymentMethods, &[&segment(quote_id)]).bearer(token))
    }

    fn create_payment(&self, token: &str, request: CreatePayment, idempotency_key: &str) -> ApiFuture<Payment> {
        self.0.call(Request::to(Op::CreatePayment, &[]).body(to_json(&request)).bearer(token).idempotent(idempotency_key))
    }

    fn payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        self.0.call(Request::to(Op::GetPayment, &[&segment(payment_id)]).bearer(token))
    }

    fn cancel_payment(&self, token: &str, payment_id: &str) -> ApiFuture<Payment> {
        self.0.call(Request::to(Op::CancelPayment, &[&segment(payment_id)]).bearer(token))
    }

    fn receipt(&self, token: &str, serial: &str) -> ApiFuture<Receipt> {
        self.0.call(Request::to(Op::GetReceipt, &[&segment(serial)]).bearer(token))
    }

    fn check_receipt(&self, serial: &str, code: &str) -> ApiFuture<ReceiptCheck> {
        // POSTed, so the code stays out of the backend's and proxies' URL logs.
        self.0.call(Request::to(Op::CheckReceipt, &[]).body(to_json(&ReceiptCheckRequest { serial: serial.into(), code: code.into() })))
    }
}

/// `city=…`, and `&member=…` for a family member's record.
fn record_query(of: &RecordOf) -> String {
    match &of.member {
        Some(member) => format!("city={}&member={}", segment(&of.city), segment(member)),
        None => format!("city={}", segment(&of.city)),
    }
}

/// The record's calls, in a download of their own that comes with the record's screens.
struct RecordCalls(HttpBackend);

on_demand! {
    chunk http_record;
    fn record_calls() -> fn(HttpBackend) -> Arc<dyn RecordApi> {
        |http| Arc::new(RecordCalls(http))
    }
}

impl RecordApi for RecordCalls {
    fn record(&self, token: &str, of: &RecordOf) -> ApiFuture<RecordOverview> {
        self.0.call(Request::to(Op::GetRecord, &[]).query(&record_query(of)).bearer(token))
    }

    fn record_year(&self, token: &str, of: &RecordOf, year: u16) -> ApiFuture<RecordYear> {
        self.0.call(Request::to(Op::GetRecordYear, &[&year.to_string()]).query(&record_query(of)).bearer(token))
    }

    fn medical_spending(&self, token: &str, of: &RecordOf, page: u32) -> ApiFuture<SpendingPage> {
        self.0.call(Request::to(Op::GetMedicalSpending, &[]).query(&format!("{}&page={page}", record_query(of))).bearer(token))
    }

    fn record_proof(&self, token: &str, city: &str) -> ApiFuture<RecordProof> {
        self.0.call(Request::to(Op::CreateRecordProof, &[]).body(to_json(&ProofRequest { city: city.into() })).bearer(token))
    }

    fn check_proof(&self, code: &str) -> ApiFuture<RecordProof> {
        self.0.call(Request::to(Op::CheckRecordProof, &[&segment(code)]))
    }
}

/// The family's calls, in a download of their own that comes with the family's screens.
struct FamilyCalls(HttpBackend);

on_demand! {
    chunk http_family;
    fn family_calls() -> fn(HttpBackend) -> Arc<dyn FamilyApi> {
        |http| Arc::new(FamilyCalls(http))
    }
}

impl FamilyApi for FamilyCalls {
    fn family(&self, token: &str) -> ApiFuture<Family> {
        self.0.call(Request::to(Op::GetFamily, &[]).bearer(token))
    }

    fn add_member(&self, token: &str, request: AddMember) -> ApiFuture<FamilyMember> {
        self.0.call(Request::to(Op::AddFamilyMember, &[]).body(to_json(&request)).bearer(token))
    }

    fn request_consent(&self, token: &str, member_id: &str) -> ApiFuture<FamilyMember> {
        self.0.call(Request::to(Op::RequestFamilyConsent, &[&segment(member_id)]).bearer(token))
    }

    fn confirm_consent(&self, token: &str, member_id: &str, code: &str) -> ApiFuture<FamilyMember> {
        self.0.call(Request::to(Op::ConfirmFamilyConsent, &[&segment(member_id)]).body(to_json(&ConsentCode { code: code.into() })).bearer(token))
    }

    fn remove_member(&self, token: &str, member_id: &str) -> ApiFuture<Family> {
        self.0.call(Request::to(Op::RemoveFamilyMember, &[&segment(member_id)]).bearer(token))
    }

    fn family_status(&self, token: &str, order: &OrderRef) -> ApiFuture<FamilyStatus> {
        self.0.call(Request::to(Op::GetFamilyStatus, &[]).query(&order_query(order)).bearer(token))
    }

    fn family_quote(&self, token: &str, request: FamilyQuoteRequest) -> ApiFuture<FamilyQuote> {
        self.0.call(Request::to(Op::CreateFamilyQuote, &[]).body(to_json(&request)).bearer(token))
    }

    fn create_family_payment(&self, token: &str, request: CreateFamilyPayment, idempotency_key: &str) -> ApiFuture<FamilyPayment> {
        self.0.call(Request::to(Op::CreateFamilyPayment, &[]).body(to_json(&request)).bearer(token).idempotent(idempotency_key))
    }

    fn family_payment(&self, token: &str, payment_id: &str) -> ApiFuture<FamilyPayment> {
        self.0.call(Request::to(Op::GetFamilyPayment, &[&segment(payment_id)]).bearer(token))
    }
}
