//! Aggregates for the Stats screen and `kith stats`.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::error::Result;

use super::people::LAST_TOUCH_SQL;

/// Touches per week: (weeks before the current week, count), for weeks since `start`.
pub fn touches_by_week(c: &Connection, start: NaiveDate) -> Result<Vec<(i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT CAST((julianday(substr(happened_at, 1, 10)) - julianday(?1)) / 7 AS INTEGER) AS w, count(*)
         FROM note WHERE kind IN ('met', 'talk', 'gave') AND happened_at >= ?1
         GROUP BY w ORDER BY w",
    )?;
    let rows = st.query_map(params![start], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Gave and asked notes per month ("YYYY-MM") since `start`.
pub fn give_ask_by_month(c: &Connection, start: NaiveDate) -> Result<Vec<(String, i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT substr(happened_at, 1, 7) AS m, sum(kind = 'gave'), sum(kind = 'asked')
         FROM note WHERE kind IN ('gave', 'asked') AND happened_at >= ?1
         GROUP BY m ORDER BY m",
    )?;
    let rows = st.query_map(params![start], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every person's last touch as stored text ("" when never), for bucketing.
pub fn last_touches(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {LAST_TOUCH_SQL} FROM person p WHERE p.archived_at IS NULL"
    ))?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Follow-ups done on or before their due day, and after it.
pub fn follow_ups_on_time(c: &Connection) -> Result<(i64, i64)> {
    Ok(c.query_row(
        "SELECT coalesce(sum(substr(done_at, 1, 10) <= due_on), 0), coalesce(sum(substr(done_at, 1, 10) > due_on), 0)
         FROM reminder WHERE done_at IS NOT NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
