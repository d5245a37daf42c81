//! Whether one payment fits a method's limits: its single-payment limit, and what is left of
//! its daily limit after what the person has already paid with it today (the backend counts
//! that, seed 001 §4: a bank card is bound by the bank's daily limit). Both are shown before
//! paying; a method that does not fit cannot be chosen.

use crate::api::PaymentMethodOffer;
use rust_decimal::Decimal;

/// The limit a payment is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverLimit {
    /// More than one payment with the method may be.
    Single { limit: Decimal },
    /// More than is left of today's limit.
    Today { left: Decimal, daily: Decimal },
}

/// What may still be paid with `offer`'s method today, where it has a daily limit.
pub fn left_today(offer: &PaymentMethodOffer) -> Option<Decimal> {
    offer.daily_limit.map(|daily| (daily - offer.paid_today.unwrap_or_default()).max(Decimal::ZERO))
}

/// Whether one payment of `amount` with `offer`'s method is over a limit (nothing to pay never is).
pub fn over_limit(offer: &PaymentMethodOffer, amount: Decimal) -> Option<OverLimit> {
    if amount.is_zero() {
        return None;
    }
    if amount > offer.single_limit {
        return Some(OverLimit::Single { limit: offer.single_limit });
    }
    let left = left_today(offer)?;
    (amount > left).then(|| OverLimit::Today { left, daily: offer.daily_limit.unwrap_or_default() })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::PaymentMethod;
    use proptest::prelude::*;

    fn card(single: i64, daily: Option<i64>, paid: Option<i64>) -> PaymentMethodOffer {
        PaymentMethodOffer { daily_limit: daily.map(Decimal::from), paid_today: paid.map(Decimal::from), ..PaymentMethodOffer::new(PaymentMethod::BankCard, Decimal::from(single)) }
    }

    #[test]
    fn a_payment_fits_the_single_limit_and_what_is_left_today() {
        let offer = card(20_000, Some(50_000), Some(48_000));
        assert_eq!(left_today(&offer), Some(Decimal::from(2_000)));
        assert_eq!(over_limit(&offer, Decimal::from(2_000)), None);
        assert_eq!(over_limit(&offer, Decimal::from(2_001)), Some(OverLimit::Today { left: Decimal::from(2_000), daily: Decimal::from(50_000) }));
        assert_eq!(over_limit(&offer, Decimal::from(20_001)), Some(OverLimit::Single { limit: Decimal::from(20_000) }));
        // No daily limit: the single limit alone; paid over the daily limit: nothing left.
        assert_eq!(over_limit(&card(20_000, None, Some(90_000)), Decimal::from(20_000)), None);
        assert_eq!(left_today(&card(20_000, Some(50_000), Some(60_000))), Some(Decimal::ZERO));
        assert_eq!(over_limit(&card(0, None, None), Decimal::ZERO), None);
    }

    proptest! {
        /// A payment the check lets through is never over either limit, and one it stops is.
        #[test]
        fn the_check_agrees_with_both_limits(single in 0i64..100_000, daily in proptest::option::of(0i64..200_000), paid in proptest::option::of(0i64..200_000), fen in 1i64..20_000_000) {
            let offer = card(single, daily, paid);
            let amount = Decimal::new(fen, 2);
            let within = amount <= offer.single_limit && left_today(&offer).is_none_or(|left| amount <= left);
            prop_assert_eq!(over_limit(&offer, amount).is_none(), within);
        }
    }
}
