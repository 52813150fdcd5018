//! Everything about one person, loaded for `show`, the brief and the Person screen.

use rusqlite::Connection;

use crate::error::Result;
use crate::model::PersonDetail;
use crate::store::{edits, events, intros, links, needs, notes, people, reminders};

/// How many matches of a person's needs and offers are loaded.
pub const MATCHES: usize = 10;

/// How many events "also met at" names, and how many people at each.
const ALSO_MET_EVENTS: usize = 3;
const ALSO_MET_NAMES: usize = 5;

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
        links: links::for_person(c, person_id)?,
        also_met: links::also_met(c, person_id, ALSO_MET_EVENTS, ALSO_MET_NAMES)?,
        intros: intros::for_person(c, person_id)?,
    })
}
