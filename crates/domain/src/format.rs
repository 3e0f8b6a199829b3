//! Numbers written the way each language writes them: `1.234,5` in
//! Vietnamese, `1,234.5` in English.

use crate::language::Language;
use std::fmt;

/// A whole number that writes itself with thousands separated, without
/// allocating: `format!("{}", Integer(1234, Language::Vi))` is `1.234`.
#[derive(Clone, Copy, Debug)]
pub struct Integer(pub u64, pub Language);

impl fmt::Display for Integer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let separator = match self.1 {
            Language::Vi => '.',
            Language::En => ',',
        };
        let mut digits = [0u8; 20];
        let mut value = self.0;
        let mut length = 0;
        loop {
            digits[length] = b'0' + (value % 10) as u8;
            length += 1;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        for position in (0..length).rev() {
            fmt::Write::write_char(formatter, char::from(digits[position]))?;
            if position > 0 && position % 3 == 0 {
                fmt::Write::write_char(formatter, separator)?;
            }
        }
        Ok(())
    }
}

/// A whole number with thousands separated (`1.234.567` / `1,234,567`).
pub fn integer(value: u64, language: Language) -> String {
    Integer(value, language).to_string()
}

/// A whole number written the Vietnamese way (`1.234.567`).
pub fn integer_vi(value: u64) -> String {
    integer(value, Language::Vi)
}

/// A date as Vietnamese writes it: `28/11/2026`.
pub fn date_vi(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    // Written by hand: chrono's strftime machinery is large in the app's download.
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// A moment as Vietnamese writes it, in Vietnam's time: `28/11/2026 10:05`.
pub fn moment_vi(moment: crate::sync_meta::Timestamp) -> String {
    let local = chrono::DateTime::from_timestamp_millis(moment.0.saturating_add(7 * 3_600_000))
        .map(|time| time.naive_utc())
        .unwrap_or_default();
    use chrono::Timelike;
    format!("{} {:02}:{:02}", date_vi(local.date()), local.hour(), local.minute())
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
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn thousands_are_separated_by_language() {
        assert_eq!(integer(u64::MAX, Language::Vi), "18.446.744.073.709.551.615");
        assert_eq!(integer(100, Language::En), "100");
        assert_eq!(integer(1_000_000, Language::En), "1,000,000");
        assert_eq!(integer(0, Language::Vi), "0");
        assert_eq!(integer(999, Language::Vi), "999");
        assert_eq!(integer(1_000, Language::Vi), "1.000");
        assert_eq!(integer(1_234_567, Language::Vi), "1.234.567");
        assert_eq!(integer(1_234_567, Language::En), "1,234,567");
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(date_vi("2026-11-28".parse().unwrap()), "28/11/2026");
        assert_eq!(
            moment_vi(crate::sync_meta::Timestamp(1_795_834_800_000)),
            "28/11/2026 10:00"
        );
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
