//! A receipt's check codes: the long one its QR code carries and the short one printed on it
//! for typing in by hand. Both are Crockford base32 (no I, L, O or U), so a code read off paper
//! survives the usual misreadings; the check page tidies what was typed before sending it.

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The QR code's check code: 16 characters, 80 bits from `bytes` (10 or more random bytes).
pub const QR_CODE_LEN: usize = 16;
/// The printed check code: 8 characters (40 bits), shown as two groups of four.
pub const PRINTED_CODE_LEN: usize = 8;

/// `bytes` in Crockford base32, 5 bits a character, cut to `len` characters.
pub fn encode(bytes: &[u8], len: usize) -> String {
    let mut out = String::with_capacity(len);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 && out.len() < len {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
        buffer &= (1 << bits) - 1;
    }
    out
}

/// A code as typed (spaces, hyphens, lower case, O for 0, I or L for 1) in the form the
/// backend compares; `None` when it holds anything else or is not a code's length.
pub fn normalize(typed: &str) -> Option<String> {
    let mut code = String::new();
    for c in typed.chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}')) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        code.push(c);
    }
    matches!(code.len(), PRINTED_CODE_LEN | QR_CODE_LEN).then_some(code)
}

/// The printed code as it reads on paper: `K7QM-2XPD`.
pub fn printed(code: &str) -> String {
    match code.len() {
        PRINTED_CODE_LEN => format!("{}-{}", &code[..4], &code[4..]),
        _ => code.to_string(),
    }
}

/// A receipt serial as typed: digits and letters only (spaces dropped), 6 to 40 of them.
pub fn normalize_serial(typed: &str) -> Option<String> {
    let serial: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let fits = (6..=40).contains(&serial.len()) && serial.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    fits.then_some(serial)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_are_crockford_base32_of_the_given_length() {
        assert_eq!(encode(&[0; 10], QR_CODE_LEN), "0000000000000000");
        assert_eq!(encode(&[0xff; 10], QR_CODE_LEN), "ZZZZZZZZZZZZZZZZ");
        // 0x08 0x42 = 00001 00001 00001 0…: the first three characters are 1.
        assert_eq!(&encode(&[0x08, 0x42, 0x10, 0x84, 0x21], PRINTED_CODE_LEN), "11111111");
    }

    #[test]
    fn a_code_read_off_paper_is_tidied_the_way_it_was_meant() {
        assert_eq!(normalize("k7qm-2xpd").as_deref(), Some("K7QM2XPD"));
        assert_eq!(normalize(" K7QM 2XPD ").as_deref(), Some("K7QM2XPD"));
        assert_eq!(normalize("OIL0-1111").as_deref(), Some("01101111"));
        assert_eq!(normalize("K7QM-2XP"), None, "too short");
        assert_eq!(normalize("K7QM-2XPU"), None, "U is not in the alphabet");
        assert_eq!(normalize("K7QM-2XP中"), None);
        assert_eq!(printed("K7QM2XPD"), "K7QM-2XPD");
    }

    #[test]
    fn a_serial_is_digits_and_letters() {
        assert_eq!(normalize_serial(" 2027 1101 0000 0001 ").as_deref(), Some("2027110100000001"));
        assert_eq!(normalize_serial("12345"), None);
        assert_eq!(normalize_serial("2027/1101"), None);
    }

    proptest! {
        #[test]
        fn every_code_made_survives_being_printed_and_typed_back(bytes in proptest::collection::vec(any::<u8>(), 10)) {
            let long = encode(&bytes, QR_CODE_LEN);
            let short = encode(&bytes[..5], PRINTED_CODE_LEN);
            prop_assert_eq!(long.len(), QR_CODE_LEN);
            prop_assert_eq!(normalize(&long), Some(long.clone()));
            prop_assert_eq!(normalize(&printed(&short).to_lowercase()), Some(short));
        }
    }
}
