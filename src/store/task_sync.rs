//! Follow-ups as tasks in a task folder: the follow-ups a folder holds, and
//! what Kith last saw of each task file there (the merge base).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::when::to_db;

use super::people::opt_instant;

/// A follow-up as its task shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRow {
    pub id: i64,
    pub uid: String,
    pub person_id: Option<i64>,
    pub person_uid: Option<String>,
    pub person: Option<String>,
    pub body: String,
    pub due_on: NaiveDate,
    pub repeat_days: Option<i64>,
    pub snoozed_until: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
}

impl TaskRow {
    /// The day it shows up on Today: its due date, or later if snoozed.
    pub fn shows_on(&self) -> NaiveDate {
        match self.snoozed_until {
            Some(s) if s > self.due_on => s,
            _ => self.due_on,
        }
    }
}

const COLS: &str = "r.id, r.uid, r.person_id, p.uid, p.name, r.body, r.due_on, r.repeat_days, r.snoozed_until, r.done_at";

fn from_row(r: &Row) -> rusqlite::Result<TaskRow> {
    Ok(TaskRow {
        id: r.get(0)?,
        uid: r.get(1)?,
        person_id: r.get(2)?,
        person_uid: r.get(3)?,
        person: r.get(4)?,
        body: r.get(5)?,
        due_on: r.get(6)?,
        repeat_days: r.get(7)?,
        snoozed_until: r.get(8)?,
        done_at: opt_instant(r, 9)?,
    })
}

/// The follow-ups a task folder should hold: every open one, and every one
/// it already holds a task for (a done one is written as completed). An
/// archived person's follow-ups stay: archiving closes nothing, on any device.
pub fn tasks_for(c: &Connection, folder: &str) -> Result<Vec<TaskRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM reminder r LEFT JOIN person p ON p.id = r.person_id
         WHERE r.uid IS NOT NULL
           AND (r.done_at IS NULL
                OR EXISTS (SELECT 1 FROM sync_task s WHERE s.folder = ?1 AND s.uid = r.uid))
         ORDER BY r.id"
    ))?;
    let rows = st.query_map([folder], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The follow-up with this UID.
pub fn by_uid(c: &Connection, uid: &str) -> Result<Option<TaskRow>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLS} FROM reminder r LEFT JOIN person p ON p.id = r.person_id WHERE r.uid = ?1"
    ))?
    .query_row([uid], from_row)
    .optional()?)
}

/// A follow-up that arrived as a task: it keeps the task's UID.
pub struct NewTask<'a> {
    pub uid: &'a str,
    pub person_id: Option<i64>,
    pub body: &'a str,
    pub due_on: NaiveDate,
    pub repeat_days: Option<i64>,
}

pub fn insert(c: &Connection, t: &NewTask, now: DateTime<Utc>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO reminder (uid, person_id, body, due_on, repeat_days, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        t.uid,
        t.person_id,
        t.body.trim(),
        t.due_on,
        t.repeat_days,
        to_db(now)
    ])?;
    Ok(c.last_insert_rowid())
}

/// Moves a follow-up to show on `on`: a later day is a snooze, an earlier
/// one its new due date.
pub fn show_on(c: &Connection, id: i64, on: NaiveDate) -> Result<()> {
    c.prepare_cached(
        "UPDATE reminder SET
            snoozed_until = CASE WHEN ?2 > due_on THEN ?2 END,
            due_on = min(due_on, ?2)
         WHERE id = ?1",
    )?
    .execute(params![id, on])?;
    Ok(())
}

pub fn set_body(c: &Connection, id: i64, body: &str) -> Result<()> {
    c.prepare_cached("UPDATE reminder SET body = ?2 WHERE id = ?1")?
        .execute(params![id, body.trim()])?;
    Ok(())
}

pub fn set_repeat(c: &Connection, id: i64, repeat_days: Option<i64>) -> Result<()> {
    c.prepare_cached("UPDATE reminder SET repeat_days = ?2 WHERE id = ?1")?
        .execute(params![id, repeat_days])?;
    Ok(())
}

/// Marks a follow-up done without scheduling a next one (a repeating
/// follow-up whose task was deleted or cancelled ends its series).
pub fn close(c: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    c.prepare_cached("UPDATE reminder SET done_at = ?2 WHERE id = ?1 AND done_at IS NULL")?
        .execute(params![id, to_db(now)])?;
    Ok(())
}

/// Opens a done follow-up again (its task was reopened elsewhere).
pub fn reopen(c: &Connection, id: i64) -> Result<()> {
    c.prepare_cached("UPDATE reminder SET done_at = NULL WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// The person with this card UID (or a UID they were once known by).
pub fn person_with_uid(c: &Connection, uid: &str) -> Result<Option<i64>> {
    match super::interop::find_uid(c, uid)? {
        Some(id) => Ok(Some(id)),
        None => super::interop::find_alias(c, uid),
    }
}

/// The people not archived whose name is exactly `name` (case folded).
pub fn people_named(c: &Connection, name: &str) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM person WHERE archived_at IS NULL AND lower(name) = lower(?1) LIMIT 2",
    )?;
    let rows = st.query_map([name.trim()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What Kith last saw of a task file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    pub uid: String,
    pub file: String,
    pub base: String,
    pub hash: String,
    pub size: i64,
    pub mtime_ns: i64,
    pub inode: i64,
}

pub fn states(c: &Connection, folder: &str) -> Result<Vec<ItemState>> {
    let mut st = c.prepare_cached(
        "SELECT uid, file, base, hash, size, mtime_ns, inode FROM sync_task WHERE folder = ?1",
    )?;
    let rows = st.query_map([folder], |r| {
        Ok(ItemState {
            uid: r.get(0)?,
            file: r.get(1)?,
            base: r.get(2)?,
            hash: r.get(3)?,
            size: r.get(4)?,
            mtime_ns: r.get(5)?,
            inode: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn put_state(c: &Connection, folder: &str, s: &ItemState) -> Result<()> {
    // A file name now taken by another UID (a task replaced elsewhere) is that one's.
    c.prepare_cached("DELETE FROM sync_task WHERE folder = ?1 AND file = ?2 AND uid <> ?3")?
        .execute(params![folder, s.file, s.uid])?;
    c.prepare_cached(
        "INSERT INTO sync_task (folder, uid, file, base, hash, size, mtime_ns, inode)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (folder, uid) DO UPDATE SET file = excluded.file, base = excluded.base,
             hash = excluded.hash, size = excluded.size, mtime_ns = excluded.mtime_ns,
             inode = excluded.inode",
    )?
    .execute(params![
        folder, s.uid, s.file, s.base, s.hash, s.size, s.mtime_ns, s.inode
    ])?;
    Ok(())
}

pub fn forget(c: &Connection, folder: &str, uid: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM sync_task WHERE folder = ?1 AND uid = ?2")?
        .execute(params![folder, uid])?;
    Ok(())
}
