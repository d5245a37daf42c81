//! The demo backend enforces what a real backend would: these tests drive it natively.

use super::*;
use futures::executor::block_on;

fn backend() -> DemoBackend {
    DemoBackend::ephemeral(DemoTiming::INSTANT)
}

fn order(city: &str, product: ProductCode, year: u16) -> OrderRef {
    OrderRef { city: city.into(), product, year }
}

fn verify(api: &DemoBackend, person: usize, order: &OrderRef) -> String {
    let p = &fixtures::PEOPLE[person];
    let session = block_on(api.start_verification(StartVerification::to_pay(order.clone(), p.name.into(), p.id_number.into(), p.mobile.into()))).unwrap();
    block_on(api.send_sms_code(&session.session_id)).unwrap();
    block_on(api.check_sms_code(&session.session_id, fixtures::DEMO_SMS_CODE)).unwrap().token.expect("one method pays")
}

fn resident_quote(api: &DemoBackend, token: &str, order: &OrderRef, tier: &str) -> Quote {
    block_on(api.quote(token, QuoteRequest { order: order.clone(), choice: TierChoice::Fixed { tier: tier.into() } })).unwrap()
}

#[test]
fn catalogue_has_several_regions_with_different_rules() {
    let api = backend();
    let provinces = block_on(api.regions()).unwrap();
    assert!(provinces.len() >= 6);
    assert!(provinces.iter().map(|p| p.cities.len()).sum::<usize>() >= 9);
    let suzhou = block_on(api.products("320500")).unwrap();
    assert!(!suzhou.iter().any(|p| p.code == ProductCode::FlexiblePension));
    assert_eq!(block_on(api.products("110100")).unwrap().len(), 4);
    assert_eq!(block_on(api.products("999999")), Err(ApiError::NotFound));
}

#[test]
fn full_payment_reaches_a_receipt_and_cannot_be_paid_twice() {
    let api = backend();
    let order = order("110100", ProductCode::ResidentMedical, 2027);
    let token = verify(&api, 0, &order);
    let profile = block_on(api.insured_profile(&token, &order)).unwrap();
    assert_eq!(profile.masked_id, "1101**********2115");
    assert!(profile.already_paid.is_none());
    let quote = resident_quote(&api, &token, &order, "tier-2");
    assert_eq!(quote.breakdown.total, Decimal::from(350));
    assert_eq!(quote.breakdown.check(), Ok(()));
    let request = CreatePayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::Wallet };
    let key = "k-0123456789abcdef";
    let first = block_on(api.create_payment(&token, request.clone(), key)).unwrap();
    // The same key again (a double tap, a retry after a timeout) is the same payment.
    let again = block_on(api.create_payment(&token, request.clone(), key)).unwrap();
    assert_eq!(first.payment_id, again.payment_id);
    let paid = block_on(api.payment(&token, &first.payment_id)).unwrap();
    assert_eq!(paid.status, PaymentStatus::Succeeded);
    assert!(paid.money_taken);
    let serial = paid.receipt_serial.clone().unwrap();
    let receipt = block_on(api.receipt(&token, &serial)).unwrap();
    assert_eq!(receipt.payer_masked_id, "1101**********2115");
    assert_eq!(receipt.amount, Decimal::from(350));
    assert!(receipt.verify_url.contains(&serial));
    assert_eq!(receipt.region, LocalText::new("北京市", "Beijing"));
    // A new key for the same order is refused: it is paid.
    let other = block_on(api.create_payment(&token, request.clone(), "k-fedcba9876543210"));
    assert_eq!(other, Err(ApiError::AlreadyPaid));
    // Same key, different body is a conflict, not a payment.
    let changed = CreatePayment { method: PaymentMethod::BankCard, ..request };
    assert_eq!(block_on(api.create_payment(&token, changed, key)), Err(ApiError::IdempotencyConflict));
    assert_eq!(api.state.lock().unwrap().payments.len(), 1);
    assert!(block_on(api.insured_profile(&token, &order)).unwrap().already_paid.is_some());
}

#[test]
fn a_receipt_is_whole_only_for_its_payer_and_checked_with_its_code() {
    let api = backend();
    let order = order("110100", ProductCode::ResidentMedical, 2027);
    let li_na = verify(&api, 1, &order);
    let serial = block_on(api.insured_profile(&li_na, &order)).unwrap().already_paid.unwrap().serial;
    // No code exists until the payer has read the receipt.
    assert_eq!(block_on(api.check_receipt(&serial, "0000-0000")), Err(ApiError::NotFound));
    let receipt = block_on(api.receipt(&li_na, &serial)).unwrap();
    let qr = receipt.verify_url.split("&code=").nth(1).unwrap().to_string();
    assert_eq!((qr.len(), receipt.check_code.len()), (16, 9));
    // Someone else's token is told nothing exists, as for a serial that does not.
    let zhang_wei = verify(&api, 0, &order);
    assert_eq!(block_on(api.receipt(&zhang_wei, &serial)), Err(ApiError::NotFound));
    assert_eq!(block_on(api.receipt("tok_none", &serial)), Err(ApiError::SessionExpired));
    for code in [qr.as_str(), receipt.check_code.as_str(), &receipt.check_code.to_lowercase()] {
        let found = block_on(api.check_receipt(&serial, code)).unwrap();
        assert_eq!((found.holder.as_str(), found.amount, found.status), ("李*", receipt.amount, ReceiptStatus::Paid));
    }
    let wrong = if receipt.check_code == "ZZZZ-ZZZZ" { "0000-0000" } else { "ZZZZ-ZZZZ" };
    assert_eq!(block_on(api.check_receipt(&serial, wrong)), Err(ApiError::NotFound));
    assert_eq!(block_on(api.check_receipt("2027110199999999", &receipt.check_code)), Err(ApiError::NotFound));
}

#[test]
fn scenarios_of_the_demo_people() {
    let api = backend();
    let order = order("110100", ProductCode::ResidentMedical, 2027);
    // 李娜 has already paid.
    let token = verify(&api, 1, &order);
    let profile = block_on(api.insured_profile(&token, &order)).unwrap();
    let record = profile.already_paid.unwrap();
    assert!(block_on(api.receipt(&token, &record.serial)).is_ok());
    // 刘洋's payment fails with no money taken.
    let token = verify(&api, 3, &order);
    let quote = resident_quote(&api, &token, &order, "tier-1");
    let p = block_on(api.create_payment(&token, CreatePayment { quote_id: quote.quote_id, method: PaymentMethod::BankCard }, "k-liuyang-000000001")).unwrap();
    let p = block_on(api.payment(&token, &p.payment_id)).unwrap();
    assert_eq!((p.status, p.money_taken), (PaymentStatus::Failed, false));
    // 杨帆 is a student: half the personal share.
    let token = verify(&api, 5, &order);
    assert_eq!(resident_quote(&api, &token, &order, "tier-2").breakdown.total, Decimal::from(175));
    // 赵国强 is paid for by the state: zero, and the only method is fiscal pay-on-behalf.
    let token = verify(&api, 6, &order);
    let quote = resident_quote(&api, &token, &order, "tier-3");
    assert!(quote.breakdown.total.is_zero());
    let methods = block_on(api.payment_methods(&token, &quote.quote_id)).unwrap();
    assert_eq!(methods.len(), 1);
    assert_eq!(methods[0].method, PaymentMethod::FiscalPayOnBehalf);
}

#[test]
fn face_failure_locks_face_but_leaves_other_methods() {
    let api = backend();
    let order = order("110100", ProductCode::ResidentMedical, 2027);
    let p = &fixtures::PEOPLE[2];
    let session = block_on(api.start_verification(StartVerification::to_pay(order, p.name.into(), p.id_number.into(), p.mobile.into()))).unwrap();
    let handoff = block_on(api.start_face(&session.session_id, "/identity")).unwrap();
    assert!(handoff.url.starts_with("/face-check?session="));
    assert_eq!(block_on(api.face_result(&session.session_id)), Err(ApiError::VerificationFailed));
    assert_eq!(block_on(api.start_face(&session.session_id, "/identity")), Err(ApiError::TooManyAttempts));
    assert!(block_on(api.check_ecard_password(&session.session_id, fixtures::DEMO_ECARD_PASSWORD)).is_ok());
}

#[test]
fn codes_count_attempts_and_names_must_match() {
    let api = backend();
    let order = order("430100", ProductCode::FlexibleMedical, 2026);
    let p = &fixtures::PEOPLE[0];
    let wrong_name = block_on(api.start_verification(StartVerification::to_pay(order.clone(), "李四".into(), p.id_number.into(), p.mobile.into())));
    assert_eq!(wrong_name, Err(ApiError::IdentityMismatch));
    let session = block_on(api.start_verification(StartVerification::to_pay(order, p.name.into(), p.id_number.into(), p.mobile.into()))).unwrap();
    assert_eq!(session.methods, vec![VerifyMethod::Sms, VerifyMethod::Ecard]);
    assert_eq!(block_on(api.start_face(&session.session_id, "/")), Err(ApiError::MethodUnavailable));
    for left in [2, 1] {
        assert_eq!(block_on(api.check_ecard_password(&session.session_id, "000000")), Err(ApiError::InvalidCode { attempts_left: Some(left) }));
    }
    assert_eq!(block_on(api.check_ecard_password(&session.session_id, "000000")), Err(ApiError::TooManyAttempts));
    assert_eq!(block_on(api.check_ecard_password(&session.session_id, fixtures::DEMO_ECARD_PASSWORD)), Err(ApiError::TooManyAttempts));
    block_on(api.send_sms_code(&session.session_id)).unwrap();
    assert!(block_on(api.check_sms_code(&session.session_id, fixtures::DEMO_SMS_CODE)).is_ok());
}

#[test]
fn flexible_employment_quotes_and_limits() {
    let api = backend();
    let order = order("110100", ProductCode::FlexiblePension, 2026);
    let token = verify(&api, 0, &order);
    let choice = |base_percent, cycle| TierChoice::WageBased { base_percent, rate_percent: Decimal::from(20), cycle };
    let quote = block_on(api.quote(&token, QuoteRequest { order: order.clone(), choice: choice(300, Cycle::Quarterly) })).unwrap();
    // 11,937 × 300 % = 35,811.00; × 20 % = 7,162.20 a month; × 3
    assert_eq!(quote.breakdown.total, "21486.60".parse::<Decimal>().unwrap());
    // Over the bank card's 20,000 limit, within the wallet's 50,000.
    let over = block_on(api.create_payment(&token, CreatePayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::BankCard }, "k-over-limit-000001"));
    assert_eq!(over, Err(ApiError::OverLimit));
    let bad = block_on(api.quote(&token, QuoteRequest { order: order.clone(), choice: choice(59, Cycle::Monthly) }));
    assert_eq!(bad, Err(ApiError::InvalidRequest { field: Some("base_percent".into()) }));
    let bad_cycle = block_on(api.quote(&token, QuoteRequest { order, choice: choice(100, Cycle::HalfYearly) }));
    assert_eq!(bad_cycle, Err(ApiError::InvalidRequest { field: Some("cycle".into()) }));
}

#[test]
fn back_payment_has_a_late_fee_and_closed_years_are_refused() {
    let api = backend();
    let back = order("110100", ProductCode::ResidentMedical, 2026);
    let token = verify(&api, 0, &back);
    let quote = resident_quote(&api, &token, &back, "tier-2");
    // 350 × 0.05 % × 326 days = 57.05
    assert_eq!(quote.breakdown.total, "407.05".parse::<Decimal>().unwrap());
    let closed = order("110100", ProductCode::ResidentMedical, 2025);
    let p = &fixtures::PEOPLE[0];
    let refused = block_on(api.start_verification(StartVerification::to_pay(closed, p.name.into(), p.id_number.into(), p.mobile.into())));
    assert_eq!(refused, Err(ApiError::WindowClosed));
}

#[test]
fn cancel_and_expiry() {
    let api = DemoBackend::ephemeral(DemoTiming { latency_ms: 0, settle_ms: 0, expire_ms: 60_000 });
    let order = order("440100", ProductCode::NewbornMedical, 2026);
    let token = verify(&api, 4, &order);
    let quote = resident_quote(&api, &token, &order, "tier-1");
    assert_eq!(quote.breakdown.total, Decimal::from(175));
    let p = block_on(api.create_payment(&token, CreatePayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::CreditCard }, "k-chenjing-00000001")).unwrap();
    assert_eq!(p.status, PaymentStatus::Processing);
    // While it is processing a second payment for the same order is refused.
    let second = block_on(api.create_payment(&token, CreatePayment { quote_id: quote.quote_id, method: PaymentMethod::Wallet }, "k-chenjing-00000002"));
    assert_eq!(second, Err(ApiError::PaymentInProgress));
    let cancelled = block_on(api.cancel_payment(&token, &p.payment_id)).unwrap();
    assert_eq!((cancelled.status, cancelled.money_taken), (PaymentStatus::Cancelled, false));
    assert_eq!(block_on(api.payment("tok_unknown", &p.payment_id)), Err(ApiError::SessionExpired));
}

/// Verifies person `person` to read their record in `city` with the SMS code and the e-card
/// password (the two methods reading asks for there).
fn verify_for_record(api: &DemoBackend, person: usize, city: &str) -> String {
    let p = &fixtures::PEOPLE[person];
    let session = block_on(api.start_verification(StartVerification::to_read_record(city.into(), p.name.into(), p.id_number.into(), p.mobile.into()))).unwrap();
    assert_eq!(session.required, 2);
    block_on(api.send_sms_code(&session.session_id)).unwrap();
    let first = block_on(api.check_sms_code(&session.session_id, fixtures::DEMO_SMS_CODE)).unwrap();
    assert_eq!((first.token.as_ref(), first.still_needed, first.passed.clone()), (None, 1, vec![VerifyMethod::Sms]));
    let second = if session.methods.contains(&VerifyMethod::Ecard) {
        block_on(api.check_ecard_password(&session.session_id, fixtures::DEMO_ECARD_PASSWORD)).unwrap()
    } else {
        block_on(api.start_face(&session.session_id, "/record")).unwrap();
        block_on(api.face_result(&session.session_id)).unwrap()
    };
    assert_eq!(second.still_needed, 0);
    second.token.expect("two methods read the record")
}

#[test]
fn a_record_token_reads_but_cannot_pay_and_paying_a_gap_builds_on_it() {
    let api = backend();
    let token = verify_for_record(&api, 0, "110100");
    let overview = block_on(api.record(&token, &RecordOf::own("110100"))).unwrap();
    assert_eq!(overview.holder, "张*");
    assert_eq!(overview.years.len(), 5);
    assert!(overview.employer_changed);
    let gap = order("110100", ProductCode::FlexiblePension, 2025);
    // The record token cannot be used to pay.
    assert_eq!(block_on(api.tier_options(&token, &gap)), Err(ApiError::ReadOnlyToken));
    // A pay verification built on it needs no details and no further method.
    let request = StartVerification { prior_token: Some(token.clone()), ..StartVerification::to_pay(gap.clone(), String::new(), String::new(), String::new()) };
    let session = block_on(api.start_verification(request)).unwrap();
    let pay_token = session.verified.and_then(|v| v.token).expect("the record's methods cover paying");
    assert!(block_on(api.tier_options(&pay_token, &gap)).is_ok());
    // A pay token does not read the record.
    assert_eq!(block_on(api.record(&pay_token, &RecordOf::own("110100"))), Err(ApiError::SessionExpired));
}

#[test]
fn a_paid_gap_shows_as_paid_with_its_receipt() {
    let api = backend();
    let token = verify_for_record(&api, 0, "110100");
    let before = block_on(api.record_year(&token, &RecordOf::own("110100"), 2025)).unwrap();
    assert_eq!(before.insurances[0].missing(), 3);
    let gap = before.insurances[0].back_pay.clone().expect("payable");
    let pay_token = verify(&api, 0, &gap);
    let quote = block_on(api.quote(&pay_token, QuoteRequest { order: gap, choice: TierChoice::WageBased { base_percent: 60, rate_percent: Decimal::from(20), cycle: Cycle::Quarterly } })).unwrap();
    let payment = block_on(api.create_payment(&pay_token, CreatePayment { quote_id: quote.quote_id, method: PaymentMethod::Wallet }, "record-test-key-0001")).unwrap();
    let paid = block_on(api.payment(&pay_token, &payment.payment_id)).unwrap();
    assert_eq!(paid.status, PaymentStatus::Succeeded);
    let after = block_on(api.record_year(&token, &RecordOf::own("110100"), 2025)).unwrap();
    assert_eq!(after.insurances[0].missing(), 0);
    assert_eq!(after.check(), Ok(()));
    assert!(after.insurances[0].months.iter().any(|m| m.receipt_serial == paid.receipt_serial));
}

#[test]
fn the_seed_special_cases_are_their_own_answers() {
    let api = backend();
    // 陈静: a transfer into Changsha under way; not insured in Beijing, where Changsha is offered.
    let token = verify_for_record(&api, 4, "430100");
    assert_eq!(block_on(api.record(&token, &RecordOf::own("430100"))), Err(ApiError::TransferInProgress { working_days: Some(15) }));
    match block_on(api.record(&token, &RecordOf::own("110100"))) {
        Err(ApiError::NotInsured { elsewhere }) => assert_eq!(elsewhere.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), vec!["430100"]),
        other => panic!("{other:?}"),
    }
    // 李娜 in Maoming: totals only, which is not an error; there is no month grid to ask for.
    let api = backend();
    let p = &fixtures::PEOPLE[1];
    let session = block_on(api.start_verification(StartVerification::to_read_record("440900".into(), p.name.into(), p.id_number.into(), p.mobile.into()))).unwrap();
    block_on(api.send_sms_code(&session.session_id)).unwrap();
    block_on(api.check_sms_code(&session.session_id, fixtures::DEMO_SMS_CODE)).unwrap();
    block_on(api.start_face(&session.session_id, "/identity")).unwrap();
    let token = block_on(api.face_result(&session.session_id)).unwrap().token.unwrap();
    let totals = block_on(api.record(&token, &RecordOf::own("440900"))).unwrap();
    assert_eq!((totals.detail, totals.years.len(), totals.months_paid), (DetailLevel::Totals, 0, 46));
    assert_eq!(block_on(api.record_year(&token, &RecordOf::own("440900"), 2025)), Err(ApiError::NotFound));
    assert_eq!(block_on(api.medical_spending(&token, &RecordOf::own("440900"), 1)), Err(ApiError::NotFound));
}

#[test]
fn spending_comes_in_pages_newest_first() {
    let api = backend();
    let token = verify_for_record(&api, 0, "110100");
    let first = block_on(api.medical_spending(&token, &RecordOf::own("110100"), 1)).unwrap();
    assert_eq!((first.page, first.pages, first.items.len()), (1, 3, 10));
    let overview = block_on(api.record(&token, &RecordOf::own("110100"))).unwrap();
    assert_eq!(Some(first.items[0].balance_after), overview.medical_account.map(|f| f.amount));
    let last = block_on(api.medical_spending(&token, &RecordOf::own("110100"), 3)).unwrap();
    assert_eq!(last.items.len(), 3);
    assert_eq!(block_on(api.medical_spending(&token, &RecordOf::own("110100"), 4)), Err(ApiError::InvalidRequest { field: Some("page".into()) }));
}

#[test]
fn a_proof_is_issued_once_a_day_and_anyone_can_check_it_by_its_code() {
    let api = backend();
    let token = verify_for_record(&api, 0, "110100");
    let proof = block_on(api.record_proof(&token, "110100")).unwrap();
    assert_eq!(block_on(api.record_proof(&token, "110100")).unwrap().code, proof.code);
    assert!(proof.verify_url.ends_with(&format!("?proof={}", proof.code)));
    assert_eq!((proof.holder.as_str(), proof.holder_masked_id.as_str()), ("张*", "1101**********2115"));
    let checked = block_on(api.check_proof(&proof.code)).unwrap();
    assert_eq!(checked, proof);
    assert_eq!(block_on(api.check_proof("CB000000000000")), Err(ApiError::NotFound));
    // Not insured in the city asked: no proof.
    assert!(matches!(block_on(api.record_proof(&token, "310100")), Err(ApiError::NotInsured { .. })));
}

#[test]
fn the_first_screen_is_answered_before_the_rest_of_the_demo_arrives_and_the_rest_is_one_backend() {
    use crate::api::deferred::Deferred;
    let front = DemoFront::new(DemoTiming::INSTANT, "https://demo.invalid/check");
    let whole = front.whole.clone();
    let api = Deferred::new(front);
    assert_eq!(block_on(api.regions()).unwrap(), block_on(backend().regions()).unwrap());
    assert_eq!(block_on(api.products("320500")).unwrap(), block_on(backend().products("320500")).unwrap());
    assert_eq!(block_on(api.products("999999")), Err(ApiError::NotFound));
    assert!(whole.get().is_none(), "the first screen's calls bring nothing more");
    // Every later call reaches the same backend: the code one call sent, the next one checks.
    let p = &fixtures::PEOPLE[0];
    let request = StartVerification::to_pay(order("110100", ProductCode::ResidentMedical, 2027), p.name.into(), p.id_number.into(), p.mobile.into());
    let pay = block_on(api.payment_api()).unwrap();
    let session = block_on(pay.start_verification(request)).unwrap();
    block_on(pay.send_sms_code(&session.session_id)).unwrap();
    assert!(block_on(pay.check_sms_code(&session.session_id, fixtures::DEMO_SMS_CODE)).unwrap().token.is_some());
    assert!(whole.get().is_some());
}

fn add_relative(api: &DemoBackend, token: &str, name: &str, id_number: &str, relationship: Relationship) -> Result<FamilyMember, ApiError> {
    block_on(api.add_member(token, AddMember { name: name.into(), id_number: id_number.into(), relationship }))
}

#[test]
fn a_family_holds_five_at_most_and_nobody_is_in_two() {
    let api = backend();
    let token = verify_for_record(&api, 0, "110100");
    let relatives = [
        ("张建国", "110101195606152114", Relationship::Parent),
        ("李秀英", "110101195903022025", Relationship::Parent),
        ("王丽", "110102198709201046", Relationship::Spouse),
        ("张一诺", "110105201605083026", Relationship::Child),
        ("刘桂兰", "110101193601102047", Relationship::Grandparent),
    ];
    for (name, id_number, relationship) in relatives {
        let member = add_relative(&api, &token, name, id_number, relationship).unwrap();
        assert_eq!(member.minor, member.consent == Consent::NotNeeded, "{member:?}");
        assert_eq!(member.code_sent_to.is_some(), !member.minor, "{member:?}");
    }
    let family = block_on(api.family(&token)).unwrap();
    assert!(family.is_full());
    // Full: refused before anything else is looked at, even a name that does not match.
    assert_eq!(add_relative(&api, &token, "孙浩", "510107199211113314", Relationship::Other), Err(ApiError::FamilyFull { max_members: Some(family::MAX_MEMBERS) }));
    assert_eq!(add_relative(&api, &token, "孙二", "510107199211113314", Relationship::Other), Err(ApiError::FamilyFull { max_members: Some(5) }));
    // 陈静 cannot add a relative of 张伟's family; 张伟 cannot add one of hers (李娜) once he has room.
    let chen = verify_for_record(&api, 4, "430100");
    assert_eq!(add_relative(&api, &chen, "张建国", "110101195606152114", Relationship::Other), Err(ApiError::InOtherFamily));
    block_on(api.remove_member(&token, &family.members[4].member_id)).unwrap();
    assert_eq!(add_relative(&api, &token, "李娜", "440106197208153020", Relationship::Other), Err(ApiError::InOtherFamily));
    // 张建国 again while his consent is still to come: the same member (a lost answer, a second
    // tap); as another relation, a refusal.
    let again = add_relative(&api, &token, "张建国", "110101195606152114", Relationship::Parent).unwrap();
    assert_eq!(again.member_id, family.members[0].member_id);
    assert_eq!(add_relative(&api, &token, "张建国", "110101195606152114", Relationship::Other), Err(ApiError::AlreadyMember));
}

#[test]
fn five_wrong_consent_codes_lock_until_a_new_code_and_codes_are_not_sent_twice_a_minute() {
    let api = backend();
    let token = verify_for_record(&api, 0, "110100");
    let father = add_relative(&api, &token, "张建国", "110101195606152114", Relationship::Parent).unwrap();
    for left in (1..=4).rev() {
        assert_eq!(block_on(api.confirm_consent(&token, &father.member_id, "000000")), Err(ApiError::InvalidCode { attempts_left: Some(left) }));
    }
    assert_eq!(block_on(api.confirm_consent(&token, &father.member_id, "000000")), Err(ApiError::TooManyAttempts));
    // Locked: even the right code is refused until a new one is sent.
    assert_eq!(block_on(api.confirm_consent(&token, &father.member_id, fixtures::DEMO_SMS_CODE)), Err(ApiError::TooManyAttempts));
    match block_on(api.request_consent(&token, &father.member_id)) {
        Err(ApiError::TooManyRequests { retry_after_seconds: Some(seconds) }) => assert!((1..=60).contains(&seconds), "{seconds}"),
        other => panic!("a second code within the minute: {other:?}"),
    }
    // Another payer's member, or one that does not exist, is not found.
    let chen = verify_for_record(&api, 4, "430100");
    assert_eq!(block_on(api.confirm_consent(&chen, &father.member_id, fixtures::DEMO_SMS_CODE)), Err(ApiError::NotFound));
    // Removing one of his leaves her family as it is (removing is idempotent).
    let hers = block_on(api.family(&chen)).unwrap();
    assert_eq!(block_on(api.remove_member(&chen, &father.member_id)), Ok(hers));
    assert!(block_on(api.family(&token)).unwrap().member(&father.member_id).is_some());
    assert_eq!(block_on(api.request_consent(&token, "fm_unknown")), Err(ApiError::NotFound));
}

#[test]
fn seeded_consents_run_out_and_are_withdrawn_and_can_be_given_again() {
    let api = backend();
    let chen = verify_for_record(&api, 4, "430100");
    let family = block_on(api.family(&chen)).unwrap();
    let consents: Vec<Consent> = family.members.iter().map(|m| m.consent).collect();
    assert_eq!(consents, vec![Consent::Granted, Consent::Withdrawn, Consent::Expired]);
    assert_eq!(family.members.iter().map(|m| m.consent.allows_acting()).collect::<Vec<_>>(), vec![true, false, false]);
    assert!(family.members[1].withdrawn_at.is_some() && family.members[1].consent_until.is_none());
    // The one that ran out: a new code, then the consent for another year.
    let expired = &family.members[2];
    let asked = block_on(api.request_consent(&chen, &expired.member_id)).unwrap();
    assert_eq!((asked.consent, asked.code_sent_to.as_deref(), asked.consent_until.as_deref()), (Consent::Pending, Some("138****1012"), None));
    let granted = block_on(api.confirm_consent(&chen, &expired.member_id, fixtures::DEMO_SMS_CODE)).unwrap();
    assert_eq!(granted.consent, Consent::Granted);
    assert!(granted.consent_until > expired.consent_until, "{granted:?}");
    // The member withdraws (from their own phone); a second withdrawal finds nothing in force.
    assert!(block_on(api.withdraw_consent(&family.members[0].member_id)).unwrap());
    assert!(!block_on(api.withdraw_consent(&family.members[0].member_id)).unwrap());
    assert_eq!(block_on(api.family(&chen)).unwrap().members[0].consent, Consent::Withdrawn);
}

#[test]
fn only_a_record_token_reaches_a_family_and_a_removed_seed_stays_removed() {
    let api = backend();
    let order = order("110100", ProductCode::ResidentMedical, 2027);
    let pay = verify(&api, 0, &order);
    assert_eq!(block_on(api.family(&pay)), Err(ApiError::SessionExpired));
    assert_eq!(block_on(api.family("tok_unknown")), Err(ApiError::SessionExpired));
    let zhao = verify_for_record(&api, 6, "310100");
    let full = block_on(api.family(&zhao)).unwrap();
    assert_eq!(full.members.len(), 5);
    let after = block_on(api.remove_member(&zhao, &full.members[0].member_id)).unwrap();
    assert_eq!(after.members, full.members[1..].to_vec());
    // Asking again does not seed the family again.
    assert_eq!(block_on(api.family(&zhao)).unwrap(), after);
}

#[test]
fn a_relatives_record_is_read_only_while_their_consent_is_in_force() {
    let api = backend();
    let chen = verify_for_record(&api, 4, "430100");
    let family = block_on(api.family(&chen)).unwrap();
    let (li_na, withdrawn, expired) = (&family.members[0].member_id, &family.members[1].member_id, &family.members[2].member_id);
    let of = |city: &str, member: &str| RecordOf { city: city.into(), member: Some(member.into()) };
    // Not in the payer's city: where she is insured instead.
    match block_on(api.record(&chen, &of("430100", li_na))) {
        Err(ApiError::NotInsured { elsewhere }) => assert_eq!(elsewhere.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), vec!["440100", "440900"]),
        other => panic!("{other:?}"),
    }
    let hers = block_on(api.record(&chen, &of("440100", li_na))).unwrap();
    assert_eq!(hers.holder, "李*");
    assert!(block_on(api.record_year(&chen, &of("440100", li_na), 2025)).unwrap().check().is_ok());
    assert!(block_on(api.medical_spending(&chen, &of("440100", li_na), 1)).is_ok());
    // A consent withdrawn or run out, an id from another family or none: refused alike.
    let zhang = verify_for_record(&api, 0, "110100");
    for (token, member) in [(&chen, withdrawn.as_str()), (&chen, expired.as_str()), (&zhang, li_na.as_str()), (&chen, "fm_unknown")] {
        assert_eq!(block_on(api.record(token, &of("440100", member))), Err(ApiError::ConsentRequired), "{member}");
        assert_eq!(block_on(api.record_year(token, &of("440100", member), 2025)), Err(ApiError::ConsentRequired), "{member}");
    }
    // She withdraws: the very next read is refused.
    assert!(block_on(api.withdraw_consent(li_na)).unwrap());
    assert_eq!(block_on(api.medical_spending(&chen, &of("440100", li_na), 1)), Err(ApiError::ConsentRequired));
}

#[test]
fn a_relatives_gap_is_paid_on_the_payers_verification_and_only_once() {
    let api = backend();
    let liu = verify_for_record(&api, 3, "110100");
    let spouse = block_on(api.family(&liu)).unwrap().members[0].member_id.clone();
    let year = block_on(api.record_year(&liu, &RecordOf { city: "110100".into(), member: Some(spouse.clone()) }, 2025)).unwrap();
    let gap = year.insurances.iter().find_map(|i| i.back_pay.clone()).expect("张伟 has months to pay back");
    let start = |member: Option<String>| StartVerification { prior_token: Some(liu.clone()), member, ..StartVerification::to_pay(gap.clone(), String::new(), String::new(), String::new()) };
    let session = block_on(api.start_verification(start(Some(spouse.clone())))).unwrap();
    let token = session.verified.and_then(|v| v.token).expect("the payer's record verification covers paying");
    // The order is his: his masked ID number, not the payer's.
    assert_eq!(block_on(api.insured_profile(&token, &gap)).unwrap().masked_id, "1101**********2115");
    // Not a member of this family: refused; a pay token cannot stand for a member.
    assert_eq!(block_on(api.start_verification(start(Some("fm_unknown".into())))), Err(ApiError::ConsentRequired));
    let pay_prior = StartVerification { prior_token: Some(token.clone()), member: Some(spouse.clone()), ..StartVerification::to_pay(gap.clone(), String::new(), String::new(), String::new()) };
    assert_eq!(block_on(api.start_verification(pay_prior)), Err(ApiError::InvalidRequest { field: Some("member".into()) }));
    // Paid once through the family, 张伟 himself is then told it is paid.
    let choice = TierChoice::WageBased { base_percent: 60, rate_percent: Decimal::from(20), cycle: Cycle::Quarterly };
    let quote = block_on(api.quote(&token, QuoteRequest { order: gap.clone(), choice })).unwrap();
    let paid = block_on(api.create_payment(&token, CreatePayment { quote_id: quote.quote_id, method: PaymentMethod::Wallet }, "k-family-gap-0001")).unwrap();
    let settled = block_on(api.payment(&token, &paid.payment_id)).unwrap();
    assert_eq!(settled.status, PaymentStatus::Succeeded);
    // His receipt, naming who paid for him.
    let receipt = block_on(api.receipt(&token, &settled.receipt_serial.unwrap())).unwrap();
    assert_eq!((receipt.payer_masked_id.as_str(), receipt.paid_by.as_deref()), ("1101**********2115", Some("刘*")));
    let his = verify(&api, 0, &gap);
    assert!(block_on(api.insured_profile(&his, &gap)).unwrap().already_paid.is_some());
}

/// The payer's pay token for `order`, built on their family's (record) verification.
fn family_pay_token(api: &DemoBackend, record_token: &str, order: &OrderRef) -> String {
    let start = StartVerification { prior_token: Some(record_token.into()), ..StartVerification::to_pay(order.clone(), String::new(), String::new(), String::new()) };
    block_on(api.start_verification(start)).unwrap().verified.and_then(|v| v.token).expect("the family's verification covers paying")
}

#[test]
fn a_family_order_pays_each_member_once_in_parts_that_fit_with_a_receipt_each_naming_the_payer() {
    use crate::domain::family_order::plan;
    let api = backend();
    let chengdu = order("510100", ProductCode::ResidentMedical, 2027);
    let liu = verify_for_record(&api, 3, "510100");
    let status = block_on(api.family_status(&liu, &chengdu)).unwrap();
    assert_eq!(status.members.len(), 3);
    assert!(status.members.iter().all(|m| m.state == MemberOrderState::Due));
    let members: Vec<String> = status.members.iter().map(|m| m.member_id.clone()).collect();
    // The record token only reads: a family quote needs a pay token.
    let request = FamilyQuoteRequest { order: chengdu.clone(), tier: "tier-2".into(), members: members.clone() };
    assert_eq!(block_on(api.family_quote(&liu, request.clone())), Err(ApiError::ReadOnlyToken));
    let token = family_pay_token(&api, &liu, &chengdu);
    let quote = block_on(api.family_quote(&token, request)).unwrap();
    quote.check().unwrap();
    assert_eq!(quote.blocks.len(), 3);
    assert_eq!(quote.total, Decimal::from(1050));
    // 家庭共济 from 刘洋's Chengdu medical account: ¥800 a payment, so two parts.
    let account = quote.methods.iter().find(|m| m.method == PaymentMethod::FamilyMedicalAccount).expect("Chengdu allows 家庭共济");
    let balance = account.balance.expect("his account's balance");
    assert!(balance >= quote.total);
    let parts = plan(&quote, account).unwrap();
    assert_eq!(parts.iter().map(|p| p.1).collect::<Vec<_>>(), vec![Decimal::from(700), Decimal::from(350)]);
    let mut serials = Vec::new();
    for (i, (part, _)) in parts.iter().enumerate() {
        let create = CreateFamilyPayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::FamilyMedicalAccount, members: part.clone() };
        let key = format!("k-family-order-{i:04}");
        let paid = block_on(api.create_family_payment(&token, create.clone(), &key)).unwrap();
        // The same key again is the same payment; another key for the same members is refused.
        assert_eq!(block_on(api.create_family_payment(&token, create.clone(), &key)).unwrap().payment_id, paid.payment_id);
        assert_eq!(block_on(api.create_family_payment(&token, create, "k-family-order-again")), Err(ApiError::AlreadyPaid));
        let settled = block_on(api.family_payment(&token, &paid.payment_id)).unwrap();
        assert_eq!((settled.status, settled.receipts.len()), (PaymentStatus::Succeeded, part.len()));
        serials.extend(settled.receipts.into_iter().map(|r| r.serial));
    }
    for serial in &serials {
        assert_eq!(block_on(api.receipt(&token, serial)).unwrap().paid_by.as_deref(), Some("刘*"));
    }
    let after = block_on(api.family_status(&liu, &chengdu)).unwrap();
    assert!(after.members.iter().all(|m| m.state == MemberOrderState::Paid && m.receipt_serial.is_some()));
    // The account paid for them: its balance is less by the total.
    let year_2026 = order("510100", ProductCode::ResidentMedical, 2026);
    let later = block_on(api.family_quote(&family_pay_token(&api, &liu, &year_2026), FamilyQuoteRequest { order: year_2026, tier: "tier-1".into(), members: vec![members[0].clone()] })).unwrap();
    let now = later.methods.iter().find(|m| m.method == PaymentMethod::FamilyMedicalAccount).and_then(|m| m.balance).unwrap();
    assert_eq!(now, balance - Decimal::from(1050));
    // 张伟, paid for by his spouse, is told so when he comes to pay himself.
    let his = verify(&api, 0, &chengdu);
    assert!(block_on(api.insured_profile(&his, &chengdu)).unwrap().already_paid.is_some());
}

#[test]
fn a_family_order_stops_at_a_withdrawn_consent_and_a_member_someone_else_paid() {
    let api = backend();
    let chengdu = order("510100", ProductCode::ResidentMedical, 2027);
    let liu = verify_for_record(&api, 3, "510100");
    let status = block_on(api.family_status(&liu, &chengdu)).unwrap();
    let (spouse, father) = (status.members[0].member_id.clone(), status.members[1].member_id.clone());
    let token = family_pay_token(&api, &liu, &chengdu);
    let quote = block_on(api.family_quote(&token, FamilyQuoteRequest { order: chengdu.clone(), tier: "tier-1".into(), members: vec![spouse.clone(), father.clone()] })).unwrap();
    // 张伟 pays for himself first: the family's part for him is refused, not paid twice.
    let his = verify(&api, 0, &chengdu);
    let own = resident_quote(&api, &his, &chengdu, "tier-1");
    let paid = block_on(api.create_payment(&his, CreatePayment { quote_id: own.quote_id, method: PaymentMethod::Wallet }, "k-himself-000001")).unwrap();
    block_on(api.payment(&his, &paid.payment_id)).unwrap();
    let both = CreateFamilyPayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::Wallet, members: vec![spouse, father.clone()] };
    assert_eq!(block_on(api.create_family_payment(&token, both, "k-family-both-0001")), Err(ApiError::AlreadyPaid));
    // The father withdraws his consent: nothing more is paid for him, and nothing is shown.
    assert!(block_on(api.withdraw_consent(&father)).unwrap());
    let only_father = CreateFamilyPayment { quote_id: quote.quote_id, method: PaymentMethod::Wallet, members: vec![father.clone()] };
    assert_eq!(block_on(api.create_family_payment(&token, only_father, "k-family-father-01")), Err(ApiError::ConsentRequired));
    let after = block_on(api.family_status(&liu, &chengdu)).unwrap();
    assert_eq!(after.members.iter().map(|m| m.state).collect::<Vec<_>>(), vec![MemberOrderState::Paid, MemberOrderState::ConsentRequired, MemberOrderState::Due]);
    // Another payer's token does not reach this quote's payments.
    let other = verify(&api, 2, &chengdu);
    assert_eq!(block_on(api.family_payment(&other, "fpay_000001")), Err(ApiError::NotFound));
}
