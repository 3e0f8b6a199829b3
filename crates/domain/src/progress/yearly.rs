//! What changed in one year: the villages and communes of an area at the
//! start of the year and at its end (or today, for the year in progress), and
//! how many were merged, divided, dissolved or established in it — read from
//! the units' lifecycles, whose dates the decisions wrote.

use crate::hierarchy::Hierarchy;
use crate::unit::{Lifecycle, Unit};
use crate::unit_kind::UnitLevel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One level's changes in the year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCount {
    /// Units in existence at the end of the day before the year began.
    pub at_start: u32,
    /// Units in existence at the end of the period (31/12, or today).
    pub at_end: u32,
    /// Units that ended in the year by a merger, a division, a dissolution.
    pub merged: u32,
    pub divided: u32,
    pub dissolved: u32,
    /// Units that came into existence in the year.
    pub established: u32,
}

impl YearCount {
    pub fn reduction(&self) -> i64 {
        i64::from(self.at_start) - i64::from(self.at_end)
    }
}

/// The year's changes in an area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearChanges {
    pub year: i32,
    /// The period: 1 January to 31 December, or to `today` in the year in progress.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub communes: YearCount,
    pub villages: YearCount,
}

/// Whether `unit` existed at the end of `day`. A unit that has ended carries
/// no date of its start: it is taken as existing before (the reference
/// units did; units a proposal makes and another ends within one report are rare).
fn exists_on(unit: &Unit, day: NaiveDate) -> bool {
    match &unit.lifecycle {
        Lifecycle::Active { since } => since.is_none_or(|since| since <= day),
        Lifecycle::Proposed { .. } => false,
        Lifecycle::MergedInto { effective, .. }
        | Lifecycle::DividedAmong { effective, .. }
        | Lifecycle::Dissolved { effective, .. } => *effective > day,
    }
}

/// The changes of `year` under `scope`, as known on `today`. `None` for a year
/// that has not begun.
pub fn year_changes(scope: Uuid, hierarchy: &Hierarchy<'_>, year: i32, today: NaiveDate) -> Option<YearChanges> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1)?;
    if from > today {
        return None;
    }
    let end_of_year = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let to = end_of_year.min(today);
    let eve = from.pred_opt()?;
    let within = |day: &NaiveDate| from <= *day && *day <= to;
    let mut changes = YearChanges {
        year,
        from,
        to,
        communes: YearCount::default(),
        villages: YearCount::default(),
    };
    for unit in hierarchy.units().filter(|unit| hierarchy.contains(scope, unit.id)) {
        let count = match unit.level() {
            UnitLevel::Commune => &mut changes.communes,
            UnitLevel::Village => &mut changes.villages,
            _ => continue,
        };
        count.at_start += u32::from(exists_on(unit, eve));
        count.at_end += u32::from(exists_on(unit, to));
        match &unit.lifecycle {
            Lifecycle::Active { since: Some(since) } if within(since) => count.established += 1,
            Lifecycle::MergedInto { effective, .. } if within(effective) => count.merged += 1,
            Lifecycle::DividedAmong { effective, .. } if within(effective) => count.divided += 1,
            Lifecycle::Dissolved { effective, .. } if within(effective) => count.dissolved += 1,
            _ => {}
        }
    }
    Some(changes)
}
