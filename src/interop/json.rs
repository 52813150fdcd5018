//! Kith's own JSON: everything in the store, re-importable without loss.
//!
//! ```text
//! {"kith": 1,
//!  "events": [ {uid, name, starts_on, …} ],
//!  "people": [
//!   {uid, name, company, …, contact_points, tags, meetings, notes, reminders},
//!   …one person per line…
//!  ],
//!  "reminders": [ follow-ups that belong to nobody ]}
//! ```
//! People and events are keyed by uid, never by the store's ids; a reminder
//! names the promise it tracks by its index in the person's notes.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Item, Problem, Record};
use crate::error::{Error, Result};
use crate::store::interop::{EventData, PersonData, ReminderData};

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dump {
    pub kith: u32,
    #[serde(default)]
    pub events: Vec<EventData>,
    #[serde(default)]
    pub people: Vec<PersonData>,
    #[serde(default)]
    pub reminders: Vec<ReminderData>,
}

pub fn read<R: BufRead>(input: R, path: &Path) -> Result<Dump> {
    let dump: Dump = serde_json::from_reader(input).map_err(|e| {
        Error::Invalid(format!(
            "{}:{}: not a Kith JSON export: {e}",
            path.display(),
            e.line()
        ))
    })?;
    if dump.kith > VERSION {
        return Err(Error::Invalid(format!(
            "{} was written by a newer Kith (format {}); upgrade kith to import it",
            path.display(),
            dump.kith
        )));
    }
    Ok(dump)
}

/// The people of a dump as records; its events and loose follow-ups apart.
pub fn into_items(
    dump: Dump,
    file: PathBuf,
) -> (
    Box<dyn Iterator<Item = Item>>,
    Vec<EventData>,
    Vec<ReminderData>,
) {
    let items = dump.people.into_iter().enumerate().map(move |(i, p)| {
        // Our writer puts each person on its own line, after two header lines.
        let line = i + 3;
        let mut problems = Vec::new();
        if p.fields.name.trim().is_empty() || p.uid.trim().is_empty() {
            problems.push(Problem {
                file: file.clone(),
                line,
                message: "person has no name or uid".into(),
                skipped: true,
            });
            return Item {
                record: None,
                problems,
            };
        }
        let record = Record {
            file: file.clone(),
            line,
            uid: Some(p.uid),
            uid_derived: false,
            fields: p.fields,
            contact_points: p
                .contact_points
                .into_iter()
                .filter(|c| !c.value.trim().is_empty())
                .collect(),
            tags: p
                .tags
                .into_iter()
                .filter(|t| !t.trim().is_empty())
                .collect(),
            notes: p.notes,
            meetings: p.meetings,
            reminders: p
                .reminders
                .into_iter()
                .filter(|r| !r.body.trim().is_empty())
                .collect(),
            meta: Some(p.meta),
        };
        Item {
            record: Some(record),
            problems,
        }
    });
    (Box::new(items), dump.events, dump.reminders)
}

/// Writes a dump person by person, so memory does not grow with the store.
pub struct Writer<W: Write> {
    w: W,
    first: bool,
}

fn io(e: std::io::Error) -> Error {
    Error::io("cannot write the JSON export", e)
}

impl<W: Write> Writer<W> {
    pub fn new(mut w: W, events: &[EventData]) -> Result<Self> {
        write!(w, "{{\"kith\":{VERSION},\"events\":").map_err(io)?;
        serde_json::to_writer(&mut w, events)?;
        w.write_all(b",\n\"people\":[\n").map_err(io)?;
        Ok(Writer { w, first: true })
    }

    pub fn person(&mut self, p: &PersonData) -> Result<()> {
        if !self.first {
            self.w.write_all(b",\n").map_err(io)?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.w, p)?;
        Ok(())
    }

    pub fn finish(mut self, loose: &[ReminderData]) -> Result<W> {
        self.w.write_all(b"\n],\n\"reminders\":").map_err(io)?;
        serde_json::to_writer(&mut self.w, loose)?;
        self.w.write_all(b"}\n").map_err(io)?;
        self.w.flush().map_err(io)?;
        Ok(self.w)
    }
}
