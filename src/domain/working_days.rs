//! Working days, for what happens after paying (seed 001 §4): the fund receives a contribution
//! in 1–3 working days, and the insured status updates one working day after that. A backend
//! works the dates out from its own calendar of public holidays; this is how the demo does.

/// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn parse(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let (y, m, d) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

fn format(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The `n`th working day after `date` (YYYY-MM-DD): not a Saturday or Sunday, nor in `holidays`.
pub fn add_working_days(date: &str, n: u32, holidays: &[&str]) -> Option<String> {
    let mut day = parse(date)?;
    let mut left = n;
    while left > 0 {
        day += 1;
        // 1970-01-01 was a Thursday: 0 is Thursday, so 2 and 3 are Saturday and Sunday.
        let weekend = matches!(day.rem_euclid(7), 2 | 3);
        if !weekend && !holidays.contains(&format(day).as_str()) {
            left -= 1;
        }
    }
    Some(format(day))
}

/// `date` (YYYY-MM-DD) `n` calendar days later.
pub fn add_days(date: &str, n: u32) -> Option<String> {
    Some(format(parse(date)? + i64::from(n)))
}

/// The same day of the month `n` months after `date`, or that month's last day where it is
/// shorter (an instalment due on the 31st falls on 28 February).
pub fn add_months(date: &str, n: u32) -> Option<String> {
    let (y, m, d) = civil_from_days(parse(date)?);
    let months = y * 12 + i64::from(m) - 1 + i64::from(n);
    let (y, m) = (months.div_euclid(12), (months.rem_euclid(12) + 1) as u32);
    let next_month = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
    let last = (next_month - days_from_civil(y, m, 1)) as u32;
    Some(format(days_from_civil(y, m, d.min(last))))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn weekends_and_holidays_are_skipped() {
        // 2026-11-22 is a Sunday.
        assert_eq!(add_working_days("2026-11-22", 1, &[]).as_deref(), Some("2026-11-23"));
        assert_eq!(add_working_days("2026-11-22", 3, &[]).as_deref(), Some("2026-11-25"));
        assert_eq!(add_working_days("2026-11-27", 1, &[]).as_deref(), Some("2026-11-30"), "Friday to Monday");
        assert_eq!(add_working_days("2026-12-31", 1, &["2027-01-01"]).as_deref(), Some("2027-01-04"), "over New Year's Day and a weekend");
        assert_eq!(add_working_days("2028-02-28", 1, &[]).as_deref(), Some("2028-02-29"), "a leap day");
        assert_eq!(add_working_days("not a date", 1, &[]), None);
    }

    #[test]
    fn months_keep_the_day_or_take_the_last() {
        assert_eq!(add_months("2026-11-22", 1).as_deref(), Some("2026-12-22"));
        assert_eq!(add_months("2026-11-22", 2).as_deref(), Some("2027-01-22"), "into the next year");
        assert_eq!(add_months("2027-01-31", 1).as_deref(), Some("2027-02-28"));
        assert_eq!(add_months("2028-01-31", 1).as_deref(), Some("2028-02-29"), "a leap year");
        assert_eq!(add_months("2027-01-31", 12).as_deref(), Some("2028-01-31"));
        assert_eq!(add_days("2026-12-31", 1).as_deref(), Some("2027-01-01"));
    }

    proptest! {
        /// Dates survive the round trip, and n working days never land on a weekend.
        #[test]
        fn dates_round_trip_and_working_days_are_weekdays(days in 0i64..40_000, n in 1u32..30) {
            let date = format(days);
            prop_assert_eq!(parse(&date), Some(days));
            let later = add_working_days(&date, n, &[]).unwrap();
            let later_days = parse(&later).unwrap();
            prop_assert!(!matches!(later_days.rem_euclid(7), 2 | 3));
            prop_assert!(later_days - days >= i64::from(n) && later_days - days <= i64::from(n) + 2 * (i64::from(n) / 5 + 1));
        }
    }
}
