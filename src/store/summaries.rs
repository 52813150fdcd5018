//! The summaries the schema's triggers keep beside what they summarize, so
//! Today, the lists and Stats read a few rows instead of every note: each
//! person's touch summary (`person_touch`), people per day of last touch
//! (`last_touch_day`) and activity per day (`activity_day`). `kith check`
//! compares them with what their views and tables say afresh; `kith check
//! --repair` builds them again from those.

use rusqlite::Connection;

use crate::error::Result;

/// A summary row as its triggers would write it for every person: the same
/// views, in the same columns, as `person_touch_person_ai` (migration 0027).
/// `follow_up_on` is not compared: its view reads dates in the local time
/// zone, so the same store checked under another zone would seem off.
const FRESH_TOUCH: &str = "
    SELECT d.person_id AS person_id, d.last_touch, d.touches, d.gave, d.asked,
           (SELECT max(m.met_on) FROM meeting m
            WHERE m.person_id = d.person_id AND m.event_id IS NOT NULL) AS event_met_on,
           l.sort_key, l.live, l.next_follow_up, p.prompt_snoozed_until AS snoozed_until
    FROM person_touch_doc d
    JOIN person_list_doc l ON l.person_id = d.person_id
    JOIN person p ON p.id = d.person_id";

/// The columns of [`FRESH_TOUCH`], compared one by one.
const TOUCH_COLUMNS: [&str; 9] = [
    "last_touch",
    "touches",
    "gave",
    "asked",
    "event_met_on",
    "sort_key",
    "live",
    "next_follow_up",
    "snoozed_until",
];

/// People per day of last touch, as `last_touch_day` should hold them.
const FRESH_LAST_TOUCH_DAYS: &str =
    "SELECT substr(last_touch, 1, 10) AS day, count(*) AS people FROM person_touch GROUP BY 1";

/// Touches, gifts and asks per day from the notes, and follow-ups done on
/// time or late from the follow-ups, as `activity_day` should hold them.
const FRESH_ACTIVITY_DAYS: &str = "
    SELECT day, sum(touches) AS touches, sum(gave) AS gave, sum(asked) AS asked,
           sum(done_on_time) AS done_on_time, sum(done_late) AS done_late
    FROM (SELECT substr(happened_at, 1, 10) AS day,
                 sum(kind = 'met' OR kind = 'talk' OR kind = 'gave') AS touches,
                 sum(kind = 'gave') AS gave, sum(kind = 'asked') AS asked,
                 0 AS done_on_time, 0 AS done_late
          FROM note WHERE kind = 'met' OR kind = 'talk' OR kind = 'gave' OR kind = 'asked'
          GROUP BY 1
          UNION ALL
          SELECT substr(done_at, 1, 10), 0, 0, 0,
                 sum(substr(done_at, 1, 10) <= due_on), sum(substr(done_at, 1, 10) > due_on)
          FROM reminder WHERE done_at IS NOT NULL GROUP BY 1)
    GROUP BY day";

/// What is off in the summaries, a line each (empty when all agree).
pub fn problems(c: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let count = |sql: &str| -> Result<i64> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
    // A summary for everyone, and for no one else.
    let (missing, stray) = super::maintenance::missing_and_stray(c, "person_touch", "person_id")?;
    if missing > 0 {
        out.push(format!("{missing} people have no touch summary"));
    }
    if stray > 0 {
        out.push(format!("{stray} touch summaries belong to nobody"));
    }
    let columns = TOUCH_COLUMNS.join(", ");
    let fresh: Vec<String> = TOUCH_COLUMNS.iter().map(|c| format!("f.{c}")).collect();
    let kept: Vec<String> = TOUCH_COLUMNS.iter().map(|c| format!("t.{c}")).collect();
    // Rhythm, reconnect day and the after-event clock, from the views that
    // read the summary's own columns.
    let derived =
        "(t.every, t.reconnect_on, t.met_clock) IS NOT (r.every, r.reconnect_on, u.met_clock)";
    let mut st = c.prepare(&format!(
        "SELECT p.name, p.id FROM person_touch t
         JOIN ({FRESH_TOUCH}) f ON f.person_id = t.person_id
         JOIN person_reconnect_doc r ON r.person_id = t.person_id
         JOIN person_follow_up_doc u ON u.person_id = t.person_id
         JOIN person p ON p.id = t.person_id
         WHERE ({kept}) IS NOT ({fresh}) OR {derived}
         ORDER BY p.id",
        kept = kept.join(", "),
        fresh = fresh.join(", "),
    ))?;
    let off: Vec<(String, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if !off.is_empty() {
        let named: Vec<String> = off
            .iter()
            .take(3)
            .map(|(name, id)| format!("{name} #{id}"))
            .collect();
        let more = off.len().saturating_sub(named.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        out.push(format!(
            "the touch summary of {} people differs from their notes, meetings and follow-ups ({columns}, rhythm, met clock): {}{more}",
            off.len(),
            named.join(", ")
        ));
    }
    let days_off = |table: &str, fresh: &str, cols: &[&str]| -> Result<i64> {
        // Days whose kept counts are all zero are as good as absent.
        let nonzero = cols
            .iter()
            .map(|c| format!("{c} <> 0"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let cols = cols.join(", ");
        let kept = format!("SELECT day, {cols} FROM {table} WHERE {nonzero}");
        let fresh = format!("SELECT day, {cols} FROM ({fresh})");
        // Both ways: a kept day that is wrong or extra, a day missing.
        count(&format!(
            "SELECT count(*) FROM (SELECT day FROM ({kept} EXCEPT {fresh})
                                   UNION SELECT day FROM ({fresh} EXCEPT {kept}))"
        ))
    };
    let n = days_off("last_touch_day", FRESH_LAST_TOUCH_DAYS, &["people"])?;
    if n > 0 {
        out.push(format!(
            "people per day of last touch: {n} days differ from the touch summaries"
        ));
    }
    let n = days_off(
        "activity_day",
        FRESH_ACTIVITY_DAYS,
        &["touches", "gave", "asked", "done_on_time", "done_late"],
    )?;
    if n > 0 {
        out.push(format!(
            "activity per day: {n} days differ from the notes and follow-ups"
        ));
    }
    Ok(out)
}

/// Builds every summary again from what it summarizes; answers how many
/// people's touch summaries were written.
pub fn rebuild(c: &Connection) -> Result<usize> {
    let columns = format!("person_id, {}", TOUCH_COLUMNS.join(", "));
    c.execute_batch(&format!(
        "DELETE FROM person_touch;
         INSERT INTO person_touch ({columns}) SELECT {columns} FROM ({FRESH_TOUCH});"
    ))?;
    // Rhythm and follow-up read the summary's own columns, so they come after.
    let people = c.execute(
        "UPDATE person_touch SET
             (every, reconnect_on) =
                 (SELECT every, reconnect_on FROM person_reconnect_doc d
                  WHERE d.person_id = person_touch.person_id),
             (follow_up_on, met_clock) =
                 (SELECT follow_up_on, met_clock FROM person_follow_up_doc f
                  WHERE f.person_id = person_touch.person_id)",
        [],
    )?;
    c.execute_batch(&format!(
        "DELETE FROM last_touch_day;
         INSERT INTO last_touch_day (day, people) {FRESH_LAST_TOUCH_DAYS};
         DELETE FROM activity_day;
         INSERT INTO activity_day (day, touches, gave, asked, done_on_time, done_late)
             {FRESH_ACTIVITY_DAYS};"
    ))?;
    Ok(people)
}
