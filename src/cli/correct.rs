//! Commands that correct the store: edit, rm, archive, unarchive, undo.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{bail, Result};

use super::args::{EditCommand, EditPersonArgs, RmCommand};
use super::{date_arg, days_arg, open, print};
use crate::error::Error;
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::ops;
use crate::ops::capture::url_point;
use crate::ops::correct::{self, ContactEdit, EventEdit, MeetingEdit, NoteEdit, ReminderEdit};
use crate::ops::people::ContactChanges;
use crate::resolve;
use crate::store::people::{self, PersonEdit};
use crate::when::{parse_birthday, parse_date, Clock};

/// How many steps `kith undo --list` shows.
const HISTORY: usize = 50;

pub fn undo(list: bool, json: bool, path: &Path) -> Result<()> {
    let mut store = open(path)?;
    if list {
        let steps = ops::undo::history(&store, HISTORY)?;
        if json {
            println!("{}", print::json(&steps)?);
        } else if steps.is_empty() {
            println!("Nothing to undo.");
        } else {
            for s in &steps {
                println!("{}  {}", s.created_at, print::safe(&s.label));
            }
        }
        return Ok(());
    }
    match ops::undo::undo(&mut store)? {
        Some(label) => println!("Undid: {}.", print::safe(&label)),
        None => println!("Nothing to undo."),
    }
    Ok(())
}

fn note_kind(s: &str) -> Result<NoteKind, Error> {
    NoteKind::parse(s).ok_or_else(|| {
        Error::Invalid(format!(
            "\"{s}\" is not a kind of note; use one of: note, met, talk, gave, learned, asked, promise"
        ))
    })
}

fn contact_kind(s: &str) -> Result<ContactKind, Error> {
    ContactKind::parse(s.trim()).ok_or_else(|| {
        Error::Invalid(format!(
            "\"{s}\" is not a kind of contact point; use one of: email, phone, url, social, address"
        ))
    })
}

/// "none", "off" or "never" (or nothing) clears an optional value.
fn is_none(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "" | "none" | "off" | "never"
    )
}

pub fn edit(what: EditCommand, path: &Path, clock: &Clock) -> Result<()> {
    match what {
        EditCommand::Note { id, body, kind, on } => {
            let e = NoteEdit {
                body,
                kind: kind.as_deref().map(note_kind).transpose()?,
                on: date_arg(&on, clock)?,
            };
            let mut store = open(path)?;
            correct::edit_note(&mut store, id, &e, clock)?;
            println!("Saved note {id}.");
        }
        EditCommand::Reminder {
            id,
            text,
            on,
            every,
        } => {
            let every = match every {
                Some(s) if is_none(&s) => Some(None),
                Some(s) => Some(days_arg(&Some(s))?),
                None => None,
            };
            let e = ReminderEdit {
                body: text,
                due_on: date_arg(&on, clock)?,
                every,
            };
            let mut store = open(path)?;
            correct::edit_reminder(&mut store, id, &e)?;
            println!("Saved follow-up {id}.");
        }
        EditCommand::Meeting {
            id,
            on,
            at,
            context,
        } => {
            let e = MeetingEdit {
                on: date_arg(&on, clock)?,
                place: at,
                context,
            };
            let mut store = open(path)?;
            correct::edit_meeting(&mut store, id, &e)?;
            println!("Saved meeting {id}.");
        }
        EditCommand::Event {
            id,
            name,
            on,
            until,
            at,
            description,
        } => {
            let ends_on = match until {
                Some(s) if is_none(&s) => Some(None),
                Some(s) => Some(Some(parse_date(&s, clock.today).map_err(Error::from)?)),
                None => None,
            };
            let e = EventEdit {
                name,
                starts_on: date_arg(&on, clock)?,
                ends_on,
                place: at,
                description,
            };
            let mut store = open(path)?;
            correct::edit_event(&mut store, id, &e)?;
            println!("Saved event {id}.");
        }
        EditCommand::Contact {
            id,
            kind,
            label,
            value,
        } => {
            let e = ContactEdit {
                kind: kind.as_deref().map(contact_kind).transpose()?,
                label,
                value,
            };
            let mut store = open(path)?;
            correct::edit_contact(&mut store, id, &e)?;
            println!("Saved contact point {id}.");
        }
        EditCommand::Person(a) => edit_person(*a, path, clock)?,
    }
    Ok(())
}

fn edit_person(a: EditPersonArgs, path: &Path, clock: &Clock) -> Result<()> {
    let birthday = match a.birthday.as_deref() {
        Some(b) if b.trim().is_empty() => Some(None),
        Some(b) => Some(Some(parse_birthday(b).map_err(Error::from)?)),
        None => None,
    };
    let mut store = open(path)?;
    let id = resolve::any_person(store.conn(), &a.person)?;
    let p = people::get_person(store.conn(), id)?;
    let clear = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let edit = PersonEdit {
        name: a.name.unwrap_or(p.name),
        company: a.company.map_or(p.company, clear),
        title: a.title.map_or(p.title, clear),
        cadence_days: p.cadence_days,
        birthday: birthday.unwrap_or(p.birthday),
        tags: match a.tags {
            Some(t) => t
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            None => people::tags(store.conn(), id)?,
        },
    };
    let points: Vec<ContactPoint> = a
        .add_email
        .iter()
        .map(|e| ContactPoint {
            kind: ContactKind::Email,
            label: None,
            value: e.trim().to_string(),
        })
        .chain(a.add_phone.iter().map(|p| ContactPoint {
            kind: ContactKind::Phone,
            label: None,
            value: p.trim().to_string(),
        }))
        .chain(a.add_url.iter().map(|u| url_point(u)))
        .collect();
    let contacts = ContactChanges {
        add: points,
        ..Default::default()
    };
    ops::people::edit(&mut store, id, &edit, &contacts, clock)?;
    println!(
        "Saved {}.",
        print::safe(&people::get_person(store.conn(), id)?.name)
    );
    Ok(())
}

pub fn rm(what: RmCommand, path: &Path) -> Result<()> {
    let mut store = open(path)?;
    let done = match what {
        RmCommand::Note { id } => correct::delete_note(&mut store, id)?,
        RmCommand::Reminder { id } => correct::delete_reminder(&mut store, id)?,
        RmCommand::Meeting { id } => correct::delete_meeting(&mut store, id)?,
        RmCommand::Contact { id } => correct::delete_contact(&mut store, id)?,
        RmCommand::Event { id } => {
            let d = correct::delete_event(&mut store, id)?;
            let kept = correct::describe(&crate::store::edits::Footprint {
                meetings: d.meetings,
                notes: d.notes,
                ..Default::default()
            });
            if d.meetings + d.notes > 0 {
                println!("Its {kept} stay, without the event.");
            }
            d.label
        }
        RmCommand::Person { person, yes } => {
            let id = resolve::any_person(store.conn(), &person)?;
            let label = people::label(store.conn(), id)?;
            let what = correct::describe(&correct::footprint(&store, id)?);
            if !yes
                && !confirm(&format!(
                    "Delete {} for good, with {what}? [y/N] ",
                    print::safe(&label)
                ))?
            {
                println!("Nothing deleted.");
                return Ok(());
            }
            correct::delete_person(&mut store, id)?
        }
    };
    println!("{} (kith undo takes it back).", print::safe(&done));
    Ok(())
}

/// Asks on the terminal; without one, refuses and says how to confirm.
fn confirm(question: &str) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        bail!("{question}\nnot asked: standard input is not a terminal; add --yes to delete");
    }
    let mut err = std::io::stderr();
    write!(err, "{question}")?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}

pub fn archive(person: &str, archive: bool, path: &Path, clock: &Clock) -> Result<()> {
    let mut store = open(path)?;
    let done = if archive {
        let id = resolve::person(store.conn(), person)?;
        correct::archive(&mut store, id, clock)?
    } else {
        let id = resolve::archived_person(store.conn(), person)?;
        correct::unarchive(&mut store, id)?
    };
    println!("{}.", print::safe(&done));
    Ok(())
}
