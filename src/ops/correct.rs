//! Correcting the record: editing and deleting notes, follow-ups, meetings,
//! events and contact points; archiving, restoring and deleting a person.
//! An edit names only what changes (`None` keeps a value; for a field that may
//! be empty, an empty text clears it). Each is one transaction and one undo step.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::store::edits::{self, Footprint};
use crate::store::{events, notes, people, reminders, Store};
use crate::when::{at_noon, Clock};

use super::name_of;

/// A text that may be cleared: empty means none.
fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn required(s: &str, what: &str) -> Result<String> {
    optional(s).ok_or_else(|| Error::Invalid(format!("{what} cannot be empty")))
}

#[derive(Debug, Clone, Default)]
pub struct NoteEdit {
    pub body: Option<String>,
    pub kind: Option<NoteKind>,
    /// The day it happened.
    pub on: Option<NaiveDate>,
}

pub fn edit_note(store: &mut Store, id: i64, e: &NoteEdit, clock: &Clock) -> Result<()> {
    let n = notes::get_note(store.conn(), id)?;
    let body = match &e.body {
        Some(b) => required(b, "a note")?,
        None => n.body,
    };
    let kind = e.kind.unwrap_or(n.kind);
    let happened_at = match e.on {
        Some(d) if d == clock.today => clock.now,
        Some(d) => at_noon(d),
        None => n.happened_at,
    };
    let label = format!("Edited a note about {}", name_of(store, n.person_id));
    store.change(&label, |tx| {
        edits::update_note(tx, id, kind, &body, happened_at)
    })
}

pub fn delete_note(store: &mut Store, id: i64) -> Result<String> {
    let n = notes::get_note(store.conn(), id)?;
    let label = format!(
        "Deleted a {} note about {}",
        n.kind.as_str(),
        name_of(store, n.person_id)
    );
    store.change(&label, |tx| edits::delete_note(tx, id))?;
    Ok(label)
}

#[derive(Debug, Clone, Default)]
pub struct ReminderEdit {
    pub body: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// `Some(None)` stops it repeating.
    pub every: Option<Option<i64>>,
}

pub fn edit_reminder(store: &mut Store, id: i64, e: &ReminderEdit) -> Result<()> {
    let r = reminders::get(store.conn(), id)?;
    let body = match &e.body {
        Some(b) => required(b, "a follow-up")?,
        None => r.body.clone(),
    };
    let every = e.every.unwrap_or(r.repeat_days);
    if every.is_some_and(|d| d <= 0) {
        return Err(Error::Invalid(
            "a follow-up repeats after one day or more".into(),
        ));
    }
    let label = format!("Edited the follow-up \"{}\"", r.body);
    store.change(&label, |tx| {
        edits::update_reminder(tx, id, &body, e.due_on.unwrap_or(r.due_on), every)
    })
}

pub fn delete_reminder(store: &mut Store, id: i64) -> Result<String> {
    let r = reminders::get(store.conn(), id)?;
    let label = format!("Deleted the follow-up \"{}\"", r.body);
    store.change(&label, |tx| edits::delete_reminder(tx, id))?;
    Ok(label)
}

#[derive(Debug, Clone, Default)]
pub struct MeetingEdit {
    pub on: Option<NaiveDate>,
    pub place: Option<String>,
    pub context: Option<String>,
}

pub fn edit_meeting(store: &mut Store, id: i64, e: &MeetingEdit) -> Result<()> {
    let mut m = edits::get_meeting(store.conn(), id)?;
    if let Some(d) = e.on {
        m.met_on = d;
    }
    if let Some(p) = &e.place {
        m.place = optional(p);
    }
    if let Some(c) = &e.context {
        m.context = optional(c);
    }
    let label = format!("Edited a meeting with {}", name_of(store, m.person_id));
    store.change(&label, |tx| edits::update_meeting(tx, &m))
}

pub fn delete_meeting(store: &mut Store, id: i64) -> Result<String> {
    let m = edits::get_meeting(store.conn(), id)?;
    let label = format!(
        "Deleted the meeting with {} on {}",
        name_of(store, m.person_id),
        m.met_on
    );
    store.change(&label, |tx| edits::delete_meeting(tx, id))?;
    Ok(label)
}

#[derive(Debug, Clone, Default)]
pub struct EventEdit {
    pub name: Option<String>,
    pub starts_on: Option<NaiveDate>,
    /// `Some(None)` makes it a one-day event.
    pub ends_on: Option<Option<NaiveDate>>,
    pub place: Option<String>,
    pub description: Option<String>,
}

pub fn edit_event(store: &mut Store, id: i64, e: &EventEdit) -> Result<()> {
    let ev = events::get_event(store.conn(), id)?;
    let name = match &e.name {
        Some(n) => required(n, "an event's name")?,
        None => ev.name.clone(),
    };
    let starts_on = e.starts_on.unwrap_or(ev.starts_on);
    let ends_on = e.ends_on.unwrap_or(ev.ends_on);
    if ends_on.is_some_and(|end| end < starts_on) {
        return Err(Error::Invalid(
            "an event cannot end before it starts".into(),
        ));
    }
    let place = e.place.as_deref().map_or(ev.place.clone(), optional);
    let description = e
        .description
        .as_deref()
        .map_or(ev.description.clone(), optional);
    let label = format!("Edited the event {}", ev.name);
    store.change(&label, |tx| {
        edits::update_event(
            tx,
            id,
            &name,
            starts_on,
            ends_on,
            place.as_deref(),
            description.as_deref(),
        )
    })
}

/// What deleting an event did: the meetings and notes that no longer name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDeleted {
    pub label: String,
    pub meetings: i64,
    pub notes: i64,
}

/// Deletes an event; the meetings and notes of it stay, without the event.
pub fn delete_event(store: &mut Store, id: i64) -> Result<EventDeleted> {
    let ev = events::get_event(store.conn(), id)?;
    let (meetings, notes) = edits::event_uses(store.conn(), id)?;
    let label = format!("Deleted the event {}", ev.name);
    store.change(&label, |tx| edits::delete_event(tx, id))?;
    Ok(EventDeleted {
        label,
        meetings,
        notes,
    })
}

pub(super) fn check_point(p: &ContactPoint) -> Result<()> {
    if p.value.trim().is_empty() {
        return Err(Error::Invalid("a contact point needs a value".into()));
    }
    if p.kind == ContactKind::Email && (!p.value.contains('@') || p.value.trim().contains(' ')) {
        return Err(Error::Invalid(format!(
            "\"{}\" is not an email address",
            p.value.trim()
        )));
    }
    Ok(())
}

pub fn add_contact(store: &mut Store, person_id: i64, p: &ContactPoint) -> Result<()> {
    check_point(p)?;
    let label = format!(
        "Added {} {} to {}",
        p.kind.as_str(),
        p.value.trim(),
        name_of(store, person_id)
    );
    store.change(&label, |tx| {
        people::get_person(tx, person_id)?;
        people::add_contact_point(tx, person_id, p)
    })
}

#[derive(Debug, Clone, Default)]
pub struct ContactEdit {
    pub kind: Option<ContactKind>,
    pub label: Option<String>,
    pub value: Option<String>,
}

pub fn edit_contact(store: &mut Store, id: i64, e: &ContactEdit) -> Result<()> {
    let row = edits::get_contact(store.conn(), id)?;
    let p = ContactPoint {
        kind: e.kind.unwrap_or(row.point.kind),
        label: e.label.as_deref().map_or(row.point.label.clone(), optional),
        value: e.value.clone().unwrap_or(row.point.value.clone()),
    };
    check_point(&p)?;
    let label = format!(
        "Edited {} {} of {}",
        row.point.kind.as_str(),
        row.point.value,
        name_of(store, row.person_id)
    );
    store.change(&label, |tx| edits::update_contact(tx, id, &p))
}

pub fn delete_contact(store: &mut Store, id: i64) -> Result<String> {
    let row = edits::get_contact(store.conn(), id)?;
    let label = format!(
        "Removed {} {} from {}",
        row.point.kind.as_str(),
        row.point.value,
        name_of(store, row.person_id)
    );
    store.change(&label, |tx| edits::delete_contact(tx, id))?;
    Ok(label)
}

/// Hides a person from Today, search and lists until restored.
pub fn archive(store: &mut Store, person_id: i64, clock: &Clock) -> Result<String> {
    let p = people::get_person(store.conn(), person_id)?;
    if p.archived_at.is_some() {
        return Err(Error::Invalid(format!("{} is already archived", p.name)));
    }
    let label = format!("Archived {}", p.name);
    store.change(&label, |tx| {
        edits::set_archived(tx, person_id, Some(clock.now))
    })?;
    Ok(label)
}

pub fn unarchive(store: &mut Store, person_id: i64) -> Result<String> {
    let p = people::get_person(store.conn(), person_id)?;
    if p.archived_at.is_none() {
        return Err(Error::Invalid(format!("{} is not archived", p.name)));
    }
    let label = format!("Restored {} from the archive", p.name);
    store.change(&label, |tx| edits::set_archived(tx, person_id, None))?;
    Ok(label)
}

/// What deleting a person takes with them, to confirm before.
pub fn footprint(store: &Store, person_id: i64) -> Result<Footprint> {
    edits::footprint(store.conn(), person_id)
}

/// "3 notes, 1 meeting, 2 follow-ups, 2 contact points and 1 tag".
pub fn describe(f: &Footprint) -> String {
    let part = |n: i64, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let parts: Vec<String> = [
        part(f.notes, "note", "notes"),
        part(f.meetings, "meeting", "meetings"),
        part(f.follow_ups, "follow-up", "follow-ups"),
        part(f.contact_points, "contact point", "contact points"),
        part(f.tags, "tag", "tags"),
        part(f.links, "link", "links"),
        part(f.intros, "introduction", "introductions"),
    ]
    .into_iter()
    .flatten()
    .collect();
    match parts.len() {
        0 => "nothing else".to_string(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// Deletes a person for good, with everything of theirs.
pub fn delete_person(store: &mut Store, person_id: i64) -> Result<String> {
    let p = people::get_person(store.conn(), person_id)?;
    let label = format!("Deleted {}", p.name);
    store.change(&label, |tx| edits::delete_person(tx, person_id))?;
    Ok(label)
}
