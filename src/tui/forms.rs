//! The actions that change the store: done, snooze, log, add, edit, capture.
//! Each builds a form or writes at once; every write is one transaction.

use chrono::Days;
use crossterm::event::{KeyCode, KeyEvent};

use crate::brief;
use crate::model::{Event, NoteKind};
use crate::ops;
use crate::ops::capture::{self, PersonInput};
use crate::store::people::{self, PersonEdit};
use crate::when::{parse_birthday, parse_date, parse_days};

use super::action::Action;
use super::app::{App, Item, Overlay, Screen, Target};
use super::form::{Check, Field, Form};

/// What a form is for.
pub enum Purpose {
    AddPerson,
    /// Capture mode: people met at an event, one after the other.
    Capture {
        event: Event,
        count: usize,
    },
    Note {
        person_id: i64,
        kind: NoteKind,
    },
    Reminder {
        person_id: i64,
    },
    EditPerson {
        person_id: i64,
    },
    AddEvent,
    SnoozeDate(Target),
    /// Fold a duplicate into this person.
    Merge {
        person_id: i64,
    },
}

fn person_fields() -> Vec<Field> {
    vec![
        Field::new("Name", Check::Required, "", "Anna de Vries"),
        Field::new("Company", Check::Text, "", "Acme"),
        Field::new(
            "Email / LinkedIn",
            Check::OptionalContact,
            "",
            "anna@acme.example, a profile URL",
        ),
        Field::new("Talked about", Check::Text, "", "SQLite at the edge"),
        Field::new(
            "Follow up",
            Check::OptionalDate,
            "",
            "fri, in 2w, 2026-12-01 (optional)",
        ),
    ]
}

fn capture_form(event: Event, count: usize) -> Form<Purpose> {
    let place = event
        .place
        .clone()
        .map(|p| format!(" · {p}"))
        .unwrap_or_default();
    let context = format!(
        "at {} · {}{place} · {count} captured",
        event.name, event.starts_on
    );
    Form::new(
        format!("Capture at {}", event.name),
        Purpose::Capture { event, count },
        person_fields(),
    )
    .with_context(context)
}

impl App {
    fn name_of(&self, person_id: i64) -> String {
        people::get_person(self.store.conn(), person_id)
            .map(|p| p.name)
            .unwrap_or_else(|_| format!("#{person_id}"))
    }

    fn note_form(&mut self, person_id: i64, kind: NoteKind, prefill: &str) {
        let mut fields = vec![Field::new("What", Check::Required, prefill, "")];
        if kind == NoteKind::Promise {
            fields.push(Field::new(
                "Due",
                Check::OptionalDate,
                "",
                "fri, in 2w (default: in a week)",
            ));
        }
        let title = format!("{} \u{2014} {}", kind.as_str(), self.name_of(person_id));
        self.overlay = Overlay::Form(Form::new(title, Purpose::Note { person_id, kind }, fields));
    }

    /// Actions that act on the selection or the current person.
    pub(super) fn act(&mut self, action: Action) {
        let person = self.focused_person();
        match (action, self.screen) {
            (Action::Done, Screen::Welcome) => self.load_demo(),
            (Action::Add, Screen::Welcome | Screen::People | Screen::Today) => {
                self.overlay = Overlay::Form(Form::new(
                    "Add a person",
                    Purpose::AddPerson,
                    person_fields(),
                ));
            }
            (Action::Add, Screen::Events) => {
                let fields = vec![
                    Field::new("Name", Check::Required, "", "RustConf 2026"),
                    Field::new("Date", Check::Date, "today", "2026-09-12, fri, -3d"),
                    Field::new("Place", Check::Text, "", "Amsterdam"),
                ];
                self.overlay = Overlay::Form(Form::new("New event", Purpose::AddEvent, fields));
            }
            (Action::Capture, Screen::Events | Screen::Event(_)) => {
                let event = match self.screen {
                    Screen::Event(_) => self.event.as_ref().map(|e| e.0.clone()),
                    _ => self.events.get(self.events_sel).map(|e| e.0.clone()),
                };
                match event {
                    Some(e) => self.overlay = Overlay::Form(capture_form(e, 0)),
                    None => self.info("No event yet: press a to add one, then c to capture."),
                }
            }
            (Action::Done, Screen::Today) => self.done(),
            (Action::Snooze, Screen::Today) => {
                let target = match self.today_item() {
                    Some(Item::Overdue(i)) => {
                        self.today.overdue.get(i).map(|r| Target::Reminder(r.id))
                    }
                    Some(Item::Due(i)) => self.today.due.get(i).map(|r| Target::Reminder(r.id)),
                    Some(Item::AfterEvent(_) | Item::Reconnect(_)) => person.map(Target::Prompt),
                    _ => None,
                };
                match target {
                    Some(t) => self.overlay = Overlay::Snooze(t),
                    None => self.info("Nothing to snooze here."),
                }
            }
            (Action::LogTouch, _) => match person {
                Some(id) => self.note_form(id, NoteKind::Talk, ""),
                None => self.info("Select a person first."),
            },
            (Action::LogGive, _) => match person {
                Some(id) => {
                    let idea = match self.today_item() {
                        Some(Item::AfterEvent(i)) if self.screen == Screen::Today => {
                            self.today.after_event.get(i).map(|p| p.give_idea.clone())
                        }
                        Some(Item::Reconnect(i)) if self.screen == Screen::Today => {
                            self.today.reconnect.get(i).map(|p| p.give_idea.clone())
                        }
                        _ => None,
                    };
                    self.note_form(id, NoteKind::Gave, "");
                    if let (Some(idea), Overlay::Form(f)) = (idea, &mut self.overlay) {
                        f.context = Some(format!("idea: {idea}"));
                    }
                }
                None => self.info("Select a person first."),
            },
            (Action::CopyBrief, _) => match person {
                Some(id) => self.copy_brief(id),
                None => self.info("Select a person first."),
            },
            (Action::AddNote, Screen::Person(id)) => self.overlay = Overlay::NoteKind(id),
            (Action::AddReminder, Screen::Person(id)) => {
                let fields = vec![
                    Field::new("What", Check::Required, "", "send the slides"),
                    Field::new("Due", Check::Date, "tomorrow", "fri, in 2w, 2026-12-01"),
                    Field::new("Repeat every", Check::OptionalDays, "", "90d (optional)"),
                ];
                let title = format!("Follow-up \u{2014} {}", self.name_of(id));
                self.overlay = Overlay::Form(Form::new(
                    title,
                    Purpose::Reminder { person_id: id },
                    fields,
                ));
            }
            (Action::Edit, Screen::Person(id)) => {
                if let Some(p) = &self.person {
                    let pp = &p.person;
                    let fields = vec![
                        Field::new("Name", Check::Required, &pp.name, ""),
                        Field::new(
                            "Company",
                            Check::Text,
                            pp.company.as_deref().unwrap_or(""),
                            "",
                        ),
                        Field::new("Title", Check::Text, pp.title.as_deref().unwrap_or(""), ""),
                        Field::new("Tags", Check::Text, &p.tags.join(", "), "comma separated"),
                        Field::new(
                            "Keep in touch",
                            Check::OptionalDays,
                            &pp.cadence_days.map(|d| format!("{d}d")).unwrap_or_default(),
                            "30d, 3m (empty: no rhythm)",
                        ),
                        Field::new(
                            "Birthday",
                            Check::OptionalBirthday,
                            pp.birthday.as_deref().unwrap_or(""),
                            "1990-03-15 or --03-15",
                        ),
                    ];
                    let title = format!("Edit {}", pp.name);
                    self.overlay = Overlay::Form(Form::new(
                        title,
                        Purpose::EditPerson { person_id: id },
                        fields,
                    ));
                }
            }
            (Action::EditLong, Screen::Person(id)) => self.pending_editor = Some(id),
            (Action::Merge, Screen::Person(id)) => {
                let fields = vec![Field::new(
                    "Duplicate",
                    Check::Required,
                    "",
                    "a name, an email or #id",
                )];
                let title = format!("Merge a duplicate into {}", self.name_of(id));
                let form = Form::new(title, Purpose::Merge { person_id: id }, fields).with_context(
                    "its notes, meetings, follow-ups, contact points and tags move here",
                );
                self.overlay = Overlay::Form(form);
            }
            _ => {}
        }
    }

    fn load_demo(&mut self) {
        let clock = self.clock;
        match crate::demo::fill(&mut self.store, 40, &clock) {
            Ok(n) => {
                self.info(format!("Loaded the demo: {n} people. Press ? for keys."));
                self.go(Screen::Today);
            }
            Err(e) => self.error(e),
        }
    }

    fn copy_brief(&mut self, id: i64) {
        match crate::profile::load(self.store.conn(), id, super::app::PERSON_NOTES) {
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

    fn done(&mut self) {
        let clock = self.clock;
        let reminder = match self.today_item() {
            Some(Item::Overdue(i)) => self.today.overdue.get(i).map(|r| r.id),
            Some(Item::Due(i)) => self.today.due.get(i).map(|r| r.id),
            Some(Item::AfterEvent(_) | Item::Reconnect(_)) => {
                // A prompt is done when its clock is reset.
                if let Some(id) = self.focused_person() {
                    match ops::people::bump(&mut self.store, id, &clock) {
                        Ok(()) => self.info(format!("Marked {} as followed up.", self.name_of(id))),
                        Err(e) => self.error(e),
                    }
                    self.after_write();
                }
                return;
            }
            _ => None,
        };
        let Some(id) = reminder else {
            return self.info("Nothing to mark done here.");
        };
        match capture::complete(&mut self.store, id, None, &clock) {
            Ok(c) => match c.next {
                Some((_, due)) => self.info(format!("Done. Next one on {due}.")),
                None => self.info("Done."),
            },
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    pub(super) fn snooze_key(&mut self, target: Target, key: KeyEvent) {
        let today = self.clock.today;
        let until = match key.code {
            KeyCode::Char('1') | KeyCode::Char('d') => today.checked_add_days(Days::new(1)),
            KeyCode::Char('w') | KeyCode::Char('7') => today.checked_add_days(Days::new(7)),
            KeyCode::Char('p') => {
                let fields = vec![Field::new(
                    "Until",
                    Check::Date,
                    "",
                    "fri, in 2w, 2026-12-01",
                )];
                self.overlay = Overlay::Form(Form::new(
                    "Snooze until",
                    Purpose::SnoozeDate(target),
                    fields,
                ));
                return;
            }
            KeyCode::Esc => return self.info("Cancelled."),
            _ => {
                self.overlay = Overlay::Snooze(target);
                return;
            }
        };
        if let Some(until) = until {
            self.snooze(target, until);
        }
    }

    fn snooze(&mut self, target: Target, until: chrono::NaiveDate) {
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

    pub(super) fn note_kind_key(&mut self, person_id: i64, key: KeyEvent) {
        let kind = match key.code {
            KeyCode::Char('n') => NoteKind::Note,
            KeyCode::Char('m') => NoteKind::Met,
            KeyCode::Char('t') => NoteKind::Talk,
            KeyCode::Char('g') => NoteKind::Gave,
            KeyCode::Char('l') => NoteKind::Learned,
            KeyCode::Char('a') => NoteKind::Asked,
            KeyCode::Char('p') => NoteKind::Promise,
            KeyCode::Esc => return,
            _ => {
                self.overlay = Overlay::NoteKind(person_id);
                return;
            }
        };
        self.note_form(person_id, kind, "");
    }

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
        let result: crate::Result<String> = match &form.purpose {
            Purpose::AddPerson | Purpose::Capture { .. } => {
                let contact = v(2);
                let (emails, urls) = if contact.is_empty() {
                    (vec![], vec![])
                } else if contact.contains('@') && !contact.contains('/') {
                    (vec![contact], vec![])
                } else {
                    (vec![], vec![contact])
                };
                let event = match &form.purpose {
                    Purpose::Capture { event, .. } => Some(event.name.clone()),
                    _ => None,
                };
                let name = v(0);
                let input = PersonInput {
                    name: name.clone(),
                    company: opt(v(1)),
                    emails,
                    urls,
                    event,
                    note: opt(v(3)),
                    follow_up: date(v(4))
                        .filter(|_| !v(4).is_empty())
                        .map(|d| (d, format!("follow up with {name}"))),
                    ..Default::default()
                };
                capture::add_person(&mut self.store, &input, &clock)
                    .map(|_| format!("Saved {name}."))
            }
            Purpose::Note { person_id, kind } => {
                let due = if *kind == NoteKind::Promise {
                    date(v(1)).filter(|_| !v(1).is_empty())
                } else {
                    None
                };
                capture::log_note(&mut self.store, *person_id, *kind, &v(0), None, due, &clock)
                    .map(|_| format!("Logged {}.", kind.as_str()))
            }
            Purpose::Reminder { person_id } => {
                let every = parse_days(&v(2)).ok().map(i64::from);
                let due = date(v(1)).unwrap_or(today);
                capture::remind(&mut self.store, Some(*person_id), &v(0), due, every, &clock)
                    .map(|_| format!("Follow-up on {due}."))
            }
            Purpose::EditPerson { person_id } => {
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
                ops::people::edit(&mut self.store, id, &edit, &clock).map(|_| "Saved.".to_string())
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
                crate::resolve::person(self.store.conn(), &v(0)).and_then(|dup| {
                    let name = self.name_of(dup);
                    capture::merge_people(&mut self.store, keep, dup, &clock).map(|m| {
                        format!(
                            "Merged {name} here: {} notes, {} contact points moved.",
                            m.notes, m.contact_points
                        )
                    })
                })
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
                    self.overlay = Overlay::Form(capture_form(event, count + 1));
                }
                if self.screen == Screen::Welcome {
                    self.go(Screen::Today);
                }
                self.after_write();
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
