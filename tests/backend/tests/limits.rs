//! Limits that protect people, over HTTP: one phone is sent at most one SMS code a minute (a
//! code sent a moment ago for another verification serves the next one too) and five an hour,
//! then 429 with Retry-After until the oldest is an hour old. Per phone: others are not held up.

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::{backend, call, order, problem_type, temporary_database, ZHANG_WEI};
use insurance_pay::api::StartVerification;
use serde_json::Value;

/// Starts verifying `person` to pay Beijing's 2027 residents' insurance and asks for the SMS
/// code: the session's answer to that.
async fn send_code(router: &Router, person: (&str, &str, &str)) -> (StatusCode, Option<String>, Value) {
    let start = StartVerification::to_pay(order("110100", 2027), person.0.into(), person.1.into(), person.2.into());
    let (status, _, session) = call(router, "POST", "/verifications", None, None, Some(serde_json::to_value(start).unwrap())).await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    call(router, "POST", &format!("/verifications/{}/sms", session["session_id"].as_str().unwrap()), None, None, None).await
}

fn sends_recorded(database: &str) -> Vec<u64> {
    let connection = rusqlite::Connection::open(database).unwrap();
    let data: String = connection.query_row("SELECT data FROM sms_sends WHERE id = 'p0'", [], |row| row.get(0)).unwrap();
    serde_json::from_str(&data).unwrap()
}

#[tokio::test]
async fn a_phone_gets_one_code_a_minute_and_five_an_hour() {
    let database = temporary_database("sms-limits");
    {
        let router = backend(&database, 0);
        let (status, _, first) = send_code(&router, ZHANG_WEI).await;
        assert_eq!((status, first["resend_after_seconds"].as_u64(), first["expires_in_seconds"].as_u64()), (StatusCode::OK, Some(60), Some(300)), "{first}");
        // Verifying again at once (a reload): the code just sent serves; nothing more is sent.
        let (status, _, again) = send_code(&router, ZHANG_WEI).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert!((59..=60).contains(&again["resend_after_seconds"].as_u64().unwrap()), "{again}");
        assert!((299..=300).contains(&again["expires_in_seconds"].as_u64().unwrap()), "{again}");
    }
    assert_eq!(sends_recorded(&database).len(), 1, "one code sent");

    // Five codes sent over the last 50 minutes, the oldest 50 minutes ago: the sixth waits ten.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    let minutes_ago = |m: u64| now - m * 60_000;
    let five = serde_json::to_string(&[50, 40, 30, 20, 10].map(minutes_ago)).unwrap();
    rusqlite::Connection::open(&database).unwrap().execute("UPDATE sms_sends SET data = ?1 WHERE id = 'p0'", [&five]).unwrap();
    let router = backend(&database, 0);
    let (status, retry_after, refused) = send_code(&router, ZHANG_WEI).await;
    assert_eq!((status, problem_type(&refused)), (StatusCode::TOO_MANY_REQUESTS, "too-many-requests"), "{refused}");
    let seconds: u64 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((595..=600).contains(&seconds), "ten minutes: {seconds}");
    assert_eq!(refused["retry_after_seconds"].as_u64(), Some(seconds));
    assert_eq!(sends_recorded(&database).len(), 5, "nothing sent");
    // Another phone is not held up.
    let (status, _, other) = send_code(&router, ("李娜", "440106197208153020", "13912345678")).await;
    assert_eq!((status, other["resend_after_seconds"].as_u64()), (StatusCode::OK, Some(60)), "{other}");
}
