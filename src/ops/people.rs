//! Changes to a person's own fields: rhythm, reconnect clock, the edit form.

use crate::error::{Error, Result};
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
    store.write(|tx| people::set_cadence(tx, person_id, days, clock.now))
}

/// Resets the reconnect clock without recording a touch.
pub fn bump(store: &mut Store, person_id: i64, clock: &Clock) -> Result<()> {
    store.write(|tx| people::bump(tx, person_id, clock.now))
}

/// Saves the edited fields of a person and replaces their tags.
pub fn edit(store: &mut Store, person_id: i64, edit: &PersonEdit, clock: &Clock) -> Result<()> {
    if edit.name.trim().is_empty() {
        return Err(Error::Invalid("a person needs a name".into()));
    }
    store.write(|tx| people::update_person(tx, person_id, edit, clock.now))
}
