//! LinkedIn `Connections.csv` and Google Contacts CSV in; a CSV of people out.
//! Columns are found by their header names, never by position.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::text::{clean_label, decode, derived_uid, first_of, neutralise_cell, strip_nul};
use super::{read_line, Item, Problem, Record};
use crate::error::{Error, Result};
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::ops::capture::url_point;
use crate::store::interop::{MeetingData, NoteData, PersonData};
use crate::when::parse_birthday;

/// What a LinkedIn connection's meeting says.
pub const LINKEDIN_CONTEXT: &str = "Connected on LinkedIn";
/// How far down a LinkedIn export its header may be.
const MAX_PREAMBLE: usize = 50;

/// One row, decoded, with its header.
struct Row<'a> {
    headers: &'a [String],
    cells: Vec<String>,
}

impl Row<'_> {
    fn get(&self, names: &[&str]) -> &str {
        for n in names {
            if let Some(i) = self.headers.iter().position(|h| h == n) {
                if let Some(v) = self.cells.get(i) {
                    if !v.trim().is_empty() {
                        return v.trim();
                    }
                }
            }
        }
        ""
    }

    fn opt(&self, names: &[&str]) -> Option<String> {
        Some(self.get(names).to_string()).filter(|s| !s.is_empty())
    }
}

fn problem(file: &Path, line: usize, message: impl Into<String>, skipped: bool) -> Problem {
    Problem {
        file: file.to_path_buf(),
        line,
        message: message.into(),
        skipped,
    }
}

/// Reads CSV rows after the header; `first_line` is the file line of the
/// header, and `map` turns a row into an item.
fn rows<R: BufRead + 'static>(
    input: R,
    file: PathBuf,
    first_line: usize,
    headers: Vec<String>,
    map: fn(&Row, usize, &Path) -> Item,
) -> Box<dyn Iterator<Item = Item>> {
    let reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut records = reader.into_byte_records();
    let mut done = false;
    Box::new(std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let rec = records.next()?;
        match rec {
            Ok(rec) => {
                let line = first_line + rec.position().map(|p| p.line() as usize).unwrap_or(1);
                if rec.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
                    continue;
                }
                let mut problems = Vec::new();
                let mut cells = Vec::with_capacity(rec.len());
                for c in rec.iter() {
                    let (mut s, bad) = decode(c);
                    if bad.is_some() {
                        problems.push(problem(
                            &file,
                            line,
                            "not valid UTF-8; read as Windows-1252",
                            false,
                        ));
                    }
                    if strip_nul(&mut s) {
                        problems.push(problem(&file, line, "NUL bytes removed", false));
                    }
                    cells.push(s);
                }
                let row = Row {
                    headers: &headers,
                    cells,
                };
                let mut item = map(&row, line, &file);
                problems.append(&mut item.problems);
                item.problems = problems;
                return Some(item);
            }
            Err(e) => {
                let line = first_line + e.position().map(|p| p.line() as usize).unwrap_or(0);
                // An I/O error ends the file; a malformed row does not.
                if matches!(e.kind(), ::csv::ErrorKind::Io(_)) {
                    done = true;
                }
                return Some(Item {
                    record: None,
                    problems: vec![problem(&file, line, format!("unreadable row: {e}"), true)],
                });
            }
        }
    }))
}

fn header_cells(line: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_start_matches('\u{feff}');
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(|h| h.trim().to_lowercase()).collect())
        .unwrap_or_default()
}

/// LinkedIn's `Connections.csv`: a few lines of notes, then the header.
pub fn linkedin<R: BufRead + 'static>(
    mut input: R,
    file: PathBuf,
) -> Result<Box<dyn Iterator<Item = Item>>> {
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        let more = read_line(&mut input, &mut buf)
            .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
        if !more || line >= MAX_PREAMBLE {
            return Err(Error::Invalid(format!(
                "{}: no LinkedIn header (First Name,Last Name,URL,…) in the first {MAX_PREAMBLE} lines",
                file.display()
            )));
        }
        line += 1;
        let headers = header_cells(&buf);
        if headers.first().map(String::as_str) == Some("first name")
            && headers.iter().any(|h| h == "last name")
        {
            return Ok(rows(input, file, line, headers, linkedin_row));
        }
    }
}

fn linkedin_row(row: &Row, line: usize, file: &Path) -> Item {
    let mut problems = Vec::new();
    let name = format!("{} {}", row.get(&["first name"]), row.get(&["last name"]))
        .trim()
        .to_string();
    let url = row.get(&["url", "profile url"]);
    let email = row.get(&["email address", "e-mail address", "email"]);
    if name.is_empty() {
        problems.push(problem(file, line, "row has no name", true));
        return Item {
            record: None,
            problems,
        };
    }
    let mut r = Record {
        file: file.to_path_buf(),
        line,
        ..Record::default()
    };
    r.fields.name = name;
    r.fields.company = row.opt(&["company"]);
    r.fields.title = row.opt(&["position"]);
    if !url.is_empty() {
        r.push_point(url_point(url));
    }
    if !email.is_empty() {
        r.push_point(ContactPoint {
            kind: ContactKind::Email,
            label: None,
            value: email.to_string(),
        });
    }
    let connected = row.get(&["connected on"]);
    if !connected.is_empty() {
        match parse_connected(connected) {
            Some(d) => r.meetings.push(MeetingData {
                met_on: d,
                place: None,
                context: Some(LINKEDIN_CONTEXT.to_string()),
                event: None,
                created_at: None,
            }),
            None => problems.push(problem(
                file,
                line,
                format!("Connected On \"{connected}\" is not a date; left out"),
                false,
            )),
        }
    }
    r.uid_derived = true;
    r.uid = Some(if url.is_empty() {
        derived_uid("linkedin", &[&r.fields.name, email])
    } else {
        derived_uid("linkedin-url", &[url.trim_end_matches('/')])
    });
    Item {
        record: Some(r),
        problems,
    }
}

/// "12 Mar 2024" as LinkedIn writes it (and a few other spellings).
pub fn parse_connected(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    [
        "%d %b %Y",
        "%d %B %Y",
        "%Y-%m-%d",
        "%m/%d/%Y",
        "%m/%d/%y",
        "%b %d, %Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// Google Contacts CSV, new layout ("First Name", "E-mail 1 - Value", "Labels")
/// or old ("Given Name", "E-mail 1 - Type", "Group Membership").
pub fn google<R: BufRead + 'static>(
    mut input: R,
    file: PathBuf,
) -> Result<Box<dyn Iterator<Item = Item>>> {
    let mut buf = Vec::new();
    let more = read_line(&mut input, &mut buf)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    if !more {
        return Ok(Box::new(std::iter::empty()));
    }
    let headers = header_cells(&buf);
    Ok(rows(input, file, 1, headers, google_row))
}

/// Cells Google packs several values into.
fn multi(s: &str) -> impl Iterator<Item = &str> {
    s.split(":::").map(str::trim).filter(|s| !s.is_empty())
}

/// The numbered columns of one kind ("e-mail"): (label, value) for each number.
fn numbered<'a>(row: &'a Row, kind: &str, value_names: &[&str]) -> Vec<(Option<String>, &'a str)> {
    let mut out = Vec::new();
    for (i, h) in row.headers.iter().enumerate() {
        let Some(rest) = h.strip_prefix(kind).and_then(|r| r.strip_prefix(' ')) else {
            continue;
        };
        let Some((num, field)) = rest.split_once(" - ") else {
            continue;
        };
        if !value_names.contains(&field) {
            continue;
        }
        let value = row.cells.get(i).map(|s| s.as_str()).unwrap_or("");
        if value.trim().is_empty() {
            continue;
        }
        let label = row
            .get(&[
                &format!("{kind} {num} - label"),
                &format!("{kind} {num} - type"),
            ])
            .to_string();
        let label = multi(&label).next().and_then(clean_label);
        out.push((label, value));
    }
    out
}

fn google_row(row: &Row, line: usize, file: &Path) -> Item {
    let mut problems = Vec::new();
    let mut r = Record {
        file: file.to_path_buf(),
        line,
        ..Record::default()
    };
    let parts = [
        row.get(&["name prefix"]),
        row.get(&["first name", "given name"]),
        row.get(&["middle name", "additional name"]),
        row.get(&["last name", "family name"]),
        row.get(&["name suffix"]),
    ];
    let joined = parts
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    r.fields.company = row.opt(&["organization name", "organization 1 - name"]);
    r.fields.title = row.opt(&["organization title", "organization 1 - title"]);
    for (label, value) in numbered(row, "e-mail", &["value"]) {
        for v in multi(value) {
            r.push_point(ContactPoint {
                kind: ContactKind::Email,
                label: label.clone(),
                value: v.to_string(),
            });
        }
    }
    for (label, value) in numbered(row, "phone", &["value"]) {
        for v in multi(value) {
            r.push_point(ContactPoint {
                kind: ContactKind::Phone,
                label: label.clone(),
                value: v.to_string(),
            });
        }
    }
    for (label, value) in numbered(row, "address", &["formatted"]) {
        for v in multi(value) {
            r.push_point(ContactPoint {
                kind: ContactKind::Address,
                label: label.clone(),
                value: v
                    .split('\n')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    for (label, value) in numbered(row, "website", &["value"]) {
        for v in multi(value) {
            let mut cp = url_point(v);
            if cp.kind == ContactKind::Url {
                cp.label = label.clone();
            }
            r.push_point(cp);
        }
    }
    for t in multi(row.get(&["labels", "group membership"])) {
        let t = t.trim_start_matches('*').trim();
        if !t.eq_ignore_ascii_case("myContacts") && !t.eq_ignore_ascii_case("starred") {
            r.push_tag(t);
        }
    }
    let bday = row.get(&["birthday"]);
    if !bday.is_empty() {
        match parse_birthday(bday) {
            Ok(b) => r.fields.birthday = Some(b),
            Err(_) => problems.push(problem(
                file,
                line,
                format!("Birthday \"{bday}\" is not a date; left out"),
                false,
            )),
        }
    }
    let notes = row.get(&["notes"]);
    if !notes.is_empty() {
        r.notes.push(NoteData {
            kind: NoteKind::Note,
            body: notes.to_string(),
            happened_at: None,
            created_at: None,
            event: None,
        });
    }
    let name = [
        joined.as_str(),
        row.get(&["name"]),
        row.get(&["file as"]),
        row.get(&["nickname"]),
        r.fields.company.as_deref().unwrap_or(""),
        first_of(&r.contact_points, ContactKind::Email),
        first_of(&r.contact_points, ContactKind::Phone),
    ]
    .into_iter()
    .find(|s| !s.trim().is_empty())
    .unwrap_or("")
    .trim()
    .to_string();
    if name.is_empty() {
        problems.push(problem(file, line, "row has no name, email or phone", true));
        return Item {
            record: None,
            problems,
        };
    }
    r.fields.name = name;
    r.uid_derived = true;
    r.uid = Some(derived_uid(
        "google",
        &[
            &r.fields.name,
            first_of(&r.contact_points, ContactKind::Email),
            first_of(&r.contact_points, ContactKind::Phone),
        ],
    ));
    Item {
        record: Some(r),
        problems,
    }
}

// ---- writing ----------------------------------------------------------------

pub const EXPORT_HEADER: [&str; 13] = [
    "uid",
    "name",
    "company",
    "title",
    "birthday",
    "emails",
    "phones",
    "urls",
    "social",
    "addresses",
    "tags",
    "cadence_days",
    "created_at",
];

/// A CSV writer of people.
pub struct PeopleWriter<W: Write> {
    w: ::csv::Writer<W>,
}

impl<W: Write> PeopleWriter<W> {
    pub fn new(w: W) -> Result<Self> {
        let mut w = ::csv::Writer::from_writer(w);
        w.write_record(EXPORT_HEADER).map_err(csv_err)?;
        Ok(PeopleWriter { w })
    }

    pub fn person(&mut self, p: &PersonData) -> Result<()> {
        let join = |kind: ContactKind| {
            p.contact_points
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.value.as_str())
                .collect::<Vec<_>>()
                .join(" ::: ")
        };
        let cells = [
            p.uid.clone(),
            p.fields.name.clone(),
            p.fields.company.clone().unwrap_or_default(),
            p.fields.title.clone().unwrap_or_default(),
            p.fields.birthday.clone().unwrap_or_default(),
            join(ContactKind::Email),
            join(ContactKind::Phone),
            join(ContactKind::Url),
            join(ContactKind::Social),
            join(ContactKind::Address),
            p.tags.join(" ::: "),
            p.fields
                .cadence_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            p.meta.created_at.clone(),
        ];
        self.w
            .write_record(cells.iter().map(|c| neutralise_cell(c)))
            .map_err(csv_err)
    }

    pub fn finish(mut self) -> Result<()> {
        self.w
            .flush()
            .map_err(|e| Error::io("cannot write the CSV", e))
    }
}

fn csv_err(e: ::csv::Error) -> Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => Error::io("cannot write the CSV", e),
        other => Error::Invalid(format!("csv: {other:?}")),
    }
}
