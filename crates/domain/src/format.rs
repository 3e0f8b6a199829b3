//! Numbers written the way each language writes them: `1.234,5` in
//! Vietnamese, `1,234.5` in English.

use crate::language::Language;

/// A whole number with thousands separated (`1.234.567` / `1,234,567`).
pub fn integer(value: u64, language: Language) -> String {
    let separator = match language {
        Language::Vi => '.',
        Language::En => ',',
    };
    let digits = value.to_string();
    let mut written = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            written.push(separator);
        }
        written.push(digit);
    }
    written
}

/// A whole number written the Vietnamese way (`1.234.567`).
pub fn integer_vi(value: u64) -> String {
    integer(value, Language::Vi)
}

/// A number given in hundredths, with two decimals at most and no trailing
/// zeros (`3088` → `30,88` / `30.88`; `500` → `5`).
pub fn hundredths(value: u64, language: Language) -> String {
    let (whole, fraction) = (value / 100, value % 100);
    let mut written = integer(whole, language);
    if fraction != 0 {
        written.push(match language {
            Language::Vi => ',',
            Language::En => '.',
        });
        let fraction = format!("{fraction:02}");
        written.push_str(fraction.trim_end_matches('0'));
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated_by_language() {
        assert_eq!(integer(0, Language::Vi), "0");
        assert_eq!(integer(999, Language::Vi), "999");
        assert_eq!(integer(1_000, Language::Vi), "1.000");
        assert_eq!(integer(1_234_567, Language::Vi), "1.234.567");
        assert_eq!(integer(1_234_567, Language::En), "1,234,567");
    }

    #[test]
    fn decimals_use_a_comma_in_vietnamese() {
        assert_eq!(hundredths(3_088, Language::Vi), "30,88");
        assert_eq!(hundredths(3_088, Language::En), "30.88");
        assert_eq!(hundredths(3_080, Language::Vi), "30,8");
        assert_eq!(hundredths(500, Language::Vi), "5");
        assert_eq!(hundredths(123_456_705, Language::Vi), "1.234.567,05");
    }
}
