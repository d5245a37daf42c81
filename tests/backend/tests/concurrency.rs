//! Concurrency on one order, against the reference backend's real binary over loopback, with
//! its SQLite database as the judge: 50 concurrent createPayment calls with one Idempotency-Key
//! make one payment; 50 with different keys for one order make one and refuse the rest with the
//! contract's problem; and a backend killed in the middle of many payments loses none that it
//! answered 201. Bounded: 50 calls at a time, a few seconds in all.

mod common;

use common::temporary_database;
use insurance_pay::domain::identity::id_check_character;
use insurance_pay_backend::store::SqliteStore;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const CONCURRENT: usize = 50;

/// The reference backend as a process of its own, on a free loopback port; killed when dropped.
struct Backend {
    process: Child,
    port: u16,
}

impl Backend {
    fn start(database: &str) -> Backend {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let process = Command::new(env!("CARGO_BIN_EXE_insurance-pay-backend"))
            .env("PORT", port.to_string())
            .env("DATABASE", database)
            .env("SETTLE_MS", "60000")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the backend starts");
        let backend = Backend { process, port };
        let started = Instant::now();
        while backend.call("GET", "/regions", None, None, None).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "the backend answers within 20 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        backend
    }

    /// One request on a connection of its own: the status and the JSON body.
    fn call(&self, method: &str, path: &str, token: Option<&str>, key: Option<&str>, body: Option<&Value>) -> std::io::Result<(u16, Value)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n", body.len());
        if let Some(token) = token {
            head += &format!("Authorization: Bearer {token}\r\n");
        }
        if let Some(key) = key {
            head += &format!("Idempotency-Key: {key}\r\n");
        }
        stream.write_all(format!("{head}\r\n{body}").as_bytes())?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        let broken = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no complete answer");
        let (head, body) = response.split_once("\r\n\r\n").ok_or_else(broken)?;
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(broken)?;
        Ok((status, serde_json::from_str(body).unwrap_or(Value::Null)))
    }

    /// Verifies `person` (name, ID number, mobile) by SMS for paying `order`, and quotes its
    /// first tier: the token and the quote id.
    fn verified_quote(&self, order: &Value, person: (&str, &str, &str)) -> (String, String) {
        let start = json!({"purpose": "pay", "order": order, "name": person.0, "id_number": person.1, "mobile": person.2});
        let (status, session) = self.call("POST", "/verifications", None, None, Some(&start)).expect("answer");
        assert_eq!(status, 201, "{session}");
        let id = session["session_id"].as_str().unwrap();
        assert_eq!(self.call("POST", &format!("/verifications/{id}/sms"), None, None, None).expect("answer").0, 200);
        let (status, verified) = self.call("POST", &format!("/verifications/{id}/sms/check"), None, None, Some(&json!({"code": "123456"}))).expect("answer");
        assert_eq!(status, 200, "{verified}");
        let token = verified["token"].as_str().unwrap().to_string();
        let (status, quote) = self.call("POST", "/quotes", Some(&token), None, Some(&json!({"order": order, "choice": {"kind": "fixed", "tier": "tier-1"}}))).expect("answer");
        assert_eq!(status, 200, "{quote}");
        (token, quote["quote_id"].as_str().unwrap().to_string())
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Someone typed in (not a demo person), with a valid ID number ending in `n`'s digits.
fn typed_person(n: u32) -> (String, String, String) {
    let first17 = format!("11010119900101{:03}", 100 + n);
    let digits: Vec<u32> = first17.chars().map(|c| c.to_digit(10).unwrap()).collect();
    let check = id_check_character(&digits.try_into().unwrap());
    ("李测试".into(), format!("{first17}{check}"), format!("139{:08}", n))
}

/// The payments the database holds for Beijing's 2027 residents' insurance: (id, payer).
fn recorded(database: &str) -> Vec<(String, String)> {
    let store = SqliteStore::open(database).expect("database");
    store.payments_for("110100", "resident_medical", 2027).expect("query").into_iter().map(|row| (row.payment_id, row.payer)).collect()
}

/// Runs `call(i)` on CONCURRENT threads released at the same moment.
fn all_at_once<T: Send + 'static>(call: impl Fn(usize) -> T + Send + Sync + 'static) -> Vec<T> {
    let (call, start) = (Arc::new(call), Arc::new(Barrier::new(CONCURRENT)));
    let threads: Vec<_> = (0..CONCURRENT)
        .map(|i| {
            let (call, start) = (call.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                call(i)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().expect("no panic")).collect()
}

fn beijing_2027() -> Value {
    json!({"city": "110100", "product": "resident_medical", "year": 2027})
}

/// One typed person's order paid by CONCURRENT calls released at once, the i-th with the
/// Idempotency-Key `key(i)`: the database's path and every answer.
fn concurrent_payments(name: &str, person: u32, key: fn(usize) -> String) -> (String, Vec<(u16, Value)>) {
    let database = temporary_database(name);
    let backend = Arc::new(Backend::start(&database));
    let person = typed_person(person);
    let (token, quote_id) = backend.verified_quote(&beijing_2027(), (&person.0, &person.1, &person.2));
    let body = json!({"quote_id": quote_id, "method": "social_security_card"});
    let calls = backend.clone();
    let answers = all_at_once(move |i| calls.call("POST", "/payments", Some(&token), Some(&key(i)), Some(&body)).expect("answer"));
    (database, answers)
}

#[test]
fn fifty_concurrent_payments_with_one_key_make_one_payment() {
    let (database, answers) = concurrent_payments("concurrent-one-key", 1, |_| "concurrent-one-key-0001".into());
    let ids: std::collections::BTreeSet<&str> = answers.iter().map(|(_, p)| p["payment_id"].as_str().unwrap_or("none")).collect();
    let created = answers.iter().filter(|(status, _)| *status == 201).count();
    println!("one Idempotency-Key, {CONCURRENT} concurrent calls: {created} answered 201, {} payment id(s), {} payment(s) in the database", ids.len(), recorded(&database).len());
    assert_eq!((created, ids.len()), (CONCURRENT, 1), "every call gets the same payment: {answers:?}");
    assert_eq!(recorded(&database).len(), 1);
}

#[test]
fn fifty_concurrent_payments_with_different_keys_make_one_and_refuse_the_rest() {
    let (database, answers) = concurrent_payments("concurrent-keys", 2, |i| format!("concurrent-keys-{i:04}"));
    let created = answers.iter().filter(|(status, _)| *status == 201).count();
    let refused: Vec<&(u16, Value)> = answers.iter().filter(|(status, _)| *status != 201).collect();
    let in_progress = refused.iter().filter(|(status, p)| *status == 409 && p["type"] == "urn:insurance-pay:problem:payment-in-progress").count();
    println!("{CONCURRENT} concurrent calls, each with its own key, one order: {created} answered 201, {in_progress} refused 409 payment-in-progress, {} payment(s) in the database", recorded(&database).len());
    assert_eq!(created, 1, "{answers:?}");
    assert_eq!(in_progress, CONCURRENT - 1, "the rest are refused with the contract's problem: {refused:?}");
    assert_eq!(recorded(&database).len(), 1);
}

#[test]
fn a_backend_killed_in_the_middle_loses_no_payment_it_answered() {
    let database = temporary_database("concurrent-restart");
    let people: Vec<(String, String, String)> = (10..10 + CONCURRENT as u32).map(typed_person).collect();
    let backend = Arc::new(Backend::start(&database));
    let orders: Vec<(String, String)> = people.iter().map(|p| backend.verified_quote(&beijing_2027(), (&p.0, &p.1, &p.2))).collect();
    let key = |i: usize| format!("concurrent-restart-{i:04}");

    // Each person pays at once; the process is killed (SIGKILL) once ten answers are in.
    let answered_so_far = Arc::new(AtomicUsize::new(0));
    let (calls, counted, paying) = (backend.clone(), answered_so_far.clone(), orders.clone());
    let killer = {
        let backend = backend.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            while answered_so_far.load(Ordering::SeqCst) < 10 && started.elapsed() < Duration::from_secs(30) {
                std::thread::sleep(Duration::from_micros(200));
            }
            let _ = Command::new("kill").args(["-9", &backend.process.id().to_string()]).status();
        })
    };
    let answers = all_at_once(move |i| {
        let (token, quote_id) = &paying[i];
        let answer = calls.call("POST", "/payments", Some(token), Some(&key(i)), Some(&json!({"quote_id": quote_id, "method": "social_security_card"})));
        if answer.is_ok() {
            counted.fetch_add(1, Ordering::SeqCst);
        }
        answer.ok()
    });
    killer.join().unwrap();
    drop(Arc::try_unwrap(backend).ok());
    let answered: Vec<(usize, String)> =
        answers.iter().enumerate().filter_map(|(i, a)| a.as_ref().filter(|(status, _)| *status == 201).map(|(_, p)| (i, p["payment_id"].as_str().unwrap().to_string()))).collect();
    let lost = CONCURRENT - answered.len();

    // Started again on the same database: every payment answered 201 is there.
    let backend = Backend::start(&database);
    let held: std::collections::BTreeSet<String> = recorded(&database).into_iter().map(|(id, _)| id).collect();
    let missing: Vec<&(usize, String)> = answered.iter().filter(|(_, id)| !held.contains(id)).collect();
    // Each person presses pay again with the same key: the same payment for those answered,
    // and for the rest the payment their lost answer was about, or a first one.
    for (i, (token, quote_id)) in orders.iter().enumerate() {
        let (status, payment) = backend.call("POST", "/payments", Some(token), Some(&key(i)), Some(&json!({"quote_id": quote_id, "method": "social_security_card"}))).expect("answer");
        assert_eq!(status, 201, "{payment}");
        if let Some((_, id)) = answered.iter().find(|(j, _)| *j == i) {
            assert_eq!(payment["payment_id"].as_str(), Some(id.as_str()), "the key still names the answered payment");
        }
    }
    let rows = recorded(&database);
    let payers: std::collections::BTreeSet<&str> = rows.iter().map(|(_, payer)| payer.as_str()).collect();
    println!(
        "killed in the middle of {CONCURRENT} payments: {} answered 201 before the kill, {lost} lost their answer, {} of the answered missing after the restart; after paying again, {} payments for {} people",
        answered.len(),
        missing.len(),
        rows.len(),
        payers.len()
    );
    assert!(missing.is_empty(), "answered 201 but gone: {missing:?}");
    assert!(lost > 0, "the kill came in the middle (some answers were lost)");
    assert_eq!((rows.len(), payers.len()), (CONCURRENT, CONCURRENT), "one payment per person");
}
