//! Everything about one person, loaded for `show`, the brief and the Person screen.

use rusqlite::Connection;

use crate::error::Result;
use crate::model::PersonDetail;
use crate::store::{edits, events, needs, notes, people, reminders};

/// How many matches of a person's needs and offers are loaded.
pub const MATCHES: usize = 10;

/// Loads a person with their newest `note_limit` notes.
pub fn load(c: &Connection, person_id: i64, note_limit: usize) -> Result<PersonDetail> {
    Ok(PersonDetail {
        person: people::get_person(c, person_id)?,
        contact_points: edits::contact_entries(c, person_id)?,
        tags: people::tags(c, person_id)?,
        meetings: events::meetings_for_person(c, person_id)?,
        notes: notes::for_person(c, person_id, note_limit)?,
        reminders: reminders::open_for_person(c, person_id)?,
        last_touch: people::last_touch(c, person_id)?,
        balance: people::balance(c, person_id)?,
        needs: needs::for_person(c, person_id)?,
        matches: crate::matches::for_person(c, person_id, MATCHES)?,
    })
}
