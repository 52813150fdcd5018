//! Stats: the rhythm of touches, the give/ask balance over time, how long
//! since each person was touched, and follow-ups done on time.

use chrono::{Datelike, Days, Months, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::store::stats;

pub const WEEKS: usize = 26;
pub const MONTHS: usize = 12;

/// Buckets of time since the last touch.
pub const SINCE_BUCKETS: [&str; 6] = [
    "< 1 month",
    "1-3 months",
    "3-6 months",
    "6-12 months",
    "> 1 year",
    "never",
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthBalance {
    pub month: String,
    pub gave: i64,
    pub asked: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Touches per week, oldest first; the last is the current week.
    pub touches_per_week: Vec<u64>,
    pub give_ask_per_month: Vec<MonthBalance>,
    /// People per `SINCE_BUCKETS` entry.
    pub since_last_touch: Vec<(String, u64)>,
    pub follow_ups_on_time: i64,
    pub follow_ups_late: i64,
}

pub fn load(c: &Connection, today: NaiveDate) -> Result<Stats> {
    let monday = today - Days::new(today.weekday().num_days_from_monday() as u64);
    let start = monday - Days::new(7 * (WEEKS as u64 - 1));
    let mut touches_per_week = vec![0u64; WEEKS];
    for (w, n) in stats::touches_by_week(c, start)? {
        if let Some(slot) = usize::try_from(w)
            .ok()
            .and_then(|w| touches_per_week.get_mut(w))
        {
            *slot += n.max(0) as u64;
        }
    }

    let first_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today)
        - Months::new(MONTHS as u32 - 1);
    let found = stats::give_ask_by_month(c, first_month)?;
    let give_ask_per_month = (0..MONTHS as u32)
        .map(|i| {
            let m = (first_month + Months::new(i)).format("%Y-%m").to_string();
            let (gave, asked) = found
                .iter()
                .find(|(month, _, _)| *month == m)
                .map(|(_, g, a)| (*g, *a))
                .unwrap_or((0, 0));
            MonthBalance {
                month: m,
                gave,
                asked,
            }
        })
        .collect();

    let (counts, never) = stats::people_by_days_since(c, today, &[30, 90, 180, 365])?;
    let since_last_touch = SINCE_BUCKETS
        .iter()
        .zip(counts.into_iter().chain([never]))
        .map(|(b, n)| (b.to_string(), n.max(0) as u64))
        .collect();

    let (on_time, late) = stats::follow_ups_on_time(c)?;
    Ok(Stats {
        touches_per_week,
        give_ask_per_month,
        since_last_touch,
        follow_ups_on_time: on_time,
        follow_ups_late: late,
    })
}
