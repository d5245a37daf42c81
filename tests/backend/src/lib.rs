//! Reference backend for the REST contract in public/openapi.yaml, for the end-to-end suite and
//! local development (`make backend`). It serves the contract over HTTP with the same rules as
//! the app's embedded demo backend (sessions, attempts, idempotency, limits, settlement over
//! time, the documented demo people), so the suite can check every request the app sends and
//! every answer it accepts against the contract through Prism's validating proxy.
//!
//! Its records live in SQLite ([`store`]); the switches that make things go wrong are in
//! [`switches`], and the `/__test/` routes (not in the contract) read the database and stand in
//! for what a family member does from their own phone. `main.rs` reads the environment; README lists it.

mod cashier;
pub mod store;
pub mod switches;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use futures::executor::block_on;
use insurance_pay::api::demo::{DemoBackend, DemoTiming};
use insurance_pay::api::problem::Problem;
use insurance_pay::api::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::SqliteStore;
use switches::Switches;
use tower_http::cors::{Any, CorsLayer};

#[derive(Clone)]
struct AppState {
    api: Arc<DemoBackend>,
    store: Arc<SqliteStore>,
    switches: Arc<Mutex<Switches>>,
    receipt_checks: Arc<Mutex<CheckLimit>>,
}

impl AppState {
    fn switches(&self) -> Switches {
        self.switches.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// An answer: JSON with a status, or the problem for an error.
struct Reply<T>(StatusCode, Result<T, ApiError>);

impl<T: Serialize> IntoResponse for Reply<T> {
    fn into_response(self) -> Response {
        match self.1 {
            Ok(value) => (self.0, Json(value)).into_response(),
            Err(error) => problem(&error),
        }
    }
}

fn problem(error: &ApiError) -> Response {
    let problem = Problem::from_error(error).unwrap_or(Problem {
        problem_type: "about:blank".into(),
        title: "Internal error".into(),
        status: 500,
        ..Problem::default()
    });
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, serde_json::to_string(&problem).unwrap_or_default()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    if let Some(seconds) = problem.retry_after_seconds {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

fn ok<T>(result: Result<T, ApiError>) -> Reply<T> {
    Reply(StatusCode::OK, result)
}

fn created<T>(result: Result<T, ApiError>) -> Reply<T> {
    Reply(StatusCode::CREATED, result)
}

fn bearer(headers: &HeaderMap) -> Result<String, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
        .ok_or(ApiError::SessionExpired)
}

/// A request's JSON body as `T`. A null anywhere is refused: no field of the contract is
/// nullable, and an optional field is left out, never sent as null.
fn body<T: DeserializeOwned>(json: Result<Json<Value>, JsonRejection>) -> Result<T, ApiError> {
    let invalid = || ApiError::InvalidRequest { field: None };
    let Json(value) = json.map_err(|_| invalid())?;
    if holds_null(&value) {
        return Err(invalid());
    }
    serde_json::from_value(value).map_err(|_| invalid())
}

fn holds_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(holds_null),
        Value::Object(fields) => fields.values().any(holds_null),
        _ => false,
    }
}

fn order(query: Result<Query<OrderRef>, QueryRejection>) -> Result<OrderRef, ApiError> {
    query.map(|Query(v)| v).map_err(|_| ApiError::InvalidRequest { field: None })
}

async fn regions(State(s): State<AppState>) -> Reply<Vec<Province>> {
    ok(block_on(s.api.regions()))
}

async fn products(State(s): State<AppState>, Path(city): Path<String>) -> Reply<Vec<Product>> {
    ok(block_on(s.api.products(&city)))
}

async fn start_verification(State(s): State<AppState>, json: Result<Json<Value>, JsonRejection>) -> Reply<VerificationSession> {
    created(body(json).and_then(|request| block_on(s.api.start_verification(request))))
}

async fn send_sms(State(s): State<AppState>, Path(id): Path<String>) -> Reply<SmsSent> {
    ok(block_on(s.api.send_sms_code(&id)))
}

async fn check_sms(State(s): State<AppState>, Path(id): Path<String>, json: Result<Json<Value>, JsonRejection>) -> Reply<Verified> {
    ok(body(json).and_then(|c: CodeCheck| block_on(s.api.check_sms_code(&id, &c.code))))
}

async fn check_ecard(State(s): State<AppState>, Path(id): Path<String>, json: Result<Json<Value>, JsonRejection>) -> Reply<Verified> {
    ok(body(json).and_then(|c: PasswordCheck| block_on(s.api.check_ecard_password(&id, &c.password))))
}

async fn start_face(State(s): State<AppState>, Path(id): Path<String>, json: Result<Json<Value>, JsonRejection>) -> Reply<FaceHandoff> {
    ok(body(json).and_then(|f: FaceStart| block_on(s.api.start_face(&id, &f.return_url))))
}

async fn face_result(State(s): State<AppState>, Path(id): Path<String>) -> Reply<Verified> {
    ok(block_on(s.api.face_result(&id)))
}

async fn refresh_token(State(s): State<AppState>, headers: HeaderMap) -> Reply<TokenRefreshed> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.refresh_token(&t))))
}

async fn insured(State(s): State<AppState>, headers: HeaderMap, query: Result<Query<OrderRef>, QueryRejection>) -> Reply<InsuredProfile> {
    ok(bearer(&headers).and_then(|token| Ok((token, order(query)?))).and_then(|(t, o)| block_on(s.api.insured_profile(&t, &o))))
}

async fn tiers(State(s): State<AppState>, headers: HeaderMap, query: Result<Query<OrderRef>, QueryRejection>) -> Reply<TierOptions> {
    ok(bearer(&headers).and_then(|token| Ok((token, order(query)?))).and_then(|(t, o)| block_on(s.api.tier_options(&t, &o))))
}

async fn quote(State(s): State<AppState>, headers: HeaderMap, json: Result<Json<Value>, JsonRejection>) -> Reply<Quote> {
    ok(bearer(&headers).and_then(|t| Ok((t, body(json)?))).and_then(|(t, r)| block_on(s.api.quote(&t, r))))
}

async fn payment_methods(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Reply<Vec<PaymentMethodOffer>> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.payment_methods(&t, &id))))
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string);
    key.ok_or(ApiError::InvalidRequest { field: Some("Idempotency-Key".into()) })
}

async fn create_payment(State(s): State<AppState>, headers: HeaderMap, json: Result<Json<Value>, JsonRejection>) -> Reply<Payment> {
    created(bearer(&headers).and_then(|t| block_on(s.api.create_payment(&t, body(json)?, &idempotency_key(&headers)?))))
}

async fn payment(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Reply<Payment> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.payment(&t, &id))))
}

async fn cancel_payment(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Reply<Payment> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.cancel_payment(&t, &id))))
}

async fn receipt(State(s): State<AppState>, headers: HeaderMap, Path(serial): Path<String>) -> Reply<Receipt> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.receipt(&t, &serial))))
}

/// The public receipt check, limited per client address: walking serials or guessing codes
/// meets a 429 long before it finds anything.
async fn check_receipt(State(s): State<AppState>, request: Request) -> Response {
    let client = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_default();
    if let Err(wait) = s.receipt_checks.lock().unwrap_or_else(|p| p.into_inner()).admit(&client, Instant::now()) {
        return problem(&ApiError::TooManyRequests { retry_after_seconds: Some(wait) });
    }
    let json = Json::<Value>::from_request(request, &()).await;
    ok(body(json).and_then(|c: ReceiptCheckRequest| block_on(s.api.check_receipt(&c.serial, &c.code)))).into_response()
}

/// At most `per_minute` receipt checks from one client address in any 60 seconds.
pub struct CheckLimit {
    per_minute: usize,
    recent: HashMap<String, VecDeque<Instant>>,
}

impl CheckLimit {
    pub fn new(per_minute: usize) -> Self {
        CheckLimit { per_minute, recent: HashMap::new() }
    }

    /// Counts a check from `client` at `now`, or the whole seconds until one is allowed.
    pub fn admit(&mut self, client: &str, now: Instant) -> Result<(), u32> {
        const WINDOW: Duration = Duration::from_secs(60);
        self.recent.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        let times = self.recent.entry(client.to_string()).or_default();
        while times.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() >= self.per_minute {
            let oldest = *times.front().expect("over the limit, so not empty");
            return Err((WINDOW - now.duration_since(oldest)).as_secs_f64().ceil().max(1.0) as u32);
        }
        times.push_back(now);
        Ok(())
    }
}

#[derive(Deserialize)]
struct CityQuery {
    city: String,
    /// A family member's record (the payer's token, the member's consent).
    #[serde(default)]
    member: Option<String>,
    #[serde(default = "first_page")]
    page: u32,
}

fn first_page() -> u32 {
    1
}

fn city(query: Result<Query<CityQuery>, QueryRejection>) -> Result<CityQuery, ApiError> {
    query.map(|Query(v)| v).map_err(|_| ApiError::InvalidRequest { field: Some("city".into()) })
}

impl CityQuery {
    fn of(&self) -> RecordOf {
        RecordOf { city: self.city.clone(), member: self.member.clone() }
    }
}

async fn record(State(s): State<AppState>, headers: HeaderMap, query: Result<Query<CityQuery>, QueryRejection>) -> Reply<RecordOverview> {
    ok(bearer(&headers).and_then(|t| Ok((t, city(query)?))).and_then(|(t, q)| block_on(s.api.record(&t, &q.of()))))
}

async fn record_year(State(s): State<AppState>, headers: HeaderMap, year: Result<Path<u16>, PathRejection>, query: Result<Query<CityQuery>, QueryRejection>) -> Reply<RecordYear> {
    let year = year.map(|Path(y)| y).map_err(|_| ApiError::InvalidRequest { field: Some("year".into()) });
    ok(bearer(&headers).and_then(|t| Ok((t, year?, city(query)?))).and_then(|(t, y, q)| block_on(s.api.record_year(&t, &q.of(), y))))
}

async fn medical_spending(State(s): State<AppState>, headers: HeaderMap, query: Result<Query<CityQuery>, QueryRejection>) -> Reply<SpendingPage> {
    ok(bearer(&headers).and_then(|t| Ok((t, city(query)?))).and_then(|(t, q)| block_on(s.api.medical_spending(&t, &q.of(), q.page))))
}

async fn record_proof(State(s): State<AppState>, headers: HeaderMap, json: Result<Json<Value>, JsonRejection>) -> Reply<RecordProof> {
    created(bearer(&headers).and_then(|t| Ok((t, body::<ProofRequest>(json)?))).and_then(|(t, r)| block_on(s.api.record_proof(&t, &r.city))))
}

async fn check_proof(State(s): State<AppState>, Path(code): Path<String>) -> Reply<RecordProof> {
    ok(block_on(s.api.check_proof(&code)))
}

async fn family(State(s): State<AppState>, headers: HeaderMap) -> Reply<Family> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.family(&t))))
}

async fn add_member(State(s): State<AppState>, headers: HeaderMap, json: Result<Json<Value>, JsonRejection>) -> Reply<FamilyMember> {
    created(bearer(&headers).and_then(|t| Ok((t, body(json)?))).and_then(|(t, r)| block_on(s.api.add_member(&t, r))))
}

async fn request_consent(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Reply<FamilyMember> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.request_consent(&t, &id))))
}

async fn confirm_consent(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>, json: Result<Json<Value>, JsonRejection>) -> Reply<FamilyMember> {
    ok(bearer(&headers).and_then(|t| Ok((t, body::<ConsentCode>(json)?))).and_then(|(t, c)| block_on(s.api.confirm_consent(&t, &id, &c.code))))
}

async fn remove_member(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Reply<Family> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.remove_member(&t, &id))))
}

async fn family_status(State(s): State<AppState>, headers: HeaderMap, query: Result<Query<OrderRef>, QueryRejection>) -> Reply<FamilyStatus> {
    ok(bearer(&headers).and_then(|token| Ok((token, order(query)?))).and_then(|(t, o)| block_on(s.api.family_status(&t, &o))))
}

async fn family_quote(State(s): State<AppState>, headers: HeaderMap, json: Result<Json<Value>, JsonRejection>) -> Reply<FamilyQuote> {
    ok(bearer(&headers).and_then(|t| Ok((t, body(json)?))).and_then(|(t, r)| block_on(s.api.family_quote(&t, r))))
}

async fn create_family_payment(State(s): State<AppState>, headers: HeaderMap, json: Result<Json<Value>, JsonRejection>) -> Reply<FamilyPayment> {
    created(bearer(&headers).and_then(|t| block_on(s.api.create_family_payment(&t, body(json)?, &idempotency_key(&headers)?))))
}

async fn family_payment(State(s): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Reply<FamilyPayment> {
    ok(bearer(&headers).and_then(|t| block_on(s.api.family_payment(&t, &id))))
}

#[derive(Deserialize)]
struct OrderQuery {
    city: String,
    product: ProductCode,
    year: u16,
}

/// The payments the database holds for one order: how tests prove nothing was paid twice.
async fn recorded_payments(State(s): State<AppState>, Query(order): Query<OrderQuery>) -> Response {
    match s.store.payments_for(&order.city, order.product.as_str(), order.year) {
        Ok(rows) => Json(rows).into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

/// A family member takes their consent back, as they would from their own phone (there is no
/// such call in the contract: the member is not the payer). 204, or 404 when no member with a
/// consent in force has this id.
async fn withdraw_consent(State(s): State<AppState>, Path(id): Path<String>) -> Response {
    match block_on(s.api.withdraw_consent(&id)) {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => problem(&ApiError::NotFound),
        Err(error) => problem(&error),
    }
}

async fn read_switches(State(s): State<AppState>) -> Json<Switches> {
    Json(s.switches())
}

/// Replaces every switch at once (a field left out is off).
async fn set_switches(State(s): State<AppState>, Json(switches): Json<Switches>) -> Json<Switches> {
    s.api.decline_payments(switches.decline_payments);
    s.api.refuse_at_provider(switches.provider_refuses);
    *s.switches.lock().unwrap_or_else(|p| p.into_inner()) = switches.clone();
    Json(switches)
}

/// Contract calls the switches refuse (maintenance, a failing verification method) are answered
/// here, before they reach the rules.
async fn switch_gate(State(s): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    match s.switches().refusal(path) {
        Some(error) if !path.starts_with("/__test/") && !path.starts_with("/__cashier") => problem(&error),
        _ => next.run(request).await,
    }
}

/// Bad input the framework refuses before a handler sees it (a path segment that is not UTF-8,
/// say) answers as plain text; the contract answers every bad input with its problem.
async fn problems_only(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_problem = response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"application/problem+json"));
    let refused_input = [StatusCode::BAD_REQUEST, StatusCode::UNSUPPORTED_MEDIA_TYPE, StatusCode::UNPROCESSABLE_ENTITY].contains(&response.status());
    if refused_input && !is_problem {
        return problem(&ApiError::InvalidRequest { field: None });
    }
    response
}

/// How the backend is set up: see `main.rs` for the environment that fills this in.
pub struct Config {
    /// Where receipts' QR codes point (`?serial=…&code=…` is appended).
    pub verify_base: String,
    /// This backend's own stand-in cashier page, as the app reaches it (`/__cashier`).
    pub cashier_base: String,
    /// How many public receipt checks one client address may make a minute.
    pub receipt_checks_per_minute: usize,
    /// How many SMS codes one phone may be sent in any hour.
    pub sms_per_hour: u32,
    /// The SQLite file (`:memory:` for none).
    pub database: String,
    pub switches: Switches,
    pub timing: DemoTiming,
}

pub fn app(config: Config) -> rusqlite::Result<Router> {
    let store = Arc::new(SqliteStore::open(&config.database)?);
    let api = DemoBackend::with_store(config.timing, store.clone()).with_verify_base(config.verify_base).with_cashier_base(config.cashier_base).with_sms_per_hour(config.sms_per_hour);
    api.decline_payments(config.switches.decline_payments);
    api.refuse_at_provider(config.switches.provider_refuses);
    let receipt_checks = Arc::new(Mutex::new(CheckLimit::new(config.receipt_checks_per_minute)));
    let state = AppState { api: Arc::new(api), store, switches: Arc::new(Mutex::new(config.switches)), receipt_checks };
    // Any origin may call: the app is served from wherever the operator puts it. Any method
    // (DELETE included, for removing a family member). The headers are listed because a
    // wildcard does not cover Authorization.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT, header::HeaderName::from_static("idempotency-key")])
        .expose_headers([header::RETRY_AFTER]);
    Ok(Router::new()
        .route("/regions", get(regions))
        .route("/regions/{city}/products", get(products))
        .route("/verifications", post(start_verification))
        .route("/verifications/{id}/sms", post(send_sms))
        .route("/verifications/{id}/sms/check", post(check_sms))
        .route("/verifications/{id}/ecard/check", post(check_ecard))
        .route("/verifications/{id}/face", post(start_face).get(face_result))
        .route("/tokens/refresh", post(refresh_token))
        .route("/insured", get(insured))
        .route("/tiers", get(tiers))
        .route("/quotes", post(quote))
        .route("/quotes/{id}/payment-methods", get(payment_methods))
        .route("/payments", post(create_payment))
        .route("/payments/{id}", get(payment))
        .route("/payments/{id}/cancel", post(cancel_payment))
        .route("/receipts/{serial}", get(receipt))
        .route("/receipt-checks", post(check_receipt))
        .route("/record", get(record))
        .route("/record/years/{year}", get(record_year))
        .route("/record/medical-spending", get(medical_spending))
        .route("/record/proofs", post(record_proof))
        .route("/record/proofs/{code}", get(check_proof))
        .route("/family", get(family))
        .route("/family/members", post(add_member))
        .route("/family/members/{id}", delete(remove_member))
        .route("/family/members/{id}/consent-requests", post(request_consent))
        .route("/family/members/{id}/consent", post(confirm_consent))
        .route("/family/status", get(family_status))
        .route("/family/quotes", post(family_quote))
        .route("/family/payments", post(create_family_payment))
        .route("/family/payments/{id}", get(family_payment))
        .route("/__cashier", get(cashier::page))
        .route("/__cashier/{id}/{decision}", post(cashier::decide))
        .route("/__test/switches", get(read_switches).put(set_switches))
        .route("/__test/payments", get(recorded_payments))
        .route("/__test/family/members/{id}/withdraw-consent", post(withdraw_consent))
        .fallback(|| async { problem(&ApiError::NotFound) })
        .layer(middleware::from_fn_with_state(state.clone(), switch_gate))
        .layer(middleware::from_fn(problems_only))
        .layer(cors)
        .with_state(state))
}
