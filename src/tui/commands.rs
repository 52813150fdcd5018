//! The writes a key starts at once (done, snooze, the demo) and the one-key
//! prompts. Every write goes through the use cases in `ops`; each is one
//! transaction.

use chrono::Days;
use crossterm::event::KeyEvent;

use crate::brief;
use crate::model::{NoteKind, Reminder};
use crate::ops::capture;
use crate::ops::followup;
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

    /// Done on a Today item: a follow-up is completed; a prompt asks what
    /// happened (followed up, or dismissed).
    pub(super) fn done(&mut self, target: Target) {
        let clock = self.clock;
        match target {
            Target::Prompt(id) => {
                self.overlay = Overlay::FollowUp(id);
                return;
            }
            // An introduction's follow-up: done is its next step.
            Target::Reminder(id) if self.intro_follow_up(id) => return,
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

    /// The key after done on a prompt: you followed up (a talk is logged) or
    /// there is nothing to do now (dismissed). The row leaves either way.
    pub(super) fn follow_up_key(&mut self, person_id: i64, key: &KeyEvent) {
        let outcome = match self.keys.cmd(Scope::FollowUp, key) {
            Some(Cmd::FollowedUp) => match followup::default_body(&self.store, person_id) {
                Ok(body) => followup::Outcome::Touch {
                    kind: NoteKind::Talk,
                    body,
                },
                Err(e) => return self.error(e),
            },
            Some(Cmd::Dismiss) => followup::Outcome::Dismiss,
            Some(Cmd::Back) => return self.info("Kept on Today."),
            _ => {
                self.overlay = Overlay::FollowUp(person_id);
                return;
            }
        };
        let name = self.name_of(person_id);
        let clock = self.clock;
        match followup::close(&mut self.store, person_id, &outcome, &clock) {
            Ok(closed) => {
                match outcome {
                    followup::Outcome::Dismiss => self.info(format!(
                        "Dismissed {name}; the reconnect clock starts again today."
                    )),
                    followup::Outcome::Touch { .. } => {
                        self.info(format!("Followed up with {name}: logged a talk."))
                    }
                }
                if closed.note_id.is_some() {
                    self.offer_to_close(&closed.open);
                }
            }
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    /// After a touch, the person's first open follow-up: close it too?
    pub(super) fn offer_to_close(&mut self, open: &[Reminder]) {
        if let Some(r) = open.first() {
            self.overlay = Overlay::CloseFollowUp {
                id: r.id,
                body: r.body.clone(),
            };
        }
    }

    pub(super) fn close_follow_up_key(&mut self, id: i64, body: String, key: &KeyEvent) {
        match self.keys.cmd(Scope::Confirm, key) {
            Some(Cmd::Yes) => self.done(Target::Reminder(id)),
            Some(Cmd::No | Cmd::Back) => self.info("The follow-up stays open."),
            _ => self.overlay = Overlay::CloseFollowUp { id, body },
        }
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
