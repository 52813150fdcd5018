//! Folding a duplicate person into another.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::when::to_db;

/// What a merge moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub notes: usize,
    pub meetings: usize,
    pub reminders: usize,
    pub contact_points: usize,
    pub tags: usize,
    pub links: usize,
    pub intros: usize,
}

/// Folds `drop` into `keep`: every note, meeting, reminder, contact point and
/// tag moves over (contact points and tags `keep` already has are not
/// doubled), empty fields of `keep` are filled from `drop`, and `drop` is
/// deleted. Run it inside one transaction.
pub fn merge(c: &Connection, keep: i64, drop: i64, now: DateTime<Utc>) -> Result<Merged> {
    if keep == drop {
        return Err(Error::Invalid(
            "cannot merge a person into themselves".into(),
        ));
    }
    for id in [keep, drop] {
        let exists: bool = c.query_row(
            "SELECT EXISTS (SELECT 1 FROM person WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound { what: "person", id });
        }
    }
    let notes = c.execute(
        "UPDATE note SET person_id = ?1 WHERE person_id = ?2",
        params![keep, drop],
    )?;
    let meetings = c.execute(
        "UPDATE meeting SET person_id = ?1 WHERE person_id = ?2",
        params![keep, drop],
    )?;
    let reminders = c.execute(
        "UPDATE reminder SET person_id = ?1 WHERE person_id = ?2",
        params![keep, drop],
    )?;
    let contact_points = c.execute(
        "UPDATE contact_point SET person_id = ?1 WHERE person_id = ?2 AND NOT EXISTS (
             SELECT 1 FROM contact_point k WHERE k.person_id = ?1 AND k.kind = contact_point.kind
             AND k.value = contact_point.value COLLATE NOCASE)",
        params![keep, drop],
    )?;
    let tags = c.execute(
        "INSERT OR IGNORE INTO person_tag (person_id, tag_id)
         SELECT ?1, tag_id FROM person_tag WHERE person_id = ?2",
        params![keep, drop],
    )?;
    c.execute(
        "UPDATE person SET
             company = coalesce(nullif(company, ''), (SELECT company FROM person WHERE id = ?2)),
             title = coalesce(nullif(title, ''), (SELECT title FROM person WHERE id = ?2)),
             birthday = coalesce(birthday, (SELECT birthday FROM person WHERE id = ?2)),
             cadence_days = coalesce(cadence_days, (SELECT cadence_days FROM person WHERE id = ?2)),
             created_at = min(created_at, (SELECT created_at FROM person WHERE id = ?2)),
             updated_at = ?3
         WHERE id = ?1",
        params![keep, drop, to_db(now)],
    )?;
    // The duplicate's uid and aliases now name `keep`: re-importing its card lands there.
    c.execute(
        "UPDATE person_alias SET person_id = ?1 WHERE person_id = ?2",
        params![keep, drop],
    )?;
    c.execute(
        "INSERT OR IGNORE INTO person_alias (uid, person_id) SELECT uid, ?1 FROM person WHERE id = ?2",
        params![keep, drop],
    )?;
    // "Keep apart" decisions about the duplicate hold for the person kept.
    super::identity::move_pairs(c, keep, drop)?;
    // Who knows whom, and introductions, follow the person.
    let links = super::links::move_to(c, keep, drop)?;
    let intros = super::intros::move_to(c, keep, drop)?;
    // What was not moved (doubled contact points, tags) goes with the person.
    c.execute("DELETE FROM person WHERE id = ?1", [drop])?;
    Ok(Merged {
        notes,
        meetings,
        reminders,
        contact_points,
        tags,
        links,
        intros,
    })
}
