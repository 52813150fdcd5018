//! SQL for import and export: matching a person read from a file against the
//! store, adding what is missing without duplicating it, and bulk reads for
//! export. Times are carried as the store's own text so a dump is lossless.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::identity::{name_keys, point_key};
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::when::to_db;

use super::people::sort_key;

use super::Store;

/// The plain fields of a person.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub birthday: Option<String>,
    pub cadence_days: Option<i64>,
}

/// Bookkeeping of a person that only a Kith dump carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub archived_at: Option<String>,
    pub bumped_at: Option<String>,
    pub prompt_snoozed_until: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteData {
    pub kind: NoteKind,
    pub body: String,
    /// Stored instant; `None` for imports that do not know it (then: now).
    pub happened_at: Option<String>,
    pub created_at: Option<String>,
    /// The uid of the event it belongs to.
    pub event: Option<String>,
    /// A learned note marked as a need or an offer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<crate::needs::Mark>,
    /// For a need: the day it was met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need_met_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingData {
    pub met_on: NaiveDate,
    pub place: Option<String>,
    pub context: Option<String>,
    pub event: Option<String>,
    pub created_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderData {
    pub body: String,
    pub due_on: NaiveDate,
    pub repeat_days: Option<i64>,
    pub snoozed_until: Option<NaiveDate>,
    pub done_at: Option<String>,
    pub created_at: Option<String>,
    /// Index, in the person's `notes`, of the promise it tracks.
    pub note: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventData {
    pub uid: String,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub place: Option<String>,
    pub description: Option<String>,
    pub created_at: Option<String>,
}

/// Everything about one person, as a dump carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonData {
    pub uid: String,
    #[serde(flatten)]
    pub fields: Fields,
    #[serde(flatten)]
    pub meta: Meta,
    pub contact_points: Vec<ContactPoint>,
    pub tags: Vec<String>,
    pub meetings: Vec<MeetingData>,
    pub notes: Vec<NoteData>,
    pub reminders: Vec<ReminderData>,
}

/// An open follow-up with its person, for the calendar export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReminder {
    pub id: i64,
    /// Its own UUID: the task's UID wherever it goes.
    pub uid: Option<String>,
    pub person_uid: Option<String>,
    pub person: Option<String>,
    pub body: String,
    pub due_on: NaiveDate,
    pub snoozed_until: Option<NaiveDate>,
    pub repeat_days: Option<i64>,
}

impl Store {
    /// Runs `f` in a transaction that is always rolled back: a dry run.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&tx);
        tx.rollback()?;
        out
    }
}

fn ids(c: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(sql)?;
    let rows = st.query_map(p, |r| r.get(0))?;
    let mut ids: Vec<i64> = rows.collect::<rusqlite::Result<_>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

pub fn find_uid(c: &Connection, uid: &str) -> Result<Option<i64>> {
    Ok(c.prepare_cached("SELECT id FROM person WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()?)
}

/// The person known by this uid: a card found to be them before.
pub fn find_alias(c: &Connection, uid: &str) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT person_id FROM person_alias WHERE uid = ?1")?
            .query_row([uid], |r| r.get(0))
            .optional()?,
    )
}

/// Remembers that a card with `uid` is this person.
pub fn add_alias(c: &Connection, uid: &str, person_id: i64) -> Result<()> {
    c.prepare_cached(
        "INSERT OR IGNORE INTO person_alias (uid, person_id)
         SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM person WHERE uid = ?1)",
    )?
    .execute(params![uid, person_id])?;
    Ok(())
}

/// People with this email, ignoring case.
pub fn find_email(c: &Connection, email: &str) -> Result<Vec<i64>> {
    ids(
        c,
        "SELECT DISTINCT person_id FROM contact_point
         WHERE value = ?1 COLLATE NOCASE AND kind = 'email'",
        [email.trim()],
    )
}

/// People with this web or profile address, ignoring case and a trailing slash.
pub fn find_url(c: &Connection, url: &str) -> Result<Vec<i64>> {
    let u = url.trim().trim_end_matches('/');
    // Two lookups on the value index (an OR of the two would scan).
    let mut found = Vec::new();
    for v in [u.to_string(), format!("{u}/")] {
        found.extend(ids(
            c,
            "SELECT DISTINCT person_id FROM contact_point
             WHERE value = ?1 COLLATE NOCASE AND kind IN ('url', 'social')",
            [v],
        )?);
    }
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// People with exactly this name (ignoring case) and company.
pub fn find_name_company(c: &Connection, name: &str, company: &str) -> Result<Vec<i64>> {
    ids(
        c,
        "SELECT id FROM person WHERE name = ?1 COLLATE NOCASE AND company = ?2 COLLATE NOCASE",
        params![name.trim(), company.trim()],
    )
}

/// People with exactly this name, ignoring case.
pub fn find_name(c: &Connection, name: &str) -> Result<Vec<i64>> {
    ids(
        c,
        "SELECT id FROM person WHERE name = ?1 COLLATE NOCASE LIMIT 20",
        [name.trim()],
    )
}

pub fn fields(c: &Connection, id: i64) -> Result<Fields> {
    Ok(c.prepare_cached(
        "SELECT name, company, title, birthday, cadence_days FROM person WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(Fields {
            name: r.get(0)?,
            company: r.get(1)?,
            title: r.get(2)?,
            birthday: r.get(3)?,
            cadence_days: r.get(4)?,
        })
    })?)
}

pub fn update_fields(c: &Connection, id: i64, f: &Fields, now: DateTime<Utc>) -> Result<()> {
    let keys = name_keys(&f.name);
    c.prepare_cached(
        "UPDATE person SET name = ?2, company = ?3, title = ?4, birthday = ?5, cadence_days = ?6,
                updated_at = ?7, name_key = ?8, short_key = ?9, sort_key = ?10 WHERE id = ?1",
    )?
    .execute(params![
        id,
        f.name,
        f.company,
        f.title,
        f.birthday,
        f.cadence_days,
        to_db(now),
        keys.0,
        keys.1,
        sort_key(&f.name)
    ])?;
    Ok(())
}

pub fn meta(c: &Connection, id: i64) -> Result<Meta> {
    Ok(c.prepare_cached(
        "SELECT archived_at, bumped_at, prompt_snoozed_until, created_at, updated_at
         FROM person WHERE id = ?1",
    )?
    .query_row([id], meta_from_row)?)
}

fn meta_from_row(r: &Row) -> rusqlite::Result<Meta> {
    Ok(Meta {
        archived_at: r.get(0)?,
        bumped_at: r.get(1)?,
        prompt_snoozed_until: r.get(2)?,
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

pub fn set_meta(c: &Connection, id: i64, m: &Meta) -> Result<()> {
    c.prepare_cached(
        "UPDATE person SET archived_at = ?2, bumped_at = ?3, prompt_snoozed_until = ?4,
                created_at = ?5, updated_at = ?6 WHERE id = ?1",
    )?
    .execute(params![
        id,
        m.archived_at,
        m.bumped_at,
        m.prompt_snoozed_until,
        m.created_at,
        m.updated_at
    ])?;
    Ok(())
}

/// The id the next new person will get.
pub fn next_person_id(c: &Connection) -> Result<i64> {
    // Exactly `SELECT max(id)`, so SQLite reads it off the end of the table.
    let max: Option<i64> = c
        .prepare_cached("SELECT max(id) FROM person")?
        .query_row([], |r| r.get(0))?;
    Ok(max.unwrap_or(0) + 1)
}

/// Checks foreign keys at commit rather than per statement, for the rest of
/// the current transaction. (A pragma: every cached statement is prepared
/// again after it, so not once per import batch.)
pub fn defer_foreign_keys(c: &Connection) -> Result<()> {
    c.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    Ok(())
}

/// A larger page cache for a bulk import of `input` bytes, for this
/// connection: 32 MiB, or for a large file up to 128 MiB, so the indexes it
/// writes at random places (uids, addresses, names) stay in memory instead of
/// being read back from the file page by page. Answers the setting before.
pub fn bulk_cache(c: &Connection, input: u64) -> Result<i64> {
    const MIB: i64 = 1024;
    let before: i64 = c.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    let wanted = i64::try_from(input / 512).unwrap_or(i64::MAX);
    set_cache(c, -wanted.clamp(32 * MIB, 128 * MIB))?;
    Ok(before)
}

/// Sets the page cache: pages when positive, KiB when negative.
pub fn set_cache(c: &Connection, size: i64) -> Result<()> {
    c.execute_batch(&format!("PRAGMA cache_size = {size}"))?;
    Ok(())
}

/// Inserts a person with the given id and uid, and the address book that
/// gave the uid (when one did).
pub fn insert_person_with_id(
    c: &Connection,
    id: i64,
    uid: &str,
    uid_source: Option<&str>,
    f: &Fields,
    now: DateTime<Utc>,
) -> Result<()> {
    let now = to_db(now);
    let (key, short) = name_keys(&f.name);
    c.prepare_cached(
        "INSERT INTO person (id, uid, name, company, title, cadence_days, birthday, created_at, updated_at,
                             name_key, short_key, sort_key, uid_source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![id, uid, f.name, f.company, f.title, f.cadence_days, f.birthday, now, key, short, sort_key(&f.name), uid_source])?;
    Ok(())
}

/// Inserts a person with the given uid; returns the id.
pub fn insert_person(c: &Connection, uid: &str, f: &Fields, now: DateTime<Utc>) -> Result<i64> {
    let now = to_db(now);
    let (key, short) = name_keys(&f.name);
    c.prepare_cached(
        "INSERT INTO person (uid, name, company, title, cadence_days, birthday, created_at, updated_at,
                             name_key, short_key, sort_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![uid, f.name, f.company, f.title, f.cadence_days, f.birthday, now, key, short, sort_key(&f.name)])?;
    Ok(c.last_insert_rowid())
}

/// Adds a contact point unless the person has it (same kind and value, ignoring
/// case, or the same email or profile URL spelled another way).
pub fn add_point_if_missing(c: &Connection, id: i64, cp: &ContactPoint) -> Result<bool> {
    let norm = point_key(cp.kind, &cp.value);
    let have: bool = c
        .prepare_cached(
            "SELECT EXISTS (
                 -- By value, not by person (`+`): a person with 20,000
                 -- points would be scanned whole for each one added.
                 SELECT 1 FROM contact_point WHERE +person_id = ?1 AND kind = ?2
                 AND value = ?3 COLLATE NOCASE)
             OR EXISTS (
                 SELECT 1 FROM contact_point WHERE +person_id = ?1 AND ?4 <> '' AND norm = ?4)",
        )?
        .query_row(params![id, cp.kind.as_str(), cp.value, norm], |r| r.get(0))?;
    if have {
        return Ok(false);
    }
    insert_point(c, id, cp, &norm)?;
    Ok(true)
}

/// Adds the points of a person added in this step, each once by the rule of
/// [`add_point_if_missing`] (same kind and value ignoring ASCII case, as
/// NOCASE compares, or the same key), compared here rather than looked up
/// one by one: the person has no others. In sets, as a card may hold
/// thousands.
pub fn add_points_of_new_person(c: &Connection, id: i64, points: &[ContactPoint]) -> Result<()> {
    let mut values: HashSet<(ContactKind, String)> = HashSet::new();
    let mut keys: HashSet<String> = HashSet::new();
    for cp in points {
        let norm = point_key(cp.kind, &cp.value);
        let value = (cp.kind, cp.value.to_ascii_lowercase());
        if values.contains(&value) || (!norm.is_empty() && keys.contains(&norm)) {
            continue;
        }
        insert_point(c, id, cp, &norm)?;
        values.insert(value);
        keys.insert(norm);
    }
    Ok(())
}

/// Adds a contact point the person is known to lack; `norm` is its
/// [`point_key`].
fn insert_point(c: &Connection, id: i64, cp: &ContactPoint, norm: &str) -> Result<()> {
    // A plain insert: an INSERT … SELECT that reads its own table makes
    // SQLite copy the row through a temporary table first, which cost more
    // than the rest of adding the point.
    c.prepare_cached(
        "INSERT INTO contact_point (person_id, kind, label, value, norm) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, cp.kind.as_str(), cp.label, cp.value, norm])?;
    Ok(())
}

pub fn event_id(c: &Connection, uid: &str) -> Result<Option<i64>> {
    Ok(c.prepare_cached("SELECT id FROM event WHERE uid = ?1")?
        .query_row([uid], |r| r.get(0))
        .optional()?)
}

/// Adds an event unless one with its uid exists; an existing one is brought
/// up to date. Returns whether anything changed.
pub fn upsert_event(c: &Connection, e: &EventData, now: DateTime<Utc>) -> Result<bool> {
    let created = e.created_at.clone().unwrap_or_else(|| to_db(now));
    let n = c
        .prepare_cached(
            "INSERT INTO event (uid, name, starts_on, ends_on, place, description, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (uid) DO UPDATE SET name = excluded.name, starts_on = excluded.starts_on,
                 ends_on = excluded.ends_on, place = excluded.place, description = excluded.description
             WHERE name IS NOT excluded.name OR starts_on IS NOT excluded.starts_on
                OR ends_on IS NOT excluded.ends_on OR place IS NOT excluded.place
                OR description IS NOT excluded.description",
        )?
        .execute(params![
            e.uid,
            e.name,
            e.starts_on,
            e.ends_on,
            e.place,
            e.description,
            created
        ])?;
    Ok(n > 0)
}

fn event_for(c: &Connection, uid: &Option<String>) -> Result<Option<i64>> {
    match uid {
        Some(u) => event_id(c, u),
        None => Ok(None),
    }
}

/// Adds a note unless the person has the same one (kind, body and, when
/// known, the time). Returns the note's id and whether it was added.
pub fn add_note_if_missing(
    c: &Connection,
    id: i64,
    n: &NoteData,
    now: DateTime<Utc>,
) -> Result<(i64, bool)> {
    let existing: Option<i64> = match &n.happened_at {
        Some(at) => c
            .prepare_cached(
                "SELECT id FROM note WHERE person_id = ?1 AND kind = ?2 AND happened_at = ?3
                 AND body = ?4 LIMIT 1",
            )?
            .query_row(params![id, n.kind.as_str(), at, n.body], |r| r.get(0))
            .optional()?,
        None => c
            .prepare_cached(
                "SELECT id FROM note WHERE person_id = ?1 AND kind = ?2 AND body = ?3 LIMIT 1",
            )?
            .query_row(params![id, n.kind.as_str(), n.body], |r| r.get(0))
            .optional()?,
    };
    if let Some(existing) = existing {
        return Ok((existing, false));
    }
    let event_id = event_for(c, &n.event)?;
    let now = to_db(now);
    c.prepare_cached(
        "INSERT INTO note (person_id, event_id, kind, body, happened_at, created_at, mark, need_met_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        event_id,
        n.kind.as_str(),
        n.body,
        n.happened_at.as_deref().unwrap_or(&now),
        n.created_at.as_deref().unwrap_or(&now),
        n.mark.map(crate::needs::Mark::as_str),
        n.need_met_on.map(|d| d.to_string())
    ])?;
    Ok((c.last_insert_rowid(), true))
}

/// Adds a meeting unless the person has one on the same day with the same context.
pub fn add_meeting_if_missing(
    c: &Connection,
    id: i64,
    m: &MeetingData,
    now: DateTime<Utc>,
) -> Result<bool> {
    let exists: bool = c
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM meeting WHERE person_id = ?1 AND met_on = ?2
             AND context IS ?3 AND place IS ?4)",
        )?
        .query_row(params![id, m.met_on, m.context, m.place], |r| r.get(0))?;
    if exists {
        return Ok(false);
    }
    let event_id = event_for(c, &m.event)?;
    c.prepare_cached(
        "INSERT INTO meeting (person_id, event_id, met_on, place, context, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        event_id,
        m.met_on,
        m.place,
        m.context,
        m.created_at.clone().unwrap_or_else(|| to_db(now))
    ])?;
    Ok(true)
}

/// Adds a reminder unless the person has one with the same text and due date.
pub fn add_reminder_if_missing(
    c: &Connection,
    person_id: Option<i64>,
    note_id: Option<i64>,
    r: &ReminderData,
    now: DateTime<Utc>,
) -> Result<bool> {
    let exists: bool = c
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM reminder WHERE person_id IS ?1 AND body = ?2 AND due_on = ?3)",
        )?
        .query_row(params![person_id, r.body, r.due_on], |row| row.get(0))?;
    if exists {
        return Ok(false);
    }
    c.prepare_cached(
        "INSERT INTO reminder (person_id, note_id, body, due_on, repeat_days, snoozed_until, done_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        person_id,
        note_id,
        r.body,
        r.due_on,
        r.repeat_days,
        r.snoozed_until,
        r.done_at,
        r.created_at.clone().unwrap_or_else(|| to_db(now))
    ])?;
    Ok(true)
}

// ---- export -------------------------------------------------------------

pub fn events(c: &Connection) -> Result<Vec<EventData>> {
    let mut st = c.prepare_cached(
        "SELECT uid, name, starts_on, ends_on, place, description, created_at FROM event ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
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
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many people are read per query when walking the whole store.
const PAGE: i64 = 500;

/// Calls `f` with every person, in the order they were added, a page at a
/// time: memory does not grow with the store.
pub fn for_each_person(c: &Connection, mut f: impl FnMut(PersonData) -> Result<()>) -> Result<()> {
    let mut after = 0i64;
    loop {
        let mut st = c.prepare_cached(
            "SELECT id, uid, name, company, title, birthday, cadence_days,
                    archived_at, bumped_at, prompt_snoozed_until, created_at, updated_at
             FROM person WHERE id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let page: Vec<(i64, String, Fields, Meta)> = st
            .query_map(params![after, PAGE], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    Fields {
                        name: r.get(2)?,
                        company: r.get(3)?,
                        title: r.get(4)?,
                        birthday: r.get(5)?,
                        cadence_days: r.get(6)?,
                    },
                    Meta {
                        archived_at: r.get(7)?,
                        bumped_at: r.get(8)?,
                        prompt_snoozed_until: r.get(9)?,
                        created_at: r.get(10)?,
                        updated_at: r.get(11)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop(st);
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = last.0;
        for (id, uid, fields, meta) in page {
            f(person_data(c, id, uid, fields, meta)?)?;
        }
    }
}

fn person_data(
    c: &Connection,
    id: i64,
    uid: String,
    fields: Fields,
    meta: Meta,
) -> Result<PersonData> {
    let contact_points = super::people::contact_points(c, id)?;
    let tags = super::people::tags(c, id)?;
    let meetings = {
        let mut st = c.prepare_cached(
            "SELECT m.met_on, m.place, m.context, e.uid, m.created_at
             FROM meeting m LEFT JOIN event e ON e.id = m.event_id
             WHERE m.person_id = ?1 ORDER BY +m.id",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(MeetingData {
                met_on: r.get(0)?,
                place: r.get(1)?,
                context: r.get(2)?,
                event: r.get(3)?,
                created_at: r.get(4)?,
            })
        })?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut note_ids = Vec::new();
    let notes = {
        let mut st = c.prepare_cached(
            "SELECT n.id, n.kind, n.body, n.happened_at, n.created_at, e.uid, n.mark, n.need_met_on
             FROM note n LEFT JOIN event e ON e.id = n.event_id
             WHERE n.person_id = ?1 ORDER BY +n.id",
        )?;
        let rows = st.query_map([id], |r| {
            let kind: String = r.get(1)?;
            Ok((
                r.get::<_, i64>(0)?,
                NoteData {
                    kind: NoteKind::parse(&kind).unwrap_or(NoteKind::Note),
                    body: r.get(2)?,
                    happened_at: r.get(3)?,
                    created_at: r.get(4)?,
                    event: r.get(5)?,
                    mark: r
                        .get::<_, Option<String>>(6)?
                        .as_deref()
                        .and_then(crate::needs::Mark::parse),
                    need_met_on: r.get::<_, Option<String>>(7)?.and_then(|d| d.parse().ok()),
                },
            ))
        })?;
        let mut notes = Vec::new();
        for row in rows {
            let (nid, n) = row?;
            note_ids.push(nid);
            notes.push(n);
        }
        notes
    };
    let reminders = reminders_where(c, Some(id), &note_ids)?;
    Ok(PersonData {
        uid,
        fields,
        meta,
        contact_points,
        tags,
        meetings,
        notes,
        reminders,
    })
}

fn reminders_where(
    c: &Connection,
    person_id: Option<i64>,
    note_ids: &[i64],
) -> Result<Vec<ReminderData>> {
    let mut st = c.prepare_cached(
        "SELECT body, due_on, repeat_days, snoozed_until, done_at, created_at, note_id
         FROM reminder WHERE person_id IS ?1 ORDER BY +id",
    )?;
    let rows = st.query_map([person_id], |r| {
        let note_id: Option<i64> = r.get(6)?;
        Ok(ReminderData {
            body: r.get(0)?,
            due_on: r.get(1)?,
            repeat_days: r.get(2)?,
            snoozed_until: r.get(3)?,
            done_at: r.get(4)?,
            created_at: r.get(5)?,
            note: note_id.and_then(|n| note_ids.iter().position(|x| *x == n)),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Follow-ups that belong to nobody.
pub fn loose_reminders(c: &Connection) -> Result<Vec<ReminderData>> {
    reminders_where(c, None, &[])
}

/// Every open follow-up, soonest first.
pub fn open_reminders(c: &Connection) -> Result<Vec<OpenReminder>> {
    let mut st = c.prepare_cached(
        "SELECT r.id, p.uid, p.name, r.body, r.due_on, r.snoozed_until, r.repeat_days, r.uid
         FROM reminder r LEFT JOIN person p ON p.id = r.person_id
         WHERE r.done_at IS NULL ORDER BY r.due_on, r.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(OpenReminder {
            id: r.get(0)?,
            person_uid: r.get(1)?,
            person: r.get(2)?,
            body: r.get(3)?,
            due_on: r.get(4)?,
            snoozed_until: r.get(5)?,
            repeat_days: r.get(6)?,
            uid: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Runs `f` inside a savepoint of the current transaction: if it fails, what
/// it wrote is undone and the transaction goes on. (A savepoint makes the
/// full-text index flush, so it is not cheap: use it per batch, or per record
/// only to find the one that fails.)
pub fn in_savepoint<T>(c: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    c.prepare_cached("SAVEPOINT kith_record")?.execute([])?;
    match f() {
        Ok(v) => {
            c.prepare_cached("RELEASE kith_record")?.execute([])?;
            Ok(v)
        }
        Err(e) => {
            c.prepare_cached("ROLLBACK TO kith_record")?.execute([])?;
            c.prepare_cached("RELEASE kith_record")?.execute([])?;
            Err(e)
        }
    }
}

/// How many of `values` (any kind, ignoring ASCII case) a person has.
pub fn shared_points(c: &Connection, id: i64, values: &[&str]) -> Result<usize> {
    let mut st = c.prepare_cached(
        "SELECT count(*) FROM contact_point WHERE person_id = ?1 AND value = ?2 COLLATE NOCASE",
    )?;
    let mut n = 0;
    for v in values {
        let k: i64 = st.query_row(params![id, v], |r| r.get(0))?;
        if k > 0 {
            n += 1;
        }
    }
    Ok(n)
}
