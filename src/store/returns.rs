//! What each event returned, counted from meetings and notes: for the people
//! met there (from the first day each was met at it), who was followed up
//! within 14 days, who is still in touch after 3 and 6 months, and the
//! gives, asks, learned notes and introductions since. And the people whose
//! balance is all take (asked, never given). Definitions in `crate::returns`.

use rusqlite::{params, Connection};

use crate::error::Result;

/// One event's counts, as stored data gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCounts {
    pub event_id: i64,
    pub name: String,
    pub on: String,
    pub place: Option<String>,
    pub met: i64,
    pub followed_up_14d: i64,
    pub in_touch_3m: i64,
    pub in_touch_6m: i64,
    pub gave: i64,
    pub intros: i64,
    pub asked: i64,
    pub learned: i64,
}

/// Each event with at least one person met there. `d` is the first day a
/// person was met at the event; a touch is a talk, a gift, a `met` note or a
/// meeting. Times are compared as stored (UTC instants against dates).
const EVENT_RETURNS: &str = "
WITH firsts AS (
    SELECT m.event_id AS event_id, m.person_id AS person_id, min(m.met_on) AS d
    FROM meeting m WHERE m.event_id IS NOT NULL
    GROUP BY m.event_id, m.person_id
),
each AS (
    SELECT f.event_id, f.person_id,
        EXISTS (SELECT 1 FROM note n WHERE n.person_id = f.person_id AND n.kind IN ('talk', 'gave')
                AND n.happened_at >= f.d AND n.happened_at < date(f.d, '+15 days')) AS followed,
        (EXISTS (SELECT 1 FROM note n WHERE n.person_id = f.person_id AND n.kind IN ('met', 'talk', 'gave')
                 AND n.happened_at >= date(f.d, '+90 days'))
         OR EXISTS (SELECT 1 FROM meeting m WHERE m.person_id = f.person_id
                    AND m.met_on >= date(f.d, '+90 days'))) AS touch_3m,
        (EXISTS (SELECT 1 FROM note n WHERE n.person_id = f.person_id AND n.kind IN ('met', 'talk', 'gave')
                 AND n.happened_at >= date(f.d, '+180 days'))
         OR EXISTS (SELECT 1 FROM meeting m WHERE m.person_id = f.person_id
                    AND m.met_on >= date(f.d, '+180 days'))) AS touch_6m,
        (SELECT count(*) FROM note n WHERE n.person_id = f.person_id AND n.kind = 'gave'
                AND n.happened_at >= f.d) AS gave,
        (SELECT count(*) FROM note n WHERE n.person_id = f.person_id AND n.kind = 'asked'
                AND n.happened_at >= f.d) AS asked,
        (SELECT count(*) FROM note n WHERE n.person_id = f.person_id AND n.kind = 'learned'
                AND n.happened_at >= f.d) AS learned
    FROM firsts f
),
made AS (
    SELECT f.event_id, i.id AS intro_id FROM firsts f JOIN intro i ON i.a = f.person_id
    WHERE i.made_at IS NOT NULL AND i.step <> 'dropped' AND i.made_at >= f.d
    UNION
    SELECT f.event_id, i.id FROM firsts f JOIN intro i ON i.b = f.person_id
    WHERE i.made_at IS NOT NULL AND i.step <> 'dropped' AND i.made_at >= f.d
),
made_n AS (SELECT event_id, count(*) AS n FROM made GROUP BY event_id)
SELECT e.id, e.name, e.starts_on, e.place, count(*), sum(followed), sum(touch_3m), sum(touch_6m),
       sum(gave), sum(asked), sum(learned),
       coalesce(max(made_n.n), 0)
FROM each JOIN event e ON e.id = each.event_id LEFT JOIN made_n ON made_n.event_id = e.id
GROUP BY e.id";

/// The counts of every event where someone was met. An introduction counts
/// once for an event when it was made on or after the day one of its two
/// people was first met there.
pub fn event_counts(c: &Connection) -> Result<Vec<EventCounts>> {
    let mut st = c.prepare_cached(EVENT_RETURNS)?;
    let rows = st.query_map([], |r| {
        Ok(EventCounts {
            event_id: r.get(0)?,
            name: r.get(1)?,
            on: r.get(2)?,
            place: r.get(3)?,
            met: r.get(4)?,
            followed_up_14d: r.get(5)?,
            in_touch_3m: r.get(6)?,
            in_touch_6m: r.get(7)?,
            gave: r.get(8)?,
            intros: r.get(11)?,
            asked: r.get(9)?,
            learned: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A person whose balance is all take: asked of, never given to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taker {
    pub person_id: i64,
    pub name: String,
    pub asked: i64,
    pub last_touch: String,
}

/// People not archived who were asked something and never given anything,
/// most asked first; at most `limit`, and how many there are.
pub fn all_take(c: &Connection, limit: usize) -> Result<(Vec<Taker>, usize)> {
    let mut st = c.prepare_cached(
        "SELECT p.id, p.name, t.asked, t.last_touch FROM person_touch t JOIN person p ON p.id = t.person_id
         WHERE t.asked > 0 AND t.gave = 0 AND p.archived_at IS NULL
         ORDER BY t.asked DESC, t.last_touch DESC, p.id LIMIT ?1",
    )?;
    let rows = st.query_map([limit as i64], |r| {
        Ok(Taker {
            person_id: r.get(0)?,
            name: r.get(1)?,
            asked: r.get(2)?,
            last_touch: r.get(3)?,
        })
    })?;
    let list: Vec<Taker> = rows.collect::<rusqlite::Result<_>>()?;
    let n: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM person_touch t JOIN person p ON p.id = t.person_id
             WHERE t.asked > 0 AND t.gave = 0 AND p.archived_at IS NULL",
        )?
        .query_row([], |r| r.get(0))?;
    Ok((list, n as usize))
}

/// Touch notes (met, talk, gave) and meetings of a person since `since` (a date).
pub fn touches_since(c: &Connection, person_id: i64, since: &str) -> Result<i64> {
    let notes: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM note WHERE person_id = ?1 AND kind IN ('met', 'talk', 'gave')
             AND happened_at >= ?2",
        )?
        .query_row(params![person_id, since], |r| r.get(0))?;
    let meetings: i64 = c
        .prepare_cached("SELECT count(*) FROM meeting WHERE person_id = ?1 AND met_on >= ?2")?
        .query_row(params![person_id, since], |r| r.get(0))?;
    Ok(notes + meetings)
}

/// The rhythm kept for a person without configuration: their own cadence,
/// else 180 days once they have three touches (`person_touch.every`).
pub fn rhythm(c: &Connection, person_id: i64) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(
        c.prepare_cached("SELECT every FROM person_touch WHERE person_id = ?1")?
            .query_row([person_id], |r| r.get::<_, Option<i64>>(0))
            .optional()?
            .flatten(),
    )
}
