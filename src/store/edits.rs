//! Corrections: changing and removing what was recorded — notes, follow-ups,
//! meetings, events, contact points — and archiving or deleting a person.
//! Each function takes whole new values; `ops::correct` merges an edit into
//! what is stored first.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{ContactKind, ContactPoint, NoteKind, StoredContact};
use crate::when::to_db;

/// Fails with "no WHAT with id ID" when a write touched no row.
fn one(n: usize, what: &'static str, id: i64) -> Result<()> {
    if n == 0 {
        Err(Error::NotFound { what, id })
    } else {
        Ok(())
    }
}

pub fn update_note(
    c: &Connection,
    id: i64,
    kind: NoteKind,
    body: &str,
    happened_at: DateTime<Utc>,
) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE note SET kind = ?2, body = ?3, happened_at = ?4 WHERE id = ?1")?
        .execute(params![id, kind.as_str(), body.trim(), to_db(happened_at)])?;
    one(n, "note", id)
}

/// Deletes a note; a follow-up tracking it stays, no longer tied to it.
pub fn delete_note(c: &Connection, id: i64) -> Result<()> {
    let n = c
        .prepare_cached("DELETE FROM note WHERE id = ?1")?
        .execute([id])?;
    one(n, "note", id)
}

pub fn update_reminder(
    c: &Connection,
    id: i64,
    body: &str,
    due_on: NaiveDate,
    repeat_days: Option<i64>,
) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE reminder SET body = ?2, due_on = ?3, repeat_days = ?4,
             snoozed_until = CASE WHEN snoozed_until > ?3 THEN snoozed_until END WHERE id = ?1",
        )?
        .execute(params![id, body.trim(), due_on, repeat_days])?;
    one(n, "follow-up", id)
}

pub fn delete_reminder(c: &Connection, id: i64) -> Result<()> {
    let n = c
        .prepare_cached("DELETE FROM reminder WHERE id = ?1")?
        .execute([id])?;
    one(n, "follow-up", id)
}

/// A meeting as stored (its own place, not the event's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: i64,
    pub person_id: i64,
    pub event_id: Option<i64>,
    pub met_on: NaiveDate,
    pub place: Option<String>,
    pub context: Option<String>,
}

pub fn get_meeting(c: &Connection, id: i64) -> Result<MeetingRow> {
    c.prepare_cached(
        "SELECT id, person_id, event_id, met_on, place, context FROM meeting WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok(MeetingRow {
            id: r.get(0)?,
            person_id: r.get(1)?,
            event_id: r.get(2)?,
            met_on: r.get(3)?,
            place: r.get(4)?,
            context: r.get(5)?,
        })
    })
    .optional()?
    .ok_or(Error::NotFound {
        what: "meeting",
        id,
    })
}

pub fn update_meeting(c: &Connection, m: &MeetingRow) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE meeting SET event_id = ?2, met_on = ?3, place = ?4, context = ?5 WHERE id = ?1",
        )?
        .execute(params![m.id, m.event_id, m.met_on, m.place, m.context])?;
    one(n, "meeting", m.id)
}

pub fn delete_meeting(c: &Connection, id: i64) -> Result<()> {
    let n = c
        .prepare_cached("DELETE FROM meeting WHERE id = ?1")?
        .execute([id])?;
    one(n, "meeting", id)
}

pub fn update_event(
    c: &Connection,
    id: i64,
    name: &str,
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    place: Option<&str>,
    description: Option<&str>,
) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE event SET name = ?2, starts_on = ?3, ends_on = ?4, place = ?5, description = ?6
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            name.trim(),
            starts_on,
            ends_on,
            place,
            description
        ])?;
    one(n, "event", id)
}

/// What still names an event: meetings and notes (they stay, without it).
pub fn event_uses(c: &Connection, id: i64) -> Result<(i64, i64)> {
    Ok(c.prepare_cached(
        "SELECT (SELECT count(*) FROM meeting WHERE event_id = ?1),
                (SELECT count(*) FROM note WHERE event_id = ?1)",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Deletes an event; its meetings and notes stay, no longer tied to it.
pub fn delete_event(c: &Connection, id: i64) -> Result<()> {
    let n = c
        .prepare_cached("DELETE FROM event WHERE id = ?1")?
        .execute([id])?;
    one(n, "event", id)
}

/// A contact point with the id that names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactRow {
    pub id: i64,
    pub person_id: i64,
    #[serde(flatten)]
    pub point: ContactPoint,
}

pub fn get_contact(c: &Connection, id: i64) -> Result<ContactRow> {
    c.prepare_cached("SELECT id, person_id, kind, label, value FROM contact_point WHERE id = ?1")?
        .query_row([id], |r| {
            let kind: String = r.get(2)?;
            Ok(ContactRow {
                id: r.get(0)?,
                person_id: r.get(1)?,
                point: ContactPoint {
                    kind: ContactKind::parse(&kind).unwrap_or(ContactKind::Url),
                    label: r.get(3)?,
                    value: r.get(4)?,
                },
            })
        })
        .optional()?
        .ok_or(Error::NotFound {
            what: "contact point",
            id,
        })
}

/// A person's contact points with their ids, in the order they were added.
pub fn contact_entries(c: &Connection, person_id: i64) -> Result<Vec<StoredContact>> {
    let mut st = c.prepare_cached(
        "SELECT id, kind, label, value FROM contact_point WHERE person_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([person_id], |r| {
        let kind: String = r.get(1)?;
        Ok(StoredContact {
            id: r.get(0)?,
            point: ContactPoint {
                kind: ContactKind::parse(&kind).unwrap_or(ContactKind::Url),
                label: r.get(2)?,
                value: r.get(3)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn update_contact(c: &Connection, id: i64, p: &ContactPoint) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE contact_point SET kind = ?2, label = ?3, value = ?4 WHERE id = ?1")?
        .execute(params![id, p.kind.as_str(), p.label, p.value.trim()])?;
    one(n, "contact point", id)
}

pub fn delete_contact(c: &Connection, id: i64) -> Result<()> {
    let n = c
        .prepare_cached("DELETE FROM contact_point WHERE id = ?1")?
        .execute([id])?;
    one(n, "contact point", id)
}

/// Archives a person (`Some(now)`) or restores them (`None`).
pub fn set_archived(c: &Connection, id: i64, at: Option<DateTime<Utc>>) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE person SET archived_at = ?2 WHERE id = ?1")?
        .execute(params![id, at.map(to_db)])?;
    one(n, "person", id)
}

/// Everything that goes with a person deleted for good.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Footprint {
    pub notes: i64,
    pub meetings: i64,
    pub follow_ups: i64,
    pub contact_points: i64,
    pub tags: i64,
    /// Links to other people, and introductions they are part of.
    pub links: i64,
    pub intros: i64,
}

pub fn footprint(c: &Connection, id: i64) -> Result<Footprint> {
    Ok(c.prepare_cached(
        "SELECT (SELECT count(*) FROM note WHERE person_id = ?1),
                (SELECT count(*) FROM meeting WHERE person_id = ?1),
                (SELECT count(*) FROM reminder WHERE person_id = ?1),
                (SELECT count(*) FROM contact_point WHERE person_id = ?1),
                (SELECT count(*) FROM person_tag WHERE person_id = ?1),
                (SELECT count(*) FROM person_link WHERE a = ?1)
                  + (SELECT count(*) FROM person_link WHERE b = ?1),
                (SELECT count(*) FROM intro WHERE a = ?1)
                  + (SELECT count(*) FROM intro WHERE b = ?1)",
    )?
    .query_row([id], |r| {
        Ok(Footprint {
            notes: r.get(0)?,
            meetings: r.get(1)?,
            follow_ups: r.get(2)?,
            contact_points: r.get(3)?,
            tags: r.get(4)?,
            links: r.get(5)?,
            intros: r.get(6)?,
        })
    })?)
}

/// Deletes a person with everything of theirs (the schema cascades).
pub fn delete_person(c: &Connection, id: i64) -> Result<()> {
    let n = c
        .prepare_cached("DELETE FROM person WHERE id = ?1")?
        .execute([id])?;
    one(n, "person", id)
}
