//! Receipts over HTTP: the whole receipt only for its payer's token, and a public check that
//! needs the serial and a check code, says only what a verifier needs, refuses a wrong code
//! exactly as an unknown serial, and is limited per client (429 with Retry-After).

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::{backend, backend_checking, call, order, quote, temporary_database, verify, verify_as};
use serde_json::{json, Value};

const PROBLEM: &str = "urn:insurance-pay:problem:";

/// 张伟 pays Beijing's 2027 residents' medical insurance: his token and the receipt's serial.
async fn paid(router: &Router) -> (String, String) {
    let order = order("110100", 2027);
    let token = verify(router, &order).await;
    let quote_id = quote(router, &token, &order).await;
    let (status, _, payment) = call(router, "POST", "/payments", Some(&token), Some("key-receipts-0123456789"), Some(json!({"quote_id": quote_id, "method": "social_security_card"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{payment}");
    let id = payment["payment_id"].as_str().unwrap();
    let (_, _, settled) = call(router, "GET", &format!("/payments/{id}"), Some(&token), None, None).await;
    (token, settled["receipt_serial"].as_str().expect("settled at once").to_string())
}

async fn check(router: &Router, serial: &str, code: &str) -> (StatusCode, Option<String>, Value) {
    call(router, "POST", "/receipt-checks", None, None, Some(json!({"serial": serial, "code": code}))).await
}

/// The QR's code, from the receipt's verify_url.
fn qr_code(receipt: &Value) -> String {
    let url = receipt["verify_url"].as_str().unwrap();
    url.split("&code=").nth(1).expect("the QR carries a code").to_string()
}

#[tokio::test]
async fn the_whole_receipt_needs_its_payers_token_and_reveals_nothing_to_anyone_else() {
    let router = backend(&temporary_database("receipt-token"), 0);
    let (token, serial) = paid(&router).await;
    let path = format!("/receipts/{serial}");

    let (status, _, receipt) = call(&router, "GET", &path, Some(&token), None, None).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    assert_eq!((receipt["payer_name"].as_str(), receipt["payer_masked_id"].as_str()), (Some("张伟"), Some("1101**********2115")));
    let printed = receipt["check_code"].as_str().unwrap();
    assert!(regex_like_printed(printed), "printed code {printed}");
    let qr = qr_code(&receipt);
    assert_eq!(qr.len(), 16, "80 bits in the QR: {qr}");
    assert!(receipt["verify_url"].as_str().unwrap().starts_with(&format!("http://app.test/check?serial={serial}&code=")));
    // Reading it again gives the same codes: they are issued once.
    let (_, _, again) = call(&router, "GET", &path, Some(&token), None, None).await;
    assert_eq!((again["check_code"].as_str(), qr_code(&again)), (Some(printed), qr));

    let (status, _, none) = call(&router, "GET", &path, None, None, None).await;
    assert_eq!((status, none["type"].as_str()), (StatusCode::UNAUTHORIZED, Some(&*format!("{PROBLEM}session-expired"))));
    let (status, _, bad) = call(&router, "GET", &path, Some("tok_not-a-token"), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
    // Someone else's token: refused as an unknown serial is, so it says nothing of this one.
    let other = verify_as(&router, &order("310100", 2027), ("赵国强", "310115194910014518", "13200005555")).await;
    let theirs = call(&router, "GET", &path, Some(&other), None, None).await;
    let unknown = call(&router, "GET", "/receipts/2027110199999999", Some(&other), None, None).await;
    assert_eq!(theirs.0, StatusCode::NOT_FOUND, "{}", theirs.2);
    assert_eq!((theirs.0, theirs.2), (unknown.0, unknown.2));
}

fn regex_like_printed(code: &str) -> bool {
    code.len() == 9 && code.as_bytes()[4] == b'-' && code.chars().filter(|c| *c != '-').all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

#[tokio::test]
async fn the_public_check_needs_a_code_and_says_only_what_a_verifier_needs() {
    let router = backend(&temporary_database("receipt-check"), 0);
    let (token, serial) = paid(&router).await;
    // Before its payer has read the receipt no code exists, so none can be right.
    assert_eq!(check(&router, &serial, "0000-0000").await.0, StatusCode::NOT_FOUND);
    let (_, _, receipt) = call(&router, "GET", &format!("/receipts/{serial}"), Some(&token), None, None).await;
    let printed = receipt["check_code"].as_str().unwrap().to_string();

    for code in [qr_code(&receipt), printed.clone(), printed.to_lowercase().replace('-', " ")] {
        let (status, _, found) = check(&router, &serial, &code).await;
        assert_eq!(status, StatusCode::OK, "{code}: {found}");
        let mut fields: Vec<&str> = found.as_object().unwrap().keys().map(String::as_str).collect();
        fields.sort();
        assert_eq!(fields, ["amount", "holder", "period", "product", "serial", "status"], "nothing more than a verifier needs");
        assert_eq!((found["holder"].as_str(), found["amount"].as_str(), found["status"].as_str()), (Some("张*"), Some("640"), Some("paid")));
    }

    // A wrong code and an unknown serial get the very same answer: status, headers and body.
    let wrong = check(&router, &serial, if printed == "ZZZZ-ZZZZ" { "0000-0000" } else { "ZZZZ-ZZZZ" }).await;
    let unknown = check(&router, "2027110199999999", &printed).await;
    assert_eq!(wrong.0, StatusCode::NOT_FOUND, "{}", wrong.2);
    assert_eq!(wrong, unknown);
    assert_eq!(wrong.2["type"].as_str(), Some(&*format!("{PROBLEM}not-found")));
    // Not a code at all: refused the same way too, not as bad input that would tell it apart.
    assert_eq!(check(&router, &serial, "not a code").await, unknown);
    let (status, _, missing) = call(&router, "POST", "/receipt-checks", None, None, Some(json!({"serial": serial}))).await;
    assert_eq!((status, missing["type"].as_str()), (StatusCode::BAD_REQUEST, Some(&*format!("{PROBLEM}invalid-request"))));
}

#[tokio::test]
async fn check_codes_survive_a_restart() {
    let database = temporary_database("receipt-restart");
    let (serial, printed) = {
        let router = backend(&database, 0);
        let (token, serial) = paid(&router).await;
        let (_, _, receipt) = call(&router, "GET", &format!("/receipts/{serial}"), Some(&token), None, None).await;
        (serial, receipt["check_code"].as_str().unwrap().to_string())
    };
    let router = backend(&database, 0);
    assert_eq!(check(&router, &serial, &printed).await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_check_is_limited_per_client_with_retry_after() {
    let router = backend_checking(&temporary_database("receipt-limit"), 0, 3);
    for n in 0..3 {
        assert_eq!(check(&router, &format!("20271101{n:08}"), "0000-0000").await.0, StatusCode::NOT_FOUND);
    }
    let (status, retry_after, refused) = check(&router, "2027110100000009", "0000-0000").await;
    assert_eq!((status, refused["type"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some(&*format!("{PROBLEM}too-many-requests"))));
    let seconds: u32 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&seconds), "{seconds}");
    assert_eq!(refused["retry_after_seconds"].as_u64(), Some(u64::from(seconds)));
}
