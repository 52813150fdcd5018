//! Changes to a person's own fields: rhythm, reconnect clock, the edit form.

use crate::error::{Error, Result};
use crate::model::ContactPoint;
use crate::store::edits;
use crate::store::people::{self, PersonEdit};
use crate::store::Store;
use crate::when::Clock;

/// Sets (or, with `None`, removes) how often to keep in touch.
pub fn set_cadence(
    store: &mut Store,
    person_id: i64,
    days: Option<i64>,
    clock: &Clock,
) -> Result<()> {
    if days.is_some_and(|d| d <= 0) {
        return Err(Error::Invalid("a rhythm is at least one day".into()));
    }
    let name = super::name_of(store, person_id);
    let label = match days {
        Some(d) => format!("Set the rhythm of {name} to every {d} days"),
        None => format!("Removed the rhythm of {name}"),
    };
    store.change(&label, |tx| {
        people::set_cadence(tx, person_id, days, clock.now)
    })
}

/// Resets the reconnect clock without recording a touch.
pub fn bump(store: &mut Store, person_id: i64, clock: &Clock) -> Result<()> {
    let label = format!(
        "Reset the reconnect clock of {}",
        super::name_of(store, person_id)
    );
    store.change(&label, |tx| people::bump(tx, person_id, clock.now))
}

/// Changes to a person's contact points made with an edit of the person.
#[derive(Debug, Clone, Default)]
pub struct ContactChanges {
    pub add: Vec<ContactPoint>,
    /// By contact point id.
    pub change: Vec<(i64, ContactPoint)>,
    pub remove: Vec<i64>,
}

/// Saves the edited fields of a person, replacing their tags, with changes to
/// their contact points: all in one transaction, one undo step.
pub fn edit(
    store: &mut Store,
    person_id: i64,
    edit: &PersonEdit,
    contacts: &ContactChanges,
    clock: &Clock,
) -> Result<()> {
    if edit.name.trim().is_empty() {
        return Err(Error::Invalid("a person needs a name".into()));
    }
    for p in contacts
        .add
        .iter()
        .chain(contacts.change.iter().map(|(_, p)| p))
    {
        super::correct::check_point(p)?;
    }
    let label = format!("Edited {}", super::name_of(store, person_id));
    store.change(&label, |tx| {
        people::update_person(tx, person_id, edit, clock.now)?;
        for p in &contacts.add {
            people::add_contact_point(tx, person_id, p)?;
        }
        for (id, p) in &contacts.change {
            mine(tx, *id, person_id)?;
            edits::update_contact(tx, *id, p)?;
        }
        for id in &contacts.remove {
            mine(tx, *id, person_id)?;
            edits::delete_contact(tx, *id)?;
        }
        Ok(())
    })
}

/// Fails unless contact point `id` belongs to the person.
fn mine(c: &rusqlite::Connection, id: i64, person_id: i64) -> Result<()> {
    if edits::get_contact(c, id)?.person_id != person_id {
        return Err(Error::Invalid(format!(
            "contact point {id} belongs to someone else"
        )));
    }
    Ok(())
}
