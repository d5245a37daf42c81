//! One order for several relatives (亲属代缴): which payments it is paid in, and where each
//! stands. A total over the chosen method's single-payment limit is split into parts that fit,
//! whole members to a part (each member's receipt is for one payment); each part has its own
//! Idempotency-Key, kept until that part has a final result.

use crate::api::{ApiError, FamilyPayment, FamilyQuote, PaymentMethod, PaymentMethodOffer, PaymentStatus};
use rust_decimal::Decimal;
use crate::domain::payment_attempt::{Answered, PaymentAttempt};
use serde::{Deserialize, Serialize};

/// Why an order cannot be paid with a method, however it is split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpayable {
    /// One member's amount alone is over the method's single-payment limit.
    MemberOverLimit { index: usize },
    /// The account the method pays from holds less than the total.
    OverBalance { balance: Decimal },
    /// The parts together are more than is left of the method's daily limit today.
    OverToday { left: Decimal },
}

/// Groups `amounts` (one per member, in order) into parts of at most `limit` each, keeping the
/// order: a part is closed when the next member would take it over the limit.
pub fn split_into_parts(amounts: &[Decimal], limit: Decimal) -> Result<Vec<Vec<usize>>, Unpayable> {
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut current = Decimal::ZERO;
    for (index, &amount) in amounts.iter().enumerate() {
        if amount > limit {
            return Err(Unpayable::MemberOverLimit { index });
        }
        match parts.last_mut() {
            Some(part) if current + amount <= limit => {
                part.push(index);
                current += amount;
            }
            _ => {
                parts.push(vec![index]);
                current = amount;
            }
        }
    }
    Ok(parts)
}

/// The parts `offer` would pay `quote` in (member ids and amount of each), or why it cannot.
pub fn plan(quote: &FamilyQuote, offer: &PaymentMethodOffer) -> Result<Vec<(Vec<String>, Decimal)>, Unpayable> {
    if let Some(balance) = offer.balance.filter(|b| *b < quote.total) {
        return Err(Unpayable::OverBalance { balance });
    }
    if let Some(left) = crate::domain::limits::left_today(offer).filter(|left| *left < quote.total) {
        return Err(Unpayable::OverToday { left });
    }
    let amounts: Vec<Decimal> = quote.blocks.iter().map(|b| b.breakdown.total).collect();
    let parts = split_into_parts(&amounts, offer.single_limit)?;
    Ok(parts
        .into_iter()
        .map(|part| {
            let members = part.iter().map(|&i| quote.blocks[i].member_id.clone()).collect();
            (members, part.iter().map(|&i| amounts[i]).sum())
        })
        .collect())
}

/// One part as the app tracks it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartAttempt {
    pub members: Vec<String>,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
    /// Its key is made when the part is planned; a new one only after a definite refusal or
    /// an unpaid end (see `PaymentAttempt`).
    #[serde(default)]
    pub attempt: PaymentAttempt,
    #[serde(default)]
    pub payment: Option<FamilyPayment>,
}

impl PartAttempt {
    pub fn succeeded(&self) -> bool {
        self.payment.as_ref().is_some_and(|p| p.status == PaymentStatus::Succeeded)
    }
    pub fn processing(&self) -> bool {
        self.payment.as_ref().is_some_and(|p| !p.status.is_final())
    }
    /// Ended without taking money (failed, cancelled, expired).
    pub fn ended_unpaid(&self) -> bool {
        self.payment.as_ref().is_some_and(|p| matches!(p.status, PaymentStatus::Failed | PaymentStatus::Cancelled | PaymentStatus::Expired))
    }
}

/// The family order in the app: the chosen members and tier, the quote, the method and parts.
/// Kept in the session's stored state (masked names only, as the backend sent them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FamilyOrderFlow {
    pub tier: Option<String>,
    pub members: Vec<String>,
    pub quote: Option<FamilyQuote>,
    pub method: Option<PaymentMethod>,
    pub parts: Vec<PartAttempt>,
}

/// What to do after a part's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartNext {
    /// Ask about this part again later (processing, or no answer).
    Wait,
    /// Send the next part.
    Next,
    /// Every part succeeded.
    Done,
    /// Stop and show the problem; pressing pay again retries what is left.
    Stop,
}

impl FamilyOrderFlow {
    /// The members and tier chosen: a new quote follows. Refused (false) while an order is
    /// part paid: its parts are finished first, so no member is left between two orders.
    pub fn choose(&mut self, tier: String, members: Vec<String>) -> bool {
        if self.started() && !self.done() {
            return false;
        }
        *self = FamilyOrderFlow { tier: Some(tier), members, ..FamilyOrderFlow::default() };
        true
    }

    /// Whether a part has been sent: the method and split are then fixed.
    pub fn started(&self) -> bool {
        self.parts.iter().any(|p| p.payment.is_some() || p.attempt.awaiting_answer)
    }

    /// Chooses `method` and plans its parts, each with a fresh key from `new_key`.
    pub fn choose_method(&mut self, offer: &PaymentMethodOffer, mut new_key: impl FnMut() -> String) -> Result<(), Unpayable> {
        if self.started() {
            return Ok(());
        }
        let quote = self.quote.as_ref().ok_or(Unpayable::OverBalance { balance: Decimal::ZERO })?;
        let planned = plan(quote, offer)?;
        self.method = Some(offer.method);
        self.parts = planned.into_iter().map(|(members, amount)| PartAttempt { members, amount, attempt: PaymentAttempt::with_key(new_key()), payment: None }).collect();
        Ok(())
    }

    /// The part to send or ask about next: the first that has not succeeded.
    pub fn current(&self) -> Option<usize> {
        self.parts.iter().position(|p| !p.succeeded())
    }

    pub fn done(&self) -> bool {
        !self.parts.is_empty() && self.current().is_none()
    }

    /// Pay pressed for part `index`: the key to send it with (a part that ended unpaid gets a
    /// new one, so a retry is a new payment rather than the failed one again).
    pub fn press_pay(&mut self, index: usize, new_key: impl FnOnce() -> String) -> Option<String> {
        let part = self.parts.get_mut(index)?;
        if part.ended_unpaid() {
            part.payment = None;
        }
        Some(part.attempt.press(new_key))
    }

    /// The backend's answer about part `index` (to sending it, or to asking about it).
    pub fn part_answered(&mut self, index: usize, answer: &Result<FamilyPayment, ApiError>) -> PartNext {
        let Some(part) = self.parts.get_mut(index) else { return PartNext::Stop };
        // (A part already created keeps its payment and key whatever the refusal.)
        match (part.attempt.answered(answer, part.payment.is_some()), answer) {
            (Answered::Payment, Ok(payment)) => {
                part.attempt.seen(payment.status);
                part.payment = Some(payment.clone());
                match payment.status {
                    PaymentStatus::Processing | PaymentStatus::RequiresAction => PartNext::Wait,
                    PaymentStatus::Succeeded if self.done() => PartNext::Done,
                    PaymentStatus::Succeeded => PartNext::Next,
                    _ => PartNext::Stop,
                }
            }
            // No answer: the part may exist; it is asked about again with its key.
            (Answered::Unknown, _) => PartNext::Wait,
            _ => PartNext::Stop,
        }
    }

    /// What has been paid so far.
    pub fn paid(&self) -> Decimal {
        self.parts.iter().filter(|p| p.succeeded()).map(|p| p.amount).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::NextAction;
    use proptest::prelude::*;

    fn yuan(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn a_total_within_the_limit_is_one_part() {
        assert_eq!(split_into_parts(&[yuan(350), yuan(350)], yuan(800)).unwrap(), vec![vec![0, 1]]);
    }

    #[test]
    fn over_the_limit_the_members_go_into_parts_that_fit_in_order() {
        assert_eq!(split_into_parts(&[yuan(350), yuan(350), yuan(350)], yuan(800)).unwrap(), vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn one_member_over_the_limit_cannot_be_split() {
        assert_eq!(split_into_parts(&[yuan(350), yuan(900)], yuan(800)), Err(Unpayable::MemberOverLimit { index: 1 }));
    }

    fn quote(amounts: &[i64]) -> FamilyQuote {
        use crate::domain::pricing::{LineKind, PricedLine};
        let blocks = amounts.iter().enumerate().map(|(i, a)| crate::api::MemberBlock {
            member_id: format!("fm_{i}"),
            name: "张*".into(),
            masked_id: "1101**********2115".into(),
            breakdown: crate::domain::pricing::Breakdown { lines: vec![PricedLine { kind: LineKind::Standard, discount: None, days_late: None, amount: yuan(*a) }], total: yuan(*a) },
        }).collect();
        let order = crate::api::OrderRef { city: "510100".into(), product: crate::api::ProductCode::ResidentMedical, year: 2027 };
        let text = crate::api::LocalText::new("", "");
        FamilyQuote { quote_id: "fq_1".into(), order, tier_label: text.clone(), period: text, blocks, total: amounts.iter().copied().map(yuan).sum(), methods: vec![] }
    }

    fn payment(status: PaymentStatus, members: &[String]) -> FamilyPayment {
        FamilyPayment { payment_id: "fpay_1".into(), status, amount: yuan(1), method: PaymentMethod::Wallet, members: members.to_vec(), money_taken: status == PaymentStatus::Succeeded, receipts: vec![], failure_reason: None, next_action: NextAction::None }
    }

    #[test]
    fn an_account_holding_less_than_the_total_cannot_pay_it() {
        let offer = PaymentMethodOffer { balance: Some(yuan(1000)), ..PaymentMethodOffer::new(PaymentMethod::FamilyMedicalAccount, yuan(800)) };
        assert_eq!(plan(&quote(&[350, 350, 350]), &offer), Err(Unpayable::OverBalance { balance: yuan(1000) }));
    }

    #[test]
    fn each_part_keeps_its_key_until_a_definite_answer_and_the_order_is_locked_once_sent() {
        let mut keys = (1..).map(|n| format!("key-{n}"));
        let mut flow = FamilyOrderFlow::default();
        assert!(flow.choose("tier-2".into(), vec!["fm_0".into(), "fm_1".into(), "fm_2".into()]));
        flow.quote = Some(quote(&[350, 350, 350]));
        let offer = PaymentMethodOffer { balance: Some(yuan(5000)), ..PaymentMethodOffer::new(PaymentMethod::FamilyMedicalAccount, yuan(800)) };
        flow.choose_method(&offer, || keys.next().unwrap()).unwrap();
        assert_eq!(flow.parts.iter().map(|p| p.amount).collect::<Vec<_>>(), vec![yuan(700), yuan(350)]);
        // The first part goes through; the second is sent and its answer lost.
        assert_eq!(flow.press_pay(0, || unreachable!()).as_deref(), Some("key-1"));
        let first = flow.parts[0].members.clone();
        assert_eq!(flow.part_answered(0, &Ok(payment(PaymentStatus::Succeeded, &first))), PartNext::Next);
        assert_eq!(flow.press_pay(1, || unreachable!()).as_deref(), Some("key-2"));
        assert_eq!(flow.part_answered(1, &Err(ApiError::Network)), PartNext::Wait);
        // Part paid: the choice is locked, the method too, and the same key goes again.
        assert!(!flow.choose("tier-1".into(), vec!["fm_0".into()]));
        let cheaper = PaymentMethodOffer::new(PaymentMethod::Wallet, yuan(50000));
        flow.choose_method(&cheaper, || unreachable!()).unwrap();
        assert_eq!(flow.method, Some(PaymentMethod::FamilyMedicalAccount));
        assert_eq!(flow.press_pay(1, || unreachable!()).as_deref(), Some("key-2"));
        // A decline: the next try is a new payment, with a new key.
        let second = flow.parts[1].members.clone();
        assert_eq!(flow.part_answered(1, &Ok(payment(PaymentStatus::Failed, &second))), PartNext::Stop);
        assert_eq!(flow.press_pay(1, || "key-3".into()).as_deref(), Some("key-3"));
        // A definite refusal of sending it: a new key too; a refused token keeps it.
        assert_eq!(flow.part_answered(1, &Err(ApiError::IdempotencyConflict)), PartNext::Stop);
        assert_eq!(flow.press_pay(1, || "key-4".into()).as_deref(), Some("key-4"));
        assert_eq!(flow.part_answered(1, &Err(ApiError::SessionExpired)), PartNext::Stop);
        assert_eq!(flow.press_pay(1, || unreachable!()).as_deref(), Some("key-4"));
        assert_eq!(flow.part_answered(1, &Ok(payment(PaymentStatus::Succeeded, &second))), PartNext::Done);
        assert!(flow.done());
        assert_eq!(flow.paid(), yuan(1050));
        // Done: a new order may be chosen.
        assert!(flow.choose("tier-1".into(), vec!["fm_0".into()]));
        assert!(flow.parts.is_empty() && flow.quote.is_none());
    }

    proptest! {
        #[test]
        fn parts_fit_the_limit_cover_everyone_once_and_add_up(cents in prop::collection::vec(0i64..100_000, 1..6), limit in 1i64..200_000) {
            let amounts: Vec<Decimal> = cents.iter().map(|c| Decimal::new(*c, 2)).collect();
            let limit = Decimal::new(limit, 2);
            match split_into_parts(&amounts, limit) {
                Ok(parts) => {
                    let flat: Vec<usize> = parts.iter().flatten().copied().collect();
                    prop_assert_eq!(flat, (0..amounts.len()).collect::<Vec<_>>());
                    let sums: Vec<Decimal> = parts.iter().map(|p| p.iter().map(|&i| amounts[i]).sum()).collect();
                    prop_assert!(sums.iter().all(|s| *s <= limit));
                    prop_assert_eq!(sums.iter().copied().sum::<Decimal>(), amounts.iter().copied().sum::<Decimal>());
                    // No two neighbouring parts could have been one.
                    for pair in parts.windows(2) {
                        let first_of_next = amounts[pair[1][0]];
                        prop_assert!(pair[0].iter().map(|&i| amounts[i]).sum::<Decimal>() + first_of_next > limit);
                    }
                }
                Err(Unpayable::MemberOverLimit { index }) => prop_assert!(amounts[index] > limit),
                Err(other) => prop_assert!(false, "unexpected {:?}", other),
            }
        }
    }
}
