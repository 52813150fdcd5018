//! The keys that correct the record: undo, delete, archive, and deleting a
//! person for good after a question that names what goes.

use crate::ops::{self, correct};

use super::action::Deletion;
use super::app::{App, Confirm, Overlay};
use super::cmd::Cmd;

impl App {
    /// Undoes the last change (in this or another Kith) and says what it was.
    pub(super) fn undo(&mut self) {
        match ops::undo::undo(&mut self.store) {
            Ok(Some(label)) => self.info(format!("Undid: {label}.")),
            Ok(None) => self.info("Nothing to undo."),
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    fn said_undo(&self, done: &str) -> String {
        format!("{done}; {} undoes it.", self.keys.key_for(Cmd::Undo))
    }

    pub(super) fn delete(&mut self, what: Deletion) {
        let done = match what {
            Deletion::Meeting(id) => correct::delete_meeting(&mut self.store, id),
            Deletion::Reminder(id) => correct::delete_reminder(&mut self.store, id),
            Deletion::Note(id) => correct::delete_note(&mut self.store, id),
            Deletion::Event(id) => correct::delete_event(&mut self.store, id).map(|d| d.label),
            Deletion::Link(id) => crate::ops::links::remove(&mut self.store, id),
        };
        match done {
            Ok(label) => {
                let msg = self.said_undo(&label);
                self.info(msg);
                if matches!(what, Deletion::Event(_)) {
                    self.pop();
                }
            }
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    pub(super) fn mark_note(&mut self, note_id: i64, how: crate::ops::needs::Marking) {
        let clock = self.clock;
        match crate::ops::needs::mark(&mut self.store, note_id, how, &clock) {
            Ok(done) => {
                let msg = self.said_undo(&done.said);
                self.info(msg);
            }
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    pub(super) fn archive(&mut self, person_id: i64) {
        let clock = self.clock;
        match correct::archive(&mut self.store, person_id, &clock) {
            Ok(label) => {
                let msg = self.said_undo(&label);
                self.info(msg);
                self.pop();
            }
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    /// Asks first, naming the person and everything that goes with them.
    pub(super) fn ask_delete_person(&mut self, person_id: i64) {
        let what = match correct::footprint(&self.store, person_id) {
            Ok(f) => correct::describe(&f),
            Err(e) => return self.error(e),
        };
        let question = format!("Delete {} for good, with {what}?", self.name_of(person_id));
        self.overlay = Overlay::Confirm(Confirm {
            question,
            yes: Box::new(move |app: &mut App| {
                match correct::delete_person(&mut app.store, person_id) {
                    Ok(label) => {
                        let msg = app.said_undo(&label);
                        app.info(msg);
                        app.pop();
                    }
                    Err(e) => app.error(e),
                }
                app.after_write();
            }),
        });
    }
}
