//! The demo backend enforces what a real backend would: these tests drive it natively.

use super::*;
use futures::executor::block_on;

mod family;

fn backend() -> DemoBackend {
    DemoBackend::ephemeral(DemoTiming::INSTANT)
}

fn order(city: &str, product: ProductCode, year: u16) -> OrderRef {
    OrderRef { city: city.into(), product, year }
}

fn verify(api: &DemoBackend, person: usize, order: &OrderRef) -> String {
    let p = &fixtures::PEOPLE[person];
    let session = block_on(api.start_verification(StartVerification::to_pay(order.clone(), p.name.into(), p.id_number.into(), p.mobile.into()))).unwrap();
    pass_in_turn(api, &session)
}

/// Passes `method` as the demo person does (the demo's code, password, or the face stand-in).
fn pass(api: &DemoBackend, session_id: &str, method: VerifyMethod) -> Result<Verified, ApiError> {
    match method {
        VerifyMethod::Sms => {
            block_on(api.send_sms_code(session_id))?;
            block_on(api.check_sms_code(session_id, fixtures::DEMO_SMS_CODE))
        }
        VerifyMethod::Ecard => block_on(api.check_ecard_password(session_id, fixtures::DEMO_ECARD_PASSWORD)),
        VerifyMethod::Face => {
            block_on(api.start_face(session_id, "/identity"))?;
            block_on(api.face_result(session_id))
        }
    }
}

/// The session's methods in the order offered until they give the token (one where one pays;
/// each in turn where the city asks for all of them).
fn pass_in_turn(api: &DemoBackend, session: &VerificationSession) -> String {
    session.methods.iter().find_map(|m| pass(api, &session.session_id, *m).unwrap().token).expect("the methods give a token")
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
    // Seed 003: Beijing's standard of 1,280 less its 640 subsidy.
    let quote = resident_quote(&api, &token, &order, "tier-1");
    assert_eq!(quote.breakdown.total, Decimal::from(640));
    assert_eq!(quote.breakdown.check(), Ok(()));
    let request = CreatePayment::new(quote.quote_id.clone(), PaymentMethod::Wallet);
    let key = "k-0123456789abcdef";
    // A key outside the contract's 16 to 128 characters is bad input, and pays nothing.
    for bad in ["k-short", &"k".repeat(129)] {
        let refused = block_on(api.create_payment(&token, request.clone(), bad));
        assert_eq!(refused, Err(ApiError::InvalidRequest { field: Some("Idempotency-Key".into()) }));
    }
    assert!(api.state.lock().unwrap().payments.is_empty());
    let first = block_on(api.create_payment(&token, request.clone(), key)).unwrap();
    // A wallet asks the payer to confirm: with no client named, by a code to scan.
    assert_eq!(first.status, PaymentStatus::RequiresAction);
    assert!(matches!(&first.next_action, NextAction::Qr { code } if code.contains(&first.payment_id)), "{:?}", first.next_action);
    // The same key again (a double tap, a retry after a timeout) is the same payment.
    let again = block_on(api.create_payment(&token, request.clone(), key)).unwrap();
    assert_eq!(first.payment_id, again.payment_id);
    confirm(&api, &first);
    let paid = block_on(api.payment(&token, &first.payment_id)).unwrap();
    assert_eq!(paid.status, PaymentStatus::Succeeded);
    assert!(paid.money_taken);
    let serial = paid.receipt_serial.clone().unwrap();
    let receipt = block_on(api.receipt(&token, &serial)).unwrap();
    assert_eq!(receipt.payer_masked_id, "1101**********2115");
    assert_eq!(receipt.amount, Decimal::from(640));
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
    let p = block_on(api.create_payment(&token, CreatePayment::new(quote.quote_id, PaymentMethod::BankCard), "k-liuyang-000000001")).unwrap();
    confirm(&api, &p);
    let p = block_on(api.payment(&token, &p.payment_id)).unwrap();
    assert_eq!((p.status, p.money_taken), (PaymentStatus::Failed, false));
    // 杨帆 is a student: half the personal share.
    let token = verify(&api, 5, &order);
    assert_eq!(resident_quote(&api, &token, &order, "tier-1").breakdown.total, Decimal::from(320));
    // 赵国强 is paid for by the state: zero, and the only method is fiscal pay-on-behalf.
    let token = verify(&api, 6, &order);
    let quote = resident_quote(&api, &token, &order, "tier-1");
    assert!(quote.breakdown.total.is_zero());
    let methods = block_on(api.payment_methods(&token, &quote.quote_id)).unwrap();
    assert_eq!(methods.len(), 1);
    assert_eq!(methods[0].method, PaymentMethod::FiscalPayOnBehalf);
}

#[test]
fn a_person_without_a_registration_is_told_where_to_register_and_a_pilot_county_pays_only_the_confirmed() {
    let api = backend();
    let start = |city: &str, person: usize| {
        let p = &fixtures::PEOPLE[person];
        block_on(api.start_verification(StartVerification::to_pay(order(city, ProductCode::ResidentMedical, 2027), p.name.into(), p.id_number.into(), p.mobile.into())))
    };
    let (zheng_hong, wu_xiulan) = (9, 10);
    // 郑红 has no registration: where to register, online in Guangdong, paying from the next day.
    let Err(ApiError::NotRegistered { guide: Some(guide) }) = start("440100", zheng_hong) else { panic!("郑红 is not registered") };
    assert_eq!((guide.kind, guide.pay_online_after_days), (RegistrationKind::Register, 1));
    assert!(guide.online.is_some() && guide.correct_details.zh.contains("户口本"));
    let Err(ApiError::NotRegistered { guide: Some(guide) }) = start("110100", zheng_hong) else { panic!("nor in Beijing") };
    assert!(guide.online.is_none());
    // The pilot county (seed 003: 380 with a 320 subsidy) refuses whom it has not confirmed offline.
    let Err(ApiError::NotRegistered { guide: Some(guide) }) = start("410225", 0) else { panic!("张伟 is not confirmed in 兰考") };
    assert_eq!(guide.kind, RegistrationKind::ConfirmEligibility);
    let order = order("410225", ProductCode::ResidentMedical, 2027);
    let token = verify(&api, wu_xiulan, &order);
    let quote = resident_quote(&api, &token, &order, "tier-1");
    let lines: Vec<Decimal> = quote.breakdown.lines.iter().map(|l| l.amount).collect();
    assert_eq!((quote.breakdown.total, lines), (Decimal::from(60), vec![Decimal::from(380), Decimal::from(320)]));
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
    let order = order("410300", ProductCode::FlexibleMedical, 2026);
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
    let over = block_on(api.create_payment(&token, CreatePayment::new(quote.quote_id.clone(), PaymentMethod::BankCard), "k-over-limit-000001"));
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
    let quote = resident_quote(&api, &token, &back, "tier-1");
    // 640 × 0.05 % × 326 days = 104.32
    assert_eq!(quote.breakdown.total, "744.32".parse::<Decimal>().unwrap());
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
    assert_eq!(quote.breakdown.total, Decimal::from(200));
    let p = block_on(api.create_payment(&token, CreatePayment::new(quote.quote_id.clone(), PaymentMethod::BankCard), "k-chenjing-00000001")).unwrap();
    assert_eq!(p.status, PaymentStatus::RequiresAction);
    confirm(&api, &p);
    assert_eq!(block_on(api.payment(&token, &p.payment_id)).unwrap().status, PaymentStatus::Processing);
    // While it is processing a second payment for the same order is refused.
    let second = block_on(api.create_payment(&token, CreatePayment::new(quote.quote_id, PaymentMethod::Wallet), "k-chenjing-00000002"));
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
    let payment = block_on(api.create_payment(&pay_token, CreatePayment::new(quote.quote_id, PaymentMethod::Wallet), "record-test-key-0001")).unwrap();
    confirm(&api, &payment);
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
    let token = pass_in_turn(&api, &session);
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

/// The payer confirms `payment` at the stand-in cashier, as the provider would tell the backend.
pub(super) fn confirm(api: &DemoBackend, payment: &Payment) {
    block_on(api.cashier_decides(&payment.payment_id, CashierDecision::Confirm, 0)).expect("a payment waiting for the wallet");
}

/// A quote for 张伟's 2027 residents' medical insurance in Beijing, and his pay token.
fn zhang_weis_quote(api: &DemoBackend) -> (String, Quote) {
    let order = order("110100", ProductCode::ResidentMedical, 2027);
    let token = verify(api, 0, &order);
    let quote = resident_quote(api, &token, &order, "tier-1");
    (token, quote)
}

#[test]
fn the_hand_off_follows_the_client_and_the_method() {
    let api = backend();
    let (token, quote) = zhang_weis_quote(&api);
    let back = "https://demo.invalid/processing";
    let pay = |method, client, key: &str| block_on(api.create_payment(&token, CreatePayment { quote_id: quote.quote_id.clone(), method, client: Some(client), return_url: Some(back.into()) }, key)).unwrap();
    let in_wechat = pay(PaymentMethod::Wallet, ClientKind::WechatWebview, "k-handoff-wechat-001");
    let NextAction::WechatJsapi { wechat_jsapi } = &in_wechat.next_action else { panic!("{:?}", in_wechat.next_action) };
    assert_eq!(wechat_jsapi.package, format!("prepay_id={}", in_wechat.payment_id));
    // Another key for the same order closes the payment that waited (nothing was taken).
    let in_browser = pay(PaymentMethod::BankCard, ClientKind::MobileBrowser, "k-handoff-mobile-001");
    assert!(matches!(&in_browser.next_action, NextAction::Redirect { url } if url.starts_with("https://demo.invalid/cashier?payment=") && url.contains("return=https%3A//demo.invalid/processing")));
    assert_eq!(block_on(api.payment(&token, &in_wechat.payment_id)).unwrap().status, PaymentStatus::Cancelled);
    let on_desktop = pay(PaymentMethod::Wallet, ClientKind::DesktopBrowser, "k-handoff-desktop-01");
    assert!(matches!(on_desktop.next_action, NextAction::Qr { .. }));
    // A return address that is not one of the app's own pages is refused: nothing is made.
    let elsewhere = CreatePayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::Wallet, client: Some(ClientKind::MobileBrowser), return_url: Some("https://evil.example/".into()) };
    assert_eq!(block_on(api.create_payment(&token, elsewhere, "k-handoff-evil-00001")), Err(ApiError::InvalidRequest { field: Some("return_url".into()) }));
    // A social security card account is debited by the backend: nothing to confirm.
    let by_card = pay(PaymentMethod::SocialSecurityCard, ClientKind::MobileBrowser, "k-handoff-sscard-001");
    assert_eq!(by_card.next_action, NextAction::None);
    assert_ne!(by_card.status, PaymentStatus::RequiresAction);
}

#[test]
fn leaving_the_cashier_keeps_the_payment_and_its_key_and_the_wallet_failing_ends_it() {
    let api = backend();
    let (token, quote) = zhang_weis_quote(&api);
    let request = CreatePayment::new(quote.quote_id.clone(), PaymentMethod::Wallet);
    let first = block_on(api.create_payment(&token, request.clone(), "k-leave-cashier-0001")).unwrap();
    let left = block_on(api.cashier_decides(&first.payment_id, CashierDecision::Cancel, 0)).unwrap();
    assert_eq!(left.status, PaymentStatus::RequiresAction);
    let again = block_on(api.create_payment(&token, request.clone(), "k-leave-cashier-0001")).unwrap();
    assert_eq!((again.payment_id.as_str(), again.status, again.money_taken), (first.payment_id.as_str(), PaymentStatus::RequiresAction, false), "pay again: the same payment");
    // A provider slow to tell: the backend says it waits until the provider has told it.
    block_on(api.cashier_decides(&first.payment_id, CashierDecision::Confirm, 60_000)).unwrap();
    assert_eq!(block_on(api.payment(&token, &first.payment_id)).unwrap().status, PaymentStatus::RequiresAction);
    assert_eq!(api.state.lock().unwrap().payments.len(), 1);


    // The wallet refusing ends the payment with nothing taken: paying again is a new payment.
    let api = backend();
    let (token, quote) = zhang_weis_quote(&api);
    let refused = block_on(api.create_payment(&token, CreatePayment::new(quote.quote_id, PaymentMethod::Wallet), "k-wallet-fails-00001")).unwrap();
    let failed = block_on(api.cashier_decides(&refused.payment_id, CashierDecision::Fail, 0)).unwrap();
    assert_eq!(failed.status, PaymentStatus::Failed);
    let seen = block_on(api.payment(&token, &refused.payment_id)).unwrap();
    assert_eq!((seen.status, seen.money_taken, seen.next_action), (PaymentStatus::Failed, false, NextAction::None));
}

#[test]
fn guangdong_asks_for_the_face_then_an_sms_code_and_jiangsu_for_the_e_card_only() {
    let api = backend();
    let guangzhou = order("440100", ProductCode::ResidentMedical, 2027);
    let p = &fixtures::PEOPLE[0];
    let start = |order: &OrderRef| block_on(api.start_verification(StartVerification::to_pay(order.clone(), p.name.into(), p.id_number.into(), p.mobile.into()))).unwrap();
    let session = start(&guangzhou);
    assert_eq!((session.methods.as_slice(), session.required, session.in_order), ([VerifyMethod::Face, VerifyMethod::Sms].as_slice(), 2, true));
    // The SMS code is the second step: not open before the face has passed.
    assert_eq!(pass(&api, &session.session_id, VerifyMethod::Sms), Err(ApiError::MethodUnavailable));
    let first = pass(&api, &session.session_id, VerifyMethod::Face).unwrap();
    assert_eq!((first.token, first.passed, first.still_needed), (None, vec![VerifyMethod::Face], 1));
    let second = pass(&api, &session.session_id, VerifyMethod::Sms).unwrap();
    assert!(second.token.is_some());
    assert_eq!(second.passed, vec![VerifyMethod::Face, VerifyMethod::Sms]);
    // Jiangsu: the e-card's password alone, and it pays.
    let nanjing = start(&order("320100", ProductCode::ResidentMedical, 2027));
    assert_eq!((nanjing.methods.as_slice(), nanjing.required, nanjing.in_order), ([VerifyMethod::Ecard].as_slice(), 1, false));
    assert!(pass(&api, &nanjing.session_id, VerifyMethod::Ecard).unwrap().token.is_some());
}

#[test]
fn a_daily_limit_counts_what_the_payer_paid_today_and_refuses_what_is_over_it() {
    use crate::domain::limits::left_today;
    let api = backend();
    // 孙丽 has paid ¥48,000 by bank card today elsewhere: ¥2,000 is left of its ¥50,000.
    let sun_li = fixtures::PEOPLE.iter().position(|p| p.name == "孙丽").unwrap();
    let medical = order("110100", ProductCode::FlexibleMedical, 2026);
    let token = verify(&api, sun_li, &medical);
    let choice = TierChoice::WageBased { base_percent: 100, rate_percent: Decimal::from(10), cycle: Cycle::Quarterly };
    let quote = block_on(api.quote(&token, QuoteRequest { order: medical, choice })).unwrap();
    assert_eq!(quote.breakdown.total, "3581.10".parse::<Decimal>().unwrap());
    let methods = block_on(api.payment_methods(&token, &quote.quote_id)).unwrap();
    let card = methods.iter().find(|m| m.method == PaymentMethod::BankCard).unwrap();
    assert_eq!((card.daily_limit, card.paid_today, left_today(card)), (Some(Decimal::from(50_000)), Some(Decimal::from(48_000)), Some(Decimal::from(2_000))));
    let by_card = block_on(api.create_payment(&token, CreatePayment::new(quote.quote_id.clone(), PaymentMethod::BankCard), "k-sunli-card-00001"));
    assert_eq!(by_card, Err(ApiError::OverLimit));
    // Her residents' insurance fits what is left; once it is paid, less is left.
    let residents = order("110100", ProductCode::ResidentMedical, 2027);
    let token = verify(&api, sun_li, &residents);
    let quote = resident_quote(&api, &token, &residents, "tier-1");
    let paid = block_on(api.create_payment(&token, CreatePayment::new(quote.quote_id.clone(), PaymentMethod::BankCard), "k-sunli-card-00002")).unwrap();
    confirm(&api, &paid);
    assert_eq!(block_on(api.payment(&token, &paid.payment_id)).unwrap().status, PaymentStatus::Succeeded);
    let again = block_on(api.payment_methods(&token, &quote.quote_id)).unwrap();
    let card = again.iter().find(|m| m.method == PaymentMethod::BankCard).unwrap();
    assert_eq!(left_today(card), Some(Decimal::from(1_360)));
}
