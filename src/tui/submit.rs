//! Saving a form: each purpose calls its use case in `ops`, one
//! transaction each. An invalid form stays open with its errors.

use crate::model::{ContactPoint, NoteKind};
use crate::ops;
use crate::ops::capture;
use crate::ops::correct;
use crate::ops::intro::Proposal;
use crate::ops::people::ContactChanges;
use crate::store::people::PersonEdit;
use crate::when::{parse_birthday, parse_date, parse_days};

use super::app::{App, Overlay};
use super::contact;
use super::form::Form;
use super::forms::{self, Purpose, PERSON_FIELDS};

impl App {
    /// Saves a valid form; an invalid one stays open with its errors.
    pub(super) fn submit(&mut self, mut form: Form<Purpose>) {
        let today = self.clock.today;
        if !form.validate(today) {
            self.error("Fix the fields in red; nothing was saved.");
            self.overlay = Overlay::Form(form);
            return;
        }
        let clock = self.clock;
        let v = |i: usize| form.value(i);
        let opt = |s: String| (!s.is_empty()).then_some(s);
        let date = |s: String| parse_date(&s, today).ok();
        let mut offer = Vec::new();
        let result: crate::Result<String> = match &form.purpose {
            Purpose::AddPerson | Purpose::Capture { .. } => {
                let input = super::here::person_input(&form, today);
                match &form.notice {
                    // Already here: the meeting, note and follow-up go to them.
                    Some(n) => {
                        let id = n.id;
                        capture::attach(&mut self.store, id, &input, &clock)
                            .map(|_| format!("Added to {} (already here).", self.name_of(id)))
                    }
                    None => capture::add_person(&mut self.store, &input, &clock)
                        .map(|_| format!("Saved {}.", input.name)),
                }
            }
            Purpose::Note { person_id, kind } => {
                let due = if *kind == NoteKind::Promise {
                    date(v(1)).filter(|_| !v(1).is_empty())
                } else {
                    None
                };
                let logged =
                    capture::log_note(&mut self.store, *person_id, *kind, &v(0), None, due, &clock);
                // A touch may settle an open follow-up: offer to close it.
                if logged.is_ok() && matches!(kind, NoteKind::Talk | NoteKind::Gave | NoteKind::Met)
                {
                    match crate::store::reminders::open_for_person(self.store.conn(), *person_id) {
                        Ok(open) => offer = open,
                        Err(e) => self.error(e),
                    }
                }
                logged.map(|_| format!("Logged {}.", kind.as_str()))
            }
            Purpose::Reminder { person_id } => {
                let every = parse_days(&v(2)).ok().map(i64::from);
                let due = date(v(1)).unwrap_or(today);
                capture::remind(&mut self.store, Some(*person_id), &v(0), due, every, &clock)
                    .map(|_| format!("Follow-up on {due}."))
            }
            Purpose::EditPerson {
                person_id,
                contacts,
            } => {
                let edit = PersonEdit {
                    name: v(0),
                    company: opt(v(1)),
                    title: opt(v(2)),
                    tags: v(3)
                        .split(',')
                        .map(|t| t.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .collect(),
                    cadence_days: parse_days(&v(4)).ok().map(i64::from),
                    birthday: parse_birthday(&v(5)).ok(),
                };
                let id = *person_id;
                contact_changes(contacts, |i| v(PERSON_FIELDS + i)).and_then(|changes| {
                    ops::people::edit(&mut self.store, id, &edit, &changes, &clock)
                        .map(|_| format!("Saved {}.", edit.name))
                })
            }
            Purpose::EditNote { id } => {
                let e = correct::NoteEdit {
                    body: Some(v(0)),
                    kind: NoteKind::parse(&v(1)),
                    on: date(v(2)),
                };
                correct::edit_note(&mut self.store, *id, &e, &clock)
                    .map(|_| "Saved the note.".to_string())
            }
            Purpose::EditReminder { id } => {
                let e = correct::ReminderEdit {
                    body: Some(v(0)),
                    due_on: date(v(1)),
                    every: Some(parse_days(&v(2)).ok().map(i64::from)),
                };
                correct::edit_reminder(&mut self.store, *id, &e)
                    .map(|_| "Saved the follow-up.".to_string())
            }
            Purpose::EditMeeting { id, place } => {
                let e = correct::MeetingEdit {
                    on: date(v(0)),
                    // The event's place stays the event's unless it was changed.
                    place: (v(1) != *place).then(|| v(1)),
                    context: Some(v(2)),
                };
                correct::edit_meeting(&mut self.store, *id, &e)
                    .map(|_| "Saved the meeting.".to_string())
            }
            Purpose::EditEvent { id } => {
                let e = correct::EventEdit {
                    name: Some(v(0)),
                    starts_on: date(v(1)),
                    place: Some(v(2)),
                    ..Default::default()
                };
                correct::edit_event(&mut self.store, *id, &e)
                    .map(|_| "Saved the event.".to_string())
            }
            Purpose::AddEvent => {
                let e = crate::store::events::NewEvent {
                    name: v(0),
                    starts_on: date(v(1)).unwrap_or(today),
                    place: opt(v(2)),
                    ..Default::default()
                };
                capture::add_event(&mut self.store, &e, &clock)
                    .map(|_| format!("Added {}. Press c to capture people.", e.name))
            }
            Purpose::Merge { person_id } => {
                let keep = *person_id;
                crate::resolve::person_except(self.store.conn(), &v(0), Some(keep)).and_then(
                    |dup| {
                        let name = self.name_of(dup);
                        ops::duplicates::merge_people(&mut self.store, keep, dup, &[], &clock).map(
                            |m| {
                                format!(
                                    "Merged {name} here: {} notes, {} contact points moved.",
                                    m.notes, m.contact_points
                                )
                            },
                        )
                    },
                )
            }
            Purpose::MergeAll => match v(0).parse::<f64>() {
                Ok(min) => self.merge_all(min),
                Err(_) => Err(crate::Error::Invalid("a confidence from 0 to 1".into())),
            },
            Purpose::Link { person_id } => self.submit_link(*person_id, &v(0), &v(1), &v(2)),
            Purpose::Intro { person_id } => self.submit_intro(*person_id, &v(0), &v(1), &v(2)),
            Purpose::IntroMatch {
                need_person,
                offer_person,
                need_id,
                offer_id,
            } => {
                let p = Proposal {
                    a: *need_person,
                    b: *offer_person,
                    reason: opt(v(0)),
                    need_note_id: Some(*need_id),
                    offer_note_id: Some(*offer_id),
                    double_opt_in: true,
                    ask_on: None,
                };
                self.submit_intro_proposal(p, &v(1))
            }
            Purpose::IntroOutcome { id, drop } => {
                let done = if *drop {
                    ops::intro::drop(&mut self.store, *id, &v(0), &clock)
                } else {
                    ops::intro::outcome(&mut self.store, *id, &v(0), &clock)
                };
                done.map(|i| format!("Introduction #{id}: {}.", i.status()))
            }
            Purpose::SnoozeDate(target) => {
                let (target, until) = (*target, date(v(0)).unwrap_or(today));
                self.snooze(target, until);
                return;
            }
        };
        match result {
            Ok(msg) => {
                self.info(msg);
                // Capture mode: the next blank form, the event still fixed.
                if let Purpose::Capture { event, count } = form.purpose {
                    self.overlay = Overlay::Form(forms::capture(event, count + 1));
                }
                self.after_write();
                self.offer_to_close(&offer);
            }
            Err(e) => {
                self.error(e);
                self.overlay = Overlay::Form(form);
            }
        }
    }
}

impl App {
    /// Saves a note written in $EDITOR.
    pub fn save_long_note(&mut self, person_id: i64, text: &str) {
        let clock = self.clock;
        match capture::log_note(
            &mut self.store,
            person_id,
            NoteKind::Note,
            text,
            None,
            None,
            &clock,
        ) {
            Ok(_) => self.info("Saved the note."),
            Err(e) => self.error(e),
        }
        self.after_write();
    }
}

/// What the contact fields of the person form change: an emptied field
/// removes its point, an edited one changes it, the last field adds one.
fn contact_changes(
    contacts: &[(i64, ContactPoint)],
    value: impl Fn(usize) -> String,
) -> crate::Result<ContactChanges> {
    let mut changes = ContactChanges::default();
    let parse = |v: &str, old: Option<&ContactPoint>| {
        contact::parse(v, old).ok_or_else(|| {
            crate::Error::Invalid(format!("\"{v}\" is not an email, a phone number or a URL"))
        })
    };
    for (i, (id, old)) in contacts.iter().enumerate() {
        let v = value(i);
        if v.is_empty() {
            changes.remove.push(*id);
        } else if v != old.value.trim() {
            changes.change.push((*id, parse(&v, Some(old))?));
        }
    }
    let new = value(contacts.len());
    if !new.is_empty() {
        changes.add.push(parse(&new, None)?);
    }
    Ok(changes)
}
