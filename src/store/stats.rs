//! Aggregates for the Stats screen and `kith stats`.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::error::Result;

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

/// People per bucket of days since their last touch: the bucket bounds are
/// upper limits in days (the last bucket is "older"), plus never touched.
pub fn people_by_days_since(
    c: &Connection,
    today: NaiveDate,
    bounds: &[i64],
) -> Result<(Vec<i64>, i64)> {
    let mut st = c.prepare_cached(
        "SELECT CAST(julianday(?1) - julianday(substr(t.last_touch, 1, 10)) AS INTEGER) AS d, count(*)
         FROM person_touch t JOIN person p ON p.id = t.person_id
         WHERE p.archived_at IS NULL AND t.last_touch <> ''
         GROUP BY d",
    )?;
    let mut counts = vec![0i64; bounds.len() + 1];
    let rows = st.query_map(params![today], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (days, n) = row?;
        let i = bounds
            .iter()
            .position(|b| days < *b)
            .unwrap_or(bounds.len());
        counts[i] += n;
    }
    let never: i64 = c.query_row(
        "SELECT count(*) FROM person_touch t JOIN person p ON p.id = t.person_id
         WHERE p.archived_at IS NULL AND t.last_touch = ''",
        [],
        |r| r.get(0),
    )?;
    Ok((counts, never))
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
