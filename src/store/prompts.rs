//! The rows the reconnect engine ranks: recent event meetings, people on a
//! cadence or with a history, upcoming birthdays, and what to give them.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::reconnect::{Candidate, EventMeeting, GiveContext};

use super::people::{touch_day, LAST_TOUCH_SQL};

/// Meetings at events on or after `since`, with the person's newest touch note.
pub fn event_meetings_since(
    c: &Connection,
    since: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<EventMeeting>> {
    let mut st = c.prepare_cached(
        "SELECT p.id, p.name, e.name, m.met_on, p.prompt_snoozed_until,
                (SELECT max(n.happened_at) FROM note n
                 WHERE n.person_id = p.id AND n.kind IN ('met', 'talk', 'gave'))
         FROM meeting m JOIN event e ON e.id = m.event_id JOIN person p ON p.id = m.person_id
         WHERE m.met_on >= ?1 AND m.met_on <= ?2 AND p.archived_at IS NULL
         ORDER BY m.met_on, p.name",
    )?;
    let rows = st.query_map(params![since, today], |r| {
        let touch: Option<String> = r.get(5)?;
        Ok(EventMeeting {
            person_id: r.get(0)?,
            name: r.get(1)?,
            event: r.get(2)?,
            met_on: r.get(3)?,
            snoozed_until: r.get(4)?,
            last_touch_note: touch.as_deref().and_then(touch_day),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// People who may be due a reconnect: those with a cadence of their own, a
/// tag in `cadence_tags`, any history at all when `any_touched` (a default
/// cadence applies), and those with at least `min_touches` touches (drifting).
pub fn candidates(
    c: &Connection,
    min_touches: i64,
    cadence_tags: &[String],
    any_touched: bool,
) -> Result<Vec<Candidate>> {
    let mut st = c.prepare_cached(&format!(
        "WITH history AS (
             SELECT person_id, count(*) AS touches FROM note
             WHERE kind IN ('met', 'talk', 'gave') GROUP BY person_id
         ),
         tagged AS (
             SELECT pt.person_id, group_concat(t.name, char(31)) AS tags
             FROM person_tag pt JOIN tag t ON t.id = pt.tag_id GROUP BY pt.person_id
         )
         SELECT p.id, p.name, p.cadence_days, {LAST_TOUCH_SQL}, p.bumped_at, p.prompt_snoozed_until,
                coalesce(h.touches, 0), coalesce(tg.tags, '')
         FROM person p LEFT JOIN history h ON h.person_id = p.id LEFT JOIN tagged tg ON tg.person_id = p.id
         WHERE p.archived_at IS NULL AND (
             p.cadence_days IS NOT NULL OR h.touches >= ?1 OR (?2 AND h.touches > 0)
             OR EXISTS (SELECT 1 FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                        WHERE pt.person_id = p.id AND t.name IN (SELECT value FROM json_each(?3))))"
    ))?;
    let tags = serde_json::to_string(cadence_tags)?;
    let rows = st.query_map(params![min_touches, any_touched, tags], |r| {
        let tags: String = r.get(7)?;
        let touch: String = r.get(3)?;
        let bumped: Option<String> = r.get(4)?;
        Ok(Candidate {
            person_id: r.get(0)?,
            name: r.get(1)?,
            cadence_days: r.get(2)?,
            last_touch: touch_day(&touch),
            bumped_on: bumped.as_deref().and_then(touch_day),
            snoozed_until: r.get(5)?,
            touches: r.get(6)?,
            tags: tags
                .split('\u{1f}')
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the give idea of a person is drawn from.
pub fn give_context(c: &Connection, person_id: i64) -> Result<GiveContext> {
    let (name, company): (String, Option<String>) = c
        .prepare_cached("SELECT name, company FROM person WHERE id = ?1")?
        .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let learned: Option<(String, String)> = c
        .prepare_cached(
            "SELECT happened_at, body FROM note WHERE person_id = ?1 AND kind = 'learned'
             ORDER BY happened_at DESC, id DESC LIMIT 1",
        )?
        .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let gave: Option<String> = c
        .prepare_cached("SELECT max(happened_at) FROM note WHERE person_id = ?1 AND kind = 'gave'")?
        .query_row([person_id], |r| r.get(0))?;
    let promise: Option<String> = c
        .prepare_cached(
            "SELECT body FROM reminder WHERE person_id = ?1 AND done_at IS NULL AND note_id IS NOT NULL
             ORDER BY due_on LIMIT 1",
        )?
        .query_row([person_id], |r| r.get(0))
        .optional()?;
    Ok(GiveContext {
        name,
        company,
        learned: learned.and_then(|(at, body)| Some((touch_day(&at)?, body))),
        last_gave: gave.as_deref().and_then(touch_day),
        open_promise: promise,
    })
}

/// People whose birthday (month and day) is one of `month_days` ("MM-DD").
pub fn birthdays_on(c: &Connection, month_days: &[String]) -> Result<Vec<(i64, String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT id, name, birthday FROM person
         WHERE birthday IS NOT NULL AND archived_at IS NULL AND substr(birthday, -5) IN (SELECT value FROM json_each(?1))",
    )?;
    let list = serde_json::to_string(month_days)?;
    let rows = st.query_map([list], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
