//! The rows the reconnect engine ranks: recent event meetings, people on a
//! cadence or with a history, upcoming birthdays, and what to give them.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::reconnect::{Candidate, EventMeeting, GiveContext};

use super::people::touch_day;

/// Which open after-event follow-ups to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUps {
    /// Met on `from` or later (up to today), oldest first: the window closes soonest.
    Since(NaiveDate),
    /// Met before `before`, newest first, unless the person is due a reconnect
    /// by now (their own rhythm, else `met_days`), where they show instead.
    Before {
        before: NaiveDate,
        met_days: Option<i64>,
    },
}

const FOLLOW_UP_FROM: &str = "FROM person_touch h JOIN person p ON p.id = h.person_id
     WHERE h.follow_up_on IS NOT NULL AND p.archived_at IS NULL
       AND (p.prompt_snoozed_until IS NULL OR p.prompt_snoozed_until <= ?1)";

/// People met at an event whose follow-up is still open (no talk or gift since
/// the day you met, no later meeting, no dismissal), not snoozed, at most `limit`.
pub fn open_follow_ups(
    c: &Connection,
    today: NaiveDate,
    which: FollowUps,
    limit: usize,
) -> Result<Vec<EventMeeting>> {
    let sql = match which {
        FollowUps::Since(_) => format!(
            "SELECT {FOLLOW_UP_COLS} {FOLLOW_UP_FROM}
               AND h.follow_up_on >= ?2 AND h.follow_up_on <= ?1
             ORDER BY h.follow_up_on, p.name LIMIT ?3"
        ),
        FollowUps::Before { .. } => format!(
            "SELECT {FOLLOW_UP_COLS} {FOLLOW_UP_FROM}
               AND h.follow_up_on < ?2 AND {NOT_YET_RECONNECT}
             ORDER BY h.follow_up_on DESC, p.name LIMIT ?4"
        ),
    };
    let mut st = c.prepare_cached(&sql)?;
    let map = |r: &rusqlite::Row| {
        let touch: String = r.get(5)?;
        Ok(EventMeeting {
            person_id: r.get(0)?,
            name: r.get(1)?,
            event: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            met_on: r.get(3)?,
            snoozed_until: r.get(4)?,
            last_touch: touch_day(&touch),
        })
    };
    let rows = match which {
        FollowUps::Since(from) => st.query_map(params![today, from, limit as i64], map)?,
        FollowUps::Before { before, met_days } => {
            st.query_map(params![today, before, met_days, limit as i64], map)?
        }
    };
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many open follow-ups `open_follow_ups` would give without a limit.
pub fn count_open_follow_ups(c: &Connection, today: NaiveDate, which: FollowUps) -> Result<usize> {
    let n: i64 = match which {
        FollowUps::Since(from) => c
            .prepare_cached(&format!(
                "SELECT count(*) {FOLLOW_UP_FROM} AND h.follow_up_on >= ?2 AND h.follow_up_on <= ?1"
            ))?
            .query_row(params![today, from], |r| r.get(0))?,
        FollowUps::Before { before, met_days } => c
            .prepare_cached(&format!(
                "SELECT count(*) {FOLLOW_UP_FROM} AND h.follow_up_on < ?2 AND {NOT_YET_RECONNECT}"
            ))?
            .query_row(params![today, before, met_days], |r| r.get(0))?,
    };
    Ok(n as usize)
}

const FOLLOW_UP_COLS: &str = "p.id, p.name,
    (SELECT e.name FROM meeting m JOIN event e ON e.id = m.event_id
     WHERE m.person_id = p.id AND m.met_on = h.follow_up_on ORDER BY m.id DESC LIMIT 1),
    h.follow_up_on, p.prompt_snoozed_until, h.last_touch";

/// Quiet for less than their rhythm (their own, else the event-contact one).
const NOT_YET_RECONNECT: &str =
    "julianday(?1) - julianday(h.follow_up_on) < coalesce(p.cadence_days, ?3, 1e9)";

/// People met at an event, without a rhythm of their own, whose reconnect
/// clock is on or before `cutoff`: the `limit` longest quiet first, from the
/// index of that clock.
pub fn met_candidates(c: &Connection, cutoff: NaiveDate, limit: usize) -> Result<Vec<Candidate>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {CANDIDATE_COLS} FROM person_touch h JOIN person p ON p.id = h.person_id
         WHERE h.met_clock IS NOT NULL AND h.met_clock <= ?1 AND p.archived_at IS NULL
         ORDER BY h.met_clock LIMIT ?2"
    ))?;
    let rows = st.query_map(params![cutoff, limit as i64], candidate)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many people are due a reconnect on `today` by their own rhythm or
/// drifting, and, with `met_cutoff`, people met at an event quiet since that
/// day or longer; not archived or snoozed. Index-only counts, so it costs
/// little even when most of 100,000 people are due.
pub fn count_due(c: &Connection, today: NaiveDate, met_cutoff: Option<NaiveDate>) -> Result<usize> {
    let mut next_every = c.prepare_cached(
        "SELECT every FROM person_touch WHERE reconnect_on IS NOT NULL AND every > ?1 ORDER BY every LIMIT 1",
    )?;
    let mut per_every = c.prepare_cached(
        "SELECT count(*) FROM person_touch WHERE every = ?1 AND reconnect_on IS NOT NULL AND reconnect_on < ?2",
    )?;
    let mut n: i64 = 0;
    let mut every: i64 = 0;
    while let Some(e) = next_every
        .query_row([every], |r| r.get::<_, i64>(0))
        .optional()?
    {
        every = e;
        n += per_every.query_row(params![every, today], |r| r.get::<_, i64>(0))?;
    }
    if let Some(cutoff) = met_cutoff {
        // Those the rhythm index did not count already.
        n += c
            .prepare_cached(
                "SELECT count(*) FROM person_touch
                 WHERE met_clock IS NOT NULL AND met_clock <= ?1
                   AND NOT (reconnect_on IS NOT NULL AND reconnect_on < ?2)",
            )?
            .query_row(params![cutoff, today], |r| r.get::<_, i64>(0))?;
    }
    let hidden: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM person p JOIN person_touch h ON h.person_id = p.id
             WHERE (p.archived_at IS NOT NULL OR p.prompt_snoozed_until IS NOT NULL)
               AND (p.archived_at IS NOT NULL OR p.prompt_snoozed_until > ?1)
               AND (coalesce(h.reconnect_on < ?1, 0) OR coalesce(h.met_clock <= ?2, 0))",
        )?
        .query_row(params![today, met_cutoff], |r| r.get(0))?;
    Ok((n - hidden).max(0) as usize)
}

/// Whether a person counts in `count_due`.
pub fn is_due(
    c: &Connection,
    person_id: i64,
    today: NaiveDate,
    met_cutoff: Option<NaiveDate>,
) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT coalesce(reconnect_on < ?2, 0) OR coalesce(met_clock <= ?3, 0)
         FROM person_touch WHERE person_id = ?1",
    )?
    .query_row(params![person_id, today, met_cutoff], |r| r.get(0))
    .optional()?
    .unwrap_or(false))
}

const CANDIDATE_COLS: &str = "p.id, p.name, p.cadence_days, h.last_touch, p.bumped_at, p.prompt_snoozed_until, h.touches,
    coalesce((SELECT group_concat(t.name, char(31)) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
              WHERE pt.person_id = p.id), ''),
    h.event_met_on IS NOT NULL";

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
        met_at_event: r.get(8)?,
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

/// The people without a cadence of their own to whom a configured rule
/// applies (?2: tag → days as JSON; ?3: the rhythm of people met at an event;
/// ?4: the default for anyone touched), past it on ?1: `due (id, score)`.
const RULED_DUE: &str =
    "WITH rules AS (SELECT key AS tag, value AS days FROM json_each(?2)),
     ruled AS (
         SELECT h.person_id AS id, p.prompt_snoozed_until AS snoozed,
                h.reconnect_on AS reconnect_on, h.met_clock AS met_clock,
                julianday(?1) - julianday(substr(max(h.last_touch, coalesce(p.bumped_at, '')), 1, 10)) AS quiet,
                coalesce((SELECT min(r.days) FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                          JOIN rules r ON r.tag = t.name COLLATE NOCASE WHERE pt.person_id = p.id),
                         CASE WHEN h.event_met_on IS NOT NULL THEN ?3 END, ?4) AS every
         FROM person_touch h JOIN person p ON p.id = h.person_id
         WHERE p.cadence_days IS NULL AND p.archived_at IS NULL
           AND max(h.last_touch, coalesce(p.bumped_at, '')) <> ''
     ),
     due AS (SELECT id, snoozed, reconnect_on, met_clock, quiet, every, quiet / every AS score FROM ruled WHERE every IS NOT NULL AND quiet >= every - 1)";

fn rules_json(rules: &[(String, i64)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = rules
        .iter()
        .map(|(t, d)| (t.clone(), serde_json::Value::from(*d)))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// People without a cadence of their own to whom a configured rule applies
/// (`rules`: tag → days; `met_days` for people met at an event; `default_days`
/// for anyone touched), past it, the `limit` most overdue first. Configured
/// rules cost a scan of the people.
pub fn rule_candidates(
    c: &Connection,
    today: NaiveDate,
    rules: &[(String, i64)],
    met_days: Option<i64>,
    default_days: Option<i64>,
    limit: usize,
) -> Result<Vec<Candidate>> {
    let mut st = c.prepare_cached(&format!(
        "{RULED_DUE}, top AS (SELECT id FROM due ORDER BY score DESC LIMIT ?5)
         SELECT {CANDIDATE_COLS} FROM top JOIN person p ON p.id = top.id JOIN person_touch h ON h.person_id = top.id"
    ))?;
    let rows = st.query_map(
        params![
            today,
            rules_json(rules),
            met_days,
            default_days,
            limit as i64
        ],
        candidate,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many people `rule_candidates` finds due and not snoozed whom
/// `count_due` did not count (with the same `met_cutoff`).
pub fn count_rule_due_extra(
    c: &Connection,
    today: NaiveDate,
    rules: &[(String, i64)],
    met_days: Option<i64>,
    default_days: Option<i64>,
    met_cutoff: Option<NaiveDate>,
) -> Result<usize> {
    let n: i64 = c
        .prepare_cached(&format!(
            "{RULED_DUE} SELECT count(*) FROM due
             WHERE quiet >= every AND (snoozed IS NULL OR snoozed <= ?1)
               AND NOT (coalesce(reconnect_on < ?1, 0) OR coalesce(met_clock <= ?5, 0))"
        ))?
        .query_row(
            params![today, rules_json(rules), met_days, default_days, met_cutoff],
            |r| r.get(0),
        )?;
    Ok(n as usize)
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

/// Where and when you met a person: the newest meeting at an event, else the
/// newest with a place.
pub fn where_met(c: &Connection, person_id: i64) -> Result<Option<(String, NaiveDate)>> {
    Ok(c
        .prepare_cached(
            "SELECT coalesce(e.name, m.place), m.met_on FROM meeting m LEFT JOIN event e ON e.id = m.event_id
             WHERE m.person_id = ?1 AND coalesce(e.name, m.place, '') <> ''
             ORDER BY m.event_id IS NULL, m.met_on DESC, m.id DESC LIMIT 1",
        )?
        .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}
