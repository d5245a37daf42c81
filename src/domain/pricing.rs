//! The amount to pay and its explanation. The backend prices; this module is how the demo
//! backend prices, and how the app checks that what any backend sends adds up exactly.

use super::money::{check_amount, round_fen, AmountError};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Late fee for back payment: 0.05 % of the amount due, per day late.
pub const LATE_FEE_RATE_PER_DAY: Decimal = Decimal::from_parts(5, 0, 0, false, 4);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The full contribution for the tier, before anyone else's share.
    Standard,
    /// What the government pays towards it (residents' and newborns' insurance).
    Subsidy,
    /// Student, special-group or fiscal pay-on-behalf reductions of the personal share.
    Discount,
    /// 0.05 % a day on back payments.
    LateFee,
}

impl LineKind {
    /// Whether the line is taken away from the total (shown with a minus sign).
    pub fn is_deduction(self) -> bool {
        matches!(self, LineKind::Subsidy | LineKind::Discount)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscountKind {
    Student,
    SpecialGroup,
    /// 财政代缴: the state pays the whole personal share.
    FiscalPayOnBehalf,
}

/// A reduction of the personal share, as a whole percentage (0–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discount {
    pub kind: DiscountKind,
    pub percent: u32,
}

/// What pricing needs: the standard amount, the subsidy, reductions and days late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricingInput {
    pub standard: Decimal,
    pub subsidy: Decimal,
    pub discounts: Vec<Discount>,
    pub days_late: u32,
}

/// One line of the explanation. `amount` is always non-negative; `kind` says its sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub kind: LineKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<DiscountKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_late: Option<u32>,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breakdown {
    pub lines: Vec<PricedLine>,
    #[serde(with = "crate::domain::money::decimal_string")]
    pub total: Decimal,
}

/// Prices a contribution. Every line is rounded to the fen *before* summing, so the lines add
/// up to the total exactly; reductions never take the total below zero.
pub fn price(input: &PricingInput) -> Breakdown {
    let standard = round_fen(input.standard.max(Decimal::ZERO));
    let subsidy = round_fen(input.subsidy.max(Decimal::ZERO)).min(standard);
    let mut lines = vec![PricedLine { kind: LineKind::Standard, discount: None, days_late: None, amount: standard }];
    if !subsidy.is_zero() {
        lines.push(PricedLine { kind: LineKind::Subsidy, discount: None, days_late: None, amount: subsidy });
    }
    let personal_share = standard - subsidy;
    let mut due = personal_share;
    for discount in &input.discounts {
        let percent = Decimal::from(discount.percent.min(100));
        let amount = round_fen(personal_share * percent / Decimal::ONE_HUNDRED).min(due);
        if amount.is_zero() {
            continue;
        }
        due -= amount;
        lines.push(PricedLine { kind: LineKind::Discount, discount: Some(discount.kind), days_late: None, amount });
    }
    if input.days_late > 0 && !due.is_zero() {
        let fee = round_fen(due * LATE_FEE_RATE_PER_DAY * Decimal::from(input.days_late));
        if !fee.is_zero() {
            lines.push(PricedLine { kind: LineKind::LateFee, discount: None, days_late: Some(input.days_late), amount: fee });
            due += fee;
        }
    }
    Breakdown { lines, total: due }
}

impl Breakdown {
    /// The lines added up with their signs.
    pub fn sum_of_lines(&self) -> Decimal {
        self.lines.iter().fold(Decimal::ZERO, |sum, line| {
            if line.kind.is_deduction() { sum - line.amount } else { sum + line.amount }
        })
    }

    /// What the app requires of any backend's quote before it shows it: every amount is a sane
    /// money amount, there is exactly one standard line, and the lines add up to the total.
    pub fn check(&self) -> Result<(), BreakdownError> {
        for line in &self.lines {
            check_amount(line.amount).map_err(BreakdownError::BadAmount)?;
        }
        check_amount(self.total).map_err(BreakdownError::BadAmount)?;
        if self.lines.iter().filter(|l| l.kind == LineKind::Standard).count() != 1 {
            return Err(BreakdownError::NoSingleStandardLine);
        }
        if self.sum_of_lines() != self.total {
            return Err(BreakdownError::DoesNotAddUp { lines: self.sum_of_lines(), total: self.total });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BreakdownError {
    BadAmount(AmountError),
    NoSingleStandardLine,
    DoesNotAddUp { lines: Decimal, total: Decimal },
}

/// Contribution for flexible employment: base = average wage × percent, times the rate, times
/// the months in the cycle. `base_percent` and `rate_percent` are whole percentages.
pub fn flexible_standard(monthly_average_wage: Decimal, base_percent: u32, rate_percent: Decimal, months: u32) -> Decimal {
    let base = round_fen(monthly_average_wage * Decimal::from(base_percent) / Decimal::ONE_HUNDRED);
    round_fen(base * rate_percent / Decimal::ONE_HUNDRED) * Decimal::from(months)
}

/// The contribution base in yuan for a base percentage, as shown beside the choice.
pub fn flexible_base(monthly_average_wage: Decimal, base_percent: u32) -> Decimal {
    round_fen(monthly_average_wage * Decimal::from(base_percent) / Decimal::ONE_HUNDRED)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn yuan(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn resident_tier_with_subsidy() {
        let b = price(&PricingInput { standard: yuan("990"), subsidy: yuan("640"), discounts: vec![], days_late: 0 });
        assert_eq!(b.total, yuan("350"));
        assert_eq!(b.lines.len(), 2);
        assert_eq!(b.check(), Ok(()));
    }

    #[test]
    fn student_half_and_late_fee_for_326_days() {
        let b = price(&PricingInput {
            standard: yuan("990"),
            subsidy: yuan("640"),
            discounts: vec![Discount { kind: DiscountKind::Student, percent: 50 }],
            days_late: 326,
        });
        // 350 − 175 = 175; late fee 175 × 0.0005 × 326 = 28.525 → 28.53
        assert_eq!(b.lines[2].amount, yuan("175.00"));
        assert_eq!(b.lines[3].amount, yuan("28.53"));
        assert_eq!(b.total, yuan("203.53"));
        assert_eq!(b.check(), Ok(()));
    }

    #[test]
    fn fiscal_pay_on_behalf_is_zero_and_has_no_late_fee() {
        let b = price(&PricingInput {
            standard: yuan("990"),
            subsidy: yuan("640"),
            discounts: vec![Discount { kind: DiscountKind::FiscalPayOnBehalf, percent: 100 }],
            days_late: 30,
        });
        assert_eq!(b.total, Decimal::ZERO);
        assert!(b.lines.iter().all(|l| l.kind != LineKind::LateFee));
    }

    #[test]
    fn flexible_employment_amounts() {
        // Beijing-like wage 11,937 × 60 % = 7,162.20; × 9 % = 644.598 → 644.60 a month; × 3 months
        assert_eq!(flexible_standard(yuan("11937"), 60, yuan("9"), 3), yuan("1933.80"));
        assert_eq!(flexible_base(yuan("11937"), 300), yuan("35811.00"));
    }

    #[test]
    fn check_refuses_bad_quotes() {
        let mut b = price(&PricingInput { standard: yuan("990"), subsidy: yuan("640"), discounts: vec![], days_late: 0 });
        b.total = yuan("351");
        assert!(matches!(b.check(), Err(BreakdownError::DoesNotAddUp { .. })));
        b.total = yuan("-1");
        assert!(matches!(b.check(), Err(BreakdownError::BadAmount(_))));
        b.total = yuan("350");
        b.lines.remove(0);
        assert!(b.check().is_err());
    }

    proptest! {
        #[test]
        fn breakdown_always_adds_up(
            standard_fen in 0i64..100_000_000,
            subsidy_fen in 0i64..100_000_000,
            student in proptest::option::of(0u32..=100),
            special in proptest::option::of(0u32..=100),
            fiscal in any::<bool>(),
            days_late in 0u32..3650,
        ) {
            let mut discounts = vec![];
            if let Some(p) = student { discounts.push(Discount { kind: DiscountKind::Student, percent: p }); }
            if let Some(p) = special { discounts.push(Discount { kind: DiscountKind::SpecialGroup, percent: p }); }
            if fiscal { discounts.push(Discount { kind: DiscountKind::FiscalPayOnBehalf, percent: 100 }); }
            let b = price(&PricingInput {
                standard: Decimal::new(standard_fen, 2),
                subsidy: Decimal::new(subsidy_fen, 2),
                discounts,
                days_late,
            });
            prop_assert_eq!(b.sum_of_lines(), b.total);
            prop_assert!(b.total >= Decimal::ZERO);
            prop_assert!(b.lines.iter().all(|l| l.amount >= Decimal::ZERO && l.amount.scale() <= 2));
            if fiscal { prop_assert_eq!(b.total, Decimal::ZERO); }
        }

        #[test]
        fn flexible_amounts_are_whole_fen_and_grow_with_the_base(
            wage_fen in 100_000i64..5_000_000,
            percent in 60u32..300,
            months in prop::sample::select(vec![1u32, 3, 6]),
        ) {
            let wage = Decimal::new(wage_fen, 2);
            let rate = Decimal::from(9);
            let low = flexible_standard(wage, percent, rate, months);
            let high = flexible_standard(wage, percent + 1, rate, months);
            prop_assert!(low.scale() <= 2);
            prop_assert!(high >= low);
            let b = price(&PricingInput { standard: low, subsidy: Decimal::ZERO, discounts: vec![], days_late: 0 });
            prop_assert_eq!(b.total, low);
        }
    }
}
