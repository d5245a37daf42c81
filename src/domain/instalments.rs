//! Instalments (分期, seed 003 §1/§3): where a city offers them, a total paid in up to twelve
//! monthly instalments, each paid in the app when it is due. The schedule is shown before the
//! person agrees: its amounts add up to the total to the fen, the fen that do not divide evenly
//! go on the first instalment (so it is never smaller than the others), and each falls due a
//! month after the one before.

use crate::domain::working_days::add_months;
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instalment {
    /// 1 for the first.
    pub number: u32,
    /// YYYY-MM-DD.
    pub due: String,
    pub amount: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoSchedule {
    /// Fewer than two instalments, or more than the city allows.
    Count,
    /// Less than a fen for each instalment, or not an amount in fen.
    Amount,
    /// The first due date is not a date.
    Date,
}

/// `total` in `count` monthly instalments (at most `max`), the first due on `first_due`.
pub fn schedule(total: Decimal, count: u32, max: u32, first_due: &str) -> Result<Vec<Instalment>, NoSchedule> {
    if count < 2 || count > max {
        return Err(NoSchedule::Count);
    }
    let fen = total * Decimal::from(100);
    if fen.fract() != Decimal::ZERO || fen < Decimal::from(count) {
        return Err(NoSchedule::Amount);
    }
    let each = (fen / Decimal::from(count)).floor();
    let first = fen - each * Decimal::from(count - 1);
    (0..count)
        .map(|i| {
            let due = add_months(first_due, i).ok_or(NoSchedule::Date)?;
            let amount = if i == 0 { first } else { each } / Decimal::from(100);
            Ok(Instalment { number: i + 1, due, amount: amount.round_dp(2) })
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_year_in_twelve_with_the_odd_fen_first() {
        let plan = schedule(Decimal::new(8_594_640, 2), 12, 12, "2026-11-30").unwrap();
        assert_eq!(plan[0].amount, Decimal::new(716_220, 2));
        assert!(plan[1..].iter().all(|i| i.amount == Decimal::new(716_220, 2)));
        let plan = schedule(Decimal::new(100_001, 2), 3, 12, "2027-01-31").unwrap();
        assert_eq!(plan.iter().map(|i| i.amount).collect::<Vec<_>>(), vec![Decimal::new(33_335, 2), Decimal::new(33_333, 2), Decimal::new(33_333, 2)]);
        assert_eq!(plan.iter().map(|i| i.due.as_str()).collect::<Vec<_>>(), vec!["2027-01-31", "2027-02-28", "2027-03-31"]);
        assert_eq!(schedule(Decimal::from(100), 13, 12, "2027-01-31"), Err(NoSchedule::Count));
        assert_eq!(schedule(Decimal::from(100), 1, 12, "2027-01-31"), Err(NoSchedule::Count));
        assert_eq!(schedule(Decimal::new(1, 2), 2, 12, "2027-01-31"), Err(NoSchedule::Amount));
        assert_eq!(schedule(Decimal::from(100), 2, 12, "someday"), Err(NoSchedule::Date));
    }

    proptest! {
        /// The instalments add up to the total to the fen; the first is the largest by less than
        /// one fen per instalment; every other is the same; the dates go forward a month at a time.
        #[test]
        fn instalments_add_up_and_go_forward(fen in 2i64..100_000_000, count in 2u32..=12, day in 1u32..=28, month in 1u32..=12) {
            let total = Decimal::new(fen, 2);
            prop_assume!(fen >= i64::from(count));
            let first_due = format!("2027-{month:02}-{day:02}");
            let plan = schedule(total, count, 12, &first_due).unwrap();
            prop_assert_eq!(plan.len(), count as usize);
            prop_assert_eq!(plan.iter().map(|i| i.amount).sum::<Decimal>(), total);
            let rest = plan[1].amount;
            prop_assert!(plan[1..].iter().all(|i| i.amount == rest));
            prop_assert!(plan[0].amount >= rest && (plan[0].amount - rest) * Decimal::from(100) < Decimal::from(count));
            prop_assert!(plan.iter().all(|i| i.amount > Decimal::ZERO));
            prop_assert!(plan.windows(2).all(|w| w[0].due < w[1].due));
            prop_assert_eq!(&plan[0].due, &first_due);
        }
    }
}
