//! Checks for what a person types to prove who they are: name, 18-digit resident ID number
//! (GB 11643-1999, with its ISO 7064 MOD 11-2 check character) and mainland mobile number.
//! Each check says precisely what is wrong so the screen can say it in the person's language.

/// Why an ID number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    Empty,
    /// Holds how many characters were typed (after removing spaces).
    WrongLength(usize),
    /// Only digits, with X allowed as the last character.
    BadCharacter,
    BadBirthDate,
    BadCheckCharacter,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Removes the spaces people type to group digits and upper-cases a trailing x.
pub fn normalize_id_number(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect()
}

/// The check character for the first 17 digits.
pub fn id_check_character(first17: &[u32; 17]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    CHECK_CHARACTERS[(sum % 11) as usize]
}

/// Validates an 18-digit resident ID number and returns it normalised.
pub fn validate_id_number(text: &str) -> Result<String, IdNumberError> {
    let id = normalize_id_number(text);
    if id.is_empty() {
        return Err(IdNumberError::Empty);
    }
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 {
        return Err(IdNumberError::WrongLength(chars.len()));
    }
    let mut digits = [0u32; 17];
    for (slot, c) in digits.iter_mut().zip(&chars[..17]) {
        *slot = c.to_digit(10).ok_or(IdNumberError::BadCharacter)?;
    }
    let last = chars[17];
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdNumberError::BadCharacter);
    }
    let number = |range: std::ops::Range<usize>| range.fold(0u32, |n, i| n * 10 + digits[i]);
    let (year, month, day) = (number(6..10), number(10..12), number(12..14));
    if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(IdNumberError::BadBirthDate);
    }
    if id_check_character(&digits) != last {
        return Err(IdNumberError::BadCheckCharacter);
    }
    Ok(id)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The birth date (year, month, day) a valid ID number holds.
pub fn birth_date(id: &str) -> Option<(u32, u32, u32)> {
    let id = validate_id_number(id).ok()?;
    let number = |range: std::ops::Range<usize>| id[range].parse::<u32>().ok();
    Some((number(6..10)?, number(10..12)?, number(12..14)?))
}

/// Whether the holder of `id` is under 18 on `today` (year, month, day): a minor, whom a
/// guardian adds to a family without asking their consent. Not a valid number: not a minor.
pub fn is_minor_on(id: &str, today: (u32, u32, u32)) -> bool {
    birth_date(id).is_some_and(|(y, m, d)| (y + 18, m, d) > today)
}

/// Shows the first four and last four characters only: `1101**********1234`.
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let (head, rest) = chars.split_at(4);
    let (middle, tail) = rest.split_at(rest.len() - 4);
    format!("{}{}{}", head.iter().collect::<String>(), "*".repeat(middle.len()), tail.iter().collect::<String>())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileError {
    Empty,
    WrongLength(usize),
    /// Mainland mobile numbers start with 1 and then 3–9.
    NotAMobileNumber,
}

/// Validates a mainland mobile number (11 digits, `1[3-9]…`), allowing spaces, dashes and a
/// leading +86 as people type them, and returns the bare 11 digits.
pub fn validate_mobile(text: &str) -> Result<String, MobileError> {
    let mut digits: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.is_empty() {
        return Err(MobileError::Empty);
    }
    if let Some(rest) = digits.strip_prefix("+86") {
        digits = rest.to_string();
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(MobileError::NotAMobileNumber);
    }
    if digits.len() != 11 {
        return Err(MobileError::WrongLength(digits.len()));
    }
    let second = digits.as_bytes()[1];
    if !digits.starts_with('1') || !(b'3'..=b'9').contains(&second) {
        return Err(MobileError::NotAMobileNumber);
    }
    Ok(digits)
}

/// `138****8000`
pub fn mask_mobile(mobile: &str) -> String {
    if mobile.len() != 11 || !mobile.is_ascii() {
        return "*".repeat(mobile.chars().count());
    }
    format!("{}****{}", &mobile[..3], &mobile[7..])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong,
    BadCharacter,
}

/// A legal name as on the ID card: Chinese characters, Latin letters (for minority and foreign
/// names), spaces and the middle dot; 1–30 characters.
pub fn validate_name(text: &str) -> Result<String, NameError> {
    let name = text.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > 30 {
        return Err(NameError::TooLong);
    }
    let allowed = |c: char| {
        c.is_alphabetic() || c == ' ' || c == '·' || c == '•' || c == '.'
    };
    if !name.chars().all(allowed) || name.chars().any(|c| c.is_ascii_digit()) {
        return Err(NameError::BadCharacter);
    }
    Ok(name.to_string())
}

/// A one-time code or e-card password: exactly six digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SixDigitError {
    Empty,
    NotSixDigits,
}

pub fn validate_six_digits(text: &str) -> Result<String, SixDigitError> {
    let code: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() {
        return Err(SixDigitError::Empty);
    }
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(SixDigitError::NotSixDigits);
    }
    Ok(code)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Builds a valid ID number from an area code, a birth date and a sequence number.
    fn make_id(area: u32, year: u32, month: u32, day: u32, seq: u32) -> String {
        let first17 = format!("{area:06}{year:04}{month:02}{day:02}{seq:03}");
        let mut digits = [0u32; 17];
        for (slot, c) in digits.iter_mut().zip(first17.chars()) {
            *slot = c.to_digit(10).unwrap();
        }
        format!("{first17}{}", id_check_character(&digits))
    }

    #[test]
    fn accepts_known_valid_numbers() {
        for id in ["110101198503072115", "11010519491231002X", "440106197208153020"] {
            assert_eq!(validate_id_number(id), Ok(id.to_string()), "{id}");
        }
        assert_eq!(validate_id_number("11010519491231002x"), Ok("11010519491231002X".into()));
        assert_eq!(validate_id_number("110101 19850307 2115"), Ok("110101198503072115".into()));
    }

    #[test]
    fn explains_each_kind_of_bad_id() {
        assert_eq!(validate_id_number(""), Err(IdNumberError::Empty));
        assert_eq!(validate_id_number("1101011985"), Err(IdNumberError::WrongLength(10)));
        assert_eq!(validate_id_number("11010119850307211A"), Err(IdNumberError::BadCharacter));
        assert_eq!(validate_id_number("1101011985030X2115"), Err(IdNumberError::BadCharacter));
        assert_eq!(validate_id_number(&make_id(110101, 1985, 2, 30, 211)), Err(IdNumberError::BadBirthDate));
        assert_eq!(validate_id_number("110101198503072116"), Err(IdNumberError::BadCheckCharacter));
    }

    #[test]
    fn masks_keep_four_and_four() {
        assert_eq!(mask_id_number("110101198503072115"), "1101**********2115");
        assert_eq!(mask_mobile("13800138000"), "138****8000");
    }

    #[test]
    fn mobile_numbers() {
        assert_eq!(validate_mobile("138 0013 8000"), Ok("13800138000".into()));
        assert_eq!(validate_mobile("+86 13800138000"), Ok("13800138000".into()));
        assert_eq!(validate_mobile(""), Err(MobileError::Empty));
        assert_eq!(validate_mobile("1380013800"), Err(MobileError::WrongLength(10)));
        assert_eq!(validate_mobile("12800138000"), Err(MobileError::NotAMobileNumber));
        assert_eq!(validate_mobile("1380013800a"), Err(MobileError::NotAMobileNumber));
    }

    #[test]
    fn names() {
        assert_eq!(validate_name(" 张伟 "), Ok("张伟".into()));
        assert_eq!(validate_name("阿依古丽·买买提"), Ok("阿依古丽·买买提".into()));
        assert_eq!(validate_name("Li Na"), Ok("Li Na".into()));
        assert_eq!(validate_name(""), Err(NameError::Empty));
        assert_eq!(validate_name("张3"), Err(NameError::BadCharacter));
        assert_eq!(validate_name("<script>"), Err(NameError::BadCharacter));
    }

    #[test]
    fn six_digit_codes() {
        assert_eq!(validate_six_digits("123456"), Ok("123456".into()));
        assert_eq!(validate_six_digits("12345"), Err(SixDigitError::NotSixDigits));
        assert_eq!(validate_six_digits("12345a"), Err(SixDigitError::NotSixDigits));
        assert_eq!(validate_six_digits(""), Err(SixDigitError::Empty));
    }

    fn valid_id() -> impl Strategy<Value = String> {
        (100000u32..=659999, 1900u32..=2100, 1u32..=12, 1u32..=28, 0u32..=999)
            .prop_map(|(area, year, month, day, seq)| make_id(area, year, month, day, seq))
    }

    #[test]
    fn a_minor_is_under_eighteen_on_the_day() {
        let today = (2026, 11, 22);
        assert!(is_minor_on(&make_id(110105, 2025, 3, 15, 201), today));
        assert!(is_minor_on(&make_id(110105, 2008, 11, 23, 201), today), "18 tomorrow");
        assert!(!is_minor_on(&make_id(110105, 2008, 11, 22, 201), today), "18 today");
        assert!(!is_minor_on(&make_id(110101, 1956, 6, 15, 211), today));
        assert!(!is_minor_on("not a number", today));
    }

    proptest! {
        #[test]
        fn every_valid_id_passes(id in valid_id()) {
            prop_assert_eq!(validate_id_number(&id), Ok(id.clone()));
            prop_assert_eq!(validate_id_number(&id.to_lowercase()), Ok(id));
        }

        #[test]
        fn every_one_character_change_fails(id in valid_id(), position in 0usize..18, replacement in 0u32..11) {
            let mut chars: Vec<char> = id.chars().collect();
            let new = if replacement == 10 { 'X' } else { char::from_digit(replacement, 10).unwrap() };
            prop_assume!(chars[position] != new);
            chars[position] = new;
            let changed: String = chars.into_iter().collect();
            prop_assert!(validate_id_number(&changed).is_err(), "{} should fail", changed);
        }

        #[test]
        fn id_check_never_panics(text in "\\PC{0,30}") {
            let _ = validate_id_number(&text);
        }

        #[test]
        fn valid_mobiles_pass_and_mask(second in 3u32..=9, rest in 0u64..1_000_000_000u64) {
            let mobile = format!("1{second}{rest:09}");
            prop_assert_eq!(validate_mobile(&mobile), Ok(mobile.clone()));
            let masked = mask_mobile(&mobile);
            prop_assert_eq!(masked.len(), 11);
            prop_assert_eq!(&masked[3..7], "****");
        }

        #[test]
        fn mobile_check_never_panics(text in "\\PC{0,20}") {
            if let Ok(m) = validate_mobile(&text) {
                prop_assert_eq!(m.len(), 11);
            }
        }

        #[test]
        fn masked_id_hides_the_middle(id in valid_id()) {
            let masked = mask_id_number(&id);
            prop_assert_eq!(&masked[..4], &id[..4]);
            prop_assert_eq!(&masked[14..], &id[14..]);
            prop_assert_eq!(&masked[4..14], "**********");
        }

        #[test]
        fn six_digit_check_never_panics(text in "\\PC{0,10}") {
            if let Ok(code) = validate_six_digits(&text) {
                prop_assert_eq!(code.len(), 6);
                prop_assert!(code.chars().all(|c| c.is_ascii_digit()));
            }
        }

        #[test]
        fn every_six_digit_code_passes_and_any_other_length_fails(code in "[0-9]{6}", other in "[0-9]{0,5}|[0-9]{7,9}") {
            prop_assert_eq!(validate_six_digits(&code), Ok(code.clone()));
            prop_assert!(validate_six_digits(&other).is_err());
        }

        #[test]
        fn chinese_names_pass_and_names_with_digits_fail(name in "[\u{4e00}-\u{9fa5}]{2,6}(·[\u{4e00}-\u{9fa5}]{1,4})?", digit in 0u32..10) {
            let (padded, with_digit) = (format!(" {name} "), format!("{name}{digit}"));
            prop_assert_eq!(validate_name(&padded), Ok(name.clone()));
            prop_assert!(validate_name(&with_digit).is_err());
        }

        #[test]
        fn name_check_never_panics(text in "\\PC{0,40}") {
            if let Ok(name) = validate_name(&text) {
                prop_assert!(!name.is_empty() && name.chars().count() <= 30);
                prop_assert!(!name.chars().any(|c| c.is_ascii_digit() || c == '<' || c == '>'));
            }
        }
    }
}
