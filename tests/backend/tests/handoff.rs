//! The hand-off to the payment provider on the reference backend: a wallet payment waits for
//! the payer (its provider state in SQLite, across a restart) and settles only once the
//! stand-in cashier is told they confirmed; leaving the cashier keeps the one payment.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{backend, call, order, quote, temporary_database, verify};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// A request whose answer is not JSON (the cashier's page and its buttons): status, Location, body.
async fn raw(router: &Router, method: &str, path: &str) -> (StatusCode, Option<String>, String) {
    let response = router.clone().oneshot(Request::builder().method(method).uri(path).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, location, String::from_utf8_lossy(&bytes).into_owned())
}

async fn payments_of_the_order(router: &Router) -> Vec<Value> {
    call(router, "GET", "/__test/payments?city=110100&product=resident_medical&year=2027", None, None, None).await.2.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_wallet_payment_waits_for_the_cashier_across_a_restart_and_settles_only_when_confirmed() {
    let database = temporary_database("handoff");
    let order = order("110100", 2027);
    let key = "key-handoff-0123456789abcdef";
    let body = json!({"method": "wallet", "client": "mobile_browser", "return_url": "http://app.test/processing"});
    let (token, body, payment_id) = {
        let router = backend(&database, 0);
        let token = verify(&router, &order).await;
        let body = json!({"quote_id": quote(&router, &token, &order).await, "method": body["method"], "client": body["client"], "return_url": body["return_url"]});
        let (status, _, payment) = call(&router, "POST", "/payments", Some(&token), Some(key), Some(body.clone())).await;
        assert_eq!(status, StatusCode::CREATED, "{payment}");
        assert_eq!((payment["status"].as_str(), payment["money_taken"].as_bool()), (Some("requires_action"), Some(false)));
        let url = payment["next_action"]["url"].as_str().unwrap();
        assert_eq!(payment["next_action"]["type"], "redirect");
        assert!(url.starts_with("http://backend.test/__cashier?payment="), "{url}");
        (token, body, payment["payment_id"].as_str().unwrap().to_string())
    };
    // A new process on the same file: still waiting (it settles only when the provider says).
    let router = backend(&database, 0);
    let (_, _, waiting) = call(&router, "GET", &format!("/payments/{payment_id}"), Some(&token), None, None).await;
    assert_eq!(waiting["status"], "requires_action");
    let (status, _, page) = raw(&router, "GET", &format!("/__cashier?payment={payment_id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("¥") && page.contains(r#"data-testid="cashier-confirm""#), "{page}");

    // Leaving the cashier sends the person back saying so; the payment still waits, and paying
    // again with the same key is that payment.
    let (status, location, _) = raw(&router, "POST", &format!("/__cashier/{payment_id}/cancel?via=page")).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("http://app.test/processing?left=1")));
    let (_, _, again) = call(&router, "POST", "/payments", Some(&token), Some(key), Some(body)).await;
    assert_eq!((again["payment_id"].as_str(), again["status"].as_str()), (Some(payment_id.as_str()), Some("requires_action")));

    // Confirmed: the person goes back to the app, and the backend settles it.
    let (status, location, _) = raw(&router, "POST", &format!("/__cashier/{payment_id}/confirm?via=page")).await;
    assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some("http://app.test/processing")));
    let (_, _, paid) = call(&router, "GET", &format!("/payments/{payment_id}"), Some(&token), None, None).await;
    assert_eq!((paid["status"].as_str(), paid["money_taken"].as_bool()), (Some("succeeded"), Some(true)), "{paid}");
    assert_eq!(payments_of_the_order(&router).await.len(), 1);
}

#[tokio::test]
async fn a_code_for_a_desktop_and_a_slow_provider() {
    let router = backend(":memory:", 0);
    let order = order("110100", 2027);
    let token = verify(&router, &order).await;
    let body = json!({"quote_id": quote(&router, &token, &order).await, "method": "wallet", "client": "desktop_browser"});
    let (status, _, payment) = call(&router, "POST", "/payments", Some(&token), Some("key-handoff-desktop-0001"), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{payment}");
    assert_eq!(payment["next_action"]["type"], "qr");
    let id = payment["payment_id"].as_str().unwrap();
    // The provider tells the backend a minute after the payer confirmed: until then it waits.
    let (status, _, told) = call(&router, "POST", &format!("/__cashier/{id}/confirm?notify_after_ms=60000"), None, None, None).await;
    assert_eq!((status, told["status"].as_str()), (StatusCode::OK, Some("requires_action")));
    let (_, _, seen) = call(&router, "GET", &format!("/payments/{id}"), Some(&token), None, None).await;
    assert_eq!(seen["status"], "requires_action");
    // A redirect with a return address that is not the app's own is refused: nothing is made.
    let order = common::order("110100", 2026);
    let token = verify(&router, &order).await;
    let body = json!({"quote_id": quote(&router, &token, &order).await, "method": "wallet", "client": "mobile_browser", "return_url": "https://evil.example/"});
    let (status, _, refused) = call(&router, "POST", "/payments", Some(&token), Some("key-handoff-evil-000001"), Some(body)).await;
    assert_eq!((status, refused["field"].as_str()), (StatusCode::BAD_REQUEST, Some("return_url")));
}

#[tokio::test]
async fn a_provider_that_refuses_leaves_nothing_and_another_method_pays() {
    let router = backend(":memory:", 0);
    let (status, _, _) = call(&router, "PUT", "/__test/switches", None, None, Some(json!({"provider_refuses": true}))).await;
    assert_eq!(status, StatusCode::OK);
    let order = order("110100", 2027);
    let token = verify(&router, &order).await;
    let quote_id = quote(&router, &token, &order).await;
    let (status, _, refused) = call(&router, "POST", "/payments", Some(&token), Some("key-provider-refuses-01"), Some(json!({"quote_id": quote_id, "method": "wallet"}))).await;
    assert_eq!((status, refused["type"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("urn:insurance-pay:problem:provider-refused")));
    assert!(payments_of_the_order(&router).await.is_empty());
    let (status, _, paid) = call(&router, "POST", "/payments", Some(&token), Some("key-provider-refuses-02"), Some(json!({"quote_id": quote_id, "method": "social_security_card"}))).await;
    assert_eq!((status, paid["next_action"]["type"].as_str()), (StatusCode::CREATED, Some("none")));
}
