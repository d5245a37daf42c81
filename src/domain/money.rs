//! Money is `rust_decimal::Decimal` end to end and travels as a decimal string.
//! Nothing in this module (or anywhere money is handled) uses floating point.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// The largest amount the app will accept from a backend for a single line or total.
/// Anything above is certainly a backend bug, and showing it would mislead the payer.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);

/// Rounds to whole fen (0.01 yuan), half away from zero, as Chinese fee tables do.
pub fn round_fen(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Formats yuan as `¥1,234.50` (negative amounts as `-¥12.00`).
pub fn format_yuan(amount: Decimal) -> String {
    let rounded = round_fen(amount);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.2}", rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{}¥{grouped}.{fraction}", if negative { "-" } else { "" })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    TooManyDecimals,
    Negative,
    TooLarge,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            AmountError::Empty => "amount is empty",
            AmountError::NotANumber => "amount is not a decimal number",
            AmountError::TooManyDecimals => "amount has more than two decimal places",
            AmountError::Negative => "amount is negative",
            AmountError::TooLarge => "amount is implausibly large",
        };
        f.write_str(text)
    }
}

/// Parses a decimal-string amount as it travels over the API: plain digits, an optional
/// point and at most two decimals, never negative, never absurd.
pub fn parse_amount(text: &str) -> Result<Decimal, AmountError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let plain = text.chars().all(|c| c.is_ascii_digit() || c == '.')
        && text.chars().filter(|&c| c == '.').count() <= 1
        && !text.starts_with('.')
        && !text.ends_with('.');
    if !plain {
        return Err(AmountError::NotANumber);
    }
    let amount: Decimal = text.parse().map_err(|_| AmountError::NotANumber)?;
    check_amount(amount)
}

/// Checks an amount already decoded as a Decimal (e.g. by serde) with the same rules.
pub fn check_amount(amount: Decimal) -> Result<Decimal, AmountError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(AmountError::Negative);
    }
    if amount.normalize().scale() > 2 {
        return Err(AmountError::TooManyDecimals);
    }
    if amount > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    Ok(amount)
}

/// Money travels as a decimal string (`"350.00"`), as the contract says: a number in its place
/// is refused, so no float ever carries an amount (and float formatting, which rust_decimal's own
/// deserializer pulls in to accept numbers, stays out of the download).
/// Use with `#[serde(with = "crate::domain::money::decimal_string")]`.
pub mod decimal_string {
    use rust_decimal::Decimal;
    use serde::{de, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_str(DecimalString)
    }

    pub(super) struct DecimalString;

    impl de::Visitor<'_> for DecimalString {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an amount as a decimal string")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
            text.parse::<Decimal>().map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
        }
    }
}

/// [`decimal_string`] for an amount that may be absent (`null` or left out).
pub mod optional_decimal_string {
    use rust_decimal::Decimal;
    use serde::{de, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
        deserializer.deserialize_option(MaybeDecimal)
    }

    struct MaybeDecimal;

    impl<'de> de::Visitor<'de> for MaybeDecimal {
        type Value = Option<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an amount as a decimal string, or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            super::decimal_string::deserialize(deserializer).map(Some)
        }
    }
}

/// [`decimal_string`] for a list of amounts.
pub mod decimal_strings {
    use rust_decimal::Decimal;
    use serde::{de, ser::SerializeSeq, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(values: &[Decimal], serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(values.len()))?;
        for value in values {
            seq.serialize_element(&value.to_string())?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Decimal>, D::Error> {
        deserializer.deserialize_seq(DecimalStrings)
    }

    struct DecimalStrings;
    struct One(Decimal);

    impl<'de> de::Deserialize<'de> for One {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_str(super::decimal_string::DecimalString).map(One)
        }
    }

    impl<'de> de::Visitor<'de> for DecimalStrings {
        type Value = Vec<Decimal>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of amounts as decimal strings")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Decimal>, A::Error> {
            let mut values = Vec::new();
            while let Some(One(value)) = seq.next_element()? {
                values.push(value);
            }
            Ok(values)
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn formats_with_grouping_and_two_decimals() {
        assert_eq!(format_yuan(dec("1234.5")), "¥1,234.50");
        assert_eq!(format_yuan(dec("0")), "¥0.00");
        assert_eq!(format_yuan(dec("350")), "¥350.00");
        assert_eq!(format_yuan(dec("1234567.891")), "¥1,234,567.89");
        assert_eq!(format_yuan(dec("-12")), "-¥12.00");
        assert_eq!(format_yuan(dec("100")), "¥100.00");
        assert_eq!(format_yuan(dec("999999")), "¥999,999.00");
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_fen(dec("0.005")), dec("0.01"));
        assert_eq!(round_fen(dec("57.045")), dec("57.05"));
        assert_eq!(round_fen(dec("57.044")), dec("57.04"));
    }

    #[test]
    fn parses_only_plain_decimal_strings() {
        assert_eq!(parse_amount("350.00"), Ok(dec("350.00")));
        assert_eq!(parse_amount(" 12.5 "), Ok(dec("12.5")));
        assert_eq!(parse_amount(""), Err(AmountError::Empty));
        assert_eq!(parse_amount("-1"), Err(AmountError::Negative));
        assert_eq!(parse_amount("1e3"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("1.2.3"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount(".5"), Err(AmountError::NotANumber));
        assert_eq!(parse_amount("12.345"), Err(AmountError::TooManyDecimals));
        assert_eq!(parse_amount("100000001"), Err(AmountError::TooLarge));
        assert_eq!(parse_amount("¥5"), Err(AmountError::NotANumber));
    }

    proptest! {
        #[test]
        fn format_then_strip_round_trips(fen in 0i64..=10_000_000_000i64) {
            let amount = Decimal::new(fen, 2);
            let shown = format_yuan(amount);
            let digits: String = shown.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
            prop_assert_eq!(parse_amount(&digits), Ok(amount));
        }

        #[test]
        fn parse_never_panics_and_accepts_only_sane_amounts(text in "\\PC{0,24}") {
            if let Ok(amount) = parse_amount(&text) {
                prop_assert!(amount >= Decimal::ZERO);
                prop_assert!(amount <= MAX_AMOUNT);
                prop_assert!(amount.normalize().scale() <= 2);
            }
        }

        #[test]
        fn checked_amounts_are_never_negative_or_absurd(units in any::<i64>(), scale in 0u32..=6) {
            let amount = Decimal::new(units, scale);
            let sane = (!amount.is_sign_negative() || amount.is_zero()) && amount.normalize().scale() <= 2 && amount <= MAX_AMOUNT;
            prop_assert_eq!(check_amount(amount).is_ok(), sane);
        }

        #[test]
        fn parses_every_two_decimal_string(whole in 0u64..100_000_000u64, fen in 0u32..100u32) {
            let text = format!("{whole}.{fen:02}");
            prop_assert_eq!(parse_amount(&text), Ok(Decimal::new((whole * 100 + fen as u64) as i64, 2)));
        }
    }
}
