//! The writes a key starts at once (done, snooze, the demo) and the one-key
//! prompts. Every write goes through the use cases in `capture`; each is one
//! transaction.

use chrono::Days;
use crossterm::event::KeyEvent;

use crate::brief;
use crate::ops;
use crate::ops::capture;
use crate::store::people;

use super::action::Target;
use super::app::{App, Overlay};
use super::cmd::Cmd;
use super::form::Form;
use super::forms::{self, Purpose};
use super::keys::Scope;
use super::screens::person::PERSON_NOTES;

impl App {
    pub(super) fn name_of(&self, person_id: i64) -> String {
        people::get_person(self.store.conn(), person_id)
            .map(|p| p.name)
            .unwrap_or_else(|_| format!("#{person_id}"))
    }

    pub(super) fn load_demo(&mut self) {
        let clock = self.clock;
        match crate::demo::fill(&mut self.store, 40, &clock) {
            Ok(n) => {
                self.after_write();
                self.info(format!("Loaded the demo: {n} people. Press ? for keys."));
            }
            Err(e) => self.error(e),
        }
    }

    pub(super) fn copy_brief(&mut self, id: i64) {
        match crate::profile::load(self.store.conn(), id, PERSON_NOTES) {
            Ok(p) => {
                self.pending_copy = Some(brief::render(&p, self.clock.today, brief::Style::Plain));
                self.info(format!(
                    "Copied the brief of {} to the clipboard.",
                    p.person.name
                ));
            }
            Err(e) => self.error(e),
        }
    }

    /// Done on a Today item: a follow-up is completed; a prompt's clock is reset.
    pub(super) fn done(&mut self, target: Target) {
        let clock = self.clock;
        match target {
            Target::Prompt(id) => match ops::people::bump(&mut self.store, id, &clock) {
                Ok(()) => self.info(format!("Marked {} as followed up.", self.name_of(id))),
                Err(e) => self.error(e),
            },
            Target::Reminder(id) => match capture::complete(&mut self.store, id, None, &clock) {
                Ok(c) => match c.next {
                    Some((_, due)) => self.info(format!("Done. Next one on {due}.")),
                    None => self.info("Done."),
                },
                Err(e) => self.error(e),
            },
        }
        self.after_write();
    }

    pub(super) fn snooze_key(&mut self, target: Target, key: &KeyEvent) {
        let today = self.clock.today;
        let until = match self.keys.cmd(Scope::Snooze, key) {
            Some(Cmd::SnoozeTomorrow) => today.checked_add_days(Days::new(1)),
            Some(Cmd::SnoozeWeek) => today.checked_add_days(Days::new(7)),
            Some(Cmd::SnoozePick) => {
                self.overlay = Overlay::Form(forms::snooze_date(target));
                return;
            }
            Some(Cmd::Back) => return self.info("Cancelled."),
            _ => {
                self.overlay = Overlay::Snooze(target);
                return;
            }
        };
        if let Some(until) = until {
            self.snooze(target, until);
        }
    }

    pub(super) fn snooze(&mut self, target: Target, until: chrono::NaiveDate) {
        let clock = self.clock;
        let r = match target {
            Target::Reminder(id) => capture::snooze(&mut self.store, id, until, &clock),
            Target::Prompt(pid) => capture::snooze_prompt(&mut self.store, pid, until, &clock),
        };
        match r {
            Ok(()) => self.info(format!("Snoozed until {until}.")),
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    pub(super) fn note_kind_key(&mut self, person_id: i64, key: &KeyEvent) {
        match self.keys.cmd(Scope::NoteKind, key) {
            Some(Cmd::Kind(kind)) => {
                let name = self.name_of(person_id);
                self.overlay = Overlay::Form(forms::note(person_id, &name, kind, None));
            }
            Some(Cmd::Back) => {}
            _ => self.overlay = Overlay::NoteKind(person_id),
        }
    }

    /// Esc in a form: nothing of it is kept; capture says what it saved before.
    pub(super) fn cancelled(&mut self, form: Form<Purpose>) {
        match form.purpose {
            Purpose::Capture { event, count } if count > 0 => {
                let people = if count == 1 { "person" } else { "people" };
                self.info(format!("Saved {count} {people} at {}.", event.name));
            }
            _ => self.info("Cancelled; nothing saved."),
        }
    }
}
