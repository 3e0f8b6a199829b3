//! The time on the device: now, and today's date in Vietnam (UTC+7), which
//! is what officers write on their forms.

use domain::{NaiveDate, Timestamp};

pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

pub fn today() -> NaiveDate {
    now().vietnam_date()
}
