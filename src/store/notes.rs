//! Notes: the timeline of a person.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{Note, NoteKind};
use crate::when::to_db;

use super::people::instant;

#[derive(Debug, Clone)]
pub struct NewNote {
    pub person_id: i64,
    pub event_id: Option<i64>,
    pub kind: NoteKind,
    pub body: String,
    pub happened_at: DateTime<Utc>,
}

const COLS: &str = "id, person_id, event_id, kind, body, happened_at";

fn from_row(r: &Row) -> rusqlite::Result<Note> {
    let kind: String = r.get(3)?;
    Ok(Note {
        id: r.get(0)?,
        person_id: r.get(1)?,
        event_id: r.get(2)?,
        kind: NoteKind::parse(&kind).unwrap_or(NoteKind::Note),
        body: r.get(4)?,
        happened_at: instant(r, 5)?,
    })
}

pub fn insert_note(c: &Connection, n: &NewNote, now: DateTime<Utc>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO note (person_id, event_id, kind, body, happened_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        n.person_id,
        n.event_id,
        n.kind.as_str(),
        n.body.trim(),
        to_db(n.happened_at),
        to_db(now)
    ])?;
    Ok(c.last_insert_rowid())
}

/// How many notes the store holds.
pub(crate) fn count_all(c: &Connection) -> Result<usize> {
    let n: i64 = c
        .prepare_cached("SELECT count(*) FROM note")?
        .query_row([], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

pub fn get_note(c: &Connection, id: i64) -> Result<Note> {
    c.prepare_cached(&format!("SELECT {COLS} FROM note WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "note", id })
}

/// The newest `limit` notes of a person, newest first.
pub fn for_person(c: &Connection, person_id: i64, limit: usize) -> Result<Vec<Note>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {COLS} FROM note WHERE person_id = ?1 ORDER BY happened_at DESC, id DESC LIMIT ?2"
    ))?;
    let rows = st.query_map(params![person_id, limit as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest note of a kind for a person.
pub fn newest_of_kind(c: &Connection, person_id: i64, kind: NoteKind) -> Result<Option<Note>> {
    Ok(c.prepare_cached(&format!(
        "SELECT {COLS} FROM note WHERE person_id = ?1 AND kind = ?2 ORDER BY happened_at DESC, id DESC LIMIT 1"
    ))?
    .query_row(params![person_id, kind.as_str()], from_row)
    .optional()?)
}
