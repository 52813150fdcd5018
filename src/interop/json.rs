//! Kith's own JSON: everything in the store, re-importable without loss.
//!
//! ```text
//! {"kith": 1,
//!  "events": [ {uid, name, starts_on, …} ],
//!  "people": [
//!   {uid, name, company, …, contact_points, tags, meetings, notes, reminders},
//!   …one person per line…
//!  ],
//!  "reminders": [ follow-ups that belong to nobody ],
//!  "links": [ {a, b, kind, label, context, created_at} ],
//!  "intros": [ {a, b, reason, step, outcome, proposed_at, …} ]}
//! ```
//! People and events are keyed by uid, never by the store's ids; a reminder
//! names the promise it tracks by its index in the person's notes. Links
//! and introductions come after everyone, so both their people are known.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Item, Problem, Record};
use crate::error::{Error, Result};
use crate::store::interop::{EventData, PersonData, ReminderData};
use crate::store::intros::IntroData;
use crate::store::links::LinkData;

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
    #[serde(default)]
    pub links: Vec<LinkData>,
    #[serde(default)]
    pub intros: Vec<IntroData>,
}

/// The links and introductions of a dump, read after everyone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relations {
    pub links: Vec<LinkData>,
    pub intros: Vec<IntroData>,
}

impl Relations {
    pub fn is_empty(&self) -> bool {
        self.links.is_empty() && self.intros.is_empty()
    }
}

/// A dump as read: each person, event and follow-up still loose JSON, so one
/// of them with a field of the wrong type is reported and left out alone
/// instead of rejecting the whole file.
#[derive(Debug, Deserialize)]
pub struct RawDump {
    pub kith: u32,
    #[serde(default)]
    pub events: Vec<serde_json::Value>,
    #[serde(default)]
    pub people: Vec<serde_json::Value>,
    #[serde(default)]
    pub reminders: Vec<serde_json::Value>,
    #[serde(default)]
    pub links: Vec<serde_json::Value>,
    #[serde(default)]
    pub intros: Vec<serde_json::Value>,
}

pub fn read<R: BufRead>(input: R, path: &Path) -> Result<RawDump> {
    let dump: RawDump = serde_json::from_reader(input).map_err(|e| {
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

/// The people of a dump as records; its events, loose follow-ups, links
/// and introductions apart.
/// Our writer puts each person on its own line after two header lines, so
/// person `i` is reported at line `i + 3`.
pub fn into_items(
    dump: RawDump,
    file: PathBuf,
) -> (
    Box<dyn Iterator<Item = Item> + Send>,
    Vec<EventData>,
    Vec<ReminderData>,
    Relations,
) {
    let mut problems = Vec::new();
    let typed = |what: &str, i: usize, e: serde_json::Error| Problem {
        file: file.clone(),
        line: 0,
        message: format!("{what} {} of the file: {e}", i + 1),
        skipped: true,
    };
    let mut events = Vec::with_capacity(dump.events.len());
    for (i, v) in dump.events.into_iter().enumerate() {
        match serde_json::from_value::<EventData>(v) {
            Ok(e) => events.push(e),
            Err(e) => problems.push(typed("event", i, e)),
        }
    }
    let mut loose = Vec::with_capacity(dump.reminders.len());
    for (i, v) in dump.reminders.into_iter().enumerate() {
        match serde_json::from_value::<ReminderData>(v) {
            Ok(r) => loose.push(r),
            Err(e) => problems.push(typed("follow-up", i, e)),
        }
    }
    let mut relations = Relations::default();
    for (i, v) in dump.links.into_iter().enumerate() {
        match serde_json::from_value::<LinkData>(v) {
            Ok(l) => relations.links.push(l),
            Err(e) => problems.push(typed("link", i, e)),
        }
    }
    for (i, v) in dump.intros.into_iter().enumerate() {
        match serde_json::from_value::<IntroData>(v) {
            Ok(l) => relations.intros.push(l),
            Err(e) => problems.push(typed("introduction", i, e)),
        }
    }
    let head = (!problems.is_empty()).then_some(Item {
        record: None,
        problems,
        known: None,
    });
    let mut uids: HashMap<String, usize> = HashMap::new();
    let items = dump.people.into_iter().enumerate().map(move |(i, v)| {
        let line = i + 3;
        let skip = |message: String| Item {
            record: None,
            problems: vec![Problem {
                file: file.clone(),
                line,
                message,
                skipped: true,
            }],
            known: None,
        };
        let p: PersonData = match serde_json::from_value(v) {
            Ok(p) => p,
            Err(e) => return skip(format!("person not readable: {e}")),
        };
        if p.fields.name.trim().is_empty() || p.uid.trim().is_empty() {
            return skip("person has no name or uid".into());
        }
        if let Some(first) = uids.get(&p.uid) {
            return skip(format!(
                "uid {} was given to someone else at line {first}; left out",
                p.uid
            ));
        }
        uids.insert(p.uid.clone(), line);
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
            seen: Default::default(),
            hash: None,
        };
        Item {
            record: Some(record),
            problems: Vec::new(),
            known: None,
        }
    });
    (
        Box::new(head.into_iter().chain(items)),
        events,
        loose,
        relations,
    )
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

    pub fn finish(mut self, loose: &[ReminderData], relations: &Relations) -> Result<W> {
        self.w.write_all(b"\n],\n\"reminders\":").map_err(io)?;
        serde_json::to_writer(&mut self.w, loose)?;
        self.w.write_all(b",\n\"links\":").map_err(io)?;
        serde_json::to_writer(&mut self.w, &relations.links)?;
        self.w.write_all(b",\n\"intros\":").map_err(io)?;
        serde_json::to_writer(&mut self.w, &relations.intros)?;
        self.w.write_all(b"}\n").map_err(io)?;
        self.w.flush().map_err(io)?;
        Ok(self.w)
    }
}
