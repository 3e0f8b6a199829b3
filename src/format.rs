//! Numbers and counts written the Vietnamese way.

/// Writes a whole number with a dot between thousands, as Vietnamese does
/// (`1.234.567`).
pub fn integer_vi(value: u64) -> String {
    let digits = value.to_string();
    let mut written = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            written.push('.');
        }
        written.push(digit);
    }
    written
}
