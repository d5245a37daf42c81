//! Authorization, call by call, over HTTP: every operation that takes a token or answers with
//! personal data is sent as its owner (张伟) would send it, but with no token, a malformed one,
//! an expired one, another person's (赵国强's), one of the other purpose, and with another
//! person's ids in its path, query or body. Each must be refused with the contract's problem
//! and reveal nothing: no one's data, and not even whether the object exists (another person's
//! id gets exactly the answer a made-up id gets). Prints the operations × cases table, and
//! fails when an operation the contract secures with a token has no row (or a row names none).

mod common;

use axum::http::StatusCode;
use axum::Router;
use common::{backend, call, family_pay_token, order, problem_type, quote, record_token, temporary_database, verify_as, ZHANG_WEI, ZHAO_GUOQIANG};
use insurance_pay::api::operations::Op;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// What a token was granted for: paying one order, reading (the record and the family), or
/// paying an order for family members on the family's verification.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kind {
    Pay,
    Record,
    FamilyPay,
}

impl Kind {
    /// The same person's token that this operation must not take.
    fn other_purpose(self) -> Kind {
        match self {
            Kind::Pay | Kind::FamilyPay => Kind::Record,
            Kind::Record => Kind::Pay,
        }
    }
}

#[derive(Clone, Debug)]
struct Req {
    method: &'static str,
    path: String,
    body: Option<Value>,
    key: Option<String>,
}

fn req(method: &'static str, path: impl Into<String>) -> Req {
    Req { method, path: path.into(), body: None, key: None }
}

impl Req {
    fn body(mut self, body: Value) -> Req {
        self.body = Some(body);
        self
    }

    fn key(mut self, key: impl Into<String>) -> Req {
        self.key = Some(key.into());
        self
    }
}

struct Operation {
    op: Op,
    /// The tokens it takes; `None`: any of its owner's (a receipt reads with either, and any
    /// token may ask for more time).
    kind: Option<Kind>,
    /// Its owner's request.
    own: Req,
    /// For an operation that names an object: another person's request naming one of the
    /// owner's objects, and the same request naming a made-up one.
    others: Option<(Req, Req)>,
}

/// One person's tokens by kind.
struct Tokens {
    pay: String,
    record: String,
    family_pay: String,
}

impl Tokens {
    fn of(&self, kind: Kind) -> &str {
        match kind {
            Kind::Pay => &self.pay,
            Kind::Record => &self.record,
            Kind::FamilyPay => &self.family_pay,
        }
    }
}

/// What a case came to, as the table prints it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// Refused with a bare problem (and, for another person's ids, exactly as a made-up id).
    Refused,
    /// Another person's token on a request that names no one's object: it answered about the
    /// token's own person, and holds nothing of the owner's.
    Own,
    /// Another person's id answered as a made-up id is (idempotent removal: the caller's own
    /// family, unchanged), holding nothing of the owner's.
    AsMadeUp,
    NotApplicable,
    /// Answered in a way it must not: the test fails and says how.
    Failed,
}

impl Cell {
    fn mark(self) -> &'static str {
        match self {
            Cell::Refused => "✓",
            Cell::Own => "own",
            Cell::AsMadeUp => "=",
            Cell::NotApplicable => "·",
            Cell::Failed => "✗",
        }
    }
}

const CASES: [&str; 6] = ["no token", "malformed", "expired", "other person", "other purpose", "other's ids"];

type Answer = (StatusCode, Option<String>, Value);

async fn send(router: &Router, request: &Req, token: Option<&str>) -> Answer {
    call(router, request.method, &request.path, token, request.key.as_deref(), request.body.clone()).await
}

/// A refusal that is the contract's problem and nothing more.
fn bare_refusal(answer: &Answer) -> bool {
    let bare = answer.2.as_object().is_some_and(|o| o.keys().all(|k| ["type", "title", "status", "detail"].contains(&k.as_str())));
    answer.0.is_client_error() && !problem_type(&answer.2).is_empty() && bare
}

fn session_expired(answer: &Answer) -> bool {
    answer.0 == StatusCode::UNAUTHORIZED && problem_type(&answer.2) == "session-expired" && bare_refusal(answer)
}

/// Everything of the owner's that must never reach anyone else.
struct Secrets(Vec<String>);

impl Secrets {
    fn leaked_in(&self, answer: &Answer) -> Option<&str> {
        let text = answer.2.to_string();
        self.0.iter().map(String::as_str).find(|secret| text.contains(secret))
    }
}

/// 张伟's objects, from paying, reading and his family: what the requests name.
#[derive(Default)]
struct Owned {
    quote_id: String,
    payment_id: String,
    serial: String,
    member_id: String,
    family_quote_id: String,
    family_payment_id: String,
}

/// 张伟 pays Beijing's 2027 residents' insurance, reads his record, adds his daughter 张一诺
/// (a minor) to his family and pays her 2027 in a family order.
async fn owner_objects(router: &Router, tokens: &Tokens) -> Owned {
    let order = order("110100", 2027);
    let quote_id = quote(router, &tokens.pay, &order).await;
    let (status, _, payment) = call(router, "POST", "/payments", Some(&tokens.pay), Some("authz-owner-payment"), Some(json!({"quote_id": quote_id, "method": "social_security_card"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{payment}");
    let payment_id = payment["payment_id"].as_str().unwrap().to_string();
    let (_, _, settled) = call(router, "GET", &format!("/payments/{payment_id}"), Some(&tokens.pay), None, None).await;
    let serial = settled["receipt_serial"].as_str().expect("settled at once").to_string();
    let (status, _, member) = call(router, "POST", "/family/members", Some(&tokens.record), None, Some(json!({"name": "张一诺", "id_number": "110105201605083026", "relationship": "child"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{member}");
    let member_id = member["member_id"].as_str().unwrap().to_string();
    let family_order = json!({"city": "110100", "product": "resident_medical", "year": 2027});
    let (status, _, family_quote) = call(router, "POST", "/family/quotes", Some(&tokens.family_pay), None, Some(json!({"order": family_order, "tier": "tier-1", "members": [member_id]}))).await;
    assert_eq!(status, StatusCode::OK, "{family_quote}");
    let family_quote_id = family_quote["quote_id"].as_str().unwrap().to_string();
    let part = json!({"quote_id": family_quote_id, "method": "wallet", "members": [member_id]});
    let (status, _, family_payment) = call(router, "POST", "/family/payments", Some(&tokens.family_pay), Some("authz-owner-family-payment"), Some(part)).await;
    assert_eq!(status, StatusCode::CREATED, "{family_payment}");
    let family_payment_id = family_payment["payment_id"].as_str().unwrap().to_string();
    Owned { quote_id, payment_id, serial, member_id, family_quote_id, family_payment_id }
}

/// An operation that names an object in its path: the owner's request naming `id`, another
/// person's naming it too, and the same naming `unknown`.
fn at_path(op: Op, kind: Option<Kind>, id: &str, unknown: &str) -> Operation {
    let naming = |id: &str| req(op.spec().method, op.spec().path_with(&[id]));
    Operation { op, kind, own: naming(id), others: Some((naming(id), naming(unknown))) }
}

/// Every operation the contract secures with a token (the others, the catalogue, verifying and
/// the public receipt and proof checks, have no token to refuse: their own tests cover them).
fn operations(owned: &Owned) -> Vec<Operation> {
    let Owned { quote_id, payment_id, serial, member_id, family_quote_id, family_payment_id } = owned;
    let beijing = "city=110100&product=resident_medical&year=2027";
    let shanghai_order = json!({"city": "310100", "product": "resident_medical", "year": 2027});
    let made_up = "x_0000000000deadbeef";
    // Another person's request naming one of the owner's ids, and the same naming a made-up one.
    let pair = |build: &dyn Fn(&str) -> Req, id: &str| Some((build(id), build(made_up)));
    let path = |method: &'static str, prefix: &str, id: &str, suffix: &str| req(method, format!("{prefix}{id}{suffix}"));
    let member_read = |base: &str, id: &str| req("GET", format!("{base}&member={id}"));
    let record_year = "/record/years/2025?city=310100";
    vec![
        Operation { op: Op::RefreshToken, kind: None, own: req("POST", "/tokens/refresh"), others: None },
        Operation { op: Op::InsuredProfile, kind: Some(Kind::Pay), own: req("GET", format!("/insured?{beijing}")), others: None },
        Operation { op: Op::TierOptions, kind: Some(Kind::Pay), own: req("GET", format!("/tiers?{beijing}")), others: None },
        Operation {
            op: Op::CreateQuote,
            kind: Some(Kind::Pay),
            own: req("POST", "/quotes").body(json!({"order": {"city": "110100", "product": "resident_medical", "year": 2027}, "choice": {"kind": "fixed", "tier": "tier-1"}})),
            others: None,
        },
        at_path(Op::PaymentMethods, Some(Kind::Pay), quote_id, made_up),
        Operation {
            op: Op::CreatePayment,
            kind: Some(Kind::Pay),
            own: req("POST", "/payments").body(json!({"quote_id": quote_id, "method": "social_security_card"})).key("authz-own-second-payment"),
            others: pair(&|id| req("POST", "/payments").body(json!({"quote_id": id, "method": "social_security_card"})).key(format!("authz-others-payment-{id}")), quote_id),
        },
        at_path(Op::GetPayment, Some(Kind::Pay), payment_id, made_up),
        at_path(Op::CancelPayment, Some(Kind::Pay), payment_id, made_up),
        at_path(Op::GetReceipt, None, serial, "2027110199999999"),
        Operation {
            op: Op::GetRecord,
            kind: Some(Kind::Record),
            own: req("GET", "/record?city=110100"),
            others: Some((member_read("/record?city=310100", member_id), member_read("/record?city=310100", made_up))),
        },
        Operation {
            op: Op::GetRecordYear,
            kind: Some(Kind::Record),
            own: req("GET", "/record/years/2025?city=110100"),
            others: Some((member_read(record_year, member_id), member_read(record_year, made_up))),
        },
        Operation {
            op: Op::GetMedicalSpending,
            kind: Some(Kind::Record),
            own: req("GET", "/record/medical-spending?city=110100&page=1"),
            others: Some((member_read("/record/medical-spending?city=310100&page=1", member_id), member_read("/record/medical-spending?city=310100&page=1", made_up))),
        },
        Operation { op: Op::CreateRecordProof, kind: Some(Kind::Record), own: req("POST", "/record/proofs").body(json!({"city": "110100"})), others: None },
        Operation { op: Op::GetFamily, kind: Some(Kind::Record), own: req("GET", "/family"), others: None },
        Operation {
            op: Op::AddFamilyMember,
            kind: Some(Kind::Record),
            own: req("POST", "/family/members").body(json!({"name": "张建国", "id_number": "110101195606152114", "relationship": "parent"})),
            others: None,
        },
        at_path(Op::RemoveFamilyMember, Some(Kind::Record), member_id, made_up),
        at_path(Op::RequestFamilyConsent, Some(Kind::Record), member_id, made_up),
        Operation {
            op: Op::ConfirmFamilyConsent,
            kind: Some(Kind::Record),
            own: path("POST", "/family/members/", member_id, "/consent").body(json!({"code": "123456"})),
            others: Some((
                path("POST", "/family/members/", member_id, "/consent").body(json!({"code": "123456"})),
                path("POST", "/family/members/", made_up, "/consent").body(json!({"code": "123456"})),
            )),
        },
        Operation { op: Op::GetFamilyStatus, kind: Some(Kind::Record), own: req("GET", format!("/family/status?{beijing}")), others: None },
        Operation {
            op: Op::CreateFamilyQuote,
            kind: Some(Kind::FamilyPay),
            own: req("POST", "/family/quotes").body(json!({"order": {"city": "110100", "product": "resident_medical", "year": 2027}, "tier": "tier-1", "members": [member_id]})),
            others: pair(&|id| req("POST", "/family/quotes").body(json!({"order": shanghai_order, "tier": "tier-1", "members": [id]})), member_id),
        },
        Operation {
            op: Op::CreateFamilyPayment,
            kind: Some(Kind::FamilyPay),
            own: req("POST", "/family/payments").body(json!({"quote_id": family_quote_id, "method": "wallet", "members": [member_id]})).key("authz-own-second-family-payment"),
            others: pair(&|id| req("POST", "/family/payments").body(json!({"quote_id": id, "method": "wallet", "members": [member_id]})).key(format!("authz-others-family-payment-{id}")), family_quote_id),
        },
        at_path(Op::GetFamilyPayment, Some(Kind::FamilyPay), family_payment_id, made_up),
    ]
}

/// An operation as the table prints it: `METHOD /path/{param}`.
fn name(op: Op) -> String {
    format!("{} {}", op.spec().method, op.spec().path)
}

/// The rows are the operations the contract secures with a bearer token (`security` on the
/// operation, else the document's), one each, and each row's own request is its operation.
#[test]
fn every_operation_that_takes_a_token_has_a_row_and_every_row_is_one() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/openapi.yaml")).expect("contract");
    let spec: serde_norway::Value = serde_norway::from_str(&text).expect("valid YAML");
    let secured: BTreeSet<String> = spec["paths"]
        .as_mapping()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_mapping().expect("path item").values().filter(|v| v.get("operationId").is_some()))
        .filter(|op| op.get("security").unwrap_or(&spec["security"]).as_sequence().is_some_and(|s| !s.is_empty()))
        .map(|op| op["operationId"].as_str().expect("operationId").to_string())
        .collect();
    let rows = operations(&Owned::default());
    let named: BTreeSet<String> = rows.iter().map(|o| o.op.spec().id.to_string()).collect();
    assert_eq!(named.len(), rows.len(), "an operation has two rows");
    let missing: Vec<_> = secured.difference(&named).collect();
    let extra: Vec<_> = named.difference(&secured).collect();
    assert!(missing.is_empty() && extra.is_empty(), "operations that take a token with no row: {missing:?}; rows for operations that take none: {extra:?}");
    for row in &rows {
        let (spec, path) = (row.op.spec(), row.own.path.split('?').next().expect("path"));
        let fits = spec.path.split('/').count() == path.split('/').count() && spec.path.split('/').zip(path.split('/')).all(|(t, p)| t.starts_with('{') || t == p);
        assert!(row.own.method == spec.method && fits, "the row of {} sends {} {}", spec.id, row.own.method, row.own.path);
    }
}

/// Makes these tokens expired, as the clock would: the database says so, and the backend is
/// started again on it.
fn expire(database: &str, tokens: &[&str]) {
    let connection = rusqlite::Connection::open(database).expect("database");
    for token in tokens {
        let changed = connection.execute("UPDATE grants SET data = json_set(data, '$.expires_at', 1) WHERE id = ?1", [token]).expect("update");
        assert_eq!(changed, 1, "a grant for {token}");
    }
}

async fn tokens(router: &Router, person: (&str, &str, &str), city: &str) -> Tokens {
    let pay_order = order(city, 2027);
    let family_order = json!({"city": city, "product": "resident_medical", "year": 2027});
    let record = record_token(router, person, city).await;
    let family_pay = family_pay_token(router, &record, &family_order).await;
    Tokens { pay: verify_as(router, &pay_order, person).await, record, family_pay }
}

/// One case of one operation: what it came to, or what is wrong.
async fn case(router: &Router, op: &Operation, case: usize, people: &People<'_>) -> Result<Cell, String> {
    let judge = |answer: &Answer, refused: bool| -> Result<(), String> {
        match people.secrets.leaked_in(answer) {
            Some(secret) => Err(format!("leaks {secret}: {} {}", answer.0, answer.2)),
            None if refused => Ok(()),
            None => Err(format!("not refused as it must be: {} {}", answer.0, answer.2)),
        }
    };
    let kind = op.kind.unwrap_or(Kind::Pay);
    let refused_alike = |answer: Answer| judge(&answer, session_expired(&answer)).map(|_| Cell::Refused);
    match case {
        0 => refused_alike(send(router, &op.own, None).await),
        1 => refused_alike(send(router, &op.own, Some("tok_!not a token!")).await),
        2 => refused_alike(send(router, &op.own, Some(people.expired.of(kind))).await),
        3 => {
            let answer = send(router, &op.own, Some(people.other.of(kind))).await;
            // A request that names no one's object reads the token's own person (their own
            // record, their own family, their own token's time); one that names an order reads only the order its
            // token was granted for. One that names an object and is answered at all must be
            // answered exactly as the same request naming a made-up object.
            if bare_refusal(&answer) {
                return judge(&answer, true).map(|_| Cell::Refused);
            }
            match &op.others {
                None => judge(&answer, op.kind.is_none_or(|k| k == Kind::Record)).map(|_| Cell::Own),
                Some((_, made_up)) => {
                    let unknown = send(router, made_up, Some(people.other.of(kind))).await;
                    judge(&answer, answer.0.is_success() && (answer.0, &answer.2) == (unknown.0, &unknown.2)).map(|_| Cell::AsMadeUp)
                }
            }
        }
        4 if op.kind.is_none() => Ok(Cell::NotApplicable),
        4 => {
            let answer = send(router, &op.own, Some(people.owner.of(kind.other_purpose()))).await;
            judge(&answer, bare_refusal(&answer)).map(|_| Cell::Refused)
        }
        _ => {
            let Some((theirs, made_up)) = &op.others else { return Ok(Cell::NotApplicable) };
            let token = Some(people.other.of(kind));
            let (answer, unknown) = (send(router, theirs, token).await, send(router, made_up, token).await);
            if (answer.0, &answer.2) != (unknown.0, &unknown.2) {
                return Err(format!("tells another's id from a made-up one: {} {} / {} {}", answer.0, answer.2, unknown.0, unknown.2));
            }
            judge(&answer, bare_refusal(&answer) || answer.0.is_success())?;
            Ok(if bare_refusal(&answer) { Cell::Refused } else { Cell::AsMadeUp })
        }
    }
}

/// The owner's tokens, the same person's expired ones, another person's, and what must not leak.
struct People<'a> {
    owner: &'a Tokens,
    expired: &'a Tokens,
    other: &'a Tokens,
    secrets: &'a Secrets,
}

#[tokio::test]
async fn every_operation_refuses_what_is_not_its_owners_and_reveals_nothing() {
    let database = temporary_database("authorization");
    let (owner, expired, owned) = {
        let router = backend(&database, 0);
        let owner = tokens(&router, ZHANG_WEI, "110100").await;
        let owned = owner_objects(&router, &owner).await;
        let expired = tokens(&router, ZHANG_WEI, "110100").await;
        (owner, expired, owned)
    };
    expire(&database, &[&expired.pay, &expired.record, &expired.family_pay]);
    let router = backend(&database, 0);
    let other = tokens(&router, ZHAO_GUOQIANG, "310100").await;
    let secrets = Secrets(vec![
        "张伟".into(),
        "1101**********2115".into(),
        "138****8000".into(),
        owned.quote_id.clone(),
        owned.payment_id.clone(),
        owned.serial.clone(),
        owned.member_id.clone(),
        owned.family_quote_id.clone(),
        owned.family_payment_id.clone(),
    ]);
    let people = People { owner: &owner, expired: &expired, other: &other, secrets: &secrets };

    let operations = operations(&owned);
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for op in &operations {
        let mut cells = Vec::new();
        for index in 0..CASES.len() {
            match case(&router, op, index, &people).await {
                Ok(cell) => cells.push(cell),
                Err(why) => {
                    failures.push(format!("{} × {}: {why}", name(op.op), CASES[index]));
                    cells.push(Cell::Failed);
                }
            }
        }
        rows.push((name(op.op), cells));
    }
    // The owner's own requests still work: the refusals above changed nothing of theirs.
    let (status, _, receipt) = call(&router, "GET", &format!("/receipts/{}", owned.serial), Some(&owner.pay), None, None).await;
    assert_eq!((status, receipt["payer_name"].as_str()), (StatusCode::OK, Some("张伟")), "{receipt}");
    let (_, _, family) = call(&router, "GET", "/family", Some(&owner.record), None, None).await;
    assert_eq!(family["members"].as_array().map(Vec::len), Some(1), "{family}");

    println!("{}", table(&rows));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The operations × cases table, with a count per case and in all.
fn table(rows: &[(String, Vec<Cell>)]) -> String {
    let width = rows.iter().map(|(name, _)| name.len()).max().unwrap_or(0) + 2;
    let mut out = format!("Authorization: operations × cases (reference backend over HTTP)\n{:width$}", "");
    for name in CASES {
        out += &format!("{name:<15}");
    }
    out += "\n";
    let mut column_counts = [(0, 0); CASES.len()];
    for (name, cells) in rows {
        out += &format!("{name:width$}");
        for (index, cell) in cells.iter().enumerate() {
            out += &format!("{:<15}", cell.mark());
            if *cell != Cell::NotApplicable {
                column_counts[index].1 += 1;
                column_counts[index].0 += usize::from(*cell != Cell::Failed);
            }
        }
        out += "\n";
    }
    out += &format!("{:width$}", "held");
    for (held, of) in column_counts {
        out += &format!("{:<15}", format!("{held}/{of}"));
    }
    let (held, of) = column_counts.iter().fold((0, 0), |(h, o), (a, b)| (h + a, o + b));
    out += &format!("\n{held} of {of} cases held over {} operations. ✓ refused with a bare problem; ✗ not; own: answered only about the token's own person; =: answered exactly as for a made-up id; ·: does not apply.", rows.len());
    out
}
