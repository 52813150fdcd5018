//! Events and meetings: where and when you met someone.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{Event, Meeting};
use crate::when::to_db;

#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub place: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub person_id: i64,
    pub event_id: Option<i64>,
    pub met_on: NaiveDate,
    pub place: Option<String>,
    pub context: Option<String>,
}

const EVENT_COLS: &str = "id, uid, name, starts_on, ends_on, place, description";

fn event_from_row(r: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        id: r.get(0)?,
        uid: r.get(1)?,
        name: r.get(2)?,
        starts_on: r.get(3)?,
        ends_on: r.get(4)?,
        place: r.get(5)?,
        description: r.get(6)?,
    })
}

pub fn insert_event(c: &Connection, e: &NewEvent, now: DateTime<Utc>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO event (uid, name, starts_on, ends_on, place, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        uuid::Uuid::new_v4().to_string(),
        e.name.trim(),
        e.starts_on,
        e.ends_on,
        e.place,
        e.description,
        to_db(now)
    ])?;
    Ok(c.last_insert_rowid())
}

pub fn get_event(c: &Connection, id: i64) -> Result<Event> {
    c.prepare_cached(&format!("SELECT {EVENT_COLS} FROM event WHERE id = ?1"))?
        .query_row([id], event_from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "event", id })
}

/// Events named exactly `name` (ignoring case), newest first; failing that,
/// events whose name starts with it.
pub fn find_by_name(c: &Connection, name: &str) -> Result<Vec<Event>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM event WHERE name = ?1 COLLATE NOCASE ORDER BY starts_on DESC LIMIT 20"
    ))?;
    let exact: Vec<Event> = st
        .query_map([name.trim()], event_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    if !exact.is_empty() {
        return Ok(exact);
    }
    let escaped = super::like_escape(name);
    let mut st = c.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM event WHERE name LIKE ?1 ESCAPE '\\' ORDER BY starts_on DESC LIMIT 20"
    ))?;
    let rows = st.query_map([format!("{escaped}%")], event_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Events, newest first, with how many people were met at each.
pub fn list(c: &Connection, limit: usize, offset: usize) -> Result<Vec<(Event, i64)>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {EVENT_COLS}, (SELECT count(DISTINCT m.person_id) FROM meeting m WHERE m.event_id = event.id)
         FROM event ORDER BY starts_on DESC, id DESC LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = st.query_map(params![limit as i64, offset as i64], |r| {
        Ok((event_from_row(r)?, r.get(7)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_meeting(c: &Connection, m: &NewMeeting, now: DateTime<Utc>) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO meeting (person_id, event_id, met_on, place, context, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        m.person_id,
        m.event_id,
        m.met_on,
        m.place,
        m.context,
        to_db(now)
    ])?;
    Ok(c.last_insert_rowid())
}

/// Where and when a person was met, newest first.
pub fn meetings_for_person(c: &Connection, person_id: i64) -> Result<Vec<Meeting>> {
    let mut st = c.prepare_cached(
        "SELECT m.id, m.person_id, m.event_id, e.name, m.met_on, coalesce(m.place, e.place), m.context
         FROM meeting m LEFT JOIN event e ON e.id = m.event_id
         WHERE m.person_id = ?1 ORDER BY m.met_on DESC, m.id DESC",
    )?;
    let rows = st.query_map([person_id], |r| {
        Ok(Meeting {
            id: r.get(0)?,
            person_id: r.get(1)?,
            event_id: r.get(2)?,
            event: r.get(3)?,
            met_on: r.get(4)?,
            place: r.get(5)?,
            context: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A person met at an event, and whether they were followed up.
#[derive(Debug, Clone, PartialEq)]
pub struct Attendee {
    pub person_id: i64,
    pub name: String,
    pub company: Option<String>,
    pub met_on: NaiveDate,
    /// A touch after the day you met.
    pub followed_up: bool,
    /// An open follow-up is set.
    pub follow_up_set: bool,
}

pub fn attendees(c: &Connection, event_id: i64) -> Result<Vec<Attendee>> {
    let mut st = c.prepare_cached(
        "WITH met AS (SELECT person_id, min(met_on) AS met_on FROM meeting WHERE event_id = ?1 GROUP BY person_id)
         SELECT p.id, p.name, p.company, met.met_on,
                EXISTS (SELECT 1 FROM note n WHERE n.person_id = p.id AND n.kind IN ('met', 'talk', 'gave')
                        AND n.happened_at >= date(met.met_on, '+1 day')),
                EXISTS (SELECT 1 FROM reminder r WHERE r.person_id = p.id AND r.done_at IS NULL)
         FROM met JOIN person p ON p.id = met.person_id
         WHERE p.archived_at IS NULL
         ORDER BY p.sort_key, p.id",
    )?;
    let rows = st.query_map([event_id], |r| {
        Ok(Attendee {
            person_id: r.get(0)?,
            name: r.get(1)?,
            company: r.get(2)?,
            met_on: r.get(3)?,
            followed_up: r.get(4)?,
            follow_up_set: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
