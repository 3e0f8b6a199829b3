//! The base salary (lương cơ sở) by date: the unit the allowances of
//! non-professional workers are counted in.

use chrono::NaiveDate;

/// One base salary and the day it started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BaseSalary {
    pub from: NaiveDate,
    /// In đồng per month.
    pub amount: u64,
    pub source: &'static str,
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// The base salaries known, oldest first.
pub fn history() -> [BaseSalary; 3] {
    [
        BaseSalary {
            from: date(2023, 7, 1),
            amount: 1_800_000,
            source: "Nghị định 24/2023/NĐ-CP",
        },
        BaseSalary {
            from: date(2024, 7, 1),
            amount: 2_340_000,
            source: "Nghị định 73/2024/NĐ-CP",
        },
        BaseSalary {
            from: date(2026, 7, 1),
            amount: 2_530_000,
            source: "Nghị định 161/2026/NĐ-CP",
        },
    ]
}

/// The base salary in force on `date`; `None` before the first one known.
pub fn on(date: NaiveDate) -> Option<BaseSalary> {
    history().into_iter().rev().find(|salary| salary.from <= date)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_base_salary_rises_to_2_530_000_on_1_july_2026() {
        assert_eq!(on(date(2026, 6, 30)).map(|salary| salary.amount), Some(2_340_000));
        assert_eq!(on(date(2026, 7, 1)).map(|salary| salary.amount), Some(2_530_000));
        assert_eq!(on(date(2024, 7, 1)).map(|salary| salary.amount), Some(2_340_000));
        assert_eq!(on(date(2020, 1, 1)), None, "not known before 2023");
    }
}
