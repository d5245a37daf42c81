//! Paying an amount over a method's limits in parts (seed 000 §3/§5: 分批次操作以避免单日限额;
//! seed 001 §8: 分多笔小额支付): each part within the method's single-payment limit, today's
//! parts within what is left of its daily limit, and what does not fit today on the following
//! days, each day within the daily limit. Each part is then paid as its own `PaymentAttempt`,
//! with its own Idempotency-Key.

use crate::api::PaymentMethodOffer;
use crate::domain::limits::left_today;
use rust_decimal::Decimal;

/// One part of a split payment: its amount, and the day it can be paid (0 is today, 1 the next
/// day, and so on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedPart {
    pub amount: Decimal,
    pub day: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsplittable {
    /// The method takes nothing (a zero single or daily limit): another method is needed.
    NoLimit,
    /// More parts than anyone would pay: choose a smaller amount or another method.
    TooManyParts,
}

/// The most parts a split proposes; beyond this the person is better served by another method.
pub const MAX_PARTS: usize = 24;

/// The parts `amount` is paid in with `offer`'s method: as few as the limits allow, the largest
/// first, today's first. An amount that fits in one payment today is one part.
pub fn split(amount: Decimal, offer: &PaymentMethodOffer) -> Result<Vec<PlannedPart>, Unsplittable> {
    let single = offer.single_limit;
    if single <= Decimal::ZERO || offer.daily_limit.is_some_and(|d| d <= Decimal::ZERO) {
        return Err(Unsplittable::NoLimit);
    }
    let mut parts = Vec::new();
    let mut left = amount;
    let mut day = 0;
    while left > Decimal::ZERO {
        // What the method takes that day: what is left of today's limit, then a whole day's.
        let mut room = match day {
            0 => left_today(offer),
            _ => offer.daily_limit,
        };
        while left > Decimal::ZERO && room.is_none_or(|r| r > Decimal::ZERO) {
            let part = room.map_or(left.min(single), |r| left.min(single).min(r));
            parts.push(PlannedPart { amount: part, day });
            if parts.len() > MAX_PARTS {
                return Err(Unsplittable::TooManyParts);
            }
            left -= part;
            room = room.map(|r| r - part);
        }
        day += 1;
    }
    Ok(parts)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::PaymentMethod;
    use proptest::prelude::*;

    fn card(single: i64, daily: Option<i64>, paid: i64) -> PaymentMethodOffer {
        PaymentMethodOffer { daily_limit: daily.map(Decimal::from), paid_today: Some(Decimal::from(paid)), ..PaymentMethodOffer::new(PaymentMethod::BankCard, Decimal::from(single)) }
    }

    fn parts(list: &[(i64, u32)]) -> Vec<PlannedPart> {
        list.iter().map(|&(amount, day)| PlannedPart { amount: Decimal::from(amount), day }).collect()
    }

    #[test]
    fn over_the_single_limit_in_parts_and_over_the_day_on_the_next() {
        // Flexible pension at 300 % of Beijing's wage for a year (¥85,946.40) by wallet.
        let amount = Decimal::new(8_594_640, 2);
        assert_eq!(split(amount, &card(50_000, Some(200_000), 0)).unwrap(), vec![PlannedPart { amount: Decimal::from(50_000), day: 0 }, PlannedPart { amount: Decimal::new(3_594_640, 2), day: 0 }]);
        // 孙丽's bank card: ¥2,000 left today of ¥50,000 a day, ¥20,000 a payment.
        assert_eq!(split(Decimal::from(45_000), &card(20_000, Some(50_000), 48_000)).unwrap(), parts(&[(2_000, 0), (20_000, 1), (20_000, 1), (3_000, 1)]));
        // Nothing left today: all from tomorrow; a day's limit spreads over the days after.
        assert_eq!(split(Decimal::from(120_000), &card(20_000, Some(50_000), 50_000)).unwrap(), parts(&[(20_000, 1), (20_000, 1), (10_000, 1), (20_000, 2), (20_000, 2), (10_000, 2), (20_000, 3)]));
        // Within the limits: one part, today.
        assert_eq!(split(Decimal::from(640), &card(20_000, Some(50_000), 0)).unwrap(), parts(&[(640, 0)]));
        assert_eq!(split(Decimal::from(640), &card(0, None, 0)), Err(Unsplittable::NoLimit));
        assert_eq!(split(Decimal::from(1_000_000), &card(500, None, 0)), Err(Unsplittable::TooManyParts));
    }

    proptest! {
        /// The parts add up to the amount to the fen; none is over the single limit; no day is
        /// over what the method takes that day; days only go forward; no part is empty.
        #[test]
        fn parts_add_up_and_keep_every_limit(fen in 1i64..50_000_000, single in 1i64..60_000, daily in proptest::option::of(1i64..250_000), paid in 0i64..250_000) {
            let amount = Decimal::new(fen, 2);
            let offer = card(single, daily, paid);
            match split(amount, &offer) {
                Ok(parts) => {
                    prop_assert_eq!(parts.iter().map(|p| p.amount).sum::<Decimal>(), amount);
                    prop_assert!(parts.iter().all(|p| p.amount > Decimal::ZERO && p.amount <= Decimal::from(single)));
                    prop_assert!(parts.windows(2).all(|w| w[0].day <= w[1].day));
                    for day in 0..=parts.last().map_or(0, |p| p.day) {
                        let that_day: Decimal = parts.iter().filter(|p| p.day == day).map(|p| p.amount).sum();
                        let room = if day == 0 { left_today(&offer) } else { offer.daily_limit };
                        prop_assert!(room.is_none_or(|r| that_day <= r));
                    }
                    prop_assert!(parts.len() <= MAX_PARTS);
                }
                Err(e) => prop_assert_eq!(e, Unsplittable::TooManyParts),
            }
        }
    }
}
