//! Import and export: vCard (2.1, 3.0, 4.0), LinkedIn and Google CSV, a
//! lossless JSON dump, and iCalendar. Readers turn files into plain
//! [`Record`]s and [`Problem`]s; [`plan`] matches records against the store
//! and writes them; writers turn the store's dump into files. No SQL here.

pub mod csv;
pub mod ics;
pub mod json;
pub mod lines;
pub mod plan;
mod relations;
pub mod remind;
pub mod seen;
pub mod text;
pub mod vcard;

use std::collections::HashSet;
use std::fmt;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::model::ContactPoint;
use crate::store::interop::{EventData, Fields, MeetingData, Meta, NoteData, ReminderData};

/// A format Kith reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Vcard,
    Linkedin,
    Google,
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Vcard => "vCard",
            Format::Linkedin => "LinkedIn CSV",
            Format::Google => "Google Contacts CSV",
            Format::Json => "Kith JSON",
        }
    }
}

/// A person as a file describes them, before matching.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// The file and line where the record starts, for messages.
    pub file: PathBuf,
    pub line: usize,
    pub uid: Option<String>,
    /// The uid was made by Kith from the record's name and first email and
    /// phone (a source without uids); it finds the record again, but it is
    /// not the source saying "this card is someone else".
    pub uid_derived: bool,
    pub fields: Fields,
    pub contact_points: Vec<ContactPoint>,
    pub tags: Vec<String>,
    pub notes: Vec<NoteData>,
    pub meetings: Vec<MeetingData>,
    pub reminders: Vec<ReminderData>,
    /// Only a Kith dump carries it.
    pub meta: Option<Meta>,
    /// What the record was as read, when the reader knows it (a vCard's
    /// bytes); otherwise the import hashes the record itself.
    pub hash: Option<seen::Hash>,
    /// Contact points and tags already pushed (kind and value, lower-case),
    /// so a card with 20,000 of them is checked for repeats in linear time.
    pub seen: HashSet<String>,
}

impl Record {
    /// Adds a contact point unless an equal one is there.
    pub fn push_point(&mut self, cp: ContactPoint) {
        let value = cp.value.trim();
        if value.is_empty() {
            return;
        }
        let key = format!("{:?}\u{1f}{}", cp.kind, value.to_ascii_lowercase());
        if self.seen.insert(key) {
            self.contact_points.push(ContactPoint {
                value: value.to_string(),
                ..cp
            });
        }
    }

    pub fn push_tag(&mut self, tag: &str) {
        let t = tag.trim();
        if !t.is_empty()
            && self
                .seen
                .insert(format!("tag\u{1f}{}", t.to_ascii_lowercase()))
        {
            self.tags.push(t.to_string());
        }
    }
}

/// Something wrong with one record or field, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
    /// The whole record was left out (otherwise only a field was).
    pub skipped: bool,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}{}",
            self.file.display(),
            self.line,
            self.message,
            if self.skipped { " (skipped)" } else { "" }
        )
    }
}

/// What a reader yields: a record (or none, when it could not be read) and
/// what was wrong with it.
#[derive(Debug, Clone, Default)]
pub struct Item {
    pub record: Option<Record>,
    pub problems: Vec<Problem>,
    /// A record read before, unchanged: not parsed again (see [`seen`]).
    pub known: Option<seen::Hash>,
}

/// Counts the bytes read, for a progress bar.
pub struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The records of one import source (a file, or every file of a vdir).
pub struct Source {
    pub format: Format,
    pub items: Box<dyn Iterator<Item = Item> + Send>,
    /// Events of a Kith dump, written before its people.
    pub events: Vec<EventData>,
    /// Follow-ups of a Kith dump that belong to nobody.
    pub loose_reminders: Vec<ReminderData>,
    /// A Kith dump's links and introductions, written after everyone.
    pub relations: json::Relations,
    /// Bytes read so far, and in all.
    pub read: Arc<AtomicU64>,
    pub total: u64,
    /// The file or folder read, as an address book: uids it gives are its own.
    pub origin: String,
    /// Set when a reader stopped before the end of its file (an input that is
    /// not what it should be, past a cap): the import then fails.
    pub stopped: Arc<AtomicBool>,
    /// Records imported before, for the reader to skip when unchanged; set
    /// by the import before it reads.
    pub known: seen::Known,
}

fn open_file(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))
}

/// Guesses the format of a file from its first bytes.
pub fn guess(path: &Path) -> Result<Format> {
    if path.is_dir() {
        return Ok(Format::Vcard);
    }
    let mut head = Vec::with_capacity(8192);
    open_file(path)?
        .take(8192)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    guess_bytes(&lines::decode_head(&head)).ok_or_else(|| {
        Error::Invalid(format!(
            "cannot tell the format of {}; give --format vcard, linkedin, google or json",
            path.display()
        ))
    })
}

/// Guesses a format from the start of a file.
pub fn guess_bytes(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"))
    {
        return Some(Format::Vcard);
    }
    if text.starts_with('{') || text.starts_with('[') {
        return Some(Format::Json);
    }
    for line in text.lines().take(20) {
        let l = line.to_ascii_lowercase();
        if l.starts_with("first name,last name,") && l.contains("connected on") {
            return Some(Format::Linkedin);
        }
        if l.contains("e-mail 1 - value")
            || l.contains("given name,")
            || (l.starts_with("first name,")
                && (l.contains("labels") || l.contains("phone 1 - value")))
        {
            return Some(Format::Google);
        }
    }
    if text
        .lines()
        .take(50)
        .any(|l| l.trim().eq_ignore_ascii_case("BEGIN:VCARD"))
    {
        return Some(Format::Vcard);
    }
    None
}

/// Opens an import source. A folder is read as a vdir: every `.vcf` in it.
pub fn open(path: &Path, format: Format) -> Result<Source> {
    let read = Arc::new(AtomicU64::new(0));
    let stopped = Arc::new(AtomicBool::new(false));
    let known = seen::Known::default();
    if path.is_dir() {
        if format != Format::Vcard {
            return Err(Error::Invalid(format!(
                "{} is a folder; only vCard folders (vdir) can be imported",
                path.display()
            )));
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Error::io(format!("cannot read the folder {}", path.display()), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension().is_some_and(|x| {
                        x.eq_ignore_ascii_case("vcf") || x.eq_ignore_ascii_case("vcard")
                    })
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::Invalid(format!(
                "{} holds no .vcf files; give a vCard file or a vdir folder",
                path.display()
            )));
        }
        let total = files
            .iter()
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum();
        let counter = read.clone();
        let stop = stopped.clone();
        let seen = known.clone();
        let items = files.into_iter().flat_map(move |file| {
            let boxed: Box<dyn Iterator<Item = Item> + Send> = match open_file(&file) {
                Ok(f) => {
                    let r = BufReader::new(lines::Decoded::new(Counting {
                        inner: f,
                        count: counter.clone(),
                    }));
                    Box::new(vcard::Reader::new(r, file, stop.clone(), seen.clone()))
                }
                Err(e) => Box::new(std::iter::once(Item {
                    record: None,
                    problems: vec![Problem {
                        file,
                        line: 0,
                        message: e.to_string(),
                        skipped: true,
                    }],
                    known: None,
                })),
            };
            boxed
        });
        return Ok(Source {
            format,
            items: Box::new(items),
            events: Vec::new(),
            loose_reminders: Vec::new(),
            relations: Default::default(),
            read,
            total,
            origin: origin(path),
            stopped,
            known,
        });
    }
    let file = open_file(path)?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let reader = BufReader::with_capacity(
        64 * 1024,
        lines::Decoded::new(Counting {
            inner: file,
            count: read.clone(),
        }),
    );
    let name = path.to_path_buf();
    let none = json::Relations::default;
    type Items = Box<dyn Iterator<Item = Item> + Send>;
    let (items, events, loose_reminders, relations): (Items, _, _, _) = match format {
        Format::Vcard => (
            Box::new(vcard::Reader::new(
                reader,
                name,
                stopped.clone(),
                known.clone(),
            )),
            Vec::new(),
            Vec::new(),
            none(),
        ),
        Format::Linkedin => (csv::linkedin(reader, name)?, Vec::new(), Vec::new(), none()),
        Format::Google => (csv::google(reader, name)?, Vec::new(), Vec::new(), none()),
        Format::Json => {
            let dump = json::read(reader, path)?;
            json::into_items(dump, name)
        }
    };
    Ok(Source {
        format,
        items,
        events,
        loose_reminders,
        relations,
        read,
        total,
        origin: origin(path),
        stopped,
        known,
    })
}

/// An address book's name for telling its uids apart from another's: the
/// full path of the file or folder (as given, when it cannot be resolved).
fn origin(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
