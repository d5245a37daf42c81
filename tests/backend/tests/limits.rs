//! Limits that protect people, over HTTP: one phone is sent at most one SMS code a minute (a
//! code sent a moment ago for another verification serves the next one too) and five an hour,
//! then 429 with Retry-After until the oldest is an hour old. Per phone: others are not held up.
//! And a time limit a person can extend: a token asks for more time before it runs out, up to
//! six hours from its verification.

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::{backend, call, order, problem_type, temporary_database, verify, ZHANG_WEI};
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
    let now = now_ms();
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

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
}

/// Sets a grant's times (epoch ms) in the database, as the clock would have moved them.
fn set_grant(database: &str, token: &str, issued_at: u64, expires_at: u64) {
    let connection = rusqlite::Connection::open(database).unwrap();
    let changed = connection
        .execute("UPDATE grants SET data = json_set(data, '$.issued_at', ?2, '$.expires_at', ?3) WHERE id = ?1", rusqlite::params![token, issued_at as i64, expires_at as i64])
        .unwrap();
    assert_eq!(changed, 1);
}

#[tokio::test]
async fn a_token_gets_more_time_before_it_runs_out_up_to_six_hours() {
    let database = temporary_database("token-refresh");
    let token = verify(&backend(&database, 0), &order("110100", 2027)).await;
    let now = now_ms();
    // Verified 29 minutes ago, a minute left: "need more time" gives half an hour from now.
    set_grant(&database, &token, now - 29 * 60_000, now + 60_000);
    let router = backend(&database, 0);
    let (status, _, refreshed) = call(&router, "POST", "/tokens/refresh", Some(&token), None, None).await;
    assert_eq!((status, refreshed["can_extend"].as_bool()), (StatusCode::OK, Some(true)), "{refreshed}");
    assert!((1799..=1800).contains(&refreshed["expires_in_seconds"].as_u64().unwrap()), "{refreshed}");
    let (status, _, profile) = call(&router, "GET", "/insured?city=110100&product=resident_medical&year=2027", Some(&token), None, None).await;
    assert_eq!(status, StatusCode::OK, "the token still works: {profile}");

    // Verified 5 h 50 min ago: only the ten minutes left of six hours, and no more after that.
    drop(router);
    set_grant(&database, &token, now - 350 * 60_000, now + 60_000);
    let router = backend(&database, 0);
    let (status, _, last) = call(&router, "POST", "/tokens/refresh", Some(&token), None, None).await;
    assert_eq!((status, last["can_extend"].as_bool()), (StatusCode::OK, Some(false)), "{last}");
    assert!((599..=600).contains(&last["expires_in_seconds"].as_u64().unwrap()), "{last}");

    // Run out: no more time; the person verifies again.
    drop(router);
    set_grant(&database, &token, now - 31 * 60_000, now - 60_000);
    let router = backend(&database, 0);
    let (status, _, expired) = call(&router, "POST", "/tokens/refresh", Some(&token), None, None).await;
    assert_eq!((status, problem_type(&expired)), (StatusCode::UNAUTHORIZED, "session-expired"), "{expired}");
}
