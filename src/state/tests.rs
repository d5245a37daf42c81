use super::*;
use crate::api::{ApiError, LocalText, OrderRef, NextAction, Payment, PaymentMethod, PaymentStatus, ProductCode, Purpose, Quote, RecordOf, VerificationSession, VerifyMethod};
use crate::domain::flow::Step;
use crate::domain::time_limit::{TokenTime, TokenUse};
use crate::domain::payment_attempt::PaymentAttempt;
use crate::domain::flow::PaymentStage;
use crate::domain::pricing::Breakdown;
use rust_decimal::Decimal;

fn quote() -> Quote {
    Quote { quote_id: "q_1".into(), tier_label: LocalText::default(), period: LocalText::default(), breakdown: Breakdown { lines: vec![], total: Decimal::from(350) } }
}

/// A flow that pressed pay for Beijing residents' insurance 2027 and has seen no answer.
fn pressed_pay() -> Flow {
    let mut flow = Flow { province: Some("110000".into()), ..Flow::default() };
    flow.set_order(Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027));
    (flow.token, flow.quote, flow.method) = (Some("tok_a".into()), Some(quote()), Some(PaymentMethod::Wallet));
    flow.attempt = PaymentAttempt::with_key(new_attempt_key());
    flow
}

fn payment(status: PaymentStatus) -> Payment {
    Payment { payment_id: "pay_1".into(), status, amount: Decimal::from(350), method: PaymentMethod::Wallet, money_taken: false, receipt_serial: None, failure_reason: None, next_action: NextAction::None, arrival: None }
}

#[test]
fn each_step_of_the_flow_leads_to_the_next_screen() {
    let mut flow = Flow::default();
    assert_eq!(flow.choose_order(Some("110000".into()), None, Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027)), Step::Identity);
    assert_eq!(flow.verified("tok".into(), &[]), Step::Tier);
    assert_eq!(flow.choose_tier(None, quote()), Step::Method);
    assert_eq!(flow.choose_method(PaymentMethod::Wallet), Step::Review);
    let key = flow.press_pay();
    assert_eq!(flow.press_pay(), key, "a second press sends the same key");
    assert_eq!(flow.pay_answered(&Ok(payment(PaymentStatus::Processing))), PayNext::Show(Step::Processing));
    assert_eq!(flow.payment_seen(payment(PaymentStatus::Processing)), None);
    assert_eq!(flow.payment_seen(payment(PaymentStatus::Succeeded)), Some(Step::Outcome));
    assert_eq!(flow.progress().payment, Some(PaymentStage::Succeeded));
}

#[test]
fn choosing_again_forgets_only_what_depended_on_the_old_choice() {
    let mut flow = pressed_pay();
    let key = flow.attempt.key.clone();
    // The same method again keeps the attempt (and its key); another method starts afresh.
    flow.choose_method(PaymentMethod::Wallet);
    assert_eq!(flow.attempt.key, key);
    flow.choose_method(PaymentMethod::BankCard);
    assert_eq!(flow.attempt.key, None);
    // Another quote drops the method chosen for the old amount.
    let mut flow = pressed_pay();
    flow.choose_tier(None, Quote { quote_id: "q_2".into(), ..quote() });
    assert_eq!((flow.method, flow.attempt.key.as_ref()), (None, None));
    // Another order needs verifying again.
    let mut flow = pressed_pay();
    flow.choose_order(None, None, Some("310100".into()), Some(ProductCode::ResidentMedical), Some(2027));
    assert_eq!((flow.token.as_ref(), flow.quote.as_ref()), (None, None));
}

#[test]
fn what_the_answer_to_pay_does_to_the_key() {
    // No answer: the same key is kept for asking again.
    let mut flow = pressed_pay();
    let key = flow.press_pay();
    assert_eq!(flow.pay_answered(&Err(ApiError::Network)), PayNext::Stay);
    assert_eq!((flow.attempt.key.as_deref(), flow.attempt.awaiting_answer), (Some(key.as_str()), true));
    // Session expired: the key is kept, and pay must be pressed again after verifying.
    assert_eq!(flow.pay_answered(&Err(ApiError::SessionExpired)), PayNext::Stay);
    assert_eq!((flow.attempt.key.as_deref(), flow.attempt.awaiting_answer), (Some(key.as_str()), false));
    // A definite refusal: the key and the stored record go.
    let order = flow.order().unwrap();
    assert_eq!(flow.pay_answered(&Err(ApiError::OverLimit)), PayNext::ForgetPending(order));
    assert_eq!((flow.attempt.key, flow.attempt.awaiting_answer), (None, false));
}

#[test]
fn a_pressed_payment_is_pending_until_its_final_result() {
    let mut flow = pressed_pay();
    let pending = flow.pending_payment().expect("pending once pay is pressed");
    assert_eq!(pending.key, flow.attempt.key.clone().unwrap());
    flow.payment = Some(payment(PaymentStatus::Processing));
    assert!(flow.pending_payment().is_some());
    for status in [PaymentStatus::Succeeded, PaymentStatus::Failed, PaymentStatus::Cancelled, PaymentStatus::Expired] {
        flow.payment = Some(payment(status));
        assert_eq!(flow.pending_payment(), None, "{status:?}");
    }
    assert_eq!(Flow::default().pending_payment(), None);
}

#[test]
fn coming_back_in_a_new_tab_resumes_the_same_key_after_verifying() {
    let pending = vec![pressed_pay().pending_payment().unwrap()];
    // A new tab: empty flow. The person picks up the pending payment, then verifies.
    let mut flow = Flow::default();
    flow.resume(pending[0].clone());
    assert_eq!(flow.token, None, "a token is never carried across visits");
    assert_eq!(flow.verified("tok_b".into(), &pending), Step::Review);
    assert_eq!(flow.attempt.key.as_deref(), Some(pending[0].key.as_str()));
    assert_eq!(flow.quote, Some(quote()));
    // Choosing the same order from scratch and verifying also finds it.
    let mut flow = Flow::default();
    flow.set_order(Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027));
    assert_eq!(flow.verified("tok_c".into(), &pending), Step::Review);
    assert_eq!(flow.attempt.key.as_deref(), Some(pending[0].key.as_str()));
    // Another order goes on to choosing a tier.
    let mut flow = Flow::default();
    flow.set_order(Some("310100".into()), Some(ProductCode::ResidentMedical), Some(2027));
    assert_eq!(flow.verified("tok_d".into(), &pending), Step::Tier);
    assert_eq!(flow.attempt.key, None);
}

#[test]
fn a_pending_payment_is_resumed_only_for_the_person_who_pressed_pay() {
    let session = |masked_mobile: &str| VerificationSession { session_id: "vs".into(), methods: vec![], masked_mobile: masked_mobile.into(), required: 1, passed: vec![], in_order: false, verified: None };
    let mut payer = pressed_pay();
    payer.verification = Some(session("138****8000"));
    let pending = vec![payer.pending_payment().unwrap()];
    let mut relative = Flow::default();
    relative.set_order(Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027));
    relative.verification = Some(session("139****1234"));
    assert_eq!(relative.verified("tok_r".into(), &pending), Step::Tier);
    let mut same = Flow::default();
    same.set_order(Some("110100".into()), Some(ProductCode::ResidentMedical), Some(2027));
    same.verification = Some(session("138****8000"));
    assert_eq!(same.verified("tok_s".into(), &pending), Step::Review);
}

#[test]
fn an_expired_session_returns_to_the_same_place_with_everything_kept() {
    let mut flow = pressed_pay();
    flow.payment = Some(payment(PaymentStatus::Processing));
    let before = flow.clone();
    flow.session_expired(Some(Step::Processing));
    assert_eq!(flow.token, None);
    assert_eq!(flow.verified("tok_new".into(), &[]), Step::Processing);
    assert_eq!((flow.quote, flow.method, flow.attempt.key, flow.payment), (before.quote, before.method, before.attempt.key, before.payment));
    assert_eq!(flow.token.as_deref(), Some("tok_new"));
}

#[test]
fn the_family_verifies_as_the_record_does_and_comes_back_to_the_family() {
    let mut flow = Flow::default();
    flow.choose_record(Some("110000".into()), None, "110100".into());
    flow.record.as_mut().unwrap().return_to = Some("/family".into());
    assert_eq!(flow.record_verified("tok_family".into()), "/family");
    assert_eq!(flow.record_token(), Some("tok_family"));
    // Expired on the consent screen: verify again, then back to that very screen.
    flow.record_expired("/family/consent?member=fm_1".into());
    assert_eq!(flow.record_token(), None);
    assert_eq!(flow.record_verified("tok_again".into()), "/family/consent?member=fm_1");
    // Anywhere else is not a place to come back to.
    flow.record_expired("/tier".into());
    assert_eq!(flow.record_verified("tok_third".into()), "/record");
}

#[test]
fn reading_the_record_keeps_the_payment_apart_and_paying_a_gap_builds_on_it() {
    let mut flow = pressed_pay();
    let before = flow.clone();
    flow.choose_record(Some("110000".into()), None, "110100".into());
    flow.set_session(Some(VerificationSession { session_id: "vs_r".into(), methods: vec![], masked_mobile: "m".into(), required: 2, passed: vec![], in_order: false, verified: None }));
    flow.method_passed(vec![VerifyMethod::Sms]);
    assert_eq!(flow.session().map(|s| s.passed.clone()), Some(vec![VerifyMethod::Sms]));
    flow.change_details();
    assert_eq!(flow.session(), None);
    assert_eq!((flow.token.clone(), flow.quote.clone(), flow.attempt.key.clone()), (before.token, before.quote, before.attempt.key), "the payment is untouched");
    assert_eq!(flow.record_verified("tok_read".into()), "/record");
    // A token expired on a year's page: verifying again comes back to it.
    flow.record_expired("/record/year?year=2025".into());
    assert_eq!(flow.record_token(), None);
    assert_eq!(flow.record_verified("tok_read2".into()), "/record/year?year=2025");
    // 补缴: the order is filled in, and paying may build on the record's token (same city only).
    let gap = OrderRef { city: "110100".into(), product: ProductCode::FlexiblePension, year: 2025 };
    assert_eq!(flow.pay_gap(gap.clone()), Step::Identity);
    assert_eq!((flow.order(), flow.purpose, flow.token.as_ref()), (Some(gap), Purpose::Pay, None));
    assert_eq!(flow.prior_token_for_paying(), Some(("tok_read2".into(), None)));
    flow.set_order(Some("310100".into()), Some(ProductCode::FlexiblePension), Some(2025));
    assert_eq!(flow.prior_token_for_paying(), None);
}

#[test]
fn a_family_members_gap_is_their_order_paid_on_the_payers_verification() {
    let mut flow = Flow::default();
    flow.choose_record(Some("430000".into()), None, "430100".into());
    flow.record_verified("tok_payer".into());
    flow.read_member_record("fm_1".into(), "李*".into());
    assert_eq!(flow.record_reading(), Some(("tok_payer".into(), RecordOf { city: "430100".into(), member: Some("fm_1".into()) })));
    // Her record is in another city: the member's city changes, the payer's stays.
    flow.read_record_in("440100".into(), LocalText::new("广东省广州市", "Guangzhou, Guangdong"));
    let gap = OrderRef { city: "440100".into(), product: ProductCode::FlexiblePension, year: 2025 };
    flow.pay_gap(gap.clone());
    assert_eq!(flow.prior_token_for_paying(), Some(("tok_payer".into(), Some("fm_1".into()))));
    assert_eq!((flow.province.as_deref(), flow.place.as_ref().map(|p| p.zh.as_str())), (Some("440000"), Some("广东省广州市")));
    // The same order for oneself afterwards is another person's: nothing verified carries over.
    flow.token = Some("tok_for_her".into());
    flow.choose_order(None, None, Some(gap.city.clone()), Some(gap.product), Some(gap.year));
    assert_eq!((flow.paying_for.as_ref(), flow.token.as_ref()), (None, None));
    flow.leave_member_record();
    assert_eq!(flow.record_reading(), Some(("tok_payer".into(), RecordOf::own("430100"))));
    assert_eq!(flow.record.as_ref().map(|r| r.city.as_str()), Some("430100"));
}

#[test]
fn resuming_another_order_drops_the_token_granted_for_this_one() {
    let pending = pressed_pay().pending_payment().unwrap();
    let mut flow = Flow { token: Some("tok_x".into()), ..Flow::default() };
    flow.set_order(Some("440100".into()), Some(ProductCode::ResidentMedical), Some(2027));
    flow.token = Some("tok_x".into());
    flow.resume(pending.clone());
    assert_eq!(flow.token, None);
    let mut same = pressed_pay();
    same.resume(pending);
    assert_eq!(same.token.as_deref(), Some("tok_a"));
}

#[test]
fn a_token_s_time_goes_with_it() {
    let time = |at| TokenTime::from_now(at, 1800, true);
    // Paying: given with the token, kept when a payment for the same order is taken up.
    let mut flow = pressed_pay();
    flow.token_granted(time(1));
    assert_eq!(flow.timed_token(TokenUse::Pay), Some(("tok_a", time(1).unwrap())));
    let pending = flow.pending_payment().unwrap();
    flow.resume(pending);
    assert_eq!(flow.timed_token(TokenUse::Pay), Some(("tok_a", time(1).unwrap())));
    // More time for the token held; an answer for a token given up meanwhile changes nothing.
    flow.token_extended(TokenUse::Pay, "tok_a", time(2));
    assert_eq!(flow.timed_token(TokenUse::Pay).map(|(_, t)| t), time(2));
    flow.token_extended(TokenUse::Pay, "tok_old", time(3));
    assert_eq!(flow.timed_token(TokenUse::Pay).map(|(_, t)| t), time(2));
    flow.session_expired(Some(Step::Review));
    assert_eq!((flow.timed_token(TokenUse::Pay), flow.token_time), (None, None));
    // Reading: the record's token has its own time, and loses it when it expires.
    flow.choose_record(None, None, "110100".into());
    flow.record_verified("tok_read".into());
    flow.token_granted(time(5));
    assert_eq!(flow.timed_token(TokenUse::Read), Some(("tok_read", time(5).unwrap())));
    assert_eq!(flow.timed_token(TokenUse::Pay), None);
    flow.record_expired("/record".into());
    assert_eq!(flow.timed_token(TokenUse::Read), None);
}

#[test]
fn a_flow_is_untouched_only_as_a_first_visit_finds_it() {
    assert!(Flow::default().is_untouched());
    assert!(!Flow { province: Some("110000".into()), ..Flow::default() }.is_untouched());
    assert!(!Flow { purpose: Purpose::Record, ..Flow::default() }.is_untouched());
    assert!(!Flow { attempt: PaymentAttempt::with_key("k".into()), ..Flow::default() }.is_untouched());
}
