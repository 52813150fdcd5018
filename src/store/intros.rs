//! Introductions (`intro`): their rows, steps and follow-ups.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::intro::{Intro, Step};
use crate::when::{from_db, local_date, to_db};

/// A new introduction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewIntro {
    pub a: i64,
    pub b: i64,
    pub reason: Option<String>,
    pub need_note_id: Option<i64>,
    pub offer_note_id: Option<i64>,
    pub double_opt_in: bool,
}

const COLS: &str = "i.id, i.a, pa.name, i.b, pb.name, i.reason, i.step, i.double_opt_in, i.outcome,
    i.reminder_id, CASE WHEN r.done_at IS NULL THEN max(r.due_on, coalesce(r.snoozed_until, r.due_on)) END,
    i.proposed_at, i.made_at, i.closed_at, i.need_note_id, i.offer_note_id";
const FROM: &str = "intro i JOIN person pa ON pa.id = i.a JOIN person pb ON pb.id = i.b
    LEFT JOIN reminder r ON r.id = i.reminder_id";

fn day(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = r.get(i)?;
    Ok(s.as_deref().and_then(from_db).map(local_date))
}

fn from_row(r: &Row) -> rusqlite::Result<Intro> {
    let step: String = r.get(6)?;
    let open_due: Option<NaiveDate> = r.get(10)?;
    Ok(Intro {
        id: r.get(0)?,
        a_id: r.get(1)?,
        a: r.get(2)?,
        b_id: r.get(3)?,
        b: r.get(4)?,
        reason: r.get(5)?,
        step: Step::from_db(&step).unwrap_or(Step::Proposed),
        double_opt_in: r.get(7)?,
        outcome: r.get(8)?,
        follow_up_id: r.get::<_, Option<i64>>(9)?.filter(|_| open_due.is_some()),
        due_on: open_due,
        proposed_on: day(r, 11)?.unwrap_or_default(),
        made_on: day(r, 12)?,
        closed_on: day(r, 13)?,
        need_note_id: r.get(14)?,
        offer_note_id: r.get(15)?,
    })
}

pub fn insert(c: &Connection, n: &NewIntro, now: DateTime<Utc>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO intro (a, b, reason, need_note_id, offer_note_id, double_opt_in, step,
                            proposed_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'proposed', ?7, ?7)",
    )?
    .execute(params![
        n.a,
        n.b,
        n.reason.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        n.need_note_id,
        n.offer_note_id,
        n.double_opt_in,
        to_db(now)
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn get(c: &Connection, id: i64) -> Result<Intro> {
    c.prepare_cached(&format!("SELECT {COLS} FROM {FROM} WHERE i.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound {
            what: "introduction",
            id,
        })
}

/// Moves an introduction to `step`, stamping the step's time, with the
/// follow-up of the new step (or none).
pub fn set_step(
    c: &Connection,
    id: i64,
    step: Step,
    reminder_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    // One fixed statement per step: no column name is formatted into SQL.
    let sql = match step {
        Step::Proposed => "UPDATE intro SET step = ?2, reminder_id = ?3, updated_at = ?4 WHERE id = ?1",
        Step::AskedFirst => {
            "UPDATE intro SET step = ?2, reminder_id = ?3, asked_first_at = ?4, updated_at = ?4 WHERE id = ?1"
        }
        Step::AskedSecond => {
            "UPDATE intro SET step = ?2, reminder_id = ?3, asked_second_at = ?4, updated_at = ?4 WHERE id = ?1"
        }
        Step::Made => {
            "UPDATE intro SET step = ?2, reminder_id = ?3, made_at = ?4, updated_at = ?4 WHERE id = ?1"
        }
        Step::Done | Step::Dropped => {
            "UPDATE intro SET step = ?2, reminder_id = ?3, closed_at = ?4, updated_at = ?4 WHERE id = ?1"
        }
    };
    c.prepare_cached(sql)?
        .execute(params![id, step.as_db(), reminder_id, to_db(now)])?;
    Ok(())
}

pub fn set_outcome(c: &Connection, id: i64, outcome: &str) -> Result<()> {
    c.prepare_cached("UPDATE intro SET outcome = ?2 WHERE id = ?1")?
        .execute(params![id, outcome.trim()])?;
    Ok(())
}

/// The introduction a follow-up belongs to, if any.
pub fn by_reminder(c: &Connection, reminder_id: i64) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT id FROM intro WHERE reminder_id = ?1")?
            .query_row([reminder_id], |r| r.get(0))
            .optional()?,
    )
}

/// An introduction under way between the two, either way round.
pub fn open_between(c: &Connection, x: i64, y: i64) -> Result<Option<i64>> {
    Ok(c.prepare_cached(
        "SELECT id FROM intro WHERE ((a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1))
         AND step NOT IN ('done', 'dropped') ORDER BY id LIMIT 1",
    )?
    .query_row(params![x, y], |r| r.get(0))
    .optional()?)
}

/// Introductions involving a person, open ones first, newest first.
pub fn for_person(c: &Connection, person_id: i64) -> Result<Vec<Intro>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM {FROM} WHERE i.id IN (SELECT id FROM intro WHERE a = ?1
                                                   UNION SELECT id FROM intro WHERE b = ?1)
         ORDER BY i.step IN ('done', 'dropped'), i.id DESC"
    ))?;
    let rows = st.query_map([person_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Introductions for the list: open ones (soonest due first), then the
/// closed ones, newest first; `limit` in all.
pub fn list(c: &Connection, open_only: bool, limit: usize) -> Result<Vec<Intro>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM {FROM}
         WHERE (?1 = 0 OR i.step NOT IN ('done', 'dropped'))
         ORDER BY i.step IN ('done', 'dropped'),
                  CASE WHEN i.step IN ('done', 'dropped') THEN NULL
                       ELSE coalesce(CASE WHEN r.done_at IS NULL THEN max(r.due_on, coalesce(r.snoozed_until, r.due_on)) END, '') END,
                  i.id DESC
         LIMIT ?2"
    ))?;
    let rows = st.query_map(params![open_only, limit as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open introductions whose step is due on `today` (their follow-up shows
/// today or earlier, or none is left open), for Today.
pub fn due(c: &Connection, today: NaiveDate, limit: usize) -> Result<Vec<Intro>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM {FROM}
         WHERE i.step NOT IN ('done', 'dropped') AND pa.archived_at IS NULL AND pb.archived_at IS NULL
           AND (r.id IS NULL OR r.done_at IS NOT NULL
                OR max(r.due_on, coalesce(r.snoozed_until, r.due_on)) <= ?1)
         ORDER BY coalesce(CASE WHEN r.done_at IS NULL THEN max(r.due_on, coalesce(r.snoozed_until, r.due_on)) END, ''), i.id
         LIMIT ?2"
    ))?;
    let rows = st.query_map(params![today, limit as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// On a merge: the duplicate's introductions become the kept person's; one
/// between the two of them goes. Run before the duplicate is deleted.
pub fn move_to(c: &Connection, keep: i64, drop: i64) -> Result<usize> {
    let a = c
        .prepare_cached("UPDATE intro SET a = ?1 WHERE a = ?2 AND b <> ?1")?
        .execute(params![keep, drop])?;
    let b = c
        .prepare_cached("UPDATE intro SET b = ?1 WHERE b = ?2 AND a <> ?1")?
        .execute(params![keep, drop])?;
    Ok(a + b)
}

// ---- export and import ---------------------------------------------------

/// An introduction as a dump carries it: the people by uid, times as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroData {
    pub a: String,
    pub b: String,
    #[serde(default)]
    pub reason: Option<String>,
    pub step: String,
    #[serde(default = "yes")]
    pub double_opt_in: bool,
    #[serde(default)]
    pub outcome: Option<String>,
    pub proposed_at: String,
    #[serde(default)]
    pub asked_first_at: Option<String>,
    #[serde(default)]
    pub asked_second_at: Option<String>,
    #[serde(default)]
    pub made_at: Option<String>,
    #[serde(default)]
    pub closed_at: Option<String>,
    pub updated_at: String,
}

fn yes() -> bool {
    true
}

/// Every introduction, in the order they were proposed.
pub fn all(c: &Connection) -> Result<Vec<IntroData>> {
    let mut st = c.prepare_cached(
        "SELECT pa.uid, pb.uid, i.reason, i.step, i.double_opt_in, i.outcome, i.proposed_at,
                i.asked_first_at, i.asked_second_at, i.made_at, i.closed_at, i.updated_at
         FROM intro i JOIN person pa ON pa.id = i.a JOIN person pb ON pb.id = i.b ORDER BY i.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(IntroData {
            a: r.get(0)?,
            b: r.get(1)?,
            reason: r.get(2)?,
            step: r.get(3)?,
            double_opt_in: r.get(4)?,
            outcome: r.get(5)?,
            proposed_at: r.get(6)?,
            asked_first_at: r.get(7)?,
            asked_second_at: r.get(8)?,
            made_at: r.get(9)?,
            closed_at: r.get(10)?,
            updated_at: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes an introduction of a dump unless the same one (the two people,
/// proposed at the same time) is here; `false` when it was. Its follow-ups
/// travel with the people's own.
pub fn insert_data(c: &Connection, a: i64, b: i64, d: &IntroData) -> Result<bool> {
    let here: bool = c
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM intro WHERE a = ?1 AND b = ?2 AND proposed_at = ?3)",
        )?
        .query_row(params![a, b, d.proposed_at], |r| r.get(0))?;
    if here {
        return Ok(false);
    }
    c.prepare_cached(
        "INSERT INTO intro (a, b, reason, step, double_opt_in, outcome, proposed_at,
                            asked_first_at, asked_second_at, made_at, closed_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        a,
        b,
        d.reason,
        d.step,
        d.double_opt_in,
        d.outcome,
        d.proposed_at,
        d.asked_first_at,
        d.asked_second_at,
        d.made_at,
        d.closed_at,
        d.updated_at
    ])?;
    Ok(true)
}
