//! What the reference backend's HTTP tests share: a backend in-process, a database file of
//! their own, and one request at a time.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use insurance_pay::api::demo::DemoTiming;
use insurance_pay::api::*;
use insurance_pay_backend::{app, switches::Switches, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

pub fn backend(database: &str, settle_ms: u64) -> Router {
    backend_checking(database, settle_ms, 1000)
}

/// A backend that allows `receipt_checks_per_minute` public receipt checks a minute.
pub fn backend_checking(database: &str, settle_ms: u64, receipt_checks_per_minute: usize) -> Router {
    let timing = DemoTiming { latency_ms: 0, settle_ms, expire_ms: settle_ms };
    app(Config { verify_base: "http://app.test/check".into(), cashier_base: "http://backend.test/__cashier".into(), receipt_checks_per_minute, sms_per_hour: insurance_pay::api::demo::SMS_PER_HOUR, database: database.into(), switches: Switches::default(), timing }).expect("database opens")
}

pub fn temporary_database(name: &str) -> String {
    let path = std::env::temp_dir().join(format!("insurance-pay-{name}-{}.sqlite3", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path.display().to_string()
}

/// One request; the answer's status, headers of interest and JSON body.
pub async fn call(router: &Router, method: &str, path: &str, token: Option<&str>, key: Option<&str>, body: Option<Value>) -> (StatusCode, Option<String>, Value) {
    let mut request = Request::builder().method(method).uri(path).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let body = body.map_or(Body::empty(), |b| Body::from(b.to_string()));
    let response = router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, retry_after, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

pub fn order(city: &str, year: u16) -> OrderRef {
    OrderRef { city: city.into(), product: ProductCode::ResidentMedical, year }
}

/// Verifies 张伟 by SMS for `order` and returns the bearer token.
pub async fn verify(router: &Router, order: &OrderRef) -> String {
    verify_as(router, order, ("张伟", "110101198503072115", "13800138000")).await
}

/// Verifies `person` (name, ID number, mobile) by SMS for paying `order`: the bearer token.
pub async fn verify_as(router: &Router, order: &OrderRef, person: (&str, &str, &str)) -> String {
    let start = StartVerification::to_pay(order.clone(), person.0.into(), person.1.into(), person.2.into());
    let (status, _, session) = call(router, "POST", "/verifications", None, None, Some(serde_json::to_value(start).unwrap())).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    let id = session["session_id"].as_str().unwrap().to_string();
    assert_eq!(call(router, "POST", &format!("/verifications/{id}/sms"), None, None, None).await.0, StatusCode::OK);
    let (status, _, verified) = call(router, "POST", &format!("/verifications/{id}/sms/check"), None, None, Some(json!({"code": "123456"}))).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    verified["token"].as_str().unwrap().to_string()
}

pub async fn quote(router: &Router, token: &str, order: &OrderRef) -> String {
    let request = QuoteRequest { order: order.clone(), choice: TierChoice::Fixed { tier: "tier-1".into() } };
    let (status, _, quote) = call(router, "POST", "/quotes", Some(token), None, Some(serde_json::to_value(request).unwrap())).await;
    assert_eq!(status, StatusCode::OK, "{quote}");
    quote["quote_id"].as_str().unwrap().to_string()
}


/// (name, ID number, mobile) of the demo people these tests verify.
pub const ZHANG_WEI: (&str, &str, &str) = ("张伟", "110101198503072115", "13800138000");
pub const CHEN_JING: (&str, &str, &str) = ("陈静", "430102199511204021", "13500003333");
pub const ZHAO_GUOQIANG: (&str, &str, &str) = ("赵国强", "310115194910014518", "13200005555");

/// Verifies `person` for reading (purpose `record`) in `city`: two methods, the SMS code then
/// the e-card password (every city used here offers both). The token the record and family
/// calls take.
pub async fn record_token(router: &Router, person: (&str, &str, &str), city: &str) -> String {
    let (name, id_number, mobile) = person;
    let start = json!({ "purpose": "record", "city": city, "name": name, "id_number": id_number, "mobile": mobile });
    let (status, _, session) = call(router, "POST", "/verifications", None, None, Some(start)).await;
    assert_eq!((status, session["required"].as_u64()), (StatusCode::CREATED, Some(2)), "{session}");
    let id = session["session_id"].as_str().unwrap().to_string();
    assert_eq!(call(router, "POST", &format!("/verifications/{id}/sms"), None, None, None).await.0, StatusCode::OK);
    let (status, _, first) = call(router, "POST", &format!("/verifications/{id}/sms/check"), None, None, Some(json!({"code": "123456"}))).await;
    assert_eq!((status, first["still_needed"].as_u64()), (StatusCode::OK, Some(1)), "{first}");
    let (status, _, second) = call(router, "POST", &format!("/verifications/{id}/ecard/check"), None, None, Some(json!({"password": "135790"}))).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    second["token"].as_str().expect("two methods give the token").to_string()
}

/// The payer's pay token for `order`, built on their family's (record) verification.
pub async fn family_pay_token(router: &Router, record_token: &str, order: &Value) -> String {
    let start = json!({ "purpose": "pay", "order": order, "prior_token": record_token });
    let (status, _, session) = call(router, "POST", "/verifications", None, None, Some(start)).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    session["verified"]["token"].as_str().expect("the family's verification covers paying").to_string()
}

/// The problem's slug (`not-found` for `urn:insurance-pay:problem:not-found`), or "".
pub fn problem_type(answer: &Value) -> &str {
    answer["type"].as_str().and_then(|t| t.strip_prefix("urn:insurance-pay:problem:")).unwrap_or("")
}
