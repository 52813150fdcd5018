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
    /// Met before this day, newest first, unless the person is due a reconnect
    /// by now (by their rhythm, as the store keeps it), where they show instead.
    Before(NaiveDate),
}

/// The touch summary read by its follow-up index: every statement over open
/// follow-ups names it, for left to itself the planner may walk everyone
/// live by `live = 1` (100,000 rows) to find the few follow-ups.
const FOLLOW_UPS: &str = "person_touch h INDEXED BY person_touch_follow_up";

/// Open after-event follow-ups of people neither archived nor snoozed on ?1,
/// by the touch summary's own copy of the archive and snooze state, so a
/// count reads one index and no row of `person`.
const FOLLOW_UP_OPEN: &str = "h.follow_up_on IS NOT NULL AND h.live = 1
       AND (h.snoozed_until IS NULL OR h.snoozed_until <= ?1)";

/// People met at an event whose follow-up is still open (no talk or gift since
/// the day you met, no later meeting, no dismissal), not snoozed, at most `limit`.
pub fn open_follow_ups(
    c: &Connection,
    today: NaiveDate,
    which: FollowUps,
    limit: usize,
) -> Result<Vec<EventMeeting>> {
    let (sql, from) = match which {
        FollowUps::Since(from) => (
            format!(
                "SELECT {FOLLOW_UP_COLS} FROM {FOLLOW_UPS} JOIN person p ON p.id = h.person_id WHERE {FOLLOW_UP_OPEN}
                   AND h.follow_up_on >= ?2 AND h.follow_up_on <= ?1
                 ORDER BY h.follow_up_on, p.name LIMIT ?3"
            ),
            from,
        ),
        FollowUps::Before(before) => (
            format!(
                "SELECT {FOLLOW_UP_COLS} FROM {FOLLOW_UPS} JOIN person p ON p.id = h.person_id WHERE {FOLLOW_UP_OPEN}
                   AND h.follow_up_on < ?2 AND {NOT_YET_RECONNECT}
                 ORDER BY h.follow_up_on DESC, p.name LIMIT ?3"
            ),
            before,
        ),
    };
    let mut st = c.prepare_cached(&sql)?;
    let rows = st.query_map(params![today, from, limit as i64], |r| {
        let touch: String = r.get(5)?;
        Ok(EventMeeting {
            person_id: r.get(0)?,
            name: r.get(1)?,
            event: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            met_on: r.get(3)?,
            snoozed_until: r.get(4)?,
            last_touch: touch_day(&touch),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many open follow-ups `open_follow_ups` would give without a limit.
pub fn count_open_follow_ups(c: &Connection, today: NaiveDate, which: FollowUps) -> Result<usize> {
    let n: i64 = match which {
        FollowUps::Since(from) => c
            .prepare_cached(&format!(
                "SELECT count(*) FROM {FOLLOW_UPS} WHERE {FOLLOW_UP_OPEN} AND h.follow_up_on >= ?2 AND h.follow_up_on <= ?1"
            ))?
            .query_row(params![today, from], |r| r.get(0))?,
        FollowUps::Before(before) => c
            .prepare_cached(&format!(
                "SELECT count(*) FROM {FOLLOW_UPS} WHERE {FOLLOW_UP_OPEN} AND h.follow_up_on < ?2 AND {NOT_YET_RECONNECT}"
            ))?
            .query_row(params![today, before], |r| r.get(0))?,
    };
    Ok(n as usize)
}

const FOLLOW_UP_COLS: &str = "p.id, p.name,
    (SELECT e.name FROM meeting m JOIN event e ON e.id = m.event_id
     WHERE m.person_id = p.id AND m.met_on = h.follow_up_on ORDER BY m.id DESC LIMIT 1),
    h.follow_up_on, p.prompt_snoozed_until, h.last_touch";

/// Not due a reconnect on ?1: no rhythm, or quiet for less than it (the
/// reconnect day is a day before the rhythm has passed).
const NOT_YET_RECONNECT: &str = "(h.reconnect_on IS NULL OR h.reconnect_on >= ?1)";

/// How many people are due a reconnect on `today` (quiet for their rhythm or
/// longer), not archived or snoozed. Index-only counts, one range per
/// distinct rhythm, so it costs little even when many of 100,000 people are due.
pub fn count_due(c: &Connection, today: NaiveDate) -> Result<usize> {
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
    // The few hidden people (archived or snoozed) from their own index of the
    // touch summary; reading `person` for them cost thousands of page reads.
    let hidden: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM person_touch INDEXED BY person_touch_hidden
             WHERE (live = 0 OR snoozed_until IS NOT NULL) AND reconnect_on < ?1
               AND (live = 0 OR snoozed_until > ?1)",
        )?
        .query_row(params![today], |r| r.get(0))?;
    Ok((n - hidden).max(0) as usize)
}

/// Whether a person counts in `count_due`.
pub fn is_due(c: &Connection, person_id: i64, today: NaiveDate) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT coalesce(reconnect_on < ?2, 0) FROM person_touch WHERE person_id = ?1",
    )?
    .query_row(params![person_id, today], |r| r.get(0))
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

/// People who may be due a reconnect by their rhythm (their own, their tags',
/// the one for people met at an event, the default) or by drifting: of the
/// `per_rhythm` earliest due of each distinct rhythm (from the `(every,
/// reconnect_on)` index, which also says who is archived or snoozed), the
/// `keep` most overdue and any tied with the last of them, read in full.
/// Within one rhythm the earliest due is the most overdue, and how overdue
/// (days quiet ÷ rhythm) follows from the index, so the most overdue overall
/// are among these without reading anyone else's row.
pub fn due_candidates(
    c: &Connection,
    today: NaiveDate,
    per_rhythm: usize,
    keep: usize,
) -> Result<Vec<Candidate>> {
    let mut next_every = c.prepare_cached(
        "SELECT every FROM person_touch WHERE reconnect_on IS NOT NULL AND every > ?1 ORDER BY every LIMIT 1",
    )?;
    let mut earliest = c.prepare_cached(
        "SELECT person_id, reconnect_on FROM person_touch INDEXED BY person_touch_reconnect
         WHERE every = ?1 AND reconnect_on IS NOT NULL AND reconnect_on <= ?2
           AND live = 1 AND (snoozed_until IS NULL OR snoozed_until <= ?2)
         ORDER BY reconnect_on LIMIT ?3",
    )?;
    // (days quiet ÷ rhythm as a fraction, person): the reconnect day is the
    // clock's day plus the rhythm less one.
    let mut due: Vec<((i64, i64), i64)> = Vec::new();
    let mut every: i64 = 0;
    while let Some(e) = next_every
        .query_row([every], |r| r.get::<_, i64>(0))
        .optional()?
    {
        every = e;
        let rows = earliest.query_map(params![every, today, per_rhythm as i64], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, NaiveDate>(1)?))
        })?;
        for row in rows {
            let (person, on) = row?;
            let quiet = (today - on).num_days() + every.max(1) - 1;
            due.push(((quiet, every.max(1)), person));
        }
    }
    // Most overdue first, compared exactly (a/b > c/d as a·d > c·b).
    due.sort_by(|((a, b), _), ((c, d), _)| (c * b).cmp(&(a * d)));
    if let Some(&((a, b), _)) = due.get(keep.saturating_sub(1)) {
        let tied_or_better = due.iter().take_while(|((c, d), _)| c * b >= a * d).count();
        due.truncate(tied_or_better);
    }
    let mut row = c.prepare_cached(&format!(
        "SELECT {CANDIDATE_COLS} FROM person_touch h JOIN person p ON p.id = h.person_id
         WHERE h.person_id = ?1"
    ))?;
    let mut out = Vec::with_capacity(due.len());
    for (_, person) in due {
        if let Some(c) = row.query_row([person], candidate).optional()? {
            out.push(c);
        }
    }
    Ok(out)
}

/// What the give idea of a person is drawn from: one statement for the
/// person, their newest learned note, their last gift and their soonest open
/// promise (Today asks this of every person it shows). A note marked as
/// something they offer is what they can give, not something to help them
/// with, so the learned note is the newest that is not an offer.
pub fn give_context(c: &Connection, person_id: i64) -> Result<GiveContext> {
    let (name, company, learned_at, learned, gave, promise) = c
        .prepare_cached(
            "SELECT p.name, p.company, l.happened_at, l.body,
                    (SELECT max(happened_at) FROM note WHERE person_id = p.id AND kind = 'gave'),
                    (SELECT body FROM reminder WHERE person_id = p.id AND done_at IS NULL AND note_id IS NOT NULL
                     ORDER BY due_on LIMIT 1)
             FROM person p
             LEFT JOIN note l ON l.id = (SELECT id FROM note WHERE person_id = p.id AND kind = 'learned'
                                           AND mark IS NOT 'offer'
                                         ORDER BY happened_at DESC, id DESC LIMIT 1)
             WHERE p.id = ?1",
        )?
        .query_row([person_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
    Ok(GiveContext {
        name,
        company,
        learned: learned_at.as_deref().and_then(touch_day).zip(learned),
        last_gave: gave.as_deref().and_then(touch_day),
        open_promise: promise,
        introduce: super::needs::best_for(c, person_id)?
            .map(|m| crate::needs::GiveMatch::from(m).give_idea),
    })
}

/// People whose birthday (month and day) is one of `month_days` ("MM-DD").
/// From an index that holds all it reads: no row of `person` is read.
pub fn birthdays_on(c: &Connection, month_days: &[String]) -> Result<Vec<(i64, String, String)>> {
    let mut st = c.prepare_cached(
        "SELECT id, name, birthday FROM person INDEXED BY person_birthday_live
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
