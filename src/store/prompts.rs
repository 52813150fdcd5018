//! The rows the reconnect engine ranks: recent event meetings, people on a
//! cadence or with a history, upcoming birthdays, and what to give them.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::reconnect::{Candidate, EventMeeting, GiveContext};

use super::people::touch_day;

/// Meetings at events between `since` and `today` of people with no touch
/// after that day (a day of slack for time zones; the engine decides exactly),
/// oldest first, at most `limit`.
pub fn event_meetings_since(
    c: &Connection,
    since: NaiveDate,
    today: NaiveDate,
    limit: usize,
) -> Result<Vec<EventMeeting>> {
    let mut st = c.prepare_cached(
        "SELECT p.id, p.name, e.name, m.met_on, p.prompt_snoozed_until, h.last_touch
         FROM meeting m JOIN event e ON e.id = m.event_id JOIN person p ON p.id = m.person_id
              JOIN person_touch h ON h.person_id = p.id
         WHERE m.met_on >= ?1 AND m.met_on <= ?2 AND p.archived_at IS NULL
           AND substr(h.last_touch, 1, 10) <= date(m.met_on, '+1 day')
           AND (p.prompt_snoozed_until IS NULL OR p.prompt_snoozed_until <= ?2)
         ORDER BY m.met_on, m.id LIMIT ?3",
    )?;
    let rows = st.query_map(params![since, today, limit as i64], |r| {
        let touch: String = r.get(5)?;
        Ok(EventMeeting {
            person_id: r.get(0)?,
            name: r.get(1)?,
            event: r.get(2)?,
            met_on: r.get(3)?,
            snoozed_until: r.get(4)?,
            last_touch: touch_day(&touch),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const CANDIDATE_COLS: &str = "p.id, p.name, p.cadence_days, h.last_touch, p.bumped_at, p.prompt_snoozed_until, h.touches,
    coalesce((SELECT group_concat(t.name, char(31)) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
              WHERE pt.person_id = p.id), '')";

fn candidate(r: &rusqlite::Row) -> rusqlite::Result<Candidate> {
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
}

/// People who may be due a reconnect by their own cadence or by drifting: the
/// `limit` earliest due of each distinct rhythm, from the `(every,
/// reconnect_on)` index. Within one rhythm the earliest due is the most
/// overdue, so the most overdue overall are among these.
pub fn due_candidates(c: &Connection, today: NaiveDate, limit: usize) -> Result<Vec<Candidate>> {
    let mut next_every = c.prepare_cached(
        "SELECT every FROM person_touch WHERE reconnect_on IS NOT NULL AND every > ?1 ORDER BY every LIMIT 1",
    )?;
    let mut earliest = c.prepare_cached(&format!(
        "SELECT {CANDIDATE_COLS} FROM person_touch h JOIN person p ON p.id = h.person_id
         WHERE h.every = ?1 AND h.reconnect_on IS NOT NULL AND h.reconnect_on <= ?2 AND p.archived_at IS NULL
         ORDER BY h.reconnect_on LIMIT ?3"
    ))?;
    let mut out = Vec::new();
    let mut every: i64 = 0;
    while let Some(e) = next_every
        .query_row([every], |r| r.get::<_, i64>(0))
        .optional()?
    {
        every = e;
        let rows = earliest.query_map(params![every, today, limit as i64], candidate)?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// People without a cadence of their own to whom a configured rule applies
/// (`rules`: tag → days; `default_days` for anyone touched), past it, the
/// `limit` most overdue first. Configured rules cost a scan of the people.
pub fn rule_candidates(
    c: &Connection,
    today: NaiveDate,
    rules: &[(String, i64)],
    default_days: Option<i64>,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let mut st = c.prepare_cached(&format!(
        "WITH rules AS (SELECT key AS tag, value AS days FROM json_each(?2)),
         ruled AS (
             SELECT h.person_id AS id,
                    julianday(?1) - julianday(substr(max(h.last_touch, coalesce(p.bumped_at, '')), 1, 10)) AS quiet,
                    coalesce((SELECT min(r.days) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                              JOIN rules r ON r.tag = t.name COLLATE NOCASE WHERE pt.person_id = p.id), ?3) AS every
             FROM person_touch h JOIN person p ON p.id = h.person_id
             WHERE p.cadence_days IS NULL AND p.archived_at IS NULL
               AND max(h.last_touch, coalesce(p.bumped_at, '')) <> ''
         ),
         due AS (SELECT id, quiet / every AS score FROM ruled WHERE every IS NOT NULL AND quiet >= every - 1
                 ORDER BY score DESC LIMIT ?4)
         SELECT {CANDIDATE_COLS} FROM due JOIN person p ON p.id = due.id JOIN person_touch h ON h.person_id = due.id"
    ))?;
    let map: serde_json::Map<String, serde_json::Value> = rules
        .iter()
        .map(|(t, d)| (t.clone(), serde_json::Value::from(*d)))
        .collect();
    let rules = serde_json::Value::Object(map).to_string();
    let rows = st.query_map(params![today, rules, default_days, limit as i64], candidate)?;
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
