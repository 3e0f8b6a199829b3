//! The server's clock. Everything that depends on the date — a decision's
//! date checked against today, an effective date carried out when its day
//! begins in Vietnam, a session's expiry — reads this, never the system
//! clock directly, so that tests and drills can put the server on another
//! day. It runs forward from where it is set, as a real clock does.

use domain::Timestamp;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The time now, shifted by an offset from the system's clock.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `start` now and runs forward from it.
    pub fn starting_at(start: Timestamp) -> Self {
        let clock = Self::default();
        clock.set(start);
        clock
    }

    /// The time now.
    pub fn now(&self) -> Timestamp {
        Timestamp(crate::db::now().0 + self.offset_ms.load(Ordering::Relaxed))
    }

    /// Puts the clock at `moment` (it runs on from there), for every holder
    /// of this clock.
    pub fn set(&self, moment: Timestamp) {
        self.offset_ms.store(moment.0 - crate::db::now().0, Ordering::Relaxed);
    }
}

/// Reads `SAPXEP_CLOCK_START`: a day `YYYY-MM-DD` (its first minute in
/// Vietnam) or a moment `YYYY-MM-DDTHH:MM` in Vietnam time.
pub fn parse_start(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let (date, time) = match text.split_once('T') {
        Some((date, time)) => (date, time),
        None => (text, "00:01"),
    };
    let date: domain::NaiveDate = date.parse().ok()?;
    let (hours, minutes) = time.split_once(':')?;
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.get(..2)?.parse().ok()?);
    let moment = date.and_hms_opt(hours, minutes, 0)?;
    const VIETNAM_OFFSET_MS: i64 = 7 * 60 * 60 * 1000;
    Some(Timestamp(moment.and_utc().timestamp_millis() - VIETNAM_OFFSET_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_day_is_its_first_minute_in_vietnam() {
        let start = parse_start("2027-01-01").unwrap();
        assert_eq!(start.vietnam_date().to_string(), "2027-01-01");
        assert_eq!(
            parse_start("2026-12-31T23:59").unwrap().vietnam_date().to_string(),
            "2026-12-31"
        );
        assert!(parse_start("hôm qua").is_none());
        let clock = Clock::starting_at(start);
        assert_eq!(clock.now().vietnam_date().to_string(), "2027-01-01");
    }
}
