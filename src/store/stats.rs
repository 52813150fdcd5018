//! Aggregates for the Stats screen and `kith stats`.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::error::Result;

/// Touches per week: (weeks before the current week, count), for weeks since
/// `start`. From the activity kept per day, not from the notes.
pub fn touches_by_week(c: &Connection, start: NaiveDate) -> Result<Vec<(i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT CAST((julianday(day) - julianday(?1)) / 7 AS INTEGER) AS w, sum(touches)
         FROM activity_day WHERE day >= ?1 AND touches > 0
         GROUP BY w ORDER BY w",
    )?;
    let rows = st.query_map(params![start], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Gave and asked notes per month ("YYYY-MM") since `start`.
pub fn give_ask_by_month(c: &Connection, start: NaiveDate) -> Result<Vec<(String, i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT substr(day, 1, 7) AS m, sum(gave), sum(asked)
         FROM activity_day WHERE day >= ?1 AND (gave > 0 OR asked > 0)
         GROUP BY m ORDER BY m",
    )?;
    let rows = st.query_map(params![start], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// People per bucket of days since their last touch: the bucket bounds are
/// upper limits in days (the last bucket is "older"), plus never touched.
/// Each bucket sums the people kept per day of last touch.
pub fn people_by_days_since(
    c: &Connection,
    today: NaiveDate,
    bounds: &[i64],
) -> Result<(Vec<i64>, i64)> {
    let mut st = c.prepare_cached(
        "SELECT coalesce(sum(people), 0) FROM last_touch_day WHERE day >= ?1 AND day < ?2",
    )?;
    // Day boundaries as stored text: a touch on day D sorts at or after "D".
    let day = |days: i64| (today - chrono::Days::new(days.max(0) as u64)).to_string();
    let mut counts = Vec::with_capacity(bounds.len() + 1);
    let mut upper = "~".to_string(); // sorts after every date
    for b in bounds {
        let lower = day(b - 1);
        counts.push(st.query_row(params![lower, upper], |r| r.get(0))?);
        upper = lower;
    }
    counts.push(st.query_row(params!["0", upper], |r| r.get(0))?);
    let never: i64 = c.query_row(
        "SELECT coalesce(sum(people), 0) FROM last_touch_day WHERE day = ''",
        [],
        |r| r.get(0),
    )?;
    Ok((counts, never))
}

/// Follow-ups done on or before their due day, and after it.
pub fn follow_ups_on_time(c: &Connection) -> Result<(i64, i64)> {
    Ok(c.query_row(
        "SELECT coalesce(sum(done_on_time), 0), coalesce(sum(done_late), 0) FROM activity_day",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
