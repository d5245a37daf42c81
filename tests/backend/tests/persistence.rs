//! The reference backend over HTTP (in-process): records survive a restart on the same SQLite
//! file, idempotency keys hold across it, and the test switches do what they say.

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::{backend, call, order, quote, temporary_database, verify};
use insurance_pay::api::*;
use insurance_pay_backend::switches::Switches;
use serde_json::{json, Value};

async fn recorded(router: &Router, order: &OrderRef) -> Vec<Value> {
    let path = format!("/__test/payments?city={}&product={}&year={}", order.city, order.product.as_str(), order.year);
    call(router, "GET", &path, None, None, None).await.2.as_array().unwrap().clone()
}

#[tokio::test]
async fn payments_and_idempotency_keys_survive_a_restart() {
    let database = temporary_database("restart");
    let order = order("110100", 2027);
    let key = "key-restart-0123456789abcdef";
    let (token, quote_id, payment_id) = {
        let router = backend(&database, 0);
        let token = verify(&router, &order).await;
        let quote_id = quote(&router, &token, &order).await;
        let body = json!({"quote_id": quote_id, "method": "social_security_card"});
        let (status, _, payment) = call(&router, "POST", "/payments", Some(&token), Some(key), Some(body.clone())).await;
        assert_eq!(status, StatusCode::CREATED, "{payment}");
        // The same key and body again: the same payment, not a second one.
        let (_, _, again) = call(&router, "POST", "/payments", Some(&token), Some(key), Some(body)).await;
        assert_eq!(again["payment_id"], payment["payment_id"]);
        (token, quote_id, payment["payment_id"].as_str().unwrap().to_string())
    };

    // A new process on the same file: the token, the payment, its receipt and the key are there.
    let router = backend(&database, 0);
    let (status, _, payment) = call(&router, "GET", &format!("/payments/{payment_id}"), Some(&token), None, None).await;
    assert_eq!(status, StatusCode::OK, "{payment}");
    assert_eq!(payment["status"], "succeeded");
    let serial = payment["receipt_serial"].as_str().unwrap().to_string();
    let (status, _, receipt) = call(&router, "GET", &format!("/receipts/{serial}"), Some(&token), None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(receipt["payer_name"], "张伟");
    assert_eq!(receipt["amount"], "640");
    let replay = json!({"quote_id": quote_id, "method": "social_security_card"});
    let (_, _, again) = call(&router, "POST", "/payments", Some(&token), Some(key), Some(replay)).await;
    assert_eq!(again["payment_id"], payment_id.as_str());
    let changed = json!({"quote_id": quote_id, "method": "bank_card"});
    let (status, _, conflict) = call(&router, "POST", "/payments", Some(&token), Some(key), Some(changed)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(conflict["type"], "urn:insurance-pay:problem:idempotency-conflict");
    // A fresh key for an order already paid is refused, and the database holds one payment.
    let (status, _, refused) = call(&router, "POST", "/payments", Some(&token), Some("key-restart-second-attempt"), Some(json!({"quote_id": quote_id, "method": "social_security_card"}))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(refused["type"], "urn:insurance-pay:problem:already-paid");
    let rows = recorded(&router, &order).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["receipt_serial"], serial.as_str());
    let _ = std::fs::remove_file(&database);
}

#[tokio::test]
async fn a_payment_settles_after_its_delay() {
    let router = backend(":memory:", 300);
    let order = order("110100", 2027);
    let token = verify(&router, &order).await;
    let quote_id = quote(&router, &token, &order).await;
    let (_, _, payment) = call(&router, "POST", "/payments", Some(&token), Some("key-settle-0123456789"), Some(json!({"quote_id": quote_id, "method": "social_security_card"}))).await;
    assert_eq!(payment["status"], "processing");
    let path = format!("/payments/{}", payment["payment_id"].as_str().unwrap());
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(call(&router, "GET", &path, Some(&token), None, None).await.2["status"], "succeeded");
}

#[tokio::test]
async fn switches_make_methods_payments_and_the_service_fail() {
    let router = backend(":memory:", 0);
    let set = |switches: Value| call(&router, "PUT", "/__test/switches", None, None, Some(switches));

    // A failing SMS provider: SMS calls are refused, the e-card still works.
    set(json!({"failing_methods": ["sms"]})).await;
    let order = order("110100", 2027);
    let start = StartVerification::to_pay(order.clone(), "张伟".into(), "110101198503072115".into(), "13800138000".into());
    let (_, _, session) = call(&router, "POST", "/verifications", None, None, Some(serde_json::to_value(start).unwrap())).await;
    let id = session["session_id"].as_str().unwrap();
    let (status, _, problem) = call(&router, "POST", &format!("/verifications/{id}/sms"), None, None, None).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("urn:insurance-pay:problem:method-unavailable")));
    let (status, _, verified) = call(&router, "POST", &format!("/verifications/{id}/ecard/check"), None, None, Some(json!({"password": "135790"}))).await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    let token = verified["token"].as_str().unwrap().to_string();

    // Declined payments: 张伟, who normally pays, is declined while the switch is on.
    set(json!({"decline_payments": true})).await;
    let quote_id = quote(&router, &token, &order).await;
    let (_, _, payment) = call(&router, "POST", "/payments", Some(&token), Some("key-declined-0123456789"), Some(json!({"quote_id": quote_id, "method": "social_security_card"}))).await;
    assert_eq!(payment["status"], "failed");
    assert_eq!(payment["money_taken"], false);

    // Maintenance: every contract call answers 503 with Retry-After; switching off restores them.
    set(json!({"maintenance_seconds": 7})).await;
    let (status, retry_after, problem) = call(&router, "GET", "/regions", None, None, None).await;
    assert_eq!((status, retry_after.as_deref()), (StatusCode::SERVICE_UNAVAILABLE, Some("7")));
    assert_eq!(problem["type"], "urn:insurance-pay:problem:maintenance");
    set(json!({})).await;
    assert_eq!(call(&router, "GET", "/regions", None, None, None).await.0, StatusCode::OK);
    assert_eq!(call(&router, "GET", "/__test/switches", None, None, None).await.2, serde_json::to_value(Switches::default()).unwrap());
}

#[tokio::test]
async fn a_record_token_reads_over_http_and_a_proof_survives_a_restart() {
    let database = temporary_database("proof");
    let code = {
        let router = backend(&database, 0);
        let start = json!({ "purpose": "record", "city": "110100", "name": "张伟", "id_number": "110101198503072115", "mobile": "13800138000" });
        let (status, _, session) = call(&router, "POST", "/verifications", None, None, Some(start)).await;
        assert_eq!((status, session["required"].as_u64()), (StatusCode::CREATED, Some(2)), "{session}");
        let id = session["session_id"].as_str().unwrap().to_string();
        call(&router, "POST", &format!("/verifications/{id}/sms"), None, None, None).await;
        let (_, _, first) = call(&router, "POST", &format!("/verifications/{id}/sms/check"), None, None, Some(json!({"code": "123456"}))).await;
        assert_eq!((first.get("token"), first["still_needed"].as_u64()), (None, Some(1)), "{first}");
        let (_, _, second) = call(&router, "POST", &format!("/verifications/{id}/ecard/check"), None, None, Some(json!({"password": "135790"}))).await;
        let token = second["token"].as_str().unwrap().to_string();
        let (status, _, record) = call(&router, "GET", "/record?city=110100", Some(&token), None, None).await;
        assert_eq!((status, record["holder"].as_str()), (StatusCode::OK, Some("张*")), "{record}");
        let (status, _, year) = call(&router, "GET", "/record/years/2025?city=110100", Some(&token), None, None).await;
        assert_eq!((status, year["insurances"][0]["months"].as_array().map(Vec::len)), (StatusCode::OK, Some(12)), "{year}");
        // The record token cannot pay.
        let (status, _, refused) = call(&router, "GET", "/tiers?city=110100&product=flexible_pension&year=2025", Some(&token), None, None).await;
        assert_eq!((status, refused["type"].as_str()), (StatusCode::FORBIDDEN, Some("urn:insurance-pay:problem:read-only-token")));
        let (status, _, proof) = call(&router, "POST", "/record/proofs", Some(&token), None, Some(json!({"city": "110100"}))).await;
        assert_eq!(status, StatusCode::CREATED, "{proof}");
        proof["code"].as_str().unwrap().to_string()
    };
    let router = backend(&database, 0);
    let (status, _, proof) = call(&router, "GET", &format!("/record/proofs/{code}"), None, None, None).await;
    assert_eq!((status, proof["verify_url"].as_str()), (StatusCode::OK, Some(format!("http://app.test/check?proof={code}").as_str())), "{proof}");
}
