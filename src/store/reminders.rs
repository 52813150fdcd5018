//! Reminders: follow-ups with a due date, optionally repeating.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::Reminder;
use crate::when::to_db;

use super::people::opt_instant;

#[derive(Debug, Clone)]
pub struct NewReminder {
    pub person_id: Option<i64>,
    pub note_id: Option<i64>,
    pub body: String,
    pub due_on: NaiveDate,
    pub repeat_days: Option<i64>,
}

const COLS: &str = "r.id, r.person_id, p.name, r.body, r.due_on, r.repeat_days, r.snoozed_until, r.done_at, r.note_id";
const SHOWS_ON: &str = "max(r.due_on, coalesce(r.snoozed_until, r.due_on))";

fn from_row(r: &Row) -> rusqlite::Result<Reminder> {
    Ok(Reminder {
        id: r.get(0)?,
        person_id: r.get(1)?,
        person: r.get(2)?,
        body: r.get(3)?,
        due_on: r.get(4)?,
        repeat_days: r.get(5)?,
        snoozed_until: r.get(6)?,
        done_at: opt_instant(r, 7)?,
        note_id: r.get(8)?,
    })
}

pub fn insert(c: &Connection, r: &NewReminder, now: DateTime<Utc>) -> Result<i64> {
    insert_as(c, r, &uuid::Uuid::new_v4().to_string(), now)
}

/// The UID of the occurrence after a repeating follow-up's: the same on every
/// device that completes it (a phone's tick reaches each store, and each
/// schedules the next one), so the next task is one task, not one per device.
pub fn next_uid(uid: &str) -> String {
    const NS: uuid::Uuid = uuid::Uuid::from_u128(0x6b69_7468_2d66_6f6c_6c6f_772d_7570_0001);
    uuid::Uuid::new_v5(&NS, format!("{uid}/next").as_bytes()).to_string()
}

fn insert_as(c: &Connection, r: &NewReminder, uid: &str, now: DateTime<Utc>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO reminder (uid, person_id, note_id, body, due_on, repeat_days, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        uid,
        r.person_id,
        r.note_id,
        r.body.trim(),
        r.due_on,
        r.repeat_days,
        to_db(now)
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn get(c: &Connection, id: i64) -> Result<Reminder> {
    c.prepare_cached(&format!(
        "SELECT {COLS} FROM reminder r LEFT JOIN person p ON p.id = r.person_id WHERE r.id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or(Error::NotFound {
        what: "follow-up",
        id,
    })
}

/// Open reminders that show before `date` (overdue on it), soonest first.
pub fn open_before(c: &Connection, date: NaiveDate, limit: usize) -> Result<Vec<Reminder>> {
    // Read in order off the index of the day each shows on: stops after `limit`.
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM reminder r INDEXED BY reminder_shows LEFT JOIN person p ON p.id = r.person_id
         WHERE r.done_at IS NULL AND {SHOWS_ON} < ?1
           AND (r.person_id IS NULL OR p.archived_at IS NULL)
         ORDER BY {SHOWS_ON}, r.id LIMIT ?2"
    ))?;
    let rows = st.query_map(params![date, limit as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open reminders that show on `date`.
pub fn open_on(c: &Connection, date: NaiveDate, limit: usize) -> Result<Vec<Reminder>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM reminder r INDEXED BY reminder_shows LEFT JOIN person p ON p.id = r.person_id
         WHERE r.done_at IS NULL AND {SHOWS_ON} = ?1
           AND (r.person_id IS NULL OR p.archived_at IS NULL)
         ORDER BY r.id LIMIT ?2"
    ))?;
    let rows = st.query_map(params![date, limit as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many open reminders are overdue on `date`, and how many show on it:
/// everyone's from the index of the day each shows on, less those of the few
/// archived people with an open follow-up (found from their own index rather
/// than by checking the person of every follow-up).
pub fn count_open(c: &Connection, date: NaiveDate) -> Result<(usize, usize)> {
    let count = |sql: &str| -> Result<(i64, i64)> {
        Ok(c.prepare_cached(sql)?
            .query_row([date], |r| Ok((r.get(0)?, r.get(1)?)))?)
    };
    let (late, due) = count(&format!(
        "SELECT coalesce(sum({SHOWS_ON} < ?1), 0), coalesce(sum({SHOWS_ON} = ?1), 0)
         FROM reminder r INDEXED BY reminder_shows
         WHERE r.done_at IS NULL AND {SHOWS_ON} <= ?1"
    ))?;
    let (late_hidden, due_hidden) = count(&format!(
        "SELECT coalesce(sum({SHOWS_ON} < ?1), 0), coalesce(sum({SHOWS_ON} = ?1), 0)
         FROM person_touch t INDEXED BY person_touch_hidden_follow_up
         JOIN reminder r ON r.person_id = t.person_id
         WHERE t.live = 0 AND t.next_follow_up IS NOT NULL AND t.next_follow_up <= ?1
           AND r.done_at IS NULL AND {SHOWS_ON} <= ?1"
    ))?;
    Ok((
        (late - late_hidden).max(0) as usize,
        (due - due_hidden).max(0) as usize,
    ))
}

/// How many reminders are open (not done), archived people's included.
pub(crate) fn count_all(c: &Connection) -> Result<usize> {
    let n: i64 = c
        .prepare_cached("SELECT count(*) FROM reminder WHERE done_at IS NULL")?
        .query_row([], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Open reminders of a person, soonest first.
pub fn open_for_person(c: &Connection, person_id: i64) -> Result<Vec<Reminder>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM reminder r LEFT JOIN person p ON p.id = r.person_id
         WHERE r.person_id = ?1 AND r.done_at IS NULL ORDER BY {SHOWS_ON}, r.id"
    ))?;
    let rows = st.query_map([person_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks a reminder done. A repeating one schedules its next occurrence
/// `repeat_days` after `today`; the new id is returned.
pub fn complete(
    c: &Connection,
    id: i64,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Option<i64>> {
    let r = get(c, id)?;
    if r.done_at.is_some() {
        return Err(Error::Invalid(format!("follow-up {id} is already done")));
    }
    c.prepare_cached("UPDATE reminder SET done_at = ?2 WHERE id = ?1")?
        .execute(params![id, to_db(now)])?;
    let Some(every) = r.repeat_days else {
        return Ok(None);
    };
    let due_on = today
        .checked_add_days(Days::new(every as u64))
        .ok_or_else(|| Error::Invalid(format!("follow-up {id} repeats beyond the calendar")))?;
    let next = NewReminder {
        person_id: r.person_id,
        note_id: r.note_id,
        body: r.body,
        due_on,
        repeat_days: r.repeat_days,
    };
    let uid: Option<String> = c
        .prepare_cached("SELECT uid FROM reminder WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    let uid = match uid {
        Some(u) => next_uid(&u),
        None => uuid::Uuid::new_v4().to_string(),
    };
    // Completed before, undone, completed again: the next one was removed
    // with the undo, or is still there (another device's), then it is the one.
    if let Some(existing) = c
        .prepare_cached("SELECT id FROM reminder WHERE uid = ?1")?
        .query_row([&uid], |row| row.get::<_, i64>(0))
        .optional()?
    {
        return Ok(Some(existing));
    }
    insert_as(c, &next, &uid, now).map(Some)
}

pub fn snooze(c: &Connection, id: i64, until: NaiveDate) -> Result<()> {
    let r = get(c, id)?;
    if r.done_at.is_some() {
        return Err(Error::Invalid(format!("follow-up {id} is already done")));
    }
    c.prepare_cached("UPDATE reminder SET snoozed_until = ?2 WHERE id = ?1")?
        .execute(params![id, until])?;
    Ok(())
}
