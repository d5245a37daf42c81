//! The family (亲情账户) over HTTP: a payer adds relatives (an adult with the code sent to their
//! registered phone, a minor at once) under the demo's rules; a token reads and changes only its
//! own person's family; the withdraw switch; families survive a restart, holding no ID number.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{backend, call, family_pay_token, order, verify, problem_type, record_token, temporary_database, CHEN_JING, ZHANG_WEI, ZHAO_GUOQIANG};
use serde_json::{json, Value};
use tower::ServiceExt;

/// 张伟 verified for paying Beijing's 2027 residents' insurance: a token that may pay, not read.
async fn pay_token(router: &Router) -> String {
    verify(router, &order("110100", 2027)).await
}

async fn family(router: &Router, token: &str) -> Value {
    let (status, _, family) = call(router, "GET", "/family", Some(token), None, None).await;
    assert_eq!(status, StatusCode::OK, "{family}");
    family
}

async fn add(router: &Router, token: &str, name: &str, id_number: &str, relationship: &str) -> (StatusCode, Value) {
    let (status, _, answer) = call(router, "POST", "/family/members", Some(token), None, Some(json!({ "name": name, "id_number": id_number, "relationship": relationship }))).await;
    (status, answer)
}

async fn confirm(router: &Router, token: &str, member_id: &str, code: &str) -> (StatusCode, Value) {
    let (status, _, answer) = call(router, "POST", &format!("/family/members/{member_id}/consent"), Some(token), None, Some(json!({ "code": code }))).await;
    (status, answer)
}

/// Adds 张建国 (张伟's father) and gives his consent: his member id.
async fn add_father(router: &Router, token: &str) -> String {
    let (status, member) = add(router, token, "张建国", "110101195606152114", "parent").await;
    assert_eq!(status, StatusCode::CREATED, "{member}");
    let id = member["member_id"].as_str().unwrap().to_string();
    let (status, granted) = confirm(router, token, &id, "123456").await;
    assert_eq!((status, granted["consent"].as_str()), (StatusCode::OK, Some("granted")), "{granted}");
    id
}

fn member_ids(family: &Value) -> Vec<String> {
    family["members"].as_array().expect("members").iter().map(|m| m["member_id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn a_payer_adds_an_adult_with_their_code_and_a_minor_at_once_under_the_rules() {
    let router = backend(":memory:", 0);
    let token = record_token(&router, ZHANG_WEI, "110100").await;
    let empty = family(&router, &token).await;
    assert_eq!(empty, json!({ "max_members": 5, "consent_days": 365, "members": [] }));

    // An adult: pending, the code sent to the phone social security has for him (masked).
    let (status, father) = add(&router, &token, "张建国", "110101195606152114", "parent").await;
    assert_eq!(status, StatusCode::CREATED, "{father}");
    assert_eq!((father["name"].as_str(), father["id_number"].as_str()), (Some("张**"), Some("1101**********2114")));
    assert_eq!((father["relationship"].as_str(), father["minor"].as_bool()), (Some("parent"), Some(false)));
    assert_eq!((father["consent"].as_str(), father["code_sent_to"].as_str()), (Some("pending"), Some("138****1001")), "{father}");
    assert!(father.get("consent_until").is_none(), "{father}");
    let father_id = father["member_id"].as_str().unwrap().to_string();

    // A wrong code counts a try; the right one gives the consent for a year; the same again
    // (a lost answer) finds it given.
    let (status, wrong) = confirm(&router, &token, &father_id, "000000").await;
    assert_eq!((status, problem_type(&wrong), wrong["attempts_left"].as_u64()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid-code", Some(4)), "{wrong}");
    let (status, granted) = confirm(&router, &token, &father_id, "123456").await;
    assert_eq!((status, granted["consent"].as_str()), (StatusCode::OK, Some("granted")), "{granted}");
    assert!(granted["consent_until"].is_string() && granted.get("code_sent_to").is_none(), "{granted}");
    let (status, again) = confirm(&router, &token, &father_id, "123456").await;
    assert_eq!((status, &again), (StatusCode::OK, &granted));

    // A minor joins at once, no consent asked (and none can be asked for).
    let (status, child) = add(&router, &token, "张一诺", "110105201605083026", "child").await;
    assert_eq!(status, StatusCode::CREATED, "{child}");
    assert_eq!((child["consent"].as_str(), child["minor"].as_bool(), child.get("code_sent_to")), (Some("not_needed"), Some(true), None), "{child}");
    let child_id = child["member_id"].as_str().unwrap().to_string();
    let (status, _, refused) = call(&router, "POST", &format!("/family/members/{child_id}/consent-requests"), Some(&token), None, None).await;
    assert_eq!((status, problem_type(&refused), refused["field"].as_str()), (StatusCode::BAD_REQUEST, "invalid-request", Some("member_id")), "{refused}");

    // 李娜 is in 陈静's family; 张建国 is in this one; a name that is not the registered one.
    let (status, other) = add(&router, &token, "李娜", "440106197208153020", "other").await;
    assert_eq!((status, problem_type(&other)), (StatusCode::CONFLICT, "in-other-family"), "{other}");
    let (status, twice) = add(&router, &token, "张建国", "110101195606152114", "parent").await;
    assert_eq!((status, problem_type(&twice)), (StatusCode::CONFLICT, "already-member"), "{twice}");
    let (status, mismatch) = add(&router, &token, "李秀兰", "110101195903022025", "parent").await;
    assert_eq!((status, problem_type(&mismatch)), (StatusCode::UNPROCESSABLE_ENTITY, "identity-mismatch"), "{mismatch}");
    // Someone the demo's registry does not know is registered as typed, masked, with a made-up phone.
    let (status, unknown) = add(&router, &token, "张三", "110101199003074514", "other").await;
    assert_eq!(status, StatusCode::CREATED, "{unknown}");
    assert_eq!((unknown["name"].as_str(), unknown["id_number"].as_str(), unknown["code_sent_to"].as_str()), (Some("张*"), Some("1101**********4514"), Some("139****4514")));
    let (status, _, _) = call(&router, "DELETE", &format!("/family/members/{}", unknown["member_id"].as_str().unwrap()), Some(&token), None, None).await;
    assert_eq!(status, StatusCode::OK);
    // Invalid details, and the payer himself, name the field.
    let (status, bad) = add(&router, &token, "张建国", "110101195606152115", "parent").await;
    assert_eq!((status, problem_type(&bad), bad["field"].as_str()), (StatusCode::BAD_REQUEST, "invalid-request", Some("id_number")), "bad check digit: {bad}");
    let (status, bad) = add(&router, &token, "", "110101195606152114", "parent").await;
    assert_eq!((status, bad["field"].as_str()), (StatusCode::BAD_REQUEST, Some("name")), "{bad}");
    let (status, himself) = add(&router, &token, ZHANG_WEI.0, ZHANG_WEI.1, "other").await;
    assert_eq!((status, himself["field"].as_str()), (StatusCode::BAD_REQUEST, Some("id_number")), "{himself}");
    let (status, _, bad) = call(&router, "POST", "/family/members", Some(&token), None, Some(json!({ "name": "李秀英", "id_number": "110101195903022025", "relationship": "cousin" }))).await;
    assert_eq!((status, problem_type(&bad)), (StatusCode::BAD_REQUEST, "invalid-request"), "{bad}");

    // A new code within a minute of the last: nothing is sent, Retry-After says how long.
    let (status, mother) = add(&router, &token, "李秀英", "110101195903022025", "parent").await;
    assert_eq!((status, mother["code_sent_to"].as_str()), (StatusCode::CREATED, Some("138****1002")), "{mother}");
    let mother_id = mother["member_id"].as_str().unwrap();
    let (status, retry_after, wait) = call(&router, "POST", &format!("/family/members/{mother_id}/consent-requests"), Some(&token), None, None).await;
    assert_eq!((status, problem_type(&wait)), (StatusCode::TOO_MANY_REQUESTS, "too-many-requests"), "{wait}");
    let seconds: u32 = retry_after.expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&seconds), "{seconds}");

    // The family as the payer sees it; removing a member answers the family afterwards.
    let before = family(&router, &token).await;
    assert_eq!(member_ids(&before), vec![father_id.clone(), child_id.clone(), mother_id.to_string()]);
    let (status, _, after) = call(&router, "DELETE", &format!("/family/members/{child_id}"), Some(&token), None, None).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(member_ids(&after), vec![father_id.clone(), mother_id.to_string()]);
    assert_eq!(family(&router, &token).await, after);
    // Removing again (a lost answer) changes nothing and says so.
    let (status, _, gone) = call(&router, "DELETE", &format!("/family/members/{child_id}"), Some(&token), None, None).await;
    assert_eq!((status, &gone), (StatusCode::OK, &after));
    // Removed, the child may be added again.
    assert_eq!(add(&router, &token, "张一诺", "110105201605083026", "child").await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn a_full_family_refuses_a_sixth_member() {
    let router = backend(":memory:", 0);
    // 赵国强 is insured in Shanghai; his family (seeded) is full.
    let token = record_token(&router, ZHAO_GUOQIANG, "310100").await;
    let full = family(&router, &token).await;
    assert_eq!(full["members"].as_array().map(Vec::len), Some(5), "{full}");
    let (status, refused) = add(&router, &token, "孙浩", "510107199211113314", "other").await;
    assert_eq!((status, problem_type(&refused), refused["max_members"].as_u64()), (StatusCode::CONFLICT, "family-full", Some(5)), "{refused}");
    assert_eq!(family(&router, &token).await, full, "nothing was added");
    // A member off the list makes room.
    let first = member_ids(&full)[0].clone();
    assert_eq!(call(&router, "DELETE", &format!("/family/members/{first}"), Some(&token), None, None).await.0, StatusCode::OK);
    let (status, added) = add(&router, &token, "孙浩", "510107199211113314", "other").await;
    assert_eq!((status, added["consent"].as_str()), (StatusCode::CREATED, Some("pending")), "{added}");
}

#[tokio::test]
async fn a_token_reads_and_changes_only_its_own_persons_family() {
    let router = backend(":memory:", 0);
    let zhang = record_token(&router, ZHANG_WEI, "110100").await;
    let father_id = add_father(&router, &zhang).await;

    // 陈静 (insured in Changsha) sees her three members, as seeded, and none of 张伟's.
    let chen = record_token(&router, CHEN_JING, "430100").await;
    let hers = family(&router, &chen).await;
    let members = hers["members"].as_array().unwrap().clone();
    let shown: Vec<(&str, &str, &str)> = members.iter().map(|m| (m["name"].as_str().unwrap(), m["id_number"].as_str().unwrap(), m["consent"].as_str().unwrap())).collect();
    assert_eq!(shown, vec![("李*", "4401**********3020", "granted"), ("王*", "3201**********4021", "withdrawn"), ("陈**", "4301**********3014", "expired")], "{hers}");
    assert!(members[0]["consent_until"].is_string() && members[2]["consent_until"].is_string(), "{hers}");
    assert!(members[1]["withdrawn_at"].is_string() && members[1].get("consent_until").is_none(), "{hers}");
    assert!(!member_ids(&hers).contains(&father_id));
    assert!(!hers.to_string().contains("张"), "{hers}");
    // 张伟's list is his alone.
    assert_eq!(member_ids(&family(&router, &zhang).await), vec![father_id.clone()]);

    // 张伟's token cannot touch her members: each is not found for him (removing one leaves
    // his own family as it is, and hers too).
    let hers_id = member_ids(&hers)[1].clone();
    let (status, _, refused) = call(&router, "DELETE", &format!("/family/members/{hers_id}"), Some(&zhang), None, None).await;
    assert_eq!((status, member_ids(&refused)), (StatusCode::OK, vec![father_id.clone()]), "{refused}");
    let (status, refused) = confirm(&router, &zhang, &hers_id, "123456").await;
    assert_eq!((status, problem_type(&refused)), (StatusCode::NOT_FOUND, "not-found"), "{refused}");
    let (status, _, refused) = call(&router, "POST", &format!("/family/members/{hers_id}/consent-requests"), Some(&zhang), None, None).await;
    assert_eq!((status, problem_type(&refused)), (StatusCode::NOT_FOUND, "not-found"), "{refused}");
    // Nor can she touch his.
    let (status, _, refused) = call(&router, "DELETE", &format!("/family/members/{father_id}"), Some(&chen), None, None).await;
    assert_eq!((status, refused), (StatusCode::OK, hers.clone()));
    assert_eq!(family(&router, &chen).await, hers, "her family is unchanged");
    assert_eq!(member_ids(&family(&router, &zhang).await), vec![father_id.clone()]);

    // Only a record verification's token: a pay token, a made-up one, or none answer 401.
    let pay = pay_token(&router).await;
    for token in [Some(pay.as_str()), Some("tok_0000000000000000"), None] {
        let (status, _, expired) = call(&router, "GET", "/family", token, None, None).await;
        assert_eq!((status, problem_type(&expired)), (StatusCode::UNAUTHORIZED, "session-expired"), "{token:?}: {expired}");
        let (status, _, expired) = call(&router, "DELETE", &format!("/family/members/{father_id}"), token, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}: {expired}");
        let (status, expired) = add(&router, token.unwrap_or(""), "张一诺", "110105201605083026", "child").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}: {expired}");
    }
    assert_eq!(member_ids(&family(&router, &zhang).await), vec![father_id]);
}

#[tokio::test]
async fn a_withdrawn_consent_shows_and_families_survive_a_restart() {
    let database = temporary_database("family");
    let (token, father_id, chen, before) = {
        let router = backend(&database, 0);
        let token = record_token(&router, ZHANG_WEI, "110100").await;
        let father_id = add_father(&router, &token).await;
        assert_eq!(add(&router, &token, "张一诺", "110105201605083026", "child").await.0, StatusCode::CREATED);

        // 张建国 takes his consent back from his own phone (the test switch).
        let path = format!("/__test/family/members/{father_id}/withdraw-consent");
        assert_eq!(call(&router, "POST", &path, None, None, None).await.0, StatusCode::NO_CONTENT);
        let withdrawn = family(&router, &token).await;
        let father = &withdrawn["members"][0];
        assert_eq!((father["member_id"].as_str(), father["consent"].as_str()), (Some(father_id.as_str()), Some("withdrawn")), "{withdrawn}");
        assert!(father["withdrawn_at"].is_string() && father.get("consent_until").is_none(), "{withdrawn}");
        // Nothing in force to withdraw: a second time, a minor, an unknown id.
        assert_eq!(call(&router, "POST", &path, None, None, None).await.0, StatusCode::NOT_FOUND);
        let child_id = withdrawn["members"][1]["member_id"].as_str().unwrap();
        assert_eq!(call(&router, "POST", &format!("/__test/family/members/{child_id}/withdraw-consent"), None, None, None).await.0, StatusCode::NOT_FOUND);
        let (status, _, unknown) = call(&router, "POST", "/__test/family/members/fm_unknown/withdraw-consent", None, None, None).await;
        assert_eq!((status, problem_type(&unknown)), (StatusCode::NOT_FOUND, "not-found"), "{unknown}");

        let chen = record_token(&router, CHEN_JING, "430100").await;
        let hers = family(&router, &chen).await;
        let both = family(&router, &token).await.to_string() + &hers.to_string();
        (token, father_id, chen, both)
    };

    // A new process on the same file: both families as they were (the seeded one not seeded
    // again: the same member ids), and the withdrawn consent can be asked for again.
    let router = backend(&database, 0);
    let mine = family(&router, &token).await;
    let hers_now = family(&router, &chen).await;
    assert_eq!(mine.to_string() + &hers_now.to_string(), before);
    assert_eq!(mine["members"][0]["consent"].as_str(), Some("withdrawn"));
    let (status, _, asked) = call(&router, "POST", &format!("/family/members/{father_id}/consent-requests"), Some(&token), None, None).await;
    assert_eq!((status, asked["consent"].as_str(), asked["code_sent_to"].as_str()), (StatusCode::OK, Some("pending"), Some("138****1001")), "{asked}");
    let (status, granted) = confirm(&router, &token, &father_id, "123456").await;
    assert_eq!((status, granted["consent"].as_str()), (StatusCode::OK, Some("granted")), "{granted}");

    // The database holds one row per payer, with registry indexes: no ID number, no phone.
    let connection = rusqlite::Connection::open(&database).unwrap();
    let mut statement = connection.prepare("SELECT id, data FROM families ORDER BY id").unwrap();
    let rows: Vec<(String, String)> = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().map(Result::unwrap).collect();
    assert_eq!(rows.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), vec!["p0", "p3", "p4", "p6"], "张伟's, and the seeded families of 刘洋, 陈静 and 赵国强");
    for (_, data) in &rows {
        for secret in ["110101195606152114", "110105201605083026", "13810001001", "440106197208153020", "张建国"] {
            assert!(!data.contains(secret), "{data}");
        }
    }
    drop(statement);
    drop(connection);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{database}{suffix}"));
    }
}

#[tokio::test]
async fn a_browser_may_send_delete_with_a_bearer_token() {
    let router = backend(":memory:", 0);
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/family/members/fm_000001abcd")
        .header("origin", "http://127.0.0.1:8080")
        .header("access-control-request-method", "DELETE")
        .header("access-control-request-headers", "authorization")
        .body(Body::empty())
        .unwrap();
    let response = router.oneshot(preflight).await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let methods = header("access-control-allow-methods");
    assert!(methods == "*" || methods.contains("delete"), "allow-methods: {methods}");
    assert!(header("access-control-allow-headers").contains("authorization"));
}

/// `GET path` with `token`, and whether it was refused as `consent-required` with nothing more
/// in it than the problem (no name, no city, no hint whether the member exists).
async fn refused_for_consent(router: &Router, path: &str, token: &str) -> bool {
    let (status, _, answer) = call(router, "GET", path, Some(token), None, None).await;
    let bare = answer.as_object().is_some_and(|o| o.keys().all(|k| ["type", "title", "status", "detail"].contains(&k.as_str())));
    status == StatusCode::FORBIDDEN && problem_type(&answer) == "consent-required" && bare
}

#[tokio::test]
async fn a_relatives_record_reads_only_with_their_consent_in_force_and_stops_at_once() {
    let router = backend(":memory:", 0);
    // 陈静 reads 李娜's record (consent given); 王芳's consent was withdrawn, 陈建华's ran out.
    let chen = record_token(&router, CHEN_JING, "430100").await;
    let ids = member_ids(&family(&router, &chen).await);
    let (li_na, withdrawn, expired) = (&ids[0], &ids[1], &ids[2]);
    let reads = |member: &str| {
        [format!("/record?city=440100&member={member}"), format!("/record/years/2025?city=440100&member={member}"), format!("/record/medical-spending?city=440100&member={member}&page=1")]
    };
    for path in reads(li_na) {
        let (status, _, answer) = call(&router, "GET", &path, Some(&chen), None, None).await;
        assert_eq!(status, StatusCode::OK, "{path}: {answer}");
    }
    let (_, _, overview) = call(&router, "GET", &reads(li_na)[0], Some(&chen), None, None).await;
    assert_eq!(overview["holder"].as_str(), Some("李*"), "{overview}");
    // Her own city first: where the relative is insured instead.
    let (status, _, elsewhere) = call(&router, "GET", &format!("/record?city=430100&member={li_na}"), Some(&chen), None, None).await;
    assert_eq!((status, problem_type(&elsewhere)), (StatusCode::NOT_FOUND, "not-insured"), "{elsewhere}");

    // Refused alike: a consent withdrawn or run out, another payer's token, a made-up id.
    let zhang = record_token(&router, ZHANG_WEI, "110100").await;
    let mut refused = 0;
    for (token, member) in [(&chen, withdrawn.as_str()), (&chen, expired.as_str()), (&zhang, li_na.as_str()), (&chen, "fm_0000000000")] {
        for path in reads(member) {
            assert!(refused_for_consent(&router, &path, token).await, "{path}");
            refused += 1;
        }
    }
    assert_eq!(refused, 12);
    // A pay token, a made-up token or none: not a verified reader at all.
    let pay = pay_token(&router).await;
    for token in [Some(pay.as_str()), Some("tok_0000000000000000"), None] {
        let (status, _, answer) = call(&router, "GET", &reads(li_na)[0], token, None, None).await;
        assert_eq!((status, problem_type(&answer)), (StatusCode::UNAUTHORIZED, "session-expired"), "{token:?}: {answer}");
    }
    // She withdraws from her own phone: the next read is refused, with the same token.
    let path = format!("/__test/family/members/{li_na}/withdraw-consent");
    assert_eq!(call(&router, "POST", &path, None, None, None).await.0, StatusCode::NO_CONTENT);
    for path in reads(li_na) {
        assert!(refused_for_consent(&router, &path, &chen).await, "{path}");
    }
}

#[tokio::test]
async fn a_family_order_pays_each_member_once_and_the_database_holds_one_payment_each() {
    let router = backend(":memory:", 0);
    // 赵国强's family: four adults with consent and a minor, residents' insurance in Shanghai.
    let zhao = record_token(&router, ZHAO_GUOQIANG, "310100").await;
    let order = json!({ "city": "310100", "product": "resident_medical", "year": 2027 });
    let status_path = "/family/status?city=310100&product=resident_medical&year=2027";
    let (status, _, overview) = call(&router, "GET", status_path, Some(&zhao), None, None).await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    let members: Vec<Value> = overview["members"].as_array().unwrap().iter().map(|m| m["member_id"].clone()).collect();
    assert_eq!(members.len(), 5);
    assert!(overview["members"].as_array().unwrap().iter().all(|m| m["state"] == "due"), "{overview}");
    let request = json!({ "order": order, "tier": "tier-1", "members": members });
    // The family's token only reads; another payer's token does not reach this family.
    let (status, _, refused) = call(&router, "POST", "/family/quotes", Some(&zhao), None, Some(request.clone())).await;
    assert_eq!((status, problem_type(&refused)), (StatusCode::FORBIDDEN, "read-only-token"), "{refused}");
    let token = family_pay_token(&router, &zhao, &order).await;
    let (status, _, quote) = call(&router, "POST", "/family/quotes", Some(&token), None, Some(request)).await;
    assert_eq!(status, StatusCode::OK, "{quote}");
    assert_eq!((quote["blocks"].as_array().unwrap().len(), quote["total"].as_str()), (5, Some("3200")), "{quote}");
    let part = json!({ "quote_id": quote["quote_id"], "method": "wallet", "members": members });
    let (status, _, paid) = call(&router, "POST", "/family/payments", Some(&token), Some("k-zhao-family-0001"), Some(part.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{paid}");
    // A double tap, a lost answer: the same key is the same payment; a new key is refused.
    let (_, _, again) = call(&router, "POST", "/family/payments", Some(&token), Some("k-zhao-family-0001"), Some(part.clone())).await;
    assert_eq!(again["payment_id"], paid["payment_id"]);
    // The payer confirms the part in their wallet (the stand-in provider tells the backend).
    assert_eq!(paid["status"], "requires_action", "{paid}");
    let (status, _, _) = call(&router, "POST", &format!("/__cashier/{}/confirm", paid["payment_id"].as_str().unwrap()), None, None, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, twice) = call(&router, "POST", "/family/payments", Some(&token), Some("k-zhao-family-0002"), Some(part)).await;
    assert_eq!((status, problem_type(&twice)), (StatusCode::CONFLICT, "already-paid"), "{twice}");
    let path = format!("/family/payments/{}", paid["payment_id"].as_str().unwrap());
    let (_, _, settled) = call(&router, "GET", &path, Some(&token), None, None).await;
    assert_eq!((settled["status"].as_str(), settled["receipts"].as_array().map(Vec::len)), (Some("succeeded"), Some(5)), "{settled}");
    let zhang = pay_token(&router).await;
    assert_eq!(call(&router, "GET", &path, Some(&zhang), None, None).await.0, StatusCode::NOT_FOUND);
    // The database: one succeeded payment for each member, none for the payer.
    let (_, _, rows) = call(&router, "GET", "/__test/payments?city=310100&product=resident_medical&year=2027", None, None, None).await;
    let rows = rows.as_array().unwrap();
    let insured: std::collections::BTreeSet<&str> = rows.iter().map(|r| r["payer"].as_str().unwrap()).collect();
    assert_eq!((rows.len(), insured.len()), (5, 5), "{rows:?}");
    assert!(rows.iter().all(|r| r["status"] == "succeeded"));
    let (_, _, after) = call(&router, "GET", status_path, Some(&zhao), None, None).await;
    assert!(after["members"].as_array().unwrap().iter().all(|m| m["state"] == "paid" && m["receipt_serial"].is_string()), "{after}");
}
