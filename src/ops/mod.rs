//! Every write use case of Kith, shared by the command line and the TUI:
//! input is checked here, then written in one transaction through `store`.
//! Neither a screen nor a command writes to the store any other way, and the
//! errors here speak of the change, not of the flags or keys that asked for it.

pub mod capture;
pub mod correct;
pub mod duplicates;
pub mod followup;
pub mod import;
pub mod intro;
pub mod links;
pub mod mail;
pub mod needs;
pub mod people;
pub mod undo;

use crate::store::{reminders, Store};

/// A person's name for an undo label ("#id" if they cannot be read).
fn name_of(store: &Store, person_id: i64) -> String {
    crate::store::people::get_person(store.conn(), person_id)
        .map_or_else(|_| format!("#{person_id}"), |p| p.name)
}

/// A follow-up's text for an undo label.
fn reminder_body(store: &Store, id: i64) -> String {
    reminders::get(store.conn(), id).map_or_else(|_| format!("follow-up {id}"), |r| r.body)
}
