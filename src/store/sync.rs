//! SQL for syncing people with a vdir of cards: what Kith knows of each file
//! (`sync_card`), the uids deleted in Kith (`sync_tombstone`), a person's
//! side as a card carries it (notes and meetings by their stable uuid), and
//! the writes that bring a person to a merged card.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::when::to_db;

use super::interop::{EventData, Fields};

/// What Kith knows of one card file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardState {
    pub file: String,
    pub uid: String,
    pub person_id: Option<i64>,
    /// The card's text as last seen or written.
    pub base: String,
    pub hash: String,
    /// Kith's side as of `base` (JSON).
    pub kith: String,
    pub rev: Option<String>,
    pub size: u64,
    pub mtime: i64,
    pub inode: u64,
    pub note_uuid: Option<String>,
}

fn state_from_row(r: &Row) -> rusqlite::Result<CardState> {
    Ok(CardState {
        file: r.get(0)?,
        uid: r.get(1)?,
        person_id: r.get(2)?,
        base: r.get(3)?,
        hash: r.get(4)?,
        kith: r.get(5)?,
        rev: r.get(6)?,
        size: r.get::<_, i64>(7)? as u64,
        mtime: r.get(8)?,
        inode: r.get::<_, i64>(9)? as u64,
        note_uuid: r.get(10)?,
    })
}

const STATE_COLS: &str =
    "file, uid, person_id, base, hash, kith, rev, size, mtime, inode, note_uuid";

/// Every card file Kith knows in the vdir `dir`.
pub fn cards(c: &Connection, dir: &str) -> Result<Vec<CardState>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {STATE_COLS} FROM sync_card WHERE dir = ?1 ORDER BY file"
    ))?;
    let rows = st.query_map([dir], state_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The card files of a person in `dir`.
pub fn cards_of(c: &Connection, dir: &str, person_id: i64) -> Result<Vec<CardState>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {STATE_COLS} FROM sync_card WHERE dir = ?1 AND person_id = ?2 ORDER BY file"
    ))?;
    let rows = st.query_map(params![dir, person_id], state_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a card file as Kith now knows it.
pub fn put_card(c: &Connection, dir: &str, s: &CardState) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO sync_card (dir, file, uid, person_id, base, hash, kith, rev, size, mtime, inode, note_uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (dir, file) DO UPDATE SET uid = excluded.uid, person_id = excluded.person_id,
             base = excluded.base, hash = excluded.hash, kith = excluded.kith, rev = excluded.rev,
             size = excluded.size, mtime = excluded.mtime, inode = excluded.inode,
             note_uuid = excluded.note_uuid",
    )?
    .execute(params![
        dir,
        s.file,
        s.uid,
        s.person_id,
        s.base,
        s.hash,
        s.kith,
        s.rev,
        s.size as i64,
        s.mtime,
        s.inode as i64,
        s.note_uuid
    ])?;
    Ok(())
}

/// The file was read again and holds what Kith last saw: only its stat moved.
pub fn set_stat(
    c: &Connection,
    dir: &str,
    file: &str,
    size: u64,
    mtime: i64,
    inode: u64,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE sync_card SET size = ?3, mtime = ?4, inode = ?5 WHERE dir = ?1 AND file = ?2",
    )?
    .execute(params![dir, file, size as i64, mtime, inode as i64])?;
    Ok(())
}

pub fn forget_card(c: &Connection, dir: &str, file: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM sync_card WHERE dir = ?1 AND file = ?2")?
        .execute(params![dir, file])?;
    Ok(())
}

/// A file of a card folder that is not one card, as Kith last saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: String,
    /// Empty when the file could not be read.
    pub hash: String,
    pub problem: String,
    pub size: u64,
    pub mtime: i64,
    pub inode: u64,
}

/// The files of `dir` known not to be one card.
pub fn problems(c: &Connection, dir: &str) -> Result<Vec<FileProblem>> {
    let mut st = c.prepare_cached(
        "SELECT file, hash, problem, size, mtime, inode FROM sync_problem WHERE dir = ?1
         ORDER BY file",
    )?;
    let rows = st.query_map([dir], |r| {
        Ok(FileProblem {
            file: r.get(0)?,
            hash: r.get(1)?,
            problem: r.get(2)?,
            size: r.get::<_, i64>(3)? as u64,
            mtime: r.get(4)?,
            inode: r.get::<_, i64>(5)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn put_problem(c: &Connection, dir: &str, p: &FileProblem) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO sync_problem (dir, file, hash, problem, size, mtime, inode)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (dir, file) DO UPDATE SET hash = excluded.hash,
             problem = excluded.problem, size = excluded.size, mtime = excluded.mtime,
             inode = excluded.inode",
    )?
    .execute(params![
        dir,
        p.file,
        p.hash,
        p.problem,
        p.size as i64,
        p.mtime,
        p.inode as i64
    ])?;
    Ok(())
}

pub fn forget_problem(c: &Connection, dir: &str, file: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM sync_problem WHERE dir = ?1 AND file = ?2")?
        .execute(params![dir, file])?;
    Ok(())
}

pub fn add_tombstone(c: &Connection, dir: &str, uid: &str, now: DateTime<Utc>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO sync_tombstone (dir, uid, deleted_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (dir, uid) DO NOTHING",
    )?
    .execute(params![dir, uid, to_db(now)])?;
    Ok(())
}

pub fn clear_tombstone(c: &Connection, dir: &str, uid: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM sync_tombstone WHERE dir = ?1 AND uid = ?2")?
        .execute(params![dir, uid])?;
    Ok(())
}

pub fn is_tombstone(c: &Connection, dir: &str, uid: &str) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM sync_tombstone WHERE dir = ?1 AND uid = ?2)",
    )?
    .query_row(params![dir, uid], |r| r.get(0))?)
}

/// A person a card may be: by uid, else by a uid found to be them before.
pub fn person_by_uid(c: &Connection, uid: &str) -> Result<Option<i64>> {
    match super::interop::find_uid(c, uid)? {
        Some(id) => Ok(Some(id)),
        None => super::interop::find_alias(c, uid),
    }
}

/// Everyone, with their uid and whether they are archived, in id order.
pub fn people(c: &Connection) -> Result<Vec<(i64, String, bool)>> {
    let mut st =
        c.prepare_cached("SELECT id, uid, archived_at IS NOT NULL FROM person ORDER BY id")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn person_exists(c: &Connection, id: i64) -> Result<Option<bool>> {
    Ok(
        c.prepare_cached("SELECT archived_at IS NOT NULL FROM person WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?,
    )
}

// ---- a person's side --------------------------------------------------------

/// A note by its stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncNote {
    pub uuid: String,
    pub kind: NoteKind,
    /// The stored instant (`2026-11-20T10:00:00Z`).
    pub at: String,
    pub body: String,
    /// The uid of its event.
    pub event: Option<String>,
    /// `need` or `offer` (a learned note marked so).
    #[serde(default)]
    pub mark: Option<String>,
    /// The day a need was met.
    #[serde(default)]
    pub met_on: Option<String>,
}

/// A meeting by its stable id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncMeeting {
    pub uuid: String,
    pub met_on: NaiveDate,
    pub place: Option<String>,
    pub context: Option<String>,
    pub event: Option<String>,
}

/// A person as a card carries them, read from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub uid: String,
    pub fields: Fields,
    pub bumped_at: Option<String>,
    pub snoozed_until: Option<String>,
    pub archived: bool,
    pub points: Vec<ContactPoint>,
    pub tags: Vec<String>,
    pub notes: Vec<SyncNote>,
    pub meetings: Vec<SyncMeeting>,
    pub events: Vec<EventData>,
}

pub fn side(c: &Connection, id: i64) -> Result<Side> {
    let (uid, fields, bumped_at, snoozed_until, archived) = c
        .prepare_cached(
            "SELECT uid, name, company, title, birthday, cadence_days, bumped_at,
                    prompt_snoozed_until, archived_at IS NOT NULL
             FROM person WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Fields {
                    name: r.get(1)?,
                    company: r.get(2)?,
                    title: r.get(3)?,
                    birthday: r.get(4)?,
                    cadence_days: r.get(5)?,
                },
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?;
    let notes = {
        let mut st = c.prepare_cached(
            "SELECT n.uuid, n.kind, n.happened_at, n.body, e.uid, n.mark, n.need_met_on
             FROM note n LEFT JOIN event e ON e.id = n.event_id
             WHERE n.person_id = ?1 AND n.uuid IS NOT NULL ORDER BY n.happened_at, n.uuid",
        )?;
        let rows = st.query_map([id], |r| {
            let kind: String = r.get(1)?;
            Ok(SyncNote {
                uuid: r.get(0)?,
                kind: NoteKind::parse(&kind).unwrap_or(NoteKind::Note),
                at: r.get(2)?,
                body: r.get(3)?,
                event: r.get(4)?,
                mark: r.get(5)?,
                met_on: r.get(6)?,
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let meetings = {
        let mut st = c.prepare_cached(
            "SELECT m.uuid, m.met_on, m.place, m.context, e.uid
             FROM meeting m LEFT JOIN event e ON e.id = m.event_id
             WHERE m.person_id = ?1 AND m.uuid IS NOT NULL ORDER BY m.met_on, m.uuid",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(SyncMeeting {
                uuid: r.get(0)?,
                met_on: r.get(1)?,
                place: r.get(2)?,
                context: r.get(3)?,
                event: r.get(4)?,
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let events = {
        let mut st = c.prepare_cached(
            "SELECT uid, name, starts_on, ends_on, place, description, created_at FROM event
             WHERE id IN (SELECT event_id FROM note WHERE person_id = ?1
                          UNION SELECT event_id FROM meeting WHERE person_id = ?1)
             ORDER BY uid",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(EventData {
                uid: r.get(0)?,
                name: r.get(1)?,
                starts_on: r.get(2)?,
                ends_on: r.get(3)?,
                place: r.get(4)?,
                description: r.get(5)?,
                created_at: r.get(6)?,
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    Ok(Side {
        uid,
        fields,
        bumped_at,
        snoozed_until,
        archived,
        points: super::people::contact_points(c, id)?,
        tags: super::people::tags(c, id)?,
        notes,
        meetings,
        events,
    })
}

// ---- writes -----------------------------------------------------------------

pub fn set_clock(
    c: &Connection,
    id: i64,
    bumped_at: Option<&str>,
    snoozed_until: Option<&str>,
) -> Result<()> {
    c.prepare_cached(
        "UPDATE person SET bumped_at = ?2, prompt_snoozed_until = ?3 WHERE id = ?1
         AND (bumped_at IS NOT ?2 OR prompt_snoozed_until IS NOT ?3)",
    )?
    .execute(params![id, bumped_at, snoozed_until])?;
    Ok(())
}

/// Removes a contact point (this kind and stored value) from a person.
pub fn remove_point(c: &Connection, id: i64, kind: ContactKind, value: &str) -> Result<()> {
    c.prepare_cached(
        "DELETE FROM contact_point WHERE person_id = ?1 AND kind = ?2 AND value = ?3",
    )?
    .execute(params![id, kind.as_str(), value])?;
    Ok(())
}

pub fn remove_tag(c: &Connection, id: i64, tag: &str) -> Result<()> {
    c.prepare_cached(
        "DELETE FROM person_tag WHERE person_id = ?1
         AND tag_id IN (SELECT id FROM tag WHERE name = ?2 COLLATE NOCASE)",
    )?
    .execute(params![id, tag.trim()])?;
    Ok(())
}

fn event_id(c: &Connection, uid: &Option<String>) -> Result<Option<i64>> {
    match uid {
        Some(u) => super::interop::event_id(c, u),
        None => Ok(None),
    }
}

/// Writes a note by its uuid: changed in place (and moved to this person)
/// when it exists, else added. Answers the person it was moved from.
pub fn put_note(
    c: &Connection,
    person_id: i64,
    n: &SyncNote,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let event = event_id(c, &n.event)?;
    let owner: Option<i64> = c
        .prepare_cached("SELECT person_id FROM note WHERE uuid = ?1")?
        .query_row([&n.uuid], |r| r.get(0))
        .optional()?;
    if owner.is_some() {
        c.prepare_cached(
            "UPDATE note SET person_id = ?2, kind = ?3, body = ?4, happened_at = ?5, event_id = ?6,
                    mark = ?7, need_met_on = ?8
             WHERE uuid = ?1 AND (person_id IS NOT ?2 OR kind IS NOT ?3 OR body IS NOT ?4
                                  OR happened_at IS NOT ?5 OR event_id IS NOT ?6
                                  OR mark IS NOT ?7 OR need_met_on IS NOT ?8)",
        )?
        .execute(params![
            n.uuid,
            person_id,
            n.kind.as_str(),
            n.body,
            n.at,
            event,
            n.mark,
            n.met_on
        ])?;
        return Ok(owner.filter(|o| *o != person_id));
    }
    c.prepare_cached(
        "INSERT INTO note (person_id, event_id, kind, body, happened_at, created_at, uuid,
                           mark, need_met_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        person_id,
        event,
        n.kind.as_str(),
        n.body,
        n.at,
        to_db(now),
        n.uuid,
        n.mark,
        n.met_on
    ])?;
    Ok(None)
}

pub fn delete_note(c: &Connection, uuid: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM note WHERE uuid = ?1")?
        .execute([uuid])?;
    Ok(())
}

/// A new plain note; answers its uuid.
pub fn add_note(c: &Connection, person_id: i64, body: &str, now: DateTime<Utc>) -> Result<String> {
    let uuid = uuid::Uuid::new_v4().to_string();
    let at = to_db(now);
    c.prepare_cached(
        "INSERT INTO note (person_id, kind, body, happened_at, created_at, uuid)
         VALUES (?1, 'note', ?2, ?3, ?3, ?4)",
    )?
    .execute(params![person_id, body, at, uuid])?;
    Ok(uuid)
}

/// A note of this person with exactly this body, if any.
pub fn note_with_body(c: &Connection, person_id: i64, body: &str) -> Result<Option<String>> {
    Ok(c.prepare_cached(
        "SELECT uuid FROM note WHERE person_id = ?1 AND body = ?2 AND uuid IS NOT NULL
             ORDER BY id LIMIT 1",
    )?
    .query_row(params![person_id, body], |r| r.get(0))
    .optional()?)
}

/// The body of a person's note by uuid.
pub fn note_body(c: &Connection, person_id: i64, uuid: &str) -> Result<Option<String>> {
    Ok(
        c.prepare_cached("SELECT body FROM note WHERE person_id = ?1 AND uuid = ?2")?
            .query_row(params![person_id, uuid], |r| r.get(0))
            .optional()?,
    )
}

/// Writes a meeting by its uuid, like [`put_note`].
pub fn put_meeting(
    c: &Connection,
    person_id: i64,
    m: &SyncMeeting,
    now: DateTime<Utc>,
) -> Result<()> {
    let event = event_id(c, &m.event)?;
    let changed = c
        .prepare_cached(
            "UPDATE meeting SET person_id = ?2, met_on = ?3, place = ?4, context = ?5, event_id = ?6
             WHERE uuid = ?1 AND (person_id IS NOT ?2 OR met_on IS NOT ?3 OR place IS NOT ?4
                                  OR context IS NOT ?5 OR event_id IS NOT ?6)",
        )?
        .execute(params![m.uuid, person_id, m.met_on, m.place, m.context, event])?;
    if changed > 0 {
        return Ok(());
    }
    c.prepare_cached(
        "INSERT INTO meeting (person_id, event_id, met_on, place, context, created_at, uuid)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1 FROM meeting WHERE uuid = ?7)",
    )?
    .execute(params![
        person_id,
        event,
        m.met_on,
        m.place,
        m.context,
        to_db(now),
        m.uuid
    ])?;
    Ok(())
}

pub fn delete_meeting(c: &Connection, uuid: &str) -> Result<()> {
    c.prepare_cached("DELETE FROM meeting WHERE uuid = ?1")?
        .execute([uuid])?;
    Ok(())
}

/// Adds an event, or brings it to what a card says (its description, which
/// cards do not carry, is kept).
pub fn put_event(c: &Connection, e: &EventData, now: DateTime<Utc>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO event (uid, name, starts_on, ends_on, place, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (uid) DO UPDATE SET name = excluded.name, starts_on = excluded.starts_on,
             ends_on = excluded.ends_on, place = excluded.place
         WHERE name IS NOT excluded.name OR starts_on IS NOT excluded.starts_on
            OR ends_on IS NOT excluded.ends_on OR place IS NOT excluded.place",
    )?
    .execute(params![
        e.uid,
        e.name,
        e.starts_on,
        e.ends_on,
        e.place,
        to_db(now)
    ])?;
    Ok(())
}

/// Changes a note's text in place.
pub fn set_note_body(c: &Connection, uuid: &str, body: &str) -> Result<()> {
    c.prepare_cached("UPDATE note SET body = ?2 WHERE uuid = ?1 AND body IS NOT ?2")?
        .execute(params![uuid, body])?;
    Ok(())
}
