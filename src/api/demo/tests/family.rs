//! The demo's families: adding relatives, their consent, their records and the family order.

use super::*;

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
    assert_eq!(add_relative(&api, &token, "孙浩", "510107199211113314", Relationship::Other), Err(ApiError::FamilyFull { max_members: Some(crate::api::demo::family::MAX_MEMBERS) }));
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
    let paid = block_on(api.create_payment(&token, CreatePayment::new(quote.quote_id, PaymentMethod::Wallet), "k-family-gap-0001")).unwrap();
    confirm(&api, &paid);
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
    let request = FamilyQuoteRequest { order: chengdu.clone(), tier: "tier-1".into(), members: members.clone() };
    assert_eq!(block_on(api.family_quote(&liu, request.clone())), Err(ApiError::ReadOnlyToken));
    let token = family_pay_token(&api, &liu, &chengdu);
    let quote = block_on(api.family_quote(&token, request)).unwrap();
    quote.check().unwrap();
    assert_eq!(quote.blocks.len(), 3);
    assert_eq!(quote.total, Decimal::from(1170));
    // 家庭共济 from 刘洋's Chengdu medical account: ¥800 a payment, so two parts.
    let account = quote.methods.iter().find(|m| m.method == PaymentMethod::FamilyMedicalAccount).expect("Chengdu allows 家庭共济");
    let balance = account.balance.expect("his account's balance");
    assert!(balance >= quote.total);
    let parts = plan(&quote, account).unwrap();
    assert_eq!(parts.iter().map(|p| p.1).collect::<Vec<_>>(), vec![Decimal::from(780), Decimal::from(390)]);
    let mut serials = Vec::new();
    for (i, (part, _)) in parts.iter().enumerate() {
        let create = CreateFamilyPayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::FamilyMedicalAccount, members: part.clone(), client: None, return_url: None };
        let key = format!("k-family-order-{i:04}");
        let too_long = "k".repeat(129);
        assert_eq!(block_on(api.create_family_payment(&token, create.clone(), &too_long)), Err(ApiError::InvalidRequest { field: Some("Idempotency-Key".into()) }));
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
    assert_eq!(now, balance - Decimal::from(1170));
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
    let paid = block_on(api.create_payment(&his, CreatePayment::new(own.quote_id, PaymentMethod::Wallet), "k-himself-000001")).unwrap();
    confirm(&api, &paid);
    block_on(api.payment(&his, &paid.payment_id)).unwrap();
    let both = CreateFamilyPayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::Wallet, members: vec![spouse, father.clone()], client: None, return_url: None };
    assert_eq!(block_on(api.create_family_payment(&token, both, "k-family-both-0001")), Err(ApiError::AlreadyPaid));
    // The father withdraws his consent: nothing more is paid for him, and nothing is shown.
    assert!(block_on(api.withdraw_consent(&father)).unwrap());
    let only_father = CreateFamilyPayment { quote_id: quote.quote_id, method: PaymentMethod::Wallet, members: vec![father.clone()], client: None, return_url: None };
    assert_eq!(block_on(api.create_family_payment(&token, only_father, "k-family-father-01")), Err(ApiError::ConsentRequired));
    let after = block_on(api.family_status(&liu, &chengdu)).unwrap();
    assert_eq!(after.members.iter().map(|m| m.state).collect::<Vec<_>>(), vec![MemberOrderState::Paid, MemberOrderState::ConsentRequired, MemberOrderState::Due]);
    // Another payer's token does not reach this quote's payments.
    let other = verify(&api, 2, &chengdu);
    assert_eq!(block_on(api.family_payment(&other, "fpay_000001")), Err(ApiError::NotFound));
}

#[test]
fn each_part_of_a_family_order_waits_for_one_confirmation_in_the_wallet() {
    use crate::domain::family_order::plan;
    let api = backend();
    let chengdu = order("510100", ProductCode::ResidentMedical, 2027);
    let liu = verify_for_record(&api, 3, "510100");
    let members: Vec<String> = block_on(api.family_status(&liu, &chengdu)).unwrap().members.iter().map(|m| m.member_id.clone()).collect();
    let token = family_pay_token(&api, &liu, &chengdu);
    let quote = block_on(api.family_quote(&token, FamilyQuoteRequest { order: chengdu, tier: "tier-1".into(), members })).unwrap();
    let wallet = quote.methods.iter().find(|m| m.method == PaymentMethod::Wallet).unwrap();
    let parts = plan(&quote, wallet).unwrap();
    let back = "https://demo.invalid/family/order/pay";
    let create = |members: &Vec<String>| CreateFamilyPayment { quote_id: quote.quote_id.clone(), method: PaymentMethod::Wallet, members: members.clone(), client: Some(ClientKind::MobileBrowser), return_url: Some(back.into()) };
    let first = block_on(api.create_family_payment(&token, create(&parts[0].0), "k-family-wallet-0001")).unwrap();
    assert_eq!(first.status, PaymentStatus::RequiresAction);
    assert!(matches!(&first.next_action, NextAction::Redirect { url } if url.contains(&first.payment_id)), "{:?}", first.next_action);
    // Left at the cashier: still waiting, and the same key is the same part.
    let left = block_on(api.cashier_decides(&first.payment_id, CashierDecision::Cancel, 0)).unwrap();
    assert_eq!((left.status, left.amount, left.return_url.as_deref()), (PaymentStatus::RequiresAction, first.amount, Some(back)));
    assert_eq!(block_on(api.create_family_payment(&token, create(&parts[0].0), "k-family-wallet-0001")).unwrap().payment_id, first.payment_id);
    // One confirmation settles every member of the part, each with a receipt.
    block_on(api.cashier_decides(&first.payment_id, CashierDecision::Confirm, 0)).unwrap();
    let paid = block_on(api.family_payment(&token, &first.payment_id)).unwrap();
    assert_eq!((paid.status, paid.receipts.len()), (PaymentStatus::Succeeded, parts[0].0.len()));
}
