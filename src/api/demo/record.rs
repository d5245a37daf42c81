//! The demo people's records, worked out from their careers (`fixtures::RECORDS`): every month
//! of five years, the balances those months add up to, and the medical spending list. Payments
//! made through the app fill the gaps they paid for and link to their receipts.

use super::fixtures::{self, Career, DemoCity};
use crate::api::*;
use crate::domain::money::round_fen;
use rust_decimal::Decimal;

/// The record's years, newest first (the demo's today is in 2026).
pub const YEARS: [u16; 5] = [2026, 2025, 2024, 2023, 2022];
/// The last month of the current year whose contribution was due by the demo's today.
const LAST_DUE_MONTH: u8 = 10;
const CURRENT_YEAR: u16 = 2026;

/// A payment made through the app towards a year of one insurance.
pub struct AppPayment {
    pub insurance: Insurance,
    pub year: u16,
    pub months: u32,
    pub amount: Decimal,
    pub serial: String,
}

fn percent(n: i64, tenths: i64) -> Decimal {
    Decimal::new(n * tenths, 3)
}

/// Both shares of one month, as a fraction of the base: what employers and flexible workers pay.
fn rate(insurance: Insurance, by: PaidBy) -> Decimal {
    match (insurance, by) {
        (Insurance::Pension, PaidBy::Employer) => percent(1, 240),
        (Insurance::Medical, PaidBy::Employer) => percent(1, 120),
        (Insurance::Unemployment, _) => percent(1, 10),
        (Insurance::WorkInjury, _) => percent(1, 4),
        (Insurance::Maternity, _) => percent(1, 8),
        (Insurance::Pension, PaidBy::Myself) => percent(1, 200),
        (Insurance::Medical, PaidBy::Myself) => percent(1, 90),
    }
}

/// What goes into the person's own account each paid month, as a fraction of the base.
fn personal_share(insurance: Insurance) -> Decimal {
    match insurance {
        Insurance::Pension => percent(1, 80),
        Insurance::Medical => percent(1, 20),
        _ => Decimal::ZERO,
    }
}

fn employer_base(base_2022: i64, year: u16) -> Decimal {
    Decimal::from(base_2022 + 500 * i64::from(year - 2022))
}

/// A flexible worker's base: 60 % of the city's average wage, the lowest they may choose.
fn flexible_base(city: &DemoCity) -> Decimal {
    round_fen(Decimal::from(city.monthly_average_wage) * percent(1, 600))
}

/// One month as the career made it: its state, who paid, and on what base.
fn month(career: Career, city: &DemoCity, insurance: Insurance, year: u16, month: u8) -> (MonthState, Option<(PaidBy, Decimal)>) {
    if year == CURRENT_YEAR && month > LAST_DUE_MONTH {
        return (MonthState::NotDue, None);
    }
    match career {
        Career::Employee { base_2022, .. } => (MonthState::Paid, Some((PaidBy::Employer, employer_base(base_2022, year)))),
        Career::EmployeeThenFlexible { base_2022, .. } => {
            let employed = year < 2024 || (year == 2024 && month <= 3);
            let own = matches!(insurance, Insurance::Pension | Insurance::Medical);
            if employed {
                (MonthState::Paid, Some((PaidBy::Employer, employer_base(base_2022, year))))
            } else if !own {
                (MonthState::NotInsured, None)
            } else if (year == 2024 && month <= 6) || (year == 2025 && (3..=5).contains(&month)) {
                (MonthState::Gap, None)
            } else if year == CURRENT_YEAR && month >= 9 {
                (MonthState::Arrears, None)
            } else {
                (MonthState::Paid, Some((PaidBy::Myself, flexible_base(city))))
            }
        }
        Career::TransferringIn | Career::LeftEarlier { .. } => (MonthState::NotInsured, None),
    }
}

/// The insurances a city shows at its level of detail.
fn shown(city: &DemoCity) -> &'static [Insurance] {
    match city.record.detail {
        DetailLevel::Full => &Insurance::ALL,
        DetailLevel::Basic => &Insurance::ALL[..3],
        DetailLevel::Totals => &Insurance::ALL[..2],
    }
}

/// The order that pays a year's gaps of `insurance`, if that year can still be paid.
fn back_pay_order(city: &DemoCity, insurance: Insurance, year: u16) -> Option<OrderRef> {
    let product = match insurance {
        Insurance::Pension if city.pension.is_some() => ProductCode::FlexiblePension,
        Insurance::Medical => ProductCode::FlexibleMedical,
        _ => return None,
    };
    let window = fixtures::years(product).into_iter().find(|y| y.0 == year)?;
    window.3.accepts_payment().then(|| OrderRef { city: city.code.into(), product, year })
}

/// The year's grid for one insurance, with the app's payments filling the gaps they paid for.
fn insurance_year(career: Career, city: &DemoCity, insurance: Insurance, year: u16, paid: &[AppPayment]) -> InsuranceYear {
    let mut months: Vec<MonthEntry> = (1..=12)
        .map(|m| {
            let (state, paid_by) = month(career, city, insurance, year, m);
            MonthEntry { month: m, state, paid_by: paid_by.map(|p| p.0), amount: paid_by.map(|(by, base)| round_fen(base * rate(insurance, by))), receipt_serial: None }
        })
        .collect();
    for payment in paid.iter().filter(|p| p.insurance == insurance && p.year == year) {
        let open: Vec<usize> = months.iter().enumerate().filter(|(_, m)| matches!(m.state, MonthState::Gap | MonthState::Arrears)).map(|(i, _)| i).take(payment.months as usize).collect();
        // The payment's amount, split over the months it paid (the last takes the remainder).
        let count = Decimal::from(open.len() as u64);
        let mut left = payment.amount;
        for (n, &i) in open.iter().enumerate() {
            let share = if n + 1 == open.len() { left } else { round_fen(payment.amount / count) };
            left -= share;
            months[i] = MonthEntry { month: months[i].month, state: MonthState::Paid, paid_by: Some(PaidBy::Myself), amount: Some(share), receipt_serial: Some(payment.serial.clone()) };
        }
    }
    let total = months.iter().filter_map(|m| m.amount).sum();
    let missing = months.iter().any(|m| matches!(m.state, MonthState::Gap | MonthState::Arrears));
    InsuranceYear { insurance, months, total, back_pay: missing.then(|| back_pay_order(city, insurance, year)).flatten() }
}

pub fn record_year(career: Career, city: &DemoCity, year: u16, paid: &[AppPayment], as_of: &str) -> RecordYear {
    RecordYear { year, as_of: as_of.into(), insurances: shown(city).iter().map(|i| insurance_year(career, city, *i, year, paid)).collect() }
}

/// When the city's data was last received: now for a real-time link, else the last daily or
/// weekly exchange before the demo's today.
pub fn as_of(city: &DemoCity, now: &str) -> String {
    match city.record.sync {
        SyncKind::Realtime => now.into(),
        SyncKind::Daily => "2026-11-21T16:00:00Z".into(),
        SyncKind::Weekly => "2026-11-15T16:00:00Z".into(),
    }
}

/// The medical spending list (newest first): a fixed pattern of visits, each balance the one
/// after the visit, ending at `balance` today.
pub fn spending(balance: Decimal) -> Vec<Spending> {
    const PLACES: [(&str, &str); 5] = [
        ("社区卫生服务中心门诊", "Community health centre, outpatient"),
        ("大药房（医保定点）", "Pharmacy (insurance-approved)"),
        ("市第一人民医院门诊", "First People's Hospital, outpatient"),
        ("中医院门诊", "Hospital of Chinese medicine, outpatient"),
        ("口腔医院", "Dental hospital"),
    ];
    const AMOUNTS: [i64; 7] = [4650, 12800, 3520, 28600, 8900, 15640, 6230];
    let mut after = balance;
    (0..23usize)
        .map(|i| {
            let amount = Decimal::new(AMOUNTS[i % AMOUNTS.len()], 2);
            let (zh, en) = PLACES[i % PLACES.len()];
            // Every 11 days back from 18 November 2026.
            let days_back = 11 * i as i64;
            let date = crate::platform::rfc3339_utc((DEMO_SPENDING_START_DAY - days_back) as u64 * 86_400_000)[..10].to_string();
            let item = Spending { date, place: LocalText::new(zh, en), amount, balance_after: after };
            after += amount;
            item
        })
        .collect()
}

/// 2026-11-18 as days since 1970-01-01.
const DEMO_SPENDING_START_DAY: i64 = 20_775;

pub const SPENDING_PAGE_SIZE: usize = 10;

/// The record's overview: balances are the sums of the months' personal shares (and what
/// came before), less what was spent.
pub fn overview(career: Career, city: &DemoCity, holder: String, paid: &[AppPayment], now: &str) -> RecordOverview {
    let as_of = as_of(city, now);
    let region = super::region_name(city);
    let figure = |amount: Decimal| Some(Figure { amount, as_of: as_of.clone() });
    if let Career::LeftEarlier { months, pension, medical } = career {
        return RecordOverview {
            region,
            holder,
            sync: city.record.sync,
            detail: city.record.detail,
            as_of: as_of.clone(),
            insurances: shown(city).iter().map(|i| InsuranceStatus { insurance: *i, status: Enrolment::Suspended, as_of: as_of.clone() }).collect(),
            pension_account: figure(Decimal::from(pension)),
            medical_account: figure(Decimal::from(medical)),
            card_account: None,
            months_paid: months,
            months_paid_as_of: as_of.clone(),
            contribution_base: None,
            years: vec![],
            spending_delay: None,
            employer_changed: false,
        };
    }
    let (base_2022, earlier_months) = match career {
        Career::Employee { base_2022, earlier_months } | Career::EmployeeThenFlexible { base_2022, earlier_months } => (base_2022, earlier_months),
        _ => (0, 0),
    };
    let years: Vec<RecordYear> = YEARS.iter().map(|y| record_year(career, city, *y, paid, &as_of)).collect();
    let credited = |insurance: Insurance| -> Decimal {
        years.iter().flat_map(|y| y.insurances.iter().filter(|i| i.insurance == insurance)).flat_map(|i| i.months.iter()).filter(|m| m.state == MonthState::Paid)
            .map(|m| round_fen(m.amount.unwrap_or_default() * personal_share(insurance) / rate(insurance, m.paid_by.unwrap_or(PaidBy::Employer)))).sum()
    };
    // Before the record's years contributions were lower: 70 % of the 2022 base.
    let earlier = round_fen(Decimal::from(base_2022) * percent(1, 700) * personal_share(Insurance::Pension)) * Decimal::from(earlier_months);
    let pension = earlier + credited(Insurance::Pension);
    let spent: Decimal = spending(Decimal::ZERO).iter().map(|s| s.amount).sum();
    let medical = (credited(Insurance::Medical) - spent).max(Decimal::ZERO);
    let paid_months = years.iter().flat_map(|y| y.insurances.iter().filter(|i| i.insurance == Insurance::Pension)).flat_map(|i| i.months.iter()).filter(|m| m.state == MonthState::Paid).count() as u32;
    let latest = years[0].insurances.iter().flat_map(|i| i.months.iter().rev()).find(|m| m.state == MonthState::Paid);
    let base = match (career, latest.and_then(|m| m.paid_by)) {
        (_, Some(PaidBy::Myself)) => flexible_base(city),
        _ => employer_base(base_2022, CURRENT_YEAR),
    };
    let status = |insurance: Insurance| {
        let recent = years[0].insurances.iter().find(|i| i.insurance == insurance).and_then(|i| i.months.iter().rev().find(|m| m.state != MonthState::NotDue));
        match recent.map(|m| m.state) {
            Some(MonthState::NotInsured) => Enrolment::Suspended,
            None => Enrolment::NotInsured,
            _ => Enrolment::Insured,
        }
    };
    RecordOverview {
        region,
        holder,
        sync: city.record.sync,
        detail: city.record.detail,
        as_of: as_of.clone(),
        insurances: shown(city).iter().map(|i| InsuranceStatus { insurance: *i, status: status(*i), as_of: as_of.clone() }).collect(),
        pension_account: figure(pension),
        medical_account: figure(medical),
        card_account: city.record.card_account.then(|| Figure { amount: Decimal::new(1_268_355, 2), as_of: as_of.clone() }),
        months_paid: earlier_months + paid_months,
        months_paid_as_of: as_of.clone(),
        contribution_base: figure(base),
        years: YEARS.to_vec(),
        spending_delay: Some(match city.record.sync {
            SyncKind::Realtime => Delay { min_working_days: 0, max_working_days: 0 },
            _ => Delay { min_working_days: 2, max_working_days: 3 },
        }),
        employer_changed: matches!(career, Career::EmployeeThenFlexible { .. }),
    }
}

/// Whether `date` (YYYY-MM-DD) falls on a city's peak days (the 1st to the 5th of a month),
/// when record queries are refused as busy.
pub fn peak_day(date: &str) -> bool {
    date.get(8..10).and_then(|d| d.parse::<u8>().ok()).is_some_and(|d| (1..=5).contains(&d))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_year_adds_up_and_gaps_offer_the_back_payment_order() {
        let beijing = fixtures::city("110100").unwrap();
        let career = Career::EmployeeThenFlexible { base_2022: 8000, earlier_months: 168 };
        for year in YEARS {
            let grid = record_year(career, beijing, year, &[], "x");
            assert_eq!(grid.check(), Ok(()), "{year}");
        }
        let y2025 = record_year(career, beijing, 2025, &[], "x");
        let pension = &y2025.insurances[0];
        assert_eq!(pension.missing(), 3);
        assert_eq!(pension.back_pay, Some(OrderRef { city: "110100".into(), product: ProductCode::FlexiblePension, year: 2025 }));
        // 2024's gap can no longer be paid online: no order is offered.
        assert_eq!(record_year(career, beijing, 2024, &[], "x").insurances[0].back_pay, None);
    }

    #[test]
    fn a_payment_through_the_app_fills_the_gaps_it_paid_with_its_receipt() {
        let beijing = fixtures::city("110100").unwrap();
        let career = Career::EmployeeThenFlexible { base_2022: 8000, earlier_months: 168 };
        let paid = [AppPayment { insurance: Insurance::Pension, year: 2025, months: 3, amount: Decimal::new(450001, 2), serial: "S1".into() }];
        let grid = record_year(career, beijing, 2025, &paid, "x");
        let pension = &grid.insurances[0];
        assert_eq!(pension.missing(), 0);
        assert_eq!(pension.back_pay, None);
        let filled: Vec<&MonthEntry> = pension.months.iter().filter(|m| m.receipt_serial.as_deref() == Some("S1")).collect();
        assert_eq!(filled.iter().map(|m| m.month).collect::<Vec<_>>(), vec![3, 4, 5]);
        assert_eq!(filled.iter().filter_map(|m| m.amount).sum::<Decimal>(), Decimal::new(450001, 2));
        assert_eq!(grid.check(), Ok(()));
    }

    #[test]
    fn the_spending_balances_follow_each_other_and_the_account_is_what_is_left() {
        let list = spending(Decimal::new(100, 0));
        assert_eq!(list[0].balance_after, Decimal::new(100, 0));
        for pair in list.windows(2) {
            assert_eq!(pair[1].balance_after, pair[0].balance_after + pair[0].amount);
            assert!(pair[0].date > pair[1].date);
        }
        assert_eq!(list[0].date, "2026-11-18");
        let beijing = fixtures::city("110100").unwrap();
        let view = overview(Career::Employee { base_2022: 8000, earlier_months: 0 }, beijing, "张*".into(), &[], "now");
        assert!(view.medical_account.unwrap().amount > Decimal::ZERO);
        assert_eq!(view.months_paid, 12 * 4 + 10);
    }

    #[test]
    fn the_first_five_days_of_a_month_are_peak_days() {
        assert!(peak_day("2026-12-01"));
        assert!(peak_day("2026-12-05"));
        assert!(!peak_day("2026-12-06"));
        assert!(!peak_day(fixtures::DEMO_TODAY));
    }
}
